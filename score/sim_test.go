package score_test

import (
	"context"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/score"
	"github.com/botsweep/botsweep/sim"
)

// TestScoreSimulatedWorld scores a small simulated world (profiles and
// posts) with the embedded model: every account gets one score in [0,1]
// with reasons, and the AUC against the simulator's truth is logged (the
// model was trained on real profiles, not on the simulator's).
func TestScoreSimulatedWorld(t *testing.T) {
	cfg, err := sim.Default("globus")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Scale = 0.05
	ds := &botsweep.Dataset{}
	truth, err := sim.Generate(context.Background(), cfg, ds)
	if err != nil {
		t.Fatal(err)
	}
	m, err := score.Default()
	if err != nil {
		t.Fatal(err)
	}
	kind := map[string]string{}
	for _, r := range truth.Rows {
		kind[r.AccountID] = r.Kind
	}
	var scores []float64
	var labels []bool
	seen := map[string]bool{}
	err = score.ScoreSource(context.Background(), ds, m, score.ScoreOptions{}, func(r score.Result) error {
		if seen[r.AccountID] {
			t.Fatalf("account %s scored twice", r.AccountID)
		}
		seen[r.AccountID] = true
		if !(r.Score >= 0 && r.Score <= 1) || r.Reasons == "" {
			t.Fatalf("account %s: score %v reasons %q", r.AccountID, r.Score, r.Reasons)
		}
		if k, ok := kind[r.AccountID]; ok {
			scores = append(scores, r.Score)
			labels = append(labels, k == sim.KindBot)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(ds.Accounts) || len(scores) == 0 {
		t.Fatalf("scored %d of %d accounts, %d with truth", len(seen), len(ds.Accounts), len(scores))
	}
	met := score.Evaluate(scores, labels)
	t.Logf("simulated %s world, %d accounts: AUC %.3f, precision %.3f, recall %.3f, F1 %.3f at 0.5",
		cfg.Scenario, len(scores), met.AUC, met.Precision, met.Recall, met.F1)
}
