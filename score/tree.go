package score

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Node is one node of a regression tree. A leaf has Feature -1. An inner
// node sends x to Left when x[Feature] < Threshold, to Right otherwise, and
// a missing (NaN) value to Left when MissingLeft. Value is the node's
// output in log-odds (for inner nodes, what it would output as a leaf: the
// tree-path contributions behind reasons are differences of these), Cover
// the training hessian that reached it.
type Node struct {
	Feature     int     `json:"f"`
	Threshold   float64 `json:"t,omitempty"`
	Left        int     `json:"l,omitempty"`
	Right       int     `json:"r,omitempty"`
	MissingLeft bool    `json:"m,omitempty"`
	Value       float64 `json:"v"`
	Cover       float64 `json:"c"`
}

// Tree is a regression tree; Nodes[0] is the root and every child comes
// after its parent.
type Tree struct {
	Nodes []Node `json:"nodes"`
}

// leaf returns the index of the leaf x reaches.
func (t *Tree) leaf(x []float64) int {
	i := 0
	for {
		n := &t.Nodes[i]
		if n.Feature < 0 {
			return i
		}
		v := x[n.Feature]
		switch {
		case math.IsNaN(v):
			if n.MissingLeft {
				i = n.Left
			} else {
				i = n.Right
			}
		case v < n.Threshold:
			i = n.Left
		default:
			i = n.Right
		}
	}
}

// contribute adds to contrib[f] the change in node value at every split on
// feature f along x's path (Saabas' tree-path attribution), and to side[f]
// that change split by its sign and by whether x went above the threshold
// ([towards bot above, towards bot below, towards human above, towards
// human below], in absolute log-odds). It returns the leaf value.
func (t *Tree) contribute(x []float64, contrib []float64, side [][4]float64) float64 {
	i := 0
	for {
		n := &t.Nodes[i]
		if n.Feature < 0 {
			return n.Value
		}
		v := x[n.Feature]
		next := n.Right
		if math.IsNaN(v) {
			if n.MissingLeft {
				next = n.Left
			}
		} else if v < n.Threshold {
			next = n.Left
		}
		d := t.Nodes[next].Value - n.Value
		contrib[n.Feature] += d
		k := 0
		if next == n.Left {
			k = 1
		}
		if d < 0 {
			k += 2
		}
		side[n.Feature][k] += math.Abs(d)
		i = next
	}
}

// TrainOptions are the trainer's hyperparameters. The zero value gives the
// documented defaults (docs/SCORE.md says how they were chosen: by
// cross-validation on cresci-rtbust-2019 seeds 1-5, confirmed on seeds
// 6-10).
type TrainOptions struct {
	// Trees is the number of boosting rounds of each booster. Default 200.
	Trees int `json:"trees"`
	// Depth is the maximum depth of every tree. Default 3.
	Depth int `json:"depth"`
	// LearningRate shrinks every tree's output. Default 0.05.
	LearningRate float64 `json:"learning_rate"`
	// Lambda is the L2 penalty on leaf values. Default 1.
	Lambda float64 `json:"lambda"`
	// MinChildWeight is the least hessian (roughly samples/4) in a child.
	// Default 1.
	MinChildWeight float64 `json:"min_child_weight"`
	// Subsample is the fraction of rows drawn for each tree. Default 0.8.
	Subsample float64 `json:"subsample"`
	// ColSample is the fraction of features offered to each tree. Default 0.5.
	ColSample float64 `json:"colsample"`
	// Seed makes the row and feature draws (and the calibration folds)
	// reproducible: the same data, options and seed give the same model.
	Seed uint64 `json:"seed"`
	// Bags is the number of boosters, with seeds Seed, Seed+1, ..., whose
	// margins are averaged (their trees are stored together, scaled).
	// Default 3.
	Bags int `json:"bags,omitempty"`
	// CalibrationFolds is the number of folds whose out-of-fold margins
	// fit the isotonic calibration. Default 5; negative disables
	// calibration (the score is then the logistic of the margin).
	CalibrationFolds int `json:"calibration_folds"`
}

func (o TrainOptions) withDefaults() TrainOptions {
	if o.Trees <= 0 {
		o.Trees = 200
	}
	if o.Depth <= 0 {
		o.Depth = 3
	}
	if o.LearningRate <= 0 {
		o.LearningRate = 0.05
	}
	if o.Lambda <= 0 {
		o.Lambda = 1
	}
	if o.MinChildWeight <= 0 {
		o.MinChildWeight = 1
	}
	if o.Subsample <= 0 || o.Subsample > 1 {
		o.Subsample = 0.8
	}
	if o.ColSample <= 0 || o.ColSample > 1 {
		o.ColSample = 0.5
	}
	if o.Bags <= 0 {
		o.Bags = 3
	}
	if o.CalibrationFolds == 0 {
		o.CalibrationFolds = 5
	}
	return o
}

// matrix is the training data column-major, with each column's non-missing
// rows presorted by value.
type matrix struct {
	n, d    int
	cols    [][]float64
	sorted  [][]int32 // non-missing rows by ascending value
	missing [][]int32 // rows where the value is missing
}

func newMatrix(rows [][]float64, d int) *matrix {
	m := &matrix{n: len(rows), d: d, cols: make([][]float64, d), sorted: make([][]int32, d), missing: make([][]int32, d)}
	for f := range d {
		col := make([]float64, len(rows))
		var idx, miss []int32
		for i, r := range rows {
			col[i] = r[f]
			if math.IsNaN(r[f]) {
				miss = append(miss, int32(i))
			} else {
				idx = append(idx, int32(i))
			}
		}
		m.missing[f] = miss
		slices.SortStableFunc(idx, func(a, b int32) int {
			switch {
			case col[a] < col[b]:
				return -1
			case col[a] > col[b]:
				return 1
			}
			return 0
		})
		m.cols[f], m.sorted[f] = col, idx
	}
	return m
}

type splitCand struct {
	gain        float64
	feature     int
	threshold   float64
	missingLeft bool
}

// boost fits a gradient-boosted ensemble with logistic loss and returns
// the base margin and the trees.
func boost(m *matrix, y, w []float64, o TrainOptions) (float64, []Tree) {
	sw, swy := 0.0, 0.0
	for i := range y {
		sw += w[i]
		swy += w[i] * y[i]
	}
	p0 := min(max(swy/sw, 1e-6), 1-1e-6)
	base := math.Log(p0 / (1 - p0))
	margin := make([]float64, m.n)
	for i := range margin {
		margin[i] = base
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	g, h := make([]float64, m.n), make([]float64, m.n)
	inBag := make([]bool, m.n)
	feats := make([]int, m.d)
	trees := make([]Tree, 0, o.Trees)
	for range o.Trees {
		for i := range m.n {
			p := 1 / (1 + math.Exp(-margin[i]))
			g[i] = w[i] * (p - y[i])
			h[i] = w[i] * max(p*(1-p), 1e-6)
			inBag[i] = o.Subsample >= 1 || rng.Float64() < o.Subsample
		}
		for f := range feats {
			feats[f] = f
		}
		rng.Shuffle(len(feats), func(i, j int) { feats[i], feats[j] = feats[j], feats[i] })
		k := max(1, int(math.Round(o.ColSample*float64(m.d))))
		use := slices.Clone(feats[:k])
		slices.Sort(use)
		t := growTree(m, g, h, inBag, use, o)
		row := make([]float64, m.d)
		for i := range m.n {
			for f := range m.d {
				row[f] = m.cols[f][i]
			}
			margin[i] += t.Nodes[t.leaf(row)].Value
		}
		trees = append(trees, t)
	}
	return base, trees
}

// growTree grows one tree level by level: at each level one pass per
// feature over its presorted rows finds the best split of every open node.
func growTree(m *matrix, g, h []float64, inBag []bool, feats []int, o TrainOptions) Tree {
	pos := make([]int32, m.n) // node of each in-bag row, -1 out of bag
	var G, H []float64
	G, H = append(G, 0), append(H, 0)
	for i := range m.n {
		if inBag[i] {
			G[0] += g[i]
			H[0] += h[i]
		} else {
			pos[i] = -1
		}
	}
	leafValue := func(g, h float64) float64 { return -g / (h + o.Lambda) * o.LearningRate }
	nodes := []Node{{Feature: -1, Value: leafValue(G[0], H[0]), Cover: H[0]}}
	frontier := []int{0}
	score := func(g, h float64) float64 { return g * g / (h + o.Lambda) }
	for depth := 0; depth < o.Depth && len(frontier) > 0; depth++ {
		local := make([]int, len(nodes))
		for i := range local {
			local[i] = -1
		}
		for j, nd := range frontier {
			local[nd] = j
		}
		best := make([]splitCand, len(frontier))
		nf := len(frontier)
		gn, hn := make([]float64, nf), make([]float64, nf)
		gl, hl := make([]float64, nf), make([]float64, nf)
		last := make([]float64, nf)
		seen := make([]bool, nf)
		for _, f := range feats {
			idx := m.sorted[f]
			if len(idx) == 0 {
				continue
			}
			// Non-missing totals per node: the node's totals less its
			// missing rows.
			for j, nd := range frontier {
				gn[j], hn[j] = G[nd], H[nd]
			}
			for _, i := range m.missing[f] {
				if p := pos[i]; p >= 0 {
					if j := local[p]; j >= 0 {
						gn[j] -= g[i]
						hn[j] -= h[i]
					}
				}
			}
			clear(gl)
			clear(hl)
			clear(seen)
			col := m.cols[f]
			eval := func(j int, thr float64) {
				nd := frontier[j]
				gt, ht := G[nd], H[nd]
				gm, hm := gt-gn[j], ht-hn[j]
				parent := score(gt, ht)
				// Missing values right. When no training row at this node
				// lacks the feature, missing values (at scoring) take the
				// side with more training weight instead, as the likelier
				// value, so a field a source cannot carry is not read as
				// "high" or "set".
				if hl[j] >= o.MinChildWeight && ht-hl[j] >= o.MinChildWeight {
					if gain := score(gl[j], hl[j]) + score(gt-gl[j], ht-hl[j]) - parent; gain > best[j].gain {
						best[j] = splitCand{gain, f, thr, hm <= 1e-12 && hl[j] > ht-hl[j]}
					}
				}
				// Missing values left.
				if hm > 1e-12 && hl[j]+hm >= o.MinChildWeight && hn[j]-hl[j] >= o.MinChildWeight {
					if gain := score(gl[j]+gm, hl[j]+hm) + score(gn[j]-gl[j], hn[j]-hl[j]) - parent; gain > best[j].gain {
						best[j] = splitCand{gain, f, thr, true}
					}
				}
			}
			for _, i := range idx {
				p := pos[i]
				if p < 0 {
					continue
				}
				j := local[p]
				if j < 0 {
					continue
				}
				v := col[i]
				if seen[j] && v > last[j] {
					thr := last[j] + (v-last[j])/2
					if !(thr > last[j]) {
						thr = v
					}
					eval(j, thr)
				}
				gl[j] += g[i]
				hl[j] += h[i]
				last[j] = v
				seen[j] = true
			}
			// Present against missing: every non-missing value left.
			for j := range nf {
				if seen[j] {
					eval(j, math.MaxFloat64)
				}
			}
		}
		var next []int
		for j, nd := range frontier {
			s := best[j]
			if s.gain <= 1e-12 {
				continue
			}
			l, r := len(nodes), len(nodes)+1
			nodes[nd].Feature, nodes[nd].Threshold, nodes[nd].MissingLeft = s.feature, s.threshold, s.missingLeft
			nodes[nd].Left, nodes[nd].Right = l, r
			nodes = append(nodes, Node{Feature: -1}, Node{Feature: -1})
			G, H = append(G, 0, 0), append(H, 0, 0)
			next = append(next, l, r)
		}
		if len(next) == 0 {
			break
		}
		for i := range m.n {
			p := pos[i]
			if p < 0 || nodes[p].Feature < 0 || local[p] < 0 {
				continue
			}
			n := &nodes[p]
			v := m.cols[n.Feature][i]
			c := n.Right
			if math.IsNaN(v) {
				if n.MissingLeft {
					c = n.Left
				}
			} else if v < n.Threshold {
				c = n.Left
			}
			pos[i] = int32(c)
			G[c] += g[i]
			H[c] += h[i]
		}
		for _, c := range next {
			nodes[c].Value, nodes[c].Cover = leafValue(G[c], H[c]), H[c]
		}
		frontier = next
	}
	return Tree{Nodes: nodes}
}
