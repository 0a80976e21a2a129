package score

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
)

// synthetic returns n labeled examples where bots have a high statuses
// rate and often the default image, with label noise, and behaviour
// missing for half of them.
func synthetic(n int, seed uint64) []Labeled {
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []Labeled
	for i := range n {
		bot := i%2 == 0
		v := make([]float64, len(Features))
		for f := range v {
			v[f] = rng.NormFloat64()
		}
		if bot {
			v[FeatureIndex("statuses_per_day")] += 2
		}
		img := 0.0
		if bot == (rng.Float64() < 0.8) {
			img = 1
		}
		v[FeatureIndex("default_profile_image")] = img
		for _, f := range Features {
			if f.Behaviour && i%4 < 2 {
				v[FeatureIndex(f.Name)] = Missing
			}
		}
		out = append(out, Labeled{Sample: Sample{ID: string(rune('a'+i%26)) + strings.Repeat("x", i/26), Vector: v}, Bot: bot})
	}
	return out
}

func smallOptions() TrainOptions {
	return TrainOptions{Trees: 40, Depth: 3, Seed: 7}
}

func TestTrainLearnsAndIsDeterministic(t *testing.T) {
	data := synthetic(400, 1)
	m1, err := Train(data, smallOptions())
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Train(data, smallOptions())
	if err != nil {
		t.Fatal(err)
	}
	var b1, b2 bytes.Buffer
	m1.WriteTo(&b1)
	m2.WriteTo(&b2)
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Fatal("two trainings with the same seed differ")
	}
	test := synthetic(400, 2)
	var scores []float64
	var labels []bool
	for _, d := range test {
		scores = append(scores, m1.Score(d.Vector))
		labels = append(labels, d.Bot)
	}
	met := Evaluate(scores, labels)
	if met.AUC < 0.9 || met.F1 < 0.8 {
		t.Errorf("held-out AUC %.3f F1 %.3f on separable data, want >= 0.9 and 0.8", met.AUC, met.F1)
	}
	for _, s := range scores {
		if !(s >= 0 && s <= 1) {
			t.Fatalf("score %v outside [0,1]", s)
		}
	}
}

func TestTrainRefusesOneClass(t *testing.T) {
	data := synthetic(10, 1)
	for i := range data {
		data[i].Bot = true
	}
	_, err := Train(data, smallOptions())
	if botsweep.ErrorCode(err) != botsweep.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
}

func TestMissingIsLearnt(t *testing.T) {
	// Bots lack behaviour data, humans have it: a split on missing alone
	// must separate them.
	var data []Labeled
	for i := range 200 {
		v := make([]float64, len(Features))
		bot := i%2 == 0
		if bot {
			v[FeatureIndex("retweet_share")] = Missing
		} else {
			v[FeatureIndex("retweet_share")] = float64(i%7) / 7
		}
		data = append(data, Labeled{Sample: Sample{ID: string(rune(i)), Vector: v}, Bot: bot})
	}
	m, err := Train(data, TrainOptions{Trees: 20, ColSample: 1, Bags: 1, Seed: 1, CalibrationFolds: -1})
	if err != nil {
		t.Fatal(err)
	}
	if b, h := m.Score(data[0].Vector), m.Score(data[1].Vector); !(b > 0.7 && h < 0.3) {
		t.Errorf("score(missing) = %.3f, score(present) = %.3f", b, h)
	}
}

func TestExplainSumsToScore(t *testing.T) {
	data := synthetic(300, 3)
	m, err := Train(data, smallOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range data[:20] {
		s, cs := m.Explain(d.Vector)
		if math.Abs(s-m.Score(d.Vector)) > 1e-9 {
			t.Fatalf("Explain score %v != Score %v", s, m.Score(d.Vector))
		}
		r := m.Reasons(s, cs, 3)
		if r == "" || strings.Count(r, ";") > 2 {
			t.Errorf("reasons %q", r)
		}
	}
	// A bot-like account's reasons name the planted signals.
	v := make([]float64, len(Features))
	v[FeatureIndex("statuses_per_day")] = 4
	v[FeatureIndex("default_profile_image")] = 1
	s, cs := m.Explain(v)
	if r := m.Reasons(s, cs, 2); s < 0.5 || !strings.Contains(r, "statuses_per_day high") || !strings.Contains(r, "default_profile_image") {
		t.Errorf("score %.3f reasons %q", s, r)
	}
}

func TestCalibration(t *testing.T) {
	tests := []struct {
		name   string
		xs, ys []float64
		at     map[float64]float64
	}{
		{
			name: "already monotone",
			xs:   []float64{-2, -1, 1, 2}, ys: []float64{0, 0, 1, 1},
			at: map[float64]float64{-3: 0, -1.5: 0, 0: 0.5, 1.5: 1, 3: 1},
		},
		{
			name: "violators pooled",
			xs:   []float64{-1, 0, 1}, ys: []float64{1, 0, 1},
			at: map[float64]float64{-1: 0.5, 1: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := make([]float64, len(tc.xs))
			for i := range ws {
				ws[i] = 1
			}
			c := isotonic(tc.xs, tc.ys, ws)
			for x, want := range tc.at {
				if got := c.Apply(x); math.Abs(got-want) > 1e-9 {
					t.Errorf("Apply(%v) = %v, want %v", x, got, want)
				}
			}
		})
	}
	var none Calibration
	if got := none.Apply(0); got != 0.5 {
		t.Errorf("logistic fallback Apply(0) = %v", got)
	}
}

func TestParseRoundTrip(t *testing.T) {
	m, err := Train(synthetic(200, 4), smallOptions())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	m2, err := Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range synthetic(50, 5) {
		if a, b := m.Score(d.Vector), m2.Score(d.Vector); a != b {
			t.Fatalf("score changed across a round trip: %v != %v", a, b)
		}
	}
}

func TestParseFeatureSubsetAndOrder(t *testing.T) {
	// A model over two features, listed in another order than Features.
	src := `{"format":"botsweep-score","version":1,"features":["verified","statuses"],"medians":[0,10],"base":0,
	"calibration":{"x":[],"y":[]},
	"trees":[{"nodes":[{"f":1,"t":100,"l":1,"r":2,"v":0,"c":1},{"f":-1,"v":-2,"c":1},{"f":-1,"v":2,"c":1}]}]}`
	m, err := Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float64, len(Features))
	v[FeatureIndex("statuses")] = 500
	if got := m.Margin(v); got != 2 {
		t.Errorf("margin = %v, want 2", got)
	}
	s, cs := m.Explain(v)
	if r := m.Reasons(s, cs, 3); r != "statuses high" {
		t.Errorf("reasons = %q", r)
	}
}

func TestParseRejects(t *testing.T) {
	tmpl := `{"format":"botsweep-score","version":1,"features":["statuses"],"medians":[0],"base":0,
		"calibration":{"x":[0,1],"y":[0.2,0.8]},"trees":[{"nodes":[NODES]}]}`
	leafs := `{"f":0,"t":1,"l":1,"r":2,"v":0,"c":1},{"f":-1,"v":1,"c":1},{"f":-1,"v":-1,"c":1}`
	good := func() string { return strings.Replace(tmpl, "NODES", leafs, 1) }
	with := func(nodes string) string { return strings.Replace(tmpl, "NODES", nodes, 1) }
	tests := []struct {
		name, src, want string
	}{
		{"not json", `{`, "model file"},
		{"wrong format", strings.Replace(good(), "botsweep-score", "xgboost", 1), "format"},
		{"future version", strings.Replace(good(), `"version":1`, `"version":2`, 1), "version 2"},
		{"unknown feature", strings.Replace(good(), `["statuses"]`, `["shoe_size"]`, 1), "unknown"},
		{"medians mismatch", strings.Replace(good(), `"medians":[0]`, `"medians":[]`, 1), "medians"},
		{"no trees", strings.Replace(good(), `[{"nodes":[`+leafs+`]}]`, `[]`, 1), "trees"},
		{"empty tree", with(""), "nodes"},
		{"child before parent", with(`{"f":-1,"v":1,"c":1},{"f":0,"t":1,"l":0,"r":0,"v":0,"c":1}`), "after"},
		{"child out of range", with(`{"f":0,"t":1,"l":1,"r":9,"v":0,"c":1},{"f":-1,"v":1,"c":1}`), "after"},
		{"feature out of range", with(strings.Replace(leafs, `"f":0`, `"f":3`, 1)), "out of range"},
		{"shared child", with(`{"f":0,"t":1,"l":1,"r":1,"v":0,"c":1},{"f":-1,"v":1,"c":1}`), "two parents"},
		{"calibration not monotone", strings.Replace(good(), `"y":[0.2,0.8]`, `"y":[0.8,0.2]`, 1), "monotone"},
		{"calibration above one", strings.Replace(good(), `"y":[0.2,0.8]`, `"y":[0.2,1.8]`, 1), "out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.src))
			if err == nil {
				t.Fatal("parsed")
			}
			if botsweep.ErrorCode(err) != botsweep.EINVALID || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want a one-line EINVALID containing %q", err, tc.want)
			}
		})
	}
	if _, err := Parse(strings.NewReader(good())); err != nil {
		t.Errorf("the valid base case fails: %v", err)
	}
}

func TestDefaultModel(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Trees) == 0 || len(m.Calibration.X) == 0 {
		t.Errorf("default model %s has no trees or calibration", m)
	}
}

func FuzzParse(f *testing.F) {
	small, err := Train(synthetic(60, 1), TrainOptions{Trees: 3, Depth: 2, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	small.WriteTo(&b)
	f.Add(b.Bytes())
	f.Add([]byte(`{"format":"botsweep-score","version":1,"features":["verified","statuses"],"medians":[0,10],"base":0,"calibration":{"x":[],"y":[]},"trees":[{"nodes":[{"f":1,"t":100,"l":1,"r":2,"v":0,"c":1},{"f":-1,"v":-2,"c":1},{"f":-1,"v":2,"c":1}]}]}`))
	f.Add([]byte(`{"format":"botsweep-score","version":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(bytes.NewReader(b))
		if err != nil {
			if botsweep.ErrorCode(err) != botsweep.EINVALID {
				t.Fatalf("error code %s: %v", botsweep.ErrorCode(err), err)
			}
			return
		}
		// A model that parses must score any vector without panicking,
		// within [0,1].
		v := make([]float64, len(Features))
		for i := range v {
			if i%3 == 0 {
				v[i] = Missing
			} else {
				v[i] = float64(i)
			}
		}
		s, cs := m.Explain(v)
		if !(s >= 0 && s <= 1) {
			t.Fatalf("score %v", s)
		}
		_ = m.Reasons(s, cs, 3)
	})
}

// TestMissingTakesHeavierSideWhenTrainingHadNone: a feature never missing
// in training (such as a v1.1-only profile field) sends a missing value at
// scoring down the side that held more training weight, not always right.
func TestMissingTakesHeavierSideWhenTrainingHadNone(t *testing.T) {
	f := FeatureIndex("geo_enabled")
	for _, heavyLeft := range []bool{true, false} {
		var data []Labeled
		for i := range 100 {
			v := make([]float64, len(Features))
			for j := range v {
				v[j] = Missing
			}
			// 70 accounts on one side of the split, 30 on the other.
			low := i < 70
			if !heavyLeft {
				low = i >= 70
			}
			if low {
				v[f] = 0
			} else {
				v[f] = 1
			}
			data = append(data, Labeled{Sample: Sample{ID: strconv.Itoa(i), Vector: v}, Bot: !low})
		}
		m, err := Train(data, TrainOptions{Trees: 1, Depth: 1, LearningRate: 1, Subsample: 1, ColSample: 1, Bags: 1, CalibrationFolds: -1, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		root := m.Trees[0].Nodes[0]
		if root.Feature < 0 || m.Features[root.Feature] != "geo_enabled" {
			t.Fatalf("root does not split on geo_enabled: %+v", root)
		}
		if root.MissingLeft != heavyLeft {
			t.Errorf("heavier side left %v: missing goes left %v", heavyLeft, root.MissingLeft)
		}
	}
}
