package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/store"
	"github.com/cockroachdb/pebble/v2"
)

var updateMod = flag.Bool("update-moderation", false, "rewrite the moderation commands' golden files")

// modWorld writes a store: realDonaldTrump, BarackObama and jack, organic
// accounts o0.., and fakes f0.. in network N1 (every tenth associated) and
// a small network N2 (g0..g9). Fakes follow realDonaldTrump far more
// than the others. It returns the store's directory.
func modWorld(t testing.TB, dir string, organic, fakes int) string {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w, err := st.NewWriter(store.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	created := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	acct := func(id, name string) {
		check(w.Account(&botsweep.Account{ID: id, ScreenName: name, Name: name, CreatedAt: created, LastSeen: created}))
	}
	prom := []string{"realDonaldTrump", "BarackObama", "jack"}
	for i, p := range prom {
		acct(fmt.Sprint(100+i), p)
	}
	for i := 0; i < organic; i++ {
		acct(fmt.Sprint(1000+i), fmt.Sprint("person", i))
		// every organic account follows the three; some follow each other
		for p := range prom {
			check(w.Follow(botsweep.Follow{Follower: fmt.Sprint(1000 + i), Followee: fmt.Sprint(100 + p)}))
		}
		check(w.Follow(botsweep.Follow{Follower: fmt.Sprint(1000 + i), Followee: fmt.Sprint(1000 + (i+1)%organic)}))
	}
	n1 := botsweep.Network{ID: "N1", Score: 0.97, Summary: "retweets @TheGlobus",
		Evidence: botsweep.Evidence{Signals: []botsweep.Signal{{Layer: "co-retweet", Edges: 10}}}}
	n2 := botsweep.Network{ID: "N2", Score: 0.8, Summary: "link spam"}
	for i := 0; i < fakes; i++ {
		id := fmt.Sprint(500000 + i)
		acct(id, fmt.Sprint("f", i))
		role := botsweep.RoleCore
		if i%10 == 9 {
			role = botsweep.RoleAssociated
		}
		n1.Members = append(n1.Members, botsweep.Member{AccountID: id, ScreenName: fmt.Sprint("f", i), Role: role, Score: 0.9, Reasons: []string{"retweets @TheGlobus within 30s"}})
		check(w.Follow(botsweep.Follow{Follower: id, Followee: "100"}))
		if i%4 == 0 {
			check(w.Follow(botsweep.Follow{Follower: id, Followee: "101"}))
		}
		if i%8 == 0 {
			check(w.Follow(botsweep.Follow{Follower: id, Followee: "102"}))
		}
		check(w.Follow(botsweep.Follow{Follower: id, Followee: fmt.Sprint(1000 + i%organic)}))
	}
	for i := 0; i < 10; i++ {
		id := fmt.Sprint(900000 + i)
		acct(id, fmt.Sprint("g", i))
		n2.Members = append(n2.Members, botsweep.Member{AccountID: id, ScreenName: fmt.Sprint("g", i), Role: botsweep.RoleCore, Score: 0.7})
		check(w.Follow(botsweep.Follow{Follower: id, Followee: "102"}))
	}
	n1.Size, n2.Size = len(n1.Members), len(n2.Members)
	check(w.Close())
	check(st.PutNetworks(context.Background(), []botsweep.Network{n1, n2}))
	return dir
}

// modGolden compares got with testdata/name, rewriting it with -update-moderation.
func modGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateMod {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update-moderation)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func modCLI(t *testing.T, want int, args ...string) string {
	t.Helper()
	status, out, errs := cli(t, "", args...)
	if status != want {
		t.Fatalf("botsweep %s: status %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), status, want, out, errs)
	}
	return out + errs
}

func TestSweepAppealImpactCLI(t *testing.T) {
	dir := modWorld(t, t.TempDir(), 50, 40)
	at := "--at=2019-12-22T23:00:00Z"

	// dry run writes nothing
	out := modCLI(t, 0, "sweep", "--store", dir, "--network", "N1", "--reason", "platform-manipulation", "--actor", "analyst-1", at, "--dry-run")
	modGolden(t, "sweep_dry_run.txt", out)
	if out := modCLI(t, 0, "audit", "log", "--store", dir); out != "" {
		t.Fatalf("dry run wrote events:\n%s", out)
	}
	// the breaker refuses, then an admin overrides
	out = modCLI(t, 1, "sweep", "--store", dir, "--network", "N1", "--with-associated", "--reason", "platform-manipulation", "--actor", "analyst-1", at, "--max-per-sweep", "30")
	if !strings.Contains(out, "circuit breaker") || !strings.Contains(out, "per-sweep cap of 30") {
		t.Fatalf("refusal = %q", out)
	}
	out = modCLI(t, 0, "sweep", "--store", dir, "--network", "N1", "--with-associated", "--reason", "platform-manipulation", "--actor", "admin", at, "--max-per-sweep", "30", "--override")
	modGolden(t, "sweep_override.txt", out)
	// sweeping again skips everyone
	out = modCLI(t, 0, "sweep", "--store", dir, "--all", "--reason", "platform-manipulation", "--actor", "analyst-1", "--json")
	var res struct {
		Sweep   botsweep.Sweep `json:"sweep"`
		Skipped []string       `json:"skipped"`
		Impact  struct {
			FollowsRemoved int64 `json:"follows_removed"`
		} `json:"impact"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Sweep.ID != "sweep-2" || len(res.Sweep.Accounts) != 10 || len(res.Skipped) != 36 || res.Impact.FollowsRemoved != 10 {
		t.Fatalf("second sweep = %+v", res)
	}
	// unknown network
	out = modCLI(t, 1, "sweep", "--store", dir, "--network", "N9", "--reason", "platform-manipulation")
	if !strings.Contains(out, "network N9 not found") {
		t.Fatalf("unknown network: %q", out)
	}

	// impact of one account, by screen name and by id
	out = modCLI(t, 0, "impact", "--store", dir, "--account", "realDonaldTrump", "--json")
	var imp map[string]any
	if err := json.Unmarshal([]byte(out), &imp); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"account", "followers_before", "followers_after", "lost", "by_sweep"} {
		if _, ok := imp[k]; !ok {
			t.Errorf("impact JSON lacks %q: %s", k, out)
		}
	}
	if imp["account"] != "realDonaldTrump" || imp["followers_before"] != 90.0 || imp["followers_after"] != 50.0 || imp["lost"] != 40.0 {
		t.Errorf("impact = %s", out)
	}
	if bs := imp["by_sweep"].([]any); len(bs) != 2 || bs[0].(map[string]any)["removed"] != 40.0 {
		t.Errorf("by_sweep = %v", bs)
	}
	modCLI(t, 0, "impact", "--store", dir, "--account", "100")
	modCLI(t, 1, "impact", "--store", dir, "--account", "nobody")

	// appeal: file for f3, reinstate, and realDonaldTrump gets that follower back
	// appeals that cannot be: an account never suspended, an unknown one
	if out := modCLI(t, 1, "appeal", "file", "--store", dir, "--account", "person1", "--actor", "x"); !strings.Contains(out, "never been suspended") {
		t.Errorf("appeal of an account never suspended: %q", out)
	}
	if out := modCLI(t, 1, "appeal", "file", "--store", dir, "--account", "123", "--actor", "x"); !strings.Contains(out, "no account 123 in the store") || strings.Contains(out, "not suspended") {
		t.Errorf("appeal of an unknown account: %q", out)
	}
	modCLI(t, 0, "appeal", "file", "--store", dir, "--account", "f3", "--actor", "f3", "--note", "I am a nurse")
	modCLI(t, 1, "appeal", "file", "--store", dir, "--account", "f3", "--actor", "f3")
	out = modCLI(t, 0, "appeal", "list", "--store", dir)
	if !strings.Contains(out, "500003") || !strings.Contains(out, "sweep-1") {
		t.Fatalf("appeal list = %q", out)
	}
	out = modCLI(t, 0, "appeal", "resolve", "--store", dir, "--account", "f3", "--outcome", "reinstated", "--actor", "reviewer", "--note", "real person")
	if !strings.Contains(out, "status now active") {
		t.Fatalf("resolve = %q", out)
	}
	modCLI(t, 1, "appeal", "resolve", "--store", dir, "--account", "f3", "--outcome", "upheld")
	out = modCLI(t, 0, "impact", "--store", dir, "--account", "realDonaldTrump", "--json")
	if err := json.Unmarshal([]byte(out), &imp); err != nil {
		t.Fatal(err)
	}
	if imp["followers_after"] != 51.0 || imp["lost"] != 39.0 {
		t.Errorf("after reinstatement: %s", out)
	}
	// the reinstated follower is named between the last sweep and now
	out = modCLI(t, 0, "impact", "--store", dir, "--account", "realDonaldTrump")
	if !strings.Contains(out, "between sweep-2's after (50) and now (51): +1 reinstated") {
		t.Errorf("impact does not explain the reinstatement:\n%s", out)
	}

	out = modCLI(t, 0, "impact", "--store", dir, "--report", "--min-followers", "5")
	modGolden(t, "impact_report.txt", out)
	out = modCLI(t, 0, "impact", "--store", dir, "--report", "--json")
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"totals", "sweeps", "top_absolute", "top_relative", "tracking", "prominent", "findings"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("report JSON lacks %q", k)
		}
	}

	out = modCLI(t, 0, "audit", "verify", "--store", dir)
	if !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("verify = %q", out)
	}
	out = modCLI(t, 0, "audit", "log", "--store", dir, "--account", "f3", "--json")
	var hist []botsweep.ModEvent
	if err := json.Unmarshal([]byte(out), &hist); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range hist {
		kinds = append(kinds, string(e.Kind))
	}
	if strings.Join(kinds, ",") != "suspend,appeal_filed,appeal_resolved,reinstate" {
		t.Fatalf("history of f3 = %v", kinds)
	}
}

func TestSweepUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no networks", []string{"sweep", "--store", dir, "--reason", "platform-manipulation"}, "--network ID... or --all"},
		{"no reason", []string{"sweep", "--store", dir, "--all"}, "--reason"},
		{"no store", []string{"sweep", "--all", "--reason", "platform-manipulation"}, "--store DIR"},
		{"bad time", []string{"sweep", "--store", dir, "--all", "--reason", "platform-manipulation", "--at", "yesterday"}, "not a time"},
		{"impact without mode", []string{"impact", "--store", dir}, "--account"},
		{"resolve without outcome", []string{"appeal", "resolve", "--store", dir, "--account", "x"}, "--outcome"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, errs := cli(t, "", tt.args...)
			if status != 2 || !strings.Contains(errs, tt.want) {
				t.Fatalf("status %d, stderr %q; want 2 and %q", status, errs, tt.want)
			}
		})
	}
}

// modTamper edits the stored events of a closed store directly in Pebble.
func modTamper(t *testing.T, dir string, fn func(db *pebble.DB)) {
	t.Helper()
	db, err := pebble.Open(dir, &pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fn(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func modEvKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{'e'}, seq)
}

func modGetEvent(t *testing.T, db *pebble.DB, seq uint64) []byte {
	t.Helper()
	v, c, err := db.Get(modEvKey(seq))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return append([]byte(nil), v...)
}

func TestAuditVerifyTamper(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, db *pebble.DB)
		want   []string // lines the report must contain
	}{
		{"change an event", func(t *testing.T, db *pebble.DB) {
			var e botsweep.ModEvent
			if err := json.Unmarshal(modGetEvent(t, db, 5), &e); err != nil {
				t.Fatal(err)
			}
			e.Subject = "someone-else"
			v, _ := json.Marshal(e)
			if err := db.Set(modEvKey(5), v, pebble.Sync); err != nil {
				t.Fatal(err)
			}
		}, []string{"seq 5: altered"}},
		{"change the raw bytes", func(t *testing.T, db *pebble.DB) {
			v := modGetEvent(t, db, 7)
			v = []byte(strings.Replace(string(v), "platform-manipulation", "platform-manipulatioN", 1))
			if err := db.Set(modEvKey(7), v, pebble.Sync); err != nil {
				t.Fatal(err)
			}
		}, []string{"seq 7: altered"}},
		{"delete an event", func(t *testing.T, db *pebble.DB) {
			if err := db.Delete(modEvKey(4), pebble.Sync); err != nil {
				t.Fatal(err)
			}
		}, []string{"seq 4: removed"}},
		{"delete the last event", func(t *testing.T, db *pebble.DB) {
			if err := db.Delete(modEvKey(11), pebble.Sync); err != nil {
				t.Fatal(err)
			}
		}, []string{"seq 11: removed: missing from the end of the log"}},
		{"reorder two events", func(t *testing.T, db *pebble.DB) {
			a, b := modGetEvent(t, db, 3), modGetEvent(t, db, 6)
			if err := db.Set(modEvKey(3), b, pebble.Sync); err != nil {
				t.Fatal(err)
			}
			if err := db.Set(modEvKey(6), a, pebble.Sync); err != nil {
				t.Fatal(err)
			}
		}, []string{"seq 6: reordered", "seq 3: reordered"}},
		{"garbage value", func(t *testing.T, db *pebble.DB) {
			if err := db.Set(modEvKey(2), []byte("{not json"), pebble.Sync); err != nil {
				t.Fatal(err)
			}
		}, []string{"seq 2: altered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := modWorld(t, t.TempDir(), 20, 10)
			// seq 1 header, 2..10 nine core suspensions of N1, 11 an appeal
			modCLI(t, 0, "sweep", "--store", dir, "--network", "N1", "--reason", "platform-manipulation", "--actor", "a", "--at", "2019-12-22T23:00:00Z")
			modCLI(t, 0, "appeal", "file", "--store", dir, "--account", "f0", "--actor", "f0")
			modCLI(t, 0, "audit", "verify", "--store", dir)
			modTamper(t, dir, func(db *pebble.DB) { tt.tamper(t, db) })
			out := modCLI(t, 1, "audit", "verify", "--store", dir)
			if !strings.Contains(out, "BROKEN") {
				t.Errorf("verify did not say BROKEN:\n%s", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("verify output lacks %q:\n%s", w, out)
				}
			}
			// commands that act on the log refuse a broken one
			out = modCLI(t, 1, "sweep", "--store", dir, "--all", "--reason", "platform-manipulation")
			if !strings.Contains(out, "fails verification") {
				t.Errorf("sweep on a broken log: %q", out)
			}
		})
	}
}
