package detect

import (
	"math/rand/v2"
	"testing"
)

// TestActedClockFeature: acted_round_clock is the share of the members
// whose amplification reached a verdict by hour that amplify round the
// clock by their own retweet times; with fewer than autoMinMembers such
// verdicts, or no amplified account, it is not measured and says why.
func TestActedClockFeature(t *testing.T) {
	tests := []struct {
		name     string
		a        automation
		want     float64
		measured bool
	}{
		{"no amplified account", automation{actedKnown: 20, actedAuto: 20}, 0, false},
		{"too few verdicts", automation{amplifies: true, actedKnown: autoMinMembers - 1, actedAuto: autoMinMembers - 1}, 0, false},
		{"all rest", automation{amplifies: true, actedKnown: 12}, 0, true},
		{"half round the clock", automation{amplifies: true, actedKnown: 80, actedAuto: 40}, 0.5, true},
		{"all round the clock", automation{amplifies: true, actedKnown: autoMinMembers, actedAuto: autoMinMembers}, 1, true},
	}
	for _, tc := range tests {
		f, cov := map[string]float64{}, coverage{}
		actedClockFeature(tc.a, f, cov)
		v, ok := f[FeatActedClock]
		if ok != tc.measured || v != tc.want {
			t.Errorf("%s: %v measured %v, want %v measured %v", tc.name, v, ok, tc.want, tc.measured)
		}
		if _, why := cov[FeatActedClock]; why == ok {
			t.Errorf("%s: measured %v and reason %q", tc.name, ok, cov[FeatActedClock])
		}
	}
}

// TestActingBursts: a network made three at a time over four months,
// beside ninety accounts of its own with spread creation dates (aged
// amplifiers), shows at most part of its bursts among all the group's
// members, and more among its round-the-clock members scanned on their
// own; round-the-clock members drawn at random from the spread accounts
// add nothing; fewer than five acting members, or all of them acting,
// leave the group's own scan.
func TestActingBursts(t *testing.T) {
	opts := Options{}
	opts.defaults()
	const day = 86400
	const start = int64(1_500_000_000)
	build := func(seed uint64) (w *world, network, spread []int32) {
		r := rand.New(rand.NewPCG(seed, 3))
		w = &world{}
		span := int64(12 * 365 * day)
		for range 3000 {
			w.created = append(w.created, start-span/2+r.Int64N(span))
		}
		for i := range 90 { // spread accounts of the group: the world's own dates
			spread = append(spread, int32(i*31))
		}
		for i := range 12 { // the network: three a month, hours apart
			network = append(network, int32(len(w.created)))
			w.created = append(w.created, start+int64(i/3)*30*day+int64(i%3)*5*3600)
		}
		w.screen = make([]string, len(w.created))
		return w, network, spread
	}
	found := 0
	for seed := range uint64(6) {
		w, network, spread := build(seed)
		members := append(append([]int32(nil), network...), spread...)
		cb := creationBurstsOf(w, members, opts)
		if !cb.measured() {
			t.Fatalf("seed %d: group not measured", seed)
		}
		base := cb.share()
		got := actingBursts(w, members, cb, network, opts)
		if got < base {
			t.Errorf("seed %d: acting scan %v below the group's %v", seed, got, base)
		}
		if got > base && got*float64(len(members)) >= float64(len(network)-3) {
			found++
		}
		t.Logf("seed %d: group %.3f, with the acting members %.3f", seed, base, got)
		for _, tc := range []struct {
			name   string
			acting []int32
		}{
			{"random spread members", spread[:15]},
			{"four acting", network[:4]},
			{"every member acting", members},
		} {
			if v := actingBursts(w, members, cb, tc.acting, opts); v != base {
				t.Errorf("seed %d, %s: %v, want the group's %v", seed, tc.name, v, base)
			}
		}
	}
	if found < 5 {
		t.Errorf("the acting scan added to the group's bursts, with all but 3 of the network in one, in %d of 6 worlds, want at least 5", found)
	}
}
