package detect

import (
	"context"
	"slices"

	"github.com/botsweep/botsweep/graph"
)

// Layer names, as they appear in evidence.
const (
	LayerCoRetweet = "co-retweet"
	LayerCoLink    = "co-link"
	LayerCoDomain  = "co-domain"
	LayerCoHashtag = "co-hashtag-sequence"
	LayerText      = "near-duplicate-text"
	LayerFollow    = "follow-lockstep"
	LayerFollowSet = "follow-set"
	LayerSync      = "synchronized-activity"
	LayerCoReply   = "co-reply"
	LayerCoPost    = "co-post"
)

// layerNames lists the layers in fusion order.
var layerNames = []string{LayerCoRetweet, LayerCoLink, LayerCoDomain, LayerCoHashtag, LayerText, LayerFollow, LayerFollowSet, LayerSync, LayerCoReply, LayerCoPost}

// layerRole says what a layer's ties stand for in the network features.
type layerRole uint8

// The roles a layer's ties can have (a layer may have several).
const (
	// roleCoAction ties count towards the coordination feature.
	roleCoAction layerRole = 1 << iota
	// roleDuplicate ties count towards the duplicated-content feature.
	roleDuplicate
	// roleFollowSet ties count towards the follow-set lockstep feature.
	roleFollowSet
	// roleSync ties count towards the synchronized-activity feature.
	roleSync
)

// layerRoles gives each layer's roles by name, so that no code depends on
// the order layers are built in.
var layerRoles = map[string]layerRole{
	LayerCoRetweet: roleCoAction, LayerCoLink: roleCoAction, LayerCoDomain: roleCoAction,
	LayerCoHashtag: roleCoAction | roleDuplicate, LayerText: roleCoAction | roleDuplicate,
	LayerFollow: 0, LayerFollowSet: roleFollowSet, LayerSync: roleCoAction | roleSync,
	LayerCoReply: roleCoAction, LayerCoPost: roleCoAction | roleDuplicate,
}

// tieSummary is one member's partners inside its cluster, by layer role.
type tieSummary struct {
	coAction  int // partners over the co-action layers
	duplicate int // partners over the duplicated-content layers
	followSet int // partners in the follow-set layer
	sync      int // partners in the synchronized-activity layer
}

// summarizeTies adds up a member's per-layer ties (t, in layers' order) by
// the layers' roles.
func summarizeTies(t []tieT, layers []*layer) tieSummary {
	var s tieSummary
	for li, l := range layers {
		r := layerRoles[l.name]
		p := t[li].partners
		if r&roleCoAction != 0 {
			s.coAction += p
		}
		if r&roleDuplicate != 0 {
			s.duplicate += p
		}
		if r&roleFollowSet != 0 {
			s.followSet += p
		}
		if r&roleSync != 0 {
			s.sync += p
		}
	}
	return s
}

// layerIndex returns the index of the layer of that name, -1 when absent.
func layerIndex(layers []*layer, name string) int {
	for i, l := range layers {
		if l.name == name {
			return i
		}
	}
	return -1
}

// hasLayer reports whether a layer of that name was built.
func hasLayer(layers []*layer, name string) bool { return layerIndex(layers, name) >= 0 }

// layerMultiplier scales each layer's weights in the fused graph.
var layerMultiplier = map[string]float32{
	LayerCoRetweet: 1, LayerCoLink: 1, LayerCoDomain: 0.5, LayerCoHashtag: 1, LayerText: 1, LayerFollow: 1, LayerFollowSet: 1, LayerSync: 1,
	LayerCoReply: 1, LayerCoPost: 1,
}

var layerDescription = map[string]string{
	LayerCoRetweet: "retweeted the same posts within the window of each other",
	LayerCoLink:    "shared the same URLs within the link window of each other",
	LayerCoDomain:  "shared links to the same uncommon domains within the link window",
	LayerCoHashtag: "posted the same sequence of hashtags within the text window",
	LayerText:      "posted near-identical texts (SimHash within 3 bits) within the text window",
	LayerFollow:    "follow the same set of accounts (a dense block of the follow graph)",
	LayerFollowSet: "follow near-identical sets of accounts (Jaccard at least 0.5)",
	LayerSync:      "act in the same uncommon time bins (weighted Jaccard of activity bins at least the threshold)",
	LayerCoReply:   "replied to the same posts within the link window of each other (coordination-network-toolkit co_reply)",
	LayerCoPost:    "posted the same text within the text window of each other (coordination-network-toolkit co_post on identical text)",
}

// layer is one similarity layer's pairs.
type layer struct {
	name  string
	pairs []PairWeight
	// shares are the layer's share events (co-action layers), kept for
	// evidence; item names come from names.
	shares []Share
	names  func(item int32) string
	kind   string // co-shared item kind in evidence
	window int64
}

// textShares turns near-duplicate groups into shares of a group item.
func textShares(texts []textPost) []Share {
	groups := nearDuplicateGroups(texts)
	out := make([]Share, len(texts))
	for i, tp := range texts {
		out[i] = Share{Item: groups[i], Account: tp.acct, Time: tp.t}
	}
	return out
}

// activeAccounts counts the distinct accounts of shares.
func activeAccounts(shares []Share, n int) int {
	seen := make([]bool, n)
	c := 0
	for _, s := range shares {
		if !seen[s.Account] {
			seen[s.Account] = true
			c++
		}
	}
	return c
}

// followBlocks peels dense follower→followee blocks and ties each block's
// followers in a ring of hashed order (each to the next 4), so a block of
// 3,000 followers adds 12,000 pairs.
func followBlocks(ctx context.Context, w *world, opts Options) ([]graph.Block, []PairWeight, error) {
	if len(w.follows) == 0 {
		return nil, nil, nil
	}
	edges := make([]graph.BipartiteEdge, len(w.follows))
	for i, f := range w.follows {
		edges[i] = graph.BipartiteEdge{Row: f.from, Col: f.to}
	}
	blocks, err := graph.Peel(ctx, w.n(), w.n(), edges, graph.PeelOptions{MaxBlocks: opts.FollowPeelBlocks, MinRows: opts.MinFollowBlock})
	if err != nil {
		return nil, nil, err
	}
	// Keep blocks that are much denser than the graph: a block whose rows
	// follow at least half of its columns on average and at least 5 each.
	var kept []graph.Block
	var pairs []pairInst
	for _, b := range blocks {
		if len(b.Rows) == 0 || len(b.Cols) == 0 {
			continue
		}
		perRow := float64(b.Edges) / float64(len(b.Rows))
		if perRow < 5 || perRow < 0.5*float64(len(b.Cols)) {
			continue
		}
		kept = append(kept, b)
		rows := append([]int32(nil), b.Rows...)
		slices.SortFunc(rows, func(a, c int32) int {
			ha, hc := mix(uint64(a)), mix(uint64(c))
			if ha < hc {
				return -1
			} else if ha > hc {
				return 1
			}
			return 0
		})
		for i := range rows {
			for k := 1; k <= 4 && k < len(rows); k++ {
				j := (i + k) % len(rows)
				pairs = append(pairs, pairInst{key: pairKey(rows[i], rows[j]), w: float32(perRow / float64(len(b.Cols)))})
			}
		}
	}
	merged := mergePairs(pairs)
	for i := range merged {
		merged[i].Sampled = true // ring ties stand for the whole block
		merged[i].Items = max(merged[i].Items, int32(opts.MinPairItems))
	}
	return kept, merged, nil
}
