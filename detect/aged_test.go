package detect

import (
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// TestOwnDaySparesPeople: with a member's rhythm read on its own day
// where the data shows it (its posts other than its amplification, or
// retweet times that rest while the amplified account posts) and the
// pooled quiet_hour_amplification counting round-the-clock members, the
// superfans, fans, news junkies, activists and live-event people of
// worlds with aged or purchased amplifiers are still not swept (at most
// 1% of each), and the retweet network is still found (recall 0.95), at
// two scales of four tuning worlds. The aged amplifiers' share flagged is
// logged, not asserted (0.25, 0.33, 0.58, 0.92 at scale 0.03, as on main).
// Two earlier versions of this branch failed people here or in
// TestSuperfansLeaveAtTheirOwnRate: one superfan of twelve swept on world
// 9301 and on world 9236 at 0.03 (a default profile, no replies, quiet
// hours matching the amplified account's: its rhythm unknown without the
// fallback to all its posts).
func TestOwnDaySparesPeople(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects eight worlds")
	}
	for _, seed := range []int64{9304, 9324, 9301, 9305} {
		for _, scale := range []float64{0.03, 0.06} {
			cfg := sim.Random(seed)
			cfg.Scale = scale
			var opts Options
			m := evalWorldConfig(t, cfg, opts)
			t.Logf("seed %d scale %.2f: aged %.3f (together %.3f), network %.3f, superfan %.3f, precision %.3f", seed, scale, m.recall[sim.LabelAged], m.together[sim.LabelAged], m.recall[sim.LabelNetwork], m.fpRate[sim.LabelSuperfan], m.precision)
			for _, l := range []string{sim.LabelSuperfan, sim.LabelFandom, sim.LabelNewsJunkie, sim.LabelActivist, sim.LabelLiveEvent} {
				if fp := m.fpRate[l]; fp > 0.01 {
					t.Errorf("seed %d scale %.2f: %.3f of %s flagged, want at most 0.01", seed, scale, fp, l)
				}
			}
			if r := m.recall[sim.LabelNetwork]; r < 0.95 {
				t.Errorf("seed %d scale %.2f: retweet network recall %.3f, want 0.95", seed, scale, r)
			}
		}
	}
}
