package detect

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/botsweep/botsweep"
)

// CooRTweet groups (Options.MinParticipation > 0).
//
// Being coordinated needs co-action beyond chance, not volume: CooRTweet
// reports every connected component of its coordinated share network, many
// of them two accounts that shared two posts within seconds. With
// MinParticipation set, Run computes those components exactly as CooRTweet
// does (package coord, at the co-retweet window and MinParticipation) and
// tests each one with stage 1's null model on the co-retweet layer (the
// members' shares of each item re-timed to the pace of the item's sharers
// outside every component). A component whose lift and significance reach
// MinLift and MinSignificance is reported as a coordinated group with its
// significance, whatever its number of co-shares per member (MinCoShares
// is for enforcement, not for being reported). Such groups are never judged
// inauthentic: enforcement stays with the networks found by clustering,
// which need volume and stage 2's evidence.

// GroupStats counts the CooRTweet components a run considered.
type GroupStats struct {
	// Definition names how the components were computed.
	Definition string `json:"definition"`
	// Pairs is the number of coordinated share pairs (CooRTweet's
	// detect_groups rows).
	Pairs int `json:"pairs"`
	// Components and Accounts count CooRTweet's components and their
	// accounts.
	Components int `json:"components"`
	Accounts   int `json:"accounts"`
	// Reported counts the components reported as coordinated groups, and
	// ReportedAccounts their accounts.
	Reported         int `json:"reported"`
	ReportedAccounts int `json:"reported_accounts"`
	// FailedNull counts the components (and their accounts) whose co-shares
	// the null model explains (lift or significance too low).
	FailedNull         int `json:"failed_null"`
	FailedNullAccounts int `json:"failed_null_accounts"`
	// Failed are those components, largest first, each with its test.
	Failed []SetAside `json:"failed,omitempty"`
	// InNetworks counts component accounts left out of their group because
	// clustering already put them in a network (an account is reported
	// once), and Absorbed the components left with fewer than 2 accounts.
	InNetworks int `json:"in_networks"`
	Absorbed   int `json:"absorbed"`
}

// Components are co-share components computed outside detect (by package
// coord under CooRTweet's definition, wired by the CLI), to be tested
// against the null model.
type Components struct {
	// Definition names how they were computed, e.g. "CooRTweet, window
	// 1m0s, min participation 2".
	Definition string
	// Pairs is the number of coordinated share pairs behind them.
	Pairs int
	// Groups are the components, as platform account ids.
	Groups [][]string
	// PairsOf is each account's number of coordinated share pairs.
	PairsOf map[string]int
}

// ComponentsFunc computes the co-share components of the data at a
// co-retweet window (see Options.Components).
type ComponentsFunc func(ctx context.Context, window time.Duration) (*Components, error)

// componentGroups tests each of comp's components against the null model
// on the co-retweet layer and returns the ones that pass as coordinated
// networks, most significant first. Accounts already in nets stay there.
func componentGroups(w *world, coRetweet *layer, nets []botsweep.Network, comp *Components, opts Options, now time.Time) ([]botsweep.Network, *GroupStats) {
	st := &GroupStats{Definition: comp.Definition, Pairs: comp.Pairs}
	memberOf := make([]int32, w.n())
	for i := range memberOf {
		memberOf[i] = -1
	}
	for c, accs := range comp.Groups {
		st.Accounts += len(accs)
		for _, id := range accs {
			if a, ok := w.acct.ids[id]; ok {
				memberOf[a] = int32(c)
			}
		}
	}
	comps := comp.Groups
	st.Components = len(comps)
	tests := coordinationTests(w, []*layer{coRetweet}, memberOf, len(comps), nil)

	inNet := map[string]bool{}
	for i := range nets {
		for _, m := range nets[i].Members {
			inNet[m.AccountID] = true
		}
	}
	var out []botsweep.Network
	for c, accs := range comps {
		t := tests[c]
		if t.lift() < opts.MinLift || t.significance() < opts.MinSignificance {
			st.FailedNull++
			st.FailedNullAccounts += len(accs)
			st.Failed = append(st.Failed, SetAside{Size: len(accs), Reason: fmt.Sprintf("co-shares explained by chance (%.0f observed, %.3g expected: lift %.3g, significance %.1f)", t.Observed, t.Expected, t.lift(), t.significance())})
			continue
		}
		var ids []string
		var ms []botsweep.Member
		for _, id := range accs {
			if inNet[id] {
				st.InNetworks++
				continue
			}
			ids = append(ids, id)
			m := botsweep.Member{AccountID: id, Role: botsweep.RoleCore,
				Reasons: []string{fmt.Sprintf("%d coordinated share pairs (%s)", comp.PairsOf[id], comp.Definition)}}
			if d, ok := w.acct.ids[id]; ok {
				m.ScreenName = w.screen[d]
			}
			if opts.BotScores != nil {
				if s, ok := opts.BotScores(id); ok {
					m.BotScore = &s
				}
			}
			ms = append(ms, m)
		}
		if len(ms) < 2 {
			st.Absorbed++
			continue
		}
		st.Reported++
		st.ReportedAccounts += len(ms)
		co := &botsweep.Coordination{Observed: t.Observed, Expected: round3(t.Expected),
			Lift: round3(math.Min(t.lift(), 1e9)), Significance: round3(t.significance())}
		out = append(out, botsweep.Network{
			ID:      networkID(ids),
			Verdict: botsweep.VerdictCoordinated,
			Size:    len(ms),
			Summary: fmt.Sprintf("%d accounts of a co-share component (%s): %.0f co-shares within the window, %.3g times what the null model expects", len(ms), comp.Definition, t.Observed, co.Lift),
			Members: ms,
			Evidence: botsweep.Evidence{
				Verdict:      fmt.Sprintf("coordinated beyond chance (lift %.3g, significance %.1f); a co-share component, reported and never enforced", co.Lift, co.Significance),
				Coordination: co,
			},
			DetectedAt: now,
		})
	}
	slices.SortStableFunc(out, func(x, y botsweep.Network) int {
		if x.Evidence.Coordination.Significance != y.Evidence.Coordination.Significance {
			if x.Evidence.Coordination.Significance > y.Evidence.Coordination.Significance {
				return -1
			}
			return 1
		}
		return y.Size - x.Size
	})
	return out, st
}
