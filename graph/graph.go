// Package graph holds community detection and dense-subgraph algorithms on
// compact adjacency arrays: an undirected weighted graph in CSR form, Louvain
// modularity clustering, and a FRAUDAR-style greedy peel on bipartite graphs.
//
// Nodes are dense int32 ids 0..N-1; nothing here allocates per pair maps.
package graph

import (
	"math"
	"slices"
)

// Edge is one undirected weighted edge between U and V.
type Edge struct {
	U, V int32
	W    float32
}

// CSR is an undirected weighted graph in compressed sparse row form. Every
// edge {u,v} with u != v appears twice, once in each endpoint's row; a self
// loop of weight w appears once in its row and adds 2w to its node's degree.
type CSR struct {
	// Offsets has N+1 entries; node i's neighbours are
	// Targets[Offsets[i]:Offsets[i+1]].
	Offsets []int64
	Targets []int32
	Weights []float32
}

// N returns the number of nodes.
func (g *CSR) N() int { return len(g.Offsets) - 1 }

// Degree returns the weighted degree of node i.
func (g *CSR) Degree(i int32) float64 {
	var s float64
	for p := g.Offsets[i]; p < g.Offsets[i+1]; p++ {
		s += float64(g.Weights[p])
	}
	return s
}

// Build returns the CSR graph over n nodes of the edges, summing the weights
// of repeated pairs ({u,v} and {v,u} are the same pair). Edges with an
// endpoint outside [0,n) or a non-positive weight are ignored. edges is not
// modified.
func Build(n int, edges []Edge) *CSR {
	in := func(e Edge) bool { return e.U >= 0 && e.V >= 0 && int(e.U) < n && int(e.V) < n }
	var b Builder
	for _, e := range edges {
		if in(e) {
			b.Count(e.U, e.V, e.W)
		}
	}
	b.Allocate(n)
	for _, e := range edges {
		if in(e) {
			b.Add(e.U, e.V, e.W)
		}
	}
	return b.Graph()
}

// Builder builds a CSR graph from a stream of edges read twice, without
// holding an edge list: first every edge is passed to Count, then Allocate
// sizes the arrays, then every edge is passed to Add in the same way, and
// Graph returns the graph. Count and Add ignore the same edges (a negative
// endpoint or a non-positive weight); repeated pairs are summed. The zero
// value is ready for Count.
//
// Building costs O(E) plus a sort of each row, not a sort of all edges.
// Add writes the edge {u,v} into u's row only; Graph sorts those
// forward arcs row by row, then walks the rows in order writing each
// reverse arc (v's arc to u) into v's row: for each u the writes go to
// rows in increasing order, so they stream through memory instead of
// landing at random (on tens of millions of edges a random scatter is
// several times slower). Each row, forward arcs then reverse arcs, both
// sorted, is finally merged.
type Builder struct {
	fwd []int64 // forward arcs per row
	rev []int64 // reverse arcs per row
	pos []int64 // after Allocate: next free forward slot per row
	g   *CSR
}

// Count counts the edge {u,v} (the first pass).
func (b *Builder) Count(u, v int32, w float32) {
	if u < 0 || v < 0 || !(w > 0) {
		return
	}
	if need := int(max(u, v)) + 1; need > len(b.fwd) {
		b.fwd = append(b.fwd, make([]int64, need-len(b.fwd))...)
		b.rev = append(b.rev, make([]int64, need-len(b.rev))...)
	}
	b.fwd[u]++
	if u != v {
		b.rev[v]++
	}
}

// Allocate ends the counting pass and sizes the graph for n nodes (at least
// one more than the largest endpoint counted).
func (b *Builder) Allocate(n int) {
	if n < len(b.fwd) {
		panic("graph: Builder.Allocate: n below a counted endpoint")
	}
	b.fwd = append(b.fwd, make([]int64, n-len(b.fwd))...)
	b.rev = append(b.rev, make([]int64, n-len(b.rev))...)
	g := &CSR{Offsets: make([]int64, n+1)}
	for i := 0; i < n; i++ {
		g.Offsets[i+1] = g.Offsets[i] + b.fwd[i] + b.rev[i]
	}
	g.Targets = make([]int32, g.Offsets[n])
	g.Weights = make([]float32, g.Offsets[n])
	b.pos = append([]int64(nil), g.Offsets[:n]...)
	b.g = g
}

// Add adds the edge {u,v} (the second pass, after Allocate).
func (b *Builder) Add(u, v int32, w float32) {
	if u < 0 || v < 0 || !(w > 0) {
		return
	}
	p := b.pos[u]
	b.g.Targets[p] = v
	b.g.Weights[p] = w
	b.pos[u] = p + 1
}

// Graph completes the rows (see Builder), sums repeated targets and
// returns the graph. The Builder must not be used afterwards.
func (b *Builder) Graph() *CSR {
	g := b.g
	n := g.N()
	// Sort each row's forward arcs, as (target, weight) packed in one word:
	// targets are non-negative and positive float32 bits order like the
	// floats, so repeated targets end up summed in a fixed order.
	var scratch []uint64
	for i := 0; i < n; i++ {
		lo, hi := g.Offsets[i], g.Offsets[i]+b.fwd[i]
		if hi-lo < 2 {
			continue
		}
		scratch = scratch[:0]
		for p := lo; p < hi; p++ {
			scratch = append(scratch, uint64(g.Targets[p])<<32|uint64(math.Float32bits(g.Weights[p])))
		}
		slices.Sort(scratch)
		for k, x := range scratch {
			g.Targets[lo+int64(k)] = int32(x >> 32)
			g.Weights[lo+int64(k)] = math.Float32frombits(uint32(x))
		}
	}
	// Reverse arcs, rows in order: each row's reverse arcs come out sorted.
	for i := 0; i < n; i++ {
		b.pos[i] = g.Offsets[i] + b.fwd[i]
	}
	for i := 0; i < n; i++ {
		for p := g.Offsets[i]; p < g.Offsets[i]+b.fwd[i]; p++ {
			if v := g.Targets[p]; v != int32(i) {
				q := b.pos[v]
				g.Targets[q] = int32(i)
				g.Weights[q] = g.Weights[p]
				b.pos[v] = q + 1
			}
		}
	}
	// Merge each row's two sorted runs by (target, weight), summing
	// repeated targets: both rows of a repeated pair then sum the same
	// weights in the same order, so the graph stays exactly symmetric.
	// Rows shift down when repeats merge.
	var mt []int32
	var mw []float32
	out := int64(0)
	for i := 0; i < n; i++ {
		lo, mid, hi := g.Offsets[i], g.Offsets[i]+b.fwd[i], g.Offsets[i+1]
		g.Offsets[i] = out
		mt, mw = mt[:0], mw[:0]
		x, y := lo, mid
		for x < mid || y < hi {
			var t int32
			var w float32
			if y >= hi || (x < mid && (g.Targets[x] < g.Targets[y] || g.Targets[x] == g.Targets[y] && g.Weights[x] <= g.Weights[y])) {
				t, w = g.Targets[x], g.Weights[x]
				x++
			} else {
				t, w = g.Targets[y], g.Weights[y]
				y++
			}
			if k := len(mt); k > 0 && mt[k-1] == t {
				mw[k-1] += w
				continue
			}
			mt = append(mt, t)
			mw = append(mw, w)
		}
		copy(g.Targets[out:], mt)
		copy(g.Weights[out:], mw)
		out += int64(len(mt))
	}
	g.Offsets[n] = out
	if out < int64(len(g.Targets)) {
		g.Targets = slices.Clip(g.Targets[:out])
		g.Weights = slices.Clip(g.Weights[:out])
	}
	b.g, b.fwd, b.rev, b.pos = nil, nil, nil, nil
	return g
}

// Modularity returns the modularity of the partition comm (a community id per
// node) at the given resolution (1 is the classic Newman-Girvan modularity).
func Modularity(g *CSR, comm []int32, resolution float64) float64 {
	n := g.N()
	var m2 float64
	maxc := int32(-1)
	for _, c := range comm {
		maxc = max(maxc, c)
	}
	in := make([]float64, maxc+1)
	tot := make([]float64, maxc+1)
	for i := 0; i < n; i++ {
		for p := g.Offsets[i]; p < g.Offsets[i+1]; p++ {
			j := g.Targets[p]
			w := float64(g.Weights[p])
			if j == int32(i) {
				w *= 2 // a self loop counts twice in the degree
			}
			m2 += w
			tot[comm[i]] += w
			if comm[j] == comm[i] {
				in[comm[i]] += w
			}
		}
	}
	if m2 == 0 {
		return 0
	}
	var q float64
	for c := range in {
		q += in[c]/m2 - resolution*(tot[c]/m2)*(tot[c]/m2)
	}
	return q
}
