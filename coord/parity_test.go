package coord

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/botsweep/botsweep/detect"
	"github.com/botsweep/botsweep/internal/testutil"
)

// rowsOf reads a CSV file's rows after the header.
func rowsOf(t *testing.T, path string) [][]string {
	_, rows := testutil.ReadCSV(t, path)
	return rows
}

func TestParityWithCooRTweet(t *testing.T) {
	russianDir := testutil.SharedData(t, "coortweet-russian")
	data := filepath.Join(russianDir, "russian_coord_tweets.csv")
	tbl := NewTable()
	for i, r := range rowsOf(t, data) {
		ts, err := strconv.ParseInt(r[3], 10, 64)
		if err != nil {
			t.Fatalf("row %d: %v", i+2, err)
		}
		tbl.Add(r[0], r[1], r[2], time.Unix(ts, 0))
	}
	for _, p := range []struct {
		window time.Duration
		mp     int
		pairs  int
	}{{10 * time.Second, 2, 447}, {60 * time.Second, 2, 3791}, {300 * time.Second, 3, 14560}} {
		tag := fmt.Sprintf("tw%d_mp%d", int(p.window.Seconds()), p.mp)
		t.Run(tag, func(t *testing.T) {
			r := Detect(tbl, Options{Window: p.window, MinParticipation: p.mp})
			if len(r.Pairs) != p.pairs {
				t.Errorf("%d coordinated share pairs, CooRTweet %d", len(r.Pairs), p.pairs)
			}
			ref := filepath.Join(russianDir, "coortweet-reference")
			want := rowsOf(t, filepath.Join(ref, "groups_"+tag+".csv"))
			var got [][]string
			for _, m := range r.Groups() {
				got = append(got, []string{tbl.Account(m.Account), strconv.Itoa(m.Group)})
			}
			if len(got) != len(want) {
				t.Errorf("%d accounts, CooRTweet %d", len(got), len(want))
			}
			gp, wp := testutil.Partition(got), testutil.Partition(want)
			if !slices.EqualFunc(gp, wp, slices.Equal) {
				t.Errorf("components differ: %d, CooRTweet %d", len(gp), len(wp))
			}
			wantEdges := map[[2]string]string{}
			for _, rec := range rowsOf(t, filepath.Join(ref, "edges_"+tag+".csv")) {
				a, b := min(rec[0], rec[1]), max(rec[0], rec[1])
				wantEdges[[2]string{a, b}] = rec[2]
			}
			edges := r.Edges()
			if len(edges) != len(wantEdges) {
				t.Errorf("%d edges, CooRTweet %d", len(edges), len(wantEdges))
			}
			for _, e := range edges {
				a, b := tbl.Account(e.A), tbl.Account(e.B)
				k := [2]string{min(a, b), max(a, b)}
				if w := wantEdges[k]; w != strconv.Itoa(e.Weight) {
					t.Errorf("edge %s-%s weight %d, CooRTweet %q", a, b, e.Weight, w)
					break
				}
			}
		})
	}
}

// TestCooRTweetAgainstCoShareEdges pins how CooRTweet's network differs
// from the toolkit's co-share edges (detect.CoShareEdges, the definition
// detect's co-retweet layer starts from) on the real data: every
// CooRTweet edge is a co-share edge, but CooRTweet drops the pairs of
// accounts below min_participation, and its weight counts share pairs
// where CoShareEdges counts distinct objects, so a weight is never below
// the items.
func TestCooRTweetAgainstCoShareEdges(t *testing.T) {
	russianDir := testutil.SharedData(t, "coortweet-russian")
	data := filepath.Join(russianDir, "russian_coord_tweets.csv")
	tbl := NewTable()
	var shares []detect.Share
	items := map[string]int32{}
	for i, r := range rowsOf(t, data) {
		ts, err := strconv.ParseInt(r[3], 10, 64)
		if err != nil {
			t.Fatalf("row %d: %v", i+2, err)
		}
		tbl.Add(r[0], r[1], r[2], time.Unix(ts, 0))
		if _, ok := items[r[0]]; !ok {
			items[r[0]] = int32(len(items))
		}
		shares = append(shares, detect.Share{Item: items[r[0]], Account: int32(tbl.acc[len(tbl.acc)-1]), Time: ts})
	}
	for _, w := range []time.Duration{10 * time.Second, 60 * time.Second} {
		r := Detect(tbl, Options{Window: w, MinParticipation: 2})
		co := map[[2]int32]int32{}
		for _, e := range detect.CoShareEdges(shares, w, 1) {
			co[[2]int32{e.A, e.B}] = e.Items
		}
		edges := r.Edges()
		for _, e := range edges {
			items, ok := co[[2]int32{int32(e.A), int32(e.B)}]
			if !ok || int32(e.Weight) < items {
				t.Fatalf("window %s: CooRTweet edge %d-%d weight %d, co-share items %d (present %v)", w, e.A, e.B, e.Weight, items, ok)
			}
		}
		if len(co) <= len(edges) {
			t.Errorf("window %s: %d co-share edges, %d CooRTweet edges: min_participation dropped nothing", w, len(co), len(edges))
		}
		t.Logf("window %s: %d co-share edges, %d CooRTweet edges", w, len(co), len(edges))
	}
}
