package detect

import (
	"context"
	"fmt"
	"slices"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestPopularSharersLeave checks, on tuning worlds where the people who
// share a real network's popular items were swept with it by the detector
// before memberCoSelection, that they leave and the network stays: news
// junkies beside a camouflaged network that retweets the same popular
// news as cover (world 9433), crowd accounts beside a share table's
// botnet (crowd table 9501). Members are scored with the account model,
// as botsweep detect does.
func TestPopularSharersLeave(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects several worlds")
	}
	tests := []struct {
		seed  int64
		scale float64 // 0: the crowd share table of seed
		keep  []string
	}{
		{9501, 0, []string{sim.LabelCrowdBotnet}},
		{9433, 0.06, []string{sim.LabelCamouflage}},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("crowd %d", tt.seed)
		var d *botsweep.Dataset
		var truth *sim.Truth
		var opts Options
		if tt.scale == 0 {
			d, truth = crowdShareTable(t, tt.seed)
		} else {
			name = fmt.Sprintf("world %d at %.2f", tt.seed, tt.scale)
			cfg := sim.Random(tt.seed)
			cfg.Scale = tt.scale
			d = &botsweep.Dataset{}
			var err error
			if truth, err = sim.Generate(context.Background(), cfg, d); err != nil {
				t.Fatal(err)
			}
			opts.BotScores = diagBotScores(t, d)
		}
		res, err := Run(context.Background(), d, opts)
		if err != nil {
			t.Fatal(err)
		}
		m, flagged, total := metricsOf(res, truth)
		t.Logf("%s: flagged %v of %v, precision %.3f", name, flagged, total, m.precision)
		for l, fp := range m.people {
			if fp > 0.01 {
				t.Errorf("%s: %.3f of %s flagged, want at most 0.01", name, fp, l)
			}
		}
		for _, l := range tt.keep {
			if r := m.recall[l]; r < 0.9 {
				t.Errorf("%s: %.3f of %s flagged, want 0.9", name, r, l)
			}
		}
	}
}

// TestPopularOnly checks which members popularOnly marks: those whose
// measured co-selection lift is under MinCoSelectLift, and only in a
// cluster with a core of MinNetworkSize members above it.
func TestPopularOnly(t *testing.T) {
	opts := Options{}.withDefaults()
	bot := memberSel{obs: 450, exp: 100}                                        // lift 4.5 (crowd table 9501's botnet: 4.3-4.9)
	junkie := memberSel{obs: 340, exp: 260}                                     // lift 1.3 (world 9433's news junkies: 1.0-1.4)
	camo := memberSel{obs: 1600, exp: 950}                                      // lift 1.7 (world 9426's camouflaged network: 1.6-1.9)
	fan := memberSel{obs: 419, exp: 189}                                        // lift 2.2 (crowd table 9501's most coincident crowd account)
	few := memberSel{obs: 1, exp: 0.6}                                          // too few retweets to tell it from the core
	low, high := memberSel{obs: 1245, exp: 522}, memberSel{obs: 1398, exp: 531} // lifts 2.38 and 2.63 (world 9528's camouflaged network)
	rep := func(s memberSel, n int) []memberSel { return slices.Repeat([]memberSel{s}, n) }
	for _, tc := range []struct {
		name   string
		sel    []memberSel
		exempt int // the first exempt members
		want   int // members marked
	}{
		{"core and junkies", append(rep(bot, 15), rep(junkie, 11)...), 0, 11},
		{"no core", rep(camo, 12), 0, 0},
		{"core too small", append(rep(bot, 4), rep(junkie, 8)...), 0, 0},
		{"core exempt", append(rep(bot, 6), rep(junkie, 8)...), 2, 0},
		{"unmeasured stay", append(rep(bot, 6), rep(few, 8)...), 0, 0},
		{"below the core", append(rep(bot, 12), rep(fan, 2)...), 0, 2},
		{"straddling", append(rep(low, 13), rep(high, 12)...), 0, 0},
		{"no retweets", append(rep(bot, 6), rep(memberSel{}, 3)...), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.sel)
			members, slot := make([]int32, n), make([]int32, n)
			exempt := make([]bool, n)
			for i := range n {
				members[i], slot[i] = int32(i), int32(i)
				exempt[i] = i < tc.exempt
			}
			got := 0
			for _, m := range popularOnly(members, slot, exempt, tc.sel, opts) {
				if m {
					got++
				}
			}
			if got != tc.want {
				t.Errorf("%d members marked, want %d", got, tc.want)
			}
		})
	}
}
