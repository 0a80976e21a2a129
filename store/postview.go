package store

import (
	"context"
	"encoding/binary"
	"time"

	"github.com/botsweep/botsweep"
)

// postView is a stored post record read in place (botsweep.PostView).
type postView struct {
	kind                     botsweep.PostKind
	author                   uint32
	createdAt                time.Time
	rec                      []byte // the whole record
	account, retweetOf       []byte // packed ids (see dec.packedID)
	retweetOfAccount, client []byte // packed id, raw client string
	plain                    bool
}

var _ botsweep.PostViewSource = (*Store)(nil)

func (v *postView) Kind() botsweep.PostKind   { return v.kind }
func (v *postView) Author() uint32            { return v.author }
func (v *postView) AuthorID() string          { return unpackID(v.account) }
func (v *postView) CreatedAt() time.Time      { return v.createdAt }
func (v *postView) RetweetOfKey() []byte      { return v.retweetOf }
func (v *postView) RetweetOf() string         { return unpackID(v.retweetOf) }
func (v *postView) RetweetOfAccount() string  { return unpackID(v.retweetOfAccount) }
func (v *postView) HasRetweetOfAccount() bool { return !emptyID(v.retweetOfAccount) }
func (v *postView) Client() []byte            { return v.client }
func (v *postView) Plain() bool               { return v.plain }

func (v *postView) Decode(p *botsweep.Post) error {
	if err := decodePost(v.rec, p); err != nil {
		return errCorrupt
	}
	return nil
}

// EachPostView implements botsweep.PostViewSource: every post in
// EachPost's order, as a view of its stored record; Author is the store's
// dense account id.
func (s *Store) EachPostView(ctx context.Context, fn func(botsweep.PostView) error) error {
	v := new(postView)
	return s.scanCtx(ctx, []byte{nsPost}, func(k, rec []byte) error {
		if err := parsePostView(rec, v); err != nil {
			return errCorrupt
		}
		return fn(v)
	})
}

// PostCount implements botsweep.PostViewSource from the store's counters.
func (s *Store) PostCount(ctx context.Context, kind botsweep.PostKind) (int64, error) {
	c, err := readCounters(s.db)
	if err != nil {
		return 0, s.readErr(err)
	}
	if kind == botsweep.KindLike {
		return c.Likes, nil
	}
	if int(kind) < 0 || int(kind) >= len(c.Posts) {
		return 0, nil
	}
	return c.Posts[kind], nil
}

// parsePostView locates the fields of a post record (see encodePost)
// without copying them.
func parsePostView(rec []byte, v *postView) error {
	d := dec{b: rec}
	if d.byte() != codecVersion {
		return errCorrupt
	}
	v.rec = rec
	v.kind = botsweep.PostKind(d.byte())
	if len(d.b) < 4 {
		return errCorrupt
	}
	v.author = binary.BigEndian.Uint32(d.b)
	d.b = d.b[4:]
	d.packedID() // the post's own id
	v.account = d.packedID()
	v.createdAt = d.time()
	v.retweetOf = d.packedID()
	v.retweetOfAccount = d.packedID()
	replyTo, replyToAccount := d.packedID(), d.packedID()
	quotes, quotesAccount := d.packedID(), d.packedID()
	text := d.bytes()
	lang := d.bytes()
	v.client = d.bytes()
	v.plain = emptyID(replyTo) && emptyID(replyToAccount) && emptyID(quotes) && emptyID(quotesAccount) &&
		len(text) == 0 && len(lang) == 0
	// Hashtags, URLs, domains, then mentions and geo: any of them present
	// makes the post not plain; the counts after them are not needed.
	for range 3 {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			return errCorrupt
		}
		if n > 0 {
			v.plain = false
		}
		for range n {
			d.bytes()
		}
	}
	if d.uvarint() > 0 || d.bool() {
		v.plain = false
	}
	return d.err
}

// packedID returns an id as enc.id packed it (its shape byte included),
// without unpacking it.
func (d *dec) packedID() []byte {
	start := d.b
	switch d.byte() {
	case idEmpty:
	case idDecimal:
		d.uvarint()
	case idHex, idRaw:
		d.bytes()
	default:
		d.fail()
	}
	if d.err != nil {
		return nil
	}
	return start[:len(start)-len(d.b)]
}

// emptyID reports whether a packed id is the empty id.
func emptyID(b []byte) bool { return len(b) == 0 || (len(b) == 1 && b[0] == idEmpty) }

// unpackID returns the platform id of a packed id.
func unpackID(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	d := dec{b: b}
	return d.id()
}
