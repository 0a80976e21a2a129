package score

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/botsweep/botsweep"
)

// FormatName and FormatVersion identify model files; Parse refuses others.
const (
	FormatName    = "botsweep-score"
	FormatVersion = 1
)

// Model is a trained, calibrated tree ensemble. Its JSON form is the model
// file (docs/SCORE.md); Parse reads and validates one.
type Model struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Features names the model's inputs, in the order tree nodes index them.
	Features []string `json:"features"`
	// Medians are the training medians of the features, in the same order
	// (for people reading the file and for tools that impute).
	Medians []float64 `json:"medians"`
	// Base is the margin (log-odds) before any tree.
	Base  float64 `json:"base"`
	Trees []Tree  `json:"trees"`
	// Calibration maps the margin to a probability.
	Calibration Calibration `json:"calibration"`
	// Trained records how the model was made.
	Trained TrainInfo `json:"trained"`

	index []int // model feature -> position in Features (the package list)
}

// TrainInfo describes the training run behind a model.
type TrainInfo struct {
	Command string       `json:"command,omitempty"`
	Samples int          `json:"samples"`
	Bots    int          `json:"bots"`
	Humans  int          `json:"humans"`
	Options TrainOptions `json:"options"`
}

// Calibration is a monotone piecewise-linear map from margin X to
// probability Y (isotonic regression on out-of-fold margins), constant
// beyond its ends. With no points the probability is the logistic of the
// margin.
type Calibration struct {
	X []float64 `json:"x"`
	Y []float64 `json:"y"`
}

// Apply maps a margin to a probability in [0,1].
func (c *Calibration) Apply(margin float64) float64 {
	n := len(c.X)
	if n == 0 {
		return 1 / (1 + math.Exp(-margin))
	}
	if margin <= c.X[0] {
		return c.Y[0]
	}
	if margin >= c.X[n-1] {
		return c.Y[n-1]
	}
	i := sort.SearchFloat64s(c.X, margin) // c.X[i-1] < margin <= c.X[i]
	x0, x1, y0, y1 := c.X[i-1], c.X[i], c.Y[i-1], c.Y[i]
	if x1 == x0 {
		return y1
	}
	return y0 + (y1-y0)*(margin-x0)/(x1-x0)
}

// Margin returns the model's log-odds for x, a vector in the order of the
// package's Features.
func (m *Model) Margin(x []float64) float64 {
	s := m.Base
	xm := m.project(x)
	for i := range m.Trees {
		t := &m.Trees[i]
		s += t.Nodes[t.leaf(xm)].Value
	}
	return s
}

// Score returns the calibrated probability that the account with feature
// vector x (in the order of Features) is automated.
func (m *Model) Score(x []float64) float64 {
	return m.Calibration.Apply(m.Margin(x))
}

// project reorders a Features-ordered vector into the model's order.
func (m *Model) project(x []float64) []float64 {
	if m.index == nil {
		return x
	}
	out := make([]float64, len(m.index))
	for i, j := range m.index {
		out[i] = x[j]
	}
	return out
}

// Contribution is one feature's share of a score, in log-odds.
type Contribution struct {
	Feature string
	Value   float64 // the account's feature value (NaN when missing)
	LogOdds float64 // positive pushes towards bot
	// High is true when the splits on this feature that pushed the score
	// to its side of 0.5 mostly found the value above their thresholds.
	High bool
}

// Explain returns the calibrated score of x and the per-feature
// contributions to its margin, largest magnitude first.
func (m *Model) Explain(x []float64) (float64, []Contribution) {
	xm := m.project(x)
	contrib := make([]float64, len(m.Features))
	side := make([][4]float64, len(m.Features))
	margin := m.Base
	for i := range m.Trees {
		t := &m.Trees[i]
		margin += t.Nodes[0].Value
		t.contribute(xm, contrib, side)
	}
	for _, c := range contrib {
		margin += c
	}
	score := m.Calibration.Apply(margin)
	k := 0 // towards bot
	if score < 0.5 {
		k = 2
	}
	var cs []Contribution
	for f, c := range contrib {
		if c != 0 {
			cs = append(cs, Contribution{Feature: m.Features[f], Value: xm[f], LogOdds: c, High: side[f][k] >= side[f][k+1]})
		}
	}
	slices.SortStableFunc(cs, func(a, b Contribution) int {
		switch {
		case math.Abs(a.LogOdds) > math.Abs(b.LogOdds):
			return -1
		case math.Abs(a.LogOdds) < math.Abs(b.LogOdds):
			return 1
		}
		return strings.Compare(a.Feature, b.Feature)
	})
	return score, cs
}

// Reasons renders up to k features that push the score towards its side of
// 0.5 (towards bot for a score of at least 0.5, towards human below), for
// example "followers_per_day high; default_profile_image". A numeric
// feature is "high" when the splits behind its push found the value above
// their thresholds, "low" when below; a flag is named when set and
// "no name" when not; a missing value is "name missing".
func (m *Model) Reasons(score float64, cs []Contribution, k int) string {
	var parts []string
	for _, c := range cs {
		if len(parts) == k {
			break
		}
		if (score >= 0.5) != (c.LogOdds > 0) {
			continue
		}
		parts = append(parts, m.describe(c))
	}
	return strings.Join(parts, "; ")
}

func (m *Model) describe(c Contribution) string {
	if math.IsNaN(c.Value) {
		return c.Feature + " missing"
	}
	if i := FeatureIndex(c.Feature); i >= 0 && Features[i].Kind == Flag {
		if c.Value >= 0.5 {
			return c.Feature
		}
		return "no " + c.Feature
	}
	if c.High {
		return c.Feature + " high"
	}
	return c.Feature + " low"
}

// Limits on model files, so a hostile file cannot exhaust memory.
const (
	maxTrees = 100_000
	maxNodes = 1 << 16 // per tree
)

// Parse reads and validates a model file. Every failure is an EINVALID
// error with a one-line reason.
func Parse(r io.Reader) (*Model, error) {
	dec := json.NewDecoder(r)
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "model file: %w", err)
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

func invalid(format string, args ...any) error {
	return botsweep.Errorf(botsweep.EINVALID, "model file: "+format, args...)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// validate checks the structure and binds the model's features to the
// package's Features.
func (m *Model) validate() error {
	if m.Format != FormatName {
		return invalid("format %q, want %q", m.Format, FormatName)
	}
	if m.Version != FormatVersion {
		return invalid("version %d is not supported (this botsweep reads version %d)", m.Version, FormatVersion)
	}
	if len(m.Features) == 0 {
		return invalid("no features")
	}
	if len(m.Medians) != len(m.Features) {
		return invalid("%d medians for %d features", len(m.Medians), len(m.Features))
	}
	index := make([]int, len(m.Features))
	identity := len(m.Features) == len(Features)
	seen := map[string]bool{}
	for i, name := range m.Features {
		j := FeatureIndex(name)
		if j < 0 {
			return invalid("feature %q is unknown to this botsweep", name)
		}
		if seen[name] {
			return invalid("feature %q listed twice", name)
		}
		seen[name] = true
		index[i] = j
		identity = identity && i == j
	}
	m.index = index
	if identity {
		m.index = nil
	}
	for i, v := range m.Medians {
		if !finite(v) {
			return invalid("median of %s is not finite", m.Features[i])
		}
	}
	if !finite(m.Base) {
		return invalid("base is not finite")
	}
	if len(m.Trees) == 0 || len(m.Trees) > maxTrees {
		return invalid("%d trees (want 1 to %d)", len(m.Trees), maxTrees)
	}
	for ti, t := range m.Trees {
		n := len(t.Nodes)
		if n == 0 || n > maxNodes {
			return invalid("tree %d has %d nodes (want 1 to %d)", ti, n, maxNodes)
		}
		parents := make([]int, n)
		for i, nd := range t.Nodes {
			if !finite(nd.Value) || !finite(nd.Cover) {
				return invalid("tree %d node %d: value or cover not finite", ti, i)
			}
			if nd.Feature == -1 {
				continue
			}
			if nd.Feature < 0 || nd.Feature >= len(m.Features) {
				return invalid("tree %d node %d: feature %d out of range", ti, i, nd.Feature)
			}
			if math.IsNaN(nd.Threshold) {
				return invalid("tree %d node %d: threshold is NaN", ti, i)
			}
			for _, c := range []int{nd.Left, nd.Right} {
				if c <= i || c >= n {
					return invalid("tree %d node %d: child %d must come after it and within the tree", ti, i, c)
				}
				if parents[c]++; parents[c] > 1 {
					return invalid("tree %d node %d has two parents", ti, c)
				}
			}
			if nd.Left == nd.Right {
				return invalid("tree %d node %d: both children are %d", ti, i, nd.Left)
			}
		}
	}
	c := m.Calibration
	if len(c.X) != len(c.Y) {
		return invalid("calibration has %d x and %d y", len(c.X), len(c.Y))
	}
	for i := range c.X {
		if !finite(c.X[i]) || !(c.Y[i] >= 0 && c.Y[i] <= 1) {
			return invalid("calibration point %d is out of range", i)
		}
		if i > 0 && (c.X[i] < c.X[i-1] || c.Y[i] < c.Y[i-1]) {
			return invalid("calibration is not monotone at point %d", i)
		}
	}
	return nil
}

// WriteTo writes the model file: JSON, one tree per line.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	field := func(name string, v any, last bool) error {
		enc, err := json.Marshal(v)
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "encode model %s: %w", name, err)
		}
		fmt.Fprintf(&b, " %q: %s", name, enc)
		if !last {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		return nil
	}
	b.WriteString("{\n")
	for _, f := range []struct {
		name string
		v    any
	}{
		{"format", m.Format}, {"version", m.Version}, {"trained", m.Trained},
		{"features", m.Features}, {"medians", m.Medians}, {"base", m.Base},
		{"calibration", m.Calibration},
	} {
		if err := field(f.name, f.v, false); err != nil {
			return 0, err
		}
	}
	b.WriteString(" \"trees\": [\n")
	for i, t := range m.Trees {
		enc, err := json.Marshal(t)
		if err != nil {
			return 0, botsweep.Errorf(botsweep.EINTERNAL, "encode model tree %d: %w", i, err)
		}
		b.WriteString("  ")
		b.Write(enc)
		if i < len(m.Trees)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(" ]\n}\n")
	n, err := w.Write(b.Bytes())
	return int64(n), err
}

//go:generate go run ../cmd/botsweep train --labels ../../shared/data/cresci-rtbust-2019/labels.tsv --profiles ../../shared/data/cresci-rtbust-2019/profiles.jsonl --trees 200 --bags 3 --colsample 0.5 --seed 1 --out model.json

//go:embed model.json
var defaultModel []byte

var (
	defaultOnce sync.Once
	defaultM    *Model
	defaultErr  error
)

// Default returns the embedded model, trained on cresci-rtbust-2019
// (docs/SCORE.md gives the command that retrains it).
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultM, defaultErr = Parse(bytes.NewReader(defaultModel))
		if defaultErr != nil {
			defaultErr = botsweep.Errorf(botsweep.EINTERNAL, "embedded %s", botsweep.ErrorMessage(defaultErr))
		}
	})
	return defaultM, defaultErr
}

// String summarises the model in one line.
func (m *Model) String() string {
	return fmt.Sprintf("%s v%d: %d trees over %d features, trained on %d accounts (%d bot, %d human)",
		m.Format, m.Version, len(m.Trees), len(m.Features), m.Trained.Samples, m.Trained.Bots, m.Trained.Humans)
}
