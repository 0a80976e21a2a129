package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
)

const (
	jsDID  = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
	jsDID2 = "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"
)

// jsGood is a small valid capture: identity, profile, post with facets,
// reply-quote, repost, like, follow.
var jsGood = []string{
	`{"did":"` + jsDID + `","time_us":1700000000000000,"kind":"identity","identity":{"did":"` + jsDID + `","handle":"alice.bsky.social","seq":1,"time":"2023-11-14T22:13:20Z"}}`,
	`{"did":"` + jsDID + `","time_us":1700000000000001,"kind":"commit","commit":{"rev":"x","operation":"create","collection":"app.bsky.actor.profile","rkey":"self","record":{"$type":"app.bsky.actor.profile","displayName":"Alice","createdAt":"2023-01-01T00:00:00Z"}}}`,
	`{"did":"` + jsDID + `","time_us":1700000000000002,"kind":"commit","commit":{"rev":"x","operation":"create","collection":"app.bsky.feed.post","rkey":"3kaaaaaaaaa22","record":{"$type":"app.bsky.feed.post","text":"hi #go https://t.co/x","createdAt":"2023-11-14T22:13:20.000Z","langs":["en"],"facets":[{"index":{"byteStart":3,"byteEnd":6},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"go"}]},{"index":{"byteStart":7,"byteEnd":20},"features":[{"$type":"app.bsky.richtext.facet#link","uri":"https://www.bbc.co.uk/news"}]},{"index":{"byteStart":0,"byteEnd":0},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"` + jsDID2 + `"}]}]}}}`,
	`{"did":"` + jsDID2 + `","time_us":1700000000000003,"kind":"commit","commit":{"rev":"x","operation":"create","collection":"app.bsky.feed.post","rkey":"3kbbbbbbbbb22","record":{"$type":"app.bsky.feed.post","text":"re","createdAt":"2023-11-14T22:13:21Z","reply":{"root":{"uri":"at://` + jsDID + `/app.bsky.feed.post/3kaaaaaaaaa22","cid":"c"},"parent":{"uri":"at://` + jsDID + `/app.bsky.feed.post/3kaaaaaaaaa22","cid":"c"}},"embed":{"$type":"app.bsky.embed.record","record":{"uri":"at://` + jsDID + `/app.bsky.feed.post/3kaaaaaaaaa22","cid":"c"}}}}}`,
	`{"did":"` + jsDID2 + `","time_us":1700000000000004,"kind":"commit","commit":{"rev":"x","operation":"create","collection":"app.bsky.feed.repost","rkey":"3kccccccccc22","record":{"$type":"app.bsky.feed.repost","subject":{"uri":"at://` + jsDID + `/app.bsky.feed.post/3kaaaaaaaaa22","cid":"c"},"createdAt":"2023-11-14T22:13:22Z"}}}`,
	`{"did":"` + jsDID2 + `","time_us":1700000000000005,"kind":"commit","commit":{"rev":"x","operation":"create","collection":"app.bsky.feed.like","rkey":"3kddddddddd22","record":{"$type":"app.bsky.feed.like","subject":{"uri":"at://` + jsDID + `/app.bsky.feed.post/3kaaaaaaaaa22","cid":"c"},"createdAt":"2023-11-14T22:13:23Z"}}}`,
	`{"did":"` + jsDID2 + `","time_us":1700000000000006,"kind":"commit","commit":{"rev":"x","operation":"create","collection":"app.bsky.graph.follow","rkey":"3keeeeeeeee22","record":{"$type":"app.bsky.graph.follow","subject":"` + jsDID + `","createdAt":"2023-11-14T22:13:24Z"}}}`,
	`{"did":"` + jsDID2 + `","time_us":1700000000000007,"kind":"account","account":{"active":false,"did":"` + jsDID2 + `","seq":2,"status":"takendown","time":"2023-11-14T22:13:25Z"}}`,
}

func decodeJS(t *testing.T, in string, sink botsweep.Sink) (Result, []Reject) {
	t.Helper()
	var rejects []Reject
	res, err := Decode(context.Background(), strings.NewReader(in), Options{Name: "cap.jsonl", OnReject: func(r Reject) error {
		rejects = append(rejects, r)
		return nil
	}}, sink)
	if err != nil {
		t.Fatal(err)
	}
	return res, rejects
}

func TestJetstreamMapping(t *testing.T) {
	var d botsweep.Dataset
	res, rejects := decodeJS(t, strings.Join(jsGood, "\n")+"\n", &d)
	if res.Format != FormatJetstream || len(rejects) != 0 {
		t.Fatalf("format %s, rejects %v", res.Format, rejects)
	}
	// Alice's profile; the taken-down account's status as a snapshot.
	// Neither carries counts: they are derived from the records held.
	if len(d.Accounts) != 2 || d.Accounts[0].ScreenName != "alice.bsky.social" || d.Accounts[0].Name != "Alice" || d.Accounts[0].CreatedAt.Year() != 2023 || !d.Accounts[0].DefaultProfileImage ||
		!d.Accounts[0].CountsDerived || d.Accounts[0].PlatformStatus != "" {
		t.Errorf("accounts %+v", d.Accounts)
	}
	if len(d.Accounts) == 2 && (d.Accounts[1].ID != jsDID2 || d.Accounts[1].PlatformStatus != "takendown" || !d.Accounts[1].CountsDerived) {
		t.Errorf("account event mapped to %+v", d.Accounts[1])
	}
	if len(d.Posts) != 4 {
		t.Fatalf("%d posts, want 4", len(d.Posts))
	}
	p := d.Posts[0]
	if p.Kind != botsweep.KindOriginal || len(p.Hashtags) != 1 || p.Hashtags[0] != "go" || len(p.URLs) != 1 || p.Domains[0] != "bbc.co.uk" || len(p.Mentions) != 1 || p.Mentions[0].ID != jsDID2 || p.Lang != "en" {
		t.Errorf("post %+v", p)
	}
	uri := "at://" + jsDID + "/app.bsky.feed.post/3kaaaaaaaaa22"
	if r := d.Posts[1]; r.Kind != botsweep.KindReply || r.ReplyTo != uri || r.ReplyToAccount != jsDID || r.Quotes != uri {
		t.Errorf("reply %+v", r)
	}
	if r := d.Posts[2]; r.Kind != botsweep.KindRetweet || r.RetweetOf != uri || r.RetweetOfAccount != jsDID {
		t.Errorf("repost %+v", r)
	}
	if l := d.Posts[3]; l.Kind != botsweep.KindLike || l.RetweetOf != uri {
		t.Errorf("like %+v", l)
	}
	if len(d.Follows) != 1 || d.Follows[0] != (botsweep.Follow{Follower: jsDID2, Followee: jsDID}) {
		t.Errorf("follows %+v", d.Follows)
	}
}

func TestJetstreamDeletes(t *testing.T) {
	var d botsweep.Dataset
	st := &JetstreamState{}
	in := strings.Join(jsGood, "\n") + "\n" +
		`{"did":"` + jsDID2 + `","time_us":1700000000000010,"kind":"commit","commit":{"rev":"x","operation":"delete","collection":"app.bsky.feed.like","rkey":"3kddddddddd22"}}` + "\n" +
		`{"did":"` + jsDID2 + `","time_us":1700000000000011,"kind":"commit","commit":{"rev":"x","operation":"delete","collection":"app.bsky.graph.follow","rkey":"3keeeeeeeee22"}}` + "\n"
	if _, err := Decode(context.Background(), strings.NewReader(in), Options{Jetstream: st}, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Posts) != 3 || len(d.Follows) != 0 {
		t.Errorf("after deletes: %d posts (want 3), %d follows (want 0)", len(d.Posts), len(d.Follows))
	}
	if st.Deletes != 2 || st.Unapplied != 0 || st.Cursor != 1700000000000011 || st.Statuses["takendown"] != 1 {
		t.Errorf("state: deletes %d unapplied %d cursor %d statuses %v", st.Deletes, st.Unapplied, st.Cursor, st.Statuses)
	}
}

func TestJetstreamRejects(t *testing.T) {
	big := strings.Repeat("x", MaxATRecordBytes)
	for _, tc := range []struct {
		name, line, reason string
	}{
		{"truncated event", jsGood[2][:len(jsGood[2])/2], "JSON"},
		{"unknown collection", strings.Replace(jsGood[6], "app.bsky.graph.follow", "app.bsky.graph.block", 2), "not one botsweep reads"},
		{"malformed did", strings.Replace(jsGood[4], `"did":"`+jsDID2, `"did":"did:bad`, 1), "not a DID"},
		{"malformed subject uri", strings.Replace(jsGood[4], `"uri":"at://`, `"uri":"https://`, 1), "not an at:// URI"},
		{"malformed follow subject", strings.Replace(jsGood[6], `"subject":"`+jsDID, `"subject":"alice`, 1), "not a DID"},
		{"oversized record", strings.Replace(jsGood[2], `"text":"hi`, `"text":"`+big, 1), "larger than"},
		{"unknown kind", strings.Replace(jsGood[0], `"kind":"identity"`, `"kind":"mystery"`, 1), "none of commit"},
		{"bad createdAt", strings.Replace(jsGood[5], "2023-11-14T22:13:23Z", "yesterday", 1), "not a datetime"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d botsweep.Dataset
			lines := append([]string{jsGood[0], jsGood[1], jsGood[2]}, tc.line, jsGood[3])
			_, rejects := decodeJS(t, strings.Join(lines, "\n")+"\n", &d)
			if len(rejects) != 1 {
				t.Fatalf("rejects %v, want one", rejects)
			}
			if r := rejects[0]; r.File != "cap.jsonl" || r.Line != 4 || !strings.Contains(r.Reason, tc.reason) {
				t.Errorf("reject %s, want cap.jsonl:4 with %q", r, tc.reason)
			}
			if len(d.Accounts) != 1 || len(d.Posts) != 2 {
				t.Errorf("kept %d accounts, %d posts; want 1, 2", len(d.Accounts), len(d.Posts))
			}
		})
	}
}

func FuzzJetstream(f *testing.F) {
	for _, l := range jsGood {
		f.Add([]byte(l))
	}
	f.Add([]byte(`{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{}}`))
	f.Add([]byte(`{"did":"did:plc:z72i7hdynmk6r22z27h6tvur","time_us":1700000000000100,"kind":"commit","commit":{"rev":"x","operation":"create","collection":"app.bsky.graph.verification","rkey":"3kvvvvvvvvv22","record":{"$type":"app.bsky.graph.verification","subject":"` + jsDID + `","handle":"alice.bsky.social","displayName":"Alice","createdAt":"2023-11-14T22:13:20Z"}}}`))
	f.Add([]byte(`{"did":"did:plc:z72i7hdynmk6r22z27h6tvur","time_us":1700000000000101,"kind":"commit","commit":{"rev":"x","operation":"delete","collection":"app.bsky.graph.verification","rkey":"3kvvvvvvvvv22"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d botsweep.Dataset
		st := &JetstreamState{}
		in := append(append([]byte(jsGood[0]+"\n"), b...), '\n')
		res, err := Decode(context.Background(), bytes.NewReader(in), Options{Format: FormatJetstream, Jetstream: st, MaxRecordBytes: 1 << 16}, &d)
		if err != nil {
			return
		}
		if int(res.Records) < len(d.Accounts) {
			t.Fatalf("%d records but %d accounts", res.Records, len(d.Accounts))
		}
		for _, p := range d.Posts {
			if !strings.HasPrefix(p.ID, "at://did:") || !strings.HasPrefix(p.AccountID, "did:") {
				t.Fatalf("post %+v", p)
			}
		}
	})
}

func TestJetstreamResumeRemembers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		remember bool
		want     string
	}{
		{"seeded from the store", true, "alice.bsky.social"},
		{"fresh state", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d botsweep.Dataset
			if _, err := Decode(context.Background(), strings.NewReader(jsGood[0]+"\n"), Options{}, &d); err != nil {
				t.Fatal(err)
			}
			st := &JetstreamState{}
			if tc.remember {
				st.Remember(&d.Accounts[0])
			}
			if _, err := Decode(context.Background(), strings.NewReader(jsGood[1]+"\n"), Options{Jetstream: st}, &d); err != nil {
				t.Fatal(err)
			}
			if a := d.Accounts[0]; a.ScreenName != tc.want || a.Name != "Alice" {
				t.Errorf("after the profile event: handle %q name %q, want handle %q", a.ScreenName, a.Name, tc.want)
			}
		})
	}
}

func TestJetstreamVerification(t *testing.T) {
	const bsky = "did:plc:z72i7hdynmk6r22z27h6tvur"
	const other = "did:plc:cccccccccccccccccccccccc"
	verify := func(issuer, rkey string, us int) string {
		return `{"did":"` + issuer + `","time_us":` + fmt.Sprint(1700000000000100+us) + `,"kind":"commit","commit":{"rev":"x","operation":"create","collection":"app.bsky.graph.verification","rkey":"` + rkey + `","record":{"$type":"app.bsky.graph.verification","subject":"` + jsDID + `","handle":"alice.bsky.social","displayName":"Alice","createdAt":"2023-11-14T22:13:20Z"}}}`
	}
	unverify := func(issuer, rkey string, us int) string {
		return `{"did":"` + issuer + `","time_us":` + fmt.Sprint(1700000000000100+us) + `,"kind":"commit","commit":{"rev":"x","operation":"delete","collection":"app.bsky.graph.verification","rkey":"` + rkey + `"}}`
	}
	for _, tc := range []struct {
		name     string
		events   []string
		verified bool
	}{
		{"trusted verifier", []string{verify(bsky, "3kvvvvvvvvv22", 1)}, true},
		{"untrusted issuer", []string{verify(other, "3kvvvvvvvvv22", 1)}, false},
		{"withdrawn", []string{verify(bsky, "3kvvvvvvvvv22", 1), unverify(bsky, "3kvvvvvvvvv22", 2)}, false},
		{"one of two withdrawn", []string{verify(bsky, "3kvvvvvvvvv22", 1), verify(bsky, "3kwwwwwwwww22", 2), unverify(bsky, "3kvvvvvvvvv22", 3)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d botsweep.Dataset
			_, rejects := decodeJS(t, strings.Join(append([]string{jsGood[0], jsGood[1]}, tc.events...), "\n")+"\n", &d)
			if len(rejects) != 0 {
				t.Fatalf("rejects %v", rejects)
			}
			last := d.Accounts[len(d.Accounts)-1]
			if last.ID != jsDID || last.Verified != tc.verified || last.Name != "Alice" {
				t.Errorf("latest snapshot %+v, want verified %v", last, tc.verified)
			}
		})
	}
}
