package store

import (
	"context"
	"encoding/binary"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
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

func (v *postView) Kind() botsweep.PostKind { return v.kind }
func (v *postView) Author() uint32          { return v.author }
func (v *postView) AuthorID() string        { return unpackID(v.account) }
func (v *postView) CreatedAt() time.Time    { return v.createdAt }
func (v *postView) RetweetOfKey() []byte    { return v.retweetOf }
func (v *postView) RetweetOf() string       { return unpackID(v.retweetOf) }

func (v *postView) RetweetOfNumber() (uint64, bool) {
	if len(v.retweetOf) < 2 || v.retweetOf[0] != idDecimal {
		return 0, false
	}
	n, k := binary.Uvarint(v.retweetOf[1:])
	return n, k > 0
}

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

var _ botsweep.PostViewPartsSource = (*Store)(nil)

// EachPostView implements botsweep.PostViewSource: every post in
// EachPost's order, as a view of its stored record; Author is the store's
// dense account id.
func (s *Store) EachPostView(ctx context.Context, fn func(botsweep.PostView) error) error {
	return s.eachPostView(ctx, []byte{nsPost}, prefixUpperBound([]byte{nsPost}), fn)
}

// eachPostView calls fn for the view of every post whose key is in
// [lower, upper).
func (s *Store) eachPostView(ctx context.Context, lower, upper []byte, fn func(botsweep.PostView) error) error {
	v := new(postView)
	return s.scanRangeCtx(ctx, lower, upper, func(k, rec []byte) error {
		if err := parsePostView(rec, v); err != nil {
			return errCorrupt
		}
		return fn(v)
	})
}

// PostViewParts implements botsweep.PostViewPartsSource: the post range
// split by key into at most n parts holding about as many posts each.
// Each kind's posts are one key range, in dense-id order; the split keys
// are placed from the store's counters, assuming a kind's dense ids spread
// evenly between its first and last (true of a bulk-loaded share table;
// otherwise the parts are only less even). Pebble iterators over disjoint
// ranges may run concurrently.
func (s *Store) PostViewParts(ctx context.Context, n int) ([]botsweep.PostViewScan, error) {
	splits, err := s.postSplits(n)
	if err != nil {
		return nil, s.readErr(err)
	}
	lower := []byte{nsPost}
	var scans []botsweep.PostViewScan
	for _, upper := range append(splits, prefixUpperBound(lower)) {
		lo, hi := lower, upper
		scans = append(scans, func(ctx context.Context, fn func(botsweep.PostView) error) error {
			return s.eachPostView(ctx, lo, hi, fn)
		})
		lower = upper
	}
	return scans, nil
}

// postKinds are the kinds in the order of their key ranges.
var postKinds = []botsweep.PostKind{botsweep.KindOriginal, botsweep.KindRetweet, botsweep.KindReply, botsweep.KindQuote, botsweep.KindLike}

// postSplits returns up to n-1 increasing keys inside the post range that
// cut it into parts of about equal counts (see PostViewParts).
func (s *Store) postSplits(n int) ([][]byte, error) {
	c, err := readCounters(s.db)
	if err != nil {
		return nil, err
	}
	count := func(k botsweep.PostKind) int64 {
		if k == botsweep.KindLike {
			return c.Likes
		}
		return c.Posts[k]
	}
	var total int64
	for _, k := range postKinds {
		total += count(k)
	}
	if n < 2 || total < int64(n) {
		return nil, nil
	}
	var splits [][]byte
	var before int64 // posts of the kinds before k
	next := int64(1) // the next split's index: it falls after next*total/n posts
	for _, k := range postKinds {
		cnt := count(k)
		if cnt <= 0 {
			continue
		}
		first, last, ok, err := s.postIDRange(k)
		if err != nil {
			return nil, err
		}
		for ; ok && next < int64(n) && next*total/int64(n) < before+cnt; next++ {
			frac := float64(next*total/int64(n)-before) / float64(cnt)
			id := first + uint32(frac*float64(last-first+1))
			key := postKey(nil, byte(k), min(max(id, first), last))
			if len(splits) == 0 || string(key) > string(splits[len(splits)-1]) {
				splits = append(splits, key)
			}
		}
		before += cnt
	}
	return splits, nil
}

// postIDRange returns the first and last dense ids of a kind's posts
// (ok false when it has none).
func (s *Store) postIDRange(k botsweep.PostKind) (first, last uint32, ok bool, err error) {
	prefix := []byte{nsPost, byte(k)}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixUpperBound(prefix)})
	if err != nil {
		return 0, 0, false, err
	}
	if it.First() && len(it.Key()) == 6 {
		first = binary.BigEndian.Uint32(it.Key()[2:])
		if it.Last() && len(it.Key()) == 6 {
			last, ok = binary.BigEndian.Uint32(it.Key()[2:]), true
		}
	}
	if err := it.Error(); err != nil {
		it.Close()
		return 0, 0, false, err
	}
	return first, last, ok && last >= first, it.Close()
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
