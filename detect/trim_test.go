package detect

import (
	"context"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestCamouflageSurvivesTrimming: when people retweet a lot (30 posts on
// average, 60% of them retweets), a camouflaged network's own organic-looking
// retweets are slow, and so is the median delay over all of a member's
// retweets. Measured that way, members with a custom profile, varied
// creation dates and replies got a fourth sign of a person and were trimmed
// (45 of 50 kept on seed 123 before the delay was taken on the amplified
// account's posts). Every planted label must stay found and together.
func TestCamouflageSurvivesTrimming(t *testing.T) {
	for _, seed := range []int64{123, 124, 125} {
		cfg, err := sim.Default("globus")
		if err != nil {
			t.Fatal(err)
		}
		cfg.Seed, cfg.Scale = seed, 0.2
		cfg.OrganicMeanPosts, cfg.RetweetShare = 30, 0.6
		d := &botsweep.Dataset{}
		truth, err := sim.Generate(context.Background(), cfg, d)
		if err != nil {
			t.Fatal(err)
		}
		labels := map[string]string{}
		total := map[string]int{}
		for _, r := range truth.Rows {
			labels[r.AccountID] = r.Label
			total[r.Label]++
		}
		res, err := Run(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		count, _ := flaggedByLabel(res.Networks, labels)
		// Found whole in one reported network, whatever its verdict: the
		// camouflaged network's verdict is coordinated with the current
		// verdict model (a known gap, docs/benchmarks/detect.md), and what
		// this test guards is that per-member trimming keeps every group
		// together.
		best := map[string]int{}
		for _, n := range res.Networks {
			in := map[string]int{}
			for _, m := range n.Members {
				in[labels[m.AccountID]]++
			}
			for l, k := range in {
				best[l] = max(best[l], k)
			}
		}
		bots, flagged := 0, 0
		for l, k := range count {
			flagged += k
			if sim.KindOf(l) == "bot" {
				bots += k
			}
		}
		for l, n := range total {
			if sim.KindOf(l) != "bot" {
				continue
			}
			if float64(best[l]) < 0.95*float64(n) {
				t.Errorf("seed %d: %s: %d of %d in one network (flagged %d)", seed, l, best[l], n, count[l])
			}
		}
		if flagged == 0 || float64(bots) < 0.97*float64(flagged) {
			t.Errorf("seed %d: precision %d of %d flagged", seed, bots, flagged)
		}
	}
}
