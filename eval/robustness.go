package eval

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
)

// WorldResult is one world of a robustness run: how it was made and what
// eval made of its detection.
type WorldResult struct {
	Scenario string  `json:"scenario"`
	Seed     int64   `json:"seed"`
	Scale    float64 `json:"scale"`
	Without  string  `json:"without,omitempty"`
	Report   *Report `json:"report"`
	// Stability compares the same world at a second scale, when run.
	Stability []Stability `json:"stability,omitempty"`
}

// Spread is the minimum, median and maximum of a statistic over worlds.
type Spread struct {
	Worlds int     `json:"worlds"`
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

func spread(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Spread{Worlds: len(s), Min: round(s[0]), Median: round(med), Max: round(s[len(s)-1])}
}

// LabelRobustness is one label over the worlds that hold it.
type LabelRobustness struct {
	Label string `json:"label"`
	Kind  string `json:"kind"`
	// Flagged is the share of the label's accounts in accounts.csv: recall
	// for bot labels, the false-positive rate for human ones.
	Flagged Spread `json:"flagged"`
	// Reported adds coordinated-only groups.
	Reported Spread `json:"reported"`
	// Largest is the share of the label's accounts in one detected group.
	Largest Spread `json:"largest_share"`
	// Flips counts worlds whose verdict for the label changed between two
	// scales (of those compared).
	Flips    int `json:"flips"`
	Compared int `json:"compared"`
	// EnforcementFlips counts, of the flips, those where the label was
	// enforced at one scale and not at the other (Stability.Enforcement):
	// the flips that change what the platform does to the accounts, apart
	// from those between reported as coordinated and not reported.
	EnforcementFlips int `json:"enforcement_flips"`
}

// RobustnessTable summarises a robustness run.
type RobustnessTable struct {
	Worlds    int               `json:"worlds"`
	Precision Spread            `json:"precision"` // over accounts.csv, worlds that flag anything
	Labels    []LabelRobustness `json:"labels"`
	// NoBotFlagged counts accounts flagged in worlds without bots.
	NoBotWorlds  int `json:"no_bot_worlds"`
	NoBotFlagged int `json:"no_bot_flagged"`
}

// Robustness aggregates world results per label: minimum, median and
// maximum over the worlds holding each label.
func Robustness(results []WorldResult) *RobustnessTable {
	t := &RobustnessTable{Worlds: len(results)}
	type acc struct {
		kind                       string
		flagged, reported, largest []float64
		flips, compared, enforce   int
	}
	by := map[string]*acc{}
	var order []string
	var prec []float64
	for _, w := range results {
		if w.Report == nil {
			continue
		}
		if w.Report.Bots == 0 {
			t.NoBotWorlds++
			t.NoBotFlagged += w.Report.Flagged
		}
		if w.Report.Flagged > 0 {
			prec = append(prec, w.Report.Precision)
		}
		for _, g := range w.Report.Groups {
			a := by[g.Label]
			if a == nil {
				a = &acc{kind: g.Kind}
				by[g.Label] = a
				order = append(order, g.Label)
			}
			a.flagged = append(a.flagged, g.FlaggedRate)
			a.reported = append(a.reported, g.ReportedRate)
			a.largest = append(a.largest, g.Largest)
		}
		for _, s := range w.Stability {
			if a := by[s.Label]; a != nil {
				a.compared++
				if !s.Stable {
					a.flips++
				}
				if s.EnforcementFlip() {
					a.enforce++
				}
			}
		}
	}
	t.Precision = spread(prec)
	// bots first, then humans, each in first-seen order
	for _, kind := range []string{"bot", "organic"} {
		for _, l := range order {
			a := by[l]
			if a.kind != kind {
				continue
			}
			t.Labels = append(t.Labels, LabelRobustness{Label: l, Kind: a.kind, Flagged: spread(a.flagged),
				Reported: spread(a.reported), Largest: spread(a.largest), Flips: a.flips, Compared: a.compared, EnforcementFlips: a.enforce})
		}
	}
	return t
}

// WriteText writes the table as markdown.
func (t *RobustnessTable) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d runs (a world at each scale is a run); precision over accounts.csv: min %.3f, median %.3f (%d runs flagging anything)\n\n",
		t.Worlds, t.Precision.Min, t.Precision.Median, t.Precision.Worlds)
	fmt.Fprintln(bw, "| label | kind | runs | flagged min | flagged median | flagged max | reported median | in one group min | in one group median | verdict flips across scales | of them enforced at one scale only |")
	fmt.Fprintln(bw, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, l := range t.Labels {
		flips, enforce := "-", "-"
		if l.Compared > 0 {
			flips = fmt.Sprintf("%d / %d", l.Flips, l.Compared)
			enforce = fmt.Sprint(l.EnforcementFlips)
		}
		fmt.Fprintf(bw, "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %s | %s |\n", l.Label, l.Kind, l.Flagged.Worlds,
			l.Flagged.Min, l.Flagged.Median, l.Flagged.Max, l.Reported.Median, l.Largest.Min, l.Largest.Median, flips, enforce)
	}
	if t.NoBotWorlds > 0 {
		fmt.Fprintf(bw, "\nruns without bots: %d, accounts flagged in them: %d\n", t.NoBotWorlds, t.NoBotFlagged)
	}
	return bw.Flush()
}
