package detect

import (
	"fmt"
	"os"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestDiagnoseAutomation is a diagnostic, not a check: with
// DETECT_DIAG_AUTO=10056 (and DETECT_DIAG_SCALE, default 0.03;
// DETECT_DIAG_ACTEDREST=1, DETECT_DIAG_RESTQUIET=1 and
// DETECT_DIAG_LOOKSONLY=1, DETECT_DIAG_OUTWEIGH_OFF=1 and
// DETECT_DIAG_RHYTHMPOW=1 set Options.MemberActedRest, MemberRestOverQuiet,
// MemberActedRestLooksOnly, MemberRestOutweighsQuietOff and
// MemberRhythmPowered) it prints
// an AUTO line per member of every cluster judged at the per-member stage
// ("inauthentic (merged)" and "coordinated (merged)") whose label is in
// DETECT_DIAG_AUTO_LABELS (comma-separated; all when unset): which
// automation reading holds (quietAmp.automated, quietAmp.coversNight,
// ampRest.roundClock, by the originals' hours, and roundClockActed, by the
// member's own retweet times), whether its own retweet times leave a daily
// window empty (actedRests, actedKnown), the rest's significance and
// ratio, its retweets of the amplified account inside its own quiet hours
// (in of amp) and the share of its other posts there, with the
// quiet-window reading's evidence (quietAmp.quietSig), the person and
// looks-like-person readings, and whether it ends flagged. Tuning seeds
// only.
func TestDiagnoseAutomation(t *testing.T) {
	labels := map[string]bool{}
	if v := os.Getenv("DETECT_DIAG_AUTO_LABELS"); v != "" {
		for _, l := range strings.Split(v, ",") {
			labels[l] = true
		}
	}
	diagWorlds(t, "DETECT_DIAG_AUTO", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
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
				for i, m := range ms {
					a := cl.members[i]
					name := w.acct.names[a]
					label := idx[name].Label
					if len(labels) > 0 && !labels[label] {
						continue
					}
					q, r := m.quiet, m.rest
					rows = append(rows, fmt.Sprintf("%d\t%g\t%s\t%d\t%d\t%s\t%s\tP=%v\tLP=%v\tA=%v\tqAuto=%v\tnight=%v\trc=%v\trcActed=%v\tactedRests=%v/%v\trests=%v\tsig=%.2f\tratio=%.2f\tacts=%d/%d\tin=%d/%d\totherShare=%.3f\tqsig=%.2f\totherIn=%d/%d\tqk=%v\t%09b\t%09b",
						seed, scale, strings.Fields(stage)[0], c, len(cl.members), name, label,
						m.person(o), m.looksLikePerson(o), m.automated(o), q.automated(o), q.coversNight(o), r.roundClock, r.roundClockActed,
						r.actedRests, r.actedKnown, r.rests, r.sig, r.ratio, r.acts, r.opps, q.in, q.amp, q.otherShare, q.quietSig(), q.otherIn, q.posts, q.known, m.shown, m.measured))
				}
			}
		}
		res, err := runTraced(d, opts, trace)
		if err != nil {
			t.Fatal(err)
		}
		printFlaggedRows("AUTO", "F=", rows, inauthenticMembers(res))
	})
}
