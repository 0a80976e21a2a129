// Package moderation is botsweep's enforcement record: an append-only,
// hash-chained log of moderation events (suspend, reinstate, appeal filed,
// appeal resolved, comment), account status derived from it, sweeps that
// suspend whole networks atomically under circuit breakers, and appeals.
//
// The log is the only state: every status, sweep and appeal is recomputed
// from the events when a Log is opened, and every change is a batch of new
// events appended in one atomic write.
package moderation

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/botsweep/botsweep"
)

// Default circuit-breaker caps.
const (
	// DefaultMaxPerSweep caps the accounts one sweep may suspend. The 2019
	// takedown this tool is modelled on removed about 5,000 accounts plus
	// associated ones; twice that is a generous ceiling for one decision.
	DefaultMaxPerSweep = 10000
	// DefaultMaxPerDay caps the suspensions in any 24 hours (a rolling
	// window ending at the time of the new action).
	DefaultMaxPerDay = 20000
)

// Options configure a Log. The zero value is valid.
type Options struct {
	// Now is the clock for events recorded without an explicit time.
	// Default time.Now.
	Now botsweep.Clock
	// MaxPerSweep caps the accounts one sweep suspends; 0 means
	// DefaultMaxPerSweep, a negative value means no cap.
	MaxPerSweep int
	// MaxPerDay caps suspensions within any 24 hours; 0 means
	// DefaultMaxPerDay, a negative value means no cap.
	MaxPerDay int
	// Networks resolves network ids for sweeps. Optional: without it Sweep
	// refuses requests that name networks.
	Networks botsweep.NetworkStore
}

// Log is the moderation log of one store with the state derived from it.
// It is safe for concurrent use.
type Log struct {
	mu   sync.Mutex
	el   botsweep.EventLog
	opts Options

	events     []botsweep.ModEvent
	byAccount  map[string][]int // event indices per subject
	suspended  map[string]bool
	openAppeal map[string]int // subject -> index of the open appeal_filed event
	sweeps     []botsweep.Sweep
	sweepIndex map[string]int
}

// Open loads every event of el, verifies the hash chain and derives the
// state. A log that fails verification is refused with EINTERNAL (run
// Verify, or `botsweep audit verify`, to see why).
func Open(ctx context.Context, el botsweep.EventLog, opts Options) (*Log, error) {
	if el == nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no event log given")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxPerSweep == 0 {
		opts.MaxPerSweep = DefaultMaxPerSweep
	}
	if opts.MaxPerDay == 0 {
		opts.MaxPerDay = DefaultMaxPerDay
	}
	l := &Log{
		el: el, opts: opts,
		byAccount:  map[string][]int{},
		suspended:  map[string]bool{},
		openAppeal: map[string]int{},
		sweepIndex: map[string]int{},
	}
	if err := el.EachEvent(ctx, func(e *botsweep.ModEvent) error {
		l.events = append(l.events, *e)
		return nil
	}); err != nil {
		return nil, wrap(err, "read moderation log")
	}
	var head *chainHead
	if hr, ok := el.(HeadReader); ok {
		seq, hash, ok, err := hr.EventHead(ctx)
		if err != nil {
			return nil, wrap(err, "read moderation log head")
		}
		if ok {
			head = &chainHead{seq, hash}
		}
	}
	if r := verifyEvents(l.events, head); !r.OK {
		return nil, botsweep.Errorf(botsweep.EINTERNAL,
			"moderation log fails verification (%d problems, first: %s); run 'botsweep audit verify'",
			len(r.Problems), r.Problems[0])
	}
	for i := range l.events {
		l.apply(i)
	}
	return l, nil
}

// wrap gives a non-coded error a code and context; coded errors pass through.
func wrap(err error, what string) error {
	if botsweep.ErrorCode(err) != botsweep.EINTERNAL {
		return err
	}
	return botsweep.Errorf(botsweep.EINTERNAL, "%s: %w", what, err)
}

// apply folds event i into the derived state.
func (l *Log) apply(i int) {
	e := &l.events[i]
	if e.Subject != "" {
		l.byAccount[e.Subject] = append(l.byAccount[e.Subject], i)
	}
	switch e.Kind {
	case botsweep.EventSuspend:
		l.suspended[e.Subject] = true
	case botsweep.EventReinstate:
		delete(l.suspended, e.Subject)
	case botsweep.EventAppealFiled:
		l.openAppeal[e.Subject] = i
	case botsweep.EventAppealResolved:
		delete(l.openAppeal, e.Subject)
	}
	if e.SweepID == "" {
		return
	}
	k, ok := l.sweepIndex[e.SweepID]
	if !ok {
		k = len(l.sweeps)
		l.sweepIndex[e.SweepID] = k
		l.sweeps = append(l.sweeps, botsweep.Sweep{ID: e.SweepID, Actor: e.Actor, At: e.At, Reason: e.Reason, Networks: []string{}, Accounts: []string{}})
	}
	sw := &l.sweeps[k]
	switch {
	case e.Kind == botsweep.EventSuspend:
		sw.Accounts = append(sw.Accounts, e.Subject)
	case e.Kind == botsweep.EventComment && e.Reason == ReasonSweep:
		if e.NetworkID != "" {
			sw.Networks = strings.Split(e.NetworkID, ",")
		}
		sw.Reason = e.Evidence
		sw.Note = e.Note
	case e.Kind == botsweep.EventComment && e.Reason == ReasonBreakerOverride:
		sw.Override = true
	}
}

// Reason codes botsweep writes on its own comment events.
const (
	// ReasonSweep marks the header comment of a sweep; its NetworkID lists
	// the swept networks (comma-separated), its Evidence the sweep's reason.
	ReasonSweep = "sweep"
	// ReasonBreakerOverride marks an admin's override of a circuit breaker.
	ReasonBreakerOverride = "breaker-override"
)

var reasonRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// checkReason validates a reason code: lowercase letters, digits and dashes.
func checkReason(r string) error {
	if !reasonRE.MatchString(r) {
		return botsweep.Errorf(botsweep.EINVALID, "reason %q is not a reason code (lowercase words joined by '-', e.g. %s)", r, botsweep.ReasonPlatformManipulation)
	}
	return nil
}

// Status returns the account's status derived from the log.
func (l *Log) Status(accountID string) botsweep.Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.suspended[accountID] {
		return botsweep.StatusSuspended
	}
	return botsweep.StatusActive
}

// Suspended returns the ids of the accounts suspended now, sorted.
func (l *Log) Suspended() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(l.suspended))
	for id := range l.suspended {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// AppealOpen reports whether the account has an appeal awaiting resolution.
func (l *Log) AppealOpen(accountID string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.openAppeal[accountID]
	return ok
}

// History returns the events about the account in log order.
func (l *Log) History(accountID string) []botsweep.ModEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	idx := l.byAccount[accountID]
	out := make([]botsweep.ModEvent, len(idx))
	for i, j := range idx {
		out[i] = l.events[j]
	}
	return out
}

// Events returns a copy of every event in log order.
func (l *Log) Events() []botsweep.ModEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]botsweep.ModEvent(nil), l.events...)
}

// Len returns the number of events in the log.
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events)
}

// Head returns the sequence number and hash of the last event (0 and the
// genesis hash for an empty log). Publishing it anchors the whole log.
func (l *Log) Head() (uint64, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.headLocked()
}

func (l *Log) headLocked() (uint64, string) {
	if len(l.events) == 0 {
		return 0, GenesisHash
	}
	e := &l.events[len(l.events)-1]
	return e.Seq, e.Hash
}

// Sweeps returns every sweep in the order they were made.
func (l *Log) Sweeps() []botsweep.Sweep {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]botsweep.Sweep, len(l.sweeps))
	for i, s := range l.sweeps {
		s.Networks = append([]string(nil), s.Networks...)
		s.Accounts = append([]string(nil), s.Accounts...)
		out[i] = s
	}
	return out
}

// SweepByID returns the sweep with the id, or ENOTFOUND.
func (l *Log) SweepByID(id string) (botsweep.Sweep, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k, ok := l.sweepIndex[id]
	if !ok {
		return botsweep.Sweep{}, botsweep.Errorf(botsweep.ENOTFOUND, "sweep %s not found", id)
	}
	s := l.sweeps[k]
	s.Networks = append([]string(nil), s.Networks...)
	s.Accounts = append([]string(nil), s.Accounts...)
	return s, nil
}

// Verify re-reads the stored log and checks its hash chain (see the
// package-level Verify).
func (l *Log) Verify(ctx context.Context) (*VerifyReport, error) {
	return Verify(ctx, l.el)
}

// eventTime resolves an action's time: at, or the clock when zero. The log
// is kept in time order, so a time before the last event's is refused.
func (l *Log) eventTime(at time.Time) (time.Time, error) {
	if at.IsZero() {
		at = l.opts.Now()
	}
	at = at.UTC().Round(0)
	if n := len(l.events); n > 0 && at.Before(l.events[n-1].At) {
		return at, botsweep.Errorf(botsweep.EINVALID, "time %s is before the last logged event (seq %d at %s); the log is kept in time order",
			at.Format(time.RFC3339), l.events[n-1].Seq, l.events[n-1].At.Format(time.RFC3339))
	}
	return at, nil
}

// commit seals events onto the chain, appends them in one atomic write
// and folds them into the state. The caller holds l.mu.
func (l *Log) commit(ctx context.Context, events []botsweep.ModEvent) error {
	seq, prev := l.headLocked()
	recorded := l.opts.Now().UTC().Round(0)
	for i := range events {
		seq++
		events[i].Recorded = recorded
		seal(&events[i], seq, prev)
		prev = events[i].Hash
	}
	if err := l.el.AppendEvents(ctx, events); err != nil {
		return wrap(err, "append to moderation log")
	}
	for i := range events {
		l.events = append(l.events, events[i])
		l.apply(len(l.events) - 1)
	}
	return nil
}

// ActionRequest asks for one event about one account.
type ActionRequest struct {
	Account   string    // account id (required)
	Actor     string    // who acts (required)
	Reason    string    // reason code; required for Suspend
	NetworkID string    // the network the action rests on, if any
	Evidence  string    // pointer to or summary of the evidence
	Note      string    // free text
	At        time.Time // zero: the clock's now
}

func (r *ActionRequest) check(needReason bool) error {
	if r.Account == "" {
		return botsweep.Errorf(botsweep.EINVALID, "no account given")
	}
	if strings.TrimSpace(r.Actor) == "" {
		return botsweep.Errorf(botsweep.EINVALID, "no actor given (who is acting?)")
	}
	if needReason || r.Reason != "" {
		return checkReason(r.Reason)
	}
	return nil
}

// Suspend suspends one account. Suspending a suspended account is ECONFLICT.
// The per-day breaker applies (an individual suspension has no per-sweep cap).
func (l *Log) Suspend(ctx context.Context, r ActionRequest) (*botsweep.ModEvent, error) {
	if err := r.check(true); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.suspended[r.Account] {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "account %s is already suspended", r.Account)
	}
	at, err := l.eventTime(r.At)
	if err != nil {
		return nil, err
	}
	if b := l.breakerLocked(at, 1); b.DayExceeded {
		return nil, botsweep.Errorf(botsweep.ELIMIT, "%s", b.refusal())
	}
	ev := []botsweep.ModEvent{{Kind: botsweep.EventSuspend, Actor: r.Actor, At: at, Reason: r.Reason, Subject: r.Account, NetworkID: r.NetworkID, Evidence: r.Evidence, Note: r.Note}}
	if err := l.commit(ctx, ev); err != nil {
		return nil, err
	}
	return &ev[0], nil
}

// Reinstate reinstates one suspended account; reinstating an active account
// is ECONFLICT. An open appeal stays open (resolve it with ResolveAppeal).
func (l *Log) Reinstate(ctx context.Context, r ActionRequest) (*botsweep.ModEvent, error) {
	if err := r.check(false); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.suspended[r.Account] {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "account %s is not suspended", r.Account)
	}
	at, err := l.eventTime(r.At)
	if err != nil {
		return nil, err
	}
	ev := []botsweep.ModEvent{{Kind: botsweep.EventReinstate, Actor: r.Actor, At: at, Reason: r.Reason, Subject: r.Account, NetworkID: r.NetworkID, Evidence: r.Evidence, Note: r.Note}}
	if err := l.commit(ctx, ev); err != nil {
		return nil, err
	}
	return &ev[0], nil
}

// Comment records a note about an account without changing its status.
func (l *Log) Comment(ctx context.Context, r ActionRequest) (*botsweep.ModEvent, error) {
	if err := r.check(false); err != nil {
		return nil, err
	}
	if strings.TrimSpace(r.Note) == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "a comment needs a note")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	at, err := l.eventTime(r.At)
	if err != nil {
		return nil, err
	}
	ev := []botsweep.ModEvent{{Kind: botsweep.EventComment, Actor: r.Actor, At: at, Reason: r.Reason, Subject: r.Account, NetworkID: r.NetworkID, Evidence: r.Evidence, Note: r.Note}}
	if err := l.commit(ctx, ev); err != nil {
		return nil, err
	}
	return &ev[0], nil
}

// lastSuspension returns the latest suspend event about the account, or nil.
func (l *Log) lastSuspension(account string) *botsweep.ModEvent {
	idx := l.byAccount[account]
	for i := len(idx) - 1; i >= 0; i-- {
		if e := &l.events[idx[i]]; e.Kind == botsweep.EventSuspend {
			return e
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
