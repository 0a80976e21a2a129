package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/score"
)

// TestTrainRecordsOptions: the model file records the hyperparameter
// flags given, in its command and its options, so the command reproduces
// the model.
func TestTrainRecordsOptions(t *testing.T) {
	model := filepath.Join(t.TempDir(), "m.json")
	status, _, stderr := cli(t, "", "train", "--labels", scoreLabels, "--profiles", scoreProfiles,
		"--trees", "7", "--bags", "2", "--colsample", "0.75", "--seed", "4", "--out", model)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	f, err := os.Open(model)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := score.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(m.Trained.Command, "--trees 7 --bags 2 --colsample 0.75 --seed 4 --out m.json") {
		t.Errorf("recorded command %q", m.Trained.Command)
	}
	o := m.Trained.Options
	if o.Trees != 7 || o.Bags != 2 || o.ColSample != 0.75 || o.Seed != 4 || o.Depth != 3 {
		t.Errorf("recorded options %+v", o)
	}
	// Two boosters of 7 trees.
	if len(m.Trees) != 14 {
		t.Errorf("%d trees, want 14", len(m.Trees))
	}
}

func TestTrainCommandDefaultsAndFlags(t *testing.T) {
	got := trainCommand([]string{"l.tsv"}, []string{"p.jsonl"}, nil, 0.5, score.TrainOptions{}, 1, "/tmp/x/model.json")
	if want := "botsweep train --labels l.tsv --profiles p.jsonl --seed 1 --out model.json"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = trainCommand([]string{"l.tsv"}, []string{"p.jsonl"}, []string{"b.jsonl"}, 0.25,
		score.TrainOptions{Trees: 200, Depth: 4, LearningRate: 0.02, Bags: 3, ColSample: 0.5}, 9, "m.json")
	want := "botsweep train --labels l.tsv --profiles p.jsonl --all-bots b.jsonl --all-bots-weight 0.25 " +
		"--trees 200 --depth 4 --learning-rate 0.02 --bags 3 --colsample 0.5 --seed 9 --out m.json"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTrainRejectsBadOptions(t *testing.T) {
	for _, args := range [][]string{{"--colsample", "1.5"}, {"--bags", "-1"}, {"--trees", "-3"}} {
		a := append([]string{"train", "--labels", scoreLabels, "--profiles", scoreProfiles, "--cv", "2"}, args...)
		status, out, stderr := cli(t, "", a...)
		if status != 2 || !strings.Contains(stderr, "--colsample") || out != "" {
			t.Errorf("%v: status %d, stdout %q, stderr %q; want a usage error", args, status, out, stderr)
		}
	}
}
