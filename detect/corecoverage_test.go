package detect

import (
	"fmt"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// TestCoreCoverage: superfans clustered with a network, covering a part of
// the amplified posts of their own, hide one another's rate in the pool of
// every member; once those with four signs of a person leave, the others
// (three signs each) leave too, read against the members that stay
// (coreCoverage); the network's members, at its rate, stay whatever the
// size; when the network covers at the superfans' rate only the first
// leave; a network member with a low rate of its own and no other sign
// stays. Nobody leaving on other evidence, the core is every member and
// the reading is the first one.
func TestCoreCoverage(t *testing.T) {
	opts := Options{}
	opts.defaults()
	const person = 1<<signProfile | 1<<signAged | 1<<signReplies
	const measured = person | 1<<signSlower | 1<<signRhythm | 1<<signPartial
	type group struct {
		n          int
		acts, opps int32
		shown      uint16
	}
	tests := []struct {
		name       string
		groups     []group
		wantPeople []int // people per group after the reading
	}{
		{"superfans at a quarter, network at 0.7", []group{{12, 70, 100, 0}, {6, 25, 100, person | 1<<signSlower}, {6, 25, 100, person}}, []int{0, 6, 6}},
		{"network at the superfans' rate", []group{{12, 25, 100, 0}, {6, 25, 100, person | 1<<signSlower}, {6, 25, 100, person}}, []int{0, 6, 0}},
		{"a network member at its own low rate", []group{{12, 70, 100, 0}, {1, 10, 100, 0}, {6, 25, 100, person | 1<<signSlower}, {6, 25, 100, person}}, []int{0, 0, 6, 6}},
		{"nobody leaves on other evidence", []group{{12, 70, 100, 0}, {12, 25, 100, person}}, []int{0, 0}},
	}
	for _, tc := range tests {
		for _, k := range []int{1, 10} {
			t.Run(fmt.Sprintf("%s x%d", tc.name, k), func(t *testing.T) {
				var ms []memberSigns
				var of []int
				var acts, opps int32
				for g, gr := range tc.groups {
					for range gr.n * k {
						ms = append(ms, memberSigns{shown: gr.shown, measured: measured, rest: ampRest{acts: gr.acts, opps: gr.opps}})
						of = append(of, g)
						acts += gr.acts
						opps += gr.opps
					}
				}
				// The first reading, against every other member, as
				// memberEvidence makes it.
				for i := range ms {
					m := &ms[i]
					if p, _ := partialCoverage(m.rest.acts, m.rest.opps, acts-m.rest.acts, opps-m.rest.opps, opts); p {
						m.shown |= 1 << signPartial
					}
				}
				coreCoverage(ms, opts)
				got := make([]int, len(tc.groups))
				for i, m := range ms {
					if m.person(opts) {
						got[of[i]]++
					}
				}
				for g := range got {
					if want := tc.wantPeople[g] * k; got[g] != want {
						t.Errorf("group %d: %d people, want %d", g, got[g], want)
					}
				}
			})
		}
	}
}

// TestSuperfansLeaveWithTheCoreRate: with the core's rate (default), the
// superfans of tuning worlds 9434 and 9506, flagged with the retweet
// network they sit beside at scale 0.03 by the default reading (in process
// with the account model's scores: 1 of 12 each), leave it at 0.03 and
// 0.06 while the network itself is enforced.
func TestSuperfansLeaveWithTheCoreRate(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects four worlds")
	}
	for _, seed := range []int64{9434, 9506} {
		for _, scale := range []float64{0.03, 0.06} {
			cfg := sim.Random(seed)
			cfg.Scale = scale
			m := evalWorldConfig(t, cfg, Options{})
			if fp := m.fpRate[sim.LabelSuperfan]; fp > 0.01 {
				t.Errorf("seed %d scale %.2f: %.3f of superfans flagged, want at most 0.01", seed, scale, fp)
			}
			if r := m.recall[sim.LabelNetwork]; r < 0.95 {
				t.Errorf("seed %d scale %.2f: retweet network recall %.3f, want 0.95", seed, scale, r)
			}
		}
	}
}
