package score

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recordedCV are the cross-validated figures docs/SCORE.md records per
// seed, from which the README's means are taken.
type recordedCV struct {
	Readme string `json:"readme"`
	Seeds  map[string]struct {
		F1  float64 `json:"f1"`
		AUC float64 `json:"auc"`
	} `json:"seeds"`
}

// recordedMeanSD returns the mean and sample standard deviation of xs.
func recordedMeanSD(xs []float64) (float64, float64) {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// TestCVMatchesRecorded checks what the README claims about the shipped
// model. The README's F1 and AUC must be the means of the per-seed figures
// docs/SCORE.md records (seeds 1–5), and a fresh 5-fold cross-validation
// (seed 1) with the shipped model's recorded training options must land
// within three standard deviations of that mean, the deviation taken from
// the recorded spread over seeds 1–10: a drift larger than seed noise
// means the README no longer describes the code. It trains 15 boosters
// and is skipped under -race (scripts/test.sh runs it without -race) and
// without the shared data.
func TestCVMatchesRecorded(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("cross-validation trains 15 boosters; run without -race and -short (scripts/test.sh does)")
	}
	b, err := os.ReadFile(filepath.Join("testdata", "cv_recorded.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec recordedCV
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	var f1First, aucFirst, f1All, aucAll []float64
	for s := 1; s <= 10; s++ {
		r, ok := rec.Seeds[fmt.Sprint(s)]
		if !ok {
			t.Fatalf("no recorded figures for seed %d", s)
		}
		if s <= 5 {
			f1First, aucFirst = append(f1First, r.F1), append(aucFirst, r.AUC)
		}
		f1All, aucAll = append(f1All, r.F1), append(aucAll, r.AUC)
	}
	f1Mean, _ := recordedMeanSD(f1First)
	aucMean, _ := recordedMeanSD(aucFirst)
	_, f1SD := recordedMeanSD(f1All)
	_, aucSD := recordedMeanSD(aucAll)

	// The README states the recorded means.
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	claim := fmt.Sprintf(rec.Readme, f1Mean, aucMean)
	if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), claim) {
		t.Errorf("README does not state the recorded means: want %q", claim)
	}

	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	opts := m.Trained.Options
	opts.Seed = 1
	data := loadCresci(t)
	ms, err := CrossValidate(data, 5, 1, Boosted(opts))
	if err != nil {
		t.Fatal(err)
	}
	got := ms[0]
	t.Logf("seed 1: F1 %.4f AUC %.4f; recorded mean over seeds 1-5 F1 %.4f AUC %.4f; per-seed sd F1 %.4f AUC %.4f (seeds 1-10)",
		got.F1, got.AUC, f1Mean, aucMean, f1SD, aucSD)
	if d := math.Abs(got.F1 - f1Mean); d > 3*f1SD {
		t.Errorf("F1 %.4f is %.4f from the recorded mean %.4f: more than 3 per-seed sd (%.4f); rerun the per-seed table in docs/SCORE.md and update the README", got.F1, d, f1Mean, 3*f1SD)
	}
	if d := math.Abs(got.AUC - aucMean); d > 3*aucSD {
		t.Errorf("AUC %.4f is %.4f from the recorded mean %.4f: more than 3 per-seed sd (%.4f)", got.AUC, d, aucMean, 3*aucSD)
	}
	if r := rec.Seeds["1"]; math.Abs(got.F1-r.F1) > 3*f1SD {
		t.Errorf("seed 1 F1 %.4f, recorded %.4f", got.F1, r.F1)
	}
}
