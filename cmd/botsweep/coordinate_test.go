package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect/detecttest"
	"github.com/botsweep/botsweep/graphfile/graphfiletest"
	"github.com/botsweep/botsweep/internal/testutil"
	"github.com/botsweep/botsweep/store"
)

// readTable reads a CSV file with a header into its header and rows.
var readTable = testutil.ReadCSV

func TestCoordinateSmallTable(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "shares.csv", `object_id,account_id,content_id,timestamp_share
o1,a,c1,1600001000
o1,b,c2,1600001005
o1,c,c3,1600001200
o2,b,c4,1600002030
o2,a,c5,1600002000
o2,c,c6,1600002500
o3,c,c7,1600009000
bad,row
`)
	out := filepath.Join(dir, "out")
	status, stdout, stderr := cli(t, "", "coordinate", in, "--window", "30s", "--min-participation", "2", "--out", out)
	if status != 0 {
		t.Fatalf("status %d, stderr %s", status, stderr)
	}
	if !strings.Contains(stderr, "shares.csv:9:") {
		t.Errorf("the bad row is not reported with its file and line: %s", stderr)
	}
	if !strings.Contains(stdout, "2 coordinated share pairs; 2 accounts in 1 groups") {
		t.Errorf("stdout = %q", stdout)
	}
	result, err := os.ReadFile(filepath.Join(out, "result.csv"))
	if err != nil {
		t.Fatal(err)
	}
	wantResult := `object_id,account_id,account_id_y,content_id,content_id_y,time_delta
o1,a,b,c1,c2,5
o2,a,b,c5,c4,30
`
	if string(result) != wantResult {
		t.Errorf("result.csv:\n%s\nwant:\n%s", result, wantResult)
	}
	groups, err := os.ReadFile(filepath.Join(out, "groups.csv"))
	if err != nil {
		t.Fatal(err)
	}
	wantGroups := "account_id,group_id,verdict\na,1,coordinated\nb,1,coordinated\n"
	if string(groups) != wantGroups {
		t.Errorf("groups.csv:\n%s\nwant:\n%s", groups, wantGroups)
	}
}

func TestCoordinateUsage(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "shares.csv", "object_id,account_id,content_id,timestamp_share\no,a,c,1\n")
	tests := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"no output directory", []string{"coordinate", in}, 2, "--out"},
		{"no input", []string{"coordinate", "--out", dir}, 2, "FILE"},
		{"negative window", []string{"coordinate", in, "--out", dir, "--window", "-1s"}, 2, "--window"},
		{"missing file", []string{"coordinate", filepath.Join(dir, "nope.csv"), "--out", dir}, 1, "nope.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, stderr := cli(t, "", tc.args...)
			if status != tc.status || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("status %d stderr %q, want %d and %q", status, stderr, tc.status, tc.stderr)
			}
		})
	}
}

// TestCoordinateSimulatedWorld runs coordinate on a small simulated
// world's retweets written as a share table, keeping the store, and checks
// that the tables agree with each other and with the stored networks.
func TestCoordinateSimulatedWorld(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			d, labels := detecttest.MiniWorld(seed)
			dir := t.TempDir()
			var b strings.Builder
			b.WriteString("object_id,account_id,content_id,timestamp_share\n")
			for _, p := range d.Posts {
				if p.Kind == botsweep.KindRetweet {
					fmt.Fprintf(&b, "%s,%s,%s,%d\n", p.RetweetOf, p.AccountID, p.ID, p.CreatedAt.Unix())
				}
			}
			in := writeFile(t, dir, "shares.csv", b.String())
			out, st := filepath.Join(dir, "out"), filepath.Join(dir, "store")
			status, _, stderr := cli(t, "", "coordinate", in, "--window", "60s", "--out", out, "--store", st)
			if status != 0 {
				t.Fatalf("status %d, stderr %s", status, stderr)
			}
			_, pairs := readTable(t, filepath.Join(out, "result.csv"))
			_, groups := readTable(t, filepath.Join(out, "groups.csv"))
			group := map[string]string{}
			verdict := map[string]string{}
			for _, g := range groups {
				group[g[0]], verdict[g[0]] = g[1], g[2]
			}
			inPairs := map[string]bool{}
			for _, p := range pairs {
				inPairs[p[1]], inPairs[p[2]] = true, true
				if group[p[1]] == "" || group[p[1]] != group[p[2]] {
					t.Fatalf("pair %v: accounts in groups %q and %q", p, group[p[1]], group[p[2]])
				}
			}
			if len(inPairs) != len(group) {
				t.Errorf("%d accounts in pairs, %d in groups", len(inPairs), len(group))
			}
			// The planted network co-retweets within seconds: one group.
			var planted []string
			for a, l := range labels {
				if l == "retweet-network" {
					planted = append(planted, group[a])
				}
			}
			slices.Sort(planted)
			if planted = slices.Compact(planted); len(planted) != 1 || planted[0] == "" {
				t.Errorf("the planted network's accounts are in groups %q, want one", planted)
			}
			// Verdicts are those of the stored networks.
			s, err := store.Open(st, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			nets, err := s.Networks(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := inauthenticAccounts(nets)
			flagged := 0
			for a, v := range verdict {
				if (v == "inauthentic") != want[a] {
					t.Errorf("account %s: verdict %q, in an inauthentic network: %v", a, v, want[a])
				}
				if v != "inauthentic" && v != "coordinated" {
					t.Errorf("account %s: verdict %q", a, v)
				}
				if v == "inauthentic" {
					flagged++
				}
			}
			t.Logf("%d pairs, %d accounts, %d inauthentic, %d networks", len(pairs), len(group), flagged, len(nets))
		})
	}
}

// TestCoordinateParityWithCooRTweet runs the CLI on the real data at
// CooRTweet's reference parameters and compares accounts, components and
// the number of coordinated share pairs with CooRTweet's own output.
func TestCoordinateParityWithCooRTweet(t *testing.T) {
	russianDir := testutil.SharedData(t, "coortweet-russian")
	data := filepath.Join(russianDir, "russian_coord_tweets.csv")
	for _, p := range []struct {
		window string
		mp     int
		pairs  int
		edges  int
	}{{"10s", 2, 447, 442}, {"60s", 2, 3791, 3721}, {"300s", 3, 14560, 13969}} {
		tag := fmt.Sprintf("tw%s_mp%d", strings.TrimSuffix(p.window, "s"), p.mp)
		t.Run(tag, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			status, _, stderr := cli(t, "", "coordinate", data, "--window", p.window, "--min-participation", fmt.Sprint(p.mp), "--out", out)
			if status != 0 {
				t.Fatalf("status %d, stderr %s", status, stderr)
			}
			header, pairs := readTable(t, filepath.Join(out, "result.csv"))
			if strings.Join(header, ",") != "object_id,account_id,account_id_y,content_id,content_id_y,time_delta" {
				t.Errorf("result.csv header %q", header)
			}
			if len(pairs) != p.pairs {
				t.Errorf("%d coordinated share pairs, CooRTweet %d", len(pairs), p.pairs)
			}
			_, groups := readTable(t, filepath.Join(out, "groups.csv"))
			_, ref := readTable(t, filepath.Join(russianDir, "coortweet-reference", "groups_"+tag+".csv"))
			got, want := testutil.Partition(groups), testutil.Partition(ref)
			if len(groups) != len(ref) {
				t.Errorf("%d accounts, CooRTweet %d", len(groups), len(ref))
			}
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%d components, CooRTweet %d, or their members differ", len(got), len(want))
			}
			// The Gephi file holds CooRTweet's network: its accounts and edges.
			gexf := filepath.Join(out, "network.gexf")
			b, err := os.ReadFile(gexf)
			if err != nil {
				t.Fatal(err)
			}
			graphfiletest.CheckGEXF(t, b, len(ref), p.edges)
			if p.window == "60s" {
				if n, e, _, _ := graphfiletest.NetworkX(t, gexf, "gexf", ref[0][0]); n != len(ref) || e != p.edges {
					t.Errorf("networkx reads %d nodes and %d edges, CooRTweet has %d and %d", n, e, len(ref), p.edges)
				}
			}
		})
	}
}
