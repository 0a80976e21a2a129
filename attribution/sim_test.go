package attribution_test

import (
	"context"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/attribution"
	"github.com/botsweep/botsweep/detect"
	"github.com/botsweep/botsweep/sim"
)

// TestSimulatedGlobusWorlds detects networks on small simulated globus
// worlds, attributes them through detect's hook, and checks that the
// retweet network (and only it) is linked to the prior state-backed
// operation, with the full registrant chain.
func TestSimulatedGlobusWorlds(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects whole worlds")
	}
	for _, seed := range []int64{1, 2} {
		t.Run("seed "+string(rune('0'+seed)), func(t *testing.T) {
			ctx := context.Background()
			cfg, err := sim.Default("globus")
			if err != nil {
				t.Fatal(err)
			}
			cfg.Seed, cfg.Scale = seed, 0.1
			ds := &botsweep.Dataset{}
			truth, err := sim.Generate(ctx, cfg, ds)
			if err != nil {
				t.Fatal(err)
			}
			idx, err := attribution.Build(ctx, ds, attribution.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := detect.Run(ctx, ds, detect.Options{Attribute: func(_ context.Context, n *botsweep.Network) error {
				idx.Attribute(n)
				return nil
			}})
			if err != nil {
				t.Fatal(err)
			}
			labels := truth.Index()
			found := 0
			for _, n := range res.Networks {
				count := map[string]int{}
				for _, m := range n.Members {
					count[labels[m.AccountID].Label]++
				}
				isRetweetNet := count[sim.LabelNetwork]*2 > len(n.Members)
				t.Logf("network %s: %d members %v; state backed %v; %d candidates", n.ID, len(n.Members), count, n.StateBacked, len(n.Attribution))
				if !isRetweetNet {
					if len(n.Attribution) != 0 || n.StateBacked {
						t.Errorf("network %s (%v) linked: %+v", n.ID, count, n.Attribution)
					}
					continue
				}
				found++
				if !n.StateBacked || len(n.Attribution) == 0 {
					t.Fatalf("retweet network %s not attributed: %+v", n.ID, n.Attribution)
				}
				c := n.Attribution[0]
				t.Logf("chain: %s", c.Summary)
				if c.Confidence != botsweep.ConfidenceHigh || !c.StateBacked || c.Basis != "registrant" || len(c.Chain) != 4 {
					t.Errorf("candidate = %+v", c)
				}
				if !strings.Contains(c.Summary, "Viktor Lanskoy") || !strings.Contains(c.Summary, "nordavia-today.info") ||
					!strings.Contains(c.Summary, "Nordavia") || !strings.Contains(c.Summary, "2018-10") {
					t.Errorf("chain summary lacks a step: %s", c.Summary)
				}
			}
			if found == 0 {
				t.Error("no detected network is mostly the retweet network")
			}
		})
	}
}
