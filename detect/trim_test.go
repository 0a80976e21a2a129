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
		// Found whole in one reported network, whatever its verdict: what
		// this test guards is that per-member trimming keeps every group
		// together. Since the camouflaged network is enforced (its members
		// amplify inside their own quiet hours: quiet_hour_amplification,
		// docs/DETECTION.md), trimming applies to it: members with
		// MemberPersonSigns signs of a person whose own amplification
		// shows no automation leave it. Those are counted apart (trimmed)
		// and logged: on these worlds 10 of 50 camouflaged accounts, whose
		// amplification follows the target's own day (a known gap of
		// per-member membership, docs/benchmarks/detect.md). Every other
		// camouflaged account must be in the one network.
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
		trimmed := trimmedCamouflage(t, d, labels, res.Networks)
		if trimmed > 0 {
			t.Logf("seed %d: %d camouflaged accounts trimmed as people from the enforced network", seed, trimmed)
		}
		for l, n := range total {
			if sim.KindOf(l) != "bot" {
				continue
			}
			if l == sim.LabelCamouflage {
				n -= trimmed
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

// trimmedCamouflage counts the camouflaged accounts that per-member
// membership trims from an enforced camouflaged network: absent from every
// network, with opts.MemberPersonSigns or more signs of a person and no
// automation on their own evidence (memberEvidence over the camouflaged
// accounts as one cluster). 0 when the camouflaged network is not
// enforced.
func trimmedCamouflage(t *testing.T, d *botsweep.Dataset, labels map[string]string, nets []botsweep.Network) int {
	t.Helper()
	enforced, in := false, map[string]bool{}
	for _, n := range nets {
		for _, m := range n.Members {
			in[m.AccountID] = true
			if labels[m.AccountID] == sim.LabelCamouflage && n.Verdict == botsweep.VerdictInauthentic {
				enforced = true
			}
		}
	}
	if !enforced {
		return 0
	}
	w, err := load(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	var cl cluster
	for a := int32(0); int(a) < w.n(); a++ {
		if labels[w.acct.names[a]] == sim.LabelCamouflage {
			cl.members = append(cl.members, a)
			cl.internal = append(cl.internal, 1)
		}
	}
	var opts Options
	opts.defaults()
	k := 0
	for i, m := range memberEvidence(w, []cluster{cl}, opts)[0] {
		if !in[w.acct.names[cl.members[i]]] && m.person(opts) {
			k++
		}
	}
	return k
}
