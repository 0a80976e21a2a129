package detect

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestZZIdentityEval (EXPERIMENT, reverted in the next commit): with
// SF_SEEDS, DETECT_DIAG_SCALE and SF_OUT it appends, per world, the
// flagged and total accounts of every planted label (members scored with
// the embedded account model) to SF_OUT.
func TestZZIdentityEval(t *testing.T) {
	out, _ := os.OpenFile(os.Getenv("SF_OUT"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	defer out.Close()
	diagWorlds(t, "SF_SEEDS", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		opts := Options{BotScores: diagBotScores(t, d)}
		res, err := Run(context.Background(), d, opts)
		if err != nil {
			t.Fatal(err)
		}
		flagged := map[string]bool{}
		for _, n := range res.Networks {
			if n.Verdict == botsweep.VerdictInauthentic {
				for _, x := range n.Members {
					flagged[x.AccountID] = true
				}
			}
		}
		tot, fl := map[string]int{}, map[string]int{}
		for _, r := range truth.Rows {
			tot[r.Label]++
			if flagged[r.AccountID] {
				fl[r.Label]++
			}
		}
		var b strings.Builder
		for l, n := range tot {
			fmt.Fprintf(&b, "%d\t%g\t%s\t%d\t%d\n", seed, scale, l, fl[l], n)
		}
		out.WriteString(b.String())
	})
}
