package detect

import (
	"math/rand/v2"
	"testing"
)

// TestCreationBursts: a group created in pairs hours apart over a few
// weeks is created together beyond chance in a world whose accounts were
// created over twelve years, and not in a young platform's world whose
// accounts were all created in the same weeks; a group drawn at random
// from the world's accounts is never beyond chance; a group with fewer
// than five creation dates is not tested.
func TestCreationBursts(t *testing.T) {
	opts := Options{}
	opts.defaults()
	const day = 86400
	const start = int64(1_500_000_000)
	// pairs: n accounts created two by two, three hours apart, one pair a
	// week.
	pairs := func(n int) []int64 {
		var ts []int64
		for i := range n {
			ts = append(ts, start+int64(i/2)*7*day+int64(i%2)*3*3600)
		}
		return ts
	}
	world := func(seed uint64, people int, span int64, group []int64) (*world, []int32) {
		r := rand.New(rand.NewPCG(seed, 1))
		w := &world{}
		for range people {
			w.created = append(w.created, start-span/2+r.Int64N(span))
		}
		var members []int32
		for _, c := range group {
			members = append(members, int32(len(w.created)))
			w.created = append(w.created, c)
		}
		w.screen = make([]string, len(w.created))
		return w, members
	}
	tests := []struct {
		name   string
		people int
		span   int64
		group  []int64
		random int // instead of group: this many members drawn from the people
		want   bool
	}{
		{"pairs in a world twelve years old", 2000, 12 * 365 * day, pairs(20), 0, true},
		{"pairs in a larger world", 20000, 12 * 365 * day, pairs(12), 0, true},
		{"pairs on a young platform", 2000, 20 * day, pairs(20), 0, false},
		{"random members", 2000, 12 * 365 * day, nil, 40, false},
		{"random members of a young platform", 2000, 60 * day, nil, 40, false},
		{"four dated members", 2000, 12 * 365 * day, pairs(4), 0, false},
	}
	for _, tc := range tests {
		for seed := range uint64(5) {
			w, members := world(seed, tc.people, tc.span, tc.group)
			if tc.random > 0 {
				r := rand.New(rand.NewPCG(seed, 2))
				for _, i := range r.Perm(tc.people)[:tc.random] {
					members = append(members, int32(i))
				}
			}
			cb := creationBurstsOf(w, members)
			if got := cb.beyondChance(opts); got != tc.want {
				t.Errorf("%s (seed %d): beyond chance %v, want %v (observed %.0f pairs, expected %.3g, significance %.1f)", tc.name, seed, got, tc.want, cb.test.Observed, cb.test.Expected, cb.test.significance())
			}
			share := cb.share(opts)
			if tc.want && share < 0.9 {
				t.Errorf("%s (seed %d): share %.2f, want every member paired", tc.name, seed, share)
			}
			if !tc.want && share != 0 {
				t.Errorf("%s (seed %d): share %.2f, want 0", tc.name, seed, share)
			}
			for i := range members {
				if cb.inBurst(i, opts) != (tc.want && cb.partners[i] > 0) {
					t.Errorf("%s (seed %d): member %d in a burst %v", tc.name, seed, i, cb.inBurst(i, opts))
				}
			}
		}
	}
}
