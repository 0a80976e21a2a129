package impact

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/moderation"
)

// Totals sum the recount over the whole graph.
type Totals struct {
	Sweeps         int   `json:"sweeps"`
	Accounts       int   `json:"accounts"` // accounts with at least one follower
	Follows        int64 `json:"follows"`
	SuspendedNow   int   `json:"suspended_now"`
	FollowsRemoved int64 `json:"follows_removed"` // edges whose follower is suspended now
	// AccountsAffected counts the remaining accounts (not suspended now)
	// that have lost followers now (see LosingPhrase).
	AccountsAffected int `json:"accounts_affected"`
}

// SweepSummary is one sweep's effect on the whole graph.
type SweepSummary struct {
	ID             string   `json:"id"`
	At             string   `json:"at"`
	Actor          string   `json:"actor"`
	Reason         string   `json:"reason"`
	Networks       []string `json:"networks"`
	Override       bool     `json:"override,omitempty"`
	Suspended      int      `json:"suspended"`       // accounts it suspended
	StillSuspended int      `json:"still_suspended"` // of those, suspended now
	FollowsRemoved int64    `json:"follows_removed"` // follow edges from the accounts it suspended
	// AccountsAffected counts the remaining accounts (not suspended by
	// this sweep or before it) that lost followers to it: the figure the
	// sweep printed when it ran (see LosingPhrase).
	AccountsAffected int `json:"accounts_affected"`
}

// Tracking tests whether losses track each account's share of fake
// followers rather than anything else.
type Tracking struct {
	// Accounts is how many active accounts with at least MinFollowers
	// followers the correlations cover.
	Accounts     int   `json:"accounts"`
	MinFollowers int64 `json:"min_followers"`
	// Flagged says what "fake" means here: "ground truth", "detected
	// networks" or "none".
	Flagged string `json:"flagged"`
	// CorrFlagged is Pearson's r between lost_share and flagged_share; null
	// when either does not vary.
	CorrFlagged *float64 `json:"corr_lost_flagged"`
	// CorrSize is Pearson's r between lost_share and log10(followers_before).
	CorrSize *float64 `json:"corr_lost_size"`
	// LostNotFlagged counts removed follow edges whose follower was not
	// flagged (suspended outside the networks); FlaggedNotLost counts edges
	// from flagged followers still active (networks or roles not swept).
	LostNotFlagged int64  `json:"lost_not_flagged"`
	FlaggedNotLost int64  `json:"flagged_not_lost"`
	Verdict        string `json:"verdict"`
}

// Report is the purge report: who lost most, per sweep, and why.
type Report struct {
	Totals      Totals          `json:"totals"`
	Sweeps      []SweepSummary  `json:"sweeps"`
	TopAbsolute []AccountImpact `json:"top_absolute"`
	TopRelative []AccountImpact `json:"top_relative"`
	Tracking    Tracking        `json:"tracking"`
	Prominent   []AccountImpact `json:"prominent"`
	// Findings state the answers in sentences.
	Findings []string `json:"findings"`
}

// Compute recounts every account's followers in one pass over the follows
// and writes the purge report. Accounts suspended now are left out of the
// rankings and correlations (their own loss is not the question).
func Compute(ctx context.Context, src botsweep.Source, log *moderation.Log, opts Options) (*Report, error) {
	opts.defaults()
	flagged := flaggedFunc(&opts)
	t := newTimeline(log)
	ta, err := count(ctx, src, t, flagged, "")
	if err != nil {
		return nil, wrap(err, "count follows")
	}
	r := &Report{Sweeps: []SweepSummary{}, TopAbsolute: []AccountImpact{}, TopRelative: []AccountImpact{}, Prominent: []AccountImpact{}, Findings: []string{}}
	r.Totals = Totals{Sweeps: len(t.sweeps), Accounts: len(ta.accts), Follows: ta.follows, SuspendedNow: len(log.Suspended()), FollowsRemoved: ta.lostEdges}

	affected := make([]int, len(t.sweeps))
	var active []int32 // active accounts, for rankings
	for x := range ta.accts {
		c := &ta.accts[x]
		d, ever := t.ids[ta.ids[x]]
		suspendedNow := ever && t.nowSusp[d]
		if losesFollowers(c.lost, suspendedNow) {
			r.Totals.AccountsAffected++
		}
		for k := range c.perSweep {
			if losesFollowers(c.perSweep[k].removed, ever && t.suspendedAt(d, k)) {
				affected[k]++
			}
		}
		if suspendedNow {
			continue
		}
		active = append(active, int32(x))
	}
	for k, s := range t.sweeps {
		still := 0
		for _, a := range s.Accounts {
			if d, ok := t.ids[a]; ok && t.nowSusp[d] {
				still++
			}
		}
		r.Sweeps = append(r.Sweeps, SweepSummary{ID: s.ID, At: s.At.Format("2006-01-02T15:04:05Z07:00"), Actor: s.Actor, Reason: s.Reason,
			Networks: s.Networks, Override: s.Override, Suspended: len(s.Accounts), StillSuspended: still,
			FollowsRemoved: ta.sweepEdges[k], AccountsAffected: affected[k]})
	}

	// Rankings.
	abs := append([]int32(nil), active...)
	sort.Slice(abs, func(i, j int) bool {
		a, b := &ta.accts[abs[i]], &ta.accts[abs[j]]
		if a.lost != b.lost {
			return a.lost > b.lost
		}
		return ta.ids[abs[i]] < ta.ids[abs[j]]
	})
	var rel []int32
	for _, x := range active {
		if ta.accts[x].total >= opts.MinFollowers {
			rel = append(rel, x)
		}
	}
	share := func(x int32) float64 { c := &ta.accts[x]; return float64(c.lost) / float64(c.total) }
	sort.Slice(rel, func(i, j int) bool {
		si, sj := share(rel[i]), share(rel[j])
		if si != sj {
			return si > sj
		}
		return ta.ids[rel[i]] < ta.ids[rel[j]]
	})
	var topAbs, topRel []int32
	for _, x := range abs {
		if len(topAbs) == opts.Top || ta.accts[x].lost == 0 {
			break
		}
		topAbs = append(topAbs, x)
	}
	for _, x := range rel {
		if len(topRel) == opts.Top || ta.accts[x].lost == 0 {
			break
		}
		topRel = append(topRel, x)
	}

	// Names of the accounts shown, and the prominent accounts by name or id.
	names := map[string]string{}
	want := map[string]bool{}
	for _, x := range append(append([]int32(nil), topAbs...), topRel...) {
		want[ta.ids[x]] = true
	}
	promID := make([]string, len(opts.Prominent))
	byLowerName := map[string]int{}
	for i, p := range opts.Prominent {
		byLowerName[strings.ToLower(p)] = i
	}
	err = src.EachAccount(ctx, func(a *botsweep.Account) error {
		if want[a.ID] {
			names[a.ID] = a.ScreenName
		}
		if i, ok := byLowerName[strings.ToLower(a.ScreenName)]; ok && promID[i] == "" {
			promID[i] = a.ID
			names[a.ID] = a.ScreenName
		}
		if i, ok := byLowerName[strings.ToLower(a.ID)]; ok {
			promID[i] = a.ID
			names[a.ID] = a.ScreenName
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "read accounts")
	}
	render := func(id string) AccountImpact {
		var a AccountImpact
		if x, ok := ta.index[id]; ok {
			a = ta.accountImpact(t, log, x)
		} else {
			a = (&tally{accts: []counts{{}}, ids: []string{id}}).accountImpact(t, log, 0)
		}
		if n := names[id]; n != "" {
			a.Account, a.ScreenName = n, n
		}
		return a
	}
	for _, x := range topAbs {
		r.TopAbsolute = append(r.TopAbsolute, render(ta.ids[x]))
	}
	for _, x := range topRel {
		r.TopRelative = append(r.TopRelative, render(ta.ids[x]))
	}
	for i, id := range promID {
		if id == "" {
			if _, ok := ta.index[opts.Prominent[i]]; !ok {
				continue // not in this world
			}
			id = opts.Prominent[i]
		}
		r.Prominent = append(r.Prominent, render(id))
	}

	// Does the loss track the share of fake followers?
	tr := Tracking{MinFollowers: opts.MinFollowers, Flagged: "none", LostNotFlagged: ta.lostUnflagged, FlaggedNotLost: ta.flaggedActive}
	switch {
	case opts.Fake != nil:
		tr.Flagged = "ground truth"
	case len(opts.Networks) > 0:
		tr.Flagged = "detected networks"
	default:
		tr.LostNotFlagged, tr.FlaggedNotLost = 0, 0
	}
	var ls, fs, sz []float64
	for _, x := range rel {
		c := &ta.accts[x]
		ls = append(ls, float64(c.lost)/float64(c.total))
		fs = append(fs, float64(c.flagged)/float64(c.total))
		sz = append(sz, math.Log10(float64(c.total)))
	}
	tr.Accounts = len(ls)
	if flagged != nil {
		tr.CorrFlagged = pearson(ls, fs)
	}
	tr.CorrSize = pearson(ls, sz)
	tr.Verdict = verdict(&tr)
	r.Tracking = tr
	r.Findings = findings(r)
	return r, nil
}

// pearson returns Pearson's correlation coefficient, or nil when either
// series is constant or shorter than 3.
func pearson(x, y []float64) *float64 {
	n := float64(len(x))
	if len(x) < 3 {
		return nil
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return nil
	}
	r := sxy / math.Sqrt(sxx*syy)
	r = math.Round(r*1e4) / 1e4
	return &r
}

func verdict(t *Tracking) string {
	switch {
	case t.Flagged == "none":
		return "no fake-follower reference given (no detected networks or ground truth): only the recount is reported"
	case t.Accounts < 3:
		return "too few accounts with enough followers to correlate"
	case t.CorrFlagged == nil:
		return "losses and flagged shares do not vary across accounts; nothing to correlate"
	case *t.CorrFlagged >= 0.9:
		s := fmt.Sprintf("losses track the share of fake followers (r=%.2f with the flagged share", *t.CorrFlagged)
		if t.CorrSize != nil {
			s += fmt.Sprintf(", r=%.2f with account size", *t.CorrSize)
		}
		return s + ")"
	default:
		return fmt.Sprintf("losses only loosely track the share of fake followers (r=%.2f): check suspensions outside the networks (%d edges) and flagged accounts left active (%d edges)",
			*t.CorrFlagged, t.LostNotFlagged, t.FlaggedNotLost)
	}
}

func pct(f float64) string { return fmt.Sprintf("%.2f%%", 100*f) }

// findings words the report's answers.
func findings(r *Report) []string {
	var out []string
	t := r.Totals
	out = append(out, fmt.Sprintf("%s; %d accounts suspended now; %d follow edges removed; %d %s (of %d followed accounts).",
		plural(t.Sweeps, "sweep", "sweeps"), t.SuspendedNow, t.FollowsRemoved, t.AccountsAffected, LosingPhrase, t.Accounts))
	if len(r.TopAbsolute) > 0 {
		a := r.TopAbsolute[0]
		out = append(out, fmt.Sprintf("Most followers lost: %s, %d of %d (%s).", a.Account, a.Lost, a.FollowersBefore, pct(a.LostShare)))
	}
	if len(r.TopRelative) > 0 {
		a := r.TopRelative[0]
		out = append(out, fmt.Sprintf("Largest share lost (accounts with at least %d followers): %s, %s (%d of %d).", r.Tracking.MinFollowers, a.Account, pct(a.LostShare), a.Lost, a.FollowersBefore))
	}
	out = append(out, "Tracking: "+r.Tracking.Verdict+".")
	if len(r.Prominent) >= 2 {
		p := append([]AccountImpact(nil), r.Prominent...)
		sort.SliceStable(p, func(i, j int) bool { return p[i].Lost > p[j].Lost })
		var parts []string
		for _, a := range p {
			parts = append(parts, fmt.Sprintf("%s lost %d of %d (%s; flagged followers %s)", a.Account, a.Lost, a.FollowersBefore, pct(a.LostShare), pct(a.FlaggedShare)))
		}
		out = append(out, "Side by side: "+strings.Join(parts, "; ")+".")
		for i, top := range p[:len(p)-1] {
			var byShare, bySize, shareA, shareB []string
			for _, a := range p[i+1:] {
				if a.Lost >= top.Lost {
					continue
				}
				if top.LostShare > a.LostShare {
					byShare = append(byShare, a.Account)
					shareA = append(shareA, pct(a.LostShare))
				} else {
					bySize = append(bySize, a.Account)
					shareB = append(shareB, pct(a.LostShare))
				}
			}
			var why []string
			if len(byShare) > 0 {
				why = append(why, fmt.Sprintf("more than %s because a larger share of its followers were in the swept networks (%s against %s)",
					strings.Join(byShare, " and "), pct(top.LostShare), strings.Join(shareA, ", ")))
			}
			if len(bySize) > 0 {
				why = append(why, fmt.Sprintf("more than %s only because it has more followers (its share %s against %s)",
					strings.Join(bySize, " and "), pct(top.LostShare), strings.Join(shareB, ", ")))
			}
			if len(why) > 0 {
				out = append(out, fmt.Sprintf("%s lost %s.", top.Account, strings.Join(why, ", and ")))
			}
		}
		out = append(out, "Every suspended follower counts against every account it followed alike, whatever that account's camp: an account's loss is exactly the number of its followers now suspended.")
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
