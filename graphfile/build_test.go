package graphfile

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect"
	"github.com/botsweep/botsweep/detect/detecttest"
)

func TestFromNetworks(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			ctx := context.Background()
			d, labels := detecttest.MiniWorld(seed)
			now := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
			res, err := detect.Run(ctx, d, detect.Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			g, err := FromNetworks(ctx, d, res.Networks, BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Validate(); err != nil {
				t.Fatal(err)
			}
			members := map[string]botsweep.Member{}
			group := map[string]string{}
			for _, n := range res.Networks {
				for _, m := range n.Members {
					if _, dup := members[m.AccountID]; !dup {
						members[m.AccountID], group[m.AccountID] = m, n.ID
					}
				}
			}
			if len(g.Nodes) != len(members) {
				t.Fatalf("%d nodes for %d members", len(g.Nodes), len(members))
			}
			for _, n := range g.Nodes {
				m := members[n.ID]
				if n.Group != group[n.ID] || n.Role != string(m.Role) || n.Handle != m.ScreenName || n.Verdict == "" {
					t.Errorf("node %+v does not carry member %+v of %s", n, m, group[n.ID])
				}
			}
			// The planted network retweets the same posts within seconds:
			// its members must be tied by co-retweet edges.
			coRetweet := 0
			for _, e := range g.Edges {
				sum := 0.0
				for _, w := range e.Layers {
					sum += w
				}
				if sum != e.Weight || e.Weight <= 0 {
					t.Errorf("edge %s-%s: weight %g, layers %v", e.Source, e.Target, e.Weight, e.Layers)
				}
				if labels[e.Source] == "retweet-network" && labels[e.Target] == "retweet-network" && e.Layers[0] >= 2 {
					coRetweet++
				}
			}
			if coRetweet == 0 {
				t.Errorf("no co-retweet edge inside the planted network among %d edges", len(g.Edges))
			}
		})
	}
}
