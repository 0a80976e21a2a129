// Package impact recounts followers from the follow graph after sweeps:
// for every account, how many followers it had before the sweeps, how many
// are left, and which sweep removed how many. Nothing is estimated: every
// figure is a count of follow edges whose follower is (or was) suspended
// according to the moderation log.
//
// Definitions (see docs/MODERATION.md):
//
//   - followers_before: the account's followers in the follow graph, every
//     follower counted, i.e. before any suspension.
//   - followers_after: those whose follower is active now (suspended
//     followers removed, reinstated ones counted again).
//   - lost: followers_before - followers_after.
//   - per sweep: followers active just before the sweep, just after it,
//     how many it removed, and how many of those are still suspended now.
//
// The recount is one pass over the follows: the accounts that were ever
// suspended are interned first as dense ids 0..m-1, so whether a follower
// matters is one lookup, and per-sweep counters are kept only for accounts
// that such followers follow.
package impact

import (
	"context"
	"sort"
	"strings"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/moderation"
)

// SweepImpact is one sweep's effect on one account's followers.
type SweepImpact struct {
	SweepID         string `json:"sweep_id"`
	At              string `json:"at"`               // RFC 3339
	FollowersBefore int64  `json:"followers_before"` // active followers just before the sweep
	FollowersAfter  int64  `json:"followers_after"`  // just after it
	Removed         int64  `json:"removed"`          // followers this sweep suspended
	StillRemoved    int64  `json:"still_removed"`    // of those, still suspended now
	Reinstated      int64  `json:"reinstated"`       // of those, reinstated since
	// ReinstatedBefore and SuspendedBefore explain every change between
	// the previous sweep's followers_after (for the first sweep, the
	// account's followers_before) and this sweep's followers_before:
	// followers reinstated in between, and followers suspended in between
	// outside any sweep. FollowersBefore = previous after +
	// ReinstatedBefore - SuspendedBefore, always.
	ReinstatedBefore int64 `json:"reinstated_before"`
	SuspendedBefore  int64 `json:"suspended_outside_sweeps_before"`
}

// AccountImpact is the follower recount of one account.
type AccountImpact struct {
	Account         string          `json:"account"` // screen name, or the id where the name is unknown
	AccountID       string          `json:"account_id"`
	ScreenName      string          `json:"screen_name,omitempty"`
	Status          botsweep.Status `json:"status"`
	FollowersBefore int64           `json:"followers_before"`
	FollowersAfter  int64           `json:"followers_after"`
	Lost            int64           `json:"lost"`
	LostShare       float64         `json:"lost_share"` // lost / followers_before
	// Flagged counts followers that are members of a detected network (or
	// fake by Options.Fake), swept or not; FlaggedShare is their share.
	Flagged      int64         `json:"flagged_followers"`
	FlaggedShare float64       `json:"flagged_share"`
	BySweep      []SweepImpact `json:"by_sweep"`
	// ReinstatedSinceLastSweep and SuspendedSinceLastSweep explain the
	// change from the last sweep's followers_after to followers_after now:
	// FollowersAfter = last after + reinstated - suspended outside sweeps.
	// Both 0 without sweeps.
	ReinstatedSinceLastSweep int64 `json:"reinstated_since_last_sweep"`
	SuspendedSinceLastSweep  int64 `json:"suspended_outside_sweeps_since_last_sweep"`
}

// Options tune a recount. The zero value is valid.
type Options struct {
	// Networks are the detected networks; their members (any role) are the
	// "flagged" followers the report compares losses against. Optional.
	Networks []botsweep.Network
	// Fake, when set, says which accounts are fake (e.g. a simulator's
	// ground truth) and replaces network membership as "flagged".
	Fake func(accountID string) bool
	// Prominent are screen names or ids of accounts to set side by side in
	// the report. Default: realDonaldTrump, BarackObama, jack, TheGlobus.
	Prominent []string
	// Top is the length of the report's rankings. Default 10.
	Top int
	// MinFollowers is the fewest followers an account needs to enter the
	// relative ranking and the correlations. Default 100.
	MinFollowers int64
}

// DefaultProminent are the accounts the report sets side by side by default.
var DefaultProminent = []string{"realDonaldTrump", "BarackObama", "jack", "TheGlobus"}

func (o *Options) defaults() {
	if o.Prominent == nil {
		o.Prominent = DefaultProminent
	}
	if o.Top <= 0 {
		o.Top = 10
	}
	if o.MinFollowers <= 0 {
		o.MinFollowers = 100
	}
}

// interval is one suspension of an account: from the suspend event's seq
// to the reinstate event's seq (end 0 while still suspended).
type interval struct {
	start, end uint64
	sweep      int // index into sweeps, -1 for a suspension outside sweeps
}

// timeline is the moderation history the recount needs.
type timeline struct {
	sweeps    []botsweep.Sweep
	firstSeq  []uint64         // seq of each sweep's first event
	ids       map[string]int32 // ever-suspended accounts -> dense id
	names     []string         // dense id -> account id
	intervals [][]interval     // per dense id
	nowSusp   []bool
	// before[d] lists sweep indices at whose start d was already suspended.
	before [][]int32
}

func newTimeline(log *moderation.Log) *timeline {
	t := &timeline{ids: map[string]int32{}}
	sweepIdx := map[string]int{}
	for _, e := range log.Events() {
		if e.SweepID != "" {
			if _, ok := sweepIdx[e.SweepID]; !ok {
				sweepIdx[e.SweepID] = len(t.firstSeq)
				t.firstSeq = append(t.firstSeq, e.Seq)
			}
		}
		switch e.Kind {
		case botsweep.EventSuspend:
			d, ok := t.ids[e.Subject]
			if !ok {
				d = int32(len(t.names))
				t.ids[e.Subject] = d
				t.names = append(t.names, e.Subject)
				t.intervals = append(t.intervals, nil)
			}
			k := -1
			if e.SweepID != "" {
				k = sweepIdx[e.SweepID]
			}
			t.intervals[d] = append(t.intervals[d], interval{start: e.Seq, sweep: k})
		case botsweep.EventReinstate:
			if d, ok := t.ids[e.Subject]; ok {
				iv := t.intervals[d]
				if n := len(iv); n > 0 && iv[n-1].end == 0 {
					iv[n-1].end = e.Seq
				}
			}
		}
	}
	t.sweeps = log.Sweeps()
	t.nowSusp = make([]bool, len(t.names))
	t.before = make([][]int32, len(t.names))
	for d, ivs := range t.intervals {
		for _, iv := range ivs {
			if iv.end == 0 {
				t.nowSusp[d] = true
			}
			// sweeps that start strictly inside the interval
			k := sort.Search(len(t.firstSeq), func(i int) bool { return t.firstSeq[i] > iv.start })
			for ; k < len(t.firstSeq) && (iv.end == 0 || t.firstSeq[k] < iv.end); k++ {
				t.before[d] = append(t.before[d], int32(k))
			}
		}
	}
	return t
}

// counts are one followee's tallies.
type counts struct {
	total, lost, flagged int64
	perSweep             []sweepCounts // nil unless an ever-suspended account follows it
	// reinstatements and out-of-sweep suspensions after the last sweep
	tailReinstated, tailSuspended int64
}

// sweepCounts are one followee's tallies for one sweep; reinstated and
// suspended count reinstatements and out-of-sweep suspensions of its
// followers between the previous sweep and this one.
type sweepCounts struct{ removed, still, suspBefore, reinstated, suspended int64 }

// suspendedAt reports whether ever-suspended account d was suspended by
// sweep k or already suspended when it started.
func (t *timeline) suspendedAt(d int32, k int) bool {
	for _, iv := range t.intervals[d] {
		if iv.sweep == k {
			return true
		}
	}
	for _, b := range t.before[d] {
		if int(b) == k {
			return true
		}
	}
	return false
}

// nextSweep returns the index of the first sweep that starts after seq
// (len(t.firstSeq) when none does).
func (t *timeline) nextSweep(seq uint64) int {
	return sort.Search(len(t.firstSeq), func(i int) bool { return t.firstSeq[i] > seq })
}

// tally is the result of the single pass.
type tally struct {
	index   map[string]int32 // followee id -> index into accts
	accts   []counts
	ids     []string
	follows int64
	// per sweep: edges whose follower the sweep suspended
	sweepEdges []int64
	lostEdges  int64 // edges whose follower is suspended now
	// edges whose follower is suspended now but not flagged, and flagged but active
	lostUnflagged, flaggedActive int64
}

// count makes the single pass over the follows. When only is not empty,
// just that followee is counted.
func count(ctx context.Context, src botsweep.Source, t *timeline, flagged func(string) bool, only string) (*tally, error) {
	ta := &tally{index: map[string]int32{}, sweepEdges: make([]int64, len(t.sweeps))}
	K := len(t.sweeps)
	err := src.EachFollow(ctx, func(f botsweep.Follow) error {
		if only != "" && f.Followee != only {
			return nil
		}
		ta.follows++
		x, ok := ta.index[f.Followee]
		if !ok {
			x = int32(len(ta.accts))
			ta.index[f.Followee] = x
			ta.accts = append(ta.accts, counts{})
			ta.ids = append(ta.ids, f.Followee)
		}
		c := &ta.accts[x]
		c.total++
		isFlagged := flagged != nil && flagged(f.Follower)
		if isFlagged {
			c.flagged++
		}
		d, ever := t.ids[f.Follower]
		if !ever {
			if isFlagged {
				ta.flaggedActive++
			}
			return nil
		}
		if t.nowSusp[d] {
			c.lost++
			ta.lostEdges++
			if !isFlagged {
				ta.lostUnflagged++
			}
		} else if isFlagged {
			ta.flaggedActive++
		}
		if K == 0 {
			return nil
		}
		if c.perSweep == nil {
			c.perSweep = make([]sweepCounts, K)
		}
		for _, iv := range t.intervals[d] {
			if iv.end != 0 {
				if k := t.nextSweep(iv.end); k < K {
					c.perSweep[k].reinstated++
				} else {
					c.tailReinstated++
				}
			}
			if iv.sweep < 0 {
				if k := t.nextSweep(iv.start); k < K {
					c.perSweep[k].suspended++
				} else {
					c.tailSuspended++
				}
				continue
			}
			c.perSweep[iv.sweep].removed++
			ta.sweepEdges[iv.sweep]++
			if iv.end == 0 {
				c.perSweep[iv.sweep].still++
			}
		}
		for _, k := range t.before[d] {
			c.perSweep[k].suspBefore++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ta, nil
}

// accountImpact renders followee x's tallies.
func (ta *tally) accountImpact(t *timeline, log *moderation.Log, x int32) AccountImpact {
	c := &ta.accts[x]
	id := ta.ids[x]
	a := AccountImpact{
		Account: id, AccountID: id, Status: log.Status(id),
		FollowersBefore: c.total, FollowersAfter: c.total - c.lost, Lost: c.lost,
		Flagged: c.flagged, BySweep: []SweepImpact{},
	}
	if c.total > 0 {
		a.LostShare = float64(c.lost) / float64(c.total)
		a.FlaggedShare = float64(c.flagged) / float64(c.total)
	}
	for k, s := range t.sweeps {
		var sc sweepCounts
		if c.perSweep != nil {
			sc = c.perSweep[k]
		}
		before := c.total - sc.suspBefore
		a.BySweep = append(a.BySweep, SweepImpact{
			SweepID: s.ID, At: s.At.Format("2006-01-02T15:04:05Z07:00"),
			FollowersBefore: before, FollowersAfter: before - sc.removed,
			Removed: sc.removed, StillRemoved: sc.still, Reinstated: sc.removed - sc.still,
			ReinstatedBefore: sc.reinstated, SuspendedBefore: sc.suspended,
		})
	}
	if len(t.sweeps) > 0 {
		a.ReinstatedSinceLastSweep, a.SuspendedSinceLastSweep = c.tailReinstated, c.tailSuspended
	}
	return a
}

// flaggedFunc returns the "flagged" predicate of the options, or nil.
func flaggedFunc(o *Options) func(string) bool {
	if o.Fake != nil {
		return o.Fake
	}
	if len(o.Networks) == 0 {
		return nil
	}
	set := map[string]bool{}
	for i := range o.Networks {
		for _, m := range o.Networks[i].Members {
			set[m.AccountID] = true
		}
	}
	return func(id string) bool { return set[id] }
}

// Account recounts one account's followers; account is its id or screen
// name (ENOTFOUND when neither is known to the source or the follow graph).
func Account(ctx context.Context, src botsweep.Source, log *moderation.Log, account string, opts Options) (*AccountImpact, error) {
	opts.defaults()
	id, name, err := resolve(ctx, src, account)
	if err != nil {
		return nil, err
	}
	t := newTimeline(log)
	ta, err := count(ctx, src, t, flaggedFunc(&opts), id)
	if err != nil {
		return nil, wrap(err, "count follows")
	}
	var a AccountImpact
	if x, ok := ta.index[id]; ok {
		a = ta.accountImpact(t, log, x)
	} else {
		ta.index[id] = 0
		ta.accts = []counts{{}}
		ta.ids = []string{id}
		a = ta.accountImpact(t, log, 0)
	}
	if name != "" {
		a.Account, a.ScreenName = name, name
	}
	return &a, nil
}

// AccountLookup is implemented by sources that find accounts by id or
// screen name without a scan (the store does).
type AccountLookup interface {
	Account(ctx context.Context, id string) (*botsweep.Account, error)
	AccountByScreenName(ctx context.Context, screenName string) (*botsweep.Account, error)
}

// Resolve finds an account by id or screen name (case-insensitively, with
// or without '@'), returning its id and screen name. An id that only the
// follow graph knows resolves to itself with no name. ENOTFOUND otherwise.
func Resolve(ctx context.Context, src botsweep.Source, account string) (id, name string, err error) {
	return resolve(ctx, src, account)
}

func resolve(ctx context.Context, src botsweep.Source, account string) (id, name string, err error) {
	account = strings.TrimPrefix(strings.TrimSpace(account), "@")
	if account == "" {
		return "", "", botsweep.Errorf(botsweep.EINVALID, "no account given")
	}
	if lk, ok := src.(AccountLookup); ok {
		if a, err := lk.Account(ctx, account); err == nil {
			return a.ID, a.ScreenName, nil
		} else if botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
			return "", "", err
		}
		if a, err := lk.AccountByScreenName(ctx, account); err == nil {
			return a.ID, a.ScreenName, nil
		} else if botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
			return "", "", err
		}
		return resolveInFollows(ctx, src, account)
	}
	var byName string
	err = src.EachAccount(ctx, func(a *botsweep.Account) error {
		if a.ID == account {
			id, name = a.ID, a.ScreenName
			return errStop
		}
		if byName == "" && equalFold(a.ScreenName, account) {
			byName = a.ID
			name = a.ScreenName
		}
		return nil
	})
	if err != nil && err != errStop {
		return "", "", wrap(err, "read accounts")
	}
	if id != "" {
		return id, name, nil
	}
	if byName != "" {
		return byName, name, nil
	}
	return resolveInFollows(ctx, src, account)
}

// resolveInFollows accepts account as an id when the follow graph knows it.
func resolveInFollows(ctx context.Context, src botsweep.Source, account string) (string, string, error) {
	found := false
	err := src.EachFollow(ctx, func(f botsweep.Follow) error {
		if f.Followee == account || f.Follower == account {
			found = true
			return errStop
		}
		return nil
	})
	if err != nil && err != errStop {
		return "", "", wrap(err, "read follows")
	}
	if !found {
		return "", "", botsweep.Errorf(botsweep.ENOTFOUND, "account %s not found (neither an id nor a screen name in the store)", account)
	}
	return account, "", nil
}

var errStop = botsweep.Errorf(botsweep.EINTERNAL, "stop")

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		ca, cb := a[i], b[i]
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return false
		}
	}
	return true
}

// wrap gives a non-coded error a code and context; coded errors pass through.
func wrap(err error, what string) error {
	if botsweep.ErrorCode(err) != botsweep.EINTERNAL {
		return err
	}
	return botsweep.Errorf(botsweep.EINTERNAL, "%s: %w", what, err)
}
