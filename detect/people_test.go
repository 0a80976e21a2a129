package detect

import (
	"slices"
	"testing"

	"github.com/botsweep/botsweep/graph"
	"github.com/botsweep/botsweep/sim"
)

// TestPeopleAreNotAssociated: people tied to an enforced network only by
// a generic domain its camouflaged members link to (news sites, video and
// photo sites) are not swept as its associated accounts, at two scales of
// tuning worlds where main flagged them: world 9133 at 0.03 (54 people,
// precision 0.682: domains chained through accounts tied only by another
// domain), world 9354 at 0.03 (5 people, precision 0.878) and world 9351
// at 0.03 (2 people)
// (docs/benchmarks/detect.md, "People and associated accounts"). The
// planted associated accounts and link-spam ring stay found.
func TestPeopleAreNotAssociated(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects six worlds")
	}
	peopleStayOut(t, 9133, 9354, 9351)
}

// TestPeopleLeaveWithNoTie: members left with no tie to any other member
// once the people have left a network are not swept with it: tuning world
// 9348 at 0.03 swept two people that way on main (precision 0.963). At
// 0.06 the same world sweeps people tied by follow sets to a follower
// farm (precision 0.945 on main and here): a known gap of follow
// membership, logged, not asserted.
func TestPeopleLeaveWithNoTie(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects two worlds")
	}
	for _, scale := range []float64{0.03, 0.06} {
		m := evalRandom(t, 9348, scale)
		if scale == 0.06 {
			t.Logf("scale 0.06: precision %.3f (known gap: follow-set farm membership)", m.precision)
			continue
		}
		if m.flagged == 0 || m.precision < 0.97 {
			t.Errorf("scale %.2f: precision %.3f over %d flagged, want 0.97", scale, m.precision, m.flagged)
		}
		if r := m.recall[sim.LabelNetwork]; r < 0.95 {
			t.Errorf("scale %.2f: retweet network recall %.3f, want 0.95", scale, r)
		}
	}
}

// peopleStayOut checks, at scales 0.03 and 0.06 of each random world,
// precision over the enforced networks of at least 0.97 and at most 1% of
// every human label but superfans flagged, and that each bot label main found (recall
// 0.95) is still found.
func peopleStayOut(t *testing.T, seeds ...int64) {
	t.Helper()
	for _, seed := range seeds {
		for _, scale := range []float64{0.03, 0.06} {
			m := evalRandom(t, seed, scale)
			if m.flagged > 0 && m.precision < 0.97 {
				t.Errorf("seed %d scale %.2f: precision %.3f, want 0.97", seed, scale, m.precision)
			}
			for l, r := range m.people {
				if l == sim.LabelSuperfan {
					// Superfans kept as core co-retweeters are the known
					// gap of TestSuperfansLeaveTheNetwork, not what these
					// tests guard (world 9133 at 0.06: 1 of 12).
					t.Logf("seed %d scale %.2f: %.3f of superfans flagged", seed, scale, r)
					continue
				}
				if r > 0.01 {
					t.Errorf("seed %d scale %.2f: %.3f of %s flagged, want at most 0.01", seed, scale, r, l)
				}
			}
			for _, l := range []string{sim.LabelNetwork, sim.LabelAssociated, sim.LabelLinkSpam} {
				if r, ok := m.recall[l]; ok && r < 0.95 {
					t.Errorf("seed %d scale %.2f: %s recall %.3f, want 0.95", seed, scale, l, r)
				}
			}
		}
	}
}

// TestDropUntied: a member with no pair in any layer (of MinPairItems items
// or a sampled burst) with another member of its cluster, and no dense
// follow block shared with one, leaves it; a cluster left under
// MinNetworkSize members is dropped.
func TestDropUntied(t *testing.T) {
	var opts Options
	opts.defaults()
	opts.MinNetworkSize = 3
	w := &world{screen: make([]string, 10)}
	pair := func(a, b int32, items int32) PairWeight { return PairWeight{A: a, B: b, Items: items, Weight: 1} }
	tests := []struct {
		name    string
		pairs   []PairWeight
		blocks  []graph.Block
		members []int32
		want    []int32 // nil: the cluster is dropped
	}{
		{"all tied", []PairWeight{pair(0, 1, 3), pair(1, 2, 3), pair(2, 3, 3)}, nil, []int32{0, 1, 2, 3}, []int32{0, 1, 2, 3}},
		{"tied only to an outsider", []PairWeight{pair(0, 1, 3), pair(1, 2, 3), pair(3, 9, 5)}, nil, []int32{0, 1, 2, 3}, []int32{0, 1, 2}},
		{"a pair under MinPairItems is no tie", []PairWeight{pair(0, 1, 3), pair(1, 2, 3), pair(2, 3, 1)}, nil, []int32{0, 1, 2, 3}, []int32{0, 1, 2}},
		{"a sampled burst is a tie", []PairWeight{pair(0, 1, 3), pair(1, 2, 3), {A: 2, B: 3, Items: 1, Weight: 1, Sampled: true}}, nil, []int32{0, 1, 2, 3}, []int32{0, 1, 2, 3}},
		{"a shared follow block is a tie", []PairWeight{pair(0, 1, 3), pair(1, 2, 3)}, []graph.Block{{Rows: []int32{2, 3}}}, []int32{0, 1, 2, 3}, []int32{0, 1, 2, 3}},
		{"alone in its follow block", []PairWeight{pair(0, 1, 3), pair(1, 2, 3)}, []graph.Block{{Rows: []int32{3, 8}}}, []int32{0, 1, 2, 3}, []int32{0, 1, 2}},
		{"too few left", []PairWeight{pair(0, 1, 3)}, nil, []int32{0, 1, 2, 3}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cl := cluster{members: tc.members, internal: make([]float64, len(tc.members))}
			layers := []*layer{{name: LayerCoRetweet, pairs: tc.pairs}}
			got, from := dropUntied(w, layers, tc.blocks, []cluster{cl}, []int{7}, opts)
			if tc.want == nil {
				if len(got) != 0 {
					t.Fatalf("kept %v, want the cluster dropped", got[0].members)
				}
				return
			}
			if len(got) != 1 || from[0] != 7 {
				t.Fatalf("got %d clusters from %v, want 1 from 7", len(got), from)
			}
			if !slices.Equal(got[0].members, tc.want) || len(got[0].internal) != len(tc.want) {
				t.Errorf("members %v (internal %d), want %v", got[0].members, len(got[0].internal), tc.want)
			}
		})
	}
}
