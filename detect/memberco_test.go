package detect

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// plantedCrowdTable is a share table (retweets only, no profiles): a crowd
// of ordinary accounts retweets popular items at a human pace (minutes to
// hours after each item appears); bots of one botnet each retweet a random
// 40-90% of a source's posts within a minute of the post; the crowd
// retweets a few of the same source posts at its pace, and `mixed` crowd
// accounts `perMixed` of them (so that some of their retweets fall inside
// the botnet's minute), besides their ordinary items. It returns
// the data, the bots and the mixed crowd accounts.
func plantedCrowdTable(c plantedCase) (*botsweep.Dataset, []string, []string) {
	seed, crowd, bots, posts, mixed, perMixed := c.seed, c.crowd, c.bots, c.posts, c.mixed, c.perMixed
	rng := rand.New(rand.NewPCG(seed, 77))
	start := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	ds, share := retweetTable()
	items := 150
	itemAt := func(i int) time.Time { return start.Add(time.Duration(i) * 53 * time.Minute) }
	postAt := func(p int) time.Time { return start.Add(time.Duration(p)*71*time.Minute + 17*time.Minute) }
	// A human delay: median 10 minutes, lognormal (about 4% within a minute).
	human := func() time.Duration { return time.Duration(5+600*math.Exp(1.3*rng.NormFloat64())) * time.Second }
	for c := range crowd {
		id := fmt.Sprintf("crowd%d", c)
		for i := range items {
			if rng.IntN(8) == 0 {
				share(id, fmt.Sprintf("item%d", i), itemAt(i).Add(human()))
			}
		}
		k := rng.IntN(3) // other crowd accounts retweet a source post now and then
		if c < mixed {
			k = perMixed
		}
		for _, p := range rng.Perm(posts)[:k] {
			share(id, fmt.Sprintf("source_post%d", p), postAt(p).Add(human()))
		}
	}
	var botIDs, mixedIDs []string
	for b := range bots {
		id := fmt.Sprintf("bot%d", b)
		botIDs = append(botIDs, id)
		coverage := 0.4 + 0.5*rng.Float64()
		for p := range posts {
			if rng.Float64() < coverage {
				share(id, fmt.Sprintf("source_post%d", p), postAt(p).Add(time.Duration(5+rng.IntN(55))*time.Second))
			}
		}
	}
	for c := range mixed {
		mixedIDs = append(mixedIDs, fmt.Sprintf("crowd%d", c))
	}
	return ds, botIDs, mixedIDs
}

// plantedCase sizes a planted crowd table (plantedCrowdTable).
type plantedCase struct {
	seed                                uint64
	crowd, bots, posts, mixed, perMixed int
}

// TestMemberCoordination puts crowd accounts that retweeted some of a
// botnet's posts at their own pace into the botnet's cluster and checks
// that each member's own test sends them out and keeps every bot (seeds,
// crowd, botnet and source sizes varied).
func TestMemberCoordination(t *testing.T) {
	for _, c := range []plantedCase{
		{1, 300, 40, 60, 30, 12},
		{2, 500, 120, 40, 60, 20},
		{3, 400, 15, 80, 20, 8},
		{4, 600, 250, 50, 100, 25},
		{5, 350, 60, 120, 10, 40},
	} {
		t.Run(fmt.Sprint(c.seed), func(t *testing.T) {
			ds, bots, mixed := plantedCrowdTable(c)
			w, layers, cls, clustered := piecesOf(t, ds, [][]string{append(append([]string(nil), bots...), mixed...)})
			var opts Options
			opts.defaults()
			got, left := memberCoordination(w, layers, cls, clustered, opts)
			stay := map[string]bool{}
			for _, a := range got[0].members {
				stay[w.acct.names[a]] = true
			}
			for _, id := range bots {
				if !stay[id] {
					t.Errorf("bot %s left its botnet", id)
				}
			}
			for _, id := range mixed {
				if stay[id] {
					t.Errorf("crowd account %s stayed in the botnet", id)
				}
			}
			if left[0] != len(mixed) || got[0].left != len(mixed) {
				t.Errorf("%d (cluster: %d) members left, want the %d crowd accounts", left[0], got[0].left, len(mixed))
			}
			// Switched off, every member stays.
			opts.MemberMinSignificance = -1
			if all, _ := memberCoordination(w, layers, cls, clustered, opts); len(all[0].members) != len(bots)+len(mixed) {
				t.Errorf("disabled: %d members stay, want %d", len(all[0].members), len(bots)+len(mixed))
			}
		})
	}
}

// TestCrowdOutOfBotnet runs detection on planted crowd tables: whatever
// network holds the botnet holds none of the crowd accounts that
// retweeted some of its posts at their own pace, and the botnet is
// enforced whole.
func TestCrowdOutOfBotnet(t *testing.T) {
	for _, c := range []plantedCase{
		{11, 400, 60, 60, 60, 30},
		{12, 600, 150, 45, 80, 30},
		{13, 300, 30, 90, 40, 45},
	} {
		t.Run(fmt.Sprint(c.seed), func(t *testing.T) {
			ds, bots, _ := plantedCrowdTable(c)
			res, err := Run(context.Background(), ds, Options{})
			if err != nil {
				t.Fatal(err)
			}
			flagged := map[string]bool{}
			crowdIn := 0
			for _, n := range res.Networks {
				hasBot := false
				for _, m := range n.Members {
					if strings.HasPrefix(m.AccountID, "bot") {
						hasBot = true
					}
				}
				for _, m := range n.Members {
					if n.Verdict == botsweep.VerdictInauthentic {
						flagged[m.AccountID] = true
					}
					if hasBot && strings.HasPrefix(m.AccountID, "crowd") {
						crowdIn++
					}
				}
			}
			for id := range flagged {
				if strings.HasPrefix(id, "crowd") {
					t.Errorf("crowd account %s enforced", id)
				}
			}
			if crowdIn > 0 {
				t.Errorf("%d crowd accounts in the botnet's networks", crowdIn)
			}
			got := 0
			for _, id := range bots {
				if flagged[id] {
					got++
				}
			}
			t.Logf("seed %d: %d of %d bots enforced, %d networks", c.seed, got, len(bots), len(res.Networks))
			if float64(got) < 0.99*float64(len(bots)) {
				t.Errorf("%d of %d bots enforced", got, len(bots))
			}
		})
	}
}

// TestShareTableCoverage: on a bare share table (no texts, profiles,
// follows or authors) duplicated content, silence and the amplification
// features could not have been seen, so they are unavailable with their
// reason and never counted, whatever the seed and sizes; clockwork
// delays, which need only the items' timing, are measured.
func TestShareTableCoverage(t *testing.T) {
	for _, c := range []plantedCase{
		{21, 400, 60, 60, 30, 20},
		{22, 600, 120, 45, 60, 30},
	} {
		t.Run(fmt.Sprint(c.seed), func(t *testing.T) {
			ds, _, _ := plantedCrowdTable(c)
			res, err := Run(context.Background(), ds, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Networks) == 0 {
				t.Fatal("no networks")
			}
			for _, n := range res.Networks {
				ev := n.Evidence
				for _, name := range []string{FeatDuplicate, FeatSilent, FeatQuietAmp, FeatSharedDelays, FeatProfile, FeatCreation} {
					if _, ok := ev.Features[name]; ok {
						t.Errorf("%s: %s measured (%v) on a share table", n.ID, name, ev.Features[name])
					}
					if slices.Contains(ev.Used, name) {
						t.Errorf("%s: %s counted as evidence", n.ID, name)
					}
					if !slices.ContainsFunc(ev.Unavailable, func(s string) bool { return strings.HasPrefix(s, name+": ") }) {
						t.Errorf("%s: %s not listed as unavailable: %v", n.ID, name, ev.Unavailable)
					}
				}
				if _, ok := ev.Features[FeatClockwork]; !ok {
					t.Errorf("%s: clockwork delays unmeasured: %v", n.ID, ev.Unavailable)
				}
				t.Logf("%s %s size %d: %s", n.ID, n.Verdict, n.Size, ev.Verdict)
			}
		})
	}
}
