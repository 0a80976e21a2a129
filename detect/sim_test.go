package detect

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// simMetrics is detection quality on one simulated world.
type simMetrics struct {
	recall    map[string]float64 // bot label -> share flagged
	together  map[string]float64 // bot label -> largest share in one network
	fpRate    map[string]float64 // hard negative -> share flagged
	people    map[string]float64 // every human label (organic and hard negatives) -> share flagged
	precision float64
	flagged   int
}

func evalWorld(t testing.TB, scenario string, seed int64, scale float64, opts Options) simMetrics {
	t.Helper()
	cfg, err := sim.Default(scenario)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed, cfg.Scale = seed, scale
	return evalWorldConfig(t, cfg, opts)
}

// evalRandom measures detection, with the default options, on the
// randomized world of seed at scale.
func evalRandom(t testing.TB, seed int64, scale float64) simMetrics {
	t.Helper()
	cfg := sim.Random(seed)
	cfg.Scale = scale
	return evalWorldConfig(t, cfg, Options{})
}

// evalWorldConfig measures detection on the world cfg describes.
func evalWorldConfig(t testing.TB, cfg sim.Config, opts Options) simMetrics {
	t.Helper()
	scenario, seed, scale := cfg.Scenario, cfg.Seed, cfg.Scale
	d := &botsweep.Dataset{}
	truth, err := sim.Generate(context.Background(), cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	idx := truth.Index()
	if os.Getenv("DETECT_DEBUG") != "" {
		debugCluster = func(w *world, members []int32, f map[string]float64, j judgement) {
			byL := map[string]int{}
			for _, a := range members {
				byL[idx[w.acct.names[a]].Label]++
			}
			keys := make([]string, 0, len(f))
			for k := range f {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var fs []string
			for _, k := range keys {
				fs = append(fs, fmt.Sprintf("%s=%.2f", k, f[k]))
			}
			t.Logf("cluster n=%d verdict=%q lift=%.1f sig=%.1f score=%.3f labels=%v\n    %s", len(members), j.verdict, j.test.lift(), j.test.significance(), j.prob, byL, strings.Join(fs, " "))
		}
		defer func() { debugCluster = nil }()
	}
	res, err := Run(context.Background(), d, opts)
	if err != nil {
		t.Fatal(err)
	}
	m, flagged, total := metricsOf(res, truth)
	t.Logf("%s seed %d scale %.2f: %d networks, flagged %v of %v; window %s (estimated %s); stats %+v",
		scenario, seed, scale, len(res.Networks), flagged, total, res.Window, res.EstimatedWindow, res.Stats)
	return m
}

// metricsOf measures res against truth: the metrics, and the accounts
// flagged and planted per label.
func metricsOf(res *Result, truth *sim.Truth) (simMetrics, map[string]int, map[string]int) {
	idx := truth.Index()
	total := map[string]int{}
	for _, r := range truth.Rows {
		total[r.Label]++
	}
	flagged := map[string]int{}
	best := map[string]int{}
	m := simMetrics{recall: map[string]float64{}, together: map[string]float64{}, fpRate: map[string]float64{}, people: map[string]float64{}}
	bots := 0
	for _, n := range res.Networks {
		if n.Verdict != botsweep.VerdictInauthentic {
			continue // reported, never swept
		}
		in := map[string]int{}
		for _, mem := range n.Members {
			l := idx[mem.AccountID].Label
			flagged[l]++
			in[l]++
			m.flagged++
			if sim.KindOf(l) == "bot" {
				bots++
			}
		}
		for l, k := range in {
			best[l] = max(best[l], k)
		}
	}
	for l, n := range total {
		if sim.KindOf(l) == "bot" {
			m.recall[l] = float64(flagged[l]) / float64(n)
			m.together[l] = float64(best[l]) / float64(n)
		} else {
			m.people[l] = float64(flagged[l]) / float64(n)
		}
	}
	for _, l := range sim.HardNegatives() {
		if total[l] > 0 {
			m.fpRate[l] = float64(flagged[l]) / float64(total[l])
		}
	}
	if m.flagged > 0 {
		m.precision = float64(bots) / float64(m.flagged)
	}
	return m, flagged, total
}

// knownGaps are the bot labels the current verdict model misses, with why:
// their bars are reported in the log, not asserted, until the gap is
// closed (docs/benchmarks/detect.md, "Verdicts").
var knownGaps = map[string]string{
	sim.LabelCamouflage: "judged coordinated, not inauthentic: the verdict model weighs its flat rhythm too little against its human-looking identities",
}

func TestSimulatedWorlds(t *testing.T) {
	if testing.Short() {
		t.Skip("simulated worlds take a while")
	}
	tests := []struct {
		scenario string
		seed     int64
		scale    float64
	}{
		{"globus", 1, 0.1},
		{"globus", 2, 0.1},
		{"globus", 3, 0.2},
		{"camouflage", 4, 0.1},
		{"hard-negatives", 5, 0.1},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/seed%d/scale%.2f", tc.scenario, tc.seed, tc.scale), func(t *testing.T) {
			m := evalWorld(t, tc.scenario, tc.seed, tc.scale, Options{})
			for l, r := range m.recall {
				if sim.KindOf(l) != "bot" {
					continue
				}
				if why, ok := knownGaps[l]; ok {
					t.Logf("KNOWN GAP %s: recall %.3f, %.3f in one network (%s)", l, r, m.together[l], why)
					continue
				}
				if r < 0.95 || m.together[l] < 0.9 {
					t.Errorf("%s: recall %.3f, %.3f in one network (want >= 0.95 and >= 0.9)", l, r, m.together[l])
				}
			}
			for l, fp := range m.fpRate {
				if fp > 0.01 {
					t.Errorf("%s: false-positive rate %.4f > 0.01", l, fp)
				}
			}
			if m.flagged > 0 && m.precision < 0.97 {
				t.Errorf("precision %.4f < 0.97", m.precision)
			}
			t.Logf("recall %v together %v fp %v precision %.4f", m.recall, m.together, m.fpRate, m.precision)
		})
	}
}

// TestSimulatedWorldsSweep measures detection over more seeds and scales,
// and checks the bars on each world; with BOTSWEEP_EVAL_SWEEP=compare it
// also runs each world without the synchronized-activity layer. It is long;
// run it with
//
//	BOTSWEEP_EVAL_SWEEP=1 go test -run TestSimulatedWorldsSweep -v ./detect
func TestSimulatedWorldsSweep(t *testing.T) {
	if os.Getenv("BOTSWEEP_EVAL_SWEEP") == "" {
		t.Skip("set BOTSWEEP_EVAL_SWEEP=1 to run the seed and scale sweep")
	}
	for _, scenario := range []string{"globus", "camouflage", "hard-negatives"} {
		for _, scale := range []float64{0.1, 0.3, 0.5} {
			for seed := int64(11); seed <= 13; seed++ {
				type variant struct {
					name string
					opts Options
				}
				variants := []variant{{"sync", Options{}}}
				if os.Getenv("BOTSWEEP_EVAL_SWEEP") == "compare" {
					variants = append(variants, variant{"nosync", Options{SyncMinBins: -1}})
				}
				for _, variant := range variants {
					m := evalWorld(t, scenario, seed, scale, variant.opts)
					minRecall, minTogether, maxFP := 1.0, 1.0, 0.0
					for l, r := range m.recall {
						minRecall = min(minRecall, r)
						minTogether = min(minTogether, m.together[l])
					}
					for _, fp := range m.fpRate {
						maxFP = max(maxFP, fp)
					}
					t.Logf("SWEEP %-14s scale %.1f seed %d %-6s: min recall %.3f, min together %.3f, precision %.4f (%d flagged), max hard-negative FP %.4f",
						scenario, scale, seed, variant.name, minRecall, minTogether, m.precision, m.flagged, maxFP)
					if variant.name == "sync" && (minRecall < 0.95 || minTogether < 0.9 || maxFP > 0.01 || (m.flagged > 0 && m.precision < 0.97)) {
						t.Errorf("%s scale %.1f seed %d: below the bars", scenario, scale, seed)
					}
				}
			}
		}
	}
}
