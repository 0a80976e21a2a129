package main

import (
	"context"

	"github.com/botsweep/botsweep/score"
	"github.com/botsweep/botsweep/store"
)

// memberBotScores scores every account of the store with the embedded
// account model (docs/SCORE.md), behaviour included where posts were
// ingested, for detect to annotate members with; the verdict model reads
// the members' mean as one signal among others. A store without profiles
// (a share table) has no account to score: the scan of its posts for
// behaviour is skipped.
func memberBotScores(ctx context.Context, e *env, st *store.Store) (func(string) (float64, bool), error) {
	if stats, err := st.Stats(ctx); err == nil && stats.Profiles == 0 {
		return func(string) (float64, bool) { return 0, false }, nil
	}
	m, err := loadModel("")
	if err != nil {
		return nil, err
	}
	scores := make(map[string]float64)
	err = score.ScoreSource(ctx, st, m, score.ScoreOptions{ExtractOptions: score.ExtractOptions{Now: e.now}, Reasons: -1},
		func(r score.Result) error {
			scores[r.AccountID] = r.Score
			return nil
		})
	if err != nil {
		return nil, err
	}
	return func(id string) (float64, bool) {
		s, ok := scores[id]
		return s, ok
	}, nil
}
