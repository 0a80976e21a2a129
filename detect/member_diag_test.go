package detect

import (
	"fmt"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestDiagnoseMembers is a diagnostic, not a check: with
// DETECT_DIAG_MEMBERS=9634,9651 (and DETECT_DIAG_SCALE, default 0.03) it
// scores the accounts with the embedded account model, as botsweep detect
// does, runs detection in process and prints one tab-separated MEMBER line
// per member of every network judged inauthentic or coordinated on all its
// members, as buildNetworks hands them to the per-member test (trimHumans,
// splitMixed): seed, scale, stage, cluster, cluster size, account,
// planted label, person, automated, the signs shown and measured (bits in
// the order of the sign* constants), the account model's score (-1 when
// none), follow edges with other members of the cluster and whether the
// account ends flagged (DETECT_DIAG_AUTOMATION_OFF=1: Options.MemberAutomationOff).
// Tuning seeds only (docs/benchmarks/detect.md,
// "Identity per member").
func TestDiagnoseMembers(t *testing.T) {
	diagWorlds(t, "DETECT_DIAG_MEMBERS", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		idx := truth.Index()
		opts := diagMemberToggles(Options{BotScores: diagBotScores(t, d)})
		o := opts.withDefaults()
		var rows []string
		trace := func(w *world, stage string, clusters []cluster) {
			if stage != "inauthentic (merged)" && stage != "coordinated (merged)" {
				return
			}
			for c, ms := range memberEvidence(w, clusters, o) {
				cl := clusters[c]
				in := make(map[int32]bool, len(cl.members))
				for _, a := range cl.members {
					in[a] = true
				}
				ties := map[int32]int{}
				for _, e := range w.follows {
					if e.from != e.to && in[e.from] && in[e.to] {
						ties[e.from]++
						ties[e.to]++
					}
				}
				for i, m := range ms {
					a := cl.members[i]
					name := w.acct.names[a]
					s, ok := o.BotScores(name)
					if !ok {
						s = -1
					}
					rows = append(rows, fmt.Sprintf("%d\t%g\t%s\t%d\t%d\t%s\t%s\t%v\t%v\t%09b\t%09b\t%.4f\t%d",
						seed, scale, strings.Fields(stage)[0], c, len(cl.members), name, idx[name].Label,
						m.person(o), m.automated(o), m.shown, m.measured, s, ties[a]))
				}
			}
		}
		res, err := runTraced(d, opts, trace)
		if err != nil {
			t.Fatal(err)
		}
		printFlaggedRows("MEMBER", "", rows, inauthenticMembers(res))
	})
}
