package moderation_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/internal/testutil"
	"github.com/botsweep/botsweep/moderation"
)

var update = flag.Bool("update", false, "rewrite golden files")

var t0 = time.Date(2019, 12, 22, 23, 0, 0, 0, time.UTC)

// world is two networks: N1 with core a1..a5 and associated b1, b2; N2
// with core c1..c3 and associated a1 (shared with N1).
func networks() []botsweep.Network {
	mk := func(id string, core, assoc []string) botsweep.Network {
		n := botsweep.Network{ID: id, Score: 0.9, Summary: "retweets @TheGlobus",
			Evidence: botsweep.Evidence{Signals: []botsweep.Signal{{Layer: "co-retweet"}, {Layer: "creation-burst"}}}}
		for _, a := range core {
			n.Members = append(n.Members, botsweep.Member{AccountID: a, Role: botsweep.RoleCore, Score: 0.8, Reasons: []string{"retweets @TheGlobus within 60s"}})
		}
		for _, a := range assoc {
			n.Members = append(n.Members, botsweep.Member{AccountID: a, Role: botsweep.RoleAssociated, Score: 0.5, Reasons: []string{"shares registrant"}})
		}
		n.Size = len(n.Members)
		return n
	}
	return []botsweep.Network{
		mk("N1", []string{"a1", "a2", "a3", "a4", "a5"}, []string{"b1", "b2"}),
		mk("N2", []string{"c1", "c2", "c3"}, []string{"a1"}),
	}
}

type fixture struct {
	mem   *moderation.MemoryLog
	log   *moderation.Log
	clock *testutil.Clock
	opts  moderation.Options
}

func newFixture(t *testing.T, opts moderation.Options) *fixture {
	t.Helper()
	f := &fixture{mem: &moderation.MemoryLog{}, clock: testutil.NewClock(t0)}
	opts.Now = f.clock.Now
	if opts.Networks == nil {
		opts.Networks = moderation.StaticNetworks(networks())
	}
	f.opts = opts
	var err error
	f.log, err = moderation.Open(context.Background(), f.mem, opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// reopen derives the state afresh from the stored events.
func (f *fixture) reopen(t *testing.T) *moderation.Log {
	t.Helper()
	l, err := moderation.Open(context.Background(), f.mem, f.opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func sweep(t *testing.T, l *moderation.Log, r moderation.SweepRequest) *moderation.SweepResult {
	t.Helper()
	if r.Reason == "" {
		r.Reason = botsweep.ReasonPlatformManipulation
	}
	if r.Actor == "" {
		r.Actor = "analyst-1"
	}
	res, err := l.Sweep(context.Background(), r)
	if err != nil {
		t.Fatalf("sweep: %v", err)
	}
	return res
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := botsweep.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func TestSweep(t *testing.T) {
	tests := []struct {
		name           string
		nets           []string
		all, withAssoc bool
		pre            []string // suspended individually first
		wantSuspended  []string
		wantSkipped    []string
	}{
		{name: "core only", nets: []string{"N1"}, wantSuspended: []string{"a1", "a2", "a3", "a4", "a5"}},
		{name: "with associated", nets: []string{"N1"}, withAssoc: true, wantSuspended: []string{"a1", "a2", "a3", "a4", "a5", "b1", "b2"}},
		{name: "two networks share a member once", nets: []string{"N1", "N2"}, withAssoc: true,
			wantSuspended: []string{"a1", "a2", "a3", "a4", "a5", "b1", "b2", "c1", "c2", "c3"}},
		{name: "all", all: true, wantSuspended: []string{"a1", "a2", "a3", "a4", "a5", "c1", "c2", "c3"}},
		{name: "already suspended are skipped", nets: []string{"N1"}, pre: []string{"a2", "a4"},
			wantSuspended: []string{"a1", "a3", "a5"}, wantSkipped: []string{"a2", "a4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, moderation.Options{})
			ctx := context.Background()
			for _, a := range tt.pre {
				if _, err := f.log.Suspend(ctx, moderation.ActionRequest{Account: a, Actor: "x", Reason: "spam"}); err != nil {
					t.Fatal(err)
				}
			}
			before := f.log.Len()
			res := sweep(t, f.log, moderation.SweepRequest{NetworkIDs: tt.nets, All: tt.all, WithAssociated: tt.withAssoc})
			if got := strings.Join(res.Sweep.Accounts, ","); got != strings.Join(tt.wantSuspended, ",") {
				t.Errorf("suspended %s, want %s", got, strings.Join(tt.wantSuspended, ","))
			}
			if got := strings.Join(res.Skipped, ","); got != strings.Join(tt.wantSkipped, ",") {
				t.Errorf("skipped %s, want %s", got, strings.Join(tt.wantSkipped, ","))
			}
			// one header event plus one suspension per account, in one batch
			if got := f.log.Len() - before; got != len(tt.wantSuspended)+1 {
				t.Errorf("%d events written, want %d", got, len(tt.wantSuspended)+1)
			}
			for _, l := range []*moderation.Log{f.log, f.reopen(t)} {
				for _, a := range tt.wantSuspended {
					if l.Status(a) != botsweep.StatusSuspended {
						t.Errorf("%s is %s", a, l.Status(a))
					}
				}
				sw := l.Sweeps()
				if len(sw) != 1 || sw[0].ID != "sweep-1" || len(sw[0].Accounts) != len(tt.wantSuspended) || sw[0].Reason != botsweep.ReasonPlatformManipulation {
					t.Errorf("sweeps = %+v", sw)
				}
				h := l.History(tt.wantSuspended[0])
				last := h[len(h)-1]
				if last.Kind != botsweep.EventSuspend || last.SweepID != "sweep-1" || last.NetworkID == "" || !strings.Contains(last.Evidence, "co-retweet") || last.Actor != "analyst-1" || !last.At.Equal(t0) {
					t.Errorf("suspension event = %+v", last)
				}
			}
			if l := f.log.Status("zz"); l != botsweep.StatusActive {
				t.Errorf("unknown account is %s", l)
			}
		})
	}
}

func TestSweepNothingLeft(t *testing.T) {
	f := newFixture(t, moderation.Options{})
	sweep(t, f.log, moderation.SweepRequest{NetworkIDs: []string{"N1"}})
	n := f.log.Len()
	res := sweep(t, f.log, moderation.SweepRequest{NetworkIDs: []string{"N1"}})
	if res.Sweep.ID != "" || len(res.Skipped) != 5 || f.log.Len() != n {
		t.Fatalf("second sweep = %+v, %d events (was %d)", res, f.log.Len(), n)
	}
}

func TestSweepRefusals(t *testing.T) {
	tests := []struct {
		name string
		req  moderation.SweepRequest
		code string
	}{
		{"unknown network", moderation.SweepRequest{NetworkIDs: []string{"N9"}}, botsweep.ENOTFOUND},
		{"no networks", moderation.SweepRequest{}, botsweep.EINVALID},
		{"ids and all", moderation.SweepRequest{NetworkIDs: []string{"N1"}, All: true}, botsweep.EINVALID},
		{"bad reason", moderation.SweepRequest{NetworkIDs: []string{"N1"}, Reason: "Platform Manipulation"}, botsweep.EINVALID},
		{"no actor", moderation.SweepRequest{NetworkIDs: []string{"N1"}, Actor: " "}, botsweep.EINVALID},
		{"backdated", moderation.SweepRequest{NetworkIDs: []string{"N1"}, At: t0.Add(-time.Hour)}, botsweep.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, moderation.Options{})
			if _, err := f.log.Comment(context.Background(), moderation.ActionRequest{Account: "x", Actor: "a", Note: "first"}); err != nil {
				t.Fatal(err)
			}
			r := tt.req
			if r.Reason == "" {
				r.Reason = botsweep.ReasonPlatformManipulation
			}
			if r.Actor == "" {
				r.Actor = "analyst-1"
			}
			_, err := f.log.Sweep(context.Background(), r)
			wantCode(t, err, tt.code)
			if f.log.Len() != 1 || len(f.mem.Events) != 1 {
				t.Fatalf("a refused sweep wrote events")
			}
		})
	}
}

func TestSweepAppendFailureChangesNothing(t *testing.T) {
	f := newFixture(t, moderation.Options{})
	f.mem.Fail = errors.New("disk on fire")
	_, err := f.log.Sweep(context.Background(), moderation.SweepRequest{NetworkIDs: []string{"N1"}, Reason: "platform-manipulation", Actor: "a"})
	wantCode(t, err, botsweep.EINTERNAL)
	if f.log.Len() != 0 || f.log.Status("a1") != botsweep.StatusActive || len(f.log.Sweeps()) != 0 {
		t.Fatal("state changed after a failed append")
	}
	// and the next attempt works, with a contiguous chain
	sweep(t, f.log, moderation.SweepRequest{NetworkIDs: []string{"N1"}})
	if r, _ := f.log.Verify(context.Background()); !r.OK {
		t.Fatalf("verify: %+v", r.Problems)
	}
}

func TestConflicts(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		do   func(l *moderation.Log) error
		code string
	}{
		{"suspend a suspended account", func(l *moderation.Log) error {
			_, err := l.Suspend(ctx, moderation.ActionRequest{Account: "a1", Actor: "x", Reason: "spam"})
			return err
		}, botsweep.ECONFLICT},
		{"reinstate an active account", func(l *moderation.Log) error {
			_, err := l.Reinstate(ctx, moderation.ActionRequest{Account: "zz", Actor: "x"})
			return err
		}, botsweep.ECONFLICT},
		{"appeal for an account the log does not know", func(l *moderation.Log) error {
			_, err := l.FileAppeal(ctx, moderation.AppealRequest{Account: "zz", Actor: "x"})
			return err
		}, botsweep.ENOTFOUND},
		{"appeal for a reinstated account", func(l *moderation.Log) error {
			if _, err := l.Reinstate(ctx, moderation.ActionRequest{Account: "a1", Actor: "x"}); err != nil {
				return err
			}
			_, err := l.FileAppeal(ctx, moderation.AppealRequest{Account: "a1", Actor: "x"})
			return err
		}, botsweep.ECONFLICT},
		{"second open appeal", func(l *moderation.Log) error {
			if _, err := l.FileAppeal(ctx, moderation.AppealRequest{Account: "a1", Actor: "x"}); err != nil {
				return err
			}
			_, err := l.FileAppeal(ctx, moderation.AppealRequest{Account: "a1", Actor: "x"})
			return err
		}, botsweep.ECONFLICT},
		{"resolve without an appeal", func(l *moderation.Log) error {
			_, err := l.ResolveAppeal(ctx, moderation.ResolveRequest{Account: "a1", Actor: "x", Outcome: "upheld"})
			return err
		}, botsweep.ECONFLICT},
		{"unknown outcome", func(l *moderation.Log) error {
			_, err := l.ResolveAppeal(ctx, moderation.ResolveRequest{Account: "a1", Actor: "x", Outcome: "maybe"})
			return err
		}, botsweep.EINVALID},
		{"suspend without reason", func(l *moderation.Log) error {
			_, err := l.Suspend(ctx, moderation.ActionRequest{Account: "zz", Actor: "x"})
			return err
		}, botsweep.EINVALID},
		{"comment without note", func(l *moderation.Log) error {
			_, err := l.Comment(ctx, moderation.ActionRequest{Account: "zz", Actor: "x"})
			return err
		}, botsweep.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, moderation.Options{})
			sweep(t, f.log, moderation.SweepRequest{NetworkIDs: []string{"N1"}})
			n := f.log.Len()
			err := tt.do(f.log)
			wantCode(t, err, tt.code)
			if tt.name != "second open appeal" && tt.name != "appeal for a reinstated account" && f.log.Len() != n {
				t.Fatalf("refused action wrote events")
			}
		})
	}
}

func TestAppeals(t *testing.T) {
	tests := []struct {
		name       string
		outcome    string
		wantStatus botsweep.Status
		wantEvents int // written by the resolution
	}{
		{"upheld", botsweep.OutcomeUpheld, botsweep.StatusSuspended, 1},
		{"reinstated", botsweep.OutcomeReinstated, botsweep.StatusActive, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, moderation.Options{})
			ctx := context.Background()
			sweep(t, f.log, moderation.SweepRequest{NetworkIDs: []string{"N1"}})
			f.clock.Advance(48 * time.Hour)
			ev, err := f.log.FileAppeal(ctx, moderation.AppealRequest{Account: "a3", Actor: "a3-owner", Note: "I am a nurse"})
			if err != nil {
				t.Fatal(err)
			}
			if ev.Kind != botsweep.EventAppealFiled || ev.NetworkID != "N1" || ev.Reason != botsweep.ReasonPlatformManipulation {
				t.Errorf("appeal event = %+v", ev)
			}
			if as := f.log.Appeals(); len(as) != 1 || as[0].AccountID != "a3" || as[0].SweepID != "sweep-1" {
				t.Errorf("appeals = %+v", as)
			}
			f.clock.Advance(time.Hour)
			evs, err := f.log.ResolveAppeal(ctx, moderation.ResolveRequest{Account: "a3", Actor: "reviewer", Outcome: tt.outcome})
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != tt.wantEvents || evs[0].Outcome != tt.outcome {
				t.Errorf("resolution events = %+v", evs)
			}
			for _, l := range []*moderation.Log{f.log, f.reopen(t)} {
				if got := l.Status("a3"); got != tt.wantStatus {
					t.Errorf("status %s, want %s", got, tt.wantStatus)
				}
				if l.AppealOpen("a3") || len(l.Appeals()) != 0 {
					t.Errorf("appeal still open")
				}
				if h := l.History("a3"); len(h) != 2+tt.wantEvents {
					t.Errorf("history has %d events", len(h))
				}
			}
			if tt.outcome == botsweep.OutcomeReinstated {
				// the account can be suspended again, and appeal again
				if _, err := f.log.Suspend(ctx, moderation.ActionRequest{Account: "a3", Actor: "x", Reason: "spam"}); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestBreaker(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		opts      moderation.Options
		first     []string      // networks swept first (must pass)
		gap       time.Duration // clock advance before the second
		second    []string
		override  bool
		dryRun    bool
		wantCode  string
		wantTrips string // "sweep", "day" or ""
	}{
		{name: "under the caps", opts: moderation.Options{MaxPerSweep: 5, MaxPerDay: 10}, second: []string{"N1"}},
		{name: "per-sweep cap", opts: moderation.Options{MaxPerSweep: 4}, second: []string{"N1"}, wantCode: botsweep.ELIMIT, wantTrips: "sweep"},
		{name: "per-sweep cap overridden", opts: moderation.Options{MaxPerSweep: 4}, second: []string{"N1"}, override: true, wantTrips: "sweep"},
		{name: "per-sweep cap on a dry run", opts: moderation.Options{MaxPerSweep: 4}, second: []string{"N1"}, dryRun: true, wantTrips: "sweep"},
		{name: "per-day cap", opts: moderation.Options{MaxPerDay: 7}, first: []string{"N2"}, gap: 23 * time.Hour, second: []string{"N1"}, wantCode: botsweep.ELIMIT, wantTrips: "day"},
		{name: "per-day window rolls", opts: moderation.Options{MaxPerDay: 7}, first: []string{"N2"}, gap: 24 * time.Hour, second: []string{"N1"}},
		{name: "per-day cap overridden", opts: moderation.Options{MaxPerDay: 7}, first: []string{"N2"}, gap: time.Hour, second: []string{"N1"}, override: true, wantTrips: "day"},
		{name: "no caps", opts: moderation.Options{MaxPerSweep: -1, MaxPerDay: -1}, second: []string{"N1", "N2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			if tt.first != nil {
				sweep(t, f.log, moderation.SweepRequest{NetworkIDs: tt.first})
			}
			f.clock.Advance(tt.gap)
			n := f.log.Len()
			res, err := f.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: tt.second, Reason: "platform-manipulation", Actor: "admin", Override: tt.override, DryRun: tt.dryRun})
			if tt.wantCode != "" {
				wantCode(t, err, tt.wantCode)
				if !strings.Contains(botsweep.ErrorMessage(err), "cap") {
					t.Errorf("message %q does not say which cap", botsweep.ErrorMessage(err))
				}
				if f.log.Len() != n {
					t.Fatal("refused sweep wrote events")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b := res.Breaker
			if got := b.SweepExceeds; got != (tt.wantTrips == "sweep") {
				t.Errorf("sweep cap exceeded = %v", got)
			}
			if got := b.DayExceeded; got != (tt.wantTrips == "day") {
				t.Errorf("day cap exceeded = %v", got)
			}
			if tt.dryRun {
				if res.Refused == "" || f.log.Len() != n {
					t.Errorf("dry run: refused %q, %d events written", res.Refused, f.log.Len()-n)
				}
				return
			}
			sw := f.reopen(t).Sweeps()
			last := sw[len(sw)-1]
			if last.Override != tt.override {
				t.Errorf("sweep override = %v, want %v", last.Override, tt.override)
			}
			if tt.override {
				evs := f.log.Events()
				found := false
				for _, e := range evs[n:] {
					if e.Kind == botsweep.EventComment && e.Reason == moderation.ReasonBreakerOverride && e.Actor == "admin" && strings.Contains(e.Note, "cap") {
						found = true
					}
				}
				if !found {
					t.Error("override not recorded in the log")
				}
			}
		})
	}
	t.Run("individual suspensions count against the day", func(t *testing.T) {
		f := newFixture(t, moderation.Options{MaxPerDay: 2})
		for i, want := range []string{"", "", botsweep.ELIMIT} {
			_, err := f.log.Suspend(ctx, moderation.ActionRequest{Account: fmt.Sprint("x", i), Actor: "a", Reason: "spam"})
			if botsweep.ErrorCode(err) != want {
				t.Fatalf("suspension %d: %v, want %q", i, err, want)
			}
		}
	})
}

// tamper edits a stored log and returns the problems Verify reports.
func TestVerifyTamper(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		tamper func(evs []botsweep.ModEvent) []botsweep.ModEvent
		want   []moderation.Problem // seq and kind; detail ignored
	}{
		{"intact", func(evs []botsweep.ModEvent) []botsweep.ModEvent { return evs }, nil},
		{"altered note", func(evs []botsweep.ModEvent) []botsweep.ModEvent {
			evs[3].Subject = "someone-else"
			return evs
		}, []moderation.Problem{{Seq: 4, Problem: moderation.ProblemAltered}}},
		{"altered and rehashed", func(evs []botsweep.ModEvent) []botsweep.ModEvent {
			evs[3].Reason = "spam"
			evs[3].Hash = moderation.HashEvent(&evs[3])
			return evs
		}, []moderation.Problem{{Seq: 5, Problem: moderation.ProblemBrokenLink}}},
		{"removed from the middle", func(evs []botsweep.ModEvent) []botsweep.ModEvent {
			return append(evs[:2:2], evs[3:]...)
		}, []moderation.Problem{{Seq: 3, Problem: moderation.ProblemRemoved}}},
		{"reordered", func(evs []botsweep.ModEvent) []botsweep.ModEvent {
			evs[2], evs[4] = evs[4], evs[2]
			return evs
		}, []moderation.Problem{{Seq: 3, Problem: moderation.ProblemReordered}, {Seq: 5, Problem: moderation.ProblemReordered}}},
		{"renumbered to hide a removal", func(evs []botsweep.ModEvent) []botsweep.ModEvent {
			evs = append(evs[:2:2], evs[3:]...)
			for i := 2; i < len(evs); i++ {
				evs[i].Seq--
			}
			return evs
		}, []moderation.Problem{{Seq: 3, Problem: moderation.ProblemAltered}, {Seq: 3, Problem: moderation.ProblemBrokenLink}, {Seq: 4, Problem: moderation.ProblemAltered}, {Seq: 5, Problem: moderation.ProblemAltered}}},
		{"duplicated", func(evs []botsweep.ModEvent) []botsweep.ModEvent {
			return append(evs, evs[5])
		}, []moderation.Problem{{Seq: 6, Problem: moderation.ProblemDuplicate}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, moderation.Options{})
			sweep(t, f.log, moderation.SweepRequest{NetworkIDs: []string{"N1"}}) // seqs 1..6
			f.mem.Events = tt.tamper(f.mem.Events)
			r, err := moderation.Verify(ctx, f.mem)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Problems {
				got = append(got, fmt.Sprintf("%d:%s", p.Seq, p.Problem))
				if p.Detail == "" {
					t.Errorf("problem %+v has no detail", p)
				}
			}
			var want []string
			for _, p := range tt.want {
				want = append(want, fmt.Sprintf("%d:%s", p.Seq, p.Problem))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("problems %v, want %v\n%+v", got, want, r.Problems)
			}
			if r.OK != (len(tt.want) == 0) {
				t.Errorf("OK = %v", r.OK)
			}
			_, err = moderation.Open(ctx, f.mem, moderation.Options{})
			if (err == nil) != r.OK {
				t.Errorf("Open on a log with problems = %v", err)
			}
		})
	}
}

// TestHashGolden pins the canonical encoding: changing it breaks every
// published head hash, so it must be deliberate (-update).
func TestHashGolden(t *testing.T) {
	e := botsweep.ModEvent{Seq: 7, Kind: botsweep.EventSuspend, Actor: "analyst-1", At: t0, Reason: botsweep.ReasonPlatformManipulation,
		Subject: "1234", SweepID: "sweep-1", NetworkID: "N1", Evidence: "core member of network N1", Note: "💉 \"quoted\"", PrevHash: moderation.GenesisHash}
	got := fmt.Sprintf("canonical %x\nhash %s\n", moderation.Canonical(&e), moderation.HashEvent(&e))
	path := filepath.Join("testdata", "hash.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got != string(want) {
		t.Errorf("canonical encoding changed:\n got %s\nwant %s", got, want)
	}
}

// TestBreakerCountsEverySource: the day's budget is every suspension the
// log recorded in the last 24 hours by the injected clock, whatever made
// it: a sweep dated to the night of a takedown years ago (as the CLI's
// --at and the demo write), a single suspension, a sweep at the clock's
// time (as the API makes); a reopened log counts the same.
func TestBreakerCountsEverySource(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, moderation.Options{MaxPerDay: -1})
	backdated := f.clock.Now().AddDate(-7, 0, 0)
	r1 := sweep(t, f.log, moderation.SweepRequest{NetworkIDs: []string{"N1"}, At: backdated})
	if got := f.log.UsedToday(); got != len(r1.Sweep.Accounts) {
		t.Fatalf("after a backdated sweep of %d: %d used today", len(r1.Sweep.Accounts), got)
	}
	f.clock.Advance(time.Hour)
	if _, err := f.log.Suspend(ctx, moderation.ActionRequest{Account: "zz", Actor: "x", Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	dry, err := f.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: []string{"N2"}, Reason: "platform-manipulation", Actor: "api", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	want := len(r1.Sweep.Accounts) + 1
	if dry.Breaker.LastDay != want || f.log.UsedToday() != want {
		t.Errorf("breaker counts %d (used today %d), want %d: the backdated sweep and the single suspension", dry.Breaker.LastDay, f.log.UsedToday(), want)
	}
	reopened := f.reopen(t)
	if got := reopened.UsedToday(); got != want {
		t.Errorf("reopened log: %d used today, want %d", got, want)
	}
	if v, err := reopened.Verify(ctx); err != nil || !v.OK {
		t.Errorf("chain after recording times: %+v, %v", v, err)
	}
	f.clock.Advance(23 * time.Hour)
	if got := f.log.UsedToday(); got != 0 {
		t.Errorf("25 hours later: %d used today", got)
	}
}
