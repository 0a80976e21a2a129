package coord

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep/internal/testutil"
)

func tableOf(rows []row) *Table {
	t := NewTable()
	for _, r := range rows {
		t.Add(r.obj, r.acc, r.content, time.Unix(0, r.at))
	}
	return t
}

// pairsOf renders Detect's pairs like naive does.
func pairsOf(r *Result) []string {
	out := make([]string, len(r.Pairs))
	for i := range r.Pairs {
		w := r.Row(i)
		out[i] = fmt.Sprintf("%s,%s,%s,%s,%s,%s", w.ObjectID, w.AccountID, w.AccountIDY, w.ContentID, w.ContentIDY, Seconds(w.TimeDelta))
	}
	slices.Sort(out)
	return out
}

// groupsOf returns Detect's groups as naiveGroups does.
func groupsOf(r *Result) [][]string {
	var rows [][]string
	for _, m := range r.Groups() {
		rows = append(rows, []string{r.Table().Account(m.Account), fmt.Sprint(m.Group)})
	}
	return testutil.Partition(rows)
}

func sec(s int64) int64 { return s * int64(time.Second) }

func TestDetectCases(t *testing.T) {
	tests := []struct {
		name   string
		rows   []row
		window time.Duration
		mp     int
		want   []string
	}{
		{
			name: "two accounts share two objects within the window",
			rows: []row{
				{"o1", "a", "c1", sec(100)}, {"o1", "b", "c2", sec(105)},
				{"o2", "a", "c3", sec(200)}, {"o2", "b", "c4", sec(190)},
			},
			window: 10 * time.Second, mp: 2,
			want: []string{"o1,a,b,c1,c2,5", "o2,b,a,c4,c3,10"},
		},
		{
			name: "outside the window is no pair",
			rows: []row{
				{"o1", "a", "c1", sec(100)}, {"o1", "b", "c2", sec(111)},
				{"o2", "a", "c3", sec(200)}, {"o2", "b", "c4", sec(200)},
			},
			window: 10 * time.Second, mp: 1,
			want: []string{"o2,a,b,c3,c4,0"},
		},
		{
			name: "equal times keep input order",
			rows: []row{
				{"o1", "b", "c1", sec(100)}, {"o1", "a", "c2", sec(100)},
				{"o2", "a", "c3", sec(1)}, {"o2", "b", "c4", sec(1)},
			},
			window: 0, mp: 2,
			want: []string{"o1,b,a,c1,c2,0", "o2,a,b,c3,c4,0"},
		},
		{
			name: "an account's own shares are a loop",
			rows: []row{
				{"o1", "a", "c1", sec(100)}, {"o1", "a", "c2", sec(101)},
			},
			window: 10 * time.Second, mp: 1,
		},
		{
			name: "the original among its shares is a loop",
			rows: []row{
				{"o1", "a", "o1", sec(100)}, {"o1", "b", "c2", sec(101)}, {"o1", "c", "c3", sec(102)},
			},
			window: 10 * time.Second, mp: 1,
			want: []string{"o1,b,c,c2,c3,1"},
		},
		{
			name: "a repeated row is a loop",
			rows: []row{
				{"o1", "a", "c1", sec(100)}, {"o1", "a", "c1", sec(100)}, {"o1", "b", "c2", sec(100)},
			},
			window: 10 * time.Second, mp: 1,
			want: []string{"o1,a,b,c1,c2,0", "o1,a,b,c1,c2,0"},
		},
		{
			name: "accounts with too few rows are dropped first",
			rows: []row{
				{"o1", "a", "c1", sec(100)}, {"o1", "b", "c2", sec(101)},
				{"o2", "a", "c3", sec(500)},
			},
			window: 10 * time.Second, mp: 2,
		},
		{
			name: "one qualifying side keeps a pair",
			// a takes part in two pairs, b and c in one each: a's contents
			// qualify, so both pairs stay although b and c do not.
			rows: []row{
				{"o1", "a", "c1", sec(100)}, {"o1", "b", "c2", sec(101)},
				{"o2", "a", "c3", sec(200)}, {"o2", "c", "c4", sec(201)},
				{"o3", "b", "c5", sec(900)}, {"o4", "c", "c6", sec(950)},
			},
			window: 10 * time.Second, mp: 2,
			want: []string{"o1,a,b,c1,c2,1", "o2,a,c,c3,c4,1"},
		},
		{
			name: "pairs of accounts that never repeat are dropped",
			rows: []row{
				{"o1", "a", "c1", sec(100)}, {"o1", "b", "c2", sec(101)},
				{"o3", "a", "c5", sec(900)}, {"o4", "b", "c6", sec(950)},
			},
			window: 10 * time.Second, mp: 2,
		},
		{
			name: "fractional seconds",
			rows: []row{
				{"o1", "a", "c1", 100_000_000_000}, {"o1", "b", "c2", 101_500_000_000},
			},
			window: 2 * time.Second, mp: 1,
			want: []string{"o1,a,b,c1,c2,1.5"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := pairsOf(Detect(tableOf(tc.rows), Options{Window: tc.window, MinParticipation: tc.mp}))
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("pairs\n got %q\nwant %q", got, want)
			}
			if oracle := naive(tc.rows, tc.window, tc.mp); !slices.Equal(oracle, want) {
				t.Errorf("the naive oracle disagrees with the case: %q", oracle)
			}
		})
	}
}

// randomRows draws a share table: accounts, objects and times from small
// ranges so that pairs, ties, loops and repeats all happen.
func randomRows(rng *rand.Rand, n, accounts, objects int, span int64) []row {
	rows := make([]row, n)
	for i := range rows {
		obj := fmt.Sprintf("o%d", rng.IntN(objects))
		content := fmt.Sprintf("c%d", i)
		switch rng.IntN(20) {
		case 0:
			content = obj // the original itself
		case 1:
			if i > 0 {
				rows[i] = rows[rng.IntN(i)] // a repeated row
				continue
			}
		case 2:
			content = fmt.Sprintf("o%d", rng.IntN(objects)) // a content that is another object
		}
		rows[i] = row{obj: obj, acc: fmt.Sprintf("a%d", rng.IntN(accounts)), content: content, at: rng.Int64N(span) * int64(time.Second)}
	}
	return rows
}

func TestDetectMatchesNaive(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4, 5, 6, 7, 8} {
		for _, scale := range []int{50, 400, 3000} {
			for _, p := range []struct {
				window time.Duration
				mp     int
			}{{10 * time.Second, 2}, {60 * time.Second, 2}, {300 * time.Second, 3}, {0, 1}, {30 * time.Second, 0}} {
				name := fmt.Sprintf("seed %d rows %d window %s mp %d", seed, scale, p.window, p.mp)
				t.Run(name, func(t *testing.T) {
					rng := rand.New(rand.NewPCG(seed, uint64(scale)))
					rows := randomRows(rng, scale, 1+scale/8, 1+scale/6, 3600)
					r := Detect(tableOf(rows), Options{Window: p.window, MinParticipation: p.mp})
					want := naive(rows, p.window, p.mp)
					if got := pairsOf(r); !slices.Equal(got, want) {
						t.Fatalf("%d pairs, naive %d; first differences: %q", len(got), len(want), firstDiff(got, want))
					}
					if got, want := groupsOf(r), naiveGroups(want); !slices.EqualFunc(got, want, slices.Equal) {
						t.Fatalf("groups differ: %d against naive %d", len(got), len(want))
					}
				})
			}
		}
	}
}

func firstDiff(a, b []string) []string {
	inB := map[string]int{}
	for _, s := range b {
		inB[s]++
	}
	var out []string
	for _, s := range a {
		if inB[s] > 0 {
			inB[s]--
			continue
		}
		out = append(out, "+"+s)
		if len(out) == 5 {
			break
		}
	}
	for s, n := range inB {
		if n > 0 && len(out) < 10 {
			out = append(out, "-"+s)
		}
	}
	return out
}

func TestEdgesAndGroups(t *testing.T) {
	rows := []row{
		{"o1", "a", "c1", sec(100)}, {"o1", "b", "c2", sec(101)}, {"o1", "c", "c3", sec(102)},
		{"o2", "a", "c4", sec(300)}, {"o2", "b", "c5", sec(301)}, {"o9", "c", "c10", sec(900)},
		{"o3", "x", "c6", sec(500)}, {"o3", "y", "c7", sec(501)},
		{"o4", "x", "c8", sec(700)}, {"o4", "y", "c9", sec(701)},
	}
	r := Detect(tableOf(rows), Options{Window: 10 * time.Second, MinParticipation: 2})
	var edges []string
	for _, e := range r.Edges() {
		edges = append(edges, fmt.Sprintf("%s-%s:%d", r.Table().Account(e.A), r.Table().Account(e.B), e.Weight))
	}
	slices.Sort(edges)
	if want := []string{"a-b:2", "a-c:1", "b-c:1", "x-y:2"}; !slices.Equal(edges, want) {
		t.Errorf("edges = %q, want %q", edges, want)
	}
	var groups []string
	for _, m := range r.Groups() {
		groups = append(groups, fmt.Sprintf("%s:%d", r.Table().Account(m.Account), m.Group))
	}
	if want := []string{"a:1", "b:1", "c:1", "x:2", "y:2"}; !slices.Equal(groups, want) {
		t.Errorf("groups = %q, want %q (largest group first)", groups, want)
	}
}

func TestWriteResultCSV(t *testing.T) {
	rows := []row{
		{"o,1", "a", "c1", sec(100)}, {"o,1", "b", "c2", 102_250_000_000},
	}
	r := Detect(tableOf(rows), Options{Window: 10 * time.Second, MinParticipation: 1})
	var b strings.Builder
	if err := WriteResultCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "object_id,account_id,account_id_y,content_id,content_id_y,time_delta\n\"o,1\",a,b,c1,c2,2.25\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
