package detect

import (
	"context"

	botsweep "github.com/botsweep/botsweep"
)

// runTraced runs detection on src with trace watching the clusters after
// each of buildNetworks' steps (the traceStage hook), and unsets the hook
// when Run returns, whether it failed or not. Tests that use it must not
// run in parallel: the hook is package state.
func runTraced(src botsweep.Source, opts Options, trace func(w *world, stage string, clusters []cluster)) (*Result, error) {
	traceStage = trace
	defer func() { traceStage = nil }()
	return Run(context.Background(), src, opts)
}

// inauthenticMembers is the set of account ids in res's networks judged
// inauthentic (what accounts.csv lists).
func inauthenticMembers(res *Result) map[string]bool {
	flagged := map[string]bool{}
	for _, n := range res.Networks {
		if n.Verdict == botsweep.VerdictInauthentic {
			for _, x := range n.Members {
				flagged[x.AccountID] = true
			}
		}
	}
	return flagged
}
