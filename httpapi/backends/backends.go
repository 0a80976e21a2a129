// Package backends wires the HTTP API to a botsweep store: the networks
// detection stored, account lookups, the moderation log (sweeps, appeals,
// the circuit breaker), the follower-impact recount and the disclosure
// archive writer. `botsweep serve` and `botsweep demo` both start the API
// through it.
package backends

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/disclosure"
	"github.com/botsweep/botsweep/httpapi"
	"github.com/botsweep/botsweep/impact"
	"github.com/botsweep/botsweep/moderation"
	"github.com/botsweep/botsweep/score"
	"github.com/botsweep/botsweep/store"
)

// Config configures the backends. The zero value is valid except that
// Store is required.
type Config struct {
	// Store is the open store; required.
	Store *store.Store
	// Log, Networks and Tokens hold the state a team shares: the
	// moderation log, the latest networks and the API tokens. Each
	// defaults to Store; a PostgreSQL team database sets all three.
	Log      botsweep.EventLog
	Networks botsweep.NetworkStore
	Tokens   botsweep.TokenStore
	// Now is the clock for events and releases. Default time.Now.
	Now botsweep.Clock
	// MaxPerSweep and MaxPerDay are the circuit breaker's caps: 0 means
	// moderation's defaults, negative no cap.
	MaxPerSweep, MaxPerDay int
	// ArchiveKey is the release key for disclosure archives; empty
	// disables archive downloads (there is no default key).
	ArchiveKey []byte
	// Fake, when set, says which accounts are fake (a simulator's ground
	// truth) for the purge report; default: members of detected networks.
	Fake func(accountID string) bool
	// Model, when set, scores accounts that no detected network lists
	// (whose member score is not known) from their stored profile.
	Model *score.Model
}

// Options returns httpapi.Options whose backends are the store in cfg.
// The caller sets Dashboard, Registry and the like on the result.
func Options(ctx context.Context, cfg Config) (httpapi.Options, *moderation.Log, error) {
	if cfg.Store == nil {
		return httpapi.Options{}, nil, botsweep.Errorf(botsweep.EINVALID, "backends: no store given")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	st := cfg.Store
	if cfg.Log == nil {
		cfg.Log = st
	}
	if cfg.Networks == nil {
		cfg.Networks = st
	}
	if cfg.Tokens == nil {
		cfg.Tokens = st
	}
	log, err := moderation.Open(ctx, cfg.Log, moderation.Options{Now: cfg.Now, MaxPerSweep: cfg.MaxPerSweep, MaxPerDay: cfg.MaxPerDay, Networks: cfg.Networks})
	if err != nil {
		return httpapi.Options{}, nil, err
	}
	b := &Backend{st: st, log: log, cfg: cfg}
	opts := httpapi.Options{
		Tokens:     cfg.Tokens,
		Networks:   cfg.Networks,
		Accounts:   b,
		Moderation: b,
		Impact:     b,
		Campaigns:  st,
		Graph:      st,
		Now:        cfg.Now,
	}
	if len(cfg.ArchiveKey) > 0 {
		opts.Archive = b
	}
	if cfg.Model != nil {
		opts.Scores = profileScores{st: st, m: cfg.Model, now: cfg.Now}
	}
	return opts, log, nil
}

// profileScores implements httpapi.ScoreLookup with the account model on
// the stored profile alone (behaviour features missing).
type profileScores struct {
	st  *store.Store
	m   *score.Model
	now botsweep.Clock
}

// BotScore implements httpapi.ScoreLookup.
func (p profileScores) BotScore(ctx context.Context, accountID string) (float64, bool, error) {
	a, err := p.st.Account(ctx, accountID)
	if botsweep.ErrorCode(err) == botsweep.ENOTFOUND {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	x := score.ProfileVector(nil, a, nil, score.ExtractOptions{Now: p.now})
	return p.m.Score(x), true, nil
}

// Backend implements httpapi's Moderation, Impact, AccountLookup and
// Archiver over a store and its moderation log.
type Backend struct {
	st  *store.Store
	log *moderation.Log
	cfg Config
	// sweepMu serialises executed sweeps, so the impact computed before a
	// sweep is the impact of that sweep.
	sweepMu sync.Mutex
}

var (
	_ httpapi.Moderation    = (*Backend)(nil)
	_ httpapi.Impact        = (*Backend)(nil)
	_ httpapi.LogHead       = (*Backend)(nil)
	_ httpapi.AccountLookup = (*Backend)(nil)
	_ httpapi.Archiver      = (*Backend)(nil)
)

// Account implements httpapi.AccountLookup: by platform id, then by
// screen name.
func (b *Backend) Account(ctx context.Context, key string) (*botsweep.Account, error) {
	a, err := b.st.Account(ctx, key)
	if err == nil || botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
		return a, err
	}
	return b.st.AccountByScreenName(ctx, key)
}

// Status implements httpapi.Moderation.
func (b *Backend) Status(ctx context.Context, id string) (botsweep.Status, error) {
	return b.log.Status(id), nil
}

// History implements httpapi.Moderation.
func (b *Backend) History(ctx context.Context, id string) ([]botsweep.ModEvent, error) {
	return b.log.History(id), nil
}

// Sweeps implements httpapi.Moderation.
func (b *Backend) Sweeps(ctx context.Context) ([]botsweep.Sweep, error) {
	return b.log.Sweeps(), nil
}

// Sweep implements httpapi.Moderation: plans the sweep, computes its
// follower impact against the log as it is, then (unless a dry run)
// applies it atomically.
func (b *Backend) Sweep(ctx context.Context, req httpapi.SweepRequest) (*httpapi.SweepResult, error) {
	if !req.DryRun {
		// Dry runs read only; sweeps take turns so that the impact computed
		// before each is the impact of that sweep.
		b.sweepMu.Lock()
		defer b.sweepMu.Unlock()
	}
	mreq := moderation.SweepRequest{NetworkIDs: req.Networks, All: req.All, WithAssociated: req.WithAssociated,
		Reason: req.Reason, Actor: req.Actor, DryRun: true, Override: req.Override}
	plan, err := b.log.Sweep(ctx, mreq)
	if err != nil {
		return nil, err
	}
	delta, err := impact.SweepDelta(ctx, b.st, b.log, plan.Sweep.Accounts, 10)
	if err != nil {
		return nil, err
	}
	if req.DryRun {
		return convert(plan, delta, req.Override), nil
	}
	if len(plan.Sweep.Accounts) == 0 {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "nothing to sweep: every account named is suspended already")
	}
	mreq.DryRun = false
	done, err := b.log.Sweep(ctx, mreq)
	if err != nil {
		return nil, err
	}
	return convert(done, delta, req.Override), nil
}

func convert(r *moderation.SweepResult, d *impact.Delta, override bool) *httpapi.SweepResult {
	out := &httpapi.SweepResult{DryRun: r.DryRun, Sweep: r.Sweep, Skipped: len(r.Skipped),
		Breaker: &httpapi.BreakerState{PerSweep: r.Breaker.MaxPerSweep, PerDay: r.Breaker.MaxPerDay,
			UsedToday: r.Breaker.LastDay, Overridden: override && r.Breaker.Tripped(), WouldTrip: r.Breaker.Tripped()}}
	if out.Sweep.Accounts == nil {
		out.Sweep.Accounts = []string{}
	}
	if d != nil {
		imp := &httpapi.SweepImpact{Suspended: d.Accounts, AccountsLosing: d.AccountsAffected, FollowsRemoved: d.FollowsRemoved, Top: []httpapi.AccountLoss{}}
		for _, l := range d.Top {
			name := l.Account
			if name == l.AccountID {
				name = ""
			}
			imp.Top = append(imp.Top, httpapi.AccountLoss{AccountID: l.AccountID, ScreenName: name, FollowersBefore: l.FollowersBefore,
				FollowersAfter: l.FollowersAfter, Lost: l.Lost, LostShare: l.LostShare})
		}
		out.Impact = imp
	}
	return out
}

// Appeals implements httpapi.Moderation: the appeals still open, from the log.
func (b *Backend) Appeals(ctx context.Context) ([]httpapi.Appeal, error) {
	latest := map[string]botsweep.ModEvent{}
	for _, ev := range b.log.Events() {
		if ev.Kind == botsweep.EventAppealFiled {
			latest[ev.Subject] = ev
		}
	}
	out := []httpapi.Appeal{}
	for id, ev := range latest {
		if b.log.AppealOpen(id) {
			out = append(out, httpapi.Appeal{AccountID: id, FiledBy: ev.Actor, FiledAt: ev.At, Note: ev.Note, SweepID: ev.SweepID})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FiledAt.Before(out[j].FiledAt) })
	return out, nil
}

// FileAppeal implements httpapi.Moderation.
func (b *Backend) FileAppeal(ctx context.Context, req httpapi.AppealRequest) (*botsweep.ModEvent, error) {
	return b.log.FileAppeal(ctx, moderation.AppealRequest{Account: req.Account, Actor: req.Actor, Note: req.Note})
}

// ResolveAppeal implements httpapi.Moderation; it returns the
// appeal_resolved event (a reinstatement is logged beside it).
func (b *Backend) ResolveAppeal(ctx context.Context, req httpapi.ResolveRequest) (*botsweep.ModEvent, error) {
	evs, err := b.log.ResolveAppeal(ctx, moderation.ResolveRequest{Account: req.Account, Actor: req.Actor, Outcome: req.Outcome, Note: req.Note})
	if err != nil {
		return nil, err
	}
	for i := range evs {
		if evs[i].Kind == botsweep.EventAppealResolved {
			return &evs[i], nil
		}
	}
	if len(evs) == 0 {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "resolving the appeal wrote no event")
	}
	return &evs[0], nil
}

// Comment implements httpapi.Moderation.
func (b *Backend) Comment(ctx context.Context, actor, subject, note string) error {
	_, err := b.log.Comment(ctx, moderation.ActionRequest{Account: subject, Actor: actor, Note: note})
	return err
}

func (b *Backend) impactOptions(ctx context.Context) (impact.Options, error) {
	nets, err := b.cfg.Networks.Networks(ctx)
	if err != nil {
		return impact.Options{}, err
	}
	return impact.Options{Networks: nets, Fake: b.cfg.Fake}, nil
}

// LogHead implements httpapi.LogHead: the moderation log's head, so the
// API computes impact once per head.
func (b *Backend) LogHead(ctx context.Context) (string, error) {
	seq, hash := b.log.Head()
	return fmt.Sprintf("%d:%s", seq, hash), nil
}

// AccountImpact implements httpapi.Impact.
func (b *Backend) AccountImpact(ctx context.Context, id string) (any, error) {
	opts, err := b.impactOptions(ctx)
	if err != nil {
		return nil, err
	}
	return impact.Account(ctx, b.st, b.log, id, opts)
}

// Report implements httpapi.Impact.
func (b *Backend) Report(ctx context.Context) (any, error) {
	opts, err := b.impactOptions(ctx)
	if err != nil {
		return nil, err
	}
	return impact.Compute(ctx, b.st, b.log, opts)
}

// WriteArchive implements httpapi.Archiver: the release the disclosure
// package writes, zipped into one file (the CSVs, their zips and README).
func (b *Backend) WriteArchive(ctx context.Context, w io.Writer, req httpapi.ArchiveRequest) error {
	policy, err := disclosure.ParsePolicy(req.Policy)
	if err != nil {
		return err
	}
	all, err := b.cfg.Networks.Networks(ctx)
	if err != nil {
		return err
	}
	seq, hash := b.log.Head()
	enf := disclosure.NewEnforcement(b.log.Sweeps(), b.log.Status)
	nets, err := disclosure.Select(all, req.Networks, enf, policy)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "botsweep-release-*")
	if err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
	}
	defer os.RemoveAll(dir)
	if _, err := disclosure.Write(ctx, dir, b.st, nets, enf, disclosure.Options{Key: b.cfg.ArchiveKey, Policy: policy, Now: b.cfg.Now, LogHead: &disclosure.LogHead{Seq: seq, Hash: hash}}); err != nil {
		return err
	}
	return zipDir(dir, w, b.cfg.Now())
}

// zipDir writes every regular file of dir (recursively, sorted) to w as a zip.
func zipDir(dir string, w io.Writer, mod time.Time) error {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
	}
	sort.Strings(files)
	zw := zip.NewWriter(w)
	for _, p := range files {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
		}
		hw, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate, Modified: mod})
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
		}
		f, err := os.Open(p)
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
		}
		_, err = io.Copy(hw, f)
		f.Close()
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
	}
	return nil
}
