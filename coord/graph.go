package coord

import (
	"strconv"

	"github.com/botsweep/botsweep/graphfile"
)

// LayerCoShare names the coordinated network's one edge layer: the number
// of coordinated share pairs, CooRTweet's edge weight.
const LayerCoShare = "co-share"

// Graph returns the coordinated network for graphfile's writers: a node per
// account with its group number, an edge per tied pair weighted by its
// coordinated share pairs. decorate, when not nil, fills in what the share
// table does not know (verdict, role, handle, scores).
func (r *Result) Graph(decorate func(*graphfile.Node)) *graphfile.Graph {
	g := &graphfile.Graph{Layers: []string{LayerCoShare}}
	for _, m := range r.Groups() {
		n := graphfile.Node{ID: r.t.Account(m.Account), Group: strconv.Itoa(m.Group)}
		if decorate != nil {
			decorate(&n)
		}
		g.Nodes = append(g.Nodes, n)
	}
	for _, e := range r.Edges() {
		w := float64(e.Weight)
		g.Edges = append(g.Edges, graphfile.Edge{Source: r.t.Account(e.A), Target: r.t.Account(e.B), Weight: w, Layers: []float64{w}})
	}
	g.Sort()
	return g
}
