package detect

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
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

// clockworkTable is a share table (no post times, no authors): people
// share items at their own pace (a median delay of their own, a lognormal
// spread of 1.3, shares of items that arrive while they sleep deferred to
// their morning) and bots, when nBots > 0, share the same stream of items
// with delays of spread botSigma at any hour (botSleep: deferred to their
// morning like people's). Every share is measured from the item's first
// share. It returns the world and the bots' and people's dense ids.
func clockworkTable(t *testing.T, seed uint64, nPeople, nBots int, botSigma float64, botSleep bool) (*world, []int32, []int32) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 31))
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	ds, share := retweetTable()
	items := 300
	itemAt := func(i int) time.Time { return start.Add(time.Duration(i) * 37 * time.Minute) }
	for i := range items {
		share("seed", fmt.Sprintf("item%d", i), itemAt(i)) // the item's first share
	}
	// A share of item i after a lognormal delay, deferred to the morning
	// when it falls in the 8 hours after wake+16.
	at := func(i int, med, sigma float64, wake int, sleeps bool) time.Time {
		at := itemAt(i).Add(time.Duration(med*math.Exp(sigma*rng.NormFloat64())+1) * time.Second)
		if h := (at.Hour() - wake + 24) % 24; sleeps && h >= 16 {
			at = at.Add(time.Duration(24-h) * time.Hour)
		}
		return at
	}
	for p := range nPeople {
		id := fmt.Sprintf("person%d", p)
		med, wake := 120*math.Exp(2*rng.Float64()), rng.IntN(24)
		for i := range items {
			if rng.IntN(6) == 0 {
				share(id, fmt.Sprintf("item%d", i), at(i, med, 1.3, wake, true))
			}
		}
	}
	for b := range nBots {
		id := fmt.Sprintf("bot%d", b)
		med, wake := 30+60*rng.Float64(), rng.IntN(24)
		for i := range items {
			if rng.IntN(3) == 0 {
				share(id, fmt.Sprintf("item%d", i), at(i, med, botSigma, wake, botSleep))
			}
		}
	}
	w, err := load(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	var bots, people []int32
	for b := range nBots {
		bots = append(bots, w.acct.ids[fmt.Sprintf("bot%d", b)])
	}
	for p := range nPeople {
		people = append(people, w.acct.ids[fmt.Sprintf("person%d", p)])
	}
	return w, bots, people
}

// clockworkOf runs clockworkEvidence on the given clusters of w (every
// other account an outsider) and returns their features and coverage.
func clockworkOf(w *world, groups [][]int32, opts Options) ([]map[string]float64, []coverage) {
	opts.defaults()
	memberOf := make([]int32, w.n())
	for i := range memberOf {
		memberOf[i] = -1
	}
	var cls []cluster
	for c, g := range groups {
		for _, a := range g {
			memberOf[a] = int32(c)
		}
		cls = append(cls, cluster{members: g})
	}
	auto := make([]automation, len(cls))
	clockworkEvidence(w, cls, memberOf, opts, auto)
	var fs []map[string]float64
	var covs []coverage
	for _, a := range auto {
		f, cov := map[string]float64{}, coverage{}
		automationFeatures(a, f, cov)
		fs, covs = append(fs, f), append(covs, cov)
	}
	return fs, covs
}

// TestClockworkDelays: bots whose delays are tight at any hour show
// clockwork_delays far above the null's rate, a group of people (fast or
// slow, taken from the same crowd as the outsiders) about the null's rate,
// over seeds, group sizes and the bots' spread. Bots as loose as people
// but awake at any hour still show it (people's nights spread their
// delays); bots that also sleep like people do not.
func TestClockworkDelays(t *testing.T) {
	for _, tc := range []struct {
		seed           uint64
		people, bots   int
		sigma          float64
		sleep          bool
		botMin, botMax float64
		peopleMax      float64
	}{
		{1, 300, 30, 0.3, false, 0.9, 1, 0.15},
		{2, 500, 80, 0.5, false, 0.6, 1, 0.15},
		{3, 200, 15, 0.4, false, 0.7, 1, 0.2},
		{4, 400, 50, 1.3, false, 0.5, 1, 0.15}, // as loose as people, awake at any hour
		{5, 400, 50, 1.3, true, 0, 0.2, 0.15},  // like people: nothing to see
	} {
		t.Run(fmt.Sprint(tc.seed), func(t *testing.T) {
			w, bots, people := clockworkTable(t, tc.seed, tc.people, tc.bots, tc.sigma, tc.sleep)
			// People group: the first 40 people (the rest are the null).
			fs, covs := clockworkOf(w, [][]int32{bots, people[:40]}, Options{})
			bot, bok := fs[0][FeatClockwork]
			ppl, pok := fs[1][FeatClockwork]
			t.Logf("seed %d: bots %.3f (%v), people %.3f (%v)", tc.seed, bot, covs[0][FeatClockwork], ppl, covs[1][FeatClockwork])
			if !bok || !pok {
				t.Fatalf("unmeasured: bots %v, people %v", covs[0], covs[1])
			}
			if bot < tc.botMin || bot > tc.botMax {
				t.Errorf("bots: clockwork %.3f, want in [%.2f, %.2f]", bot, tc.botMin, tc.botMax)
			}
			if ppl > tc.peopleMax {
				t.Errorf("people: clockwork %.3f, want <= %.2f", ppl, tc.peopleMax)
			}
		})
	}
}

// TestClockworkUnknown: clockwork_delays is unavailable, never 0, when
// the null has too few outsiders or the members too few delays.
func TestClockworkUnknown(t *testing.T) {
	w, bots, people := clockworkTable(t, 5, 60, 20, 0.3, false)
	// Every person a member: no outsiders but the seeding account.
	fs, covs := clockworkOf(w, [][]int32{bots, people}, Options{})
	if _, ok := fs[0][FeatClockwork]; ok || covs[0][FeatClockwork] == "" {
		t.Errorf("no null: measured %v, want unavailable", fs[0])
	}
	// Members with fewer than delayMinRetweets delays each.
	fs, covs = clockworkOf(w, [][]int32{bots, people[:10]}, Options{ClockworkMinOutsiders: 5})
	if _, ok := fs[0][FeatClockwork]; !ok {
		t.Errorf("bots unmeasured: %v", covs[0])
	}
	few := people[:0:0]
	for _, a := range people {
		if w.retweets[a] < delayMinRetweets {
			few = append(few, a)
		}
	}
	if len(few) > 0 {
		fs, covs = clockworkOf(w, [][]int32{few}, Options{ClockworkMinOutsiders: 5})
		if _, ok := fs[0][FeatClockwork]; ok || covs[0][FeatClockwork] == "" {
			t.Errorf("%d members without enough delays: measured %v, want unavailable", len(few), fs[0])
		}
	}
}

// TestLogIQR checks the interquartile range on hand-computed cases.
func TestLogIQR(t *testing.T) {
	for _, tc := range []struct {
		xs   []float32
		want float64
	}{
		{[]float32{1, 2, 3, 4, 5}, 2}, // quartiles 2 and 4
		{[]float32{4, 1, 3, 2}, 1.5},  // 1.75 and 3.25
		{[]float32{7, 7, 7}, 0},
	} {
		if got := logIQR(tc.xs); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("logIQR = %v, want %v", got, tc.want)
		}
	}
}
