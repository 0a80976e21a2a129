package detect

import (
	"math"
	"testing"
)

// TestPoissonLowerSig: −log10 P(X <= k) for a Poisson variable, against
// the sum written out term by term; k = 0 is the test signUntied has always
// used (mean/ln 10), and more edges are less evidence.
func TestPoissonLowerSig(t *testing.T) {
	for _, mean := range []float64{0.5, 2, 6.6, 17, 40} {
		prev := math.Inf(1)
		for k := range 12 {
			p, term := 0.0, math.Exp(-mean)
			for x := 0; x <= k; x++ {
				if x > 0 {
					term *= mean / float64(x)
				}
				p += term
			}
			want := -math.Log10(p)
			got := poissonLowerSig(k, mean)
			if math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Errorf("mean %g k %d: %g, want %g", mean, k, got, want)
			}
			if got > prev {
				t.Errorf("mean %g k %d: %g above k-1's %g", mean, k, got, prev)
			}
			prev = got
		}
	}
	if got := poissonLowerSig(0, 4.6); math.Abs(got-4.6/math.Ln10) > 1e-12 {
		t.Errorf("k 0: %g, want mean/ln 10", got)
	}
	if got := poissonLowerSig(3, 0); got != 0 {
		t.Errorf("mean 0: %g, want 0", got)
	}
}

// TestSparseTies: with Options.MemberSparseTies, a member followed by one
// account of a core whose members follow one another by the tens shows
// signUntied as direct evidence and leaves on three signs; beside a core
// tied by a follow or two each, or with the option off, one edge is a tie.
func TestSparseTies(t *testing.T) {
	three := memberSigns{measured: 1<<signProfile | 1<<signAged | 1<<signReplies | 1<<signSlower | 1<<signRhythm | 1<<signPartial, shown: 1<<signProfile | 1<<signAged | 1<<signRhythm}
	ring := ringFollows(8)
	for _, tc := range []struct {
		name    string
		sparse  bool
		follows []followEdge
		shown   bool
	}{
		{"dense core, one edge", true, append(completeFollows(8), followEdge{3, 8}), true},
		{"dense core, two edges", true, append(completeFollows(8), followEdge{3, 8}, followEdge{8, 5}), true},
		{"dense core, option off", false, append(completeFollows(8), followEdge{3, 8}), false},
		{"sparse core, one edge", true, append(ring, followEdge{3, 8}), false},
		{"dense core, tied as a core member", true, append(completeFollows(8), followEdge{8, 0}, followEdge{8, 1}, followEdge{8, 2}, followEdge{8, 3}, followEdge{8, 4}, followEdge{8, 5}, followEdge{8, 6}, followEdge{0, 8}, followEdge{1, 8}, followEdge{2, 8}, followEdge{3, 8}), false},
	} {
		var opts Options
		opts.defaults()
		opts.MemberSparseTies = tc.sparse
		w := &world{screen: make([]string, 10), follows: tc.follows}
		cl := cluster{members: []int32{0, 1, 2, 3, 4, 5, 6, 7, 8}}
		ms := make([]memberSigns, 9)
		ms[8] = three
		_, of := topAmplified(w, []cluster{cl})
		out := [][]memberSigns{ms}
		followTies(w, []cluster{cl}, of, out, opts)
		m := out[0][8]
		if got := m.shown&(1<<signUntied) != 0; got != tc.shown {
			t.Errorf("%s: untied shown %v (evidence %.2f), want %v", tc.name, got, m.untiedSig, tc.shown)
		}
		if got := m.person(opts); got != tc.shown {
			t.Errorf("%s: leaves %v, want %v", tc.name, got, tc.shown)
		}
		for i := range 8 {
			if out[0][i].shown&(1<<signUntied) != 0 {
				t.Errorf("%s: core member %d shown untied", tc.name, i)
			}
		}
	}
}

// TestUnactedMember: a member with no co-action of its own leaves (on by
// default; Options.MemberUnactedOff) when every sign measured for it
// shows a person (at least two), a delay read on other accounts' retweets
// counting neither way. A member that co-acts, a delay on the amplified
// account that fails, a failed sign of its own, a single sign or
// automation keep it.
func TestUnactedMember(t *testing.T) {
	bit := func(bs ...int) uint16 {
		var b uint16
		for _, x := range bs {
			b |= 1 << x
		}
		return b
	}
	two := memberSigns{measured: bit(signProfile, signAged), shown: bit(signProfile, signAged), unacted: true}
	acting := two
	acting.unacted = false
	fastOther := memberSigns{measured: bit(signProfile, signAged, signSlower), shown: bit(signProfile, signAged), unacted: true, otherDelay: true}
	fastOwn := fastOther
	fastOwn.otherDelay = false
	defProfile := memberSigns{measured: bit(signProfile, signAged, signReplies), shown: bit(signAged, signReplies), unacted: true}
	silentFarm := memberSigns{measured: bit(signProfile, signAged, signPostsLoud), shown: bit(signProfile), unacted: true}
	one := memberSigns{measured: bit(signProfile), shown: bit(signProfile), unacted: true}
	automated := two
	automated.rest.roundClock = true
	def := Options{}.withDefaults()
	off := def
	off.MemberUnactedOff = true
	for _, c := range []struct {
		name string
		m    memberSigns
		want bool
	}{
		{"two of two", two, true},
		{"two of two, co-acting", acting, false},
		{"fast on other accounts", fastOther, true},
		{"fast on the amplified account", fastOwn, false},
		{"default profile", defProfile, false},
		{"silent farm member", silentFarm, false},
		{"one of one", one, false},
		{"automated", automated, false},
	} {
		if got := c.m.person(def); got != c.want {
			t.Errorf("%s: person %v, want %v", c.name, got, c.want)
		}
		if c.m.person(off) {
			t.Errorf("%s: person with MemberUnactedOff", c.name)
		}
	}
}

// TestMemberCoaction: a member co-acts when another member of its
// cluster shares one of its items on any layer; an item shared with an
// outsider or twice by the member alone is no co-action.
func TestMemberCoaction(t *testing.T) {
	w := &world{
		retweetShares: []Share{{Account: 0, Item: 1}, {Account: 1, Item: 1}, {Account: 2, Item: 2}, {Account: 2, Item: 2}, {Account: 5, Item: 3}, {Account: 3, Item: 3}},
		urlShares:     []Share{{Account: 4, Item: 7}, {Account: 0, Item: 7}, {Account: 6, Item: 7}},
	}
	of := []int32{0, 0, 0, 0, 0, -1, 1}
	want := []bool{true, true, false, false, true, false, false}
	all := []bool{true, true, true, true, true, true, true}
	got := memberCoaction(w, of, all)
	for a := range want {
		if got[a] != want[a] {
			t.Errorf("account %d: co-acts %v, want %v", a, got[a], want[a])
		}
	}
	// Only the marked accounts are read: account 0 alone marked co-acts
	// with 1 (retweet) and 4 (URL), which are not marked.
	got = memberCoaction(w, of, []bool{true, false, false, false, false, false, false})
	for a, g := range got {
		if g != (a == 0) {
			t.Errorf("only 0 marked: account %d co-acts %v", a, g)
		}
	}
}
