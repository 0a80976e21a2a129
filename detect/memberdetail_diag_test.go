package detect

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestDiagnoseMemberDetail is a diagnostic, not a check: with
// DETECT_DIAG_MEMBER_DETAIL=9835,9837 (and DETECT_DIAG_SCALE) it prints an
// SFD line per member of every cluster holding a superfan
// (DETECT_DIAG_ALL=1: every cluster) as the per-member test sees it
// ("inauthentic (merged)" and "coordinated (merged)"): its signs, score,
// follow edges with the cluster's members and with its core (outC, inC:
// the members that do not leave as people), whether it follows the
// amplified account, its posts, replies, coverage and rest, its retweets
// of the amplified account and of others, co-retweets of other accounts'
// posts with members, median delays, and whether it ends flagged.
// Tuning seeds only (docs/benchmarks/detect.md, "Superfans tied to the
// network by nothing but the amplified account").
func TestDiagnoseMemberDetail(t *testing.T) {
	diagWorlds(t, "DETECT_DIAG_MEMBER_DETAIL", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		idx := truth.Index()
		opts := diagMemberToggles(Options{BotScores: diagBotScores(t, d)})
		o := opts.withDefaults()
		var rows []string
		trace := func(w *world, stage string, clusters []cluster) {
			if stage != "inauthentic (merged)" && stage != "coordinated (merged)" {
				return
			}
			top, _ := topAmplified(w, clusters)
			evs := memberEvidence(w, clusters, o)
			for c, ms := range evs {
				cl := clusters[c]
				has := false
				for _, a := range cl.members {
					if idx[w.acct.names[a]].Label == sim.LabelSuperfan {
						has = true
					}
				}
				if !has && os.Getenv("DETECT_DIAG_ALL") == "" {
					continue
				}
				T := top[c]
				in := make(map[int32]bool, len(cl.members))
				for _, a := range cl.members {
					in[a] = true
				}
				core := map[int32]bool{}
				for i, m := range ms {
					if !m.person(o) {
						core[cl.members[i]] = true
					}
				}
				outE, inE, folT := map[int32]int{}, map[int32]int{}, map[int32]bool{}
				outC, inC := map[int32]int{}, map[int32]int{}
				for _, e := range w.follows {
					if e.from != e.to && in[e.from] && in[e.to] {
						outE[e.from]++
						inE[e.to]++
					}
					if e.from != e.to && in[e.from] && core[e.to] {
						outC[e.from]++
					}
					if e.from != e.to && core[e.from] && in[e.to] {
						inC[e.to]++
					}
					if in[e.from] && e.to == T {
						folT[e.from] = true
					}
				}
				// retweets per member: of T, of others; distinct other authors; delays
				nT, nO := map[int32]int{}, map[int32]int{}
				dT, dO := map[int32][]float64{}, map[int32][]float64{}
				auth := map[int32]map[int32]bool{}
				itemMembers := map[int32]int{}
				for _, s := range w.retweetShares {
					if !in[s.Account] {
						continue
					}
					au := w.objAuthor[s.Item]
					var dl float64 = -1
					if w.objTime[s.Item] > 0 {
						dl = float64(s.Time - w.objTime[s.Item])
					}
					if au == T {
						nT[s.Account]++
						if dl >= 0 {
							dT[s.Account] = append(dT[s.Account], dl)
						}
					} else {
						nO[s.Account]++
						itemMembers[s.Item]++
						if dl >= 0 {
							dO[s.Account] = append(dO[s.Account], dl)
						}
						if auth[s.Account] == nil {
							auth[s.Account] = map[int32]bool{}
						}
						auth[s.Account][au] = true
					}
				}
				coO := map[int32]int{}
				for _, s := range w.retweetShares {
					if in[s.Account] && w.objAuthor[s.Item] != T && itemMembers[s.Item] > 1 {
						coO[s.Account]++
					}
				}
				md := func(x []float64) float64 {
					if len(x) == 0 {
						return -1
					}
					y := append([]float64(nil), x...)
					sort.Float64s(y)
					return y[len(y)/2]
				}
				for i, m := range ms {
					a := cl.members[i]
					name := w.acct.names[a]
					s, ok := o.BotScores(name)
					if !ok {
						s = -1
					}
					q := m.quiet
					rows = append(rows, fmt.Sprintf("%d\t%g\t%s\t%d\t%d\t%s\t%s\tP=%v\tA=%v\t%09b\t%09b\t%.2f\tout=%d\tin=%d\toutC=%d inC=%d\tfolT=%v\tposts=%d\toth=%d\trep=%d\tacts=%d/%d\trsig=%.2f\trr=%.2f\tnight=%d/%d day=%d/%d qk=%v\tnT=%d nO=%d auth=%d coO=%d\tdT=%.0f dO=%.0f\tmatch=%v",
						seed, scale, strings.Fields(stage)[0], c, len(cl.members), name, idx[name].Label,
						m.person(o), m.automated(o), m.shown, m.measured, s, outE[a], inE[a], outC[a], inC[a], folT[a],
						w.posts[a], q.posts, w.replies[a], m.rest.acts, m.rest.opps, m.rest.sig, m.rest.ratio,
						q.nightGot, q.nightOpp, q.dayGot, q.dayOpp, q.known,
						nT[a], nO[a], len(auth[a]), coO[a], md(dT[a]), md(dO[a]), m.actsAsNetwork(o)))
				}
			}
		}

		res, err := runTraced(d, opts, trace)
		if err != nil {
			t.Fatal(err)
		}
		printFlaggedRows("SFD", "F=", rows, inauthenticMembers(res))
	})
}

// TestDiagnoseFlaggedLabels is a diagnostic, not a check: with
// DETECT_DIAG_FLAGGED=9800,9801 (and DETECT_DIAG_SCALE) it detects in
// process with the account model's scores, as botsweep detect does, and
// prints a FLAG line per world and planted label: seed, scale, label,
// accounts in networks judged inauthentic, accounts. DETECT_DIAG_NOTIES=1
// sets Options.MemberIgnoreFollowTies, DETECT_DIAG_NODIRECT=1
// MemberUntiedSignificance −1, DETECT_DIAG_CAMO2=1
// MemberMatchedPersonSigns 5, DETECT_DIAG_UNACTED_OFF=1
// MemberUnactedOff, DETECT_DIAG_SPARSE=1 MemberSparseTies,
// DETECT_DIAG_ACTEDREST=1 MemberActedRest, DETECT_DIAG_RESTQUIET=1
// MemberRestOverQuiet, DETECT_DIAG_LOOKSONLY=1 MemberActedRestLooksOnly,
// DETECT_DIAG_OUTWEIGH_OFF=1 MemberRestOutweighsQuietOff, DETECT_DIAG_RHYTHMPOW=1
// MemberRhythmPowered, DETECT_DIAG_QUIETSIG=1 MemberQuietSigned,
// DETECT_DIAG_QUIETPOOL=1 MemberQuietPooled, DETECT_DIAG_AWAKEPOOL=1
// MemberAwakePooled, DETECT_DIAG_AWAKECOUNT=1 MemberAwakePooledCount,
// to compare two runs line by line. Tuning seeds only.
func TestDiagnoseFlaggedLabels(t *testing.T) {
	diagWorlds(t, "DETECT_DIAG_FLAGGED", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		opts := Options{BotScores: diagBotScores(t, d)}
		opts.MemberIgnoreFollowTies = os.Getenv("DETECT_DIAG_NOTIES") != ""
		if os.Getenv("DETECT_DIAG_NODIRECT") != "" {
			opts.MemberUntiedSignificance = -1
		}
		if os.Getenv("DETECT_DIAG_CAMO2") != "" {
			opts.MemberMatchedPersonSigns = 5
		}
		opts.MemberUnactedOff = os.Getenv("DETECT_DIAG_UNACTED_OFF") != ""
		opts.MemberSparseTies = os.Getenv("DETECT_DIAG_SPARSE") != ""
		opts = diagMemberToggles(opts)
		res, err := Run(context.Background(), d, opts)
		if err != nil {
			t.Fatal(err)
		}
		idx := truth.Index()
		tot, fl := map[string]int{}, map[string]int{}
		for _, r := range truth.Rows {
			tot[r.Label]++
		}
		for _, n := range res.Networks {
			if n.Verdict == botsweep.VerdictInauthentic {
				for _, x := range n.Members {
					fl[idx[x.AccountID].Label]++
				}
			}
		}
		var b strings.Builder
		for l, n := range tot {
			fmt.Fprintf(&b, "FLAG\t%d\t%g\t%s\t%d\t%d\n", seed, scale, l, fl[l], n)
		}
		fmt.Print(b.String())
	})
}
