package detect

import (
	"context"
	"fmt"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestTableBotnetEnforced: on crowd-random share tables (tuning seeds)
// whose botnet retweets a source posting a few dozen times, the botnet was
// reported as "coordinated; insufficient evidence to enforce": of the
// amplification evidence only the members' days (flat_daily_rhythm) and
// clockwork_delays were measured, the amplified account being unknown
// without authors. The items the botnet shares beyond their popularity
// (tableAmplified) stand for that account under Options.TableAmplification:
// the members' delays on them are compared (shared_delay_profile), and the
// botnet is enforced, at two scales of each table, without a crowd account.
// Fails on cand8 at 0fa1d35 (every botnet coordinated only). The option is
// off by default: it also enforces activist rooms and a fandom written as
// share tables (docs/benchmarks/detect.md, "Amplification evidence on
// share tables").
func TestTableBotnetEnforced(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates crowd tables")
	}
	for _, c := range []struct {
		seed   int64
		scale  float64
		recall float64 // of the whole botnet (0: clustering leaves part of it in no network, the per-member test's limit)
	}{
		{9601, 0.02, 0.99},
		{9601, 0.04, 0.99},
		{9201, 0.02, 0.99},
		{9201, 0.04, 0.99},
		{9703, 0.02, 0},
		{9703, 0.04, 0},
		{1003, 0.02, 0},
		{1003, 0.04, 0},
	} {
		t.Run(fmt.Sprintf("%d-%g", c.seed, c.scale), func(t *testing.T) {
			cfg := sim.RandomCrowd(c.seed)
			cfg.Scale = c.scale
			res, truth := runTableAmp(t, cfg)
			idx := truth.Index()
			bots := 0
			for _, r := range truth.Rows {
				if r.Label == sim.LabelCrowdBotnet {
					bots++
				}
			}
			enforced, people := 0, 0
			for _, n := range res.Networks {
				inNet := 0
				for _, m := range n.Members {
					if idx[m.AccountID].Label == sim.LabelCrowdBotnet {
						inNet++
					}
				}
				if n.Verdict != botsweep.VerdictInauthentic {
					if 2*inNet > len(n.Members) {
						t.Errorf("%s: %d of %d members are bots, verdict %s: %s", n.ID, inNet, len(n.Members), n.Verdict, n.Evidence.Verdict)
					}
					continue
				}
				enforced += inNet
				people += len(n.Members) - inNet
				t.Logf("%s: %d bots of %d members: %s", n.ID, inNet, len(n.Members), n.Evidence.Verdict)
			}
			if people > 0 {
				t.Errorf("%d accounts that are not bots enforced", people)
			}
			if enforced == 0 {
				t.Errorf("none of %d bots enforced", bots)
			}
			if r := float64(enforced) / float64(bots); r < c.recall {
				t.Errorf("%d of %d bots enforced (%.3f < %.2f)", enforced, bots, r, c.recall)
			}
		})
	}
}

// TestTableSuperfansLeave: randomized worlds written as share tables
// (tuning seeds, two scales). A share table shows none of a superfan's
// identity, so membership could only read its rhythm and its delays, and
// the superfans clustered with the retweet network they admire were
// enforced with it (12 of 12 in each case below on cand8 at 0fa1d35, and
// with the option off). Under Options.TableAmplification the items the
// network shares beyond their popularity are the posts it amplifies: a
// superfan's coverage of them rests daily or is partial against the
// network's own (ampRest, partialCoverage), and it leaves, while the
// network stays enforced. Membership reads them by default too
// (share-table membership, Options.TableMembershipOff), so the same holds
// with the default options.
func TestTableSuperfansLeave(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates randomized worlds")
	}
	for _, c := range []struct {
		seed  int64
		scale float64
	}{
		{9602, 0.03}, {9602, 0.06},
		{9611, 0.03}, {9611, 0.06},
		{9617, 0.03}, {9617, 0.06},
	} {
		for _, amp := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d-%g-amplification=%v", c.seed, c.scale, amp), func(t *testing.T) {
				cfg := sim.Random(c.seed)
				cfg.Scale = c.scale
				res, truth := runTable(t, cfg, Options{TableAmplification: amp})
				idx := truth.Index()
				total, enforced := map[string]int{}, map[string]int{}
				for _, r := range truth.Rows {
					total[r.Label]++
				}
				for _, n := range res.Networks {
					if n.Verdict != botsweep.VerdictInauthentic {
						continue
					}
					for _, m := range n.Members {
						enforced[idx[m.AccountID].Label]++
					}
				}
				if 3*enforced[sim.LabelSuperfan] > total[sim.LabelSuperfan] {
					t.Errorf("%d of %d superfans enforced", enforced[sim.LabelSuperfan], total[sim.LabelSuperfan])
				}
				if r := float64(enforced[sim.LabelNetwork]) / float64(total[sim.LabelNetwork]); r < 0.95 {
					t.Errorf("retweet network: %d of %d enforced", enforced[sim.LabelNetwork], total[sim.LabelNetwork])
				}
				t.Logf("enforced %v", enforced)
			})
		}
	}
}

// runTableAmp writes the world of cfg as a share table and detects on it
// with Options.TableAmplification.
func runTableAmp(t *testing.T, cfg sim.Config) (*Result, *sim.Truth) {
	t.Helper()
	return runTable(t, cfg, Options{TableAmplification: true})
}

// runTable writes the world of cfg as a share table and detects on it
// with opts.
func runTable(t *testing.T, cfg sim.Config, opts Options) (*Result, *sim.Truth) {
	t.Helper()
	d, truth := shareTableOf(t, cfg)
	res, err := Run(context.Background(), d, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, truth
}
