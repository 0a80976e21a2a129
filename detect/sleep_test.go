package detect

import (
	"fmt"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestQuietAmpSleepsThrough: retweets inside a member's quiet hours are
// automation only where the member also acts on what the amplified
// account posts there; a member that covers none of those posts before
// its quiet hours end, while covering the others, retweets the tail of
// its evening there (the activists of tuning world 9554 at 0.03).
func TestQuietAmpSleepsThrough(t *testing.T) {
	opts := Options{}.withDefaults()
	for _, tc := range []struct {
		name      string
		q         quietAmp
		automated bool
	}{
		// Tuning world 9554 at 0.03: an activist, 14 of 110 retweets of its
		// lead inside its quiet hours, none of the 55 posts made there.
		{"activist sleeps through", quietAmp{known: true, in: 14, amp: 110, otherShare: 0.026, nightOpp: 55, nightGot: 0, dayOpp: 236, dayGot: 102}, false},
		// An operated account covers the night's posts as the others.
		{"scheduled covers the night", quietAmp{known: true, in: 30, amp: 110, otherShare: 0.026, nightOpp: 55, nightGot: 20, dayOpp: 236, dayGot: 90}, true},
		// A gap too small to tell is no evidence of a person.
		{"few night posts", quietAmp{known: true, in: 14, amp: 110, otherShare: 0.026, nightOpp: 2, nightGot: 0, dayOpp: 236, dayGot: 102}, true},
		// No opportunity in the night: unknown, the count decides.
		{"no night posts", quietAmp{known: true, in: 14, amp: 110, otherShare: 0.026, dayOpp: 236, dayGot: 102}, true},
		// Half the day's coverage at night is no rest (MemberRestRatio).
		{"partial night", quietAmp{known: true, in: 14, amp: 110, otherShare: 0.026, nightOpp: 100, nightGot: 20, dayOpp: 236, dayGot: 100}, true},
		{"too few in quiet hours", quietAmp{known: true, in: 2, amp: 110, otherShare: 0.001, nightOpp: 55, nightGot: 20, dayOpp: 236, dayGot: 90}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.automated(opts); got != tc.automated {
				t.Errorf("automated %v, want %v (sleeps through %v)", got, tc.automated, tc.q.sleepsThrough(opts))
			}
		})
	}
}

// TestActivistRoomsSleepThrough runs tuning worlds at two scales with the
// account model's scores, as botsweep detect does: no activist room (nor
// any other human group) is enforced, and no planted bot whose
// amplification falls inside its quiet hours sleeps through them (the
// sign still counts for the networks it was made for). Tuning world 9554
// at 0.03 swept 6 of its 12 activists before quietAmp.sleepsThrough.
func TestActivistRoomsSleepThrough(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates six worlds")
	}
	bots, botQuiet := 0, 0
	for _, seed := range []int64{9554, 9443, 9411} {
		for _, scale := range []float64{0.03, 0.06} {
			t.Run(fmt.Sprintf("%d@%g", seed, scale), func(t *testing.T) {
				cfg := sim.Random(seed)
				cfg.Scale = scale
				d, label := simulated(t, cfg)
				opts := Options{}.withDefaults()
				trace := func(w *world, stage string, clusters []cluster) {
					if stage != "stage1+2 kept" {
						return
					}
					for c, ms := range memberEvidence(w, clusters, opts) {
						for i, m := range ms {
							l := label(w.acct.names[clusters[c].members[i]])
							if sim.KindOf(l) != "bot" {
								continue
							}
							bots++
							q := m.quiet
							if q.known && int(q.in) >= opts.MemberQuietActs && float64(q.in) >= opts.MemberQuietLift*q.otherShare*float64(q.amp) {
								botQuiet++
								if q.sleepsThrough(opts) {
									t.Errorf("%s member %s amplifies in its quiet hours and sleeps through them (%d of %d night posts, %d of %d day posts)", l, w.acct.names[clusters[c].members[i]], q.nightGot, q.nightOpp, q.dayGot, q.dayOpp)
								}
							}
						}
					}
				}
				res, err := runTraced(d, Options{BotScores: diagBotScores(t, d)}, trace)
				if err != nil {
					t.Fatal(err)
				}
				for _, n := range res.Networks {
					if n.Verdict != botsweep.VerdictInauthentic {
						continue
					}
					people := map[string]int{}
					for _, m := range n.Members {
						if l := label(m.AccountID); sim.KindOf(l) != "bot" {
							people[l]++
						}
					}
					if people["activist"] > 0 || people["fandom"] > 0 || people["news-junkie"] > 0 || people["superfan"] > 0 {
						t.Errorf("network %s of %d enforced with people %v", n.ID, len(n.Members), people)
					}
				}
			})
		}
	}
	t.Logf("%d of %d planted members in clusters amplify in their quiet hours", botQuiet, bots)
	if botQuiet == 0 {
		t.Errorf("no planted member of %d amplifies in its quiet hours: the check is vacuous", bots)
	}
}

// TestQuietAmpAwakeThrough checks quietAmp.awakeThrough, the mirror of
// sleepsThrough: a member covering the amplified posts made inside its
// own quiet hours beyond opts.MemberRestRatio times its coverage
// elsewhere, at the rest's significance, is awake through them; one that
// covers few or none of them is not, and too few opportunities or an
// unknown day say nothing.
func TestQuietAmpAwakeThrough(t *testing.T) {
	opts := Options{}.withDefaults()
	off := Options{MemberAwakeSignificance: -1}.withDefaults()
	for _, tc := range []struct {
		name string
		q    quietAmp
		want bool
	}{
		// Tuning world 9401 at 0.03, a camouflaged member trimHumans took
		// for a person: 8 of its 18 night posts against 162 of 225.
		{"camouflaged covers its night", quietAmp{known: true, nightOpp: 18, nightGot: 8, dayOpp: 225, dayGot: 162}, true},
		// The activist of TestQuietAmpSleepsThrough: none of 55.
		{"activist sleeps through", quietAmp{known: true, nightOpp: 55, nightGot: 0, dayOpp: 236, dayGot: 102}, false},
		// 3 of 6 against 70% elsewhere: a 7% tail at 0.175, not enough.
		{"few night posts", quietAmp{known: true, nightOpp: 6, nightGot: 3, dayOpp: 237, dayGot: 167}, false},
		// A quarter of the day's coverage is what a rest allows.
		{"at the rest's ratio", quietAmp{known: true, nightOpp: 100, nightGot: 18, dayOpp: 236, dayGot: 170}, false},
		{"no night posts", quietAmp{known: true, dayOpp: 236, dayGot: 102}, false},
		{"no coverage by day", quietAmp{known: true, nightOpp: 20, nightGot: 5, dayOpp: 236}, false},
		{"unknown day", quietAmp{nightOpp: 18, nightGot: 8, dayOpp: 225, dayGot: 162}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.awakeThrough(opts); got != tc.want {
				t.Errorf("awakeThrough %v, want %v", got, tc.want)
			}
			if tc.q.awakeThrough(off) {
				t.Errorf("awakeThrough with MemberAwakeSignificance < 0")
			}
		})
	}
}
