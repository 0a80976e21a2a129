package score

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/botsweep/botsweep"
)

// Labeled is a training example.
type Labeled struct {
	Sample
	Bot bool
	// Weight scales the example's loss; 0 means 1.
	Weight float64
	// Extra marks examples that only ever train: they are never in a
	// validation fold, never fit the calibration and never count in
	// cross-validated figures (e.g. all-bot sets such as botwiki, whose
	// class balance is not the population's).
	Extra bool
}

func (l *Labeled) weight() float64 {
	if l.Weight > 0 {
		return l.Weight
	}
	return 1
}

// Train fits a calibrated gradient-boosted ensemble on data. The result
// depends only on data (in order), the options and the seed.
func Train(data []Labeled, o TrainOptions) (*Model, error) {
	o = o.withDefaults()
	bots, humans := 0, 0
	for _, d := range data {
		if len(d.Vector) != len(Features) {
			return nil, botsweep.Errorf(botsweep.EINVALID, "sample %s has %d features, want %d", d.ID, len(d.Vector), len(Features))
		}
		if d.Bot {
			bots++
		} else {
			humans++
		}
	}
	if bots == 0 || humans == 0 {
		return nil, botsweep.Errorf(botsweep.EINVALID, "training needs both bots and humans (have %d bots, %d humans)", bots, humans)
	}
	base, trees := fitTrees(data, o)
	m := &Model{
		Format: FormatName, Version: FormatVersion,
		Base: base, Trees: trees,
		Trained: TrainInfo{Samples: len(data), Bots: bots, Humans: humans, Options: o},
	}
	for f := range Features {
		m.Features = append(m.Features, Features[f].Name)
		m.Medians = append(m.Medians, median(data, f))
	}
	if o.CalibrationFolds > 1 {
		cal, err := calibrate(data, o)
		if err != nil {
			return nil, err
		}
		m.Calibration = cal
	}
	return m, nil
}

// fitTrees fits o.Bags boosters with seeds Seed, Seed+1, ... and averages
// their margins: the trees of all, each output divided by Bags.
func fitTrees(data []Labeled, o TrainOptions) (float64, []Tree) {
	if o.Bags <= 1 {
		return fitBooster(data, o)
	}
	var base float64
	var all []Tree
	scale := 1 / float64(o.Bags)
	for b := range o.Bags {
		ob := o
		ob.Seed = o.Seed + uint64(b)
		bb, trees := fitBooster(data, ob)
		base += bb * scale
		for _, t := range trees {
			for i := range t.Nodes {
				t.Nodes[i].Value *= scale
			}
			all = append(all, t)
		}
	}
	return base, all
}

func fitBooster(data []Labeled, o TrainOptions) (float64, []Tree) {
	rows := make([][]float64, len(data))
	y, w := make([]float64, len(data)), make([]float64, len(data))
	for i := range data {
		rows[i] = data[i].Vector
		if data[i].Bot {
			y[i] = 1
		}
		w[i] = data[i].weight()
	}
	return boost(newMatrix(rows, len(Features)), y, w, o)
}

// margins returns the raw margins of rows under base and trees.
func margins(base float64, trees []Tree, rows []Labeled) []float64 {
	m := &Model{Base: base, Trees: trees}
	out := make([]float64, len(rows))
	for i := range rows {
		out[i] = m.Margin(rows[i].Vector)
	}
	return out
}

// calibrate fits the isotonic map on out-of-fold margins of the non-Extra
// examples, folds stratified and drawn with the seed.
func calibrate(data []Labeled, o TrainOptions) (Calibration, error) {
	folds := Folds(data, o.CalibrationFolds, o.Seed^0xca11)
	var xs, ys, ws []float64
	inner := o
	inner.CalibrationFolds = -1
	for k := range o.CalibrationFolds {
		train, test := split(data, folds, k)
		if len(test) == 0 {
			continue
		}
		base, trees := fitTrees(train, inner)
		for i, mg := range margins(base, trees, test) {
			xs = append(xs, mg)
			ys = append(ys, b2f(test[i].Bot))
			ws = append(ws, test[i].weight())
		}
	}
	if len(xs) == 0 {
		return Calibration{}, nil
	}
	return isotonic(xs, ys, ws), nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Folds assigns every non-Extra example a fold in [0,k), stratified by
// label: each class is shuffled with the seed and dealt round-robin.
// Extra examples get -1 (always training).
func Folds(data []Labeled, k int, seed uint64) []int {
	folds := make([]int, len(data))
	rng := rand.New(rand.NewPCG(seed, 0xf01d5))
	for _, bot := range []bool{true, false} {
		var idx []int
		for i := range data {
			if data[i].Extra {
				folds[i] = -1
			} else if data[i].Bot == bot {
				idx = append(idx, i)
			}
		}
		// Order by id first so the folds do not depend on input order.
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case data[a].ID < data[b].ID:
				return -1
			case data[a].ID > data[b].ID:
				return 1
			}
			return 0
		})
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for j, i := range idx {
			folds[i] = j % k
		}
	}
	return folds
}

// split returns the examples outside fold k (training, Extra included) and
// inside it.
func split(data []Labeled, folds []int, k int) (train, test []Labeled) {
	for i := range data {
		if folds[i] == k {
			test = append(test, data[i])
		} else {
			train = append(train, data[i])
		}
	}
	return train, test
}

// isotonic fits a non-decreasing map by pool-adjacent-violators and
// returns it as points at the blocks' mean margins.
func isotonic(xs, ys, ws []float64) Calibration {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	type block struct{ sx, sy, w float64 }
	var st []block
	for _, i := range idx {
		st = append(st, block{xs[i] * ws[i], ys[i] * ws[i], ws[i]})
		for len(st) > 1 {
			a, b := st[len(st)-2], st[len(st)-1]
			if a.sy/a.w < b.sy/b.w {
				break
			}
			st = st[:len(st)-2]
			st = append(st, block{a.sx + b.sx, a.sy + b.sy, a.w + b.w})
		}
	}
	var c Calibration
	for _, b := range st {
		x, y := b.sx/b.w, min(max(b.sy/b.w, 0), 1)
		if n := len(c.X); n > 0 && x <= c.X[n-1] {
			x = math.Nextafter(c.X[n-1], math.Inf(1))
		}
		c.X = append(c.X, x)
		c.Y = append(c.Y, y)
	}
	return c
}

// median is the median of feature f over the non-missing values of data's
// non-Extra examples (0 when none).
func median(data []Labeled, f int) float64 {
	var vs []float64
	for i := range data {
		if v := data[i].Vector[f]; !data[i].Extra && !math.IsNaN(v) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}
