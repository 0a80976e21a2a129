package detect

import (
	"fmt"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// TestCamouflagedMembersAwakeThroughTheirNight runs tuning worlds whose
// camouflaged networks lost members to trimHumans at both scales (their
// cover posts give each a custom profile, an age, replies and a daily rest:
// four signs of a person) and checks issue 13's bar on them: recall at
// least 0.95 with 90% in one network, and no human group flagged (organic
// accounts aside: 9426 flags 2 and 3 with its follower farm, before as
// after, by follow sets and farm batches, not by this change). Their
// amplification covers the amplified posts made inside the quiet hours
// their other posts show (quietAmp.awakeThrough), so that rest is no sign
// of a person; before it, 9426 kept 0.833 and 0.917, 9618 0.917 at both
// scales, 9630 0.892 and 0.918, 9603 0.947 and 0.949 (in process).
func TestCamouflagedMembersAwakeThroughTheirNight(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects eight worlds")
	}
	humans := []string{sim.LabelFandom, sim.LabelSuperfan, sim.LabelActivist, sim.LabelLiveEvent, sim.LabelNewsJunkie, sim.LabelViral, sim.LabelCampaign}
	for _, seed := range []int64{9426, 9603, 9618, 9630} {
		for _, scale := range []float64{0.03, 0.06} {
			t.Run(fmt.Sprintf("%d@%g", seed, scale), func(t *testing.T) {
				cfg := sim.Random(seed)
				cfg.Scale = scale
				m := evalWorldConfig(t, cfg, Options{})
				r, ok := m.recall[sim.LabelCamouflage]
				if !ok {
					t.Fatalf("no camouflaged network planted")
				}
				if together := m.together[sim.LabelCamouflage]; r < 0.95 || together < 0.9*r {
					t.Errorf("camouflage recall %.3f, %.3f in one network; want 0.95 with 90%% in one", r, together)
				}
				for _, l := range humans {
					if fp := m.people[l]; fp > 0 {
						t.Errorf("%.3f of %s flagged, want none", fp, l)
					}
				}
			})
		}
	}
}
