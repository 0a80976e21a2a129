package detect

import (
	"context"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// stageOne is what stage 1 made of one label in one world: of its accounts
// in the clusters detection judged, how many were in clusters judged
// coordinated (stage 1 passed, whatever stage 2 said).
type stageOne struct {
	clustered, passed int
}

// coordinated is the label's stage-1 verdict: most of its clustered
// accounts passed.
func (s stageOne) coordinated() bool { return 2*s.passed > s.clustered }

// stageOneByLabel runs detection on cfg's world and returns, per label, what
// stage 1 made of it. A label's account counts once, in the last cluster
// judged that holds it (the second pass judges what the first kept).
func stageOneByLabel(t *testing.T, cfg sim.Config) map[string]stageOne {
	t.Helper()
	return stageOneByLabelHook(t, cfg, nil, nil)
}

// stageOneByLabelHook is stageOneByLabel that also sets *labelOf (when
// not nil) to the world's account labels and calls hook (when not nil)
// with every judged cluster.
func stageOneByLabelHook(t *testing.T, cfg sim.Config, labelOf *func(string) string, hook func(w *world, members []int32, f map[string]float64, j judgement)) map[string]stageOne {
	t.Helper()
	d, label := simulated(t, cfg)
	if labelOf != nil {
		*labelOf = label
	}
	last := map[string]bool{} // account -> its last judged cluster passed stage 1
	debugCluster = func(w *world, members []int32, f map[string]float64, j judgement) {
		for _, a := range members {
			last[w.acct.names[a]] = j.coordinated
		}
		if hook != nil {
			hook(w, members, f, j)
		}
	}
	defer func() { debugCluster = nil }()
	if _, err := Run(context.Background(), d, Options{}); err != nil {
		t.Fatal(err)
	}
	out := map[string]stageOne{}
	for id, passed := range last {
		l := label(id)
		s := out[l]
		s.clustered++
		if passed {
			s.passed++
		}
		out[l] = s
	}
	return out
}

// TestStageOneVerdictsHoldAcrossScales: the same world at scales 0.03 and
// 0.06 holds the same groups, twice as large; stage 1 must judge each
// human group alike at both (issue 13). Tuning worlds where main's
// per-member volume bar flipped them: 9236 (a fandom of 76 not
// coordinated at 0.03, as 151 coordinated at 0.06), 9300 (fandom and
// activists) and 9306 (the retweet network set aside at 0.03 with 29
// co-shares per member, enforced at 0.06), through the CLI
// (docs/benchmarks/detect.md, "Scale-stable stage 1"). A label is compared
// where at least 5 of its accounts were clustered at both scales; which
// accounts clustering puts in a group is not stage 1's question. The
// retweet network, where clustered, must pass stage 1 at both scales.
func TestStageOneVerdictsHoldAcrossScales(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects six worlds")
	}
	humans := map[string]bool{}
	for _, l := range sim.HardNegatives() {
		humans[l] = true
	}
	humans[sim.LabelOrganic] = true
	compared := 0
	for _, seed := range []int64{9236, 9300, 9306} {
		var at [2]map[string]stageOne
		for i, scale := range []float64{0.03, 0.06} {
			cfg := sim.Random(seed)
			cfg.Scale = scale
			at[i] = stageOneByLabel(t, cfg)
		}
		for l, a := range at[0] {
			b, ok := at[1][l]
			if !ok || a.clustered < 5 || b.clustered < 5 {
				continue
			}
			if l == sim.LabelNetwork && (!a.coordinated() || !b.coordinated()) {
				t.Errorf("seed %d: retweet network coordinated %v at 0.03 (%d of %d clustered), %v at 0.06 (%d of %d), want at both",
					seed, a.coordinated(), a.passed, a.clustered, b.coordinated(), b.passed, b.clustered)
			}
			if !humans[l] {
				continue
			}
			compared++
			t.Logf("seed %d %s: stage 1 passed %d of %d clustered at 0.03, %d of %d at 0.06", seed, l, a.passed, a.clustered, b.passed, b.clustered)
			if a.coordinated() != b.coordinated() {
				t.Errorf("seed %d: %s coordinated %v at 0.03 (%d of %d clustered accounts passed stage 1), %v at 0.06 (%d of %d)",
					seed, l, a.coordinated(), a.passed, a.clustered, b.coordinated(), b.passed, b.clustered)
			}
		}
	}
	if compared < 3 {
		t.Errorf("%d human groups clustered at both scales, want at least 3 to compare", compared)
	}
}
