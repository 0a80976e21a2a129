package graph

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// planted returns a graph of k groups of size s with intra-group edge
// probability pin and inter-group probability pout.
func planted(seed uint64, k, s int, pin, pout float64) (int, []Edge) {
	rng := rand.New(rand.NewPCG(seed, 1))
	n := k * s
	var edges []Edge
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			p := pout
			if i/s == j/s {
				p = pin
			}
			if rng.Float64() < p {
				edges = append(edges, Edge{int32(i), int32(j), float32(1 + rng.IntN(3))})
			}
		}
	}
	return n, edges
}

func TestLouvainAgainstGonum(t *testing.T) {
	tests := []struct {
		name      string
		seed      uint64
		k, s      int
		pin, pout float64
	}{
		{"four clear groups", 1, 4, 25, 0.5, 0.02},
		{"eight noisy groups", 2, 8, 20, 0.3, 0.05},
		{"two groups", 3, 2, 40, 0.4, 0.05},
		{"sparse", 4, 6, 30, 0.15, 0.01},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, edges := planted(tc.seed, tc.k, tc.s, tc.pin, tc.pout)
			wg := simple.NewWeightedUndirectedGraph(0, 0)
			for i := 0; i < n; i++ {
				wg.AddNode(simple.Node(i))
			}
			for _, e := range edges {
				wg.SetWeightedEdge(wg.NewWeightedEdge(simple.Node(e.U), simple.Node(e.V), float64(e.W)))
			}
			g := Build(n, append([]Edge(nil), edges...))
			comm, err := Louvain(context.Background(), g, LouvainOptions{Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			ours := Modularity(g, comm, 1)
			// gonum's modularity of our partition must agree with ours.
			var parts [][]int64
			byC := map[int32][]int64{}
			for i, c := range comm {
				byC[c] = append(byC[c], int64(i))
			}
			for _, p := range byC {
				parts = append(parts, p)
			}
			gq := community.Q(wg, toNodes(parts), 1)
			if diff := gq - ours; diff > 1e-6 || diff < -1e-6 {
				t.Errorf("modularity: ours %.6f, gonum's Q of the same partition %.6f", ours, gq)
			}
			red := community.Modularize(wg, 1, rand.New(rand.NewPCG(1, 2)))
			oq := community.Q(wg, red.Communities(), 1)
			if ours < oq-0.02 {
				t.Errorf("modularity %.4f is worse than gonum's %.4f by more than 0.02", ours, oq)
			}
			t.Logf("n=%d edges=%d ours Q=%.4f gonum Q=%.4f", n, len(edges), ours, oq)
		})
	}
}

func toNodes(parts [][]int64) [][]gg.Node {
	out := make([][]gg.Node, len(parts))
	for i, p := range parts {
		for _, id := range p {
			out[i] = append(out[i], simple.Node(id))
		}
	}
	return out
}

func TestLouvainEmptyAndSingleton(t *testing.T) {
	for _, n := range []int{0, 1, 5} {
		g := Build(n, nil)
		comm, err := Louvain(context.Background(), g, LouvainOptions{})
		if err != nil || len(comm) != n {
			t.Fatalf("n=%d: comm %v err %v", n, comm, err)
		}
	}
}

func TestBuildMergesDuplicates(t *testing.T) {
	g := Build(3, []Edge{{0, 1, 1}, {1, 0, 2}, {1, 2, 1}, {2, 2, 0}, {5, 1, 1}})
	if got := g.Degree(1); got != 4 {
		t.Errorf("degree(1) = %v, want 4", got)
	}
	if got := g.Degree(0); got != 3 {
		t.Errorf("degree(0) = %v, want 3", got)
	}
}

func TestPeelFindsCamouflagedBlock(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	const rows, cols = 2000, 500
	var edges []BipartiteEdge
	// Background: power-law-ish follows, popular columns first.
	for r := 0; r < rows; r++ {
		for k := 0; k < 8; k++ {
			c := int32(rng.IntN(1 + rng.IntN(cols)))
			edges = append(edges, BipartiteEdge{int32(r), c})
		}
	}
	// A farm of 100 rows (1900..1999) follows the same 30 customers
	// (450..479) and camouflages by following 10 popular columns each.
	for r := 1900; r < 2000; r++ {
		for c := 450; c < 480; c++ {
			if rng.Float64() < 0.9 {
				edges = append(edges, BipartiteEdge{int32(r), int32(c)})
			}
		}
		for k := 0; k < 10; k++ {
			edges = append(edges, BipartiteEdge{int32(r), int32(rng.IntN(20))})
		}
	}
	blocks, err := Peel(context.Background(), rows, cols, edges, PeelOptions{MaxBlocks: 1})
	if err != nil || len(blocks) != 1 {
		t.Fatalf("blocks %v err %v", len(blocks), err)
	}
	in := 0
	for _, r := range blocks[0].Rows {
		if r >= 1900 {
			in++
		}
	}
	if in < 95 || len(blocks[0].Rows)-in > 5 {
		t.Errorf("block has %d of 100 farm rows and %d others", in, len(blocks[0].Rows)-in)
	}
}

// referenceBuild is the CSR build written the obvious way: normalise each
// edge to u <= v, sort all edges, sum repeats, fill rows in order.
func referenceBuild(n int, edges []Edge) *CSR {
	sum := map[[2]int32]float64{}
	for _, e := range edges {
		if e.U < 0 || e.V < 0 || int(e.U) >= n || int(e.V) >= n || !(e.W > 0) {
			continue
		}
		if e.U > e.V {
			e.U, e.V = e.V, e.U
		}
		sum[[2]int32{e.U, e.V}] += float64(e.W)
	}
	rows := make([][]int32, n)
	for k := range sum {
		rows[k[0]] = append(rows[k[0]], k[1])
		if k[0] != k[1] {
			rows[k[1]] = append(rows[k[1]], k[0])
		}
	}
	g := &CSR{Offsets: make([]int64, n+1)}
	for i, r := range rows {
		slices.Sort(r)
		for _, j := range r {
			g.Targets = append(g.Targets, j)
			g.Weights = append(g.Weights, float32(sum[[2]int32{min(int32(i), j), max(int32(i), j)}]))
		}
		g.Offsets[i+1] = int64(len(g.Targets))
	}
	return g
}

func TestBuildMatchesReference(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		n := 1 + rng.IntN(60)
		var edges []Edge
		for range rng.IntN(400) {
			// Out-of-range ends, self loops, zero weights and repeats in
			// both directions all occur.
			e := Edge{int32(rng.IntN(n+2) - 1), int32(rng.IntN(n+2) - 1), float32(rng.IntN(4))}
			edges = append(edges, e)
			if rng.IntN(4) == 0 {
				edges = append(edges, Edge{e.V, e.U, 1})
			}
		}
		in := append([]Edge(nil), edges...)
		got, want := Build(n, edges), referenceBuild(n, edges)
		if !slices.Equal(edges, in) {
			t.Fatalf("seed %d: Build modified its input", seed)
		}
		if !slices.Equal(got.Offsets, want.Offsets) || !slices.Equal(got.Targets, want.Targets) {
			t.Fatalf("seed %d: rows differ:\ngot  %v %v\nwant %v %v", seed, got.Offsets, got.Targets, want.Offsets, want.Targets)
		}
		for p := range got.Weights {
			if math.Abs(float64(got.Weights[p]-want.Weights[p])) > 1e-5 {
				t.Fatalf("seed %d: weight %d: got %v want %v", seed, p, got.Weights[p], want.Weights[p])
			}
		}
	}
}

func TestBuildIsSymmetric(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	var edges []Edge
	for range 3000 {
		edges = append(edges, Edge{int32(rng.IntN(30)), int32(rng.IntN(30)), rng.Float32() + 0.01})
	}
	g := Build(30, edges)
	w := map[[2]int32]float32{}
	for i := 0; i < g.N(); i++ {
		for p := g.Offsets[i]; p < g.Offsets[i+1]; p++ {
			w[[2]int32{int32(i), g.Targets[p]}] = g.Weights[p]
		}
	}
	for k, x := range w {
		if y := w[[2]int32{k[1], k[0]}]; x != y {
			t.Fatalf("weight %v = %v but its reverse is %v", k, x, y)
		}
	}
}
