package detect

import (
	"context"
	"fmt"
	"strings"

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

// printFlaggedRows prints each tab-separated diagnostic row (its sixth
// field an account id) after prefix, followed by mark and whether the
// account is in flagged.
func printFlaggedRows(prefix, mark string, rows []string, flagged map[string]bool) {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s%v\n", prefix, r, mark, flagged[strings.Split(r, "\t")[5]])
	}
	fmt.Print(b.String())
}
