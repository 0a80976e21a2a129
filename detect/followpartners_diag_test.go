package detect

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestDiagnoseFollowPartners is a diagnostic, not a check: with
// DETECT_DIAG_FOLLOWLR=10250 (and DETECT_DIAG_SCALE, default 0.03) and
// DETECT_DIAG_FOLLOWLR_ACCOUNTS (comma-separated account ids) it prints,
// per account, its followees with their followers in the world, and the
// accounts the follow-set layer could tie it to: near-identical sets
// (Jaccard at least followMinJaccard) whose pair evidence against the
// popularity null (followNull.pairLR) reaches Options.FollowSetMinLR,
// counted by planted label, with the range of that evidence. Tuning seeds
// only.
func TestDiagnoseFollowPartners(t *testing.T) {
	want := map[string]bool{}
	for _, a := range strings.Split(os.Getenv("DETECT_DIAG_FOLLOWLR_ACCOUNTS"), ",") {
		want[a] = true
	}
	diagWorlds(t, "DETECT_DIAG_FOLLOWLR", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		idx := truth.Index()
		o := Options{}.withDefaults()
		done := false
		trace := func(w *world, stage string, _ []cluster) {
			if done {
				return
			}
			done = true
			fm := followModelOf(w)
			fs, fn := fm.sets, fm.null
			for a := int32(0); int(a) < w.n(); a++ {
				name := w.acct.names[a]
				if !want[name] {
					continue
				}
				sa := fs.set(a)
				var fl []string
				for _, j := range sa {
					fl = append(fl, fmt.Sprintf("%s(%s, %d followers)", w.acct.names[j], idx[w.acct.names[j]].Label, fn.indeg[j]))
				}
				byLabel := map[string]int{}
				lo, hi := map[string]float64{}, map[string]float64{}
				var below int
				for b := int32(0); int(b) < w.n(); b++ {
					sb := fs.set(b)
					if b == a || len(sb) == 0 {
						continue
					}
					shared := intersectInto(nil, sa, sb)
					union := len(sa) + len(sb) - len(shared)
					if len(shared) == 0 || float64(len(shared)) < followMinJaccard*float64(union) {
						continue
					}
					lr := fn.pairLR(sa, sb, shared)
					if lr < o.FollowSetMinLR {
						below++
						continue
					}
					l := idx[w.acct.names[b]].Label
					if byLabel[l] == 0 || lr < lo[l] {
						lo[l] = lr
					}
					if lr > hi[l] {
						hi[l] = lr
					}
					byLabel[l]++
				}
				var parts []string
				for l, k := range byLabel {
					parts = append(parts, fmt.Sprintf("%s %d (LR %.2f-%.2f)", l, k, lo[l], hi[l]))
				}
				sort.Strings(parts)
				fmt.Printf("FOLLOWLR\t%d\t%g\t%s\t%s\tfollows %d: %s\n\tnear-identical partners at the bar: %s; under the bar: %d\n", seed, scale, name, idx[name].Label, len(sa), strings.Join(fl, " "), strings.Join(parts, ", "), below)
			}
		}
		if _, err := runTraced(d, Options{}, trace); err != nil {
			t.Fatal(err)
		}
	})
}
