// Package httpapitest holds in-memory backends for httpapi tests: a
// moderation log with a circuit breaker, a follower-impact recount over a
// dataset's follow graph, a token store, and a small demo world. They are
// reference implementations for tests, not durable storage.
package httpapitest

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/httpapi"
)

// Tokens is an in-memory botsweep.TokenStore with fixed secrets.
type Tokens struct {
	mu   sync.Mutex
	toks map[string]botsweep.Token // by secret
	n    int
}

// NewTokens returns a token store holding the given name → role tokens,
// each with the secret "bsw_" + name.
func NewTokens(roles map[string]string) *Tokens {
	t := &Tokens{toks: map[string]botsweep.Token{}}
	for name, role := range roles {
		t.toks[botsweep.TokenPrefix+name] = botsweep.Token{Name: name, Role: role, Hash: botsweep.HashToken(botsweep.TokenPrefix + name)}
	}
	return t
}

// CreateToken implements botsweep.TokenStore.
func (t *Tokens) CreateToken(ctx context.Context, name, role string) (string, *botsweep.Token, error) {
	name, err := botsweep.ValidateTokenName(name)
	if err != nil {
		return "", nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, tok := range t.toks {
		if tok.Name == name {
			return "", nil, botsweep.Errorf(botsweep.ECONFLICT, "a token named %q exists already", name)
		}
	}
	t.n++
	secret := fmt.Sprintf("%snew%d_%s", botsweep.TokenPrefix, t.n, name)
	tok := botsweep.Token{Name: name, Role: role, Hash: botsweep.HashToken(secret)}
	t.toks[secret] = tok
	return secret, &tok, nil
}

// LookupToken implements botsweep.TokenStore.
func (t *Tokens) LookupToken(ctx context.Context, secret string) (*botsweep.Token, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tok, ok := t.toks[secret]
	if !ok {
		return nil, botsweep.Errorf(botsweep.EUNAUTHORIZED, "invalid token")
	}
	return &tok, nil
}

// Tokens implements botsweep.TokenStore.
func (t *Tokens) Tokens(ctx context.Context) ([]botsweep.Token, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []botsweep.Token
	for _, tok := range t.toks {
		out = append(out, tok)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// RevokeToken implements botsweep.TokenStore.
func (t *Tokens) RevokeToken(ctx context.Context, name string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for s, tok := range t.toks {
		if tok.Name == name {
			delete(t.toks, s)
			n++
		}
	}
	if n == 0 {
		return botsweep.Errorf(botsweep.ENOTFOUND, "no token named %q", name)
	}
	return nil
}

// World is an in-memory moderation log and impact recount over a dataset
// and its networks. It implements httpapi.Moderation, httpapi.Impact,
// httpapi.NetworkLister, httpapi.AccountLookup and httpapi.Archiver.
type World struct {
	Data *botsweep.Dataset
	Nets []botsweep.Network
	Now  botsweep.Clock
	// PerSweep and PerDay are the circuit breaker's caps (0: none).
	PerSweep, PerDay int

	mu        sync.Mutex
	events    []botsweep.ModEvent
	sweeps    []botsweep.Sweep
	suspended map[string]bool
	appeals   map[string]httpapi.Appeal
	followers map[string][]string // followee -> followers
	accounts  map[string]*botsweep.Account
}

// NewWorld returns a World over d and nets with the clock now.
func NewWorld(d *botsweep.Dataset, nets []botsweep.Network, now botsweep.Clock) *World {
	w := &World{Data: d, Nets: nets, Now: now, suspended: map[string]bool{}, appeals: map[string]httpapi.Appeal{},
		followers: map[string][]string{}, accounts: map[string]*botsweep.Account{}}
	for _, f := range d.Follows {
		w.followers[f.Followee] = append(w.followers[f.Followee], f.Follower)
	}
	for i := range d.Accounts {
		a := &d.Accounts[i]
		w.accounts[a.ID] = a
		w.accounts[strings.ToLower(a.ScreenName)] = a
	}
	return w
}

// Networks implements httpapi.NetworkLister.
func (w *World) Networks(ctx context.Context) ([]botsweep.Network, error) { return w.Nets, nil }

// Account implements httpapi.AccountLookup.
func (w *World) Account(ctx context.Context, key string) (*botsweep.Account, error) {
	if a, ok := w.accounts[key]; ok {
		return a, nil
	}
	if a, ok := w.accounts[strings.ToLower(key)]; ok {
		return a, nil
	}
	return nil, botsweep.Errorf(botsweep.ENOTFOUND, "account %q not found", key)
}

// EachCampaign implements httpapi.CampaignLister.
func (w *World) EachCampaign(ctx context.Context, fn func(*botsweep.Campaign) error) error {
	return w.Data.EachCampaign(ctx, fn)
}

// Events returns a copy of the log.
func (w *World) Events() []botsweep.ModEvent {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]botsweep.ModEvent(nil), w.events...)
}

func (w *World) appendLocked(ev botsweep.ModEvent) botsweep.ModEvent {
	ev.Seq = uint64(len(w.events) + 1)
	ev.At = w.Now().UTC()
	if n := len(w.events); n > 0 {
		ev.PrevHash = w.events[n-1].Hash
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%s|%s|%s|%s", ev.PrevHash, ev.Seq, ev.Kind, ev.Actor, ev.Subject, ev.Note)))
	ev.Hash = hex.EncodeToString(sum[:])
	w.events = append(w.events, ev)
	return ev
}

// Status implements httpapi.Moderation.
func (w *World) Status(ctx context.Context, id string) (botsweep.Status, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.suspended[id] {
		return botsweep.StatusSuspended, nil
	}
	return botsweep.StatusActive, nil
}

// History implements httpapi.Moderation.
func (w *World) History(ctx context.Context, id string) ([]botsweep.ModEvent, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []botsweep.ModEvent
	for _, ev := range w.events {
		if ev.Subject == id {
			out = append(out, ev)
		}
	}
	return out, nil
}

// Sweeps implements httpapi.Moderation.
func (w *World) Sweeps(ctx context.Context) ([]botsweep.Sweep, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]botsweep.Sweep(nil), w.sweeps...), nil
}

func (w *World) usedTodayLocked() int {
	day := w.Now().UTC().Format("2006-01-02")
	n := 0
	for _, s := range w.sweeps {
		if s.At.UTC().Format("2006-01-02") == day {
			n += len(s.Accounts)
		}
	}
	return n
}

// Sweep implements httpapi.Moderation.
func (w *World) Sweep(ctx context.Context, req httpapi.SweepRequest) (*httpapi.SweepResult, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	want := map[string]bool{}
	for _, id := range req.Networks {
		want[id] = true
	}
	var nets []string
	seen := map[string]bool{}
	var accounts []string
	skipped := 0
	for _, n := range w.Nets {
		if !req.All && !want[n.ID] {
			continue
		}
		nets = append(nets, n.ID)
		for _, m := range n.Members {
			if m.Role == botsweep.RoleAssociated && !req.WithAssociated || seen[m.AccountID] {
				continue
			}
			seen[m.AccountID] = true
			if w.suspended[m.AccountID] {
				skipped++
				continue
			}
			accounts = append(accounts, m.AccountID)
		}
	}
	if len(accounts) == 0 {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "nothing to sweep: every account named is suspended already")
	}
	br := &httpapi.BreakerState{PerSweep: w.PerSweep, PerDay: w.PerDay, UsedToday: w.usedTodayLocked(), Overridden: req.Override}
	br.WouldTrip = w.PerSweep > 0 && len(accounts) > w.PerSweep || w.PerDay > 0 && br.UsedToday+len(accounts) > w.PerDay
	if br.WouldTrip && !req.Override && !req.DryRun {
		return nil, botsweep.Errorf(botsweep.ELIMIT, "circuit breaker: %d accounts exceed the cap (%d per sweep, %d per day, %d used today); an admin may override", len(accounts), w.PerSweep, w.PerDay, br.UsedToday)
	}
	sw := botsweep.Sweep{ID: fmt.Sprintf("S%d", len(w.sweeps)+1), Actor: req.Actor, At: w.Now().UTC(), Reason: req.Reason, Networks: nets, Accounts: accounts}
	imp := w.sweepImpactLocked(accounts)
	res := &httpapi.SweepResult{DryRun: req.DryRun, Sweep: sw, Skipped: skipped, Impact: imp, Breaker: br}
	if req.DryRun {
		return res, nil
	}
	for _, id := range accounts {
		w.suspended[id] = true
		w.appendLocked(botsweep.ModEvent{Kind: botsweep.EventSuspend, Actor: req.Actor, Reason: req.Reason, Subject: id, SweepID: sw.ID})
	}
	w.sweeps = append(w.sweeps, sw)
	return res, nil
}

// count returns id's followers not suspended, with extra also removed.
func (w *World) countLocked(id string, susp func(string) bool) int64 {
	var n int64
	for _, f := range w.followers[id] {
		if !susp(f) {
			n++
		}
	}
	return n
}

func (w *World) loss(id string, before, after int64) httpapi.AccountLoss {
	l := httpapi.AccountLoss{AccountID: id, FollowersBefore: before, FollowersAfter: after, Lost: before - after}
	if a, ok := w.accounts[id]; ok {
		l.ScreenName = a.ScreenName
	}
	if before > 0 {
		l.LostShare = float64(l.Lost) / float64(before)
	}
	return l
}

func (w *World) sweepImpactLocked(accounts []string) *httpapi.SweepImpact {
	removing := map[string]bool{}
	for _, a := range accounts {
		removing[a] = true
	}
	imp := &httpapi.SweepImpact{Suspended: len(accounts), Top: []httpapi.AccountLoss{}}
	var losses []httpapi.AccountLoss
	for id, fs := range w.followers {
		if w.suspended[id] || removing[id] {
			continue
		}
		var before, after int64
		for _, f := range fs {
			if w.suspended[f] {
				continue
			}
			before++
			if !removing[f] {
				after++
			}
		}
		if before > after {
			imp.AccountsLosing++
			imp.FollowsRemoved += before - after
			losses = append(losses, w.loss(id, before, after))
		}
	}
	sortLosses(losses, false)
	if len(losses) > 10 {
		losses = losses[:10]
	}
	imp.Top = append(imp.Top, losses...)
	return imp
}

func sortLosses(ls []httpapi.AccountLoss, relative bool) {
	sort.Slice(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if relative && a.LostShare != b.LostShare {
			return a.LostShare > b.LostShare
		}
		if a.Lost != b.Lost {
			return a.Lost > b.Lost
		}
		return a.AccountID < b.AccountID
	})
}

// Appeals implements httpapi.Moderation.
func (w *World) Appeals(ctx context.Context) ([]httpapi.Appeal, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []httpapi.Appeal
	for _, a := range w.appeals {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AccountID < out[j].AccountID })
	return out, nil
}

// FileAppeal implements httpapi.Moderation.
func (w *World) FileAppeal(ctx context.Context, req httpapi.AppealRequest) (*botsweep.ModEvent, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.suspended[req.Account] {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "account %s is not suspended", req.Account)
	}
	if _, ok := w.appeals[req.Account]; ok {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "account %s has an open appeal", req.Account)
	}
	ev := w.appendLocked(botsweep.ModEvent{Kind: botsweep.EventAppealFiled, Actor: req.Actor, Subject: req.Account, Note: req.Note})
	w.appeals[req.Account] = httpapi.Appeal{AccountID: req.Account, FiledBy: req.Actor, FiledAt: ev.At, Note: req.Note}
	return &ev, nil
}

// ResolveAppeal implements httpapi.Moderation.
func (w *World) ResolveAppeal(ctx context.Context, req httpapi.ResolveRequest) (*botsweep.ModEvent, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.appeals[req.Account]; !ok {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "account %s has no open appeal", req.Account)
	}
	delete(w.appeals, req.Account)
	ev := w.appendLocked(botsweep.ModEvent{Kind: botsweep.EventAppealResolved, Actor: req.Actor, Subject: req.Account, Note: req.Note, Outcome: req.Outcome})
	if req.Outcome == "reinstated" {
		delete(w.suspended, req.Account)
		w.appendLocked(botsweep.ModEvent{Kind: botsweep.EventReinstate, Actor: req.Actor, Subject: req.Account, Note: req.Note})
	}
	return &ev, nil
}

// Comment implements httpapi.Moderation.
func (w *World) Comment(ctx context.Context, actor, subject, note string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.appendLocked(botsweep.ModEvent{Kind: botsweep.EventComment, Actor: actor, Subject: subject, Note: note})
	return nil
}

// LogHead implements httpapi.LogHead: the last event's sequence number
// and hash.
func (w *World) LogHead(ctx context.Context) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.events) == 0 {
		return "0:", nil
	}
	e := &w.events[len(w.events)-1]
	return fmt.Sprintf("%d:%s", e.Seq, e.Hash), nil
}

// AccountImpact implements httpapi.Impact: replays the sweeps in order over
// the follow graph.
func (w *World) AccountImpact(ctx context.Context, id string) (any, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, ok := w.accounts[id]
	if !ok {
		return nil, botsweep.Errorf(botsweep.ENOTFOUND, "account %q not found", id)
	}
	gone := map[string]bool{}
	isGone := func(s string) bool { return gone[s] }
	imp := &httpapi.AccountImpact{Account: a.ScreenName, AccountID: id, ScreenName: a.ScreenName, BySweep: []httpapi.SweepLoss{}}
	imp.FollowersBefore = w.countLocked(id, isGone)
	for _, sw := range w.sweeps {
		before := w.countLocked(id, isGone)
		for _, a := range sw.Accounts {
			gone[a] = true
		}
		after := w.countLocked(id, isGone)
		imp.BySweep = append(imp.BySweep, httpapi.SweepLoss{SweepID: sw.ID, At: sw.At, FollowersBefore: before, FollowersAfter: after, Removed: before - after})
	}
	imp.FollowersAfter = w.countLocked(id, func(s string) bool { return w.suspended[s] })
	imp.Lost = imp.FollowersBefore - imp.FollowersAfter
	if imp.FollowersBefore > 0 {
		imp.LostShare = float64(imp.Lost) / float64(imp.FollowersBefore)
	}
	return imp, nil
}

// Prominent are the screen names the report always shows side by side.
var Prominent = []string{"realDonaldTrump", "BarackObama", "jack", "TheGlobus"}

// Report implements httpapi.Impact.
func (w *World) Report(ctx context.Context) (any, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	rep := &httpapi.PurgeReport{TopAbsolute: []httpapi.AccountLoss{}, TopRelative: []httpapi.AccountLoss{}, Prominent: []httpapi.AccountLoss{}}
	none := func(string) bool { return false }
	susp := func(s string) bool { return w.suspended[s] }
	flagged := map[string]bool{}
	for _, n := range w.Nets {
		for _, m := range n.Members {
			flagged[m.AccountID] = true
		}
	}
	var losses []httpapi.AccountLoss
	var xs, ys []float64
	for id := range w.followers {
		if w.suspended[id] {
			continue
		}
		before, after := w.countLocked(id, none), w.countLocked(id, susp)
		l := w.loss(id, before, after)
		if l.Lost > 0 {
			losses = append(losses, l)
			xs = append(xs, l.LostShare)
			ys = append(ys, float64(w.countLocked(id, func(s string) bool { return !flagged[s] }))/float64(before))
		}
	}
	for _, name := range Prominent {
		if a, ok := w.accounts[strings.ToLower(name)]; ok {
			rep.Prominent = append(rep.Prominent, w.loss(a.ID, w.countLocked(a.ID, none), w.countLocked(a.ID, susp)))
		}
	}
	sortLosses(losses, false)
	rep.TopAbsolute = append(rep.TopAbsolute, losses[:min(10, len(losses))]...)
	rel := append([]httpapi.AccountLoss(nil), losses...)
	sortLosses(rel, true)
	rep.TopRelative = append(rep.TopRelative, rel[:min(10, len(rel))]...)
	if r, ok := pearson(xs, ys); ok {
		rep.Tracking.CorrFlagged = &r
	}
	rep.Tracking.Verdict = "losses track the share of flagged followers"
	rep.Findings = []string{fmt.Sprintf("%d sweeps suspended %d accounts; %d remaining accounts lost followers.", len(w.sweeps), len(w.suspended), len(losses))}
	return rep, nil
}

func pearson(xs, ys []float64) (float64, bool) {
	n := float64(len(xs))
	if n < 2 {
		return 0, false
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
		syy += (ys[i] - my) * (ys[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}

// WriteArchive implements httpapi.Archiver with a stand-in zip listing the
// networks' swept members (the real archive comes from the disclosure package).
func (w *World) WriteArchive(ctx context.Context, out io.Writer, req httpapi.ArchiveRequest) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	zw := zip.NewWriter(out)
	f, err := zw.Create("users.csv")
	if err != nil {
		return err
	}
	fmt.Fprintln(f, "userid")
	for _, n := range w.Nets {
		for _, id := range req.Networks {
			if n.ID != id {
				continue
			}
			for _, m := range n.Members {
				if w.suspended[m.AccountID] {
					fmt.Fprintln(f, m.AccountID)
				}
			}
		}
	}
	return zw.Close()
}

// Fixed is a fixed time, handy as a test clock.
var Fixed = time.Date(2019, 12, 22, 21, 0, 0, 0, time.UTC)
