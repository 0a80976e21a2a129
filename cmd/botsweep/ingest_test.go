package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep/internal/testutil"
	"github.com/botsweep/botsweep/store"
)

var updateIngest = flag.Bool("update-ingest", false, "rewrite the ingest commands' golden files")

// ingestStats is the stats --json object.
type ingestStats struct {
	Accounts      int64      `json:"accounts"`
	Profiles      int64      `json:"profiles"`
	Posts         int64      `json:"posts"`
	Originals     int64      `json:"originals"`
	Retweets      int64      `json:"retweets"`
	Replies       int64      `json:"replies"`
	Quotes        int64      `json:"quotes"`
	Follows       int64      `json:"follows"`
	Rejected      int64      `json:"rejected"`
	Operations    int64      `json:"operations"`
	Registrations int64      `json:"registrations"`
	Campaigns     int64      `json:"campaigns"`
	FirstPost     *time.Time `json:"first_post"`
	LastPost      *time.Time `json:"last_post"`
}

// runIngest runs the CLI and fails the test unless it exits with want.
func runIngest(t *testing.T, stdin string, want int, args ...string) (string, string) {
	t.Helper()
	status, out, errs := cli(t, stdin, args...)
	if status != want {
		t.Fatalf("botsweep %s: status %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), status, want, out, errs)
	}
	if strings.Contains(errs, "goroutine ") || strings.Contains(errs, "panic") {
		t.Fatalf("stderr shows a panic:\n%s", errs)
	}
	return out, errs
}

func statsOf(t *testing.T, dir string) ingestStats {
	t.Helper()
	out, _ := runIngest(t, "", 0, "stats", "--store", dir, "--json")
	var st ingestStats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	return st
}

func digestOf(t *testing.T, dir string) string {
	t.Helper()
	out, _ := runIngest(t, "", 0, "digest", "--store", dir)
	d := strings.TrimSpace(out)
	if len(d) != 64 {
		t.Fatalf("digest %q is not a hex SHA-256", d)
	}
	return d
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// genFile writes n generated v1.1 tweets to a file and returns it with its
// counts.
func genFile(t *testing.T, n int) (string, genCounts) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tweets.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	c, err := writeV1(f, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p, c
}

func wantGenStats(c genCounts) ingestStats {
	return ingestStats{Accounts: c.Accounts, Profiles: c.Accounts, Posts: c.Posts, Originals: c.Originals,
		Retweets: c.Retweets, Replies: c.Replies, Quotes: c.Quotes, FirstPost: &c.FirstPost, LastPost: &c.LastPost}
}

func sameStats(t *testing.T, got, want ingestStats) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("stats\n got %s\nwant %s", g, w)
	}
}

// TestIngestGeneratedV1 checks exact counts on a large generated v1.1 file
// (200,000 tweets; 20,000 with -short), ingested twice.
func TestIngestGeneratedV1(t *testing.T) {
	n := 200000
	if testing.Short() {
		n = 20000
	}
	path, c := genFile(t, n)
	dir := filepath.Join(t.TempDir(), "store")
	_, errs := runIngest(t, "", 0, "ingest", "--store", dir, path)
	if !strings.Contains(errs, "twitter-v1") || !strings.Contains(errs, "0 rejected") {
		t.Errorf("summary: %s", errs)
	}
	want := wantGenStats(c)
	sameStats(t, statsOf(t, dir), want)
	d := digestOf(t, dir)
	runIngest(t, "", 0, "ingest", "--store", dir, path)
	sameStats(t, statsOf(t, dir), want)
	if d2 := digestOf(t, dir); d2 != d {
		t.Errorf("digest changed on re-ingest: %s then %s", d, d2)
	}
}

// fixture is a small v1.1 file with a profile probe, a tweet, a retweet and
// bad lines, and the reference files.
const (
	fixtureTweets = `{"created_at":"Sun Nov 03 10:00:00 +0000 2019","id_str":"100","text":"hello #Globus","user":{"id_str":"1","screen_name":"TheGlobus","name":"Globus","created_at":"Mon Oct 01 00:00:00 +0000 2018","followers_count":5000},"entities":{"hashtags":[{"text":"Globus"}],"urls":[],"user_mentions":[]}}
{"created_at":"Sun Nov 03 10:01:00 +0000 2019","id_str":"101","text":"RT @TheGlobus: hello","user":{"id_str":"2","screen_name":"bot2","name":"b","created_at":"Sat Nov 02 00:00:00 +0000 2019"},"retweeted_status":{"created_at":"Sun Nov 03 10:00:00 +0000 2019","id_str":"100","text":"hello #Globus","user":{"id_str":"1","screen_name":"TheGlobus","name":"Globus","created_at":"Mon Oct 01 00:00:00 +0000 2018","followers_count":5000},"entities":{"hashtags":[{"text":"Globus"}],"urls":[],"user_mentions":[]}}}
{"created_at": "not json
{"created_at":"Sun Nov 03 10:02:00 +0000 2019","id_str":"102","text":"@TheGlobus yes","in_reply_to_status_id_str":"100","in_reply_to_user_id_str":"1","user":{"id_str":"3","screen_name":"human3","name":"h","created_at":"Mon Jan 01 00:00:00 +0000 2018"}}
[1,2,3]
`
	fixtureFollows = "follower_id,followee_id\n2,1\n3,1\n2,1\n,1\n"
	fixtureOps     = `[{"name":"Op Globus 2018","disclosed":"2018-10","attribution":"state actor","state_backed":true,"indicators":{"domains":["globus-news.info"],"screen_names":[],"account_ids":["2"]}}]`
	fixtureRegs    = "domain,registrant,registered_at\nglobus-news.info,Globus LLC,2018-05-01T00:00:00Z\n"
	fixtureCamps   = `[{"hashtag":"TakeBackDay","emoji":"💊","starts":"2019-10-26T00:00:00Z","ends":"2019-10-27T00:00:00Z","owner":"DEA","note":"public health"}]`
)

func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "a-tweets.jsonl", fixtureTweets)
	writeFile(t, dir, "b-follows.csv.gz", gz(t, fixtureFollows))
	writeFile(t, dir, "c-ops.json", fixtureOps)
	writeFile(t, dir, "d-regs.csv", fixtureRegs)
	writeFile(t, dir, "e-campaigns.json", fixtureCamps)
	return dir
}

// TestStatsGolden ingests the fixture directory and compares stats --json
// and the table with golden files (go test -run TestStatsGolden -update-ingest).
func TestStatsGolden(t *testing.T) {
	in := fixtureDir(t)
	dir := filepath.Join(t.TempDir(), "store")
	_, errs := runIngest(t, "", 0, "ingest", "--store", dir, in)
	errs = strings.ReplaceAll(errs, in+string(filepath.Separator), "")
	ingestGolden(t, "ingest_summary.txt", errs)
	out, _ := runIngest(t, "", 0, "stats", "--store", dir, "--json")
	ingestGolden(t, "stats.json", out)
	out, _ = runIngest(t, "", 0, "stats", "--store", dir)
	ingestGolden(t, "stats.txt", out)
}

func ingestGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateIngest {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update-ingest)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestIngestIdempotent(t *testing.T) {
	in := fixtureDir(t)
	tests := []struct {
		name string
		runs [][]string // PATH arguments of each ingest, relative to the fixture dir
	}{
		{"whole dir twice", [][]string{{"."}, {"."}}},
		{"file by file, then the dir", [][]string{{"e-campaigns.json", "a-tweets.jsonl"}, {"d-regs.csv", "c-ops.json", "b-follows.csv.gz"}, {"."}}},
	}
	ref := filepath.Join(t.TempDir(), "ref")
	runIngest(t, "", 0, "ingest", "--store", ref, in)
	want, wantStats := digestOf(t, ref), statsOf(t, ref)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			for _, run := range tt.runs {
				args := []string{"ingest", "--store", dir}
				for _, p := range run {
					args = append(args, filepath.Join(in, p))
				}
				runIngest(t, "", 0, args...)
			}
			if got := digestOf(t, dir); got != want {
				t.Errorf("digest %s, want %s", got, want)
			}
			sameStats(t, statsOf(t, dir), wantStats)
		})
	}
}

func TestIngestSnapshotUpdate(t *testing.T) {
	probe := func(at, name string, followers int) string {
		return `{"created_at":"` + at + `","user":{"id_str":"42","screen_name":"` + name + `","name":"n","created_at":"Mon Oct 01 00:00:00 +0000 2018","followers_count":` + strings.Repeat("1", followers) + `}}` + "\n"
	}
	in := t.TempDir()
	older := writeFile(t, in, "older.jsonl", probe("Mon Nov 04 00:00:00 +0000 2019", "old_name", 1))
	newer := writeFile(t, in, "newer.jsonl", probe("Tue Dec 03 00:00:00 +0000 2019", "new_name", 3))
	for _, order := range [][]string{{older, newer}, {newer, older}} {
		dir := filepath.Join(t.TempDir(), "store")
		for _, p := range order {
			runIngest(t, "", 0, "ingest", "--store", dir, p)
		}
		st := openStoreForTest(t, dir)
		a, err := st.AccountByScreenName(t.Context(), "new_name")
		if err != nil {
			t.Fatal(err)
		}
		if a.Followers != 111 || a.FirstSeen.Month() != time.November || a.LastSeen.Month() != time.December {
			t.Errorf("after %v: %+v", order, a)
		}
		if _, err := st.AccountByScreenName(t.Context(), "old_name"); err == nil {
			t.Errorf("old screen name still finds the account")
		}
		st.Close()
		if s := statsOf(t, dir); s.Accounts != 1 || s.Profiles != 1 {
			t.Errorf("stats %+v", s)
		}
	}
}

func TestIngestRejects(t *testing.T) {
	in := fixtureDir(t)
	dir := filepath.Join(t.TempDir(), "store")
	rej := filepath.Join(t.TempDir(), "rejects.csv")
	tweets := filepath.Join(in, "a-tweets.jsonl")
	follows := filepath.Join(in, "b-follows.csv.gz")
	_, errs := runIngest(t, "", 0, "ingest", "--store", dir, "--rejects", rej, tweets, follows)
	for _, want := range []string{tweets + ":3: ", tweets + ":5: ", follows + ":5: ", "total: 2 files"} {
		if !strings.Contains(errs, want) {
			t.Errorf("summary lacks %q:\n%s", want, errs)
		}
	}
	b, err := os.ReadFile(rej)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 || lines[0] != "file,line,reason" {
		t.Fatalf("rejects file:\n%s", b)
	}
	for i, prefix := range []string{tweets + ",3,", tweets + ",5,", follows + ",5,"} {
		if !strings.HasPrefix(lines[i+1], prefix) || len(lines[i+1]) <= len(prefix) {
			t.Errorf("rejects line %d = %q, want %q and a reason", i+2, lines[i+1], prefix)
		}
	}
	// The same bad files again, one of them through stdin: counted once.
	f, _ := os.ReadFile(tweets)
	runIngest(t, string(f), 0, "ingest", "--store", dir, "-", follows)
	if s := statsOf(t, dir); s.Rejected != 3 || s.Posts != 3 || s.Follows != 2 {
		t.Errorf("stats after re-ingest: %+v", s)
	}
}

func TestIngestStrict(t *testing.T) {
	in := t.TempDir()
	good := writeFile(t, in, "a-good.csv", fixtureFollows[:len("follower_id,followee_id\n2,1\n")])
	bad := writeFile(t, in, "b-bad.jsonl", fixtureTweets)
	after := writeFile(t, in, "c-after.csv", "follower_id,followee_id\n9,8\n")
	dir := filepath.Join(t.TempDir(), "store")
	_, errs := runIngest(t, "", 1, "ingest", "--store", dir, "--strict", good, bad, after)
	if !strings.Contains(errs, bad+":3: ") || !strings.Contains(errs, "nothing of "+bad+" was stored") {
		t.Errorf("stderr:\n%s", errs)
	}
	s := statsOf(t, dir)
	if s.Follows != 1 || s.Posts != 0 || s.Profiles != 0 || s.Rejected != 0 || s.Accounts != 2 {
		t.Errorf("strict ingest stored %+v; want only the good file's follow", s)
	}
	// Without --strict the same file is stored around its bad lines.
	runIngest(t, "", 0, "ingest", "--store", dir, bad)
	if s := statsOf(t, dir); s.Posts != 3 || s.Rejected != 2 {
		t.Errorf("lenient ingest: %+v", s)
	}
}

func TestIngestErrors(t *testing.T) {
	in := t.TempDir()
	junk := writeFile(t, in, "junk.txt", "548707617\tbot\n")
	dir := filepath.Join(t.TempDir(), "store")
	tests := []struct {
		name   string
		args   []string
		status int
		want   string
	}{
		{"unknown format flag", []string{"ingest", "--store", dir, "--format", "xml", junk}, 1, "twitter-v1, profile-probes"},
		{"unsniffable content", []string{"ingest", "--store", dir, junk}, 1, "twitter-v1, profile-probes"},
		{"missing file", []string{"ingest", "--store", dir, filepath.Join(in, "nope.jsonl")}, 1, "no such file"},
		{"no store", []string{"ingest", junk}, 2, "--store"},
		{"no paths", []string{"ingest", "--store", dir}, 2, "PATH"},
		{"stats without store", []string{"stats"}, 2, "--store"},
		{"stats of a missing store", []string{"stats", "--store", filepath.Join(in, "none")}, 1, "(run botsweep ingest first)"},
		{"digest without store", []string{"digest"}, 2, "--store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := runIngest(t, "", tt.status, tt.args...)
			if !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") > 4 {
				t.Errorf("stderr %q, want a short message with %q", errs, tt.want)
			}
		})
	}
}

func TestIngestDirectorySkipsFilesInNoKnownFormat(t *testing.T) {
	// A disclosure release: data CSVs beside a README and zips.
	in := t.TempDir()
	writeFile(t, in, "follows.csv", "follower_id,followee_id\n1,2\n3,2\n")
	writeFile(t, in, "README.md", "# Release\nTwo files.\n")
	writeFile(t, in, "follows.zip", "PK\x03\x04\x14\x00\x00\x00binary")
	dir := filepath.Join(t.TempDir(), "store")
	_, errs := runIngest(t, "", 0, "ingest", "--store", dir, in)
	for _, want := range []string{"README.md: skipped", "follows.zip: skipped", "total: 1 files, 2 records"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q lacks %q", errs, want)
		}
	}
	if s := statsOf(t, dir); s.Follows != 2 {
		t.Errorf("stats %+v, want 2 follows", s)
	}
	// Named on its own, the same README is an error.
	_, errs = runIngest(t, "", 1, "ingest", "--store", dir, filepath.Join(in, "README.md"))
	if !strings.Contains(errs, "unknown input format") {
		t.Errorf("stderr %q", errs)
	}
	// A directory with nothing botsweep reads is an error too.
	only := t.TempDir()
	writeFile(t, only, "notes.txt", "nothing to see\n")
	_, errs = runIngest(t, "", 1, "ingest", "--store", dir, only)
	if !strings.Contains(errs, "no file in a format botsweep reads") {
		t.Errorf("stderr %q", errs)
	}
}

func TestIngestStdinGzip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	runIngest(t, gz(t, fixtureFollows), 0, "ingest", "--store", dir, "-")
	if s := statsOf(t, dir); s.Follows != 2 || s.Rejected != 1 || s.Accounts != 3 {
		t.Errorf("stats %+v", s)
	}
}

// TestIngestRealData checks exact counts on the shared research data.
func TestIngestRealData(t *testing.T) {
	tests := []struct {
		name  string
		sub   string
		check func(t *testing.T, s ingestStats)
	}{
		{"cresci-rtbust-2019 profiles", "cresci-rtbust-2019/profiles.jsonl", func(t *testing.T, s ingestStats) {
			if s.Accounts != 485 || s.Profiles != 485 || s.Posts != 0 || s.Rejected != 0 {
				t.Errorf("%+v", s)
			}
		}},
		{"botwiki-2019", "botwiki-2019", func(t *testing.T, s ingestStats) {
			if s.Accounts != 698 || s.Profiles != 698 || s.Posts != 0 || s.Rejected != 0 {
				t.Errorf("%+v", s)
			}
		}},
		{"coortweet-russian share table", "coortweet-russian", func(t *testing.T, s ingestStats) {
			// 35,125 rows: one is an exact repeat (it dedupes); 40 contents
			// are each listed as shares of two objects (both kept), so
			// 35,124 distinct shares by 9,509 accounts.
			if s.Accounts != 9509 || s.Retweets != 35124 || s.Posts != 35124 || s.Profiles != 0 || s.Rejected != 0 {
				t.Errorf("%+v", s)
			}
			if s.FirstPost == nil || s.LastPost == nil || !s.FirstPost.Before(*s.LastPost) {
				t.Errorf("post times %v %v", s.FirstPost, s.LastPost)
			}
		}},
		{"voterfraud2020 retweets", "voterfraud2020/retweets", func(t *testing.T, s ingestStats) {
			if s.Accounts != 186555 || s.Retweets != 423238 || s.Posts != 423238 || s.Rejected != 0 || s.FirstPost != nil {
				t.Errorf("%+v", s)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := testutil.SharedData(t, tt.sub)
			dir := filepath.Join(t.TempDir(), "store")
			runIngest(t, "", 0, "ingest", "--store", dir, path)
			tt.check(t, statsOf(t, dir))
		})
	}
}

func openStoreForTest(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestIngestProgressOnTerminal shows progress only when stderr is a
// terminal, and never on stdout.
func TestIngestProgressOnTerminal(t *testing.T) {
	path, _ := genFile(t, 2000)
	for _, tty := range []bool{false, true} {
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, stderrTTY: tty,
			now: func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }}
		if status := run(t.Context(), e, []string{"ingest", "--store", filepath.Join(t.TempDir(), "s"), path}); status != 0 {
			t.Fatalf("status %d: %s", status, errb.String())
		}
		if out.Len() != 0 {
			t.Errorf("stdout: %q", out.String())
		}
		if got := strings.Contains(errb.String(), "records ("); got != tty {
			t.Errorf("tty=%v: progress shown=%v:\n%q", tty, got, errb.String())
		}
	}
}
