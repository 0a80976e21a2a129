package graph

import (
	"context"
	"math/rand/v2"
)

// LouvainOptions configure Louvain. The zero value is valid.
type LouvainOptions struct {
	// Resolution is the modularity resolution γ: above 1 gives smaller
	// communities, below 1 larger ones. Default 1.
	Resolution float64
	// Seed fixes the node visiting order (a seeded shuffle) so results are
	// reproducible. Default 0, which is a valid seed.
	Seed uint64
	// MaxLevels bounds the number of aggregation levels. Default 20.
	MaxLevels int
	// MaxPasses bounds the local-moving passes per level. Default 50.
	MaxPasses int
	// MinGain is the modularity gain below which a level stops. Default 1e-7.
	MinGain float64
}

func (o *LouvainOptions) defaults() {
	if o.Resolution == 0 {
		o.Resolution = 1
	}
	if o.MaxLevels == 0 {
		o.MaxLevels = 20
	}
	if o.MaxPasses == 0 {
		o.MaxPasses = 50
	}
	if o.MinGain == 0 {
		o.MinGain = 1e-7
	}
}

// level is one aggregation level: an undirected graph without self loops in
// CSR arrays, plus each node's internal (self) weight, which counts both
// directions of the edges inside it. Edge weights are float32 like the
// input graph's (sums are accumulated in float64 and rounded once), so the
// first level can share the input's arrays instead of copying them.
type level struct {
	off  []int64
	tgt  []int32
	w    []float32
	self []float64
}

func (l *level) n() int { return len(l.off) - 1 }

// Louvain partitions g into communities by greedy modularity optimisation
// with aggregation (Blondel et al. 2008); after its first visit a node is
// visited again only when a neighbour moved to another community than its
// own (Ozaki et al. 2016). It returns a community id per
// node, ids dense from 0 and ordered by each community's smallest node.
// It stops early with ctx's error when ctx is done.
func Louvain(ctx context.Context, g *CSR, opts LouvainOptions) ([]int32, error) {
	opts.defaults()
	n := g.N()
	l := firstLevel(g)
	membership := make([]int32, n)
	for i := range membership {
		membership[i] = int32(i)
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	for lv := 0; lv < opts.MaxLevels; lv++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		comm, moved := l.localMoving(ctx, opts, rng)
		if !moved {
			break
		}
		k := renumber(comm)
		for i := range membership {
			membership[i] = comm[membership[i]]
		}
		if k == l.n() {
			break
		}
		l = l.aggregate(comm, k)
	}
	renumber(membership)
	return membership, nil
}

// firstLevel returns g in level form. Without self loops (the usual case)
// it shares g's arrays (read only); otherwise it copies them, moving self
// loops to self.
func firstLevel(g *CSR) *level {
	n := g.N()
	loops := false
	for i := 0; i < n && !loops; i++ {
		for p := g.Offsets[i]; p < g.Offsets[i+1]; p++ {
			if g.Targets[p] == int32(i) {
				loops = true
				break
			}
		}
	}
	if !loops {
		return &level{off: g.Offsets, tgt: g.Targets, w: g.Weights, self: make([]float64, n)}
	}
	l := &level{off: make([]int64, n+1), tgt: make([]int32, 0, len(g.Targets)), w: make([]float32, 0, len(g.Targets)), self: make([]float64, n)}
	for i := 0; i < n; i++ {
		for p := g.Offsets[i]; p < g.Offsets[i+1]; p++ {
			if g.Targets[p] == int32(i) {
				l.self[i] += 2 * float64(g.Weights[p])
				continue
			}
			l.tgt = append(l.tgt, g.Targets[p])
			l.w = append(l.w, g.Weights[p])
		}
		l.off[i+1] = int64(len(l.tgt))
	}
	return l
}

// localMoving moves nodes between communities while modularity improves and
// returns each node's community and whether anything moved.
func (l *level) localMoving(ctx context.Context, opts LouvainOptions, rng *rand.Rand) ([]int32, bool) {
	n := l.n()
	comm := make([]int32, n)
	k := make([]float64, n)
	// A community's weight to the visited node (neigh, -1 when it has none)
	// and its total degree (tot) sit side by side: both are read for every
	// neighbouring community, and on a large graph those reads are cache
	// misses.
	cs := make([]commStat, n)
	var m2 float64
	for i := 0; i < n; i++ {
		comm[i] = int32(i)
		d := l.self[i]
		for p := l.off[i]; p < l.off[i+1]; p++ {
			d += float64(l.w[p])
		}
		k[i] = d
		cs[i] = commStat{neigh: -1, tot: d}
		m2 += d
	}
	if m2 == 0 {
		return comm, false
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	rng.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
	touched := make([]int32, 0, 64)
	gamma := opts.Resolution
	movedAny := false
	// Only nodes whose neighbourhood changed since they were last visited
	// are visited again (Ozaki et al. 2016; Leiden's fast local moving):
	// after the first passes few nodes move, and a full pass over every
	// edge for them is most of Louvain's time on large graphs.
	stale := make([]bool, n)
	lab := make([]int32, n)
	for i := range lab {
		lab[i] = -1
	}
	var cn []int32 // the visited node's neighbours' communities
	for pass := 0; pass < opts.MaxPasses; pass++ {
		if ctx.Err() != nil {
			break
		}
		moves := 0
		var gain float64
		for _, i := range order {
			if stale[i] {
				continue
			}
			stale[i] = true
			ci := comm[i]
			touched = touched[:0]
			cs[ci].neigh = 0
			touched = append(touched, ci)
			// Read the neighbours' communities first, in a loop whose
			// loads do not wait on each other, then add up the weights.
			row := l.tgt[l.off[i]:l.off[i+1]]
			cn = cn[:0]
			for _, j := range row {
				cn = append(cn, comm[j])
			}
			ws := l.w[l.off[i]:l.off[i+1]]
			for p, c := range cn {
				st := &cs[c]
				if st.neigh < 0 {
					st.neigh = 0
					touched = append(touched, c)
				}
				st.neigh += float64(ws[p])
			}
			cs[ci].tot -= k[i]
			best, bestGain := ci, cs[ci].neigh-gamma*cs[ci].tot*k[i]/m2
			for _, c := range touched {
				gc := cs[c].neigh - gamma*cs[c].tot*k[i]/m2
				if gc > bestGain+1e-12 {
					best, bestGain = c, gc
				}
			}
			if best != ci {
				gain += bestGain - (cs[ci].neigh - gamma*cs[ci].tot*k[i]/m2)
				moves++
				for p := l.off[i]; p < l.off[i+1]; p++ {
					if j := l.tgt[p]; comm[j] != best {
						stale[j] = false
					}
				}
			}
			cs[best].tot += k[i]
			comm[i] = best
			for _, c := range touched {
				cs[c].neigh = -1
			}
		}
		if moves > 0 {
			movedAny = true
		}
		if moves == 0 || 2*gain/m2 < opts.MinGain {
			break
		}
		cs = relabel(comm, cs, lab)
	}
	return comm, movedAny
}

// relabel renames the communities of comm 0..k-1 in order of first
// appearance and returns their states in the new order (in cs's array,
// using lab, n entries of -1, as scratch and leaving it so). Labels do not
// change which moves local moving makes (candidates are tried in the
// order the visited node's edges reach them), but dense labels keep the
// states of the live communities, far fewer than the nodes after the
// first pass, close together in memory.
func relabel(comm []int32, cs []commStat, lab []int32) []commStat {
	k := int32(0)
	for i, c := range comm {
		if lab[c] < 0 {
			lab[c] = k
			k++
		}
		comm[i] = lab[c]
	}
	// New and old labels are unrelated, so the live states go through a
	// copy.
	live := make([]commStat, k)
	for c := range cs {
		if lab[c] >= 0 {
			live[lab[c]] = cs[c]
			lab[c] = -1
		}
	}
	copy(cs, live)
	return cs[:k]
}

// commStat is a community's state during local moving.
type commStat struct {
	neigh float64 // weight from the visited node, -1 when none
	tot   float64 // total degree of the community's nodes
}

// renumber maps community ids to 0..k-1 in order of first appearance and
// returns k.
func renumber(comm []int32) int {
	m := make(map[int32]int32)
	for i, c := range comm {
		id, ok := m[c]
		if !ok {
			id = int32(len(m))
			m[c] = id
		}
		comm[i] = id
	}
	return len(m)
}

// aggregate returns the graph of communities: nodes are communities, edge
// weights the sums of edges between them, self weights the sums inside.
func (l *level) aggregate(comm []int32, k int) *level {
	n := l.n()
	// Nodes of each community.
	start := make([]int32, k+1)
	for _, c := range comm {
		start[c+1]++
	}
	for c := 0; c < k; c++ {
		start[c+1] += start[c]
	}
	nodes := make([]int32, n)
	pos := append([]int32(nil), start[:k]...)
	for i, c := range comm {
		nodes[pos[c]] = int32(i)
		pos[c]++
	}
	out := &level{off: make([]int64, k+1), self: make([]float64, k)}
	acc := make([]float64, k)
	seen := make([]bool, k)
	touched := make([]int32, 0, 64)
	// Count each community's neighbouring communities first so that the
	// arcs are allocated once at their size: growing them by doubling
	// touches twice as much fresh memory, and on large graphs the page
	// faults cost more than this extra pass.
	for c := 0; c < k; c++ {
		touched = touched[:0]
		for _, i := range nodes[start[c]:start[c+1]] {
			for p := l.off[i]; p < l.off[i+1]; p++ {
				if d := comm[l.tgt[p]]; d != int32(c) && !seen[d] {
					seen[d] = true
					touched = append(touched, d)
				}
			}
		}
		for _, d := range touched {
			seen[d] = false
		}
		out.off[c+1] = out.off[c] + int64(len(touched))
	}
	out.tgt = make([]int32, 0, out.off[k])
	out.w = make([]float32, 0, out.off[k])
	for c := 0; c < k; c++ {
		touched = touched[:0]
		for _, i := range nodes[start[c]:start[c+1]] {
			out.self[c] += l.self[i]
			for p := l.off[i]; p < l.off[i+1]; p++ {
				d := comm[l.tgt[p]]
				if d == int32(c) {
					out.self[c] += float64(l.w[p])
					continue
				}
				if !seen[d] {
					seen[d] = true
					touched = append(touched, d)
				}
				acc[d] += float64(l.w[p])
			}
		}
		for _, d := range touched {
			out.tgt = append(out.tgt, d)
			out.w = append(out.w, float32(acc[d]))
			acc[d] = 0
			seen[d] = false
		}
		out.off[c+1] = int64(len(out.tgt))
	}
	return out
}
