package graphfile

import (
	"context"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect"
)

// The layers FromNetworks computes, in Graph.Layers order.
var networkLayers = []string{detect.LayerCoRetweet, detect.LayerCoLink, detect.LayerCoDomain, "follow"}

// BuildOptions configure FromNetworks. Zero values take the defaults of
// botsweep detect.
type BuildOptions struct {
	// Window is the co-retweet window. Default 60 s.
	Window time.Duration
	// LinkWindow is the co-link and co-domain window. Default 10 min.
	LinkWindow time.Duration
	// MinItems is the fewest items two accounts must have co-shared in a
	// layer for that layer to tie them. Default 2.
	MinItems int
}

// FromNetworks builds the coordination network of detected networks from
// the records in src: a node per member (the first network listing an
// account wins), and edges between members weighted per layer by the
// number of distinct posts both retweeted (co-retweet), URLs and domains
// both shared (co-link, co-domain) within the window, and follows between
// them (1 or 2, one per direction). Weight is the layers' sum. Every pair
// of members is considered, so the cost grows with the square of the
// largest group of members that co-shared one item.
func FromNetworks(ctx context.Context, src botsweep.Source, nets []botsweep.Network, opts BuildOptions) (*Graph, error) {
	if opts.Window <= 0 {
		opts.Window = 60 * time.Second
	}
	if opts.LinkWindow <= 0 {
		opts.LinkWindow = 10 * time.Minute
	}
	if opts.MinItems <= 0 {
		opts.MinItems = 2
	}
	g := &Graph{Layers: networkLayers}
	dense := map[string]int32{}
	for _, n := range nets {
		verdict := n.Verdict
		if verdict == "" {
			verdict = botsweep.VerdictInauthentic // stored before verdicts existed
		}
		for _, m := range n.Members {
			if _, dup := dense[m.AccountID]; dup {
				continue
			}
			dense[m.AccountID] = int32(len(g.Nodes))
			g.Nodes = append(g.Nodes, Node{ID: m.AccountID, Handle: m.ScreenName, Group: n.ID,
				Verdict: string(verdict), Role: string(m.Role), Score: m.Score, BotScore: m.BotScore})
		}
	}
	// One pass over the posts collects the members' shares per layer.
	var shares [3][]detect.Share
	items := [3]map[string]int32{{}, {}, {}}
	add := func(layer int, item string, acc int32, at time.Time) {
		id, ok := items[layer][item]
		if !ok {
			id = int32(len(items[layer]))
			items[layer][item] = id
		}
		shares[layer] = append(shares[layer], detect.Share{Item: id, Account: acc, Time: at.Unix()})
	}
	err := src.EachPost(ctx, func(p *botsweep.Post) error {
		acc, ok := dense[p.AccountID]
		if !ok {
			return nil
		}
		if p.Kind == botsweep.KindRetweet && p.RetweetOf != "" {
			add(0, p.RetweetOf, acc, p.CreatedAt)
		}
		for _, u := range p.URLs {
			add(1, u, acc, p.CreatedAt)
		}
		for _, d := range p.Domains {
			add(2, d, acc, p.CreatedAt)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	type pair struct{ a, b int32 }
	weights := map[pair][]float64{}
	tie := func(a, b int32, layer int, w float64) {
		if a > b {
			a, b = b, a
		}
		ws, ok := weights[pair{a, b}]
		if !ok {
			ws = make([]float64, len(networkLayers))
			weights[pair{a, b}] = ws
		}
		ws[layer] += w
	}
	for layer, win := range []time.Duration{opts.Window, opts.LinkWindow, opts.LinkWindow} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, e := range detect.CoShareEdges(shares[layer], win, opts.MinItems) {
			tie(e.A, e.B, layer, float64(e.Items))
		}
	}
	err = src.EachFollow(ctx, func(f botsweep.Follow) error {
		a, okA := dense[f.Follower]
		b, okB := dense[f.Followee]
		if okA && okB && a != b {
			tie(a, b, len(networkLayers)-1, 1)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for p, ws := range weights {
		total := 0.0
		for _, w := range ws {
			total += w
		}
		g.Edges = append(g.Edges, Edge{Source: g.Nodes[p.a].ID, Target: g.Nodes[p.b].ID, Weight: total, Layers: ws})
	}
	g.Sort()
	return g, nil
}
