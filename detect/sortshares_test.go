package detect

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortShares: sortShares gives the comparison sort's order (item, time,
// account) whether the shares fit packed keys or not, sorted on one
// goroutine or in two halves.
func TestSortShares(t *testing.T) {
	gen := func(seed uint64, n, items, accts int, t0, span int64) []Share {
		rng := rand.New(rand.NewPCG(seed, 3))
		s := make([]Share, n)
		for i := range s {
			s[i] = Share{Item: int32(rng.IntN(items)), Account: int32(rng.IntN(accts)), Time: t0 + rng.Int64N(span)}
		}
		return s
	}
	cases := []struct {
		name   string
		shares []Share
	}{
		{"empty", nil},
		{"one", []Share{{Item: 3, Account: 1, Time: 9}}},
		{"month of shares, packed", gen(1, 50_000, 2_000, 10_000, 1_572_566_400, 30*86400)},
		{"ties in item and time", gen(2, 20_000, 5, 300, 100, 10)},
		{"negative times, packed from the earliest", gen(3, 10_000, 100, 100, -1_000_000, 2_000_000)},
		{"too wide for one key", gen(4, 10_000, math.MaxInt32, math.MaxInt32, math.MinInt64/4, math.MaxInt64/2)},
		{"already sorted", func() []Share { s := gen(5, 1000, 50, 50, 0, 1000); slices.SortFunc(s, cmpShares); return s }()},
		{"duplicates", append(gen(6, 500, 10, 10, 0, 5), gen(6, 500, 10, 10, 0, 5)...)},
		// From parallelSortMin shares on, two halves sorted apart and merged.
		{"halves sorted apart", gen(7, 3*parallelSortMin+1, 20_000, 50_000, 1_572_566_400, 14*86400)},
		{"halves with duplicates across them", append(gen(8, parallelSortMin, 30, 40, 0, 60), gen(8, parallelSortMin, 30, 40, 0, 60)...)},
		{"halves, one item", gen(9, 2*parallelSortMin, 1, 1000, 0, 1_000_000)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := slices.Clone(tc.shares)
			slices.SortFunc(want, cmpShares)
			got := slices.Clone(tc.shares)
			sortShares(got)
			if !slices.Equal(got, want) {
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("at %d: %+v, want %+v", i, got[i], want[i])
					}
				}
			}
		})
	}
}
