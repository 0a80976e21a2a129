package disclosure_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"flag"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/disclosure"
	"github.com/botsweep/botsweep/ingest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testLogHead is the moderation log head the test releases publish.
var testLogHead = disclosure.LogHead{Seq: 420, Hash: "9f2c4e0d5b7a13c8e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"}

// release writes the release of ids under policy into a temp dir.
func release(t *testing.T, policy disclosure.Policy, ids ...string) (string, *disclosure.Manifest) {
	t.Helper()
	enf := enforcement()
	sel, err := disclosure.Select(networks(), ids, enf, policy)
	if err != nil {
		t.Fatalf("Select: %v", err)
	}
	dir := t.TempDir()
	m, err := disclosure.Write(context.Background(), dir, world(), sel, enf, disclosure.Options{
		Key: testKey, Policy: policy, Release: "test_2026_11", Now: func() time.Time { return releaseTime },
		LogHead: &testLogHead,
	})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return dir, m
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		policy disclosure.Policy
		ids    []string
	}{
		{"state-backed", disclosure.PolicyStateBacked, []string{"N1"}},
		{"any-swept", disclosure.PolicyAnySwept, []string{"N1", "N2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := release(t, tt.policy, tt.ids...)
			for _, name := range []string{"test_2026_11_users_csv_hashed.csv", "test_2026_11_tweets_csv_hashed.csv", "README.md"} {
				got, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", tt.name, name)
				if *update {
					os.MkdirAll(filepath.Dir(golden), 0o755)
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", name, golden, got)
				}
			}
		})
	}
}

func TestFilesAndColumns(t *testing.T) {
	dir, m := release(t, disclosure.PolicyStateBacked, "N1")
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"README.md", "test_2026_11_tweets_csv_hashed.csv", "test_2026_11_tweets_csv_hashed.zip", "test_2026_11_users_csv_hashed.csv", "test_2026_11_users_csv_hashed.zip"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("files = %v, want %v", names, want)
	}
	header := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return strings.SplitN(string(b), "\n", 2)[0]
	}
	if got := header("test_2026_11_users_csv_hashed.csv"); got != "userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language" {
		t.Errorf("users header = %s", got)
	}
	if got := header("test_2026_11_tweets_csv_hashed.csv"); got != "tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,retweet_count,hashtags,urls,user_mentions,poll_choices" {
		t.Errorf("tweets header = %s", got)
	}
	// Each zip holds exactly its CSV, byte for byte.
	for _, csvName := range want[1:] {
		if !strings.HasSuffix(csvName, ".csv") {
			continue
		}
		files := unzip(t, filepath.Join(dir, strings.TrimSuffix(csvName, ".csv")+".zip"))
		plain, _ := os.ReadFile(filepath.Join(dir, csvName))
		if len(files) != 1 || !bytes.Equal(files[csvName], plain) {
			t.Errorf("zip of %s does not hold exactly the CSV", csvName)
		}
	}
	if m.Users != 3 || m.Hashed != 2 || m.Tweets != 7 {
		t.Errorf("manifest = %+v", m)
	}
}

func unzip(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := make(map[string][]byte)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

// TestNoLeak searches every byte of every release (inside the zips too)
// for the raw id, screen name and display name of every account that must
// be hashed, case-insensitively.
func TestNoLeak(t *testing.T) {
	tests := []struct {
		name   string
		policy disclosure.Policy
		ids    []string
	}{
		{"state-backed", disclosure.PolicyStateBacked, []string{"N1"}},
		{"any-swept", disclosure.PolicyAnySwept, []string{"N1", "N2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := release(t, tt.policy, tt.ids...)
			blobs := releaseFiles(t, dir)
			for name, b := range blobs {
				low := bytes.ToLower(b)
				for acc, raws := range rawIdentifiers {
					for _, raw := range raws {
						if bytes.Contains(low, bytes.ToLower([]byte(raw))) {
							t.Errorf("%s leaks %q of hashed account %s", name, raw, acc)
						}
					}
				}
			}
			// The accounts with 5,000 followers or more stay identified.
			users := string(blobs["test_2026_11_users_csv_hashed.csv"])
			if !strings.Contains(users, idBotBig+",Gulf Big Voice,gulf_big_voice,") {
				t.Errorf("big account not identified in users:\n%s", users)
			}
			tweets := string(blobs["test_2026_11_tweets_csv_hashed.csv"])
			if !strings.Contains(tweets, "RT @TheGlobus:") || !strings.Contains(tweets, idGlobus) {
				t.Errorf("@TheGlobus (250,000 followers) should stay identified:\n%s", tweets)
			}
		})
	}
}

// decode reads a release back through ingest.Decode, users first.
func decode(t *testing.T, dir string) *botsweep.Dataset {
	t.Helper()
	ds := &botsweep.Dataset{}
	for _, name := range []string{"test_2026_11_users_csv_hashed.csv", "test_2026_11_tweets_csv_hashed.csv"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := ingest.Decode(context.Background(), f, ingest.Options{Name: name, Workers: 1, Now: func() time.Time { return releaseTime },
			OnReject: func(r ingest.Reject) error { t.Errorf("reject: %s", r); return nil }}, ds)
		f.Close()
		if err != nil {
			t.Fatalf("ingest %s: %v", name, err)
		}
		if res.Rejected != 0 {
			t.Errorf("%s: %d rejected", name, res.Rejected)
		}
	}
	return ds
}

// TestSameStandInEverywhere checks one hashed account's stand-in in every
// place it appears.
func TestSameStandInEverywhere(t *testing.T) {
	dir, _ := release(t, disclosure.PolicyStateBacked, "N1")
	s := disclosure.NewHasher(testKey).ID(idBot1)
	if len(s) != 44 || !strings.HasSuffix(s, "=") {
		t.Errorf("stand-in %q is not base64 of a SHA-256 HMAC", s)
	}
	ds := decode(t, dir)
	var acc *botsweep.Account
	for i := range ds.Accounts {
		if ds.Accounts[i].ID == s {
			acc = &ds.Accounts[i]
		}
	}
	if acc == nil || acc.ScreenName != s || acc.Name != s {
		t.Fatalf("users file: account = %+v, want stand-in %s", acc, s)
	}
	posts := map[string]botsweep.Post{}
	for _, p := range ds.Posts {
		posts[p.ID] = p
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"retweet_userid", posts["1200000000000000003"].RetweetOfAccount == s},
		{"RT @handle: in text", strings.HasPrefix(posts["1200000000000000003"].Text, "RT @"+s+": "+s+" says")},
		{"author of a tweet", posts["1200000000000000004"].AccountID == s},
		{"display name in text", posts["1200000000000000004"].Text == s+" says: read globus-news.info"},
		{"hashtag equal to the handle", strings.Join(posts["1200000000000000004"].Hashtags, " ") == "GulfTruth "+s},
		{"handle in a URL", posts["1200000000000000004"].URLs[1] == "https://twitter.com/"+s+"/status/1200000000000000004"},
		{"user_mentions", len(posts["1200000000000000005"].Mentions) == 4 && posts["1200000000000000005"].Mentions[1].ID == s},
		{"mixed-case @mention in text", strings.Contains(posts["1200000000000000005"].Text, "ask @"+s+" or")},
		{"in a profile description", strings.Contains(descriptionOf(ds, disclosure.NewHasher(testKey).ID(idBot2)), "Friend of "+s+", id "+s)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("stand-in %s missing", s)
			}
		})
	}
	maria := disclosure.NewHasher(testKey).ID(idMaria)
	if p := posts["1200000000000000005"]; p.ReplyToAccount != maria || !strings.HasPrefix(p.Text, "@"+maria+" ") {
		t.Errorf("in_reply_to_userid / reply text: %+v", p)
	}
	ghost := disclosure.NewHasher(testKey).Handle("ghost_handle_xq")
	if p := posts["1200000000000000005"]; !strings.Contains(p.Text, "@"+ghost+" ") || p.Mentions[2].ID != ghost {
		t.Errorf("handle-only mention: %+v", p)
	}
}

func descriptionOf(ds *botsweep.Dataset, id string) string {
	for _, a := range ds.Accounts {
		if a.ID == id {
			return a.Description
		}
	}
	return ""
}

// TestRoundTrip reads a release back through ingest and compares every
// account and post with the store's, after mapping hashed identifiers.
func TestRoundTrip(t *testing.T) {
	dir, _ := release(t, disclosure.PolicyAnySwept, "N1", "N2")
	got := decode(t, dir)
	h := disclosure.NewHasher(testKey)
	src := world()
	big := map[string]bool{}
	for _, a := range src.Accounts {
		if a.Followers >= 5000 {
			big[a.ID] = true
		}
	}
	mapID := func(id string) string {
		if id == "" || big[id] {
			return id
		}
		return h.ID(id)
	}
	released := map[string]bool{idBot1: true, idBot2: true, idBotBig: true, idN2a: true, idN2b: true}

	wantAcc := map[string]botsweep.Account{}
	for _, a := range src.Accounts {
		if released[a.ID] {
			wantAcc[mapID(a.ID)] = a
		}
	}
	if len(got.Accounts) != len(wantAcc) {
		t.Errorf("accounts = %d, want %d", len(got.Accounts), len(wantAcc))
	}
	for _, a := range got.Accounts {
		w, ok := wantAcc[a.ID]
		if !ok {
			t.Errorf("unexpected account %s", a.ID)
			continue
		}
		wantName, wantScreen := w.Name, w.ScreenName
		if !big[w.ID] {
			wantName, wantScreen = a.ID, a.ID
		}
		if a.Name != wantName || a.ScreenName != wantScreen || a.Followers != w.Followers || a.Friends != w.Friends ||
			!a.CreatedAt.Equal(w.CreatedAt.Truncate(24*time.Hour)) || a.Lang != w.Lang || a.Location != w.Location {
			t.Errorf("account %s = %+v, want %+v", a.ID, a, w)
		}
	}

	wantPosts := map[string]botsweep.Post{}
	for _, p := range src.Posts {
		if released[p.AccountID] {
			wantPosts[p.ID] = p
		}
	}
	if len(got.Posts) != len(wantPosts) {
		t.Errorf("posts = %d, want %d", len(got.Posts), len(wantPosts))
	}
	var times []string
	for _, p := range got.Posts {
		times = append(times, p.CreatedAt.Format(time.RFC3339))
		w, ok := wantPosts[p.ID]
		if !ok {
			t.Errorf("unexpected post %s", p.ID)
			continue
		}
		var mentions []string
		for _, m := range w.Mentions {
			if m.ID != "" {
				mentions = append(mentions, mapID(m.ID))
			} else {
				mentions = append(mentions, h.Handle(m.ScreenName))
			}
		}
		var gotMentions []string
		for _, m := range p.Mentions {
			gotMentions = append(gotMentions, m.ID)
		}
		if p.AccountID != mapID(w.AccountID) || p.Kind != w.Kind || !p.CreatedAt.Equal(w.CreatedAt.Truncate(time.Minute)) ||
			p.RetweetOf != w.RetweetOf || p.RetweetOfAccount != mapID(w.RetweetOfAccount) ||
			p.ReplyTo != w.ReplyTo || p.ReplyToAccount != mapID(w.ReplyToAccount) || p.Quotes != w.Quotes ||
			p.Client != w.Client || p.Lang != w.Lang || p.HasGeo != w.HasGeo || p.Latitude != w.Latitude || p.Longitude != w.Longitude ||
			p.LikeCount != w.LikeCount || p.RetweetCount != w.RetweetCount || p.QuoteCount != w.QuoteCount || p.ReplyCount != w.ReplyCount ||
			len(p.Hashtags) != len(w.Hashtags) || len(p.URLs) != len(w.URLs) || strings.Join(gotMentions, " ") != strings.Join(mentions, " ") {
			t.Errorf("post %s =\n%+v\nwant (modulo hashing)\n%+v", p.ID, p, w)
		}
		if len(p.URLs) > 0 && p.URLs[0] != w.URLs[0] {
			t.Errorf("post %s url %q, want %q", p.ID, p.URLs[0], w.URLs[0])
		}
	}
	if !sort.StringsAreSorted(times) {
		t.Errorf("tweets not in time order: %v", times)
	}
}

func TestPolicyRefusals(t *testing.T) {
	reinstated := disclosure.NewEnforcement([]botsweep.Sweep{{ID: "S1", Networks: []string{"N1"}, Accounts: []string{idBot1, idBot2, idBotBig}}},
		func(string) botsweep.Status { return botsweep.StatusActive })
	tests := []struct {
		name     string
		ids      []string
		policy   disclosure.Policy
		enf      *disclosure.Enforcement
		wantCode string
		wantMsg  []string
	}{
		{"never swept, default policy", []string{"N3"}, disclosure.PolicyStateBacked, enforcement(), botsweep.EFORBIDDEN,
			[]string{"N3", `rule "never release an unswept network"`, "no sweep"}},
		{"never swept, any-swept policy", []string{"N3"}, disclosure.PolicyAnySwept, enforcement(), botsweep.EFORBIDDEN,
			[]string{"N3", "never release an unswept network"}},
		{"swept but not state backed", []string{"N2"}, disclosure.PolicyStateBacked, enforcement(), botsweep.EFORBIDDEN,
			[]string{"N2", `policy "state-backed"`, "does not establish state backing", "medium confidence", "--policy any-swept"}},
		{"default policy is state-backed", []string{"N2"}, "", enforcement(), botsweep.EFORBIDDEN,
			[]string{`policy "state-backed"`}},
		{"one refusal refuses the whole release", []string{"N1", "N2"}, disclosure.PolicyStateBacked, enforcement(), botsweep.EFORBIDDEN,
			[]string{"nothing written", "N2"}},
		{"state backing claimed without a high chain", []string{"N1"}, disclosure.PolicyStateBacked, enforcement(), "", nil},
		{"unknown network", []string{"N9"}, disclosure.PolicyAnySwept, enforcement(), botsweep.ENOTFOUND, []string{"N9", "not found"}},
		{"no network", nil, disclosure.PolicyAnySwept, enforcement(), botsweep.EINVALID, []string{"--network"}},
		{"unknown policy", []string{"N1"}, "everything", enforcement(), botsweep.EINVALID, []string{"everything", "state-backed", "any-swept"}},
		{"swept N1 allowed", []string{"N1"}, disclosure.PolicyStateBacked, enforcement(), "", nil},
		{"swept N2 allowed for research", []string{"N2"}, disclosure.PolicyAnySwept, enforcement(), "", nil},
		{"all members reinstated", []string{"N1"}, disclosure.PolicyStateBacked, reinstated, botsweep.ECONFLICT, []string{"nothing to release", "reinstated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nets := networks()
			if tt.name == "state backing claimed without a high chain" {
				nets[0].Attribution[0].Confidence = botsweep.ConfidenceMedium
				tt.wantCode, tt.wantMsg = botsweep.EFORBIDDEN, []string{"N1", "does not establish state backing"}
			}
			sel, err := disclosure.Select(nets, tt.ids, tt.enf, tt.policy)
			dir := t.TempDir()
			if err == nil {
				_, err = disclosure.Write(context.Background(), dir, world(), sel, tt.enf, disclosure.Options{Key: testKey, Now: func() time.Time { return releaseTime }})
			}
			if got := botsweep.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.wantCode)
			}
			for _, w := range tt.wantMsg {
				if !strings.Contains(botsweep.ErrorMessage(err), w) {
					t.Errorf("message %q lacks %q", botsweep.ErrorMessage(err), w)
				}
			}
			if err != nil {
				if entries, _ := os.ReadDir(dir); len(entries) != 0 {
					t.Errorf("a refused release wrote %d files", len(entries))
				}
			}
		})
	}
}

func TestEmptyKeyIsAnError(t *testing.T) {
	enf := enforcement()
	sel, err := disclosure.Select(networks(), []string{"N1"}, enf, disclosure.PolicyStateBacked)
	if err != nil {
		t.Fatal(err)
	}
	_, err = disclosure.Write(context.Background(), t.TempDir(), world(), sel, enf, disclosure.Options{})
	if botsweep.ErrorCode(err) != botsweep.EINVALID || !strings.Contains(botsweep.ErrorMessage(err), "no default key") {
		t.Errorf("err = %v", err)
	}
}

func TestKeyChangesStandIns(t *testing.T) {
	a, b := disclosure.NewHasher([]byte("k1")), disclosure.NewHasher([]byte("k2"))
	if a.ID("1") == b.ID("1") || a.ID("1") != disclosure.NewHasher([]byte("k1")).ID("1") || a.ID("1") == a.ID("2") {
		t.Error("stand-ins must be keyed, deterministic and distinct")
	}
	// Known value: base64(HMAC-SHA256("key", "1190000000000000101")).
	if got := disclosure.NewHasher([]byte("key")).ID("1190000000000000101"); got != hmacB64("key", "1190000000000000101") {
		t.Errorf("ID = %s", got)
	}
}

type memLog []botsweep.ModEvent

func (l memLog) AppendEvents(context.Context, []botsweep.ModEvent) error { return nil }
func (l memLog) EachEvent(ctx context.Context, fn func(*botsweep.ModEvent) error) error {
	for i := range l {
		if err := fn(&l[i]); err != nil {
			return err
		}
	}
	return nil
}

func TestEnforcementFromEvents(t *testing.T) {
	log := memLog{
		{Seq: 1, Kind: botsweep.EventSuspend, Subject: "a", SweepID: "S1", NetworkID: "N1"},
		{Seq: 2, Kind: botsweep.EventSuspend, Subject: "b", SweepID: "S1", NetworkID: "N1"},
		{Seq: 3, Kind: botsweep.EventSuspend, Subject: "c"},
		{Seq: 4, Kind: botsweep.EventReinstate, Subject: "b"},
		{Seq: 5, Kind: botsweep.EventSuspend, Subject: "d", SweepID: "S2", NetworkID: "N2"},
		{Seq: 6, Kind: botsweep.EventAppealResolved, Subject: "d", Outcome: "reinstated"},
		{Seq: 7, Kind: botsweep.EventAppealResolved, Subject: "a", Outcome: "upheld"},
	}
	e, err := disclosure.EnforcementFromEvents(context.Background(), log)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"N1 swept", strings.Join(e.Swept("N1"), ","), "S1"},
		{"N2 swept", strings.Join(e.Swept("N2"), ","), "S2"},
		{"N3 not swept", len(e.Swept("N3")), 0},
		{"a suspended", e.Suspended("a"), true},
		{"b reinstated", e.Suspended("b"), false},
		{"c suspended outside a network", e.Suspended("c"), true},
		{"d reinstated on appeal", e.Suspended("d"), false},
		{"unknown active", e.Suspended("zzz"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func hmacB64(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// TestTextKeptAsWritten: a small account whose id is "12" does not
// corrupt dates, percentages, amounts or URLs, and a URL host that looks
// like a small account's handle reads the same in every release.
func TestTextKeptAsWritten(t *testing.T) {
	const want = "Sale on 2026-12-02 at 12:30: 12% off, $12, 12.5 kg, 3/12 left"
	var cells []map[string]string
	for _, ids := range [][]string{{"N1"}, {"N1", "N2"}} {
		dir, _ := release(t, disclosure.PolicyAnySwept, ids...)
		ds := decode(t, dir)
		row := map[string]string{}
		for _, p := range ds.Posts {
			row[p.ID] = p.Text + " | " + strings.Join(p.URLs, " ")
		}
		cells = append(cells, row)
		if got := row["1200000000000000012"]; got != want+" | https://globusnews.example.com/12" {
			t.Errorf("release %v: text %q, want it as written", ids, got)
		}
	}
	for id, c := range cells[0] {
		if d, ok := cells[1][id]; ok && d != c {
			t.Errorf("post %s reads %q in one release and %q in another", id, c, d)
		}
	}
}
