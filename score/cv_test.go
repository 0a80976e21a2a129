package score

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/internal/testutil"
)

func cresciProfiles(t testing.TB) string {
	return filepath.Join(testutil.SharedData(t, "cresci-rtbust-2019"), "profiles.jsonl")
}

func loadCresci(t testing.TB) []Labeled {
	t.Helper()
	dir := testutil.SharedData(t, "cresci-rtbust-2019")
	ctx := context.Background()
	labels, err := ReadLabelsFile(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	ds, _, err := Load(ctx, []string{filepath.Join(dir, "profiles.jsonl")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Examples(ctx, ds, labels, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func loadBotwiki(t testing.TB) []Labeled {
	t.Helper()
	dir := testutil.SharedData(t, "botwiki-2019")
	ds, _, err := Load(context.Background(), []string{filepath.Join(dir, "profiles.jsonl")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := Extract(context.Background(), ds, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []Labeled
	for _, s := range samples {
		out = append(out, Labeled{Sample: s, Bot: true, Extra: true})
	}
	return out
}

// TestCrossValidateCresci is the "must show": stratified 5-fold
// cross-validation on cresci-rtbust-2019 (deterministic folds, seed 1)
// with the default options, as the shipped model is trained. It prints
// precision, recall, F1, AUC and the reliability table, and fails when the
// model is not well above the trivial baseline or its peers, or is badly
// calibrated.
func TestCrossValidateCresci(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("cross-validation trains 95 boosters on one goroutine; skipped with -short and -race")
	}
	data := loadCresci(t)
	ms, err := CrossValidate(data, 5, 1, Boosted(TrainOptions{Seed: 1}), SingleTree(1), Logistic())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	WriteReport(&b, 5, ms)
	t.Log("\n" + b.String())
	m := ms[0]
	if m.F1 < m.BaselineF1+0.08 {
		t.Errorf("F1 %.4f is not well above the all-bot baseline %.4f", m.F1, m.BaselineF1)
	}
	if m.AUC < 0.83 {
		t.Errorf("AUC %.4f < 0.83", m.AUC)
	}
	if m.AUC <= ms[1].AUC {
		t.Errorf("boosted AUC %.4f not above the single tree's %.4f", m.AUC, ms[1].AUC)
	}
	// Expected calibration error: the count-weighted gap between mean
	// score and observed bot share over the reliability bins.
	ece := 0.0
	for _, bin := range m.Reliability {
		ece += float64(bin.Count) * math.Abs(bin.MeanScore-bin.BotShare)
	}
	ece /= float64(len(m.Scores))
	t.Logf("expected calibration error %.4f", ece)
	if ece > 0.08 {
		t.Errorf("expected calibration error %.4f > 0.08", ece)
	}
}

func TestFoldsStratifiedAndDeterministic(t *testing.T) {
	data := synthetic(103, 1)
	data = append(data, Labeled{Sample: Sample{ID: "extra", Vector: data[0].Vector}, Bot: true, Extra: true})
	f1 := Folds(data, 5, 9)
	// Reversed input order gives the same fold per id.
	rev := make([]Labeled, len(data))
	for i := range data {
		rev[len(data)-1-i] = data[i]
	}
	f2 := Folds(rev, 5, 9)
	byID := map[string]int{}
	for i, d := range rev {
		byID[d.ID] = f2[i]
	}
	counts := map[[2]int]int{}
	for i, d := range data {
		if f1[i] != byID[d.ID] {
			t.Fatalf("fold of %s depends on input order", d.ID)
		}
		if d.Extra {
			if f1[i] != -1 {
				t.Errorf("extra example in fold %d", f1[i])
			}
			continue
		}
		counts[[2]int{f1[i], int(b2f(d.Bot))}]++
	}
	for k := range 5 {
		for c := range 2 {
			if n := counts[[2]int{k, c}]; n < 10 || n > 11 {
				t.Errorf("fold %d class %d has %d examples, want 10 or 11", k, c, n)
			}
		}
	}
}

// TestAllBotsTrainButNeverCount: all-bot accounts (--all-bots) train in
// every fold but are never scored in cross-validation.
func TestAllBotsTrainButNeverCount(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("trains on the shared data; skipped with -short and -race")
	}
	data := loadCresci(t)
	n := len(data)
	data = append(data, loadBotwiki(t)...)
	ms, err := CrossValidate(data, 5, 1, Boosted(TrainOptions{Trees: 10, Bags: 1, CalibrationFolds: -1, Seed: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms[0].Scores) != n || n == len(data) {
		t.Errorf("%d accounts scored, want the %d labeled ones of %d", len(ms[0].Scores), n, len(data))
	}
}
