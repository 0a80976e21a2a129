package detect

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestPartialCoverage: a member covering a small part of the amplified
// account's posts, where the rest of its network covers most of them,
// amplifies at a rate of its own; one at the network's rate does not; one
// with too few opportunities for a partial rate to show is unknown. The
// verdict is a rate against the member's own opportunities: the same
// behaviour gives the same answer in a network ten times larger.
func TestPartialCoverage(t *testing.T) {
	var opts Options
	opts.defaults()
	tests := []struct {
		name                    string
		acts, opps              int32
		othersActs, othersOpps  int32
		wantPartial, wantMeasur bool
	}{
		{"a sixth of the posts, network at a half", 15, 90, 4500, 9000, true, true},
		{"at the network's rate", 45, 90, 4500, 9000, false, true},
		{"a little under the network's rate", 35, 90, 4500, 9000, false, true},
		{"too few opportunities to tell", 1, 6, 4500, 9000, false, false},
		{"no opportunities", 0, 0, 4500, 9000, false, false},
		{"alone in its network", 15, 90, 0, 0, false, false},
	}
	for _, tc := range tests {
		for _, k := range []int32{1, 10} {
			t.Run(fmt.Sprintf("%s x%d", tc.name, k), func(t *testing.T) {
				p, m := partialCoverage(tc.acts, tc.opps, k*tc.othersActs, k*tc.othersOpps, opts)
				if p != tc.wantPartial || m != tc.wantMeasur {
					t.Errorf("partialCoverage = %v, %v; want %v, %v", p, m, tc.wantPartial, tc.wantMeasur)
				}
			})
		}
	}
}

// TestRestScanExact: a member with few retweets, all made while it is
// awake, leaves a daily window empty that Bonferroni over 24 overlapping
// windows cannot call, and the exact scan (its own retweets dealt at
// random among its own opportunities) can. Members covering every hour
// alike rest by chance at about the permutation p-value, not more, over
// many seeds. With 24 retweets of 192 posts, Bonferroni alone let no
// awake-only member rest (0 of 200); the exact scan lets about a third
// rest (70 of 200 when written).
func TestRestScanExact(t *testing.T) {
	var opts Options
	opts.defaults()
	for _, tc := range []struct{ acts, perHour, minRest int }{
		{24, 8, 40}, {24, 4, 190}, {40, 8, 190},
	} {
		acts, perHour := tc.acts, tc.perHour
		{
			fpr, tpr := 0, 0
			const trials = 200
			for seed := range uint64(trials) {
				rng := rand.New(rand.NewPCG(seed, uint64(acts*100+perHour)))
				var opp [24]int32
				for h := range opp {
					opp[h] = int32(perHour)
				}
				// Round the clock: acts of the opportunities, any hour.
				round := deal(rng, &opp, acts, func(int) bool { return true })
				if r := restOf(&opp, &round, opts); r.rests {
					fpr++
				}
				// Awake only: asleep 8 hours from a random hour.
				from := rng.IntN(24)
				awake := deal(rng, &opp, acts, func(h int) bool { return (h-from+24)%24 >= 8 })
				if r := restOf(&opp, &awake, opts); r.rests {
					tpr++
				}
			}
			t.Logf("%d retweets, %d posts an hour: %d of %d round-the-clock members rest, %d of %d awake-only", acts, perHour, fpr, trials, tpr, trials)
			// The permutation p-value is at most 10^-2 per member: about 2 in
			// 200; a binomial upper bound at 1e-3 allows 8.
			if fpr > 8 {
				t.Errorf("%d retweets, %d an hour: %d of %d round-the-clock members rest", acts, perHour, fpr, trials)
			}
			if tpr < tc.minRest {
				t.Errorf("%d retweets, %d an hour: only %d of %d awake-only members rest", acts, perHour, tpr, trials)
			}
		}
	}
}

// deal picks acts of the opportunities in the hours ok allows, at random.
func deal(rng *rand.Rand, opp *[24]int32, acts int, ok func(int) bool) [24]int32 {
	var slots []int
	for h := range opp {
		if ok(h) {
			for range opp[h] {
				slots = append(slots, h)
			}
		}
	}
	var got [24]int32
	rng.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	for _, h := range slots[:min(acts, len(slots))] {
		got[h]++
	}
	return got
}

// TestJudgeEstablished: the members that remain once people left a group
// judged coordinated keep the group's stage-1 verdict, whatever their
// co-shares per member; a cluster judged on its own still needs them.
func TestJudgeEstablished(t *testing.T) {
	var opts Options
	opts.defaults()
	for _, size := range []int{20, 60, 200} {
		// A lift of 50 and a significance far above the bar, but fewer
		// co-shares per member than MinCoShares.
		test := coTest{Observed: float64(size) * (opts.MinCoShares - 1), Expected: float64(size) * (opts.MinCoShares - 1) / 50, llr: 1000}
		f := map[string]float64{}
		if j := judge(test, size, f, coverage{}, opts, false); j.coordinated {
			t.Errorf("size %d: judged on its own, coordinated with %.0f co-shares per member", size, opts.MinCoShares-1)
		}
		if j := judge(test, size, f, coverage{}, opts, true); !j.coordinated || j.verdict == "" {
			t.Errorf("size %d: established group judged %+v, want coordinated with a verdict", size, j)
		}
	}
}
