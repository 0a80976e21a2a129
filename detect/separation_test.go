package detect

import (
	"math/rand/v2"
	"testing"
)

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
		{"activist remainder", separation{within: 42, cross: 319, withinPairs: 10, crossPairs: 40, withinNull: 10, crossNull: 40}, true},
		// Tuning world 9427 at 0.03: a retweet network of 23 beside 11 superfans.
		{"network beside superfans", separation{within: 519, cross: 105, withinPairs: 253, crossPairs: 253, withinNull: 253, crossNull: 253}, false},
		// As much within as across: no evidence either way.
		{"even", separation{within: 100, cross: 400, withinPairs: 10, crossPairs: 40, withinNull: 10, crossNull: 40}, false},
		// Fewer within, but too few items to tell.
		{"few items", separation{within: 1, cross: 8, withinPairs: 10, crossPairs: 40, withinNull: 10, crossNull: 40}, false},
		{"nothing co-shared", separation{withinPairs: 10, crossPairs: 40, withinNull: 10, crossNull: 40}, false},
		{"no people", separation{within: 50, withinPairs: 10, withinNull: 10}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sep.embedded() >= Options{}.withDefaults().MinSignificance
			if got != tc.embedded {
				t.Errorf("embedded significance %.2f: embedded %v, want %v", tc.sep.embedded(), got, tc.embedded)
			}
		})
	}
}

// TestCoShareSeparationsActivity: the separation's null is each account's
// own activity among the group's items, not the pair count. Accounts that
// share more of the group's items co-share more with everyone, so a
// network beside busier amplifiers that left as people (tuning world 9657
// at 0.03: aged accounts with a higher coverage of the amplified account)
// co-shares less per pair with itself than with them, yet no less than
// their activity gives; a group's own people, whose items overlap the
// people's who left and not one another's, stay embedded.
func TestCoShareSeparationsActivity(t *testing.T) {
	// itemsOf lists each account's items: members first (k of them),
	// then people.
	type world struct {
		name    string
		k       int
		itemsOf func(a int) []int32
		n       int
		// activity is the verdict under the activity null, perPair the
		// verdict that counting pairs alike gives; embedded needs both.
		activity, perPair bool
	}
	stride := func(lo, span, of int) []int32 {
		var out []int32
		for i := 0; i < span; i++ {
			out = append(out, int32((lo+i)%of))
		}
		return out
	}
	for _, tc := range []world{
		// 20 members each retweeting 8 of 40 posts at random, beside 6
		// amplifiers retweeting every post.
		{"network beside busier amplifiers", 20, func(a int) []int32 {
			if a < 20 {
				return randomItems(int64(a), 8, 40)
			}
			return stride(0, 40, 40)
		}, 26, false, true},
		// 20 members each sharing 4 posts no other member shares, all
		// shared by 6 people who shared every post.
		{"own people left behind", 20, func(a int) []int32 {
			if a < 20 {
				return stride(4*a, 4, 80)
			}
			return stride(0, 80, 80)
		}, 26, true, true},
		// 20 members sharing the same 30 posts, 6 people sharing 5 each.
		{"network co-sharing within", 20, func(a int) []int32 {
			if a < 20 {
				return stride(0, 30, 40)
			}
			return stride(5*(a-20), 5, 40)
		}, 26, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := layerOf(tc.n, tc.itemsOf)
			core := cluster{}
			for a := 0; a < tc.n; a++ {
				if a < tc.k {
					core.members = append(core.members, int32(a))
				} else {
					core.people = append(core.people, int32(a))
				}
			}
			sig := Options{}.withDefaults().MinSignificance
			s := coShareSeparations(tc.n, []*layer{l}, []cluster{core})[0]
			act := binomBelow(s.within, s.cross, s.withinNull, s.crossNull)
			if got := act >= sig; got != tc.activity {
				t.Errorf("activity null: significance %.2f (%+v), want embedded %v", act, s, tc.activity)
			}
			pp := binomBelow(s.within, s.cross, s.withinPairs, s.crossPairs)
			if got := pp >= sig; got != tc.perPair {
				t.Errorf("per pair: significance %.2f (%+v), want embedded %v", pp, s, tc.perPair)
			}
			if got, want := s.embedded() >= sig, tc.activity && tc.perPair; got != want {
				t.Errorf("embedded significance %.2f, want embedded %v", s.embedded(), want)
			}
		})
	}
}

// randomItems draws k of n items, the same for the same seed.
func randomItems(seed int64, k, n int) []int32 {
	r := rand.New(rand.NewPCG(uint64(seed), 1))
	out := make([]int32, 0, k)
	for _, i := range r.Perm(n)[:k] {
		out = append(out, int32(i))
	}
	return out
}

// layerOf builds a co-action layer from each of n accounts' items: its
// shares, sorted by item, and its pairs with the items each pair shared.
func layerOf(n int, itemsOf func(a int) []int32) *layer {
	l := &layer{name: LayerCoRetweet, window: 600}
	byItem := map[int32][]int32{}
	for a := 0; a < n; a++ {
		for _, it := range itemsOf(a) {
			byItem[it] = append(byItem[it], int32(a))
		}
	}
	pairs := map[[2]int32]int32{}
	for it := int32(0); it < 1000; it++ {
		as := byItem[it]
		for i, a := range as {
			l.shares = append(l.shares, Share{Item: it, Account: a, Time: int64(it)*3600 + int64(i)})
			for _, b := range as[:i] {
				pairs[[2]int32{b, a}]++
			}
		}
	}
	for p, k := range pairs {
		l.pairs = append(l.pairs, PairWeight{A: p[0], B: p[1], Items: k, Weight: float32(k)})
	}
	return l
}
