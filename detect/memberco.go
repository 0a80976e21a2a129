package detect

import (
	"fmt"
	"math"
	"sort"
)

// Per-member coordination (stage 1, each member against its own null).
//
// A cluster's coordination test pools its members: a botnet that co-shares
// hundreds of items within minutes passes it, and so does every account
// Louvain put beside it, among them people who shared a few of the same
// popular posts at their own pace. memberCoordination tests each member on
// its own before the cluster is judged, in each co-action layer. For each
// item a member shared with other members of its cluster, its co-share is
// the share of the other members' shares of the item that lie within the
// window of its own (in [0, 1]). The null re-times its share to the pace
// of the item's outsiders (the accounts in no cluster, as in
// coordinationTests): the expected co-share is the mean, over the
// outsiders' shares of the item, of the share of the other members' shares
// within the window of it (the member's own share left out), shrunk
// towards the layer's typical item with coPseudoPairs outsider shares, and
// that typical value alone for items only members shared. Summed over the
// layer's items, the observed co-shares are compared with the expected by
// the likelihood ratio of a binomial at their mean, whose log10 bounds the
// null's tail (Chernoff, see memberCo.significance). A member whose best
// layer is below Options.MemberMinSignificance plus log10 of the number of
// members its cluster tested times the number of layers (Bonferroni) is
// not coordinated with the group beyond what its items' popularity
// explains: it leaves the cluster, and the network's evidence counts it
// (botsweep.Coordination.LeftMembers). A crowd account that shares a
// botnet's posts at the crowd's pace, even once inside the botnet's burst,
// stays within chance; a bot that co-shares dozens of items within minutes
// of most of the others does not. Layers are tested apart, not pooled: a
// camouflaged bot that co-retweets on command and shares links like anyone
// is coordinated in the first.
//
// Co-selection, per member (issue 13). The timing null re-times a
// member's shares to the pace of its items' outsiders; people who share
// the popular items fast (news junkies, a crowd's quick sharers) are
// faster than those outsiders and pass it beside a network that shares
// the same items within minutes (camouflaged bots retweeting the popular
// news as cover; a share table's botnet and the crowd accounts that share
// the botnet's source). What they share is what everyone shares: given
// the other members' retweets, had the member chosen its own retweets by
// their popularity among the outsiders (as coSelectionTests does per
// cluster), it would have met about as many of them as it did
// (memberCoSelection). In a cluster whose coordination is co-selection (a
// core of at least Options.MinNetworkSize members above
// Options.MinCoSelectLift), a member under that lift and under the core's
// leaves unless a layer other than the co-retweet layer passes its timing
// test; both sides must be significant at Options.MemberMinSignificance
// (popularOnly), so a network whose members' lifts straddle the bar stays
// whole and a member with few retweets is judged as before.
//
// Members tied to their cluster by a lockstep layer (follow blocks,
// followee sets, synchronized activity: layers without shares) are not
// tested: their coordination is not co-sharing, and a follower farm's
// accounts that retweet a few popular posts are still a farm.

// memberCo is one member's own coordination test against the group.
type memberCo struct {
	items        float64 // items it shared with other members of its cluster
	obs, exp     float64 // its co-shares (each item's in [0, 1]), and the null's expectation
	hits, hitExp float64 // items co-shared with at least one other member, and the null's expectation
}

// significance is the better of the member's two tests in one layer, as
// -log10 of the Chernoff bound on the null's tail: its co-shares (the
// share of the others within the window, which a member of a tight burst
// shows) and its co-shared items (another member within the window at
// all, which a member of a network spread wider than the window shows).
// Under the null each item's value is an independent variable in [0, 1]
// with its own mean; its moment generating function is at most a
// Bernoulli's of the same mean (convexity), and a sum of those at most the
// binomial one at the mean of the means (Jensen), so items·KL(observed
// mean ‖ expected mean) bounds the log tail. The bar counts both tests
// (Bonferroni).
func (m memberCo) significance() float64 {
	return max(tailBound(m.items, m.obs, m.exp), tailBound(m.items, m.hits, m.hitExp))
}

// tailBound is -log10 of the Chernoff bound on the chance that a sum of n
// independent variables in [0, 1] with mean exp in all reaches obs (0 when
// obs does not exceed exp), capped at 300.
func tailBound(n, obs, exp float64) float64 {
	if n == 0 || obs <= exp {
		return 0
	}
	q, p := obs/n, min(exp/n, 1-1e-12)
	kl := q * math.Log(q/p)
	if q < 1 {
		kl += (1 - q) * math.Log((1-q)/(1-p))
	}
	return min(300, n*kl/math.Ln10)
}

// memberCoTrace and memberBarTrace, when set (diagnostics only), see each
// member's test per layer (with the items no outsider shared) and its bar.
var (
	memberCoTrace  func(w *world, a int32, layer string, t memberCo, bare float64)
	memberBarTrace func(w *world, a int32, bar, best, other float64, exempt, popular bool)
)

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
	memberOf := clusterIndex(w.n(), clusters)
	// Members, each with a slot; those tied inside their cluster by a
	// lockstep layer are exempt.
	slot, all := memberSlots(w.n(), clusters)
	members := len(all)
	exempt := make([]bool, members)
	for _, l := range layers {
		if len(l.shares) > 0 {
			continue
		}
		for _, p := range l.pairs {
			if c := memberOf[p.A]; c >= 0 && memberOf[p.B] == c {
				exempt[slot[p.A]], exempt[slot[p.B]] = true, true
			}
		}
	}
	// Per member, in the current layer: items, co-shares and co-shared
	// items, and their null's expectation as outsider sums over (outsiders
	// + coPseudoPairs) plus the weight of the layer's typical item, known
	// once the layer is read.
	type acc struct {
		items, obs, hits float64
		outCo, outHits   float64 // Σ outsiders' co-shares (co-shared items) / (outsiders + coPseudoPairs)
		pseudo           float64 // Σ coPseudoPairs / (outsiders + coPseudoPairs)
		bare             float64 // items no outsider shared
	}
	accs := make([]acc, members)
	best := make([]float64, members)  // best significance over layers and statistics
	other := make([]float64, members) // the same without the co-retweet layer
	stamp := make([]int32, w.n())
	var solo []int32 // per outsider share, prefix counts of those near exactly one member share
	shareLayers := 0
	for _, l := range layers {
		sh := l.shares
		if len(sh) == 0 || l.window <= 0 {
			continue
		}
		shareLayers++
		var pace nullPace
		var baseSum, hitSum float64
		baseItems := 0
		clear(accs)
		win := l.window
		eachItemSplit(sh, win, memberOf, clustered, stamp, &pace, func(buf []mt, out []int64, _ float64) {
			if len(buf) < 2 {
				return
			}
			sortMT(buf)
			eachRun(buf, func(g []mt) { // one cluster's shares of the item, by time
				if len(g) < 2 {
					return
				}
				others := float64(len(g) - 1)
				// The group's shares within the window of each outsider
				// share, summed.
				var sum int64
				near := 0
				solo = append(solo[:0], 0)
				// Only the outsiders' shares within the window of the
				// group's span can be near it.
				i0 := sort.Search(len(out), func(i int) bool { return out[i] >= g[0].t-win })
				i1 := sort.Search(len(out), func(i int) bool { return out[i] > g[len(g)-1].t+win })
				lo, hi := 0, 0
				for _, t := range out[i0:i1] {
					for lo < len(g) && g[lo].t < t-win {
						lo++
					}
					for hi < len(g) && g[hi].t <= t+win {
						hi++
					}
					k := hi - lo
					sum += int64(k)
					one := solo[len(solo)-1]
					if k > 0 {
						near++
					}
					if k == 1 {
						one++
					}
					solo = append(solo, one)
				}
				if len(out) > 0 {
					baseSum += float64(sum) / float64(len(out)) / float64(len(g))
					hitSum += float64(near) / float64(len(out))
					baseItems++
				}
				// Per member: the others within the window of its share,
				// and the outsiders within the window of it (whose sum
				// counted its share, left out of their null).
				den := float64(len(out)) + coPseudoPairs
				var gl, gh int
				ol, oh := i0, i0
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
					m := &accs[slot[x.a]]
					m.items++
					m.obs += float64(gh-gl-1) / others
					if gh-gl > 1 {
						m.hits++
					}
					m.outCo += float64(sum-int64(oh-ol)) / others / den
					m.outHits += float64(near-int(solo[oh-i0]-solo[ol-i0])) / den
					m.pseudo += coPseudoPairs / den
					if len(out) == 0 {
						m.bare++
					}
				}
			})
		})
		base := baseSum / float64(max(baseItems, 1))
		hitBase := hitSum / float64(max(baseItems, 1))
		for k, m := range accs {
			if m.items == 0 {
				continue
			}
			t := memberCo{items: m.items, obs: m.obs, exp: m.outCo + m.pseudo*base, hits: m.hits, hitExp: m.outHits + m.pseudo*hitBase}
			best[k] = max(best[k], t.significance())
			if memberCoTrace != nil {
				memberCoTrace(w, all[k], l.name, t, m.bare)
			}
			if l.name != LayerCoRetweet {
				other[k] = max(other[k], t.significance())
			}
		}
	}
	sel := memberCoSelection(w, layers, memberOf, len(clusters), clustered, slot, members, coSelectPseudo)
	var wrote []float64
	texts := 0
	if opts.MemberTextCoSelect {
		wrote, texts = textCoSelection(w, layers, memberOf, len(clusters), clustered, slot, members, opts)
	}
	out := make([]cluster, 0, len(clusters))
	for c, cl := range clusters {
		tested := 0
		for _, a := range cl.members {
			if !exempt[slot[a]] {
				tested++
			}
		}
		bar := opts.MemberMinSignificance + math.Log10(float64(2*max(tested, 1)*max(shareLayers, 1)))
		textBar := opts.MemberMinSignificance + math.Log10(float64(max(tested, 1)*max(texts, 1)))
		popular := popularOnly(cl.members, slot, exempt, sel, opts)
		if opts.MemberStepUp {
			var sigs []float64
			for i, a := range cl.members {
				if k := slot[a]; !exempt[k] {
					if popular[i] {
						sigs = append(sigs, other[k])
					} else {
						sigs = append(sigs, best[k])
					}
				}
			}
			bar = stepUpBar(sigs, opts.MemberMinSignificance, float64(2*max(shareLayers, 1)))
		}
		var next cluster
		next.people, next.peopleInternal = cl.people, cl.peopleInternal
		for i, a := range cl.members {
			k := slot[a]
			if memberBarTrace != nil {
				memberBarTrace(w, a, bar, best[k], other[k], exempt[k], popular[i])
			}
			if !exempt[k] && (wrote == nil || wrote[k] < textBar) && (best[k] < bar || popular[i] && other[k] < bar) {
				left[c]++
				continue
			}
			next.members = append(next.members, a)
			next.internal = append(next.internal, cl.internal[i])
		}
		next.left = cl.left + left[c]
		out = append(out, next)
	}
	return out, left
}

// stepUpBar is the Benjamini–Hochberg bar (Options.MemberStepUp) for
// significances sigs (log10, one per tested member, in any order; sorted
// in place): with m of them, each corrected for perTest tests, the k-th
// best passes at level + log10(perTest·m/k), and the bar is that of
// the largest k whose k-th best reaches it (every member at or above it
// stays). With no k it is the Bonferroni bar (k = 1), which no member
// reaches.
func stepUpBar(sigs []float64, level, perTest float64) float64 {
	m := float64(max(len(sigs), 1))
	sort.Sort(sort.Reverse(sort.Float64Slice(sigs)))
	for k := len(sigs); k >= 1; k-- {
		if b := level + math.Log10(perTest*m/float64(k)); sigs[k-1] >= b {
			return b
		}
	}
	return level + math.Log10(perTest*m)
}

// textCoSelection gives each member (by slot) the significance with which
// its texts meet the other members' texts beyond what the texts'
// popularity among the outsiders gives, on the layers of texts the
// accounts wrote (near-duplicate texts and identical texts: LayerText,
// LayerCoPost; the better of the two), and how many layers it tested
// (those with shares: none on a share table). memberCoordination keeps a
// member whose significance reaches Options.MemberMinSignificance plus
// log10 of the members its cluster tested times the text layers tested
// (Bonferroni over this family of tests, apart from the timing tests,
// whose bar is unchanged: the option only keeps members): no new
// threshold.
//
// The timing null cannot see such a member. An item only members shared
// has no outsiders to re-time against, so the null borrows the layer's
// typical item, and on a text layer the typical repeated text is itself
// a burst (people repeating a headline or a slogan as it appears): a
// ring whose members post the same texts within the hour is as fast as
// that. What sets it apart is the choice the timing null leaves out: its
// members wrote, again and again, texts that other members wrote and no
// outsider did (tuning world 9949 at scale 0.03: a link-spam ring of 12,
// all set aside by the timing null).
//
// The test counts texts, not member pairs. Member a wrote n_a of the
// texts at least two accounts wrote (the menu: on a text layer every post
// is an item, and the texts nobody repeated are no choice another account
// could meet); m_a of them another member wrote too. Had it chosen its n_a
// texts by their popularity among the outsiders (π_i, one pseudo share per
// text, as in memberCoSelection), it would meet the other members' texts
// n_a·Σ π_i times, the sum over the texts at least one other member
// wrote. m_a is compared with MinCoSelectLift times that (Poisson log10
// likelihood ratio; 0 under the lift). Counting pairs instead (Σ k_i over
// its texts, as memberCoSelection does for retweets) let one ordinary
// account that wrote three or four stock phrases a camouflaged network of
// 76 also posts pass with the network (tuning worlds 9931, 9944, 9953):
// each shared phrase counted once per member that wrote it.
//
// Texts, not links, domains or hashtags: those are chosen from the web
// and from topics, where a community shares its own sources (coselect.go).
// A community whose members write the same texts (fans answering their
// idol with the same lines, an activist room's slogans) is coordinated in
// stage 1's sense, as its co-retweets already make it; stage 2 judges
// whether it is inauthentic.
func textCoSelection(w *world, layers []*layer, memberOf []int32, nc int, clustered []bool, slot []int32, members int, opts Options) (sig []float64, tests int) {
	sig = make([]float64, members)
	lift := opts.MinCoSelectLift
	if lift < 0 || nc == 0 {
		return sig, 0
	}
	n := make([]float64, members)    // texts written, of the repeated ones
	met := make([]float64, members)  // of those, texts another member wrote
	solo := make([]float64, members) // Σ π·den over its texts no other member wrote
	reach := make([]float64, nc)     // per cluster, Σ π·den over the texts a member wrote
	stamp := make([]int32, w.n())
	for _, l := range layers {
		if l.name != LayerText && l.name != LayerCoPost || len(l.shares) == 0 {
			continue
		}
		tests++
		clear(n)
		clear(met)
		clear(solo)
		clear(reach)
		var outTotal, texts float64
		var pace nullPace
		eachItemSplit(l.shares, l.window, memberOf, clustered, stamp, &pace, func(buf []mt, o []int64, _ float64) {
			if len(buf)+len(o) < 2 {
				return
			}
			wt := float64(len(o)) + coSelectPseudo
			outTotal += float64(len(o))
			texts++
			sortMT(buf)
			eachRun(buf, func(g []mt) {
				reach[g[0].c] += wt
				for _, x := range g {
					k := slot[x.a]
					n[k]++
					if len(g) > 1 {
						met[k]++
					} else {
						solo[k] += wt
					}
				}
			})
		})
		den := outTotal + coSelectPseudo*texts
		if den <= 0 {
			continue
		}
		for a, c := range memberOf {
			if c < 0 {
				continue
			}
			k := slot[a]
			if e := lift * n[k] * (reach[c] - solo[k]) / den; n[k] > 0 && met[k] > e {
				sig[k] = max(sig[k], poissonLR(met[k], e))
			}
		}
	}
	return sig, tests
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
		aside = append(aside, SetAside{Size: len(clusters[c].members), Reason: fmt.Sprintf("%d of its %d members' co-shares with the others are what their items' popularity explains (per-member test at log10 LR %.3g + log10 of the members tested): %d left", left[c], len(clusters[c].members), opts.MemberMinSignificance, len(cl.members)), Members: namesOf(w, clusters[c].members)})
	}
	return kept, aside
}

func namesOf(w *world, m []int32) []string {
	out := make([]string, len(m))
	for i, a := range m {
		out[i] = w.acct.names[a]
	}
	return out
}

// memberSel is one member's co-selection with the rest of its cluster on
// the co-retweet layer: obs, the other members' retweets of the posts it
// retweeted, and exp, what it would meet had it chosen its retweets by
// their popularity among the outsiders (memberCoSelection).
type memberSel struct {
	obs, exp float64
}

// memberCoSelection computes each member's co-selection (indexed by
// slot; all zero without a co-retweet layer). Given the other members'
// retweets, member a retweeting each post i with probability n_a·π_i
// (n_a its retweeted posts, π_i the post's share of the outsiders'
// retweets with pseudo retweets per post, as in coSelectionTests) meets
// n_a·Σ_i π_i·k_i^{−a} of them, k_i^{−a} being the other members of its
// cluster that retweeted post i.
func memberCoSelection(w *world, layers []*layer, memberOf []int32, nc int, clustered []bool, slot []int32, members int, pseudo float64) []memberSel {
	out := make([]memberSel, members)
	li := layerIndex(layers, LayerCoRetweet)
	if li < 0 || nc == 0 || len(layers[li].shares) == 0 {
		return out
	}
	stamp := make([]int32, w.n())
	n := make([]float64, members)   // retweeted posts
	own := make([]float64, members) // Σ over its posts of (outsiders + pseudo)
	sc := make([]float64, nc)       // per cluster, Σ over posts of (outsiders + pseudo)·members that retweeted it
	var outTotal, posts float64
	var pace nullPace
	eachItemSplit(layers[li].shares, layers[li].window, memberOf, clustered, stamp, &pace, func(buf []mt, o []int64, _ float64) {
		wt := float64(len(o)) + pseudo
		outTotal += float64(len(o))
		posts++
		if len(buf) == 0 {
			return
		}
		sortMT(buf)
		eachRun(buf, func(g []mt) {
			k := float64(len(g))
			sc[g[0].c] += wt * k
			for _, x := range g {
				s := slot[x.a]
				n[s]++
				own[s] += wt
				out[s].obs += k - 1
			}
		})
	})
	den := outTotal + pseudo*posts
	if den <= 0 {
		return out
	}
	for a, c := range memberOf {
		if c < 0 {
			continue
		}
		s := slot[a]
		out[s].exp = n[s] * (sc[c] - own[s]) / den
	}
	return out
}

// lift is the member's co-selection over its expectation.
func (s memberSel) lift() float64 { return s.obs / s.exp }

// poissonLR is the log10 likelihood ratio of a Poisson count obs at its
// own mean against mean e: how far the data are from e, either way.
func poissonLR(obs, e float64) float64 { return poissonLLR(obs, e) / math.Ln10 }

// popularOnly marks the members of one cluster whose retweets meet the
// other members' no more than their popularity explains, in a cluster
// whose coordination is co-selection. The core is the tested members whose
// co-selection lift is above Options.MinCoSelectLift at significance
// Options.MemberMinSignificance (Poisson, against that lift); with fewer
// than Options.MinNetworkSize of them nobody is marked. A member is marked
// when its lift is under MinCoSelectLift and under the core's pooled lift
// at the same significance. Both sides must be significant: a network
// whose members' lifts straddle MinCoSelectLift (a camouflaged network of
// 25 at 2.35-2.63, tuning world 9528 at 0.06) has no core, and a member
// with too few retweets to be told apart is judged as before.
func popularOnly(members []int32, slot []int32, exempt []bool, sel []memberSel, opts Options) []bool {
	out := make([]bool, len(members))
	bar, sig := opts.MinCoSelectLift, opts.MemberMinSignificance
	if bar < 0 {
		return out
	}
	core := 0
	var obs, exp float64
	for _, a := range members {
		k := slot[a]
		if s := sel[k]; !exempt[k] && s.exp > 0 && s.obs > bar*s.exp && poissonLR(s.obs, bar*s.exp) >= sig {
			core++
			obs += s.obs
			exp += s.exp
		}
	}
	if core < opts.MinNetworkSize {
		return out
	}
	coreLift := obs / exp
	for i, a := range members {
		k := slot[a]
		if s := sel[k]; !exempt[k] && s.exp > 0 && s.lift() < min(bar, coreLift) && poissonLR(s.obs, coreLift*s.exp) >= sig {
			out[i] = true
		}
	}
	return out
}
