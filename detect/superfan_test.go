package detect

import (
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// TestSuperfansLeaveTheNetwork: human superfans of the amplified account
// (they follow it and retweet a share of its posts within minutes when
// awake, and otherwise live ordinary lives, often quiet ones) are not
// swept with the retweet network they co-retweet with, at two scales of
// several randomized tuning worlds, while the network itself is enforced.
// On every one of these worlds and scales, four signs of a person (main
// before per-member amplification evidence) enforced 42% to 67% of the
// superfans with the network (docs/benchmarks/detect.md, "Per-member
// evidence"). Worlds 9103, 9109, 9110, 9113 and 9116 still enforce some
// superfans whose amplification cannot show a rest (the amplified account
// posts little in their night): a known gap, not asserted here.
func TestSuperfansLeaveTheNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects eight worlds")
	}
	superfansLeave(t, 9100, 9101, 9104, 9111)
}

// superfansLeave checks, at scales 0.03 and 0.06 of each random world, that
// at most 1% of the superfans are flagged and the retweet network is
// found (recall 0.95).
func superfansLeave(t *testing.T, seeds ...int64) {
	t.Helper()
	for _, seed := range seeds {
		for _, scale := range []float64{0.03, 0.06} {
			m := evalRandom(t, seed, scale)
			if fp := m.fpRate[sim.LabelSuperfan]; fp > 0.01 {
				t.Errorf("seed %d scale %.2f: %.3f of superfans flagged, want at most 0.01", seed, scale, fp)
			}
			if r := m.recall[sim.LabelNetwork]; r < 0.95 {
				t.Errorf("seed %d scale %.2f: retweet network recall %.3f, want 0.95", seed, scale, r)
			}
		}
	}
}

// TestSuperfansLeaveAtTheirOwnRate: superfans who retweet a sixth of the
// amplified account's posts, where the network's accounts retweet half or
// more, leave the network on that rate of their own (partialCoverage) or
// on a daily rest the exact scan can tell from chance (restScanP), at two
// scales of tuning worlds where main enforced 4 or 5 of their 12 with the
// network at both scales (docs/benchmarks/detect.md, "Superfans and
// scale-stable verdicts"), while the network itself is enforced.
func TestSuperfansLeaveAtTheirOwnRate(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects four worlds")
	}
	superfansLeave(t, 9236, 9245)
}

// TestTrimmedNetworkKeepsItsCoordination: the members of a retweet network
// that remain once people (superfans, readers) left it are judged by stage
// 2 on their own; they are not set aside as "not coordinated" because the
// co-shares per member of the smaller group fell under MinCoShares. In
// tuning world 9235 main enforced the network at scale 0.06 and reported
// nothing at 0.03 (49.6 co-shares per member after trimming, lift 51).
func TestTrimmedNetworkKeepsItsCoordination(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects two worlds")
	}
	for _, scale := range []float64{0.03, 0.06} {
		m := evalRandom(t, 9235, scale)
		if r := m.recall[sim.LabelNetwork]; r < 0.95 {
			t.Errorf("scale %.2f: retweet network recall %.3f, want 0.95 at both scales", scale, r)
		}
	}
}
