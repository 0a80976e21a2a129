package detect

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// componentWorld is a share table of items retweeted by a crowd at its own
// pace (spread over hours), in which a tight group of k accounts retweets
// `together` of the items within seconds of each other and a paced group
// of k accounts retweets as many items at the crowd's pace. It returns the
// data and the two groups' account ids.
func componentWorld(seed uint64, k, together int) (*botsweep.Dataset, []string, []string) {
	rng := rand.New(rand.NewPCG(seed, 13))
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	ds := &botsweep.Dataset{}
	n := 0
	share := func(acct, item string, at time.Time) {
		n++
		ds.Posts = append(ds.Posts, botsweep.Post{ID: fmt.Sprintf("s%d", n), AccountID: acct, Kind: botsweep.KindRetweet, CreatedAt: at, RetweetOf: item})
	}
	items := 40 + rng.IntN(40)
	crowd := 200 + rng.IntN(200)
	itemTime := func(i int) time.Time { return start.Add(time.Duration(i) * 3 * time.Hour) }
	paced := func(i int) time.Time { return itemTime(i).Add(time.Duration(rng.IntN(6*3600)) * time.Second) }
	for i := range items {
		for c := range crowd {
			if rng.IntN(10) == 0 {
				share(fmt.Sprintf("crowd%d", c), fmt.Sprintf("item%d", i), paced(i))
			}
		}
	}
	var tight, slow []string
	for m := range k {
		tight = append(tight, fmt.Sprintf("tight%d", m))
		slow = append(slow, fmt.Sprintf("paced%d", m))
	}
	for j := range together {
		i := rng.IntN(items)
		at := paced(i)
		for _, a := range tight {
			share(a, fmt.Sprintf("item%d", i), at.Add(time.Duration(rng.IntN(10))*time.Second))
		}
		for _, a := range slow {
			share(a, fmt.Sprintf("item%d", (i+j+1)%items), paced((i+j+1)%items))
		}
	}
	return ds, tight, slow
}

// TestComponentGroups checks that a component whose members share within
// seconds of each other, where the rest of the crowd takes hours, is
// reported as a coordinated group with its significance, and that a
// component of accounts sharing at the crowd's pace is set aside as
// explained by chance, at several seeds and sizes.
func TestComponentGroups(t *testing.T) {
	for _, c := range []struct {
		name      string
		seed      uint64
		k, items  int
		wantTight bool // the tight group is reported
	}{
		{"pair sharing once: one coincidence is not beyond chance", 1, 2, 1, false},
		{"pair sharing three times", 1, 2, 3, true},
		{"three sharing three times", 2, 3, 3, true},
		{"ten sharing five times", 3, 10, 5, true},
		{"forty sharing four times", 4, 40, 4, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds, tight, paced := componentWorld(c.seed, c.k, c.items)
			comps := &Components{Definition: "test", Pairs: 1, Groups: [][]string{tight, paced}, PairsOf: map[string]int{tight[0]: 3}}
			var gotWindow time.Duration
			res, err := Run(context.Background(), ds, Options{Components: func(_ context.Context, w time.Duration) (*Components, error) {
				gotWindow = w
				return comps, nil
			}})
			if err != nil {
				t.Fatal(err)
			}
			if gotWindow != 60*time.Second {
				t.Errorf("components asked at window %s, want the co-retweet window 1m0s", gotWindow)
			}
			g := res.Stats.Groups
			if g == nil || g.Components != 2 || g.Accounts != 2*c.k {
				t.Fatalf("group stats %+v, want 2 components of %d accounts", g, 2*c.k)
			}
			var reported []botsweep.Network
			for _, n := range res.Networks {
				if n.Verdict != botsweep.VerdictCoordinated || n.Evidence.Coordination == nil {
					t.Fatalf("network %s judged %q (coordination %v): component groups are coordinated only", n.ID, n.Verdict, n.Evidence.Coordination)
				}
				reported = append(reported, n)
			}
			if !c.wantTight {
				if len(reported) != 0 || g.FailedNull != 2 {
					t.Errorf("%d groups reported (stats %+v), want none", len(reported), g)
				}
				return
			}
			// The tight accounts are reported once: as the component's
			// group, or in clustering's own network when it found them
			// (stage 1 has no volume bar: ten accounts sharing five items
			// within seconds, where the crowd takes hours, are coordinated
			// beyond chance whatever their number).
			if g.FailedNull != 1 || g.FailedNullAccounts != c.k || g.Reported+min(g.InNetworks, 1) != 1 {
				t.Fatalf("stats %+v, want the paced component set aside and the tight one reported once", g)
			}
			if tightReported(reported, tight, paced) != c.k {
				t.Fatalf("%d groups reported (stats %+v), want the %d tight accounts and no paced one", len(reported), g, c.k)
			}
			if g.Reported == 0 {
				return
			}
			n := reported[0]
			if n.Size != c.k || n.Members[0].AccountID != tight[0] {
				t.Errorf("reported group %v, want %v", n.Members, tight)
			}
			co := n.Evidence.Coordination
			if co.Significance < 3 || co.Lift < 2.5 {
				t.Errorf("tight group's test %+v, want significance >= 3 and lift >= 2.5", *co)
			}
			if n.Members[0].Reasons[0] != "3 coordinated share pairs (test)" {
				t.Errorf("member reason %q", n.Members[0].Reasons[0])
			}
			t.Logf("tight %+v; set aside %+v", *co, g.Failed)
		})
	}
}

// TestComponentGroupsOff checks that without Components there are no
// group statistics and no component groups: what is reported is
// clustering's, the tight accounts only.
func TestComponentGroupsOff(t *testing.T) {
	ds, tight, paced := componentWorld(5, 10, 5)
	res, err := Run(context.Background(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Groups != nil {
		t.Errorf("stats %+v; want none without Components", res.Stats.Groups)
	}
	for _, n := range res.Networks {
		if strings.Contains(n.Summary, "co-share component") {
			t.Errorf("network %s is a component group without Components: %s", n.ID, n.Summary)
		}
	}
	if k := tightReported(res.Networks, tight, paced); k != 0 && k != len(tight) {
		t.Errorf("%d of %d tight accounts reported (or a paced one), want all or none", k, len(tight))
	}
}

// tightReported counts the tight accounts in nets, or returns -1 when a
// paced account is in one.
func tightReported(nets []botsweep.Network, tight, paced []string) int {
	k := 0
	for _, n := range nets {
		for _, m := range n.Members {
			switch {
			case slices.Contains(paced, m.AccountID):
				return -1
			case slices.Contains(tight, m.AccountID):
				k++
			}
		}
	}
	return k
}
