// Package graph holds community detection and dense-subgraph algorithms on
// compact adjacency arrays: an undirected weighted graph in CSR form, Louvain
// modularity clustering, and a FRAUDAR-style greedy peel on bipartite graphs.
//
// Nodes are dense int32 ids 0..N-1; nothing here allocates per pair maps.
package graph

import (
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
// endpoint outside [0,n) or a non-positive weight are ignored. edges is
// reordered.
func Build(n int, edges []Edge) *CSR {
	// Normalise and merge duplicates.
	k := 0
	for _, e := range edges {
		if e.U < 0 || e.V < 0 || int(e.U) >= n || int(e.V) >= n || !(e.W > 0) {
			continue
		}
		if e.U > e.V {
			e.U, e.V = e.V, e.U
		}
		edges[k] = e
		k++
	}
	edges = edges[:k]
	slices.SortFunc(edges, func(a, b Edge) int {
		if a.U != b.U {
			return int(a.U - b.U)
		}
		return int(a.V - b.V)
	})
	m := 0
	for i := range edges {
		if m > 0 && edges[m-1].U == edges[i].U && edges[m-1].V == edges[i].V {
			edges[m-1].W += edges[i].W
			continue
		}
		edges[m] = edges[i]
		m++
	}
	edges = edges[:m]
	deg := make([]int64, n+1)
	for _, e := range edges {
		deg[e.U]++
		if e.U != e.V {
			deg[e.V]++
		}
	}
	g := &CSR{Offsets: make([]int64, n+1)}
	for i := 0; i < n; i++ {
		g.Offsets[i+1] = g.Offsets[i] + deg[i]
	}
	total := g.Offsets[n]
	g.Targets = make([]int32, total)
	g.Weights = make([]float32, total)
	pos := make([]int64, n)
	copy(pos, g.Offsets[:n])
	for _, e := range edges {
		g.Targets[pos[e.U]] = e.V
		g.Weights[pos[e.U]] = e.W
		pos[e.U]++
		if e.U != e.V {
			g.Targets[pos[e.V]] = e.U
			g.Weights[pos[e.V]] = e.W
			pos[e.V]++
		}
	}
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
