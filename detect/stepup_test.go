package detect

import (
	"math"
	"math/rand"
	"testing"
)

// TestStepUpBar checks the Benjamini–Hochberg bar of Options.MemberStepUp
// on significances shaped like the tuning worlds' clusters, and that it
// never rises above the Bonferroni bar nor lets in a member under the
// level plus log10 of its own tests.
func TestStepUpBar(t *testing.T) {
	const level = 2
	for _, tc := range []struct {
		name    string
		sigs    []float64
		perTest float64
		keep    int // members at or above the bar
	}{
		// Link-spam ring of 12 (tuning world 10139 at 0.03, 7 share
		// layers): 6 reach the Bonferroni bar 4.23, 3 more the step-up
		// bar; the two-item members (2.43) do not.
		{"ring", []float64{4.85, 2.43, 6.07, 4.85, 3.64, 4.85, 2.69, 3.64, 4.85, 4.85, 3.64, 2.43}, 14, 9},
		// Every member far beyond: the bar falls to level + log10(perTest).
		{"all strong", []float64{9, 8, 12, 7, 10}, 2, 5},
		// No member reaches even the least bar: none stays.
		{"none", []float64{0.5, 1.2, 2.1, 0}, 2, 0},
		// A botnet beside crowd accounts (one layer): the bots stay down
		// to 2.8, a bot at 1.63 and the crowd accounts (at most 1.55)
		// stay out (crowd table 10101).
		{"crowd", []float64{0, 0.03, 0.3, 1.55, 1.63, 2.82, 2.84, 2.91, 3.93, 5, 8, 12, 20, 30}, 2, 9},
		// One strong member among people: the Bonferroni bar.
		{"one", []float64{4.0, 1.9, 1.8, 1.5, 1.2, 1.0, 0.4}, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs := append([]float64(nil), tc.sigs...)
			bar := stepUpBar(sigs, level, tc.perTest)
			keep := 0
			for _, s := range tc.sigs {
				if s >= bar {
					keep++
				}
			}
			if keep != tc.keep {
				t.Errorf("bar %.3f keeps %d, want %d", bar, keep, tc.keep)
			}
		})
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 500; i++ {
		n := 1 + rng.Intn(60)
		sigs := make([]float64, n)
		for j := range sigs {
			sigs[j] = rng.ExpFloat64() * 3
		}
		perTest := float64(2 * (1 + rng.Intn(7)))
		bar := stepUpBar(append([]float64(nil), sigs...), level, perTest)
		bonf := level + math.Log10(perTest*float64(n))
		if bar > bonf+1e-12 || bar < level+math.Log10(perTest)-1e-12 {
			t.Fatalf("bar %.3f outside [%.3f, %.3f] for %v", bar, level+math.Log10(perTest), bonf, sigs)
		}
		// Benjamini–Hochberg: the k members kept each reach the bar of k.
		k := 0
		for _, s := range sigs {
			if s >= bar {
				k++
			}
		}
		if k > 0 && bar > level+math.Log10(perTest*float64(n)/float64(k))+1e-12 {
			t.Fatalf("bar %.3f above the step-up level of the %d kept", bar, k)
		}
	}
}
