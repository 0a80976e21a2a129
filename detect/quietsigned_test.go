package detect

import (
	"fmt"
	"testing"
)

// TestQuietSigned checks Options.MemberQuietSigned: where a member's
// amplification rests daily, its retweets inside its own quiet hours are
// read as automation only where that reading's own evidence
// (quietAmp.quietSig) reaches MemberRestSignificance. The first row is
// the superfan of tuning world
// 10134 at 0.03 (3 of 20 retweets of the amplified account in the window
// 1 of its 59 other posts name: quietSig 1.00; its rest at 2.53 does not
// outweigh it by 2); the second holds the same share of a member's
// retweets there with ten times the data, which the option still reads
// as automation; the third is a camouflaged member of tuning world 10110
// at 0.03 (6 of 62 there, quietSig under 1) whose amplification does not
// rest, which the option leaves automated; the fourth is a member with no
// quiet reading at all.
func TestQuietSigned(t *testing.T) {
	for _, tc := range []struct {
		in, amp, otherIn, posts int32
		rests                   bool
		restSig                 float64
		off, on                 bool // automated without and with the option
	}{
		{in: 3, amp: 20, otherIn: 1, posts: 59, rests: true, restSig: 2.53, off: true, on: false},
		{in: 30, amp: 200, otherIn: 10, posts: 590, rests: true, restSig: 2.53, off: true, on: true},
		{in: 6, amp: 62, otherIn: 2, posts: 54, rests: false, off: true, on: true},
		{in: 0, amp: 20, otherIn: 1, posts: 59, off: false, on: false},
	} {
		t.Run(fmt.Sprintf("%d_of_%d_against_%d_of_%d", tc.in, tc.amp, tc.otherIn, tc.posts), func(t *testing.T) {
			m := memberSigns{
				quiet: quietAmp{known: true, in: tc.in, amp: tc.amp, otherIn: tc.otherIn, posts: tc.posts, otherShare: float64(tc.otherIn) / float64(tc.posts)},
				rest:  ampRest{rests: tc.rests, sig: tc.restSig},
			}
			for _, on := range []bool{false, true} {
				o := Options{MemberQuietSigned: on}.withDefaults()
				want := tc.off
				if on {
					want = tc.on
				}
				if got := m.automated(o); got != want {
					t.Errorf("MemberQuietSigned %v: automated %v, want %v (quietSig %.2f)", on, got, want, m.quiet.quietSig())
				}
			}
		})
	}
}
