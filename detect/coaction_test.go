package detect

import (
	"cmp"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/botsweep/botsweep/internal/testutil"
)

// referenceCoShare is the peers' definition written the obvious way: for
// every item, every pair of shares by different accounts at most window
// apart links the accounts; the weight is the number of distinct items.
func referenceCoShare(shares []Share, window int64, minItems int) map[[2]int32]int {
	byItem := map[int32][]Share{}
	for _, s := range shares {
		byItem[s.Item] = append(byItem[s.Item], s)
	}
	count := map[[2]int32]int{}
	for _, ss := range byItem {
		linked := map[[2]int32]bool{}
		for i := range ss {
			for j := range ss {
				a, b := ss[i], ss[j]
				if a.Account >= b.Account {
					continue
				}
				d := a.Time - b.Time
				if d < 0 {
					d = -d
				}
				if d <= window {
					linked[[2]int32{a.Account, b.Account}] = true
				}
			}
		}
		for k := range linked {
			count[k]++
		}
	}
	for k, c := range count {
		if c < minItems {
			delete(count, k)
		}
	}
	return count
}

func asMap(pw []PairWeight) map[[2]int32]int {
	m := map[[2]int32]int{}
	for _, p := range pw {
		m[[2]int32{p.A, p.B}] = int(p.Items)
	}
	return m
}

func diffEdges(t *testing.T, got, want map[[2]int32]int) {
	t.Helper()
	bad := 0
	for k, w := range want {
		if got[k] != w {
			bad++
			if bad < 5 {
				t.Errorf("pair %v: weight %d, want %d", k, got[k], w)
			}
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			bad++
			if bad < 5 {
				t.Errorf("pair %v: weight %d, want no edge", k, g)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d pairs differ (got %d edges, want %d)", bad, len(got), len(want))
	}
}

func TestCoShareEdgesHandComputed(t *testing.T) {
	// Accounts 0,1,2,3; items 10, 11, 12; window 60 s.
	shares := []Share{
		{10, 0, 1000}, {10, 1, 1030}, {10, 2, 1090}, {10, 3, 1200}, // 0-1 (30s), 1-2 (60s, inclusive); 0-2 is 90s
		{11, 0, 5000}, {11, 1, 5059}, {11, 1, 5100}, // 0-1 once, despite 1 sharing twice
		{12, 2, 9000}, {12, 2, 9001}, // one account only: no self edge
		{13, 3, 100}, {13, 0, 160}, // exactly 60 s
	}
	tests := []struct {
		name     string
		window   time.Duration
		minItems int
		want     map[[2]int32]int
	}{
		{"60s min 1", 60 * time.Second, 1, map[[2]int32]int{{0, 1}: 2, {1, 2}: 1, {0, 3}: 1}},
		{"60s min 2", 60 * time.Second, 2, map[[2]int32]int{{0, 1}: 2}},
		{"30s min 1", 30 * time.Second, 1, map[[2]int32]int{{0, 1}: 1}},
		{"2m min 1", 2 * time.Minute, 1, map[[2]int32]int{{0, 1}: 2, {1, 2}: 1, {0, 2}: 1, {2, 3}: 1, {0, 3}: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := asMap(CoShareEdges(shares, tc.window, tc.minItems))
			diffEdges(t, got, tc.want)
			diffEdges(t, got, referenceCoShare(shares, int64(tc.window/time.Second), tc.minItems))
		})
	}
}

// loadShareTable reads a CooRTweet share table into shares.
func loadShareTable(t testing.TB, path string) ([]Share, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	objects, accounts := newInterner(), newInterner()
	var out []Share
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		ts, err := strconv.ParseInt(rec[3], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Share{Item: objects.id(rec[0]), Account: accounts.id(rec[1]), Time: ts})
	}
	return out, len(accounts.names)
}

func TestCoRetweetParityRussian(t *testing.T) {
	dir := testutil.SharedData(t, "coortweet-russian")
	shares, nAcc := loadShareTable(t, filepath.Join(dir, "russian_coord_tweets.csv"))
	if len(shares) != 35125 {
		t.Fatalf("read %d shares, want 35125", len(shares))
	}
	for _, tc := range []struct {
		name     string
		window   time.Duration
		minItems int
	}{
		{"10s min 1", 10 * time.Second, 1},
		{"60s min 1", 60 * time.Second, 1},
		{"60s min 2", 60 * time.Second, 2},
		{"5m min 3", 5 * time.Minute, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CoShareEdges(shares, tc.window, tc.minItems)
			want := referenceCoShare(shares, int64(tc.window/time.Second), tc.minItems)
			diffEdges(t, asMap(got), want)
			// The sampled fast path keeps every pair whose item had no burst
			// beyond the cap: here it must agree wherever it did not sample.
			fast := coAction(append([]Share(nil), shares...), int64(tc.window/time.Second), 12, nAcc, 1, func(int) float32 { return 1 })
			exact := 0
			for _, p := range fast {
				if !p.Sampled {
					exact++
					if w, ok := want[[2]int32{p.A, p.B}]; tc.minItems == 1 && (!ok || w != int(p.Items)) {
						t.Errorf("fast path pair %d-%d: %d items, reference %d", p.A, p.B, p.Items, w)
					}
				}
			}
			t.Logf("window %s: %d edges with weight >= %d (fast path: %d pairs, %d unsampled)", tc.window, len(got), tc.minItems, len(fast), exact)
		})
	}
	t.Logf("estimated window: %s", EstimateWindow(shares))
}

func TestEstimateWindow(t *testing.T) {
	var shares []Share
	// 20 items each shared by 10 accounts: the first 10 items within 20 s,
	// the rest over an hour.
	for it := int32(0); it < 20; it++ {
		for a := int32(0); a < 10; a++ {
			step := int64(2)
			if it >= 10 {
				step = 400
			}
			shares = append(shares, Share{Item: it, Account: a, Time: 1000 + int64(a)*step})
		}
	}
	got := EstimateWindow(shares)
	if got != 8*time.Second {
		t.Errorf("EstimateWindow = %s, want 8s", got)
	}
	if EstimateWindow(nil) != 0 {
		t.Error("no data should give 0")
	}
	_ = sort.Ints
}

func TestRadixSortPairs(t *testing.T) {
	for _, tc := range []struct {
		name     string
		n, nAcc  int
		distinct int // distinct weights
	}{
		{"empty", 0, 10, 1},
		{"small", 100, 50, 3},
		{"many repeats", 5000, 20, 4},
		{"wide keys", 50000, 1 << 20, 50},
		{"one account pair", 1000, 2, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tc.n), 9))
			p := make([]pairInst, tc.n)
			for i := range p {
				a, b := int32(rng.IntN(tc.nAcc)), int32(rng.IntN(tc.nAcc))
				p[i] = pairInst{key: pairKey(a, b), w: float32(rng.IntN(tc.distinct)) / 8, sampled: rng.IntN(2) == 0}
			}
			want := append([]pairInst(nil), p...)
			slices.SortFunc(want, func(a, b pairInst) int {
				if c := cmp.Compare(a.key, b.key); c != 0 {
					return c
				}
				if c := cmp.Compare(a.w, b.w); c != 0 {
					return c
				}
				if a.sampled == b.sampled {
					return 0
				}
				if b.sampled {
					return -1
				}
				return 1
			})
			radixSortPairs(p)
			if !slices.Equal(p, want) {
				t.Fatal("radix order differs from the comparison sort's")
			}
		})
	}
}
