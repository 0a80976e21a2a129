package detect

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/score"
	"github.com/botsweep/botsweep/sim"
)

// TestFollowOnlyFarm runs detection on follow-only inputs: a randomized
// tuning world's profiles and follows without a single post (what a
// follow-graph export holds). Silence cannot be measured there, and
// neither can anything else drawn from posts; the follower farm must
// still be judged on what the data holds (its followee sets, follow
// blocks, creation dates and profiles), its followers that share too few
// of its package to be near-identical to one member found by their own
// follow and identity evidence (farmFollowers) as where the data holds
// posts, every feature drawn from posts reported unavailable, no reason
// claiming an account never posts, and next to no person flagged.
//
// On the build where silence switched the farm's follower expansion off,
// the enforced farm held 44 of 57 (9003 at 0.03), 84 of 113 (9003 at
// 0.06) and 28 of 45 (9010 at 0.06) of its accounts.
func TestFollowOnlyFarm(t *testing.T) {
	if testing.Short() {
		t.Skip("randomized worlds take a while")
	}
	for _, c := range []struct {
		seed  int64
		scale float64
	}{ // tuning seeds, two scales
		{9003, 0.03}, {9003, 0.06}, {9010, 0.06}, {9020, 0.03}, {9033, 0.03}, {9033, 0.06},
	} {
		t.Run(fmt.Sprintf("%d-%g", c.seed, c.scale), func(t *testing.T) {
			cfg := sim.Random(c.seed)
			cfg.Scale = c.scale
			full := &botsweep.Dataset{}
			truth, err := sim.Generate(context.Background(), cfg, full)
			if err != nil {
				t.Fatal(err)
			}
			d := &botsweep.Dataset{Accounts: full.Accounts, Follows: full.Follows}
			res, err := Run(context.Background(), d, Options{BotScores: accountScores(t, d)})
			if err != nil {
				t.Fatal(err)
			}
			idx := truth.Index()
			farm, people := 0, 0
			for _, r := range truth.Rows {
				switch {
				case r.Label == sim.LabelFarm:
					farm++
				case r.Kind != "bot":
					people++
				}
			}
			found, flaggedPeople := 0, 0
			for _, n := range res.Networks {
				for _, name := range []string{FeatSilent, FeatRhythm, FeatNoRest, FeatClockwork, FeatSynchrony, FeatNoConv} {
					if slices.Contains(n.Evidence.Used, name) {
						t.Errorf("network %s counts %s, which data without posts cannot show", n.ID, name)
					}
					if _, ok := n.Evidence.Features[name]; ok {
						t.Errorf("network %s measures %s without posts", n.ID, name)
					}
				}
				if !slices.ContainsFunc(n.Evidence.Unavailable, func(s string) bool { return strings.HasPrefix(s, FeatSilent+":") }) {
					t.Errorf("network %s does not report %s unavailable: %v", n.ID, FeatSilent, n.Evidence.Unavailable)
				}
				for _, m := range n.Members {
					for _, r := range m.Reasons {
						if strings.Contains(r, "never posts") {
							t.Errorf("member %s of %s: %q, in data without posts", m.AccountID, n.ID, r)
						}
					}
					if !Enforceable(&n) {
						continue
					}
					switch row := idx[m.AccountID]; {
					case row.Label == sim.LabelFarm:
						found++
					case row.Kind != "bot":
						flaggedPeople++
					}
				}
			}
			t.Logf("farm %d of %d enforced, %d of %d people flagged, %d networks", found, farm, flaggedPeople, people, len(res.Networks))
			if farm == 0 {
				t.Fatal("the world has no follower farm")
			}
			if float64(found) < 0.9*float64(farm) {
				t.Errorf("follower farm: %d of %d accounts enforced on follows and profiles alone, want at least 90%%", found, farm)
			}
			if float64(flaggedPeople) > 0.005*float64(people) {
				t.Errorf("%d of %d people flagged", flaggedPeople, people)
			}
		})
	}
}

// accountScores scores every account of src with the embedded account
// model, as botsweep detect does (member_bot_score).
func accountScores(t *testing.T, src botsweep.Source) func(string) (float64, bool) {
	t.Helper()
	m, err := score.Default()
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]float64{}
	err = score.ScoreSource(context.Background(), src, m, score.ScoreOptions{Reasons: -1}, func(r score.Result) error {
		scores[r.AccountID] = r.Score
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return func(id string) (float64, bool) {
		s, ok := scores[id]
		return s, ok
	}
}
