package detect

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestDiagnosePooledQuiet is a diagnostic, not a check: with
// DETECT_POOLQ_SEEDS (and DETECT_DIAG_SCALE) it prints, for every cluster
// judged at stage 2, its composition and its members' quiet-window
// readings pooled (pooledQuiet, Options.MemberQuietPooled): the members
// with a known day, those automated, their quiet retweets (in) of all
// (amp), what their other posts predict (exp) and its lifted form
// (lifted), the pool's significance, and the members it alone marks, by
// label. Detection itself runs with default options. Tuning seeds only.
func TestDiagnosePooledQuiet(t *testing.T) {
	diagWorlds(t, "DETECT_POOLQ_SEEDS", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		idx := truth.Index()
		var b strings.Builder
		trace := func(w *world, stage string, clusters []cluster) {
			if stage != "inauthentic (merged)" && stage != "coordinated (merged)" {
				return
			}
			o := Options{MemberQuietPooled: true}.withDefaults()
			for c, ms := range memberEvidence(w, clusters, o) {
				comp := map[string]int{}
				var lrSum, lrPos float64
				var in, amp, known, auto, pos int32
				var exp, lifted float64
				newly := map[string]int{}
				for i, m := range ms {
					comp[idx[w.acct.names[clusters[c].members[i]]].Label]++
					q := m.quiet
					if !q.known || q.amp == 0 || q.posts == 0 {
						continue
					}
					known++
					lifted += float64(q.amp) * q.quietBaseline(o)
					if m.pooledQuiet && !q.automated(o) {
						newly[idx[w.acct.names[clusters[c].members[i]]].Label]++
					}
					in += q.in
					amp += q.amp
					exp += float64(q.amp) * float64(q.otherIn) / float64(q.posts)
					lr := binomLR(q.in, q.amp, q.otherIn, q.posts)
					if float64(q.in)*float64(q.posts) <= float64(q.otherIn)*float64(q.amp) {
						lr = -lr
					} else {
						pos++
						lrPos += lr
					}
					lrSum += lr
					if m.automated(o) {
						auto++
					}
				}
				var keys []string
				for k, v := range comp {
					keys = append(keys, fmt.Sprintf("%s:%d", k, v))
				}
				sort.Strings(keys)
				fmt.Fprintf(&b, "POOLQ %d %g %-21s n=%d known=%d auto=%d pos=%d in=%d amp=%d exp=%.1f lrSum=%.2f lrPos=%.2f lifted=%.1f pooledSig=%.2f newly=%v %s\n", seed, scale, stage, len(ms), known, auto, pos, in, amp, exp, lrSum, lrPos, lifted, poissonUpperSig(int(in), lifted), newly, strings.Join(keys, ","))
			}
		}
		if _, err := runTraced(d, Options{}, trace); err != nil {
			t.Fatal(err)
		}
		fmt.Print(b.String())
	})
}
