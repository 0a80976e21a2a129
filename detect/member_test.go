package detect

import "testing"

// TestQuietAmpAutomated: amplification inside a member's own quiet hours
// is automation only when it is more than the member's own habits put
// there, and never when its day is unknown.
func TestQuietAmpAutomated(t *testing.T) {
	var opts Options
	opts.defaults()
	tests := []struct {
		name string
		q    quietAmp
		want bool
	}{
		{"day unknown", quietAmp{known: false, in: 50, amp: 100}, false},
		{"asleep person never amplifies at night", quietAmp{known: true, in: 0, amp: 100}, false},
		{"a few at night, none of its other posts there", quietAmp{known: true, in: int32(opts.MemberQuietActs), amp: 100}, true},
		{"too few to tell", quietAmp{known: true, in: int32(opts.MemberQuietActs) - 1, amp: 100}, false},
		{"at its own habits' rate", quietAmp{known: true, in: 5, amp: 100, otherShare: 0.05}, false},
		{"twice its own habits' rate", quietAmp{known: true, in: 10, amp: 100, otherShare: 0.05}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.automated(opts); got != tc.want {
				t.Errorf("automated(%+v) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

// TestQuietWindow finds the quietest restHours of an account's own day,
// wherever it lies in UTC, and says when there are too few posts to tell.
func TestQuietWindow(t *testing.T) {
	day := func(quietFrom int) [24]int32 {
		var h [24]int32
		for i := range h {
			h[i] = 5
		}
		for i := range restHours {
			h[(quietFrom+i)%24] = 0
		}
		return h
	}
	tests := []struct {
		name      string
		hours     [24]int32
		posts     int32
		wantStart int
		wantOK    bool
	}{
		{"asleep 02-08 UTC", day(2), 90, 2, true},
		{"asleep across midnight", day(21), 90, 21, true},
		{"too few posts", day(2), restMinPosts - 1, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, share, ok := quietWindow(&tc.hours, tc.posts)
			if ok != tc.wantOK || (ok && (start != tc.wantStart || share != 0)) {
				t.Errorf("quietWindow = %d, %.3f, %v; want %d, 0, %v", start, share, ok, tc.wantStart, tc.wantOK)
			}
		})
	}
}
