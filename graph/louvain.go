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
// with aggregation (Blondel et al. 2008). It returns a community id per
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
	tot := make([]float64, n)
	var m2 float64
	for i := 0; i < n; i++ {
		comm[i] = int32(i)
		d := l.self[i]
		for p := l.off[i]; p < l.off[i+1]; p++ {
			d += float64(l.w[p])
		}
		k[i] = d
		tot[i] = d
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
	neigh := make([]float64, n)
	for i := range neigh {
		neigh[i] = -1
	}
	touched := make([]int32, 0, 64)
	gamma := opts.Resolution
	movedAny := false
	for pass := 0; pass < opts.MaxPasses; pass++ {
		if ctx.Err() != nil {
			break
		}
		moves := 0
		var gain float64
		for _, i := range order {
			ci := comm[i]
			touched = touched[:0]
			neigh[ci] = 0
			touched = append(touched, ci)
			for p := l.off[i]; p < l.off[i+1]; p++ {
				c := comm[l.tgt[p]]
				if neigh[c] < 0 {
					neigh[c] = 0
					touched = append(touched, c)
				}
				neigh[c] += float64(l.w[p])
			}
			tot[ci] -= k[i]
			best, bestGain := ci, neigh[ci]-gamma*tot[ci]*k[i]/m2
			for _, c := range touched {
				gc := neigh[c] - gamma*tot[c]*k[i]/m2
				if gc > bestGain+1e-12 {
					best, bestGain = c, gc
				}
			}
			if best != ci {
				gain += bestGain - (neigh[ci] - gamma*tot[ci]*k[i]/m2)
				moves++
			}
			tot[best] += k[i]
			comm[i] = best
			for _, c := range touched {
				neigh[c] = -1
			}
		}
		if moves > 0 {
			movedAny = true
		}
		if moves == 0 || 2*gain/m2 < opts.MinGain {
			break
		}
	}
	return comm, movedAny
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
