package detect

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestTraceRandomWorlds is a diagnostic, not a check: with
// DETECT_TRACE_SEEDS (and DETECT_DIAG_SCALE, default 0.03) it follows each
// planted bot label through buildNetworks' steps (traceStage) and prints,
// at each step, how its accounts are spread over clusters
// (DETECT_DIAG_WIRED sets Options.MemberWiredSignificance;
// DETECT_DIAG_MEMBERMIN sets Options.MemberMinSignificance, -1 keeping
// every member through memberCoordination; DETECT_DIAG_TEXTCOSELECT=1 sets
// Options.MemberTextCoSelect; DETECT_DIAG_BOTSCORES=1 scores the accounts
// with the embedded account model, as botsweep detect does).
// DETECT_TRACE_LABELS (comma-separated) follows those labels instead,
// people's labels too (fandom, superfan). Tuning seeds
// only.
func TestTraceRandomWorlds(t *testing.T) {
	diagWorlds(t, "DETECT_TRACE_SEEDS", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		traceWorld(t, fmt.Sprintf("seed %d scale %g", seed, scale), d, truth)
	})
}

// TestTraceCrowdWorlds is TestTraceRandomWorlds for crowd-random share
// tables (DETECT_TRACE_CROWD=10101,10102), decoded as
// TestDiagnoseCrowdWorlds decodes them. Tuning seeds only.
func TestTraceCrowdWorlds(t *testing.T) {
	diagCrowdWorlds(t, "DETECT_TRACE_CROWD", func(seed int64, d *botsweep.Dataset, truth *sim.Truth) {
		traceWorld(t, fmt.Sprintf("crowd seed %d", seed), d, truth)
	})
}

// traceWorld runs detection on d with the trace TestTraceRandomWorlds
// describes and prints it under title.
func traceWorld(t *testing.T, title string, d botsweep.Source, truth *sim.Truth) {
	t.Helper()
	only := os.Getenv("DETECT_TRACE_LABELS")
	{
		idx := truth.Index()
		tot := map[string]int{}
		for _, r := range truth.Rows {
			if (sim.KindOf(r.Label) == "bot" && only == "") || (only != "" && strings.Contains(only, r.Label)) {
				tot[r.Label]++
			}
		}
		var labels []string
		for l := range tot {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		var b strings.Builder
		fmt.Fprintf(&b, "== %s bots %v\n", title, tot)
		trace := func(w *world, stage string, clusters []cluster) {
			if stage == "inauthentic (merged)" {
				for c, ms := range memberEvidence(w, clusters, Options{MemberWiredSignificance: diagWired()}.withDefaults()) {
					for i, m := range ms {
						name := w.acct.names[clusters[c].members[i]]
						o := Options{MemberWiredSignificance: diagWired()}.withDefaults()
						if l := idx[name].Label; m.person(o) || (m.quiet.coversNight(o) && sim.KindOf(l) != "bot") {
							fmt.Fprintf(&b, "  PERSON %v %s shown=%08b measured=%08b quiet=%d/%d/%.3f night=%d/%d day=%d/%d other=%d/%d start=%d\n", m.person(o), l, m.shown, m.measured, m.quiet.in, m.quiet.amp, m.quiet.otherShare, m.quiet.nightGot, m.quiet.nightOpp, m.quiet.dayGot, m.quiet.dayOpp, m.quiet.otherIn, m.quiet.posts, m.quiet.start)
						}
					}
				}
			}
			for _, lab := range labels {
				var parts []string
				in := 0
				for _, cl := range clusters {
					k := 0
					comp := map[string]int{}
					for _, a := range cl.members {
						l := idx[w.acct.names[a]].Label
						comp[l]++
						if l == lab {
							k++
						}
					}
					if k > 0 {
						in += k
						parts = append(parts, fmt.Sprintf("%d/%d", k, len(cl.members)))
					}
				}
				fmt.Fprintf(&b, "  %-22s %-28s in %3d of %3d: %s\n", stage, lab, in, tot[lab], strings.Join(parts, " "))
			}
		}
		if os.Getenv("DETECT_TRACE_MEMBERCO") == "1" {
			// Per member of a traced label (or a person label with
			// DETECT_TRACE_MEMBERCO_ALL=1): its test per layer and its bar.
			want := func(w *world, a int32) (string, bool) {
				l := idx[w.acct.names[a]].Label
				return l, os.Getenv("DETECT_TRACE_MEMBERCO_ALL") == "1" || tot[l] > 0
			}
			memberCoTrace = func(w *world, a int32, layer string, m memberCo, bare float64) {
				if l, ok := want(w, a); ok {
					fmt.Fprintf(&b, "  MCO %s %-22s %-10s items=%3.0f bare=%3.0f obs=%6.2f exp=%6.2f hits=%3.0f hitExp=%6.2f sig=%6.2f/%6.2f\n", w.acct.names[a], l, layer, m.items, bare, m.obs, m.exp, m.hits, m.hitExp, tailBound(m.items, m.obs, m.exp), tailBound(m.items, m.hits, m.hitExp))
				}
			}
			memberBarTrace = func(w *world, a int32, bar, best, other float64, exempt, popular bool) {
				if l, ok := want(w, a); ok {
					fmt.Fprintf(&b, "  MBAR %s %-22s bar=%.2f best=%.2f other=%.2f exempt=%v popular=%v\n", w.acct.names[a], l, bar, best, other, exempt, popular)
				}
			}
			defer func() { memberCoTrace, memberBarTrace = nil, nil }()
		}
		opts := Options{MemberWiredSignificance: diagWired(), MemberMinSignificance: diagMemberMin(), MemberTextCoSelect: os.Getenv("DETECT_DIAG_TEXTCOSELECT") == "1", MemberStepUp: os.Getenv("DETECT_DIAG_STEPUP") == "1"}
		if os.Getenv("DETECT_DIAG_BOTSCORES") == "1" {
			opts.BotScores = diagBotScores(t, d)
		}
		res, err := runTraced(d, opts, trace)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range res.Networks {
			m := map[string]int{}
			for _, x := range n.Members {
				m[idx[x.AccountID].Label]++
				if l := idx[x.AccountID].Label; n.Verdict == botsweep.VerdictInauthentic && sim.KindOf(l) != "bot" {
					fmt.Fprintf(&b, "  FLAGGED %s %s %s %q\n", x.AccountID, l, x.Role, x.Reasons)
				}
			}
			fmt.Fprintf(&b, "  NET %s %v\n", n.Verdict, m)
		}
		fmt.Print(b.String())
	}
}

func (o Options) withDefaults() Options {
	o.defaults()
	return o
}

// diagMemberMin is Options.MemberMinSignificance from DETECT_DIAG_MEMBERMIN
// (0, the default, when unset).
func diagMemberMin() float64 {
	v, _ := strconv.ParseFloat(os.Getenv("DETECT_DIAG_MEMBERMIN"), 64)
	return v
}
