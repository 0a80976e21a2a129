package impact_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/impact"
	"github.com/botsweep/botsweep/internal/testutil"
	"github.com/botsweep/botsweep/moderation"
)

var t0 = time.Date(2019, 12, 22, 23, 0, 0, 0, time.UTC)

// testWorld is a small world: organic accounts o0..o{n-1}, three prominent
// accounts of different camps, and two networks of fakes that follow the
// prominent accounts at different rates (realDonaldTrump most).
type testWorld struct {
	ds    *botsweep.Dataset
	nets  []botsweep.Network
	fake  map[string]bool
	clock *testutil.Clock
	mem   *moderation.MemoryLog
	log   *moderation.Log
}

func newWorld(t testing.TB, organic, fakes int, seed uint64) *testWorld {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	w := &testWorld{ds: &botsweep.Dataset{}, fake: map[string]bool{}}
	add := func(id, name string) {
		w.ds.Account(&botsweep.Account{ID: id, ScreenName: name, CreatedAt: t0.AddDate(-3, 0, 0)})
	}
	prominent := []string{"realDonaldTrump", "BarackObama", "jack"}
	for i, p := range prominent {
		add(fmt.Sprint(1000+i), p)
	}
	var ids []string
	for i := 0; i < organic; i++ {
		id := fmt.Sprint("o", i)
		add(id, fmt.Sprint("person", i))
		ids = append(ids, id)
	}
	seen := map[botsweep.Follow]bool{}
	follow := func(a, b string) {
		f := botsweep.Follow{Follower: a, Followee: b}
		if a == b || seen[f] {
			return
		}
		seen[f] = true
		w.ds.Follow(f)
	}
	for _, a := range ids {
		for k := 0; k < 8; k++ {
			follow(a, ids[rng.IntN(len(ids))])
		}
		for i := range prominent {
			if rng.Float64() < 0.5 {
				follow(a, fmt.Sprint(1000+i))
			}
		}
	}
	// fakes: fN0..: first half network N1 (with 5 associated), rest N2.
	n1 := botsweep.Network{ID: "N1", Score: 0.95}
	n2 := botsweep.Network{ID: "N2", Score: 0.9}
	rates := []float64{0.8, 0.2, 0.1} // realDonaldTrump, BarackObama, jack
	for i := 0; i < fakes; i++ {
		id := fmt.Sprint("f", i)
		add(id, fmt.Sprint("bot", i))
		w.fake[id] = true
		m := botsweep.Member{AccountID: id, ScreenName: fmt.Sprint("bot", i), Role: botsweep.RoleCore, Reasons: []string{"co-retweet"}}
		if i%10 == 9 {
			m.Role = botsweep.RoleAssociated
		}
		if i < fakes/2 {
			n1.Members = append(n1.Members, m)
		} else {
			n2.Members = append(n2.Members, m)
		}
		for p, r := range rates {
			if rng.Float64() < r {
				follow(id, fmt.Sprint(1000+p))
			}
		}
		for k := 0; k < 5; k++ {
			follow(id, ids[rng.IntN(len(ids))])
		}
		follow(fmt.Sprint("f", (i+1)%fakes), id) // fakes follow each other
	}
	w.nets = []botsweep.Network{n1, n2}
	w.clock = testutil.NewClock(t0)
	w.mem = &moderation.MemoryLog{}
	var err error
	w.log, err = moderation.Open(context.Background(), w.mem, moderation.Options{Now: w.clock.Now, Networks: moderation.StaticNetworks(w.nets), MaxPerSweep: -1, MaxPerDay: -1})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// history runs a realistic history: sweep N1 core, suspend one organic
// account alone, sweep N2 with associated, then reinstate two N1 members on
// appeal and the organic account.
func (w *testWorld) history(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := w.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: []string{"N1"}, Reason: "platform-manipulation", Actor: "a"})
	must(err)
	w.clock.Advance(time.Hour)
	_, err = w.log.Suspend(ctx, moderation.ActionRequest{Account: "o3", Actor: "a", Reason: "spam"})
	must(err)
	w.clock.Advance(24 * time.Hour)
	_, err = w.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: []string{"N2", "N1"}, WithAssociated: true, Reason: "platform-manipulation", Actor: "a"})
	must(err)
	w.clock.Advance(24 * time.Hour)
	for _, a := range []string{"f0", "f1"} {
		_, err = w.log.FileAppeal(ctx, moderation.AppealRequest{Account: a, Actor: a})
		must(err)
		_, err = w.log.ResolveAppeal(ctx, moderation.ResolveRequest{Account: a, Actor: "r", Outcome: "reinstated"})
		must(err)
	}
	_, err = w.log.Reinstate(ctx, moderation.ActionRequest{Account: "o3", Actor: "r"})
	must(err)
}

// statusAt replays events with seq < upTo (0: all) into the suspended set.
func statusAt(evs []botsweep.ModEvent, upTo uint64) map[string]bool {
	s := map[string]bool{}
	for _, e := range evs {
		if upTo != 0 && e.Seq >= upTo {
			break
		}
		switch e.Kind {
		case botsweep.EventSuspend:
			s[e.Subject] = true
		case botsweep.EventReinstate:
			delete(s, e.Subject)
		}
	}
	return s
}

// direct counts x's followers not in suspended, straight from the follows.
func direct(ds *botsweep.Dataset, x string, suspended map[string]bool) int64 {
	var n int64
	for _, f := range ds.Follows {
		if f.Followee == x && !suspended[f.Follower] {
			n++
		}
	}
	return n
}

// checkAgainstDirectCount compares every account's recount with a direct
// count over the follow graph, overall and per sweep.
func checkAgainstDirectCount(t *testing.T, w *testWorld) {
	t.Helper()
	ctx := context.Background()
	evs := w.log.Events()
	now := statusAt(evs, 0)
	sweeps := w.log.Sweeps()
	first := map[string]uint64{}
	for _, e := range evs {
		if e.SweepID != "" && first[e.SweepID] == 0 {
			first[e.SweepID] = e.Seq
		}
	}
	for _, a := range w.ds.Accounts {
		got, err := impact.Account(ctx, w.ds, w.log, a.ID, impact.Options{})
		if err != nil {
			t.Fatal(err)
		}
		before, after := direct(w.ds, a.ID, nil), direct(w.ds, a.ID, now)
		if got.FollowersBefore != before || got.FollowersAfter != after || got.Lost != before-after || got.Account != a.ScreenName {
			t.Fatalf("%s: recount %+v, direct before %d after %d", a.ID, got, before, after)
		}
		if len(got.BySweep) != len(sweeps) {
			t.Fatalf("%s: %d sweeps, want %d", a.ID, len(got.BySweep), len(sweeps))
		}
		for k, s := range sweeps {
			pre := statusAt(evs, first[s.ID])
			wantBefore := direct(w.ds, a.ID, pre)
			removed := map[string]bool{}
			for _, m := range s.Accounts {
				removed[m] = true
			}
			var wantRemoved, wantStill int64
			for _, f := range w.ds.Follows {
				if f.Followee == a.ID && removed[f.Follower] {
					wantRemoved++
					if now[f.Follower] {
						wantStill++
					}
				}
			}
			b := got.BySweep[k]
			if b.SweepID != s.ID || b.FollowersBefore != wantBefore || b.Removed != wantRemoved || b.FollowersAfter != wantBefore-wantRemoved || b.StillRemoved != wantStill {
				t.Fatalf("%s %s: %+v, want before %d removed %d still %d", a.ID, s.ID, b, wantBefore, wantRemoved, wantStill)
			}
		}
	}
}

func TestImpactEqualsDirectCount(t *testing.T) {
	tests := []struct {
		name           string
		organic, fakes int
		seed           uint64
		history        bool
	}{
		{"no sweeps", 60, 20, 1, false},
		{"sweeps, suspension, appeals", 120, 60, 2, true},
		{"more fakes than people", 40, 120, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.organic, tt.fakes, tt.seed)
			if tt.history {
				w.history(t)
			}
			checkAgainstDirectCount(t, w)
		})
	}
}

func TestReinstatementRestoresExactly(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 100, 50, 4)
	before := map[string]int64{}
	for _, a := range w.ds.Accounts {
		before[a.ID] = direct(w.ds, a.ID, nil)
	}
	w.history(t)
	for _, id := range w.log.Suspended() {
		if _, err := w.log.Reinstate(ctx, moderation.ActionRequest{Account: id, Actor: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range w.ds.Accounts {
		got, err := impact.Account(ctx, w.ds, w.log, a.ScreenName, impact.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got.FollowersAfter != before[a.ID] || got.Lost != 0 {
			t.Fatalf("%s after reinstating everyone: %+v, want %d followers", a.ID, got, before[a.ID])
		}
	}
	r, err := impact.Compute(ctx, w.ds, w.log, impact.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Totals.FollowsRemoved != 0 || r.Totals.AccountsAffected != 0 || len(r.TopAbsolute) != 0 {
		t.Fatalf("report after full reinstatement: %+v", r.Totals)
	}
	checkAgainstDirectCount(t, w)
}

func TestSweepDeltaMatchesRecount(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 100, 60, 5)
	dry, err := w.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: []string{"N1"}, Reason: "platform-manipulation", Actor: "a", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := impact.SweepDelta(ctx, w.ds, w.log, dry.Sweep.Accounts, 5)
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: []string{"N1"}, Reason: "platform-manipulation", Actor: "a"})
	if err != nil {
		t.Fatal(err)
	}
	d2, err := impact.SweepDelta(ctx, w.ds, w.log, res.Sweep.Accounts, 5)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(d) != fmt.Sprint(d2) {
		t.Errorf("dry-run delta %+v differs from the delta after the sweep %+v", d, d2)
	}
	if d.Top[0].Account != "realDonaldTrump" {
		t.Errorf("top loser %s", d.Top[0].Account)
	}
	for _, l := range d.Top {
		a, err := impact.Account(ctx, w.ds, w.log, l.AccountID, impact.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Lost != l.Lost || a.FollowersBefore != l.FollowersBefore || a.FollowersAfter != l.FollowersAfter {
			t.Errorf("delta %+v, recount %+v", l, a)
		}
	}
	var edges int64
	in := map[string]bool{}
	for _, a := range res.Sweep.Accounts {
		in[a] = true
	}
	for _, f := range w.ds.Follows {
		if in[f.Follower] {
			edges++
		}
	}
	if d.FollowsRemoved != edges || d.Accounts != len(res.Sweep.Accounts) {
		t.Errorf("delta %d edges of %d accounts, want %d of %d", d.FollowsRemoved, d.Accounts, edges, len(res.Sweep.Accounts))
	}
}

func TestReport(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 400, 300, 6)
	if _, err := w.log.Sweep(ctx, moderation.SweepRequest{All: true, WithAssociated: true, Reason: "platform-manipulation", Actor: "a"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		opts        impact.Options
		wantFlagged string
	}{
		{"ground truth", impact.Options{Fake: func(id string) bool { return w.fake[id] }, MinFollowers: 20}, "ground truth"},
		{"detected networks", impact.Options{Networks: w.nets, MinFollowers: 20}, "detected networks"},
		{"no reference", impact.Options{MinFollowers: 20}, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := impact.Compute(ctx, w.ds, w.log, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if r.Totals.Sweeps != 1 || r.Totals.SuspendedNow != 300 || len(r.Sweeps) != 1 || r.Sweeps[0].Suspended != 300 {
				t.Errorf("totals %+v sweeps %+v", r.Totals, r.Sweeps)
			}
			if r.TopAbsolute[0].Account != "realDonaldTrump" {
				t.Errorf("top absolute = %s", r.TopAbsolute[0].Account)
			}
			var names []string
			for _, p := range r.Prominent {
				names = append(names, p.Account)
			}
			if strings.Join(names, ",") != "realDonaldTrump,BarackObama,jack" {
				t.Errorf("prominent = %v", names)
			}
			if r.Tracking.Flagged != tt.wantFlagged {
				t.Errorf("flagged = %q", r.Tracking.Flagged)
			}
			all := strings.Join(r.Findings, "\n")
			if !strings.Contains(all, "realDonaldTrump lost more than BarackObama and jack because a larger share of its followers were in the swept networks") {
				t.Errorf("findings do not explain the difference:\n%s", all)
			}
			if tt.wantFlagged != "none" {
				if r.Tracking.CorrFlagged == nil || *r.Tracking.CorrFlagged < 0.99 {
					t.Errorf("corr = %v", r.Tracking.CorrFlagged)
				}
				if r.Tracking.LostNotFlagged != 0 || r.Tracking.FlaggedNotLost != 0 {
					t.Errorf("tracking %+v", r.Tracking)
				}
				if !strings.Contains(r.Tracking.Verdict, "losses track the share of fake followers") {
					t.Errorf("verdict %q", r.Tracking.Verdict)
				}
			}
			// relative ranking is sorted and honours MinFollowers
			if !sort.SliceIsSorted(r.TopRelative, func(i, j int) bool { return r.TopRelative[i].LostShare > r.TopRelative[j].LostShare }) {
				t.Error("relative ranking not sorted")
			}
			for _, a := range r.TopRelative {
				if a.FollowersBefore < 20 || a.Status != botsweep.StatusActive {
					t.Errorf("relative ranking has %+v", a)
				}
			}
		})
	}
}

func TestAccountNotFound(t *testing.T) {
	w := newWorld(t, 10, 4, 7)
	_, err := impact.Account(context.Background(), w.ds, w.log, "nobody", impact.Options{})
	if botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
		t.Fatalf("err = %v", err)
	}
}

// TestSweepsExplainEveryChange: between two sweeps followers are
// reinstated and suspended outside sweeps; every account's per-sweep
// figures chain exactly (before = previous after + reinstated - suspended
// outside sweeps), and now = last after + the changes since.
func TestSweepsExplainEveryChange(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed-", seed), func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, 80, 40, seed)
			must := func(_ any, err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(w.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: []string{"N1"}, Reason: "platform-manipulation", Actor: "a"}))
			w.clock.Advance(time.Hour)
			must(w.log.Reinstate(ctx, moderation.ActionRequest{Account: "f0", Actor: "r"}))
			must(w.log.Suspend(ctx, moderation.ActionRequest{Account: "o3", Actor: "a", Reason: "spam"}))
			w.clock.Advance(time.Hour)
			must(w.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: []string{"N2"}, Reason: "platform-manipulation", Actor: "a"}))
			w.clock.Advance(time.Hour)
			must(w.log.Reinstate(ctx, moderation.ActionRequest{Account: "f1", Actor: "r"}))
			must(w.log.Reinstate(ctx, moderation.ActionRequest{Account: "o3", Actor: "r"}))

			checked, explained := 0, 0
			followees := map[string]bool{}
			for _, f := range w.ds.Follows {
				followees[f.Followee] = true
			}
			for id := range followees {
				a, err := impact.Account(ctx, w.ds, w.log, id, impact.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if len(a.BySweep) != 2 {
					t.Fatalf("%s: %d sweeps", id, len(a.BySweep))
				}
				prev := a.FollowersBefore
				for _, s := range a.BySweep {
					if s.FollowersBefore != prev+s.ReinstatedBefore-s.SuspendedBefore {
						t.Errorf("%s %s: before %d, previous after %d, +%d reinstated -%d suspended", id, s.SweepID, s.FollowersBefore, prev, s.ReinstatedBefore, s.SuspendedBefore)
					}
					if s.ReinstatedBefore+s.SuspendedBefore > 0 {
						explained++
					}
					prev = s.FollowersAfter
				}
				if a.FollowersAfter != prev+a.ReinstatedSinceLastSweep-a.SuspendedSinceLastSweep {
					t.Errorf("%s: now %d, last after %d, +%d reinstated -%d suspended", id, a.FollowersAfter, prev, a.ReinstatedSinceLastSweep, a.SuspendedSinceLastSweep)
				}
				checked++
			}
			if explained == 0 {
				t.Error("no account saw a change between the sweeps: the test does not test")
			}
			t.Logf("%d accounts, %d with changes between sweeps", checked, explained)
		})
	}
}

// TestLosingCountedOnce: the sweep's own figure (SweepDelta, what the CLI
// and the API print), the report's per-sweep figure and its total count
// the same accounts: remaining accounts that lost followers, never the
// swept bots that followed each other.
func TestLosingCountedOnce(t *testing.T) {
	for _, seed := range []uint64{4, 9} {
		t.Run(fmt.Sprint("seed-", seed), func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, 120, 60, seed)
			var printed []int
			for _, nets := range [][]string{{"N1"}, {"N2"}} {
				res, err := w.log.Sweep(ctx, moderation.SweepRequest{NetworkIDs: nets, WithAssociated: true, Reason: "platform-manipulation", Actor: "a"})
				if err != nil {
					t.Fatal(err)
				}
				d, err := impact.SweepDelta(ctx, w.ds, w.log, res.Sweep.Accounts, 5)
				if err != nil {
					t.Fatal(err)
				}
				printed = append(printed, d.AccountsAffected)
				r, err := impact.Compute(ctx, w.ds, w.log, impact.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if len(printed) == 1 && r.Totals.AccountsAffected != d.AccountsAffected {
					t.Errorf("after the first sweep: report total %d, sweep printed %d", r.Totals.AccountsAffected, d.AccountsAffected)
				}
				if !strings.Contains(strings.Join(r.Findings, " "), fmt.Sprintf("%d %s", r.Totals.AccountsAffected, impact.LosingPhrase)) {
					t.Errorf("findings do not word the count as %q: %v", impact.LosingPhrase, r.Findings)
				}
			}
			r, err := impact.Compute(ctx, w.ds, w.log, impact.Options{})
			if err != nil {
				t.Fatal(err)
			}
			// The direct count: remaining followees with a suspended follower.
			susp := statusAt(w.log.Events(), 0)
			want := map[string]bool{}
			for _, f := range w.ds.Follows {
				if susp[f.Follower] && !susp[f.Followee] {
					want[f.Followee] = true
				}
			}
			if r.Totals.AccountsAffected != len(want) {
				t.Errorf("report total %d, direct count %d", r.Totals.AccountsAffected, len(want))
			}
			for k, s := range r.Sweeps {
				if s.AccountsAffected != printed[k] {
					t.Errorf("sweep %s: report %d, the sweep printed %d", s.ID, s.AccountsAffected, printed[k])
				}
			}
		})
	}
}
