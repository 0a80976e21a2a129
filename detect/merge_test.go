package detect

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect/detecttest"
)

// TestFarmWithReadersStaysApart plants, next to the mini world's follower
// farm, four people who follow exactly what the farm follows and retweet
// the amplified account now and then (hours late, never with the network).
// The farm's cluster then has retweets, nearly all of @amp: a rule that
// merged clusters by their retweets' top account alone would fold the farm
// into the retweet network. Only clusters where most members amplify the
// account are merged, so the two stay apart.
func TestFarmWithReadersStaysApart(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		d, labels := detecttest.MiniWorld(seed)
		var amp []botsweep.Post
		for _, p := range d.Posts {
			if p.AccountID == "amp" {
				amp = append(amp, p)
			}
		}
		for i := 0; i < 4; i++ {
			id := fmt.Sprintf("r%d", i)
			_ = d.Account(&botsweep.Account{ID: id, ScreenName: "reader_" + id, CreatedAt: time.Date(2015, 1, 1+i, 0, 0, 0, 0, time.UTC)})
			labels[id] = "organic"
			for k := 0; k < 8; k++ {
				_ = d.Follow(botsweep.Follow{Follower: id, Followee: fmt.Sprintf("o%d", k)})
			}
			_ = d.Follow(botsweep.Follow{Follower: id, Followee: "news"})
			for k := 0; k < 5; k++ {
				o := amp[(i*7+k*5)%len(amp)]
				_ = d.Post(&botsweep.Post{ID: fmt.Sprintf("rt-%s-%d", id, k), AccountID: id, Kind: botsweep.KindRetweet,
					CreatedAt: o.CreatedAt.Add(time.Duration(2+k) * time.Hour), RetweetOf: o.ID, RetweetOfAccount: "amp"})
			}
		}
		res, err := Run(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, best := flaggedByLabel(res.Networks, labels)
		if best["retweet-network"] < 19 || best["follower-farm"] < 23 {
			t.Errorf("seed %d: best in one network %v, want the network (19+ of 20) and the farm (23+ of 25) found", seed, best)
		}
		for _, n := range res.Networks {
			in := map[string]int{}
			for _, m := range n.Members {
				in[labels[m.AccountID]]++
			}
			if in["retweet-network"] > 0 && in["follower-farm"] > 0 {
				t.Errorf("seed %d: %s holds both the retweet network and the farm: %v", seed, n.ID, in)
			}
		}
	}
}
