package impact_test

import (
	"context"
	"testing"

	"github.com/botsweep/botsweep/impact"
)

// naiveRecount recounts every account's active followers with one scan of
// the follows per account: the baseline the one-pass recount replaces.
func naiveRecount(w *testWorld) map[string]int64 {
	suspended := map[string]bool{}
	for _, id := range w.log.Suspended() {
		suspended[id] = true
	}
	out := make(map[string]int64, len(w.ds.Accounts))
	for _, a := range w.ds.Accounts {
		out[a.ID] = direct(w.ds, a.ID, suspended)
	}
	return out
}

func BenchmarkRecount(b *testing.B) {
	w := newWorld(b, 2000, 1000, 9)
	w.history(b)
	b.Logf("%d accounts, %d follows, %d sweeps", len(w.ds.Accounts), len(w.ds.Follows), len(w.log.Sweeps()))
	ctx := context.Background()
	b.Run("one-pass", func(b *testing.B) {
		for b.Loop() {
			if _, err := impact.Compute(ctx, w.ds, w.log, impact.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("naive-per-account", func(b *testing.B) {
		for b.Loop() {
			naiveRecount(w)
		}
	})
}
