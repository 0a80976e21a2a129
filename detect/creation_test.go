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
// than five creation dates is not tested; beside a network made in one
// day, two people created hours apart years ago are not in its burst.
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
	// oneDay: n accounts created within one day.
	oneDay := func(n int) []int64 {
		var ts []int64
		for i := range n {
			ts = append(ts, start+int64(i)*3600)
		}
		return ts
	}
	// peopleWithPair: twelve people created half a year apart (inside the
	// world's twelve years), two of them three hours apart.
	var peopleWithPair []int64
	for i := range 12 {
		peopleWithPair = append(peopleWithPair, start-int64(i+1)*180*day)
	}
	peopleWithPair[11] = peopleWithPair[10] + 3*3600
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
		world  int // accounts outside the group
		span   int64
		group  []int64
		random int // instead of group: this many members drawn from the people
		want   bool
		// people: the last this many members of the group are people,
		// never in the burst whatever the group shows.
		people int
	}{
		{"pairs in a world twelve years old", 2000, 12 * 365 * day, pairs(20), 0, true, 0},
		{"pairs in a larger world", 20000, 12 * 365 * day, pairs(12), 0, true, 0},
		{"pairs on a young platform", 2000, 180 * day, pairs(20), 0, false, 0},
		{"random members", 2000, 12 * 365 * day, nil, 40, false, 0},
		{"random members of a young platform", 2000, 60 * day, nil, 40, false, 0},
		{"four dated members", 2000, 12 * 365 * day, pairs(4), 0, false, 0},
		{"a chance pair beside a network", 2000, 12 * 365 * day, append(oneDay(20), peopleWithPair...), 0, true, len(peopleWithPair)},
	}
	for _, tc := range tests {
		for seed := range uint64(5) {
			w, members := world(seed, tc.world, tc.span, tc.group)
			if tc.random > 0 {
				r := rand.New(rand.NewPCG(seed, 2))
				for _, i := range r.Perm(tc.world)[:tc.random] {
					members = append(members, int32(i))
				}
			}
			cb := creationBurstsOf(w, members, opts)
			if got := cb.beyondChance(); got != tc.want {
				t.Errorf("%s (seed %d): beyond chance %v, want %v (best interval: %.0f members, expected %.3g, significance %.1f)", tc.name, seed, got, tc.want, cb.best.Observed, cb.best.Expected, cb.best.significance())
			}
			network := len(members) - tc.people
			want := 0.0
			if tc.want {
				want = float64(network) / float64(len(members))
			}
			// A pair created a week after the rest of a burst is weak
			// evidence on its own: up to one pair of a network may stay
			// out; a person is never in.
			if share := cb.share(); share > want+1e-9 || share < want-2.0/float64(len(members))-1e-9 {
				t.Errorf("%s (seed %d): share %.3f, want %.3f", tc.name, seed, share, want)
			}
			for i := network; i < len(members); i++ {
				if cb.inBurst(i) {
					t.Errorf("%s (seed %d): person %d in a burst", tc.name, seed, i)
				}
			}
			// Outside a burst is a sign only where bursts were looked
			// for: every member of the group (all dated) has it measured.
			for i := range members {
				if measured, _ := cb.outside(i, true); !measured {
					t.Errorf("%s (seed %d): member %d's age unmeasured with %d dated accounts outside the group", tc.name, seed, i, tc.world)
				}
			}
		}
	}
}

// TestCreationBurstsWithoutBaseline: where fewer accounts outside the
// group than in it have a creation date (a stream's first hours, mostly
// the network's accounts seen), the scan has no null to test against:
// no burst is found, and being created outside one is unknown for every
// member, not a sign of an account of its own age; with the baseline,
// the same group's burst is found and its members' signs are measured.
func TestCreationBurstsWithoutBaseline(t *testing.T) {
	opts := Options{}
	opts.defaults()
	const start = int64(1_500_000_000)
	for _, tc := range []struct {
		name     string
		others   int
		measured bool
	}{
		{"no accounts outside", 0, false},
		{"fewer outside than in", 30, false},
		{"a world outside", 3000, true},
	} {
		w := &world{}
		r := rand.New(rand.NewPCG(uint64(tc.others), 3))
		for range tc.others {
			w.created = append(w.created, start-r.Int64N(12*365*86400))
		}
		var members []int32
		for i := range 40 {
			members = append(members, int32(len(w.created)))
			w.created = append(w.created, start+int64(i)*3600)
		}
		w.screen = make([]string, len(w.created))
		cb := creationBurstsOf(w, members, opts)
		if cb.measured() != tc.measured || cb.beyondChance() != tc.measured {
			t.Errorf("%s: measured %v, beyond chance %v, want both %v", tc.name, cb.measured(), cb.beyondChance(), tc.measured)
		}
		for i := range members {
			measured, shown := cb.outside(i, true)
			if measured != tc.measured {
				t.Errorf("%s: member %d's age measured %v, want %v", tc.name, i, measured, tc.measured)
			}
			if measured && shown {
				t.Errorf("%s: member %d created in the group's day shown outside its burst", tc.name, i)
			}
		}
		if measured, _ := cb.outside(0, false); measured {
			t.Errorf("%s: an undated member's age measured", tc.name)
		}
	}
}
