package detect

import (
	"context"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect/detecttest"
)

// flagged returns, per label, how many accounts were flagged and the largest
// number of them in one network.
// flaggedByLabel counts the enforcement candidates (members of inauthentic
// networks) by label, and the most of each label in one network.
func flaggedByLabel(nets []botsweep.Network, labels map[string]string) (map[string]int, map[string]int) {
	count := map[string]int{}
	best := map[string]int{}
	for _, n := range nets {
		if !Enforceable(&n) {
			continue // coordinated groups are reported, not flagged
		}
		in := map[string]int{}
		for _, m := range n.Members {
			l := labels[m.AccountID]
			count[l]++
			in[l]++
		}
		for l, k := range in {
			best[l] = max(best[l], k)
		}
	}
	return count, best
}

func TestRunMiniWorld(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		d, labels := detecttest.MiniWorld(seed)
		res, err := Run(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		count, best := flaggedByLabel(res.Networks, labels)
		t.Logf("seed %d: %d networks, flagged %v, best %v, stats %+v", seed, len(res.Networks), count, best, res.Stats)
		if best["retweet-network"] < 19 {
			t.Errorf("seed %d: retweet network: %d of 20 in one network", seed, best["retweet-network"])
		}
		if best["follower-farm"] < 23 {
			t.Errorf("seed %d: farm: %d of 25 in one network", seed, best["follower-farm"])
		}
		if count["organic"] > 0 || count["campaign"] > 0 || count["prominent"] > 0 {
			t.Errorf("seed %d: false positives: %v", seed, count)
		}
		if count["retweet-network-associated"] != 2 {
			t.Errorf("seed %d: associated: %d of 2 flagged", seed, count["retweet-network-associated"])
		}
		for _, n := range res.Networks {
			for _, m := range n.Members {
				if m.AccountID == "amp" {
					t.Errorf("the amplified account is a member of %s", n.ID)
				}
			}
		}
	}
}

func TestCampaignPostsNeverEvidence(t *testing.T) {
	d, labels := detecttest.MiniWorld(1)
	w, err := load(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if w.excludedPosts != 112 {
		t.Errorf("excluded %d campaign posts, want 112 (40 originals, 72 retweets)", w.excludedPosts)
	}
	for name, shares := range map[string][]Share{"retweet": w.retweetShares, "url": w.urlShares, "domain": w.domainShares, "hashtag": w.tagShares} {
		for _, s := range shares {
			if labels[w.acct.names[s.Account]] == "campaign" {
				t.Fatalf("%s trace holds a campaign share by %s", name, w.acct.names[s.Account])
			}
		}
	}
	// Outside its window the same posts are evidence like any other.
	d.Campaigns[0].Starts = d.Campaigns[0].Starts.AddDate(1, 0, 0)
	d.Campaigns[0].Ends = d.Campaigns[0].Ends.AddDate(1, 0, 0)
	w, _ = load(context.Background(), d)
	if w.excludedPosts != 0 {
		t.Errorf("campaign outside its window excluded %d posts", w.excludedPosts)
	}
}

func TestHooks(t *testing.T) {
	d, _ := detecttest.MiniWorld(2)
	called := 0
	res, err := Run(context.Background(), d, Options{
		Window:    -1, // estimate
		BotScores: func(id string) (float64, bool) { return 0.9, id != "b0" },
		Attribute: func(_ context.Context, n *botsweep.Network) error {
			called++
			n.Attribution = append(n.Attribution, botsweep.AttributionCandidate{Operation: "op"})
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if called != len(res.Networks) || called == 0 {
		t.Errorf("Attribute called %d times for %d networks", called, len(res.Networks))
	}
	if res.Window != res.EstimatedWindow || res.Window <= 0 {
		t.Errorf("window %s, estimated %s", res.Window, res.EstimatedWindow)
	}
	for _, n := range res.Networks {
		for _, m := range n.Members {
			if (m.BotScore == nil) != (m.AccountID == "b0") {
				t.Errorf("member %s bot score %v", m.AccountID, m.BotScore)
			}
		}
	}
}

func TestNetworkIDStable(t *testing.T) {
	a := networkID([]string{"3", "1", "2"})
	b := networkID([]string{"1", "2", "3"})
	c := networkID([]string{"1", "2", "4"})
	if a != b || a == c || len(a) != len("net-")+12 {
		t.Errorf("ids %s %s %s", a, b, c)
	}
}
