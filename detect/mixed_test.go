package detect

import (
	"context"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestMixedClusterPeopleLeave (issue #13): in these tuning worlds the
// planted retweet network is clustered with the superfans of the account
// it amplifies (and often the aged amplifiers), and the whole group was
// judged coordinated (inauthenticity 0.32-0.47 on cand8), so the network
// was never enforced. With membership decided per member in groups judged
// coordinated too (splitMixed), the superfans leave on their own evidence
// and the network left is enforced: retweet-network recall at least 0.95,
// and no person swept (at most 1% of the superfans, fans, news junkies,
// activists, live-event and viral-news people). World 9443 at 0.06 has no
// retweet network but an activist room whose members left after its
// leads were the least visible people (three signs of a person each): it
// must stay whole and unswept (it was swept, 10 of 74 activists, before
// splitMixed read the evidence in the whole group). Varied seeds, two
// scales; all are tuning seeds.
func TestMixedClusterPeopleLeave(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects eight worlds")
	}
	tests := []struct {
		seed  int64
		scale float64
	}{
		{9438, 0.03}, {9438, 0.06},
		{9441, 0.03}, {9441, 0.06},
		{9427, 0.03}, {9437, 0.03},
		{9434, 0.06}, {9443, 0.06},
	}
	for _, tt := range tests {
		cfg := sim.Random(tt.seed)
		cfg.Scale = tt.scale
		m := evalWorldConfig(t, cfg, Options{})
		t.Logf("seed %d scale %.2f: network %.3f, aged %.3f, superfan %.3f, precision %.3f", tt.seed, tt.scale, m.recall[sim.LabelNetwork], m.recall[sim.LabelAged], m.fpRate[sim.LabelSuperfan], m.precision)
		for _, l := range []string{sim.LabelSuperfan, sim.LabelFandom, sim.LabelNewsJunkie, sim.LabelActivist, sim.LabelLiveEvent, sim.LabelViral} {
			if fp := m.people[l]; fp > 0.01 {
				t.Errorf("seed %d scale %.2f: %.3f of %s flagged, want at most 0.01", tt.seed, tt.scale, fp, l)
			}
		}
		if r, ok := m.recall[sim.LabelNetwork]; ok && r < 0.95 {
			t.Errorf("seed %d scale %.2f: retweet network recall %.3f, want 0.95", tt.seed, tt.scale, r)
		}
	}
}

// TestNetworkBesideBusierAmplifiers (issue #13): a retweet network
// clustered with aged accounts that amplify the same account with a
// higher coverage is judged coordinated as a whole; the aged accounts
// leave it as people (splitMixed), and the network left co-shares less
// per pair with itself than with them, since each of them shares more of
// the group's items. Counted per pair, the network was held whole as the
// group's own people and never enforced (tuning world 9657 at 0.03, 32
// network members past the per-member test on cand8, none swept); per
// member activity explains its thin co-sharing (separation.embedded).
// Every planted network member that passes the per-member coordination
// test (memberCoordination) must be swept (at least 0.95 of them), with
// no person swept (at most 1% of any human label). The other worlds
// (other seeds, both scales) hold a network beside superfans or aged
// amplifiers that was already enforced; they must stay so. Tuning seeds.
func TestNetworkBesideBusierAmplifiers(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects four worlds")
	}
	for _, tt := range []struct {
		seed  int64
		scale float64
	}{
		{9657, 0.03}, {9657, 0.06}, {9441, 0.03}, {9434, 0.06},
	} {
		cfg := sim.Random(tt.seed)
		cfg.Scale = tt.scale
		d := &botsweep.Dataset{}
		truth, err := sim.Generate(context.Background(), cfg, d)
		if err != nil {
			t.Fatal(err)
		}
		idx := truth.Index()
		passed := 0
		trace := func(w *world, stage string, clusters []cluster) {
			if stage != "memberCoordination" {
				return
			}
			for _, cl := range clusters {
				for _, a := range cl.members {
					if idx[w.acct.names[a]].Label == sim.LabelNetwork {
						passed++
					}
				}
			}
		}
		res, err := runTraced(d, Options{BotScores: diagBotScores(t, d)}, trace)
		if err != nil {
			t.Fatal(err)
		}
		m, flagged, _ := metricsOf(res, truth)
		t.Logf("seed %d scale %.2f: %d network members past the per-member test, %d swept; precision %.3f", tt.seed, tt.scale, passed, flagged[sim.LabelNetwork], m.precision)
		if passed == 0 {
			t.Errorf("seed %d scale %.2f: no network member past the per-member test", tt.seed, tt.scale)
		}
		if float64(flagged[sim.LabelNetwork]) < 0.95*float64(passed) {
			t.Errorf("seed %d scale %.2f: %d of the %d network members past the per-member test swept, want at least 0.95 of them", tt.seed, tt.scale, flagged[sim.LabelNetwork], passed)
		}
		for l, fp := range m.people {
			if fp > 0.01 {
				t.Errorf("seed %d scale %.2f: %.3f of %s flagged, want at most 0.01", tt.seed, tt.scale, fp, l)
			}
		}
	}
}
