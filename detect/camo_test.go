package detect

import (
	"fmt"
	"math"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// TestCamouflagedMembersAwakeThroughTheirNight runs tuning worlds whose
// camouflaged networks lost members to trimHumans at both scales (their
// cover posts give each a custom profile, an age, replies and a daily rest:
// four signs of a person) and checks issue 13's bar on them: recall at
// least 0.95 with 90% in one network, and no human group flagged (organic
// accounts aside: 9426 flags 2 and 3 with its follower farm, before as
// after, by follow sets and farm batches, not by this change). Their
// amplification covers the amplified posts made inside the quiet hours
// their other posts show (quietAmp.awakeThrough), so that rest is no sign
// of a person; before it, 9426 kept 0.833 and 0.917, 9618 0.917 at both
// scales, 9630 0.892 and 0.918, 9603 0.947 and 0.949 (in process).
func TestCamouflagedMembersAwakeThroughTheirNight(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects eight worlds")
	}
	humans := []string{sim.LabelFandom, sim.LabelSuperfan, sim.LabelActivist, sim.LabelLiveEvent, sim.LabelNewsJunkie, sim.LabelViral, sim.LabelCampaign}
	checkCamouflageWhole(t, []int64{9426, 9603, 9618, 9630}, humans, Options{})
}

// TestCamouflagedMembersActAsTheNetwork checks the membership rule for
// members whose amplification matches the network's in every respect
// measured (memberSigns.actsAsNetwork): their profile, age, replies and
// the rhythm of their other posts (a camouflaged account's cover) do not
// take them out of the network on four signs. Tuning worlds where
// camouflaged accounts were trimmed as people at both scales (in process,
// with MemberMatchedPersonSigns at MemberPersonSigns, the default: 9704
// 30 of 43 and 58 of 86, 9738 17 of 19 and 30 of 38, 9752 10 and 9 of 12,
// 9656 9 and 10 of 12; all eight fail then); no person may be flagged.
// The rule is off by default (Options.MemberMatchedPersonSigns): the
// test runs it at MemberPersonSigns + 1 (5).
func TestCamouflagedMembersActAsTheNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects eight worlds")
	}
	humans := []string{sim.LabelOrganic, sim.LabelFandom, sim.LabelSuperfan, sim.LabelActivist, sim.LabelLiveEvent, sim.LabelNewsJunkie, sim.LabelViral, sim.LabelCampaign}
	checkCamouflageWhole(t, []int64{9704, 9738, 9752, 9656}, humans, Options{MemberMatchedPersonSigns: 5})
}

// checkCamouflageWhole runs the tuning worlds seeds at scales 0.03 and
// 0.06 with opts and checks issue 13's bar on their camouflaged network (recall at
// least 0.95 with 90% in one network) and that no account of the human
// groups humans is flagged.
func checkCamouflageWhole(t *testing.T, seeds []int64, humans []string, opts Options) {
	t.Helper()
	for _, seed := range seeds {
		for _, scale := range []float64{0.03, 0.06} {
			t.Run(fmt.Sprintf("%d@%g", seed, scale), func(t *testing.T) {
				cfg := sim.Random(seed)
				cfg.Scale = scale
				m := evalWorldConfig(t, cfg, opts)
				r, ok := m.recall[sim.LabelCamouflage]
				if !ok {
					t.Fatalf("no camouflaged network planted")
				}
				if together := m.together[sim.LabelCamouflage]; r < 0.95 || together < 0.9*r {
					t.Errorf("camouflage recall %.3f, %.3f in one network; want 0.95 with 90%% in one", r, together)
				}
				for _, l := range humans {
					if fp := m.people[l]; fp > 0 {
						t.Errorf("%.3f of %s flagged, want none", fp, l)
					}
				}
			})
		}
	}
}

// TestCamouflagedMembersTiedByTheirFollows runs tuning worlds whose
// camouflaged networks lost members to trimHumans (members with a custom
// profile, an age, replies and the rhythm of their cover posts, four
// signs of a person, whose amplification acts as the network's and whose
// own follows reach the network's core beyond chance) and checks issue
// 13's bar on them at 0.03 and 0.06 with the default options
// (Options.MemberTiedSignificance at 2), and that no human group but the
// ordinary accounts is flagged (9913 at 0.03 flags 4 organic accounts
// with or without the rule). With MemberTiedSignificance −1, 7 of the 10
// runs fail (in process: 9913 0.917 at both scales, 9921 0.933 at 0.06,
// 9930 0.917 at 0.03, 9945 0.917 at 0.06, 9957 0.870 and 0.830).
func TestCamouflagedMembersTiedByTheirFollows(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects six worlds")
	}
	humans := []string{sim.LabelFandom, sim.LabelSuperfan, sim.LabelActivist, sim.LabelLiveEvent, sim.LabelNewsJunkie, sim.LabelViral, sim.LabelCampaign}
	checkCamouflageWhole(t, []int64{9913, 9921, 9930, 9945, 9957}, humans, Options{})
}

// TestOwnFollowTiesRaiseTheBar checks memberSigns.personSigns and
// tiedOwn: one sign more is asked of a member that acts as the network
// and whose own follows tie it to the core at MemberTiedSignificance or
// more; a member that is slower than the network, a tie below the
// significance, or the option off (negative) leave the bar where it was.
func TestOwnFollowTiesRaiseTheBar(t *testing.T) {
	const amp = 1<<signSlower | 1<<signPartial
	acts := memberSigns{measured: amp | 1<<signProfile | 1<<signAged | 1<<signReplies | 1<<signRhythm,
		shown: 1<<signProfile | 1<<signAged | 1<<signReplies | 1<<signRhythm}
	slower := acts
	slower.shown |= 1 << signSlower
	for _, c := range []struct {
		name      string
		m         memberSigns
		tiedSig   float64
		sig       float64
		want      int
		wantHuman bool
	}{
		{"acts, tied", acts, 3, 2, 5, false},
		{"acts, tied at the bar", acts, 2, 2, 5, false},
		{"acts, tie below the bar", acts, 1.9, 2, 4, true},
		{"acts, no tie", acts, 0, 2, 4, true},
		{"acts, tied, off", acts, 3, -1, 4, true},
		{"slower, tied", slower, 3, 2, 4, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := Options{MemberTiedSignificance: c.sig}.withDefaults()
			m := c.m
			m.tiedSig = c.tiedSig
			if got := m.personSigns(o); got != c.want {
				t.Errorf("personSigns %d, want %d", got, c.want)
			}
			if got := m.person(o); got != c.wantHuman {
				t.Errorf("person %v, want %v", got, c.wantHuman)
			}
		})
	}
}

// TestPoissonUpperTail checks poissonUpperTail against closed forms.
func TestPoissonUpperTail(t *testing.T) {
	for _, c := range []struct {
		k      int
		lambda float64
		want   float64
	}{
		{0, 1, 1},
		{1, 1, 1 - math.Exp(-1)},
		{2, 0.5, 1 - math.Exp(-0.5)*1.5},
		{1, 0, 0},
		{3, 10, 1 - math.Exp(-10)*(1+10+50)},
	} {
		if got := poissonUpperTail(c.k, c.lambda); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("poissonUpperTail(%d, %g) = %g, want %g", c.k, c.lambda, got, c.want)
		}
	}
}
