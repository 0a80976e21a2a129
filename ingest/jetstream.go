package ingest

import (
	"bufio"
	"fmt"
	"strings"
	"time"

	"github.com/bluesky-social/indigo/atproto/syntax"
	"github.com/botsweep/botsweep"
	"github.com/valyala/fastjson"
)

// FormatJetstream is Bluesky's Jetstream: one JSON event per line, with
// "did", "time_us" and "kind" ("commit", "identity" or "account").
const FormatJetstream Format = "jetstream"

// The Bluesky collections Jetstream events are mapped from.
const (
	CollectionPost    = "app.bsky.feed.post"
	CollectionRepost  = "app.bsky.feed.repost"
	CollectionLike    = "app.bsky.feed.like"
	CollectionFollow  = "app.bsky.graph.follow"
	CollectionProfile = "app.bsky.actor.profile"
	// CollectionVerification is Bluesky's verification: a record in a
	// verifier's repository naming the verified account. It counts only
	// from a trusted verifier (JetstreamState.TrustedVerifiers).
	CollectionVerification = "app.bsky.graph.verification"
)

// DefaultTrustedVerifiers are the verifiers whose verification records
// make an account Verified when JetstreamState.TrustedVerifiers is nil:
// bsky.app, Bluesky's own. Apps honour the verifiers they trust; add the
// others an operator trusts to TrustedVerifiers.
var DefaultTrustedVerifiers = []string{"did:plc:z72i7hdynmk6r22z27h6tvur"}

// MaxATRecordBytes caps the JSON of one AT Protocol record in an event; a
// larger record is rejected (PDSes refuse records near this size).
const MaxATRecordBytes = 1 << 20

// JetstreamState is what reading Jetstream remembers from event to event:
// handles and profiles by DID (a profile record carries no handle, an
// identity event no profile), follows by record URI (a delete names only
// the record) and the cursor. Pass the same state to every Decode of one
// stream (Options.Jetstream) so that a stream split over files or messages
// maps as one. The zero value is ready to use; it is not safe for
// concurrent use.
type JetstreamState struct {
	// Cursor is the time_us of the latest event applied: a Jetstream
	// server replays from it (events at Cursor again, which dedupe).
	Cursor int64
	// Statuses counts account events by status ("active", "takendown",
	// "suspended", "deactivated", ...), Status holds each DID's latest.
	// Each account event is also a snapshot of the account with its
	// PlatformStatus, so the store keeps the status of the latest event.
	Statuses map[string]int64
	Status   map[string]string
	// Deletes counts delete operations; Unapplied those the sink could not
	// apply (it does not implement botsweep.Deleter, or it does not
	// implement botsweep.RecordFollower and the deleted follow record was
	// not seen earlier in this state).
	Deletes, Unapplied int64
	// TrustedVerifiers are the DIDs whose app.bsky.graph.verification
	// records make their subject Verified; nil: DefaultTrustedVerifiers.
	// Verifications by anyone else are read and ignored.
	TrustedVerifiers map[string]bool

	profiles map[string]*botsweep.Account
	// verified maps a trusted verification record's URI to its subject,
	// so that its delete withdraws the verification.
	verified map[string]string
	follows  map[string]botsweep.Follow
	// checked holds DIDs and at:// URIs that passed indigo's syntax checks
	// (regular expressions, the bulk of the cost): streams repeat them.
	checked map[string]string // value -> the DID it names
}

// maxChecked bounds JetstreamState.checked; it is cleared when full.
const maxChecked = 1 << 20

// checkDID validates a DID through the cache.
func (s *JetstreamState) checkDID(did string) error {
	if _, ok := s.checked[did]; ok {
		return nil
	}
	if _, err := syntax.ParseDID(did); err != nil {
		return err
	}
	s.remember(did, did)
	return nil
}

func (s *JetstreamState) remember(v, did string) {
	if len(s.checked) >= maxChecked {
		clear(s.checked)
	}
	s.checked[v] = did
}

// Remember seeds the state with an account already stored (its handle,
// profile and first sight), so that a stream resumed after a restart maps
// a profile or identity event as the uninterrupted stream would have.
func (s *JetstreamState) Remember(a *botsweep.Account) {
	s.init()
	if _, ok := s.profiles[a.ID]; !ok {
		cp := *a
		s.profiles[a.ID] = &cp
	}
}

func (s *JetstreamState) init() {
	if s.profiles == nil {
		s.profiles = make(map[string]*botsweep.Account)
		s.follows = make(map[string]botsweep.Follow)
		s.Statuses = make(map[string]int64)
		s.Status = make(map[string]string)
		s.checked = make(map[string]string)
		s.verified = make(map[string]string)
	}
	if s.TrustedVerifiers == nil {
		s.TrustedVerifiers = make(map[string]bool, len(DefaultTrustedVerifiers))
		for _, d := range DefaultTrustedVerifiers {
			s.TrustedVerifiers[d] = true
		}
	}
}

// decodeJetstream reads Jetstream lines in order on the calling goroutine:
// events depend on earlier ones (a delete on its create, a profile on the
// handle).
func (d *decoder) decodeJetstream(br *bufio.Reader) error {
	st := d.opts.Jetstream
	if st == nil {
		st = &JetstreamState{}
	}
	st.init()
	fr := &lineFramer{br: br, max: d.opts.MaxRecordBytes}
	var p fastjson.Parser
	for {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		c := getChunk()
		eof, err := fr.fill(c)
		for _, r := range c.recs {
			reason := r.reason
			rec := c.buf[r.off:r.end]
			if reason == "" && len(strings.TrimSpace(string(rec))) == 0 {
				continue
			}
			var n int64
			if reason == "" {
				var serr error
				n, reason, serr = st.event(&p, rec, d.sink)
				if serr != nil {
					putChunk(c)
					return serr
				}
			}
			if reason != "" {
				d.res.Rejected++
				if d.opts.OnReject != nil {
					if e := d.opts.OnReject(Reject{File: d.opts.Name, Line: r.line, Reason: reason}); e != nil {
						putChunk(c)
						return e
					}
				}
				continue
			}
			d.res.Records += n
		}
		putChunk(c)
		if err != nil {
			return err
		}
		if eof {
			return nil
		}
	}
}

// event applies one Jetstream event to sink. It returns the records
// written, a reject reason for a bad event (nothing written), or the sink's
// error.
func (s *JetstreamState) event(p *fastjson.Parser, rec []byte, sink botsweep.Sink) (int64, string, error) {
	v, err := p.ParseBytes(rec)
	if err != nil {
		reason, _ := jsonErrorReason(rec, err)
		return 0, reason, nil
	}
	if v.Type() != fastjson.TypeObject {
		return 0, fmt.Sprintf("event is a JSON %s, not an object", v.Type()), nil
	}
	did := str(v, "did")
	if err := s.checkDID(did); err != nil {
		return 0, fmt.Sprintf("event did %q is not a DID: %v", cut(did), err), nil
	}
	tu := v.Get("time_us")
	if tu == nil || tu.Type() != fastjson.TypeNumber {
		return 0, "event has no numeric time_us", nil
	}
	us, err := tu.Int64()
	if err != nil || us <= 0 {
		return 0, fmt.Sprintf("event time_us %s is not a positive integer", tu), nil
	}
	at := time.UnixMicro(us).UTC()
	var n int64
	var reason string
	switch kind := str(v, "kind"); kind {
	case "commit":
		n, reason, err = s.commit(v.Get("commit"), len(rec), did, at, sink)
	case "identity":
		n, reason, err = s.identity(v.Get("identity"), did, at, sink)
	case "account":
		reason = s.account(v.Get("account"))
		if reason == "" {
			st := str(v, "account", "status")
			if st == "" && v.GetBool("account", "active") {
				st = "active"
			}
			s.Status[did] = st
			s.Statuses[st]++
			if st != "" {
				a := s.profile(did, at)
				a.PlatformStatus = st
				a.LastSeen = at
				n, err = 1, sink.Account(a)
			}
		}
	default:
		reason = fmt.Sprintf("event kind %q is none of commit, identity, account", cut(kind))
	}
	if reason == "" && err == nil && us > s.Cursor {
		s.Cursor = us
	}
	return n, reason, err
}

func (s *JetstreamState) account(a *fastjson.Value) string {
	if !isObject(a) {
		return "account event has no account object"
	}
	if a.Get("active") == nil {
		return "account event has no active field"
	}
	return ""
}

// identity applies a handle change.
func (s *JetstreamState) identity(id *fastjson.Value, did string, at time.Time, sink botsweep.Sink) (int64, string, error) {
	if !isObject(id) {
		return 0, "identity event has no identity object", nil
	}
	h := str(id, "handle")
	if h == "" {
		return 0, "", nil // a key rotation or PDS move: nothing botsweep keeps
	}
	if _, err := syntax.ParseHandle(h); err != nil {
		return 0, fmt.Sprintf("identity handle %q is not a handle: %v", cut(h), err), nil
	}
	a := s.profile(did, at)
	a.ScreenName = h
	a.LastSeen = at
	return 1, "", sink.Account(a)
}

// profile returns the DID's snapshot, made (created at its first sight)
// when new.
func (s *JetstreamState) profile(did string, at time.Time) *botsweep.Account {
	a := s.profiles[did]
	if a == nil {
		a = &botsweep.Account{ID: did, CreatedAt: at, FirstSeen: at, LastSeen: at, DefaultProfileImage: true, CountsDerived: true}
		s.profiles[did] = a
	}
	return a
}

// commit applies one record operation.
func (s *JetstreamState) commit(c *fastjson.Value, lineLen int, did string, at time.Time, sink botsweep.Sink) (int64, string, error) {
	if !isObject(c) {
		return 0, "commit event has no commit object", nil
	}
	coll, rkey, op := str(c, "collection"), str(c, "rkey"), str(c, "operation")
	if _, err := syntax.ParseRecordKey(rkey); err != nil {
		return 0, fmt.Sprintf("commit rkey %q is not a record key: %v", cut(rkey), err), nil
	}
	switch coll {
	case CollectionPost, CollectionRepost, CollectionLike, CollectionFollow, CollectionProfile, CollectionVerification:
	default:
		if _, err := syntax.ParseNSID(coll); err != nil {
			return 0, fmt.Sprintf("commit collection %q is not an NSID: %v", cut(coll), err), nil
		}
		return 0, fmt.Sprintf("collection %q is not one botsweep reads (it reads %s, %s, %s, %s, %s, %s)",
			cut(coll), CollectionPost, CollectionRepost, CollectionLike, CollectionFollow, CollectionProfile, CollectionVerification), nil
	}
	uri := "at://" + did + "/" + coll + "/" + rkey
	switch op {
	case "delete":
		if coll == CollectionVerification {
			return s.unverify(uri, at, sink)
		}
		return 0, "", s.delete(coll, uri, sink)
	case "create", "update":
	default:
		return 0, fmt.Sprintf("commit operation %q is none of create, update, delete", cut(op)), nil
	}
	r := c.Get("record")
	if !isObject(r) {
		return 0, fmt.Sprintf("%s %s of %s has no record object", op, coll, uri), nil
	}
	if lineLen > MaxATRecordBytes { // else the record, inside the line, fits
		if raw := r.MarshalTo(nil); len(raw) > MaxATRecordBytes {
			return 0, fmt.Sprintf("record of %d bytes is larger than the %s limit of an AT Protocol record", len(raw), sizeString(MaxATRecordBytes)), nil
		}
	}
	if t := str(r, "$type"); t != "" && t != coll {
		return 0, fmt.Sprintf("record $type %q does not match collection %s", cut(t), coll), nil
	}
	created := at
	if ts := str(r, "createdAt"); ts != "" {
		t, err := syntax.ParseDatetimeLenient(ts)
		if err != nil {
			return 0, fmt.Sprintf("record createdAt %q is not a datetime", cut(ts)), nil
		}
		created = t.Time().UTC()
	} else if coll != CollectionProfile {
		return 0, fmt.Sprintf("%s record has no createdAt", coll), nil
	}
	switch coll {
	case CollectionProfile:
		a := s.profile(did, at)
		a.Name = str(r, "displayName")
		a.Description = str(r, "description")
		a.URL = str(r, "website")
		a.URLDomain = botsweep.RegistrableDomain(a.URL)
		a.DefaultProfileImage = r.Get("avatar") == nil
		if str(r, "createdAt") != "" {
			a.CreatedAt = created // else the DID's first sight stands
		}
		a.LastSeen = at
		return 1, "", sink.Account(a)
	case CollectionVerification:
		sub := str(r, "subject")
		if err := s.checkDID(sub); err != nil {
			return 0, fmt.Sprintf("verification subject %q is not a DID: %v", cut(sub), err), nil
		}
		if !s.TrustedVerifiers[did] {
			return 0, "", nil // anyone may write one; apps honour trusted verifiers only
		}
		s.verified[uri] = sub
		a := s.profile(sub, at)
		a.Verified = true
		a.LastSeen = at
		return 1, "", sink.Account(a)
	case CollectionFollow:
		sub := str(r, "subject")
		if err := s.checkDID(sub); err != nil {
			return 0, fmt.Sprintf("follow subject %q is not a DID: %v", cut(sub), err), nil
		}
		f := botsweep.Follow{Follower: did, Followee: sub}
		if rf, ok := sink.(botsweep.RecordFollower); ok {
			return 1, "", rf.FollowRecord(uri, f)
		}
		s.follows[uri] = f
		return 1, "", sink.Follow(f)
	case CollectionRepost, CollectionLike:
		subj := str(r, "subject", "uri")
		author, reason := s.uriAuthor(subj, "subject")
		if reason != "" {
			return 0, reason, nil
		}
		p := botsweep.Post{ID: uri, AccountID: did, Kind: botsweep.KindRetweet, CreatedAt: created, RetweetOf: subj, RetweetOfAccount: author}
		if coll == CollectionLike {
			p.Kind = botsweep.KindLike
		}
		return 1, "", sink.Post(&p)
	}
	p := botsweep.Post{ID: uri, AccountID: did, Kind: botsweep.KindOriginal, CreatedAt: created, Text: str(r, "text")}
	if langs := r.GetArray("langs"); len(langs) > 0 {
		p.Lang = string(langs[0].GetStringBytes())
	}
	p.Client = str(r, "via")
	if reason := s.facets(r, &p); reason != "" {
		return 0, reason, nil
	}
	if reason := s.postRefs(r, &p); reason != "" {
		return 0, reason, nil
	}
	return 1, "", sink.Post(&p)
}

// facets reads links, tags and mentions from the post's rich-text facets.
func (s *JetstreamState) facets(r *fastjson.Value, p *botsweep.Post) string {
	for _, f := range r.GetArray("facets") {
		for _, ft := range f.GetArray("features") {
			switch str(ft, "$type") {
			case "app.bsky.richtext.facet#link":
				u := str(ft, "uri")
				p.URLs = append(p.URLs, u)
				p.Domains = append(p.Domains, botsweep.RegistrableDomain(u))
			case "app.bsky.richtext.facet#tag":
				p.Hashtags = append(p.Hashtags, str(ft, "tag"))
			case "app.bsky.richtext.facet#mention":
				m := str(ft, "did")
				if err := s.checkDID(m); err != nil {
					return fmt.Sprintf("mention facet did %q is not a DID: %v", cut(m), err)
				}
				// By DID only: a handle from reading state would differ
				// between a stream read whole and one resumed.
				p.Mentions = append(p.Mentions, botsweep.Mention{ID: m})
			}
		}
	}
	return ""
}

// postRefs reads a post's reply parent and its quote (a record embed, with
// or without media); an external embed's link counts as a URL.
func (s *JetstreamState) postRefs(r *fastjson.Value, p *botsweep.Post) string {
	if parent := str(r, "reply", "parent", "uri"); parent != "" || r.Exists("reply") {
		author, reason := s.uriAuthor(parent, "reply parent")
		if reason != "" {
			return reason
		}
		p.Kind, p.ReplyTo, p.ReplyToAccount = botsweep.KindReply, parent, author
	}
	e := r.Get("embed")
	if !isObject(e) {
		return ""
	}
	quoted := ""
	switch str(e, "$type") {
	case "app.bsky.embed.record":
		quoted = str(e, "record", "uri")
	case "app.bsky.embed.recordWithMedia":
		quoted = str(e, "record", "record", "uri")
	case "app.bsky.embed.external":
		if u := str(e, "external", "uri"); u != "" && !contains(p.URLs, u) {
			p.URLs = append(p.URLs, u)
			p.Domains = append(p.Domains, botsweep.RegistrableDomain(u))
		}
		return ""
	default:
		return ""
	}
	author, reason := s.uriAuthor(quoted, "quoted record")
	if reason != "" {
		return reason
	}
	p.Quotes, p.QuotesAccount = quoted, author
	if p.Kind == botsweep.KindOriginal {
		p.Kind = botsweep.KindQuote
	}
	return ""
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// uriAuthor checks an at:// URI of a record and returns its author's DID.
func (s *JetstreamState) uriAuthor(uri, what string) (string, string) {
	if did, ok := s.checked[uri]; ok && did != uri {
		return did, ""
	}
	u, err := syntax.ParseATURI(uri)
	if err != nil {
		return "", fmt.Sprintf("%s uri %q is not an at:// URI: %v", what, cut(uri), err)
	}
	did, err := u.Authority().AsDID()
	if err != nil {
		return "", fmt.Sprintf("%s uri %q names no DID", what, cut(uri))
	}
	if u.RecordKey() == "" {
		return "", fmt.Sprintf("%s uri %q names no record", what, cut(uri))
	}
	s.remember(uri, did.String())
	return did.String(), ""
}

// unverify applies the delete of a verification record: its subject is
// no longer Verified (when no other trusted verification of it is held).
func (s *JetstreamState) unverify(uri string, at time.Time, sink botsweep.Sink) (int64, string, error) {
	s.Deletes++
	sub, ok := s.verified[uri]
	if !ok {
		return 0, "", nil // not a trusted one, or verified before this state
	}
	delete(s.verified, uri)
	for _, other := range s.verified {
		if other == sub {
			return 0, "", nil
		}
	}
	a := s.profile(sub, at)
	a.Verified = false
	a.LastSeen = at
	return 1, "", sink.Account(a)
}

// delete applies a delete operation where the sink can.
func (s *JetstreamState) delete(coll, uri string, sink botsweep.Sink) error {
	s.Deletes++
	del, ok := sink.(botsweep.Deleter)
	switch {
	case coll == CollectionProfile:
		return nil // the account stays; its last profile is what was seen
	case !ok:
		s.Unapplied++
		return nil
	case coll == CollectionFollow:
		if rf, ok := sink.(botsweep.RecordFollower); ok {
			return rf.UnfollowRecord(uri) // applied whenever its create comes
		}
		f, seen := s.follows[uri]
		if !seen {
			s.Unapplied++
			return nil
		}
		delete(s.follows, uri)
		return del.Unfollow(f)
	}
	return del.DeletePost(uri)
}

// cut shortens a value for a reject reason.
func cut(s string) string {
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
