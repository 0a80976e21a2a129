package moderation

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/botsweep/botsweep"
)

// SweepRequest asks for a sweep: suspend every member of the named networks
// (core members, plus associated accounts with WithAssociated) at once.
type SweepRequest struct {
	NetworkIDs []string // networks to sweep, by id
	All        bool     // sweep every stored inauthentic network instead
	// Coordinated allows sweeping a named network whose verdict is
	// coordinated (reported only, not judged inauthentic): an explicit
	// human decision against the detector's verdict. --all never does.
	Coordinated    bool
	WithAssociated bool      // include members with role associated
	Reason         string    // reason code, e.g. platform-manipulation (required)
	Actor          string    // who sweeps (required)
	At             time.Time // zero: the clock's now
	DryRun         bool      // plan and check the breakers, write nothing
	Override       bool      // an admin overrides the circuit breakers; recorded in the log
}

// Breaker is the circuit-breaker check of one sweep.
type Breaker struct {
	MaxPerSweep  int  `json:"max_per_sweep"` // negative: no cap
	MaxPerDay    int  `json:"max_per_day"`   // negative: no cap
	ThisSweep    int  `json:"this_sweep"`    // suspensions the sweep makes
	LastDay      int  `json:"last_day"`      // suspensions already logged in the 24 hours up to the sweep
	SweepExceeds bool `json:"sweep_exceeded"`
	DayExceeded  bool `json:"day_exceeded"`
	Overridden   bool `json:"overridden"`
}

// Tripped reports whether either cap is exceeded.
func (b Breaker) Tripped() bool { return b.SweepExceeds || b.DayExceeded }

// refusal explains which cap is exceeded.
func (b Breaker) refusal() string {
	var why []string
	if b.SweepExceeds {
		why = append(why, fmt.Sprintf("%s exceed the per-sweep cap of %d", plural(b.ThisSweep, "suspension", "suspensions"), b.MaxPerSweep))
	}
	if b.DayExceeded {
		why = append(why, fmt.Sprintf("%d + %d suspensions in 24 hours exceed the per-day cap of %d", b.LastDay, b.ThisSweep, b.MaxPerDay))
	}
	return "circuit breaker: " + strings.Join(why, "; ") + " (an admin may override, --override)"
}

// breakerLocked checks n new suspensions requested for time at against
// the caps. The day's budget is every suspension the log recorded in the
// 24 hours up to now by the injected clock (or up to at, when later),
// whoever made it: sweeps and single suspensions, from the CLI, the API or
// the demo, backdated or not (see botsweep.ModEvent.Recorded).
func (l *Log) breakerLocked(at time.Time, n int) Breaker {
	b := Breaker{MaxPerSweep: l.opts.MaxPerSweep, MaxPerDay: l.opts.MaxPerDay, ThisSweep: n}
	ref := l.opts.Now().UTC()
	if at.After(ref) {
		ref = at
	}
	b.LastDay = suspendedWithin(l.events, ref.Add(-24*time.Hour), ref)
	b.SweepExceeds = b.MaxPerSweep >= 0 && n > b.MaxPerSweep
	b.DayExceeded = b.MaxPerDay >= 0 && b.LastDay+n > b.MaxPerDay
	return b
}

// recordedAt is when the log wrote e: Recorded, or At for events written
// before Recorded existed.
func recordedAt(e *botsweep.ModEvent) time.Time {
	if e.Recorded.IsZero() {
		return e.At
	}
	return e.Recorded
}

// suspendedWithin counts the suspend events recorded in (from, to]. The
// log is appended in clock order, so the scan stops at the first event
// recorded at or before from.
func suspendedWithin(events []botsweep.ModEvent, from, to time.Time) int {
	k := 0
	for i := len(events) - 1; i >= 0; i-- {
		e := &events[i]
		t := recordedAt(e)
		if !t.After(from) {
			break
		}
		if e.Kind == botsweep.EventSuspend && !t.After(to) {
			k++
		}
	}
	return k
}

// UsedToday is the circuit breaker's day budget spent now: suspensions the
// log recorded in the 24 hours up to the injected clock's now.
func (l *Log) UsedToday() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.opts.Now().UTC()
	return suspendedWithin(l.events, now.Add(-24*time.Hour), now)
}

// SweepResult is what a sweep did, or with DryRun would do.
type SweepResult struct {
	Sweep  botsweep.Sweep `json:"sweep"` // Accounts are the accounts suspended (or to be)
	DryRun bool           `json:"dry_run"`
	// Skipped are members already suspended: skipped, not errors.
	Skipped []string `json:"skipped"`
	// ByNetwork counts the accounts suspended per network id.
	ByNetwork map[string]int `json:"by_network"`
	Breaker   Breaker        `json:"breaker"`
	// Refused is set on a dry run the breaker would refuse: why.
	Refused string `json:"refused,omitempty"`
	// FirstSeq and LastSeq bound the events written (zero on a dry run).
	FirstSeq uint64 `json:"first_seq"`
	LastSeq  uint64 `json:"last_seq"`
}

// Sweep suspends every member of the requested networks in one atomic
// write: after a crash the log holds all of the sweep or none of it.
// Members already suspended are skipped. Each suspension records the
// network and the member's evidence. When the sweep would exceed a circuit
// breaker it is refused with ELIMIT unless Override is set, in which case a
// breaker-override comment is written in the same batch. A sweep with
// nothing left to suspend writes nothing and returns an empty Sweep.ID.
func (l *Log) Sweep(ctx context.Context, r SweepRequest) (*SweepResult, error) {
	if err := checkReason(r.Reason); err != nil {
		return nil, err
	}
	if strings.TrimSpace(r.Actor) == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no actor given (who sweeps?)")
	}
	if !r.All && len(r.NetworkIDs) == 0 {
		return nil, botsweep.Errorf(botsweep.EINVALID, "name the networks to sweep (--network ID...) or sweep them all (--all)")
	}
	if r.All && len(r.NetworkIDs) > 0 {
		return nil, botsweep.Errorf(botsweep.EINVALID, "give either network ids or --all, not both")
	}
	if l.opts.Networks == nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no network store to resolve networks from")
	}
	stored, err := l.opts.Networks.Networks(ctx)
	if err != nil {
		return nil, wrap(err, "read networks")
	}
	nets, err := pickNetworks(stored, r.NetworkIDs, r.All, r.Coordinated)
	if err != nil {
		return nil, err
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	at, err := l.eventTime(r.At)
	if err != nil {
		return nil, err
	}
	id := fmt.Sprintf("sweep-%d", len(l.sweeps)+1)
	res := &SweepResult{DryRun: r.DryRun, Skipped: []string{}, ByNetwork: map[string]int{}}
	var suspend []botsweep.ModEvent
	seen := map[string]bool{}
	netIDs := make([]string, len(nets))
	for i, n := range nets {
		netIDs[i] = n.ID
		for _, m := range n.Members {
			if m.Role != botsweep.RoleCore && !(r.WithAssociated && m.Role == botsweep.RoleAssociated) {
				continue
			}
			if m.AccountID == "" || seen[m.AccountID] {
				continue
			}
			seen[m.AccountID] = true
			if l.suspended[m.AccountID] {
				res.Skipped = append(res.Skipped, m.AccountID)
				continue
			}
			res.ByNetwork[n.ID]++
			suspend = append(suspend, botsweep.ModEvent{
				Kind: botsweep.EventSuspend, Actor: r.Actor, At: at, Reason: r.Reason,
				Subject: m.AccountID, SweepID: id, NetworkID: n.ID, Evidence: memberEvidence(&n, &m),
			})
		}
	}
	res.Breaker = l.breakerLocked(at, len(suspend))
	accounts := make([]string, len(suspend))
	for i := range suspend {
		accounts[i] = suspend[i].Subject
	}
	res.Sweep = botsweep.Sweep{ID: id, Actor: r.Actor, At: at, Reason: r.Reason, Networks: netIDs, Accounts: accounts}
	if len(suspend) == 0 {
		res.Sweep.ID = ""
		return res, nil
	}
	if res.Breaker.Tripped() {
		if !r.Override {
			if r.DryRun {
				res.Refused = res.Breaker.refusal()
				return res, nil
			}
			return nil, botsweep.Errorf(botsweep.ELIMIT, "%s", res.Breaker.refusal())
		}
		res.Breaker.Overridden = true
		res.Sweep.Override = true
	}
	note := fmt.Sprintf("sweep of %s (%s): %s suspended, %d already suspended",
		plural(len(netIDs), "network", "networks"), roles(r.WithAssociated), plural(len(suspend), "account", "accounts"), len(res.Skipped))
	res.Sweep.Note = note
	if r.DryRun {
		return res, nil
	}
	batch := make([]botsweep.ModEvent, 0, len(suspend)+2)
	batch = append(batch, botsweep.ModEvent{Kind: botsweep.EventComment, Actor: r.Actor, At: at, Reason: ReasonSweep,
		SweepID: id, NetworkID: strings.Join(netIDs, ","), Evidence: r.Reason, Note: note})
	if res.Breaker.Overridden {
		batch = append(batch, botsweep.ModEvent{Kind: botsweep.EventComment, Actor: r.Actor, At: at, Reason: ReasonBreakerOverride,
			SweepID: id, Note: "admin override: " + strings.TrimPrefix(res.Breaker.refusal(), "circuit breaker: ")})
	}
	batch = append(batch, suspend...)
	if err := l.commit(ctx, batch); err != nil {
		return nil, err
	}
	res.FirstSeq, res.LastSeq = batch[0].Seq, batch[len(batch)-1].Seq
	return res, nil
}

func roles(withAssociated bool) string {
	if withAssociated {
		return "core and associated members"
	}
	return "core members"
}

// pickNetworks resolves the requested network ids against the stored ones.
func pickNetworks(stored []botsweep.Network, ids []string, all, coordinated bool) ([]botsweep.Network, error) {
	if all {
		if len(stored) == 0 {
			return nil, botsweep.Errorf(botsweep.ENOTFOUND, "no networks stored; run 'botsweep detect' first")
		}
		// Only enforcement candidates: coordinated groups are reported,
		// never swept in bulk.
		var out []botsweep.Network
		for i := range stored {
			if enforceable(&stored[i]) {
				out = append(out, stored[i])
			}
		}
		if len(out) == 0 {
			return nil, botsweep.Errorf(botsweep.ENOTFOUND, "no inauthentic networks stored (%d coordinated groups are reported only, never swept with --all)", len(stored))
		}
		return out, nil
	}
	byID := make(map[string]int, len(stored))
	for i := range stored {
		byID[stored[i].ID] = i
	}
	var out []botsweep.Network
	dup := map[string]bool{}
	for _, id := range ids {
		i, ok := byID[id]
		if !ok {
			return nil, botsweep.Errorf(botsweep.ENOTFOUND, "network %s not found (%d networks stored; see 'botsweep detect')", id, len(stored))
		}
		if !enforceable(&stored[i]) && !coordinated {
			return nil, botsweep.Errorf(botsweep.ECONFLICT, "network %s is coordinated, not judged inauthentic (%s): it is reported, not an enforcement candidate; sweeping it anyway needs an explicit override (--coordinated)", id, stored[i].Evidence.Verdict)
		}
		if !dup[id] {
			dup[id] = true
			out = append(out, stored[i])
		}
	}
	return out, nil
}

// enforceable reports whether a network is an enforcement candidate: judged
// inauthentic, or stored before verdicts existed (empty verdict).
func enforceable(n *botsweep.Network) bool {
	return n.Verdict == botsweep.VerdictInauthentic || n.Verdict == ""
}

// memberEvidence summarises why a member is in its network, in one line of
// at most 300 bytes.
func memberEvidence(n *botsweep.Network, m *botsweep.Member) string {
	s := fmt.Sprintf("%s member of network %s (score %.2f, tie %.2f)", m.Role, n.ID, n.Score, m.Score)
	if len(n.Evidence.Signals) > 0 {
		var ls []string
		for i, sg := range n.Evidence.Signals {
			if i == 3 {
				break
			}
			ls = append(ls, sg.Layer)
		}
		s += "; signals: " + strings.Join(ls, ", ")
	}
	if len(m.Reasons) > 0 {
		s += "; " + strings.Join(m.Reasons, "; ")
	}
	if len(s) > 300 {
		i := 297
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i] + "..."
	}
	return s
}
