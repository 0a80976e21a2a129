package score

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/botsweep/botsweep"
)

// Learner fits a probability model; CrossValidate compares learners.
type Learner struct {
	Name string
	Fit  func(train []Labeled) (func(x []float64) float64, error)
}

// Boosted is the calibrated gradient-boosted ensemble that Train builds.
func Boosted(o TrainOptions) Learner {
	return Learner{Name: "boosted trees (calibrated)", Fit: func(train []Labeled) (func([]float64) float64, error) {
		m, err := Train(train, o)
		if err != nil {
			return nil, err
		}
		return m.Score, nil
	}}
}

// SingleTree is the naive peer: one uncalibrated depth-5 tree.
func SingleTree(seed uint64) Learner {
	return Learner{Name: "single tree (depth 5)", Fit: func(train []Labeled) (func([]float64) float64, error) {
		o := TrainOptions{Trees: 1, Depth: 5, LearningRate: 1, Subsample: 1, ColSample: 1, Bags: 1, CalibrationFolds: -1, Seed: seed}
		m, err := Train(train, o)
		if err != nil {
			return nil, err
		}
		return m.Score, nil
	}}
}

// Logistic is the linear peer: L2-regularised logistic regression on
// standardised log1p-transformed features, missing values imputed by 0
// after standardising (the training mean).
func Logistic() Learner {
	return Learner{Name: "logistic regression", Fit: func(train []Labeled) (func([]float64) float64, error) {
		return fitLogistic(train), nil
	}}
}

func logTransform(v float64) float64 {
	if math.IsNaN(v) {
		return v
	}
	return math.Copysign(math.Log1p(math.Abs(v)), v)
}

func fitLogistic(train []Labeled) func([]float64) float64 {
	d := len(Features)
	mean, sd := make([]float64, d), make([]float64, d)
	for f := range d {
		n := 0.0
		for i := range train {
			if v := logTransform(train[i].Vector[f]); !math.IsNaN(v) {
				mean[f] += v
				n++
			}
		}
		if n > 0 {
			mean[f] /= n
		}
		for i := range train {
			if v := logTransform(train[i].Vector[f]); !math.IsNaN(v) {
				sd[f] += (v - mean[f]) * (v - mean[f])
			}
		}
		if n > 0 {
			sd[f] = math.Sqrt(sd[f] / n)
		}
		if sd[f] == 0 {
			sd[f] = 1
		}
	}
	std := func(x []float64) []float64 {
		z := make([]float64, d)
		for f := range d {
			if v := logTransform(x[f]); !math.IsNaN(v) {
				z[f] = (v - mean[f]) / sd[f]
			}
		}
		return z
	}
	zs := make([][]float64, len(train))
	for i := range train {
		zs[i] = std(train[i].Vector)
	}
	w := make([]float64, d)
	b := 0.0
	const lambda, rate = 1e-2, 0.5
	grad := make([]float64, d)
	for range 500 {
		clear(grad)
		gb, sw := 0.0, 0.0
		for i := range train {
			s := b
			for f := range d {
				s += w[f] * zs[i][f]
			}
			wt := train[i].weight()
			e := wt * (1/(1+math.Exp(-s)) - b2f(train[i].Bot))
			for f := range d {
				grad[f] += e * zs[i][f]
			}
			gb += e
			sw += wt
		}
		for f := range d {
			w[f] -= rate * (grad[f]/sw + lambda*w[f])
		}
		b -= rate * gb / sw
	}
	return func(x []float64) float64 {
		z := std(x)
		s := b
		for f := range d {
			s += w[f] * z[f]
		}
		return 1 / (1 + math.Exp(-s))
	}
}

// Bin is one row of a reliability table.
type Bin struct {
	Lo, Hi    float64 // score range [Lo, Hi)
	Count     int
	MeanScore float64
	BotShare  float64 // observed share of bots
}

// Metrics are a learner's cross-validated figures at threshold 0.5.
type Metrics struct {
	Learner                    string
	Precision, Recall, F1, AUC float64
	Accuracy, Brier            float64
	TP, FP, TN, FN             int
	Reliability                []Bin
	BaselineF1                 float64 // F1 of calling every account a bot
	Scores                     []float64
	Labels                     []bool
}

// CrossValidate runs stratified k-fold cross-validation (folds from Folds
// with the seed; Extra examples always train) and returns each learner's
// out-of-fold figures.
func CrossValidate(data []Labeled, k int, seed uint64, learners ...Learner) ([]Metrics, error) {
	if k < 2 {
		return nil, botsweep.Errorf(botsweep.EINVALID, "cross-validation needs at least 2 folds, got %d", k)
	}
	folds := Folds(data, k, seed)
	var out []Metrics
	for _, l := range learners {
		var scores []float64
		var labels []bool
		for f := range k {
			train, test := split(data, folds, f)
			if len(test) == 0 {
				return nil, botsweep.Errorf(botsweep.EINVALID, "fold %d is empty: too few labeled accounts for %d folds", f, k)
			}
			pred, err := l.Fit(train)
			if err != nil {
				return nil, err
			}
			for i := range test {
				scores = append(scores, pred(test[i].Vector))
				labels = append(labels, test[i].Bot)
			}
		}
		m := Evaluate(scores, labels)
		m.Learner = l.Name
		out = append(out, m)
	}
	return out, nil
}

// Evaluate computes the figures of scores against labels.
func Evaluate(scores []float64, labels []bool) Metrics {
	m := Metrics{Scores: scores, Labels: labels}
	for i, s := range scores {
		switch {
		case s >= 0.5 && labels[i]:
			m.TP++
		case s >= 0.5:
			m.FP++
		case labels[i]:
			m.FN++
		default:
			m.TN++
		}
		m.Brier += (s - b2f(labels[i])) * (s - b2f(labels[i]))
	}
	n := len(scores)
	if n > 0 {
		m.Brier /= float64(n)
		m.Accuracy = float64(m.TP+m.TN) / float64(n)
	}
	m.Precision = ratio(m.TP, m.TP+m.FP)
	m.Recall = ratio(m.TP, m.TP+m.FN)
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	if pos := m.TP + m.FN; n > 0 && pos > 0 {
		p := float64(pos) / float64(n)
		m.BaselineF1 = 2 * p / (p + 1)
	}
	m.AUC = auc(scores, labels)
	for b := range 10 {
		bin := Bin{Lo: float64(b) / 10, Hi: float64(b+1) / 10}
		bots := 0
		for i, s := range scores {
			if s >= bin.Lo && (s < bin.Hi || b == 9) {
				bin.Count++
				bin.MeanScore += s
				if labels[i] {
					bots++
				}
			}
		}
		if bin.Count > 0 {
			bin.MeanScore /= float64(bin.Count)
			bin.BotShare = float64(bots) / float64(bin.Count)
		}
		m.Reliability = append(m.Reliability, bin)
	}
	return m
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// auc is the area under the ROC curve (ties count half).
func auc(scores []float64, labels []bool) float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case scores[a] < scores[b]:
			return -1
		case scores[a] > scores[b]:
			return 1
		}
		return 0
	})
	// Mann-Whitney U with average ranks.
	rankSum, pos := 0.0, 0
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2
		for _, k := range idx[i:j] {
			if labels[k] {
				rankSum += avg
				pos++
			}
		}
		i = j
	}
	neg := len(scores) - pos
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - float64(pos*(pos+1))/2) / float64(pos*neg)
}

// WriteReport writes the figures of every learner, then the first
// learner's reliability table, as plain text.
func WriteReport(w io.Writer, k int, ms []Metrics) error {
	var b strings.Builder
	if len(ms) == 0 {
		return nil
	}
	m0 := ms[0]
	fmt.Fprintf(&b, "stratified %d-fold cross-validation, %d labeled accounts (%d bot, %d human), threshold 0.5\n",
		k, len(m0.Scores), m0.TP+m0.FN, m0.TN+m0.FP)
	fmt.Fprintf(&b, "%-28s %9s %7s %7s %7s %8s %7s\n", "learner", "precision", "recall", "F1", "AUC", "accuracy", "Brier")
	for _, m := range ms {
		fmt.Fprintf(&b, "%-28s %9.4f %7.4f %7.4f %7.4f %8.4f %7.4f\n", m.Learner, m.Precision, m.Recall, m.F1, m.AUC, m.Accuracy, m.Brier)
	}
	fmt.Fprintf(&b, "%-28s %9s %7s %7.4f\n", "(every account a bot)", "", "", m0.BaselineF1)
	fmt.Fprintf(&b, "\nreliability of %s (out-of-fold scores):\n", m0.Learner)
	fmt.Fprintf(&b, "%-11s %6s %10s %9s\n", "score", "count", "mean score", "bot share")
	for _, bin := range m0.Reliability {
		if bin.Count == 0 {
			fmt.Fprintf(&b, "[%.1f, %.1f) %6d %10s %9s\n", bin.Lo, bin.Hi, 0, "-", "-")
			continue
		}
		fmt.Fprintf(&b, "[%.1f, %.1f) %6d %10.3f %9.3f\n", bin.Lo, bin.Hi, bin.Count, bin.MeanScore, bin.BotShare)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
