package graph

import (
	"container/heap"
	"context"
	"math"
)

// BipartiteEdge is one edge from row Row to column Col of a bipartite graph
// (e.g. follower to followee).
type BipartiteEdge struct {
	Row, Col int32
}

// PeelOptions configure Peel. The zero value is valid.
type PeelOptions struct {
	// ColumnWeightC is c in the column weight 1/log(c + column degree) that
	// FRAUDAR gives each edge, so edges to popular columns (camouflage:
	// following famous accounts) count little. Default 5.
	ColumnWeightC float64
	// MaxBlocks is how many dense blocks to peel one after the other, each
	// from the edges the earlier ones left. Default 3.
	MaxBlocks int
	// MinRows is the fewest rows a block must have to be returned. Default 10.
	MinRows int
}

func (o *PeelOptions) defaults() {
	if o.ColumnWeightC == 0 {
		o.ColumnWeightC = 5
	}
	if o.MaxBlocks == 0 {
		o.MaxBlocks = 3
	}
	if o.MinRows == 0 {
		o.MinRows = 10
	}
}

// Block is a dense block of a bipartite graph.
type Block struct {
	Rows    []int32 // sorted
	Cols    []int32 // sorted
	Density float64 // weighted edges inside divided by rows plus columns
	Edges   int     // edges inside
}

// Peel finds dense blocks of the bipartite graph with nRows rows and nCols
// columns by FRAUDAR's greedy peeling (Hooi et al., KDD 2016): repeatedly
// remove the node whose remaining weighted degree is least and keep the
// node set of highest average weighted degree seen. Each block's edges are
// removed before the next block is peeled. Time is O(E log E) per block.
func Peel(ctx context.Context, nRows, nCols int, edges []BipartiteEdge, opts PeelOptions) ([]Block, error) {
	opts.defaults()
	colDeg := make([]int32, nCols)
	for _, e := range edges {
		colDeg[e.Col]++
	}
	colW := make([]float64, nCols)
	for c, d := range colDeg {
		colW[c] = 1 / math.Log(opts.ColumnWeightC+float64(d))
	}
	alive := make([]bool, len(edges))
	for i := range alive {
		alive[i] = true
	}
	var blocks []Block
	for b := 0; b < opts.MaxBlocks; b++ {
		if err := ctx.Err(); err != nil {
			return blocks, err
		}
		blk, inBlock := peelOnce(nRows, nCols, edges, alive, colW)
		if len(blk.Rows) < opts.MinRows {
			break
		}
		blocks = append(blocks, blk)
		for i, e := range edges {
			if alive[i] && inBlock[e.Row] && inBlock[nRows+int(e.Col)] {
				alive[i] = false
			}
		}
	}
	return blocks, nil
}

type peelItem struct {
	node int32
	pri  float64
}

type peelHeap []peelItem

func (h peelHeap) Len() int { return len(h) }
func (h peelHeap) Less(i, j int) bool {
	if h[i].pri != h[j].pri {
		return h[i].pri < h[j].pri
	}
	return h[i].node < h[j].node
}
func (h peelHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *peelHeap) Push(x any)   { *h = append(*h, x.(peelItem)) }
func (h *peelHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// peelOnce runs one greedy peel over the alive edges. Nodes are rows
// 0..nRows-1 then columns nRows..nRows+nCols-1.
func peelOnce(nRows, nCols int, edges []BipartiteEdge, alive []bool, colW []float64) (Block, []bool) {
	n := nRows + nCols
	// Adjacency of alive edges (edge indices per node).
	cnt := make([]int32, n+1)
	var total float64
	pri := make([]float64, n)
	for i, e := range edges {
		if !alive[i] {
			continue
		}
		cnt[e.Row+1]++
		cnt[int32(nRows)+e.Col+1]++
		w := colW[e.Col]
		pri[e.Row] += w
		pri[nRows+int(e.Col)] += w
		total += w
	}
	for i := 0; i < n; i++ {
		cnt[i+1] += cnt[i]
	}
	adj := make([]int32, cnt[n])
	pos := append([]int32(nil), cnt[:n]...)
	for i, e := range edges {
		if !alive[i] {
			continue
		}
		adj[pos[e.Row]] = int32(i)
		pos[e.Row]++
		c := int32(nRows) + e.Col
		adj[pos[c]] = int32(i)
		pos[c]++
	}
	removed := make([]bool, n)
	edgeGone := make([]bool, len(edges))
	h := make(peelHeap, 0, n)
	live := 0
	for i := 0; i < n; i++ {
		if cnt[i+1] > cnt[i] {
			h = append(h, peelItem{int32(i), pri[i]})
			live++
		} else {
			removed[i] = true
		}
	}
	heap.Init(&h)
	order := make([]int32, 0, live)
	bestScore, bestAt := 0.0, 0
	if live > 0 {
		bestScore = total / float64(live)
	}
	cur := total
	for h.Len() > 0 {
		it := heap.Pop(&h).(peelItem)
		if removed[it.node] || it.pri != pri[it.node] {
			continue
		}
		removed[it.node] = true
		order = append(order, it.node)
		live--
		for _, ei := range adj[cnt[it.node]:cnt[it.node+1]] {
			if edgeGone[ei] {
				continue
			}
			edgeGone[ei] = true
			e := edges[ei]
			w := colW[e.Col]
			cur -= w
			other := e.Row
			if int(it.node) < nRows {
				other = int32(nRows) + e.Col
			}
			pri[other] -= w
			if !removed[other] {
				heap.Push(&h, peelItem{other, pri[other]})
			}
		}
		if live > 0 {
			if s := cur / float64(live); s > bestScore {
				bestScore, bestAt = s, len(order)
			}
		}
	}
	in := make([]bool, n)
	for i := 0; i < n; i++ {
		if cnt[i+1] > cnt[i] {
			in[i] = true
		}
	}
	for _, v := range order[:bestAt] {
		in[v] = false
	}
	var blk Block
	blk.Density = bestScore
	for i := 0; i < n; i++ {
		if !in[i] {
			continue
		}
		if i < nRows {
			blk.Rows = append(blk.Rows, int32(i))
		} else {
			blk.Cols = append(blk.Cols, int32(i-nRows))
		}
	}
	for i, e := range edges {
		if alive[i] && in[e.Row] && in[nRows+int(e.Col)] {
			blk.Edges++
		}
	}
	return blk, in
}
