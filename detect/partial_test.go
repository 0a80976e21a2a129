package detect

import (
	"fmt"
	"math"
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
// judged coordinated keep the group's stage-1 verdict, whatever their own
// test shows; a cluster judged on its own still needs the null model's.
func TestJudgeEstablished(t *testing.T) {
	var opts Options
	opts.defaults()
	for _, size := range []int{20, 60, 200} {
		// Significance far above the bar, but a lift under MinLift.
		obs := float64(size) * 20
		test := coTest{Observed: obs, Expected: obs / (opts.MinLift - 0.5), llr: 1000}
		f := map[string]float64{}
		if j := judge(test, coSelection{}, size, f, coverage{}, opts, false); j.coordinated {
			t.Errorf("size %d: judged on its own, coordinated with lift %.2f", size, test.lift())
		}
		if j := judge(test, coSelection{}, size, f, coverage{}, opts, true); !j.coordinated || j.verdict == "" {
			t.Errorf("size %d: established group judged %+v, want coordinated with a verdict", size, j)
		}
	}
}

// TestJudgeStageOneScaleFree: stage 1 judges the same behaviour alike
// whatever the group's size. Members that co-share alike give a group of
// k members C(k,2)·d co-shares (d per member pair) and the null C(k,2)·e,
// so co-shares per member grow as (k−1)/2·d: a group of 10 showed 4.5·d
// and one of 200, 99.5·d. The retired per-member bar (50) failed the
// small groups below and passed the large ones.
func TestJudgeStageOneScaleFree(t *testing.T) {
	var opts Options
	opts.defaults()
	for _, tc := range []struct {
		name          string
		perPair, lift float64
		want          bool
	}{
		{"tight group", 3, 20, true},
		{"sparse network", 0.9, 5, true},
		{"at the pace of outsiders", 3, 1.5, false},
		{"rarely together, slower than chance", 0.5, 0.8, false},
	} {
		for _, size := range []int{10, 20, 40, 80, 200} {
			pairs := float64(size) * float64(size-1) / 2
			obs, exp := pairs*tc.perPair, pairs*tc.perPair/tc.lift
			test := coTest{Observed: obs, Expected: exp}
			test.llr = obs*math.Log(obs/exp) - obs + exp
			j := judge(test, coSelection{}, size, map[string]float64{}, coverage{}, opts, false)
			if j.coordinated != tc.want {
				t.Errorf("%s, %d members (%.1f co-shares per member, lift %.2f, significance %.1f): coordinated %v, want %v",
					tc.name, size, obs/float64(size), test.lift(), test.significance(), j.coordinated, tc.want)
			}
		}
	}
}
