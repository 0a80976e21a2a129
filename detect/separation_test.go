package detect

import "testing"

// TestSeparationEmbedded: the members left in a split group are embedded in
// the people who left when they co-share with them more, per pair, than
// with one another, beyond chance; a network co-sharing more among its
// own members, or a split too small to tell, is not.
func TestSeparationEmbedded(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sep      separation
		embedded bool
	}{
		// Tuning world 9411 at 0.06: 5 activists left, 8 left as people.
		{"activist remainder", separation{within: 42, cross: 319, withinPairs: 10, crossPairs: 40}, true},
		// Tuning world 9427 at 0.03: a retweet network of 23 beside 11 superfans.
		{"network beside superfans", separation{within: 519, cross: 105, withinPairs: 253, crossPairs: 253}, false},
		// As much within as across: no evidence either way.
		{"even", separation{within: 100, cross: 400, withinPairs: 10, crossPairs: 40}, false},
		// Fewer within, but too few items to tell.
		{"few items", separation{within: 1, cross: 8, withinPairs: 10, crossPairs: 40}, false},
		{"nothing co-shared", separation{withinPairs: 10, crossPairs: 40}, false},
		{"no people", separation{within: 50, withinPairs: 10}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sep.embedded() >= Options{}.withDefaults().MinSignificance
			if got != tc.embedded {
				t.Errorf("embedded significance %.2f: embedded %v, want %v", tc.sep.embedded(), got, tc.embedded)
			}
		})
	}
}
