package detect

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/graph"
	"github.com/zeebo/xxh3"
)

// Result is the outcome of a detection run.
type Result struct {
	// Networks are the detected networks, highest score first.
	Networks []botsweep.Network
	// Window is the co-retweet window used (estimated when asked).
	Window time.Duration
	// EstimatedWindow is the window EstimateWindow suggests for the
	// retweets, whether or not it was used.
	EstimatedWindow time.Duration
	// Stats counts what the run saw and built.
	Stats Stats
}

// Stats counts the work of a detection run.
type Stats struct {
	Accounts      int            `json:"accounts"`
	Retweets      int            `json:"retweets"`
	ExcludedPosts int            `json:"excluded_posts"` // sanctioned campaign posts kept out of traces
	LayerPairs    map[string]int `json:"layer_pairs"`
	FusedEdges    int            `json:"fused_edges"`
	Clusters      int            `json:"clusters"` // clusters of at least MinNetworkSize before scoring
	Rejected      int            `json:"rejected"` // clusters set aside as not coordinated beyond chance
	// Items counts the distinct items shared in each co-action layer.
	Items map[string]int `json:"items"`
	// SmallClusters counts clusters below MinNetworkSize (set aside as too
	// small).
	SmallClusters int `json:"small_clusters"`
	// SetAside are the clusters considered and set aside, with why.
	SetAside []SetAside `json:"set_aside,omitempty"`
	// Coordinated and Inauthentic count the networks of each verdict.
	Coordinated int `json:"coordinated"`
	Inauthentic int `json:"inauthentic"`
	// Groups counts CooRTweet's components and what became of them (nil
	// unless Options.Components is set).
	Groups *GroupStats `json:"groups,omitempty"`
}

// SetAside is a cluster detection considered and did not report.
type SetAside struct {
	Size   int    `json:"size"`
	Reason string `json:"reason"`
	// Members are the cluster's account ids where known (for diagnosis;
	// not written to files).
	Members []string `json:"-"`
}

// fused is the fused graph over the compact node set.
type fused struct {
	nodes       []int32 // node -> dense account id
	g           *graph.CSR
	established []bool // by dense account id
}

// Run detects coordinated networks in everything src holds.
func Run(ctx context.Context, src botsweep.Source, opts Options) (*Result, error) {
	opts.defaults()
	progress := func(s string) {
		if opts.Progress != nil {
			opts.Progress(s)
		}
	}
	progress("loading")
	w, err := load(ctx, src)
	if err != nil {
		return nil, err
	}
	res := &Result{Stats: Stats{Accounts: w.n(), Retweets: len(w.retweetShares), ExcludedPosts: w.excludedPosts, LayerPairs: map[string]int{}, Items: map[string]int{}}}
	res.EstimatedWindow = EstimateWindow(w.retweetShares)
	window := opts.Window
	if window < 0 {
		window = res.EstimatedWindow
		if window == 0 {
			window = 60 * time.Second
		}
	}
	res.Window = window
	partners := opts.MaxPartners
	if opts.Exact {
		partners = 0
	}

	progress("layers")
	// The synchronized-activity layer reads its bins from the world first
	// (before the co-action layers sort the world's shares) and then
	// compares them on another goroutine, beside the co-action and follow
	// layers: it only reads its own input, so its pairs are the same.
	var syncDone chan []PairWeight
	if opts.SyncMinBins > 0 {
		in := syncActivity(w, opts)
		syncDone = make(chan []PairWeight, 1)
		go func() { syncDone <- in.pairs() }()
	}
	var layers []*layer
	addCo := func(name, kind string, shares []Share, win time.Duration, names func(int32) string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		active := activeAccounts(shares, w.n())
		pairs := coAction(shares, int64(win/time.Second), partners, w.n(), opts.Seed, func(n int) float32 { return unusualness(n, active) })
		res.Stats.LayerPairs[name] = len(pairs)
		res.Stats.Items[name] = distinctItems(shares)
		layers = append(layers, &layer{name: name, pairs: pairs, shares: shares, names: names, kind: kind, window: int64(win / time.Second)})
		return nil
	}
	objName := func(i int32) string { return w.objects.names[i] }
	if err := addCo(LayerCoRetweet, "post", w.retweetShares, window, objName); err != nil {
		return nil, err
	}
	if len(w.likeShares) > 0 {
		if err := addCo(LayerCoLike, "post", w.likeShares, window, objName); err != nil {
			return nil, err
		}
	}
	if err := addCo(LayerCoLink, "url", w.urlShares, opts.LinkWindow, func(i int32) string { return w.urls.names[i] }); err != nil {
		return nil, err
	}
	if err := addCo(LayerCoDomain, "domain", w.domainShares, opts.LinkWindow, func(i int32) string { return w.domains.names[i] }); err != nil {
		return nil, err
	}
	if err := addCo(LayerCoHashtag, "hashtag", w.tagShares, opts.TextWindow, func(i int32) string { return strings.TrimSpace(w.tagSeqs.names[i]) }); err != nil {
		return nil, err
	}
	textSh := textShares(w.texts)
	if err := addCo(LayerText, "text", textSh, opts.TextWindow, func(i int32) string { return fmt.Sprintf("near-duplicate group %d", i) }); err != nil {
		return nil, err
	}
	if err := addCo(LayerCoReply, "reply-to", w.replyShares, opts.LinkWindow, objName); err != nil {
		return nil, err
	}
	if err := addCo(LayerCoPost, "text", w.postShares, opts.TextWindow, func(i int32) string { return w.postTexts.names[i] }); err != nil {
		return nil, err
	}
	blocks, fpairs, err := followBlocks(ctx, w, opts)
	if err != nil {
		return nil, err
	}
	res.Stats.LayerPairs[LayerFollow] = len(fpairs)
	layers = append(layers, &layer{name: LayerFollow, pairs: fpairs})
	spairs := followSetPairs(w, opts)
	res.Stats.LayerPairs[LayerFollowSet] = len(spairs)
	layers = append(layers, &layer{name: LayerFollowSet, pairs: spairs})
	var sync []PairWeight
	if opts.SyncMinBins > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		progress("synchronized activity")
		sync = <-syncDone
	}
	res.Stats.LayerPairs[LayerSync] = len(sync)
	layers = append(layers, &layer{name: LayerSync, pairs: sync})

	progress("fusing")
	fz := fuse(w, layers, opts)
	res.Stats.FusedEdges = len(fz.g.Targets) / 2
	// Evidence counts a layer's pair only when it co-shared MinPairItems
	// items in that layer or came from a sampled burst or a follow layer:
	// free the others before clustering.
	for _, l := range layers {
		l.pairs = keepPairs(l.pairs, func(p PairWeight) bool { return int(p.Items) >= opts.MinPairItems || p.Sampled })
	}

	progress("clustering")
	comm, err := graph.Louvain(ctx, fz.g, graph.LouvainOptions{Resolution: opts.Resolution, Seed: opts.Seed})
	if err != nil {
		return nil, err
	}
	clusters, small := groupClusters(fz, comm, opts.MinNetworkSize)
	// Follower farms too small for Louvain to hold five of their accounts
	// together grow from their silent, follow-tied pieces (followfarm.go).
	clusters = append(clusters, farmSeeds(w, fz, comm, layers, clusters, opts)...)
	if traceStage != nil {
		all, _ := groupClusters(fz, comm, 1)
		traceClusters(w, "louvain (all sizes)", all)
	}
	res.Stats.Clusters = len(clusters)
	res.Stats.SmallClusters = small
	// From here on only pairs inside clusters matter (evidence and member
	// reasons): drop the graph and every other pair before scoring.
	fz.g, comm = nil, nil
	inCluster := make([]bool, w.n())
	for _, cl := range clusters {
		for _, a := range cl.members {
			inCluster[a] = true
		}
	}
	for _, l := range layers {
		l.pairs = keepPairs(l.pairs, func(p PairWeight) bool { return inCluster[p.A] && inCluster[p.B] })
	}

	progress("scoring")
	now := time.Unix(w.latest, 0).UTC()
	if opts.Now != nil {
		now = opts.Now()
	}
	builds, setAside := buildNetworks(ctx, w, fz, clusters, layers, blocks, opts, now)
	res.Stats.Rejected = len(setAside)
	res.Stats.SetAside = setAside
	progress("evidence")
	if err := secondPass(ctx, src, w, builds); err != nil {
		return nil, err
	}
	nets := make([]botsweep.Network, len(builds))
	for i, b := range builds {
		nets[i] = b.net
	}
	if opts.Components != nil {
		progress("co-share components")
		comp, err := opts.Components(ctx, window)
		if err != nil {
			return nil, err
		}
		groups, gs := componentGroups(w, layers[0], nets, comp, opts, now) // layers[0] is co-retweet
		nets, res.Stats.Groups = append(nets, groups...), gs
	}
	for i := range nets {
		nets[i].Rank = i + 1
		if nets[i].Verdict == botsweep.VerdictInauthentic {
			res.Stats.Inauthentic++
		} else {
			res.Stats.Coordinated++
		}
		if nets[i].Attribution == nil {
			nets[i].Attribution = []botsweep.AttributionCandidate{}
		}
		if opts.Attribute != nil {
			if err := opts.Attribute(ctx, &nets[i]); err != nil {
				return nil, err
			}
		}
	}
	res.Networks = nets
	return res, nil
}

// fuse merges the layers' pairs into one weighted graph over the accounts
// that have any edge. A pair enters when it co-shared at least
// MinPairItems items over all layers or came from a sampled burst. Nodes
// are numbered in order of first appearance in the merged pairs. The
// pairs are merged twice (once to number the nodes and count each node's
// edges, once to fill the graph's rows) so that no edge list is held.
func fuse(w *world, layers []*layer, opts Options) fused {
	node := make([]int32, w.n())
	for i := range node {
		node[i] = -1
	}
	var nodes []int32
	var b graph.Builder
	mergeLayers(layers, func(a, c int32, items int32, wt float32, sampled bool) {
		if int(items) < opts.MinPairItems && !sampled {
			return
		}
		for _, x := range [2]int32{a, c} {
			if node[x] < 0 {
				node[x] = int32(len(nodes))
				nodes = append(nodes, x)
			}
		}
		b.Count(node[a], node[c], wt)
	})
	b.Allocate(len(nodes))
	mergeLayers(layers, func(a, c int32, items int32, wt float32, sampled bool) {
		if int(items) >= opts.MinPairItems || sampled {
			b.Add(node[a], node[c], wt)
		}
	})
	return fused{nodes: nodes, g: b.Graph(), established: w.established}
}

// mergeLayers calls fn for every distinct pair of the layers, in (A, B)
// order, with the pair's items and sampled flag over all layers and its
// fused weight (each layer's weight times its multiplier, summed in layer
// order). Every layer's pairs are sorted by (A, B): they are merged k-way
// instead of being copied into one list.
func mergeLayers(all []*layer, fn func(a, b int32, items int32, wt float32, sampled bool)) {
	var layers []*layer // those with pairs
	var mult []float32
	for _, l := range all {
		if len(l.pairs) > 0 {
			layers = append(layers, l)
			mult = append(mult, layerMultiplier[l.name])
		}
	}
	heads := make([]int, len(layers))
	less := func(p, q PairWeight) bool { return p.A < q.A || (p.A == q.A && p.B < q.B) }
	for {
		best := -1
		for li, l := range layers {
			if heads[li] < len(l.pairs) && (best < 0 || less(l.pairs[heads[li]], layers[best].pairs[heads[best]])) {
				best = li
			}
		}
		if best < 0 {
			return
		}
		a, b := layers[best].pairs[heads[best]].A, layers[best].pairs[heads[best]].B
		var items int32
		var wt float32
		sampled := false
		for li, l := range layers {
			for heads[li] < len(l.pairs) && l.pairs[heads[li]].A == a && l.pairs[heads[li]].B == b {
				p := l.pairs[heads[li]]
				items += p.Items
				wt += p.Weight * mult[li]
				sampled = sampled || p.Sampled
				heads[li]++
			}
		}
		fn(a, b, items, wt, sampled)
	}
}

// keepPairs returns the pairs that keep reports true for. When at least
// half of them stay they are compacted in place (a new slice would touch
// as much fresh memory as it frees); otherwise they are copied into a new
// slice of exactly that length so that the old one can be freed.
func keepPairs(pairs []PairWeight, keep func(PairWeight) bool) []PairWeight {
	k := 0
	for _, p := range pairs {
		if keep(p) {
			k++
		}
	}
	if k == len(pairs) {
		return pairs
	}
	var out []PairWeight
	if 2*k >= len(pairs) {
		out = pairs[:0]
	} else {
		out = make([]PairWeight, 0, k)
	}
	for _, p := range pairs {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// cluster is one Louvain community of at least the minimum size, as dense
// account ids with each member's share of its fused weight inside.
type cluster struct {
	members  []int32
	internal []float64
	// people are the members that left the cluster as people on their own
	// evidence (trimHumans), with their internal weights: reported with
	// the group when it is not enforced, never swept.
	people         []int32
	peopleInternal []float64
	// left counts the accounts that left the cluster on their own
	// coordination test (memberCoordination).
	left int
	// byMatch marks, in the order of members (nil: none), the members
	// that stay only because their amplification acts as the network's
	// (memberSigns.actsAsNetwork, Options.MemberMatchedPersonSigns): on the
	// count of signs alone they would have left (splitPeople).
	byMatch []bool
}

// groupClusters returns the clusters of at least minSize members that are
// not established accounts, largest first, and how many were smaller.
func groupClusters(fz fused, comm []int32, minSize int) ([]cluster, int) {
	byC := map[int32][]int32{}
	for node, c := range comm {
		byC[c] = append(byC[c], int32(node))
	}
	var out []cluster
	small := 0
	for _, nodes := range byC {
		if len(nodes) < minSize {
			if len(nodes) >= 2 {
				small++
			}
			continue
		}
		var cl cluster
		for _, v := range nodes {
			if fz.established[fz.nodes[v]] {
				continue
			}
			var in, tot float64
			for p := fz.g.Offsets[v]; p < fz.g.Offsets[v+1]; p++ {
				wt := float64(fz.g.Weights[p])
				tot += wt
				if comm[fz.g.Targets[p]] == comm[v] {
					in += wt
				}
			}
			frac := 0.0
			if tot > 0 {
				frac = in / tot
			}
			cl.members = append(cl.members, fz.nodes[v])
			cl.internal = append(cl.internal, frac)
		}
		if len(cl.members) >= minSize {
			out = append(out, cl)
		} else {
			small++
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].members) != len(out[j].members) {
			return len(out[i].members) > len(out[j].members)
		}
		return slices.Min(out[i].members) < slices.Min(out[j].members)
	})
	return out, small
}

// distinctItems counts the distinct items of shares sorted by item (as
// coAction leaves them).
func distinctItems(shares []Share) int {
	n := 0
	for i, s := range shares {
		if i == 0 || s.Item != shares[i-1].Item {
			n++
		}
	}
	return n
}

// networkID is a short hash of the sorted platform ids of the core.
func networkID(ids []string) string {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	h := xxh3.HashString(strings.Join(s, "\n"))
	return fmt.Sprintf("net-%012x", h>>16)
}
