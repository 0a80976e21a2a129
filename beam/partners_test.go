package beam_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	bsbeam "github.com/botsweep/botsweep/beam"
)

// The Beam pipeline and detect agree exactly when MaxPartners is 0, and
// whenever no share has more than MaxPartners later shares inside the
// window. When the cap applies they sample differently (docs/COORDINATE.md,
// "Beam and detect"): these tests pin the pipeline's side of that
// statement.

// randomItem draws one item's shares: n shares by accounts from a small
// pool within span seconds.
func randomItem(rng *rand.Rand, n, accounts int, span int64) []bsbeam.Share {
	s := make([]bsbeam.Share, n)
	for i := range s {
		s[i] = bsbeam.Share{Item: "p", Account: fmt.Sprintf("a%02d", rng.IntN(accounts)), Time: rng.Int64N(span)}
	}
	return s
}

// maxLater is the most later shares any share has inside the window.
func maxLater(shares []bsbeam.Share, window int64) int {
	most := 0
	for i := range shares {
		c := 0
		for j := range shares {
			later := shares[j].Time > shares[i].Time || shares[j].Time == shares[i].Time && j > i
			if later && shares[j].Time-shares[i].Time <= window {
				c++
			}
		}
		most = max(most, c)
	}
	return most
}

func TestItemPairsCap(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4, 5} {
		for _, n := range []int{5, 40, 300} {
			t.Run(fmt.Sprintf("seed %d shares %d", seed, n), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(seed, uint64(n)))
				shares := randomItem(rng, n, 30, 3600)
				const window, cap = 120, 6
				exact := bsbeam.ItemPairs(slices.Clone(shares), window, 0)
				capped := bsbeam.ItemPairs(slices.Clone(shares), window, cap)
				for _, p := range capped {
					if !slices.Contains(exact, p) {
						t.Fatalf("capped pair %q is not an exact pair", p)
					}
				}
				if maxLater(shares, window) <= cap {
					// The cap never applies: the result is the exact one,
					// as detect's is.
					slices.Sort(exact)
					slices.Sort(capped)
					if !slices.Equal(exact, capped) {
						t.Fatalf("no share exceeds the cap, yet %d pairs against %d exact", len(capped), len(exact))
					}
				}
			})
		}
	}
}

// TestItemPairsCapTakesNearest pins the pipeline's sampling rule: a share
// with more than MaxPartners later shares in the window is paired with the
// MaxPartners nearest later shares of other accounts. (detect instead takes
// the nearest half and spreads the rest over the window, so the far
// partners below would be tied there and are not here.)
func TestItemPairsCapTakesNearest(t *testing.T) {
	const cap = 4
	shares := []bsbeam.Share{{Item: "p", Account: "s", Time: 0}}
	shares = append(shares, bsbeam.Share{Item: "p", Account: "s", Time: 1}) // its own later share: skipped, not counted
	for i := 0; i < 3*cap; i++ {
		shares = append(shares, bsbeam.Share{Item: "p", Account: fmt.Sprintf("x%02d", i), Time: int64(10 + i)})
	}
	partners := map[string]bool{}
	for _, p := range bsbeam.ItemPairs(shares, 60, cap) {
		if p[0] == 's' && p[1] == 0 {
			partners[p[2:]] = true
		}
		if len(p) > 2 && p[len(p)-2:] == "\x00s" {
			partners[p[:len(p)-2]] = true
		}
	}
	for i := 0; i < 3*cap; i++ {
		name := fmt.Sprintf("x%02d", i)
		if want := i < cap; partners[name] != want {
			t.Errorf("s paired with %s: %v, want %v (the %d nearest other accounts only)", name, partners[name], want, cap)
		}
	}
}
