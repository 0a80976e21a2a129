package sim

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bluesky-social/indigo/atproto/syntax"
	"github.com/botsweep/botsweep"
	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multihash"
)

// FileJetstream is the world as Bluesky Jetstream events, written by
// WriteJetstream.
const FileJetstream = "jetstream.jsonl"

// DID returns the did:plc the Jetstream form of a world gives the account
// with this platform id (a hash of it: the same id, the same DID).
func DID(id string) string {
	h := sha256.Sum256([]byte("botsweep-sim-did\x00" + id))
	return "did:plc:" + strings.ToLower(b32.EncodeToString(h[:15])) // 24 characters, as did:plc has
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Handle returns the Bluesky handle the Jetstream form of a world gives a
// screen name: lowercase, underscores as hyphens, under bsky.social.
func Handle(screen string) string {
	s := strings.Trim(strings.ReplaceAll(strings.ToLower(screen), "_", "-"), "-")
	if s == "" {
		s = "user"
	}
	return s + ".bsky.social"
}

// VerifierDID is the DID of bsky.app, Bluesky's own trusted verifier,
// which the Jetstream form of a world has verify its verified accounts.
const VerifierDID = "did:plc:z72i7hdynmk6r22z27h6tvur"

// jsEvent is one Jetstream event with its sort key.
type jsEvent struct {
	us   int64
	line []byte
}

// WriteJetstream writes the world of cfg into dir as Jetstream events,
// FileJetstream, every event in time order, beside the reference files
// WriteWorld writes (prior operations, domains, campaigns, scenario) and
// truth.csv keyed by DID. Accounts become DIDs (DID) with handles
// (Handle), posts at:// URIs with TID record keys; each account gets an
// identity event and a profile record at its creation (a verified one a
// verification record by VerifierDID a second later), each follow a
// follow record, each retweet a repost and a like of the same post. The
// world is held in memory while its events are sorted.
func WriteJetstream(ctx context.Context, cfg Config, dir string) (*Truth, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "output directory: %w", err)
	}
	var d botsweep.Dataset
	truth, err := Generate(ctx, cfg, &d)
	if err != nil {
		return nil, err
	}
	events := jetstreamEvents(&d, cfg.End)
	fh, err := os.Create(filepath.Join(dir, FileJetstream))
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "create %s: %w", FileJetstream, err)
	}
	defer fh.Close()
	bw := bufio.NewWriterSize(fh, 1<<20)
	for _, e := range events {
		bw.Write(e.line)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", FileJetstream, err)
	}
	if err := fh.Close(); err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", FileJetstream, err)
	}
	dt := &Truth{Rows: make([]TruthRow, len(truth.Rows))}
	for i, r := range truth.Rows {
		r.AccountID, r.ScreenName = DID(r.AccountID), Handle(r.ScreenName)
		dt.Rows[i] = r
	}
	w := &world{cfg: cfg}
	ops := w.priorOperations()
	for i := range ops {
		in := &ops[i].Indicators
		for j, id := range in.AccountIDs {
			in.AccountIDs[j] = DID(id)
		}
		for j, s := range in.ScreenNames {
			in.ScreenNames[j] = Handle(s)
		}
	}
	if err := writeRefs(dir, w, ops, dt); err != nil {
		return nil, err
	}
	return dt, nil
}

// jetstreamEvents turns a world's records into Jetstream events in time
// order.
func jetstreamEvents(d *botsweep.Dataset, end time.Time) []jsEvent {
	created := make(map[string]time.Time, len(d.Accounts))
	handle := make(map[string]string, len(d.Accounts))
	for i := range d.Accounts {
		a := &d.Accounts[i]
		created[a.ID] = a.CreatedAt
		handle[a.ID] = Handle(a.ScreenName)
	}
	e := &jsEncoder{tids: map[string]bool{}, uris: make(map[string]string, len(d.Posts))}
	// Every post's URI first: posts refer to each other in any order.
	for i := range d.Posts {
		p := &d.Posts[i]
		e.uris[p.ID] = e.uri(p.AccountID, collectionOf(p), p.CreatedAt)
	}
	var out []jsEvent
	add := func(us int64, v any) {
		b, _ := json.Marshal(v)
		out = append(out, jsEvent{us, b})
	}
	for i := range d.Accounts {
		a := &d.Accounts[i]
		did := DID(a.ID)
		us := a.CreatedAt.UnixMicro()
		add(us, map[string]any{"did": did, "time_us": us, "kind": "identity",
			"identity": map[string]any{"did": did, "handle": handle[a.ID], "seq": i + 1, "time": datetime(a.CreatedAt)}})
		rec := map[string]any{"$type": "app.bsky.actor.profile", "displayName": a.Name, "createdAt": datetime(a.CreatedAt)}
		if a.Description != "" {
			rec["description"] = a.Description
		}
		if a.URL != "" {
			rec["website"] = a.URL
		}
		if !a.DefaultProfileImage {
			rec["avatar"] = map[string]any{"$type": "blob", "ref": map[string]any{"$link": fakeCID("avatar " + a.ID)}, "mimeType": "image/jpeg", "size": 40000}
		}
		add(us+1, e.commit(did, us+1, "app.bsky.actor.profile", "self", rec))
		if a.Verified {
			// Bluesky's verification: a record in a trusted verifier's
			// repository naming the account.
			vt := a.CreatedAt.Add(time.Second)
			add(vt.UnixMicro(), e.commit(VerifierDID, vt.UnixMicro(), "app.bsky.graph.verification", e.tid(VerifierDID, vt),
				map[string]any{"$type": "app.bsky.graph.verification", "subject": did, "handle": handle[a.ID],
					"displayName": a.Name, "createdAt": datetime(vt)}))
		}
	}
	for i, f := range d.Follows {
		t := created[f.Follower]
		if c := created[f.Followee]; c.After(t) {
			t = c
		}
		t = t.Add(time.Duration(1+i%3600) * time.Second)
		if t.After(end) {
			t = end
		}
		did := DID(f.Follower)
		rkey := e.tid(did, t)
		add(t.UnixMicro(), e.commit(did, t.UnixMicro(), "app.bsky.graph.follow", rkey,
			map[string]any{"$type": "app.bsky.graph.follow", "subject": DID(f.Followee), "createdAt": datetime(t)}))
	}
	for i := range d.Posts {
		p := &d.Posts[i]
		did := DID(p.AccountID)
		uri := e.uris[p.ID]
		rkey := uri[strings.LastIndexByte(uri, '/')+1:]
		us := p.CreatedAt.UnixMicro()
		if p.Kind == botsweep.KindRetweet || p.Kind == botsweep.KindLike {
			subject := e.ref(p.RetweetOf, p.RetweetOfAccount)
			coll := collectionOf(p)
			add(us, e.commit(did, us, coll, rkey, map[string]any{"$type": coll, "subject": subject, "createdAt": datetime(p.CreatedAt)}))
			if p.Kind == botsweep.KindRetweet {
				// The retweeter likes what it reposts, a few seconds later.
				lt := p.CreatedAt.Add(time.Duration(2+len(p.ID)%7) * time.Second)
				lkey := e.tid(did, lt)
				add(lt.UnixMicro(), e.commit(did, lt.UnixMicro(), "app.bsky.feed.like", lkey,
					map[string]any{"$type": "app.bsky.feed.like", "subject": subject, "createdAt": datetime(lt)}))
			}
			continue
		}
		add(us, e.commit(did, us, "app.bsky.feed.post", rkey, e.postRecord(p, handle)))
	}
	slices.SortStableFunc(out, func(a, b jsEvent) int {
		switch {
		case a.us < b.us:
			return -1
		case a.us > b.us:
			return 1
		}
		return 0
	})
	return out
}

func collectionOf(p *botsweep.Post) string {
	switch p.Kind {
	case botsweep.KindRetweet:
		return "app.bsky.feed.repost"
	case botsweep.KindLike:
		return "app.bsky.feed.like"
	}
	return "app.bsky.feed.post"
}

// jsEncoder gives records unique TIDs and URIs.
type jsEncoder struct {
	tids map[string]bool   // did/tid in use
	uris map[string]string // post id -> at:// URI
}

// tid returns a record key for a record of did created at t, unique in the
// repository (the next microsecond when taken).
func (e *jsEncoder) tid(did string, t time.Time) string {
	us := t.UnixMicro()
	for {
		k := syntax.NewTID(us, uint(len(did))%1024).String()
		if !e.tids[did+"/"+k] {
			e.tids[did+"/"+k] = true
			return k
		}
		us++
	}
}

func (e *jsEncoder) uri(account, coll string, t time.Time) string {
	did := DID(account)
	return "at://" + did + "/" + coll + "/" + e.tid(did, t)
}

// ref is the strong reference to a post by id, which may lie outside the
// world (then its URI is made up from its author and id).
func (e *jsEncoder) ref(id, author string) map[string]any {
	u, ok := e.uris[id]
	if !ok {
		sum := sha256.Sum256([]byte(id))
		us := int64(sum[0])<<40 | int64(sum[1])<<32 | int64(sum[2])<<24 | int64(sum[3])<<16
		u = "at://" + DID(author) + "/app.bsky.feed.post/" + syntax.NewTID(us, 0).String()
		e.uris[id] = u
	}
	return map[string]any{"uri": u, "cid": fakeCID(u)}
}

func (e *jsEncoder) commit(did string, us int64, coll, rkey string, rec map[string]any) map[string]any {
	return map[string]any{"did": did, "time_us": us, "kind": "commit", "commit": map[string]any{
		"rev": syntax.NewTID(us, 0).String(), "operation": "create", "collection": coll, "rkey": rkey,
		"record": rec, "cid": fakeCID(did + "/" + coll + "/" + rkey)}}
}

// postRecord is an app.bsky.feed.post record: text, facets for the
// hashtags, links and mentions, a reply and a quote embed.
func (e *jsEncoder) postRecord(p *botsweep.Post, handle map[string]string) map[string]any {
	rec := map[string]any{"$type": "app.bsky.feed.post", "text": p.Text, "createdAt": datetime(p.CreatedAt)}
	if p.Lang != "" {
		rec["langs"] = []string{p.Lang}
	}
	if p.Client != "" {
		rec["via"] = p.Client // not in the lexicon; some clients write it
	}
	var facets []any
	facet := func(needle string, feature map[string]any) {
		start := strings.Index(p.Text, needle)
		end := start + len(needle)
		if start < 0 {
			start, end = 0, 0
		}
		facets = append(facets, map[string]any{"index": map[string]any{"byteStart": start, "byteEnd": end}, "features": []any{feature}})
	}
	for _, h := range p.Hashtags {
		facet("#"+h, map[string]any{"$type": "app.bsky.richtext.facet#tag", "tag": h})
	}
	links := strings.Fields(p.Text)
	k := 0
	for _, u := range p.URLs {
		shown := u
		for ; k < len(links); k++ { // the k-th short link stands for the k-th URL
			if strings.HasPrefix(links[k], "https://t.co/") {
				shown = links[k]
				k++
				break
			}
		}
		facet(shown, map[string]any{"$type": "app.bsky.richtext.facet#link", "uri": u})
	}
	for _, m := range p.Mentions {
		facet("@"+m.ScreenName, map[string]any{"$type": "app.bsky.richtext.facet#mention", "did": DID(m.ID)})
	}
	if len(facets) > 0 {
		rec["facets"] = facets
	}
	if p.ReplyTo != "" {
		parent := e.ref(p.ReplyTo, p.ReplyToAccount)
		rec["reply"] = map[string]any{"root": parent, "parent": parent}
	}
	if p.Quotes != "" {
		rec["embed"] = map[string]any{"$type": "app.bsky.embed.record", "record": e.ref(p.Quotes, p.QuotesAccount)}
	}
	return rec
}

// datetime formats t as an AT Protocol datetime (RFC 3339, milliseconds, Z).
func datetime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// fakeCID is a CIDv1 (dag-cbor, sha-256) of s: well formed, stable.
func fakeCID(s string) string {
	c, _ := cid.Prefix{Version: 1, Codec: cid.DagCBOR, MhType: multihash.SHA2_256, MhLength: -1}.Sum([]byte(s))
	return c.String()
}
