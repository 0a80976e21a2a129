package detect

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/botsweep/botsweep"
)

// Co-share components, tested (Options.Components; the CLI's
// --min-participation wires CooRTweet's).
//
// Being coordinated needs co-action beyond chance, not volume: CooRTweet
// reports every connected component of its coordinated share network, many
// of them two accounts that shared two posts within seconds. Run tests
// each component with stage 1's null model on the co-retweet layer (the
// members' shares of each item re-timed to the pace of the item's other
// sharers, componentTests). A component whose lift and significance reach
// MinLift and MinSignificance is reported as a coordinated group with its
// significance, whatever its volume (stage 1 has no volume bar, for
// clustering's networks either). Such groups are never judged
// inauthentic: enforcement stays with the networks found by clustering,
// which need stage 2's evidence.

// GroupStats counts the co-share components a run tested.
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
	// Unpaced counts the components (and their accounts) that cannot be
	// tested: most of their co-shares are on items that fewer than 2
	// accounts outside the component shared (a component that holds
	// nearly everyone who shared its items).
	Unpaced         int `json:"unpaced"`
	UnpacedAccounts int `json:"unpaced_accounts"`
	// Failed are the components set aside, in component order, with why.
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

// componentTests is stage 1's test for disjoint components: the members'
// shares of each item re-timed to the pace of the item's other sharers
// (every account outside the component, members of other components
// included: a connected component holds all of what co-shares with it, so
// no piece of it can be another's baseline). For an item k members and m
// others shared, the null expects C(k,2)·q member pairs within the window,
// q being the share of the others' pairs within it, shrunk towards the
// layer's typical item as in coordinationTests (nullQ). It also returns,
// per component, the observed co-shares on items at least 2 others shared
// (the co-shares the null can pace).
func componentTests(w *world, l *layer, memberOf []int32, nc int) ([]coTest, []float64) {
	out := make([]coTest, nc)
	supported := make([]float64, nc)
	sh := l.shares
	if len(sh) == 0 || l.window <= 0 {
		return out, supported
	}
	stamp := make([]int32, w.n())
	for i := range stamp {
		stamp[i] = -1
	}
	type part struct {
		c         int32
		k, obs, m float64
		othWithin float64
	}
	var parts []part
	var all []int64
	var mine []mt
	var qSum float64
	qItems := 0
	for lo := 0; lo < len(sh); {
		hi := lo
		for hi < len(sh) && sh[hi].Item == sh[lo].Item {
			hi++
		}
		item := sh[lo].Item
		all, mine = all[:0], mine[:0]
		for k := lo; k < hi; k++ {
			a := sh[k].Account
			if stamp[a] == item {
				continue
			}
			stamp[a] = item
			all = append(all, sh[k].Time) // sorted: shares are by item, then time
			if c := memberOf[a]; c >= 0 {
				mine = append(mine, mt{c: c, a: a, t: sh[k].Time})
			}
		}
		lo = hi
		n := float64(len(all))
		if n < 2 {
			continue
		}
		pAll := float64(pairsWithin(all, l.window))
		qSum += pAll / (n * (n - 1) / 2)
		qItems++
		sortMT(mine)
		for s := 0; s < len(mine); {
			e := s
			for e < len(mine) && mine[e].c == mine[s].c {
				e++
			}
			if e-s >= 2 {
				// Pairs (member, anyone else) within the window: for each
				// member share, the shares of the item in [t-w, t+w] but
				// itself. Pairs of two members count twice in it.
				var within, near int64
				ts := make([]int64, 0, e-s)
				i0, i1 := 0, 0
				for q := s; q < e; q++ {
					t := mine[q].t
					ts = append(ts, t)
					for i0 < len(all) && all[i0] < t-l.window {
						i0++
					}
					for i1 < len(all) && all[i1] <= t+l.window {
						i1++
					}
					near += int64(i1-i0) - 1
				}
				within = pairsWithin(ts, l.window)
				k := float64(e - s)
				parts = append(parts, part{c: mine[s].c, k: k, obs: float64(within), m: n - k, othWithin: pAll - float64(near) + float64(within)})
			}
			s = e
		}
	}
	base := qSum / float64(max(qItems, 1))
	for _, p := range parts {
		out[p.c].add(p.obs, p.k*(p.k-1)/2*nullQ(p.othWithin, p.m, base))
		if p.m >= 2 {
			supported[p.c] += p.obs
		}
	}
	return out, supported
}

// mt is a member's share time with its cluster and account.
type mt struct {
	c, a int32
	t    int64
}

// eachRun calls fn with each cluster's run of shares in buf (sorted by
// sortMT).
func eachRun(buf []mt, fn func(run []mt)) {
	for s := 0; s < len(buf); {
		e := s
		for e < len(buf) && buf[e].c == buf[s].c {
			e++
		}
		fn(buf[s:e])
		s = e
	}
}

// clusterIndex gives each of n accounts its cluster's index, -1 outside
// every cluster.
func clusterIndex(n int, clusters []cluster) []int32 {
	memberOf := make([]int32, n)
	for i := range memberOf {
		memberOf[i] = -1
	}
	for c, cl := range clusters {
		for _, a := range cl.members {
			memberOf[a] = int32(c)
		}
	}
	return memberOf
}

// memberSlots gives each member of the clusters a dense slot, in cluster
// then member order: slot[a] is a's index in members, -1 for accounts in
// no cluster.
func memberSlots(n int, clusters []cluster) (slot, members []int32) {
	slot = make([]int32, n)
	for i := range slot {
		slot[i] = -1
	}
	for _, cl := range clusters {
		for _, a := range cl.members {
			slot[a] = int32(len(members))
			members = append(members, a)
		}
	}
	return slot, members
}

// sortMT orders member shares by cluster, then time.
func sortMT(buf []mt) {
	slices.SortFunc(buf, func(x, y mt) int {
		if x.c != y.c {
			return int(x.c - y.c)
		}
		return int(x.t - y.t)
	})
}

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
	tests, supported := componentTests(w, coRetweet, memberOf, len(comps))

	inNet := map[string]bool{}
	for i := range nets {
		for _, m := range nets[i].Members {
			inNet[m.AccountID] = true
		}
	}
	var out []botsweep.Network
	for c, accs := range comps {
		t := tests[c]
		if 2*supported[c] < t.Observed {
			st.Unpaced++
			st.UnpacedAccounts += len(accs)
			st.Failed = append(st.Failed, SetAside{Size: len(accs), Reason: fmt.Sprintf("untestable: %.0f of its %.0f co-shares are on items that fewer than 2 other accounts shared, so the null model has no pace to compare them with", t.Observed-supported[c], t.Observed)})
			continue
		}
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
		summary := fmt.Sprintf("%d accounts of a co-share component (%s): %.0f co-shares within the window, %.3g times what the null model expects", len(ms), comp.Definition, t.Observed, math.Min(t.lift(), 1e9))
		if len(ms) < len(accs) {
			summary += fmt.Sprintf("; %d more accounts of the component are in networks", len(accs)-len(ms))
		}
		co := &botsweep.Coordination{Observed: t.Observed, Expected: round3(t.Expected),
			Lift: round3(math.Min(t.lift(), 1e9)), Significance: round3(t.significance())}
		out = append(out, botsweep.Network{
			ID:      networkID(ids),
			Verdict: botsweep.VerdictCoordinated,
			Size:    len(ms),
			Summary: summary,
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
