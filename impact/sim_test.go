package impact_test

import (
	"context"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/impact"
	"github.com/botsweep/botsweep/internal/testutil"
	"github.com/botsweep/botsweep/moderation"
	"github.com/botsweep/botsweep/sim"
)

// TestSimulatedWorld sweeps the simulator's ground-truth networks (the
// retweet network with its associated accounts, and the follower farm) in
// a small globus world, then checks the recount of the prominent accounts
// against a direct count over the follow graph, the purge report's
// explanation, and that reinstating everyone restores every count.
func TestSimulatedWorld(t *testing.T) {
	ctx := context.Background()
	cfg, err := sim.Default("globus")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Scale = 0.05
	var ds botsweep.Dataset
	truth, err := sim.Generate(ctx, cfg, &ds)
	if err != nil {
		t.Fatal(err)
	}
	net := func(id string, labels map[string]botsweep.Role) botsweep.Network {
		n := botsweep.Network{ID: id, Score: 0.9}
		for _, r := range truth.Rows {
			if role, ok := labels[r.Label]; ok {
				n.Members = append(n.Members, botsweep.Member{AccountID: r.AccountID, ScreenName: r.ScreenName, Role: role})
			}
		}
		n.Size = len(n.Members)
		return n
	}
	nets := []botsweep.Network{
		net("retweet-network", map[string]botsweep.Role{sim.LabelNetwork: botsweep.RoleCore, sim.LabelAssociated: botsweep.RoleAssociated}),
		net("follower-farm", map[string]botsweep.Role{sim.LabelFarm: botsweep.RoleCore}),
	}
	clock := testutil.NewClock(cfg.End)
	log, err := moderation.Open(ctx, &moderation.MemoryLog{}, moderation.Options{Now: clock.Now, Networks: moderation.StaticNetworks(nets), MaxPerSweep: -1, MaxPerDay: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := log.Sweep(ctx, moderation.SweepRequest{All: true, WithAssociated: true, Reason: botsweep.ReasonPlatformManipulation, Actor: "trust-and-safety"})
	if err != nil {
		t.Fatal(err)
	}
	swept := map[string]bool{}
	for _, a := range res.Sweep.Accounts {
		swept[a] = true
	}
	idx := truth.Index()
	bot := func(id string) bool { return idx[id].Kind == sim.KindBot }
	r, err := impact.Compute(ctx, &ds, log, impact.Options{Fake: bot})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Prominent) < 3 {
		t.Fatalf("prominent accounts missing from the simulated world: %+v", r.Prominent)
	}
	for _, p := range r.Prominent {
		before, after := direct(&ds, p.AccountID, nil), direct(&ds, p.AccountID, swept)
		if p.FollowersBefore != before || p.FollowersAfter != after {
			t.Errorf("%s: recount %d -> %d, direct count %d -> %d", p.Account, p.FollowersBefore, p.FollowersAfter, before, after)
		}
		t.Logf("%-16s before %6d after %6d lost %5d (%.2f%%), bot followers %.2f%%", p.Account, p.FollowersBefore, p.FollowersAfter, p.Lost, 100*p.LostShare, 100*p.FlaggedShare)
	}
	for _, f := range r.Findings {
		t.Log(f)
	}
	if !strings.Contains(r.Tracking.Verdict, "track") {
		t.Errorf("verdict %q", r.Tracking.Verdict)
	}
	for _, id := range log.Suspended() {
		if _, err := log.Reinstate(ctx, moderation.ActionRequest{Account: id, Actor: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	r2, err := impact.Compute(ctx, &ds, log, impact.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r2.Prominent {
		if p.FollowersAfter != direct(&ds, p.AccountID, nil) || p.Lost != 0 {
			t.Errorf("%s after reinstating everyone: %+v", p.Account, p)
		}
	}
	if r2.Totals.FollowsRemoved != 0 {
		t.Errorf("follows removed after reinstating everyone: %d", r2.Totals.FollowsRemoved)
	}
}
