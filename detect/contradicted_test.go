package detect

import (
	"fmt"
	"testing"
)

// TestPartialContradicted checks partialSign under
// Options.MemberPartialContradicted: a member that does not cover the
// amplified posts at a partial rate fails the sign (measured, not shown)
// only where its coverage lies above the bound (MemberPartialRatio of the
// others' rate) by MemberPartialSignificance. The first row is the
// superfan of tuning world 10107 at 0.03 (38 of 200 against a core at
// 75 of 200: bound 0.1875), which fails without the option and is
// unknown with it; the second a network member of that world (81 of
// 203), which fails either way; the third the superfan of 10132 at 0.03
// that covers as its network does (25 of 65 against 138 of 363), which
// fails either way; the fourth a member with too few opportunities for
// the sign to be read at all; the fifth a member with a partial coverage
// of its own, shown either way.
func TestPartialContradicted(t *testing.T) {
	for _, tc := range []struct {
		acts, opps, oActs, oOpps int32
		shown                    bool
		off, on                  bool // measured without and with the option
	}{
		{acts: 38, opps: 200, oActs: 75, oOpps: 200, off: true, on: false},
		{acts: 81, opps: 203, oActs: 75, oOpps: 200, off: true, on: true},
		{acts: 25, opps: 65, oActs: 138, oOpps: 363, off: true, on: true},
		{acts: 2, opps: 6, oActs: 138, oOpps: 363, off: false, on: false},
		{acts: 10, opps: 200, oActs: 75, oOpps: 200, shown: true, off: true, on: true},
	} {
		t.Run(fmt.Sprintf("%d_of_%d_against_%d_of_%d", tc.acts, tc.opps, tc.oActs, tc.oOpps), func(t *testing.T) {
			for _, on := range []bool{false, true} {
				o := Options{MemberPartialContradicted: on}.withDefaults()
				want := tc.off
				if on {
					want = tc.on
				}
				shown, measured, powered := partialSign(tc.acts, tc.opps, tc.oActs, tc.oOpps, o)
				if shown != tc.shown || measured != want || powered != tc.off {
					t.Errorf("MemberPartialContradicted %v: partial %v measured %v powered %v, want %v %v %v", on, shown, measured, powered, tc.shown, want, tc.off)
				}
			}
		})
	}
}

// TestSlowerContradicted checks slowerContradicted: more than half of a
// member's delays within the slower bound, by a log10 likelihood ratio
// against a half of at least MemberRestSignificance (2).
func TestSlowerContradicted(t *testing.T) {
	for _, tc := range []struct {
		within, n int32
		want      bool
	}{
		{within: 20, n: 38, want: false}, // a median just under the bound
		{within: 48, n: 60, want: true},  // a network member's delays
		{within: 5, n: 5, want: false},   // 5 of 5: log10 LR 1.51
		{within: 7, n: 7, want: true},    // 7 of 7: log10 LR 2.11
		{within: 10, n: 30, want: false}, // under half: the member is slower
		{within: 0, n: 0, want: false},
	} {
		if got := slowerContradicted(tc.within, tc.n, Options{}.withDefaults()); got != tc.want {
			t.Errorf("%d of %d within the bound: contradicted %v, want %v (log10 LR %.2f)", tc.within, tc.n, got, tc.want, rateAboveLR(tc.within, tc.n, 0.5))
		}
	}
}

// TestRepliesPoweredPosts checks repliesPoweredPosts: the fewest posts on
// which an account replying at the world's median reply share (accounts
// with rhythmMinPosts posts or more) shows a reply but for a chance of at
// most 10^-MemberRestSignificance, and rhythmMinPosts where the median
// account does not reply.
func TestRepliesPoweredPosts(t *testing.T) {
	world := func(posts, replies []int32) *world {
		return &world{screen: make([]string, len(posts)), posts: posts, replies: replies}
	}
	for _, tc := range []struct {
		name           string
		posts, replies []int32
		want           int32
	}{
		// Median share 0.08: 2·ln 10 / −ln 0.92 = 55.2.
		{"median_8pc", []int32{100, 50, 25, 3, 200}, []int32{8, 4, 1, 3, 40}, 56},
		// The account with 3 posts (all replies) is not read.
		{"median_20pc", []int32{10, 10, 10, 3}, []int32{2, 2, 3, 3}, 21},
		{"no_replies", []int32{100, 50, 25}, []int32{0, 0, 0}, rhythmMinPosts},
		{"no_posts", []int32{0, 2}, []int32{0, 1}, rhythmMinPosts},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := repliesPoweredPosts(world(tc.posts, tc.replies), Options{}.withDefaults()); got != tc.want {
				t.Errorf("repliesPoweredPosts = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestFailRead checks person's "at most one failure" reading with
// amplification signs the data does not contradict (unknown, but powered:
// memberSigns.ampPowered). The first row is a camouflaged member of tuning
// world 10024 at 0.06: profile, age, replies and rhythm shown, its partial
// coverage failed, its slower sign powered but not contradicted, its own
// follows tied to the core (tiedSig 3) and its amplification acting as the
// network's. It stays: the powered slower sign still counts as a failure
// (failRead), as it set the stricter bar; counted as unknown, it would
// leave with 4 of 5 measured. The second is the same member untied: 4
// signs are its bar, and it leaves. The third is the
// superfan of tuning world 10107 at 0.03: profile, age and rhythm shown,
// replies, slower and partial unknown, untied: 3 of 3, it leaves.
func TestFailRead(t *testing.T) {
	const (
		amp   = 1<<signSlower | 1<<signPartial
		looks = 1<<signProfile | 1<<signAged | 1<<signRhythm
	)
	for _, tc := range []struct {
		name             string
		shown, measured  uint16
		tiedSig          float64
		person, asNetwrk bool
	}{
		{"camouflage_tied", looks | 1<<signReplies, looks | 1<<signReplies | 1<<signPartial, 3, false, true},
		{"camouflage_untied", looks | 1<<signReplies, looks | 1<<signReplies | 1<<signPartial, 0, true, true},
		{"superfan_untied", looks, looks, 0, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{MemberPartialContradicted: true}.withDefaults()
			m := memberSigns{shown: tc.shown, measured: tc.measured, ampPowered: amp, tiedSig: tc.tiedSig}
			if got := m.actsAsNetwork(o); got != tc.asNetwrk {
				t.Errorf("actsAsNetwork = %v, want %v", got, tc.asNetwrk)
			}
			if got := m.person(o); got != tc.person {
				t.Errorf("person = %v, want %v (failRead %09b)", got, tc.person, m.failRead(o))
			}
		})
	}
}
