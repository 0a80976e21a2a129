package detect

import (
	"fmt"
	"math"
)

// Per-member coordination (stage 1, each member against its own null).
//
// A cluster's coordination test pools its members: a botnet that co-shares
// hundreds of items within minutes passes it, and so does every account
// Louvain put beside it, among them people who shared a few of the same
// popular posts at their own pace. memberCoordination tests each member on
// its own before the cluster is judged. For each item a member shared with
// other members of its cluster, the member co-shared it when another
// member's share of the item lies within the window of its own. The null
// re-times the member's share to the pace of the item's outsiders (the
// accounts in no cluster, as in coordinationTests): it co-shares the item
// by chance with the probability that an outsider's share of the item lies
// within the window of another member's share (the member's own share left
// out), shrunk towards the layer's typical item with coPseudoPairs
// outsider shares, and that typical value alone for items only members
// shared. The member's co-shared items, summed over items and co-action
// layers, are compared with the sum of those probabilities by the
// likelihood ratio of a binomial at their mean probability, whose log10
// bounds the null's tail (Chernoff, see memberCo.significance). A member
// whose ratio is below Options.MemberMinSignificance plus log10 of the
// number of members its cluster tested (Bonferroni) is not coordinated with the group beyond what its items' popularity explains: it
// leaves the cluster, and the network's evidence counts it
// (botsweep.Coordination.LeftMembers). A crowd account that shared a few
// of a botnet's viral posts, even once inside the botnet's burst, stays
// within chance; a bot that co-shares dozens of items within minutes of
// the others does not.
//
// Members tied to their cluster by a lockstep layer (follow blocks,
// followee sets, synchronized activity: layers without shares) are not
// tested: their coordination is not co-sharing, and a follower farm's
// accounts that retweet a few popular posts are still a farm.

// memberCo is one member's own coordination test against the group.
type memberCo struct {
	items    float64 // items it shared with other members of its cluster
	obs, exp float64 // its co-shares (each item's in [0, 1]), and the null's expectation
}

// significance is the -log10 of the Chernoff bound on the null's tail at
// the member's co-shares (0 when they do not exceed the expectation),
// capped at 300. Under the null each item's co-share is an independent
// variable in [0, 1] with its own mean; its moment generating function is
// at most a Bernoulli's of the same mean (convexity), and a sum of those
// at most the binomial one at the mean of the means (Jensen), so
// items·KL(observed mean ‖ expected mean) bounds the log tail.
func (m memberCo) significance() float64 {
	if m.items == 0 || m.obs <= m.exp {
		return 0
	}
	q, p := m.obs/m.items, min(m.exp/m.items, 1-1e-12)
	kl := q * math.Log(q/p)
	if q < 1 {
		kl += (1 - q) * math.Log((1-q)/(1-p))
	}
	return min(300, m.items*kl/math.Ln10)
}

// memberCoordination removes from each cluster the members whose own
// co-shares with the rest of the cluster the null model explains (see
// above; clustered marks the accounts that are not outsiders of the null,
// as in coordinationTests). It returns the clusters with the members that
// stay (in order, each with its internal weight) and, per cluster, how
// many left. A negative opts.MemberMinSignificance keeps every member.
func memberCoordination(w *world, layers []*layer, clusters []cluster, clustered []bool, opts Options) ([]cluster, []int) {
	left := make([]int, len(clusters))
	if opts.MemberMinSignificance < 0 || len(clusters) == 0 {
		return clusters, left
	}
	memberOf := make([]int32, w.n())
	for i := range memberOf {
		memberOf[i] = -1
	}
	for c, cl := range clusters {
		for _, a := range cl.members {
			memberOf[a] = int32(c)
		}
	}
	// Members tied inside their cluster by a lockstep layer are exempt.
	exempt := make(map[int32]bool)
	for _, l := range layers {
		if len(l.shares) > 0 {
			continue
		}
		for _, p := range l.pairs {
			if c := memberOf[p.A]; c >= 0 && memberOf[p.B] == c {
				exempt[p.A], exempt[p.B] = true, true
			}
		}
	}
	tests := make(map[int32]*memberCo)
	test := func(a int32) *memberCo {
		t := tests[a]
		if t == nil {
			t = &memberCo{}
			tests[a] = t
		}
		return t
	}
	stamp := make([]int32, w.n())
	type part struct {
		a     int32
		co    float64 // share of the other members' shares of the item within the window of its own
		outCo float64 // the same summed over the outsiders' shares (its own share left out)
		out   float64 // outsiders who shared the item
	}
	var parts []part
	for _, l := range layers {
		sh := l.shares
		if len(sh) == 0 || l.window <= 0 {
			continue
		}
		var pace nullPace
		var baseSum float64
		baseItems := 0
		parts = parts[:0]
		win := l.window
		eachItemSplit(sh, win, memberOf, clustered, stamp, &pace, func(buf []mt, out []int64, _ float64) {
			if len(buf) < 2 {
				return
			}
			sortMT(buf)
			for s := 0; s < len(buf); {
				e := s
				for e < len(buf) && buf[e].c == buf[s].c {
					e++
				}
				g := buf[s:e] // one cluster's shares of the item, by time
				s = e
				if len(g) < 2 {
					continue
				}
				others := float64(len(g) - 1)
				// The group's shares within the window of each outsider
				// share, summed.
				var sum int64
				lo, hi := 0, 0
				for _, t := range out {
					for lo < len(g) && g[lo].t < t-win {
						lo++
					}
					for hi < len(g) && g[hi].t <= t+win {
						hi++
					}
					sum += int64(hi - lo)
				}
				if len(out) > 0 {
					baseSum += float64(sum) / float64(len(out)) / float64(len(g))
					baseItems++
				}
				// Per member: the others within the window of its share,
				// and the outsiders within the window of it (whose sum
				// counted its share, left out of their null).
				var gl, gh, ol, oh int
				for _, x := range g {
					for gl < len(g) && g[gl].t < x.t-win {
						gl++
					}
					for gh < len(g) && g[gh].t <= x.t+win {
						gh++
					}
					for ol < len(out) && out[ol] < x.t-win {
						ol++
					}
					for oh < len(out) && out[oh] <= x.t+win {
						oh++
					}
					parts = append(parts, part{a: x.a, co: float64(gh-gl-1) / others, outCo: float64(sum-int64(oh-ol)) / others, out: float64(len(out))})
				}
			}
		})
		base := baseSum / float64(max(baseItems, 1))
		for _, p := range parts {
			t := test(p.a)
			t.items++
			t.obs += p.co
			t.exp += min(1, max(1e-9, (p.outCo+coPseudoPairs*base)/(p.out+coPseudoPairs)))
		}
	}
	out := make([]cluster, 0, len(clusters))
	for c, cl := range clusters {
		tested := 0
		for _, a := range cl.members {
			if !exempt[a] {
				tested++
			}
		}
		bar := opts.MemberMinSignificance + math.Log10(float64(max(tested, 1)))
		var next cluster
		next.people, next.peopleInternal = cl.people, cl.peopleInternal
		for i, a := range cl.members {
			if !exempt[a] {
				t := tests[a]
				if t == nil || t.significance() < bar {
					left[c]++
					continue
				}
			}
			next.members = append(next.members, a)
			next.internal = append(next.internal, cl.internal[i])
		}
		next.left = cl.left + left[c]
		out = append(out, next)
	}
	return out, left
}

// coordinatedMembers applies memberCoordination and sets aside the
// clusters left with fewer than opts.MinNetworkSize members, with why.
func coordinatedMembers(w *world, layers []*layer, clusters []cluster, clustered []bool, opts Options) ([]cluster, []SetAside) {
	next, left := memberCoordination(w, layers, clusters, clustered, opts)
	var kept []cluster
	var aside []SetAside
	for c, cl := range next {
		if len(cl.members) >= opts.MinNetworkSize {
			kept = append(kept, cl)
			continue
		}
		aside = append(aside, SetAside{Size: len(clusters[c].members), Reason: fmt.Sprintf("%d of its %d members' co-shares with the others are what their items' popularity explains (per-member test at log10 LR %.3g + log10 of the members tested): %d left", left[c], len(clusters[c].members), opts.MemberMinSignificance, len(cl.members))})
	}
	return kept, aside
}
