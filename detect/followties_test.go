package detect

import "testing"

// TestFollowTies: a member with no follow edge with its network's core
// shows the sign of a person signUntied (Options.MemberFollowTies) only
// where the data could have shown a tie: its follows are in the data and
// the core itself is tied by follows. A tie to a member that leaves as a
// person does not count; a tie to the core is no sign either way.
func TestFollowTies(t *testing.T) {
	var opts Options
	opts.defaults()
	opts.MemberFollowTies = true
	bit := func(bs ...int) uint16 {
		var b uint16
		for _, x := range bs {
			b |= 1 << x
		}
		return b
	}
	// Members 0 to core-1 have no sign of a person, 6 is a person (four
	// signs), 7 the member judged: three signs of six measured, one short
	// of leaving, so it is in the core itself until it shows the sign.
	// Account 8 is outside the cluster.
	three := memberSigns{measured: bit(signProfile, signAged, signReplies, signSlower, signRhythm, signPartial), shown: bit(signProfile, signAged, signRhythm)}
	person := memberSigns{measured: bit(signProfile, signAged, signReplies, signRhythm), shown: bit(signProfile, signAged, signReplies, signRhythm)}
	ring := func(n int) []followEdge { // core members following the next one
		var es []followEdge
		for i := range n {
			es = append(es, followEdge{int32(i), int32((i + 1) % n)})
		}
		return es
	}
	tests := []struct {
		name                 string
		core                 int // members 0..core-1 are the core (no signs)
		follows              []followEdge
		measured, shown, out bool // signUntied measured and shown; member 7 leaves
	}{
		{"untied beside a tied core", 6, append(ring(6), followEdge{7, 8}), true, true, true},
		{"follows a core member", 6, append(ring(6), followEdge{7, 2}), false, false, false},
		{"followed by a core member", 6, append(ring(6), followEdge{3, 7}), false, false, false},
		{"tied to a person only", 6, append(ring(6), followEdge{7, 6}, followEdge{6, 7}), true, true, true},
		{"no follows of its own in the data", 6, ring(6), false, false, false},
		{"core not tied by follows (a farm)", 6, []followEdge{{0, 8}, {1, 8}, {2, 8}, {3, 8}, {4, 8}, {5, 8}, {7, 8}}, false, false, false},
		{"core tied in a minority", 6, []followEdge{{0, 1}, {2, 8}, {3, 8}, {4, 8}, {5, 8}, {7, 8}}, false, false, false},
		{"core under MinNetworkSize", 3, append(ring(3), followEdge{7, 8}), false, false, false},
	}
	for _, tc := range tests {
		w := &world{screen: make([]string, 9), follows: tc.follows}
		cl := cluster{}
		var ms []memberSigns
		for i := range 8 {
			if i >= tc.core && i < 6 {
				continue
			}
			cl.members = append(cl.members, int32(i))
			switch {
			case i < tc.core:
				ms = append(ms, memberSigns{})
			case i == 6:
				ms = append(ms, person)
			default:
				ms = append(ms, three)
			}
		}
		_, of := topAmplified(w, []cluster{cl})
		out := [][]memberSigns{ms}
		followTies(w, []cluster{cl}, of, out, opts)
		m := out[0][len(ms)-1]
		if got := m.measured&(1<<signUntied) != 0; got != tc.measured {
			t.Errorf("%s: measured %v, want %v", tc.name, got, tc.measured)
		}
		if got := m.shown&(1<<signUntied) != 0; got != tc.shown {
			t.Errorf("%s: shown %v, want %v", tc.name, got, tc.shown)
		}
		if got := m.person(opts); got != tc.out {
			t.Errorf("%s: leaves %v, want %v", tc.name, got, tc.out)
		}
		for i := range tc.core {
			if out[0][i].shown&(1<<signUntied) != 0 {
				t.Errorf("%s: core member %d shown untied", tc.name, i)
			}
		}
	}
}
