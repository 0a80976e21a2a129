package detect

import (
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// humanLabels are the labels of people in the randomized worlds: none may
// be swept above 1% in the tests below.
var humanLabels = []string{sim.LabelSuperfan, sim.LabelFandom, sim.LabelNewsJunkie, sim.LabelActivist, sim.LabelLiveEvent, sim.LabelViral}

// TestSplitNetworkRejoined (issue 13, small networks split): Louvain cut
// each of these retweet networks in two, one piece judged inauthentic on
// all its members, the other coordinated beside the superfans and aged
// amplifiers it was clustered with; splitMixed then enforced the second
// piece as a network of its own, amplifying the same account, and the
// associated accounts went to one piece or the other (tuning world 9724:
// 11 + 4 of 15 at 0.03, 26 + 5 of 31 at 0.06; 9719 at 0.06: 46 + 15 of
// 61). Merged by the first pass's rule (mergeAmplifying), each network
// must be swept whole: recall and largest share at least 0.95 for the
// network and its associated accounts, and no person swept (at most 1% of
// any human label). 9719 at 0.03 was found whole before and must stay so,
// and so must 9640 at both scales, where aged amplifiers freed from the
// superfans beside them amplify the same account as a network of 12 (20
// at 0.06) and are judged coordinated: merged, they took the network with
// them (a first version merged without judging the merged network).
// Tuning seeds, two scales.
func TestSplitNetworkRejoined(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects six worlds")
	}
	for _, tt := range []struct {
		seed  int64
		scale float64
	}{
		{9724, 0.03}, {9724, 0.06}, {9719, 0.06}, {9719, 0.03}, {9640, 0.03}, {9640, 0.06},
	} {
		cfg := sim.Random(tt.seed)
		cfg.Scale = tt.scale
		m := evalWorldConfig(t, cfg, Options{})
		for _, l := range []string{sim.LabelNetwork, sim.LabelAssociated} {
			t.Logf("seed %d scale %.2f: %s recall %.3f, largest share %.3f", tt.seed, tt.scale, l, m.recall[l], m.together[l])
			if m.recall[l] < 0.95 || m.together[l] < 0.95 {
				t.Errorf("seed %d scale %.2f: %s recall %.3f, largest share %.3f, want both at least 0.95", tt.seed, tt.scale, l, m.recall[l], m.together[l])
			}
		}
		for _, l := range humanLabels {
			if fp := m.people[l]; fp > 0.01 {
				t.Errorf("seed %d scale %.2f: %.3f of %s flagged, want at most 0.01", tt.seed, tt.scale, fp, l)
			}
		}
	}
}

// TestFarmPieceBesideFewPosters (issue 13, small farms missed): in tuning
// world 9701 at 0.03 Louvain put 3 of a follower farm's 12 accounts in a
// cluster with 2 organic accounts that follow the same prominent accounts,
// and left the other 9 in no cluster; the cluster was judged coordinated
// and the farm was missed whole. A piece of silent, follow-tied accounts
// too small to be a network and the majority of its cluster now recruits
// as a farm seed does (farmPieces): the farm must be swept (recall and
// largest share at least 0.95) with no person swept. The other worlds
// (both scales) hold farms found before that must stay found. (In 9701 at
// 0.06 a piece of 8 of the farm's 20 accounts is judged beside 3 organic
// accounts, as a farm's cluster; without the account model's scores,
// which botsweep detect adds, it is judged coordinated in process, so the
// world is not used here.)
func TestFarmPieceBesideFewPosters(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects four worlds")
	}
	for _, tt := range []struct {
		seed  int64
		scale float64
	}{
		{9701, 0.03}, {9723, 0.03}, {9723, 0.06}, {9724, 0.06},
	} {
		cfg := sim.Random(tt.seed)
		cfg.Scale = tt.scale
		m := evalWorldConfig(t, cfg, Options{})
		t.Logf("seed %d scale %.2f: follower-farm recall %.3f, largest share %.3f, precision %.3f", tt.seed, tt.scale, m.recall[sim.LabelFarm], m.together[sim.LabelFarm], m.precision)
		if m.recall[sim.LabelFarm] < 0.95 || m.together[sim.LabelFarm] < 0.95 {
			t.Errorf("seed %d scale %.2f: follower-farm recall %.3f, largest share %.3f, want both at least 0.95", tt.seed, tt.scale, m.recall[sim.LabelFarm], m.together[sim.LabelFarm])
		}
		for _, l := range append([]string{sim.LabelOrganic}, humanLabels...) {
			if fp := m.people[l]; fp > 0.01 {
				t.Errorf("seed %d scale %.2f: %.3f of %s flagged, want at most 0.01", tt.seed, tt.scale, fp, l)
			}
		}
	}
}
