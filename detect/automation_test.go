package detect

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// TestKruskalWallisHandComputed checks H on hand-computed cases.
func TestKruskalWallisHandComputed(t *testing.T) {
	tests := []struct {
		name   string
		groups [][]float64
		want   float64
	}{
		// ranks 1-3 and 4-6: 12/42·(6²/3 + 15²/3) − 21 = 3.857
		{"separated", [][]float64{{1, 2, 3}, {4, 5, 6}}, 12.0/42*(36.0/3+225.0/3) - 21},
		// interleaved: rank sums 10 and 11: 12/42·(100/3 + 121/3) − 21 = 0.0476
		{"interleaved", [][]float64{{1, 4, 5}, {2, 3, 6}}, 12.0/42*(100.0/3+121.0/3) - 21},
		{"all tied", [][]float64{{7, 7}, {7, 7}}, 0},
		// ranks: 1 | 2.5 2.5 | 4: sums 3.5 and 6.5, ties correction 1 − 6/60
		{"one tie", [][]float64{{1, 5}, {5, 9}}, (12.0/20*(3.5*3.5/2+6.5*6.5/2) - 15) / (1 - 6.0/60)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := kruskalWallis(tc.groups); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("H = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSharedDelayProfileSeparatesClones: members of one scheduler draw
// their delays from one distribution, people each from their own (a
// median of their own, as the superfans and fans have). Over
// seeds, group sizes and delays per member the clones' feature stays
// high and the people's low.
func TestSharedDelayProfileSeparatesClones(t *testing.T) {
	for _, k := range []int{6, 12, 40} {
		for _, per := range []int{delayMinRetweets, 30} {
			t.Run(fmt.Sprintf("%d members, %d delays", k, per), func(t *testing.T) {
				var clones, people []float64
				for seed := range uint64(30) {
					rng := rand.New(rand.NewPCG(seed, uint64(k*100+per)))
					med := 20 + 1800*rng.Float64()
					draw := func(median, sigma float64) []float64 {
						d := make([]float64, per)
						for i := range d {
							d[i] = math.Round(median * math.Exp(sigma*rng.NormFloat64()))
						}
						return d
					}
					var cg, pg [][]float64
					for range k {
						cg = append(cg, draw(med, 0.5))
						pg = append(pg, draw(med*math.Exp(0.6*rng.NormFloat64()), 0.8))
					}
					clones = append(clones, sharedDelays(cg))
					people = append(people, sharedDelays(pg))
				}
				sort.Float64s(clones)
				sort.Float64s(people)
				if m := clones[len(clones)/2]; m < 0.6 {
					t.Errorf("clones: median feature %.3f, want >= 0.6 (%v)", m, clones)
				}
				if m := people[len(people)/2]; m > 0.4 {
					t.Errorf("people: median feature %.3f, want <= 0.4 (%v)", m, people)
				}
			})
		}
	}
}

// sharedDelays is the shared_delay_profile feature of delay groups.
func sharedDelays(groups [][]float64) float64 {
	f, cov := map[string]float64{}, coverage{}
	automationFeatures(automation{amplifies: true, delayMembers: len(groups), delayH: kruskalWallis(groups)}, f, cov)
	return f[FeatSharedDelays]
}

// TestAutomationFeaturesCoverage: a feature the data could not show is
// unavailable with its reason, never 0 or 1.
func TestAutomationFeaturesCoverage(t *testing.T) {
	tests := []struct {
		name      string
		a         automation
		wantQuiet float64 // -1 unavailable
		wantDelay float64
	}{
		{"no amplified account", automation{quietKnown: 10, quietAuto: 10, delayMembers: 10, delayH: 9}, -1, -1},
		{"too few known days and delays", automation{amplifies: true, quietKnown: autoMinMembers - 1, delayMembers: autoMinMembers - 1}, -1, -1},
		{"measured", automation{amplifies: true, quietKnown: 10, quietAuto: 4, delayMembers: 10, delayH: 18}, 0.4, 0.5},
		{"identical delays", automation{amplifies: true, quietKnown: 10, delayMembers: 10}, 0, 1},
		{"delays far apart", automation{amplifies: true, quietKnown: 10, delayMembers: 10, delayH: 900}, 0, 0.01},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, cov := map[string]float64{}, coverage{}
			automationFeatures(tc.a, f, cov)
			for name, want := range map[string]float64{FeatQuietAmp: tc.wantQuiet, FeatSharedDelays: tc.wantDelay} {
				got, ok := f[name]
				_, unav := cov[name]
				switch {
				case want < 0 && (ok || !unav):
					t.Errorf("%s: measured %v (unavailable %v), want unavailable", name, got, unav)
				case want >= 0 && (!ok || unav || math.Abs(got-want) > 1e-9):
					t.Errorf("%s = %v (measured %v, unavailable %v), want %v", name, got, ok, unav, want)
				}
			}
		})
	}
}
