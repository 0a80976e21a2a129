package httpapi_test

import (
	"encoding/json"
	"testing"

	"github.com/botsweep/botsweep/httpapi"
)

// TestGraphDrawsEveryLayer: a follower farm, whose members follow the same
// accounts and not each other, is drawn tied to the accounts it follows
// (the follow-set layer), not as unconnected dots.
func TestGraphDrawsEveryLayer(t *testing.T) {
	f := newFixture(t, 0)
	for _, c := range []struct {
		name, network string
		kinds         []string // edge kinds that must be present
		allTied       bool     // every node drawn has at least one tie
	}{
		{"retweet network", "N1", []string{"retweet", "link", "follow-set"}, false},
		{"follower farm", "N2", []string{"follow-set"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, body := f.do(t, viewer, "GET", "/api/networks/"+c.network+"/graph", "")
			var g httpapi.Graph
			if err := json.Unmarshal(body, &g); err != nil {
				t.Fatal(err)
			}
			kinds := map[string]int{}
			tied := map[string]bool{}
			for _, e := range g.Edges {
				kinds[e.Kind]++
				tied[e.Source], tied[e.Target] = true, true
			}
			for _, k := range c.kinds {
				if kinds[k] == 0 {
					t.Errorf("no %s ties drawn: %v", k, kinds)
				}
			}
			loose := 0
			for _, n := range g.Nodes {
				if !tied[n.ID] {
					loose++
				}
			}
			if c.allTied && loose > 0 {
				t.Errorf("%d of %d nodes drawn without a tie (edges %v)", loose, len(g.Nodes), kinds)
			}
		})
	}
}
