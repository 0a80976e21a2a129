package main

import (
	"bytes"
	"encoding/json"
	"github.com/botsweep/botsweep"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

func TestSimulateCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "w")
	status, stdout, stderr := cli(t, "", "simulate", "--out", out, "--seed", "9", "--scale", "0.01",
		"--network", "300", "--network-delay-median-s", "200", "--time-zones", "-5,1", "--network-burst-start", "2019-11-05T00:00:00Z")
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	if !strings.Contains(stdout, "retweet-network 12") {
		t.Errorf("stdout %q", stdout)
	}
	for _, f := range []string{sim.FileTweets, sim.FileUsers, sim.FileFollows, sim.FileTruth, sim.FileOperations, sim.FileDomains, sim.FileCampaigns, sim.FileConfig} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	var cfg sim.Config
	b, _ := os.ReadFile(filepath.Join(out, sim.FileConfig))
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Seed != 9 || cfg.Scale != 0.01 || cfg.Network != 300 || cfg.NetworkDelayMedian != 200 ||
		len(cfg.TimeZones) != 2 || cfg.NetworkBurstStart.Day() != 5 {
		t.Errorf("flags not applied: %+v", cfg)
	}
	// the written scenario file reproduces the world byte for byte
	again := filepath.Join(dir, "again")
	if status, _, stderr := cli(t, "", "simulate", "--config", filepath.Join(out, sim.FileConfig), "--out", again); status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	for _, f := range []string{sim.FileTweets, sim.FileUsers, sim.FileTruth} {
		x, _ := os.ReadFile(filepath.Join(out, f))
		y, _ := os.ReadFile(filepath.Join(again, f))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs when regenerated from scenario.json", f)
		}
	}
}

func TestSimulateErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		want   string
	}{
		{"no out", []string{"simulate"}, 2, "--out"},
		{"bad number", []string{"simulate", "--out", "x", "--network", "many"}, 2, "--network"},
		{"bad time", []string{"simulate", "--out", "x", "--end", "tomorrow"}, 2, "RFC 3339"},
		{"invalid value", []string{"simulate", "--out", "x", "--network-coverage", "2"}, 1, "network_coverage"},
		{"unknown scenario", []string{"simulate", "--out", "x", "--scenario", "mars"}, 1, "unknown scenario"},
		{"missing config", []string{"simulate", "--out", "x", "--config", "/nonexistent.json"}, 1, "scenario file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, stderr := cli(t, "", tt.args...)
			if status != tt.status || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "goroutine") {
				t.Errorf("status %d stderr %q, want %d and %q", status, stderr, tt.status, tt.want)
			}
		})
	}
}

func TestEvalCommand(t *testing.T) {
	truth := filepath.Join("..", "..", "eval", "testdata", "truth.csv")
	det := filepath.Join("..", "..", "eval", "testdata", "run1")
	status, stdout, stderr := cli(t, "", "eval", "--truth", truth, "--detected", det)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	if !strings.Contains(stdout, "summary: flagged 9 accounts in 4 networks") {
		t.Errorf("stdout %q", stdout)
	}
	status, stdout, _ = cli(t, "", "eval", "--truth", truth, "--detected", det, "--json")
	var rep struct {
		Precision     float64 `json:"precision"`
		Summary       string  `json:"summary"`
		HardNegatives []struct {
			Label string  `json:"label"`
			Rate  float64 `json:"fp_rate"`
		} `json:"hard_negatives"`
	}
	if status != 0 || json.Unmarshal([]byte(stdout), &rep) != nil || rep.Summary == "" || len(rep.HardNegatives) != 3 {
		t.Errorf("json output %q", stdout)
	}
	if status, _, stderr := cli(t, "", "eval", "--truth", truth, "--detected", t.TempDir()); status != 1 || !strings.Contains(stderr, "accounts.csv") {
		t.Errorf("missing accounts.csv: %d %q", status, stderr)
	}
	if status, _, _ := cli(t, "", "eval", "--truth", truth); status != 2 {
		t.Errorf("missing --detected: status %d", status)
	}
}

func TestDemoNoServe(t *testing.T) {
	dir := t.TempDir()
	status, stdout, stderr := cli(t, "", "demo", "--no-serve", "--dir", dir, "--scale", "0.01")
	if status != 0 {
		t.Fatalf("status %d\nstdout %s\nstderr %s", status, stdout, stderr)
	}
	for _, stage := range []string{"== simulate ==", "== ingest ==", "== detect ==", "== eval ==", "== sweep ==", "demo done"} {
		if !strings.Contains(stdout, stage) {
			t.Errorf("no %q in output:\n%s", stage, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "world", sim.FileTruth)); err != nil {
		t.Error("--dir did not keep the world")
	}
	// The archive command printed names the state-backed network, the one
	// archive can disclose, whatever the ranking put on top.
	if i := strings.Index(stdout, "(not yet: "); i < 0 {
		t.Errorf("no waiting network in the demo's output:\n%s", stdout)
	} else if first := strings.SplitN(stdout[i:], " and ", 2)[0]; strings.Contains(stdout[i:], "state-backed") && !strings.Contains(first, "state-backed") {
		t.Errorf("the waiting network named first is not the state-backed one: %q", stdout[i:])
	}
}

func TestDemoPickPutsStateBackedFirst(t *testing.T) {
	for _, tc := range []struct {
		name        string
		nets        []botsweep.Network
		sweep       string
		firstWaiter string
	}{
		{"state-backed on top", []botsweep.Network{{ID: "g", Rank: 1, StateBacked: true}, {ID: "f", Rank: 2}, {ID: "s", Rank: 3}}, "f", "g"},
		{"farm on top", []botsweep.Network{{ID: "f", Rank: 1}, {ID: "g", Rank: 2, StateBacked: true}, {ID: "s", Rank: 3}}, "s", "g"},
		{"none state-backed", []botsweep.Network{{ID: "a", Rank: 1}, {ID: "b", Rank: 2}}, "b", "a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sweep, waiting := demoPick(tc.nets)
			if sweep != tc.sweep || len(waiting) == 0 || waiting[0].ID != tc.firstWaiter {
				t.Errorf("demoPick = %q, %+v; want sweep %q, %q waiting first", sweep, waiting, tc.sweep, tc.firstWaiter)
			}
		})
	}
}

// TestSimulateFamilyCommands: the random scenario draws from the seed and
// reproduces from its scenario.json; --without leaves a family out; the
// crowd writes a share table that ingests; eval reads coordinated groups,
// dumps clusters and compares two runs.
func TestSimulateFamilyCommands(t *testing.T) {
	dir := t.TempDir()
	w1, w2, again := filepath.Join(dir, "r1"), filepath.Join(dir, "r2"), filepath.Join(dir, "again")
	for _, run := range [][]string{
		{"simulate", "--scenario", "random", "--seed", "21", "--scale", "0.005", "--out", w1, "--without", "fandom"},
		{"simulate", "--scenario", "random", "--seed", "22", "--scale", "0.005", "--out", w2},
	} {
		if status, _, stderr := cli(t, "", run...); status != 0 {
			t.Fatalf("%v: status %d: %s", run, status, stderr)
		}
	}
	c1, _ := sim.LoadConfig(filepath.Join(w1, sim.FileConfig))
	c2, _ := sim.LoadConfig(filepath.Join(w2, sim.FileConfig))
	if c1.Scenario != "random" || c1.Without != "fandom" || c1.Organic == c2.Organic || c1.NetworkCoverage == c2.NetworkCoverage {
		t.Errorf("random draws do not depend on the seed: %d/%d organic", c1.Organic, c2.Organic)
	}
	truth, err := sim.ReadTruth(filepath.Join(w1, sim.FileTruth))
	if err != nil || len(truth.ByLabel(sim.LabelFandom)) != 0 {
		t.Errorf("--without fandom kept %d fans (%v)", len(truth.ByLabel(sim.LabelFandom)), err)
	}
	if status, _, stderr := cli(t, "", "simulate", "--config", filepath.Join(w1, sim.FileConfig), "--out", again); status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	x, _ := os.ReadFile(filepath.Join(w1, sim.FileTweets))
	y, _ := os.ReadFile(filepath.Join(again, sim.FileTweets))
	if !bytes.Equal(x, y) {
		t.Error("a random world's scenario.json does not reproduce it")
	}

	crowd := filepath.Join(dir, "crowd")
	status, stdout, stderr := cli(t, "", "simulate", "--scenario", "crowd", "--seed", "3", "--scale", "0.002", "--out", crowd)
	if status != 0 || !strings.Contains(stdout, "share rows") {
		t.Fatalf("crowd: status %d %q %s", status, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(crowd, sim.FileTweets)); err == nil {
		t.Error("crowd wrote tweets.jsonl")
	}
	rc := filepath.Join(dir, "crowd-random")
	if status, stdout, stderr := cli(t, "", "simulate", "--scenario", "crowd-random", "--seed", "4", "--scale", "0.001", "--out", rc); status != 0 || !strings.Contains(stdout, "crowd-random world (seed 4") {
		t.Fatalf("crowd-random: status %d %q %s", status, stdout, stderr)
	}
	if c, err := sim.LoadConfig(filepath.Join(rc, sim.FileConfig)); err != nil || c.Organic != sim.RandomCrowd(4).Organic {
		t.Errorf("crowd-random not drawn from the seed: %+v %v", c.Organic, err)
	}
	st := filepath.Join(dir, "st")
	status, _, stderr = cli(t, "", "ingest", "--store", st, filepath.Join(crowd, sim.FileShares))
	if status != 0 || !strings.Contains(stderr, "shares, ") || !strings.Contains(stderr, " 0 rejected") {
		t.Errorf("ingest of the crowd share table: %d %s", status, stderr)
	}
	if status, _, stderr := cli(t, "", "simulate", "--scenario", "crowd", "--format", "world", "--out", filepath.Join(dir, "x")); status != 2 || !strings.Contains(stderr, "sharetable") {
		t.Errorf("crowd as a world: %d %q", status, stderr)
	}
	if status, _, stderr := cli(t, "", "simulate", "--format", "csv", "--out", filepath.Join(dir, "x")); status != 2 || !strings.Contains(stderr, "--format") {
		t.Errorf("bad format: %d %q", status, stderr)
	}
	if status, _, stderr := cli(t, "", "simulate", "--without", "nobody", "--out", filepath.Join(dir, "x")); status != 1 || !strings.Contains(stderr, "unknown label") {
		t.Errorf("bad --without: %d %q", status, stderr)
	}

	evalTruth := filepath.Join("..", "..", "eval", "testdata", "truth.csv")
	run2 := filepath.Join("..", "..", "eval", "testdata", "run2")
	clusters := filepath.Join(dir, "clusters.jsonl")
	status, stdout, stderr = cli(t, "", "eval", "--truth", evalTruth, "--detected", run2, "--clusters", clusters,
		"--compare-truth", evalTruth, "--compare-detected", filepath.Join("..", "..", "eval", "testdata", "run1"))
	if status != 0 || !strings.Contains(stdout, "coordinated-only groups reported: 2") || !strings.Contains(stdout, "stable across the two runs: false") {
		t.Errorf("eval with comparison: %d %q %s", status, stdout, stderr)
	}
	if b, err := os.ReadFile(clusters); err != nil || bytes.Count(b, []byte("\n")) != 3 {
		t.Errorf("clusters file: %q %v", b, err)
	}
	if status, _, _ := cli(t, "", "eval", "--truth", evalTruth, "--detected", run2, "--compare-truth", evalTruth); status != 2 {
		t.Errorf("--compare-truth alone: status %d", status)
	}
}
