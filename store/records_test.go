package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/store"
)

var t0 = time.Date(2019, 11, 3, 10, 0, 0, 0, time.UTC)

func openTemp(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// write writes the dataset's records to s through one Writer.
func write(t *testing.T, s *store.Store, opts store.WriterOptions, d *botsweep.Dataset) {
	t.Helper()
	w, err := s.NewWriter(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(d.EachAccount(ctx, func(a *botsweep.Account) error { return w.Account(a) }))
	check(d.EachPost(ctx, func(p *botsweep.Post) error { return w.Post(p) }))
	check(d.EachFollow(ctx, func(f botsweep.Follow) error { return w.Follow(f) }))
	check(d.EachPriorOperation(ctx, func(o *botsweep.PriorOperation) error { return w.PriorOperation(o) }))
	check(d.EachDomainRegistration(ctx, func(r *botsweep.DomainRegistration) error { return w.DomainRegistration(r) }))
	check(d.EachCampaign(ctx, func(c *botsweep.Campaign) error { return w.Campaign(c) }))
	check(w.Close())
}

// read copies everything s holds into a Dataset.
func read(t *testing.T, s *store.Store) *botsweep.Dataset {
	t.Helper()
	var d botsweep.Dataset
	ctx := context.Background()
	if err := s.EachAccount(ctx, func(a *botsweep.Account) error { d.Accounts = append(d.Accounts, *a); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.EachPost(ctx, func(p *botsweep.Post) error { d.Posts = append(d.Posts, *p); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.EachFollow(ctx, func(f botsweep.Follow) error { d.Follows = append(d.Follows, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.EachPriorOperation(ctx, func(o *botsweep.PriorOperation) error { d.Operations = append(d.Operations, *o); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.EachDomainRegistration(ctx, func(r *botsweep.DomainRegistration) error {
		d.Registrations = append(d.Registrations, *r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.EachCampaign(ctx, func(c *botsweep.Campaign) error { d.Campaigns = append(d.Campaigns, *c); return nil }); err != nil {
		t.Fatal(err)
	}
	return &d
}

// sample is a small dataset with every kind of record and field.
func sample() *botsweep.Dataset {
	d := &botsweep.Dataset{
		Accounts: []botsweep.Account{
			{ID: "12345", ScreenName: "TheGlobus", Name: "Globus 🌐", Description: "news", Location: "Tbilisi",
				URL: "https://globus-news.info/x", URLDomain: "globus-news.info", ProfileImageURL: "https://img/1.png",
				CreatedAt: t0.Add(-400 * 24 * time.Hour), Followers: 1 << 40, Friends: -1, Statuses: 3, Favourites: 4, Listed: 5,
				Verified: true, Protected: false, DefaultProfile: true, DefaultProfileImage: true, Lang: "en",
				FirstSeen: t0, LastSeen: t0.Add(time.Hour)},
			{ID: "85d2d12251a735ce05255061f7f231e2", ScreenName: "hashed", CreatedAt: t0, FirstSeen: t0, LastSeen: t0},
			{ID: "u-weird id", ScreenName: "weird", FirstSeen: t0, LastSeen: t0},
		},
		Posts: []botsweep.Post{
			{ID: "1", AccountID: "12345", Kind: botsweep.KindOriginal, CreatedAt: t0.Add(123456789), Text: "hello #a",
				Lang: "en", Client: "Twitter Web App", Hashtags: []string{"a"}, URLs: []string{"https://globus-news.info/1"},
				Domains: []string{"globus-news.info"}, Mentions: []botsweep.Mention{{ID: "9", ScreenName: "x"}},
				HasGeo: true, Latitude: 41.7, Longitude: 44.8, RetweetCount: 500, LikeCount: 2, ReplyCount: 3, QuoteCount: 4},
			{ID: "2", AccountID: "85d2d12251a735ce05255061f7f231e2", Kind: botsweep.KindRetweet, CreatedAt: t0.Add(time.Minute),
				RetweetOf: "1", RetweetOfAccount: "12345"},
			{ID: "3", AccountID: "u-weird id", Kind: botsweep.KindReply, CreatedAt: t0.Add(-time.Minute), ReplyTo: "1", ReplyToAccount: "12345"},
			{ID: "4", AccountID: "12345", Kind: botsweep.KindQuote, Quotes: "1", QuotesAccount: "12345"},
			{ID: "0ff", AccountID: "777", Kind: botsweep.KindRetweet, RetweetOf: "1"},
		},
		Follows: []botsweep.Follow{{Follower: "85d2d12251a735ce05255061f7f231e2", Followee: "12345"}, {Follower: "777", Followee: "12345"}},
		Operations: []botsweep.PriorOperation{{Name: "IRA 2018", Disclosed: "2018-10", Attribution: "RU", StateBacked: true,
			Indicators: botsweep.Indicators{Domains: []string{"globus-news.info"}, ScreenNames: []string{"a"}, AccountIDs: []string{"1"}}, Received: t0}},
		Registrations: []botsweep.DomainRegistration{{Domain: "globus-news.info", Registrant: "R", RegisteredAt: t0, Received: t0}},
		Campaigns: []botsweep.Campaign{{Hashtag: "TakeBackDay", Emoji: "💊", Starts: t0, Ends: t0.Add(48 * time.Hour),
			Owner: "DEA", Note: "n", Received: t0}},
	}
	return d
}

func TestRoundTrip(t *testing.T) {
	s := openTemp(t)
	in := sample()
	write(t, s, store.WriterOptions{}, in)
	got := read(t, s)
	if !reflect.DeepEqual(got.Accounts, in.Accounts) {
		t.Errorf("accounts:\n got %+v\nwant %+v", got.Accounts, in.Accounts)
	}
	// Posts come back grouped by kind, each kind in ingest order.
	wantPosts := []botsweep.Post{in.Posts[0], in.Posts[1], in.Posts[4], in.Posts[2], in.Posts[3]}
	if !reflect.DeepEqual(got.Posts, wantPosts) {
		t.Errorf("posts:\n got %+v\nwant %+v", got.Posts, wantPosts)
	}
	for name, pair := range map[string][2]any{
		"follows":       {got.Follows, in.Follows},
		"operations":    {got.Operations, in.Operations},
		"registrations": {got.Registrations, in.Registrations},
		"campaigns":     {got.Campaigns, in.Campaigns},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, pair[0], pair[1])
		}
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	first, last := t0.Add(-time.Minute), t0.Add(time.Minute)
	want := store.Stats{Accounts: 4, Profiles: 3, Posts: 5, Originals: 1, Retweets: 2, Replies: 1, Quotes: 1, Follows: 2,
		Operations: 1, Registrations: 1, Campaigns: 1, FirstPost: &first, LastPost: &last}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("stats:\n got %+v\nwant %+v", st, want)
	}
}

func TestLookups(t *testing.T) {
	s := openTemp(t)
	write(t, s, store.WriterOptions{}, sample())
	ctx := context.Background()
	a, err := s.Account(ctx, "12345")
	if err != nil || a.ScreenName != "TheGlobus" {
		t.Fatalf("Account = %+v, %v", a, err)
	}
	a, err = s.AccountByScreenName(ctx, "@theglobus")
	if err != nil || a.ID != "12345" {
		t.Fatalf("AccountByScreenName = %+v, %v", a, err)
	}
	p, err := s.Post(ctx, "0ff")
	if err != nil || p.AccountID != "777" || p.Kind != botsweep.KindRetweet {
		t.Fatalf("Post = %+v, %v", p, err)
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"unknown account", func() error { _, err := s.Account(ctx, "999"); return err }},
		{"account known only as author", func() error { _, err := s.Account(ctx, "777"); return err }},
		{"unknown screen name", func() error { _, err := s.AccountByScreenName(ctx, "nobody"); return err }},
		{"unknown post", func() error { _, err := s.Post(ctx, "5"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := botsweep.ErrorCode(tt.call()); code != botsweep.ENOTFOUND {
				t.Errorf("code = %q, want not_found", code)
			}
		})
	}
}

func digest(t *testing.T, s *store.Store) string {
	t.Helper()
	d, err := s.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestIdempotentAndOrderIndependent(t *testing.T) {
	tests := []struct {
		name  string
		opts  store.WriterOptions
		twice bool
		flip  bool
	}{
		{"once", store.WriterOptions{}, false, false},
		{"twice", store.WriterOptions{}, true, false},
		{"twice with tiny batches and caches", store.WriterOptions{BatchBytes: 1, CacheEntries: 1}, true, false},
		{"reversed order", store.WriterOptions{}, false, true},
		{"bulk", store.WriterOptions{Bulk: true}, false, false},
		{"bulk twice", store.WriterOptions{Bulk: true}, true, false},
		{"bulk twice with tiny batches and caches", store.WriterOptions{Bulk: true, BatchBytes: 1, CacheEntries: 1}, true, false},
		{"bulk reversed order", store.WriterOptions{Bulk: true}, false, true},
	}
	ref := openTemp(t)
	write(t, ref, store.WriterOptions{}, sample())
	want := digest(t, ref)
	wantStats, _ := ref.Stats(context.Background())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			d := sample()
			if tt.flip {
				for i, j := 0, len(d.Posts)-1; i < j; i, j = i+1, j-1 {
					d.Posts[i], d.Posts[j] = d.Posts[j], d.Posts[i]
				}
				d.Follows[0], d.Follows[1] = d.Follows[1], d.Follows[0]
			}
			write(t, s, tt.opts, d)
			if tt.twice {
				d := sample()
				d.Operations[0].Received = t0.Add(time.Hour) // received again later
				write(t, s, tt.opts, d)
			}
			sameContent(t, s, want, wantStats)
		})
	}
}

// sameContent checks that s holds what a reference store with digest want
// and stats wantStats holds.
func sameContent(t *testing.T, s *store.Store, want string, wantStats store.Stats) {
	t.Helper()
	if got := digest(t, s); got != want {
		t.Errorf("digest %s, want %s", got, want)
	}
	st, _ := s.Stats(context.Background())
	if !reflect.DeepEqual(st, wantStats) {
		t.Errorf("stats %+v, want %+v", st, wantStats)
	}
}

func TestSnapshots(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	snap := func(name string, first, last int) botsweep.Account {
		return botsweep.Account{ID: "1", ScreenName: name, FirstSeen: at(first), LastSeen: at(last)}
	}
	tests := []struct {
		name      string
		snaps     []botsweep.Account
		wantName  string
		wantFirst int
		wantLast  int
	}{
		{"later replaces", []botsweep.Account{snap("old", 0, 0), snap("new", 5, 5)}, "new", 0, 5},
		{"earlier keeps the later", []botsweep.Account{snap("new", 5, 5), snap("old", 0, 0)}, "new", 0, 5},
		{"middle changes nothing", []botsweep.Account{snap("x", 0, 9), snap("y", 3, 4)}, "x", 0, 9},
	}
	for _, tt := range tests {
		for _, split := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/split=%v", tt.name, split), func(t *testing.T) {
				s := openTemp(t)
				if split { // each snapshot in its own ingest
					for _, a := range tt.snaps {
						write(t, s, store.WriterOptions{}, &botsweep.Dataset{Accounts: []botsweep.Account{a}})
					}
				} else {
					w, _ := s.NewWriter(store.WriterOptions{})
					for i := range tt.snaps {
						if err := w.Account(&tt.snaps[i]); err != nil {
							t.Fatal(err)
						}
					}
					w.Close()
				}
				a, err := s.Account(context.Background(), "1")
				if err != nil {
					t.Fatal(err)
				}
				if a.ScreenName != tt.wantName || !a.FirstSeen.Equal(at(tt.wantFirst)) || !a.LastSeen.Equal(at(tt.wantLast)) {
					t.Errorf("got %s %v..%v, want %s %v..%v", a.ScreenName, a.FirstSeen, a.LastSeen, tt.wantName, at(tt.wantFirst), at(tt.wantLast))
				}
				if st, _ := s.Stats(context.Background()); st.Accounts != 1 || st.Profiles != 1 {
					t.Errorf("stats %+v", st)
				}
			})
		}
	}
}

// TestSnapshotsOrderIndependent writes the same snapshots of one account
// in every order, in one ingest and one ingest per snapshot, and requires
// one record: snapshots that tie on LastSeen, snapshots without times and
// older ones arriving last must not make the result depend on the order.
func TestSnapshotsOrderIndependent(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	snap := func(name string, first, last int) botsweep.Account {
		a := botsweep.Account{ID: "1", ScreenName: name}
		if first >= 0 {
			a.FirstSeen, a.LastSeen = at(first), at(last)
		}
		return a
	}
	sets := []struct {
		name  string
		snaps []botsweep.Account
	}{
		{"tie", []botsweep.Account{snap("a", 1, 1), snap("b", 1, 1), snap("c", 1, 1)}},
		{"tie and older", []botsweep.Account{snap("a", 4, 4), snap("b", 4, 4), snap("old", 0, 0)}},
		{"untimed and timed", []botsweep.Account{snap("probe", -1, -1), snap("t1", 3, 3), snap("t0", 2, 2)}},
	}
	perms := func(n int) [][]int {
		var out [][]int
		var rec func(p []int, used int)
		rec = func(p []int, used int) {
			if len(p) == n {
				out = append(out, append([]int(nil), p...))
				return
			}
			for i := range n {
				if used&(1<<i) == 0 {
					rec(append(p, i), used|1<<i)
				}
			}
		}
		rec(nil, 0)
		return out
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			var want string
			for _, p := range perms(len(set.snaps)) {
				for mode, opts := range []store.WriterOptions{{}, {BatchBytes: 1}, {Bulk: true, BatchBytes: 1}, {}} {
					// The last mode ingests each snapshot on its own; BatchBytes 1
					// commits after every record, so reads meet the batch in flight.
					split := mode == 3
					s := openTemp(t)
					if split {
						for _, i := range p {
							write(t, s, store.WriterOptions{}, &botsweep.Dataset{Accounts: []botsweep.Account{set.snaps[i]}})
						}
					} else {
						d := &botsweep.Dataset{}
						for _, i := range p {
							d.Accounts = append(d.Accounts, set.snaps[i])
						}
						w, _ := s.NewWriter(opts)
						for i := range d.Accounts {
							if err := w.Account(&d.Accounts[i]); err != nil {
								t.Fatal(err)
							}
						}
						if err := w.Close(); err != nil {
							t.Fatal(err)
						}
					}
					a, err := s.Account(context.Background(), "1")
					if err != nil {
						t.Fatal(err)
					}
					if !a.FirstSeen.IsZero() && a.LastSeen.IsZero() {
						t.Errorf("order %v: first_seen %v with last_seen zero", p, a.FirstSeen)
					}
					got := fmt.Sprintf("%s %v..%v", a.ScreenName, a.FirstSeen, a.LastSeen)
					if want == "" {
						want = got
					} else if got != want {
						t.Errorf("order %v (mode %d): %s, first order gave %s", p, mode, got, want)
					}
				}
			}
		})
	}
}

func TestHeldFileDiscarded(t *testing.T) {
	s := openTemp(t)
	write(t, s, store.WriterOptions{}, sample())
	want := digest(t, s)
	w, err := s.NewWriter(store.WriterOptions{BatchBytes: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.BeginFile("bad.jsonl", []byte("head"), true); err != nil {
		t.Fatal(err)
	}
	w.Account(&botsweep.Account{ID: "new", FirstSeen: t0, LastSeen: t0})
	w.Post(&botsweep.Post{ID: "new-post", AccountID: "new"})
	w.Follow(botsweep.Follow{Follower: "new", Followee: "12345"})
	w.Reject(3, "bad json")
	if err := w.EndFile(false); err != nil {
		t.Fatal(err)
	}
	// The writer still works after a discard, and knows what it discarded is gone.
	if err := w.Post(&botsweep.Post{ID: "new-post", AccountID: "new"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats(context.Background())
	if st.Posts != 6 || st.Accounts != 5 || st.Rejected != 0 || st.Follows != 2 {
		t.Errorf("stats after discard: %+v", st)
	}
	if got := digest(t, s); got == want {
		t.Error("digest did not change with the new post")
	}
}

func TestRejectsCountOnce(t *testing.T) {
	s := openTemp(t)
	for i := 0; i < 2; i++ {
		w, _ := s.NewWriter(store.WriterOptions{})
		for _, name := range []string{"a.csv", "copy-of-a.csv"} {
			w.BeginFile(name, []byte("same content"), false)
			w.Reject(2, "missing column")
			w.Reject(7, "bad time")
		}
		w.BeginFile("b.csv", []byte("other content"), false)
		w.Reject(2, "missing column")
		w.Close()
	}
	st, _ := s.Stats(context.Background())
	if st.Rejected != 3 {
		t.Errorf("rejected = %d, want 3", st.Rejected)
	}
	var got []store.Reject
	s.EachReject(context.Background(), func(r store.Reject) error { got = append(got, r); return nil })
	if len(got) != 3 {
		t.Errorf("rejects = %+v", got)
	}
}

func TestReadOnlyWriter(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.NewWriter(store.WriterOptions{}); botsweep.ErrorCode(err) != botsweep.EINVALID {
		t.Errorf("NewWriter on a read-only store: %v", err)
	}
}
