package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var updateScore = flag.Bool("update-score", false, "rewrite the score command's golden files")

const (
	scoreProfiles = "testdata/score/profiles.jsonl"
	scoreLabels   = "testdata/score/labels.tsv"
)

// scoreGolden compares got with testdata/score/name, rewriting it with
// -update-score.
func scoreGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "score", name)
	if *updateScore {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update-score)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -run %s -update-score after checking):\n%s", path, t.Name(), got)
	}
}

// checkScoreCSV parses score output and checks its shape; it returns the
// scores by account id.
func checkScoreCSV(t *testing.T, out string) map[string]float64 {
	t.Helper()
	if !strings.HasPrefix(out, "account_id,score,reasons\n") {
		t.Fatalf("header: %q", strings.SplitN(out, "\n", 2)[0])
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]float64{}
	for _, r := range recs[1:] {
		s, err := strconv.ParseFloat(r[1], 64)
		if err != nil || s < 0 || s > 1 {
			t.Fatalf("row %v: score not in [0,1]", r)
		}
		scores[r[0]] = s
	}
	return scores
}

func TestScoreFilesGolden(t *testing.T) {
	status, out, stderr := cli(t, "", "score", scoreProfiles)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	if n := len(checkScoreCSV(t, out)); n != 40 {
		t.Errorf("%d accounts scored, want 40", n)
	}
	scoreGolden(t, "score.golden", out)
}

func TestScoreStdinAndNoReasons(t *testing.T) {
	in, err := os.ReadFile(scoreProfiles)
	if err != nil {
		t.Fatal(err)
	}
	status, out, stderr := cli(t, string(in), "score", "--reasons", "0", "-")
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	checkScoreCSV(t, out)
	if !strings.Contains(out, `1000,`) || !strings.Contains(out, `,""`+"\n") {
		t.Errorf("want empty quoted reasons:\n%s", out)
	}
}

func TestScoreStore(t *testing.T) {
	dir := t.TempDir()
	if status, _, stderr := cli(t, "", "ingest", "--store", dir, scoreProfiles); status != 0 {
		t.Fatalf("ingest: status %d: %s", status, stderr)
	}
	status, out, stderr := cli(t, "", "score", "--store", dir)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	fromStore := checkScoreCSV(t, out)
	_, out, _ = cli(t, "", "score", scoreProfiles)
	fromFile := checkScoreCSV(t, out)
	if len(fromStore) != len(fromFile) {
		t.Fatalf("store scored %d accounts, files %d", len(fromStore), len(fromFile))
	}
	for id, s := range fromFile {
		if fromStore[id] != s {
			t.Errorf("account %s: %v from the store, %v from the file", id, fromStore[id], s)
		}
	}
}

func TestTrainCVAndScoreWithModel(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.json")
	args := []string{"train", "--labels", scoreLabels, "--profiles", scoreProfiles, "--trees", "30", "--seed", "3"}
	status, out, stderr := cli(t, "", append(args, "--cv", "2", "--out", model)...)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	for _, want := range []string{"2-fold", "precision", "boosted trees", "logistic regression", "reliability"} {
		if !strings.Contains(out, want) {
			t.Errorf("cv report lacks %q:\n%s", want, out)
		}
	}
	first, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	if status, _, stderr := cli(t, "", append(args, "--out", model)...); status != 0 {
		t.Fatalf("retrain: status %d: %s", status, stderr)
	}
	second, _ := os.ReadFile(model)
	if !bytes.Equal(first, second) {
		t.Error("training twice with the same seed wrote different models")
	}
	status, out, stderr = cli(t, "", "score", "--model", model, scoreProfiles)
	if status != 0 {
		t.Fatalf("score: status %d: %s", status, stderr)
	}
	scores := checkScoreCSV(t, out)
	// The fixture is separable: the model fits its own training data.
	if scores["1000"] < 0.5 || scores["1001"] >= 0.5 {
		t.Errorf("bot 1000 scored %v, human 1001 scored %v", scores["1000"], scores["1001"])
	}
}

func TestScoreAndTrainErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"botsweep-score","version":9}`), 0o644)
	badLabels := filepath.Join(dir, "labels.tsv")
	os.WriteFile(badLabels, []byte("1000\tbot\n1001\tmaybe\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		status int
		want   string
	}{
		{"score needs input", []string{"score"}, 2, "either --store"},
		{"score takes one kind of input", []string{"score", "--store", dir, scoreProfiles}, 2, "either --store"},
		{"missing model file", []string{"score", "--model", filepath.Join(dir, "none.json"), scoreProfiles}, 1, "none.json"},
		{"model of another version", []string{"score", "--model", bad, scoreProfiles}, 1, "version 9"},
		{"missing profile file", []string{"score", filepath.Join(dir, "none.jsonl")}, 1, "none.jsonl"},
		{"train needs labels", []string{"train", "--profiles", scoreProfiles, "--out", bad}, 2, "--labels"},
		{"train needs an output", []string{"train", "--labels", scoreLabels, "--profiles", scoreProfiles}, 2, "--out"},
		{"train one fold", []string{"train", "--labels", scoreLabels, "--profiles", scoreProfiles, "--cv", "1"}, 2, "2 folds"},
		{"bad label", []string{"train", "--labels", badLabels, "--profiles", scoreProfiles, "--cv", "2"}, 1, "labels.tsv:2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, out, stderr := cli(t, "", tc.args...)
			if status != tc.status || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "goroutine") {
				t.Errorf("status %d, stderr %q; want status %d mentioning %q", status, stderr, tc.status, tc.want)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
		})
	}
}
