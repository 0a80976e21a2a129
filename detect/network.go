package detect

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/graph"
)

// Delay histogram bucket bounds, seconds; the last bucket is open.
var delayBounds = []float64{0, 10, 30, 60, 120, 300, 600, 1800, 3600, 86400, 1e9}

// netBuild is a network under construction.
type netBuild struct {
	net      botsweep.Network
	core     []int32
	assoc    []int32
	internal map[int32]float64
	reasons  map[int32][]string
}

// itemAgg aggregates one co-shared item inside a cluster.
type itemAgg struct {
	layer   int
	item    int32
	members int
	total   int
	delays  []float64
	weight  float32
}

// buildNetworks scores every cluster, keeps those that look coordinated and
// builds their evidence and associated accounts. It returns the networks,
// highest score first, and the clusters it set aside with the reason.
func buildNetworks(ctx context.Context, w *world, fz fused, clusters []cluster, layers []*layer, blocks []graph.Block, opts Options, now time.Time) ([]*netBuild, []SetAside) {
	// The coordination test's null model paces each item by its outsiders'
	// shares. Outsiders are the accounts in no cluster of this first pass,
	// in both passes: members trimmed as people, or clusters set aside,
	// must not become the baseline a network is then compared with (a
	// network's own trimmed readers pace its amplified posts like the
	// network itself and would explain it away).
	clustered := make([]bool, w.n())
	for _, cl := range clusters {
		for _, a := range cl.members {
			clustered[a] = true
		}
	}
	clusters = followMembership(w, layers, clusters, opts) // followfarm.go: farm pieces merged, co-following explained by popularity is no tie
	// followfarm.go: farm pieces too few or among posting accounts grow on
	// their own, and a grown piece may be one farm with another cluster.
	if grown, grew := farmPieces(w, layers, clusters, opts); grew {
		clusters = followMembership(w, layers, grown, opts)
	}
	traceClusters(w, "followMembership", clusters)
	// Each member is tested on its own first (memberco.go): the accounts
	// whose co-shares with the cluster their items' popularity explains
	// leave it before it is judged.
	clusters, setAside := coordinatedMembers(w, layers, clusters, clustered, opts)
	traceClusters(w, "memberCoordination", clusters)
	out, rejected, kept := buildOnce(ctx, w, clusters, layers, blocks, opts, now, true, clustered, nil)
	traceClusters(w, "stage1+2 kept", kept)
	rejected = append(setAside, rejected...)
	// Louvain splits a sparse network (each account retweeting a few of
	// the amplified account's posts) into pieces by time. Kept clusters that
	// amplify the same account (at least half of each one's retweets, by at
	// least half of its members) are one network: merge them and score
	// again. The members' part matters: a cluster tied by something else
	// (a follower farm that never posts) with a few members who do retweet
	// the same account is not a piece of its amplification network.
	amplifiers := amplifyingMembers(w, kept)
	groups := map[string][]int{}
	var order []string
	for i, nb := range out {
		if len(nb.net.Amplified) > 0 && nb.net.Amplified[0].Share >= 0.5 && 2*amplifiers[i] >= len(kept[i].members) {
			key := string(nb.net.Verdict) + " " + nb.net.Amplified[0].AccountID
			if groups[key] == nil {
				order = append(order, key)
			}
			groups[key] = append(groups[key], i)
		}
	}
	var next, coordinated []cluster
	used := map[int]bool{}
	for _, key := range order {
		var cl cluster
		for _, i := range groups[key] {
			used[i] = true
			cl.absorb(kept[i])
		}
		if out[groups[key][0]].net.Verdict == botsweep.VerdictInauthentic {
			next = append(next, cl)
		} else {
			coordinated = append(coordinated, cl)
		}
	}
	for i := range out {
		if used[i] {
			continue
		}
		if out[i].net.Verdict == botsweep.VerdictInauthentic {
			next = append(next, kept[i])
		} else {
			coordinated = append(coordinated, kept[i])
		}
	}
	// Membership is decided per member: in each network judged inauthentic
	// on all its members, the members that look like people, each judged
	// against its own baseline, leave it (coordinated groups keep every
	// member: they are reported, never swept). Each network is judged on
	// the members that remain once those that look like people have left
	// (trimHumans), so that people caught up in a network do not decide
	// its verdict either way; a network most of whose remaining members
	// still look like people on their own evidence keeps every member and
	// is reported as coordinated: its inauthenticity would rest on pooled
	// features alone. A network whose remaining members are judged
	// coordinated, not inauthentic, is reported with the people who left
	// it (buildOnce), as a group judged coordinated on all its members is.
	if opts.MergeDensity >= 0 {
		next = mergePieces(w, layers, next, clustered, opts) // pieces.go: a share table names no amplified account
	}
	traceClusters(w, "inauthentic (merged)", next)
	traceClusters(w, "coordinated (merged)", coordinated)
	cores, from := trimHumans(w, next, opts)
	traceClusters(w, "trimHumans", cores)
	cores, from = dropUntied(w, layers, blocks, cores, from, opts)
	traceClusters(w, "dropUntied", cores)
	held := peopleLike(w, cores, opts)
	var enforce []cluster
	for k, core := range cores {
		if _, ok := held[k]; ok {
			coordinated = append(coordinated, next[from[k]])
		} else {
			enforce = append(enforce, core)
		}
	}
	// A group judged coordinated on all its members may hold a real
	// network beside the people who co-act with it (superfans of the
	// account it amplifies, issue #13): membership is decided per member
	// there too, and the network left once the people leave is judged on
	// its own members (splitMixed).
	mixed, whole := splitMixed(w, layers, blocks, coordinated, opts)
	traceClusters(w, "splitMixed", mixed)
	enforce = append(enforce, mixed...)
	if len(mixed) > 0 {
		// A network Louvain split, one piece judged inauthentic and one
		// coordinated beside people, is two pieces again once splitMixed
		// frees the second: they are merged by the first pass's rule
		// when the merged network is judged inauthentic too
		// (mergeAmplifying).
		enforce = mergeAmplifying(w, enforce, func(cl cluster) bool {
			one := []cluster{cl}
			nets, _, _ := buildOnce(ctx, w, one, layers, blocks, opts, now, true, clustered, func(need []bool) map[int]string { return peopleLikeFor(w, one, need, opts) })
			return len(nets) == 1 && nets[0].net.Verdict == botsweep.VerdictInauthentic
		})
	}
	coordinated = whole
	all := append(enforce, coordinated...)
	out2, rejected2, _ := buildOnce(ctx, w, all, layers, blocks, opts, now, false, clustered, func(need []bool) map[int]string { return peopleLikeFor(w, all, need, opts) })
	return out2, append(rejected, rejected2...)
}

// mergeAmplifying merges the clusters that amplify the same account, by
// the rule buildNetworks applies to the first pass's kept clusters: at
// least half of each one's retweets go to that account (its top amplified
// account outside it, topAmplified) and at least half of its members
// retweeted it. The clusters are those to be enforced: a piece splitMixed
// freed from the people it was clustered with and a network judged
// inauthentic on all its members, amplifying the same account, are one
// network (tuning world 9724 at 0.03: a retweet network of 15 enforced as
// 11 and 4 beside aged amplifiers, its associated accounts divided
// between them). The freed piece is judged again in the final pass, and
// may there be judged coordinated: a merge is kept only when enforce
// judges the merged cluster inauthentic, so that a piece that would not
// have been enforced on its own never takes the network with it (tuning
// world 9640: aged amplifiers freed from superfans, merged with the
// network of 12 they amplify beside, were judged coordinated with it).
// Members, internal weights and people are concatenated in the clusters'
// order; the merged cluster takes the place of the group's first.
func mergeAmplifying(w *world, clusters []cluster, enforce func(cluster) bool) []cluster {
	top, of := topAmplified(w, clusters)
	// One pass: each cluster's retweets, those of its top account, and
	// its members that retweeted that account (amplifyingMembers' count).
	total := make([]int, len(clusters))
	toTop := make([]int, len(clusters))
	amplifiers := make([]int, len(clusters))
	seen := make([]bool, w.n())
	for _, s := range w.retweetShares {
		c := of[s.Account]
		if c < 0 {
			continue
		}
		total[c]++
		if top[c] >= 0 && w.objAuthor[s.Item] == top[c] {
			toTop[c]++
			if !seen[s.Account] {
				seen[s.Account] = true
				amplifiers[c]++
			}
		}
	}
	groups := map[int32][]int{}
	var order []int32
	for c, cl := range clusters {
		if top[c] < 0 || 2*toTop[c] < total[c] || 2*amplifiers[c] < len(cl.members) {
			continue
		}
		if groups[top[c]] == nil {
			order = append(order, top[c])
		}
		groups[top[c]] = append(groups[top[c]], c)
	}
	merged := map[int]cluster{} // first cluster of a group -> the merged cluster
	gone := make([]bool, len(clusters))
	for _, a := range order {
		g := groups[a]
		if len(g) < 2 {
			continue
		}
		var m cluster
		for _, c := range g {
			m.absorb(clusters[c])
		}
		if !enforce(m) {
			continue
		}
		merged[g[0]] = m
		for _, c := range g[1:] {
			gone[c] = true
		}
	}
	out := make([]cluster, 0, len(clusters))
	for c, cl := range clusters {
		if gone[c] {
			continue
		}
		if m, ok := merged[c]; ok {
			cl = m
		}
		out = append(out, cl)
	}
	return out
}

// traceStage, when set (by diagnostic tests only), sees the clusters after
// each step of buildNetworks.
var traceStage func(w *world, stage string, clusters []cluster)

// traceClusters hands clusters to traceStage when it is set.
func traceClusters(w *world, stage string, clusters []cluster) {
	if traceStage != nil {
		traceStage(w, stage, clusters)
	}
}

// absorb adds cl's members, internal weights and people after m's, and
// the members that left it.
func (m *cluster) absorb(cl cluster) {
	m.members = append(m.members, cl.members...)
	m.internal = append(m.internal, cl.internal...)
	m.people = append(m.people, cl.people...)
	m.peopleInternal = append(m.peopleInternal, cl.peopleInternal...)
	m.left += cl.left
}

// amplifyingMembers counts, for each kept cluster, the members that
// retweeted its top amplified account (topAmplified: the same account as
// its network's first Amplified entry) at least once.
func amplifyingMembers(w *world, kept []cluster) []int {
	top, of := topAmplified(w, kept)
	seen := make([]bool, w.n())
	counts := make([]int, len(kept))
	for _, s := range w.retweetShares {
		c := of[s.Account]
		if c < 0 || seen[s.Account] || top[c] < 0 || w.objAuthor[s.Item] != top[c] {
			continue
		}
		seen[s.Account] = true
		counts[c]++
	}
	return counts
}

// buildOnce scores the clusters and builds the networks of those kept
// (hold, when not nil: given the clusters the verdict model judges
// inauthentic, those among them judged coordinated whatever their score,
// with the reason; it is asked about no other cluster, since a hold
// changes only an inauthentic verdict). On
// the first pass it stops there and also returns the kept clusters, in the
// networks' order, for buildNetworks to merge; otherwise it adds associated
// accounts, finishes and ranks the networks.
func buildOnce(ctx context.Context, w *world, clusters []cluster, layers []*layer, blocks []graph.Block, opts Options, now time.Time, first bool, clustered []bool, hold func(need []bool) map[int]string) ([]*netBuild, []SetAside, []cluster) {
	if len(clusters) == 0 {
		// Nothing to score: every pass below would read every share for
		// no cluster (a share table's clusters are often all set aside).
		return nil, nil, nil
	}
	n := w.n()
	var botScore func(int32) (float64, bool)
	if opts.BotScores != nil {
		botScore = func(a int32) (float64, bool) { return opts.BotScores(w.acct.names[a]) }
	}

	memberOf := make([]int32, n)
	for i := range memberOf {
		memberOf[i] = -1
	}
	members := 0
	for c, cl := range clusters {
		members += len(cl.members)
		for _, a := range cl.members {
			memberOf[a] = int32(c)
		}
	}
	inBlock := make([]int32, n)
	for i := range inBlock {
		inBlock[i] = -1
	}
	for b, blk := range blocks {
		for _, r := range blk.Rows {
			inBlock[r] = int32(b)
		}
	}
	nc := len(clusters)
	// The coordination tests read every layer's shares, as the passes
	// below do, and write only their own results: they run beside them.
	type testsOf struct {
		timing []coTest
		sel    []coSelection
	}
	testsDone := make(chan testsOf, 1)
	go func() {
		testsDone <- testsOf{coordinationTests(w, layers, memberOf, nc, clustered, opts), coSelectionTests(w, layers, memberOf, nc, clustered, coSelectPseudo)}
	}()
	// Retweet behaviour per cluster.
	rts := make([]clusterRetweets, nc)
	hists := make([][]int, nc)
	for c := range rts {
		rts[c] = clusterRetweets{byAuthor: map[int32]int{}}
		hists[c] = make([]int, len(delayBounds)-1)
	}
	for _, s := range w.retweetShares {
		c := memberOf[s.Account]
		if c < 0 {
			continue
		}
		r := &rts[c]
		r.total++
		if a := w.objAuthor[s.Item]; a >= 0 {
			r.byAuthor[a]++
		}
		if ot := w.origin(s.Item); ot > 0 {
			d := float64(s.Time - ot)
			r.known++
			if d <= 600 {
				r.fast++
			}
			hists[c][bucketOf(d)]++
		}
	}
	top := make([]int32, nc)
	for c := range top {
		top[c] = topOutside(rts[c].byAuthor, memberOf, c)
	}
	auto := automationEvidence(w, clusters, memberOf, top, opts)
	for c := range auto {
		auto[c].noAuthors = rts[c].total > 0 && len(rts[c].byAuthor) == 0
	}
	// Co-shared items per cluster, over every co-action layer. Per-account
	// state lives in flat arrays indexed by dense account id (no map per
	// item or per pair: on millions of shares and pairs the maps were most
	// of this function's time).
	// An item only one member of a cluster shared is no co-shared item of
	// that cluster: its aggregate is made when a second member shares it
	// (firstDelay holds the first member's delay until then).
	items := make([][]*itemAgg, nc)
	memberItems := newPerMember[int](n, len(layers), members) // per member, per layer: items co-shared with other members
	stamp := make([]int32, n)                                 // last item (of the current layer) an account was seen sharing
	cur := make([]*itemAgg, nc)                               // each cluster's aggregate of the current item (nil under two members)
	seen := make([]int32, nc)                                 // each cluster's members sharing the current item
	firstDelay := make([]float64, nc)
	var sharers []int32
	var touched []int32
	for li, l := range layers {
		for i := range stamp {
			stamp[i] = -1
		}
		sh := l.shares
		for lo := 0; lo < len(sh); {
			hi := lo
			for hi < len(sh) && sh[hi].Item == sh[lo].Item {
				hi++
			}
			if hi-lo >= 2 {
				item := sh[lo].Item
				first := sh[lo].Time
				if l.kind == "post" && w.origin(item) > 0 {
					first = w.origin(item)
				}
				sharers, touched = sharers[:0], touched[:0]
				for k := lo; k < hi; k++ {
					a := sh[k].Account
					if stamp[a] == item {
						continue
					}
					stamp[a] = item
					sharers = append(sharers, a)
					c := memberOf[a]
					if c < 0 {
						continue
					}
					d := float64(sh[k].Time - first)
					switch seen[c]++; seen[c] {
					case 1:
						firstDelay[c] = d
						touched = append(touched, c)
					case 2:
						ia := &itemAgg{layer: li, item: item, members: 2, delays: []float64{firstDelay[c], d}}
						cur[c] = ia
						items[c] = append(items[c], ia)
					default:
						cur[c].members++
						cur[c].delays = append(cur[c].delays, d)
					}
				}
				for _, c := range touched {
					if cur[c] != nil {
						cur[c].total = len(sharers)
					}
				}
				for _, a := range sharers {
					if c := memberOf[a]; c >= 0 && seen[c] >= 2 {
						memberItems.vals[memberItems.at(a)+li]++
					}
				}
				for _, c := range touched {
					cur[c], seen[c] = nil, 0
				}
			}
			lo = hi
		}
	}
	// Per member, per layer: partners inside the cluster and items.
	ties := newPerMember[tieT](n, len(layers), members)
	layerEdges := make([][]int, nc)
	layerWeight := make([][]float64, nc)
	for c := range layerEdges {
		layerEdges[c] = make([]int, len(layers))
		layerWeight[c] = make([]float64, len(layers))
	}
	for li, l := range layers {
		mult := layerMultiplier[l.name]
		for _, p := range l.pairs {
			c := memberOf[p.A]
			if c < 0 || memberOf[p.B] != c {
				continue
			}
			if int(p.Items) < opts.MinPairItems && !p.Sampled {
				continue
			}
			layerEdges[c][li]++
			layerWeight[c][li] += float64(p.Weight * mult)
			for _, a := range [2]int32{p.A, p.B} {
				t := &ties.vals[ties.at(a)+li]
				t.partners++
				t.items += int(p.Items)
			}
		}
	}

	both := <-testsDone
	tests, sels := both.timing, both.sel
	// Every cluster is judged first; hold is then asked about the clusters
	// judged inauthentic only (its membership evidence is the costly part,
	// and it changes no other verdict).
	type judged struct {
		f map[string]float64
		j judgement
	}
	js := make([]judged, 0, nc)
	inauthentic := make([]bool, nc)
	for c, cl := range clusters {
		if ctx.Err() != nil {
			break
		}
		rt := rts[c]
		if li := layerIndex(layers, LayerCoRetweet); li >= 0 {
			for _, a := range cl.members {
				if mi := memberItems.get(a); mi != nil {
					rt.coShared += mi[li]
				}
			}
		}
		f, cov := features(w, cl.members, rt, inBlock, ties, layers, botScore, auto[c], opts)
		if opts.TableOwnRest && auto[c].noAuthors {
			tableOwnRest(w, cl.members, f, cov)
		}
		switch cb := creationBurstsOf(w, cl.members, opts); {
		case cb.measured() && !opts.MemberAutomationOff:
			f[FeatCreation] = actingBursts(w, cl.members, cb, auto[c].actedClock, opts)
		case cb.measured():
			f[FeatCreation] = cb.share()
		case cb.noBaseline:
			cov[FeatCreation] = "fewer accounts outside the group than in it have a creation date: no baseline for a burst"
		default:
			cov[FeatCreation] = "no account creation dates in the data"
		}
		if len(w.follows) == 0 {
			delete(f, FeatFollowBlock)
			delete(f, FeatFollowSet)
			cov[FeatFollowBlock] = "the data holds no follows"
			cov[FeatFollowSet] = "the data holds no follows"
		}
		j := judge(tests[c], sels[c], len(cl.members), f, cov, opts, !first)
		js = append(js, judged{f, j})
		inauthentic[c] = j.verdict == botsweep.VerdictInauthentic
	}
	var held map[int]string
	if hold != nil && slices.Contains(inauthentic, true) {
		held = hold(inauthentic)
	}
	var out []*netBuild
	var keptClusters []cluster
	var rejected []SetAside
	for c, cl := range clusters[:len(js)] {
		if ctx.Err() != nil {
			break
		}
		f, j := js[c].f, js[c].j
		if why, ok := held[c]; ok && j.verdict == botsweep.VerdictInauthentic {
			j.verdict, j.reason = botsweep.VerdictCoordinated, why
		}
		if debugCluster != nil {
			debugCluster(w, cl.members, f, j)
		}
		if !j.coordinated {
			rejected = append(rejected, SetAside{Size: len(cl.members), Reason: j.reason, Members: namesOf(w, cl.members)})
			continue
		}
		nb := &netBuild{internal: map[int32]float64{}, reasons: map[int32][]string{}}
		for i, a := range cl.members {
			nb.internal[a] = cl.internal[i]
		}
		nb.core = append([]int32(nil), cl.members...)
		if j.verdict != botsweep.VerdictInauthentic {
			// A group that is not enforced is reported with the people
			// who left it (trimHumans): they co-act with it.
			for i, a := range cl.people {
				nb.internal[a] = cl.peopleInternal[i]
			}
			nb.core = append(nb.core, cl.people...)
		}
		slices.Sort(nb.core)
		net := &nb.net
		net.Score = round3(j.prob)
		net.Verdict = j.verdict
		net.Evidence.Features = f
		net.Evidence.Used = j.used
		net.Evidence.Unavailable = j.unavailable
		net.Evidence.Verdict = j.reason
		net.Evidence.Coordination = &botsweep.Coordination{
			Observed: j.test.Observed, Expected: round3(j.test.Expected),
			Lift: round3(math.Min(j.test.lift(), 1e9)), Significance: round3(j.test.significance()),
			LeftMembers: cl.left,
		}
		net.DetectedAt = now
		// Amplified accounts.
		type ac struct {
			a int32
			n int
		}
		var amps []ac
		for a, k := range rts[c].byAuthor {
			if memberOf[a] == int32(c) {
				continue
			}
			amps = append(amps, ac{a, k})
		}
		sort.Slice(amps, func(i, j int) bool {
			if amps[i].n != amps[j].n {
				return amps[i].n > amps[j].n
			}
			return amps[i].a < amps[j].a
		})
		for _, x := range amps {
			if len(net.Amplified) == 10 || float64(x.n) < 0.01*float64(rts[c].total) {
				break
			}
			net.Amplified = append(net.Amplified, botsweep.Amplified{
				AccountID: w.acct.names[x.a], ScreenName: w.screen[x.a], Retweets: x.n,
				Share: round3(float64(x.n) / float64(rts[c].total)),
			})
		}
		// Delay histogram.
		for b, k := range hists[c] {
			if k > 0 {
				net.Evidence.RetweetDelayHistogram = append(net.Evidence.RetweetDelayHistogram, botsweep.DelayBucket{LoS: delayBounds[b], HiS: delayBounds[b+1], Count: k})
			}
		}
		// Signals.
		var totalW float64
		for _, x := range layerWeight[c] {
			totalW += x
		}
		for li, l := range layers {
			if layerEdges[c][li] == 0 {
				continue
			}
			net.Evidence.Signals = append(net.Evidence.Signals, botsweep.Signal{
				Layer: l.name, Edges: layerEdges[c][li], Weight: round3(layerWeight[c][li] / math.Max(totalW, 1e-9)),
				Description: layerDescription[l.name],
			})
		}
		sort.SliceStable(net.Evidence.Signals, func(i, j int) bool { return net.Evidence.Signals[i].Weight > net.Evidence.Signals[j].Weight })
		// Co-shared items: most members times unusualness first.
		var ias []*itemAgg
		for _, ia := range items[c] {
			if ia.members >= 2 {
				ias = append(ias, ia)
			}
		}
		total := len(cl.members)
		sort.Slice(ias, func(i, j int) bool {
			si := float64(ias[i].members) * float64(unusualness(ias[i].total, max(total*10, 3)))
			sj := float64(ias[j].members) * float64(unusualness(ias[j].total, max(total*10, 3)))
			if si != sj {
				return si > sj
			}
			if ias[i].layer != ias[j].layer {
				return ias[i].layer < ias[j].layer
			}
			return ias[i].item < ias[j].item
		})
		for _, ia := range ias[:min(len(ias), 15)] {
			l := layers[ia.layer]
			net.Evidence.CoShared = append(net.Evidence.CoShared, botsweep.CoSharedItem{
				Kind: l.kind, Item: l.names(ia.item), Members: ia.members, Total: ia.total,
				MedianDelay: round3(median(ia.delays)), Unusualness: round3(float64(unusualness(ia.total, max(w.n(), 3)))),
			})
		}
		// Member reasons.
		for _, a := range nb.core {
			var rs []string
			if t := ties.get(a); t != nil {
				for li, l := range layers {
					if t[li].partners == 0 {
						continue
					}
					switch l.name {
					case LayerFollow:
						rs = append(rs, fmt.Sprintf("%s: in the same dense follow block as %d members", l.name, t[li].partners))
					case LayerFollowSet:
						rs = append(rs, fmt.Sprintf("%s: follows near-identical sets of accounts as %d members", l.name, t[li].partners))
					case LayerSync:
						rs = append(rs, fmt.Sprintf("%s: active in the same %s time bins as %d members (%d bins shared)", l.name, opts.SyncBin, t[li].partners, t[li].items/max(t[li].partners, 1)))
					default:
						k := 0
						if mi := memberItems.get(a); mi != nil {
							k = mi[li]
						}
						rs = append(rs, fmt.Sprintf("%s: shared %d items other members shared too, within %s of %d of them", l.name, k, time.Duration(l.window)*time.Second, t[li].partners))
					}
				}
			}
			if b := inBlock[a]; b >= 0 && (ties.get(a) == nil || summarizeTies(ties.get(a), layers).followSet == 0) {
				rs = append(rs, fmt.Sprintf("follows %d accounts of dense follow block %d", len(blocks[b].Cols), b+1))
			}
			if w.created[a] > 0 {
				rs = append(rs, "created "+time.Unix(w.created[a], 0).UTC().Format("2006-01-02 15h"))
			}
			if w.defaultHnd[a] {
				rs = append(rs, "default-style handle (name plus 8 digits)")
			}
			if w.defaultImg[a] {
				rs = append(rs, "default profile image")
			}
			nb.reasons[a] = rs
		}
		out = append(out, nb)
		keptClusters = append(keptClusters, cl)
	}
	if first {
		return out, rejected, keptClusters
	}
	var enforce []*netBuild
	for _, nb := range out {
		if nb.net.Verdict == botsweep.VerdictInauthentic {
			enforce = append(enforce, nb)
		}
	}
	associate(w, enforce, opts)
	for _, nb := range out {
		finishNetwork(w, nb, opts)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if vi, vj := out[i].net.Verdict == botsweep.VerdictInauthentic, out[j].net.Verdict == botsweep.VerdictInauthentic; vi != vj {
			return vi
		}
		if out[i].net.Score != out[j].net.Score {
			return out[i].net.Score > out[j].net.Score
		}
		return out[i].net.ID < out[j].net.ID
	})
	return out, rejected, nil
}

// finishNetwork fills members, id, size, creation histogram and summary.
func finishNetwork(w *world, nb *netBuild, opts Options) {
	net := &nb.net
	ids := make([]string, len(nb.core))
	for i, a := range nb.core {
		ids[i] = w.acct.names[a]
	}
	net.ID = networkID(ids)
	add := func(a int32, role botsweep.Role, score float64) {
		m := botsweep.Member{AccountID: w.acct.names[a], ScreenName: w.screen[a], Role: role, Score: round3(score), Reasons: nb.reasons[a]}
		if m.Reasons == nil {
			m.Reasons = []string{}
		}
		if opts.BotScores != nil {
			if p, ok := opts.BotScores(m.AccountID); ok {
				p = round3(p)
				m.BotScore = &p
			}
		}
		net.Members = append(net.Members, m)
	}
	for _, a := range nb.core {
		add(a, botsweep.RoleCore, net.Score*(0.5+0.5*nb.internal[a]))
	}
	for _, a := range nb.assoc {
		add(a, botsweep.RoleAssociated, net.Score*0.5)
	}
	net.Size = len(net.Members)
	// The members' mean bot score, where a model ran: shown to reviewers,
	// not weighed into the network's score.
	if sum, k := memberBotScores(net.Members); k > 0 {
		if net.Evidence.Features == nil {
			net.Evidence.Features = map[string]float64{}
		}
		net.Evidence.Features[FeatBotScore] = round3(sum / float64(k))
	}
	inCore := make(map[int32]bool, len(nb.core))
	for _, a := range nb.core {
		inCore[a] = true
	}
	followed := map[int32]int{}
	for _, f := range w.follows {
		if inCore[f.from] && !inCore[f.to] {
			followed[f.to]++
		}
	}
	names := map[string]int{}
	for a, k := range followed {
		if float64(k) >= 0.2*float64(len(nb.core)) {
			name := w.screen[a]
			if name == "" {
				name = w.acct.names[a]
			} else {
				name = "@" + name
			}
			names[name] = k
		}
	}
	net.Evidence.Followed = topCounts(names, 10)
	days := map[string]int{}
	for _, a := range append(append([]int32(nil), nb.core...), nb.assoc...) {
		if w.created[a] > 0 {
			days[time.Unix(w.created[a], 0).UTC().Format("2006-01-02")]++
		}
	}
	for d, k := range days {
		net.Evidence.CreationHistogram = append(net.Evidence.CreationHistogram, botsweep.DayCount{Day: d, Count: k})
	}
	sort.Slice(net.Evidence.CreationHistogram, func(i, j int) bool {
		return net.Evidence.CreationHistogram[i].Day < net.Evidence.CreationHistogram[j].Day
	})
	lead := "coordinated"
	if len(net.Evidence.Signals) > 0 {
		lead = net.Evidence.Signals[0].Layer
	}
	net.Summary = fmt.Sprintf("%d core and %d associated accounts tied mainly by %s", len(nb.core), len(nb.assoc), lead)
	if len(net.Amplified) == 0 && len(net.Evidence.Followed) > 0 {
		f := net.Evidence.Followed[0]
		net.Summary += fmt.Sprintf("; %d%% of the core follow %s", 100*f.Count/max(len(nb.core), 1), f.Name)
	}
	if len(net.Amplified) > 0 {
		a := net.Amplified[0]
		name := a.ScreenName
		if name == "" {
			name = a.AccountID
		} else {
			name = "@" + name
		}
		net.Summary += fmt.Sprintf("; %.0f%% of their retweets amplify %s", 100*a.Share, name)
	}
}

func bucketOf(d float64) int {
	for b := 1; b < len(delayBounds); b++ {
		if d < delayBounds[b] {
			return b - 1
		}
	}
	return len(delayBounds) - 2
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := append([]float64(nil), x...)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// perMember holds l values per account for the accounts that have any,
// in one flat slice allocated as accounts are first used.
type perMember[T any] struct {
	idx  []int32 // dense account id -> offset of its values, -1 when none
	vals []T
	l    int
}

// newPerMember holds l values for each of up to members of n accounts.
func newPerMember[T any](n, l, members int) *perMember[T] {
	m := &perMember[T]{idx: make([]int32, n), l: l, vals: make([]T, 0, members*l)}
	for i := range m.idx {
		m.idx[i] = -1
	}
	return m
}

// at returns the offset in vals of a's values, adding zero values for a
// on first use (vals may move then: index it again after every at).
func (m *perMember[T]) at(a int32) int {
	if m.idx[a] < 0 {
		k := len(m.vals)
		m.idx[a] = int32(k)
		if k+m.l <= cap(m.vals) {
			m.vals = m.vals[:k+m.l]
			clear(m.vals[k:])
		} else {
			m.vals = append(m.vals, make([]T, m.l)...)
		}
	}
	return int(m.idx[a])
}

// get returns a's values, or nil when a has none.
func (m *perMember[T]) get(a int32) []T {
	if m.idx[a] < 0 {
		return nil
	}
	return m.vals[m.idx[a] : int(m.idx[a])+m.l : int(m.idx[a])+m.l]
}

// trimHumans drops from each cluster the members that individually look
// like people caught up in the network's activity (real readers of the
// amplified account). Each of these is one sign of a person:
//
//   - a custom profile (no default image, no default-style handle);
//   - created outside the cluster's creation bursts;
//   - replies to others (takes part in conversations);
//   - retweets slower than the network: median delay after the original
//     above 2 times the median of the members' medians, and above 5 minutes;
//   - a daily rhythm of its own: a quiet period in its day or hour
//     entropy under 0.8 of its maximum, on its posts other than its
//     retweets of the amplified account (rhythmSignMinPosts of them), or
//     retweet times that leave a daily window empty while the amplified
//     account posts in it (ampRest.actedRests);
//   - posts at all (3+ posts) in a silent cluster (70%+ of the members
//     never post: a follower farm), where people who follow the same
//     popular accounts get caught by the follow layers;
//   - its amplification rests daily: the posts of the amplified account
//     it retweeted leave a daily window it does not cover, which its
//     coverage elsewhere cannot explain (ampRest, detect/amprest.go);
//   - it covers the amplified account's posts at a partial rate of its
//     own, at most opts.MemberPartialRatio of the other members' pooled
//     coverage (partialCoverage, detect/amprest.go).
//
// Each sign is also measured or not: a sign the data could not show for
// this member (no profile, too few posts for a rhythm or for replies, no
// retweets with a known origin, a day the amplified account never posts
// in) counts neither way. A member leaves the cluster when
// memberSigns.person says so, and keeps the cluster's people (reported
// with it when it is not enforced): opts.MemberPersonSigns or more signs,
// or one fewer with its amplification resting daily or partial, or with at most one
// measured sign missing, and no sign of automation: amplifying inside its
// own daily quiet period (quietAmp.automated, opts.MemberQuietActs) or
// round the clock where a gap would have shown (ampRest.roundClock), as
// an account run by a schedule or an operator does and a person who
// admires the account does not. It returns the clusters left with at
// least opts.MinNetworkSize members, and for each the index of the cluster
// it came from.
func trimHumans(w *world, clusters []cluster, opts Options) (cores []cluster, from []int) {
	for c, ms := range memberEvidence(w, clusters, opts) {
		if next := splitPeople(clusters[c], ms, opts, true); len(next.members) >= opts.MinNetworkSize {
			cores = append(cores, next)
			from = append(from, c)
		}
	}
	return cores, from
}

// splitPeople is cl without the members whose own evidence (ms, in the
// order of cl.members) says they are people (memberSigns.person): they
// move to its people, reported with it when it is not enforced. With
// keepWired (trimHumans, in networks judged inauthentic), a member wired
// to other would-be leavers beyond chance (memberSigns.wired, set only
// with Options.MemberWiredSignificance) stays.
func splitPeople(cl cluster, ms []memberSigns, opts Options, keepWired bool) cluster {
	next := cluster{left: cl.left}
	count := opts
	count.MemberMatchedPersonSigns = count.MemberPersonSigns
	count.MemberTiedSignificance = -1
	for i, m := range ms {
		if m.person(opts) && !(keepWired && m.wired) {
			next.people = append(next.people, cl.members[i])
			next.peopleInternal = append(next.peopleInternal, cl.internal[i])
			continue
		}
		next.members = append(next.members, cl.members[i])
		next.internal = append(next.internal, cl.internal[i])
		next.byMatch = append(next.byMatch, m.person(count))
	}
	return next
}

// splitMixed decides membership per member in the groups judged
// coordinated, not inauthentic, on all their members (groups), as
// trimHumans does in those judged inauthentic: a real network clustered
// with the people who amplify the same account (superfans, aged readers)
// is diluted by them, and judged coordinated as a whole, so it was never
// enforced (issue #13). In each group the members whose own evidence says
// they are people leave (splitPeople) and the members left, still tied to
// one another (dropUntied), are returned to be judged on their own
// (mixed): an inauthentic verdict enforces them without the people; a
// coordinated one reports them with the people (buildOnce). A group stays
// whole (returned in whole, reported as it was judged) when no member
// leaves, when fewer than opts.MinNetworkSize members remain, when fewer
// than half its members retweet the account it amplifies most
// (amplifyingMembers, as for merging pieces: the people beside a network
// are readers of the account it amplifies, and a group tied by something
// else, follows above all, shows too little of a member's own
// amplification to tell; tuning world 9423 at 0.06 through the CLI swept
// 7 organic readers with one follower-farm account without this), or when
// opts.MemberPeopleShare or more of those that remain look like people
// themselves on the same evidence (opts.MemberPersonSigns − 1 or more
// signs and no automation, as peopleLike counts): the remaining members
// are then the least visible people of a group of people (an activist
// room's members with three signs of a person), not a network the people
// hid. The evidence is read in the whole group, where the account it
// amplifies is known: judged alone, the members left by a room whose
// leads left as people would amplify those leads "round the clock"
// (tuning world 9443 at scale 0.06, docs/benchmarks/detect.md). It stays
// whole, too, when the members left co-share with the people who left
// more than with one another, per pair, beyond chance at
// opts.MinSignificance (separation.embedded): they are embedded in the
// group of people, not a network beside it.
func splitMixed(w *world, layers []*layer, blocks []graph.Block, groups []cluster, opts Options) (mixed, whole []cluster) {
	// A group judged coordinated whole is split on MemberPersonSigns alone
	// (opts.MemberMatchedPersonSigns is for the networks judged
	// inauthentic): members that act as the network but look like people
	// on every sign of the account (aged amplifiers) leave with the
	// superfans, as before; kept, they co-share with those superfans more
	// than the core does and the core was held embedded in its people
	// (tuning worlds 9730 at 0.03, 9740 at 0.03 and 0.06: retweet
	// networks of 12-37 lost whole).
	opts.MemberMatchedPersonSigns = opts.MemberPersonSigns
	opts.MemberTiedSignificance = -1
	var cores []cluster
	var from []int
	split := make([]bool, len(groups))
	amplifiers := amplifyingMembers(w, groups)
	need := make([]bool, len(groups))
	for c, g := range groups {
		need[c] = 2*amplifiers[c] >= len(g.members)
	}
	for c, ms := range memberEvidenceFor(w, groups, need, opts) {
		if !need[c] {
			continue
		}
		next := splitPeople(groups[c], ms, opts, false)
		if len(next.people) == 0 || len(next.members) < opts.MinNetworkSize {
			continue
		}
		k := 0
		for _, m := range ms {
			if !m.person(opts) && m.looksLikePerson(opts) {
				k++
			}
		}
		if float64(k) >= opts.MemberPeopleShare*float64(len(next.members)) {
			continue
		}
		cores = append(cores, next)
		from = append(from, c)
	}
	traceClusters(w, "splitMixed (people left)", cores)
	cores, from = dropUntied(w, layers, blocks, cores, from, opts)
	traceClusters(w, "splitMixed (dropUntied)", cores)
	seps := coShareSeparations(w.n(), layers, cores)
	for k, core := range cores {
		if seps[k].embedded() >= opts.MinSignificance {
			continue // the members left are the group's own people
		}
		split[from[k]] = true
		mixed = append(mixed, core)
	}
	for c, g := range groups {
		if !split[c] {
			whole = append(whole, g)
		}
	}
	return mixed, whole
}

// separation compares how much the members left in a split group
// (splitMixed) co-share with one another and with the people who left
// it: items co-shared over all layers' pairs, against what the members'
// and the people's own activity gives each side (activityNull).
type separation struct {
	within, cross           float64 // items co-shared, summed over the pairs
	withinPairs, crossPairs float64 // possible pairs: member-member, member-person
	withinNull, crossNull   float64 // the activity null's expectation of within and cross (only their ratio counts)
}

// coShareSeparations measures each core's separation from its people
// (core.people) over every layer's pairs, in one pass over the layers for
// all cores (n accounts).
//
// The null is each account's own activity in the group (a per-member
// baseline, as a configuration model's degrees): in a co-action layer a
// pair's co-shares are expected in proportion to the product of the two
// accounts' group items, the items of the layer each shared that another
// account of the group (member or person) shared too, whichever side that
// one is on. Per pair alone, accounts that share more of the group's
// items co-share more with everyone: aged accounts amplifying the same
// account with a higher coverage than the burst-made network beside them
// leave it as people and co-share with each member more than the members
// with one another (tuning world 9657 at 0.03: 32 network members beside
// 5 such accounts, embedded at 10^-6.5 per pair, not per activity). A
// group's own people left behind still co-share with the people who left
// more than their activity gives. Layers without shares (follow blocks,
// followee sets) weigh every pair alike, as before.
func coShareSeparations(n int, layers []*layer, cores []cluster) []separation {
	out := make([]separation, len(cores))
	if len(cores) == 0 {
		return out
	}
	coreOf := make([]int32, n)
	side := make([]int8, n)
	for i := range coreOf {
		coreOf[i] = -1
	}
	for c, core := range cores {
		for _, a := range core.members {
			coreOf[a], side[a] = int32(c), 1
		}
		for _, a := range core.people {
			coreOf[a], side[a] = int32(c), 2
		}
	}
	act := make([]float64, n) // per account, its group items in the current layer
	stamp := make([]int32, n)
	count := make([]int, len(cores))
	within, cross := make([]float64, len(cores)), make([]float64, len(cores))
	var sharers []int32
	for _, l := range layers {
		for c := range cores {
			within[c], cross[c] = 0, 0
		}
		for _, p := range l.pairs {
			c := coreOf[p.A]
			if c < 0 || coreOf[p.B] != c {
				continue
			}
			switch a, b := side[p.A], side[p.B]; {
			case a == 1 && b == 1:
				within[c] += float64(p.Items)
			case a != b:
				cross[c] += float64(p.Items)
			}
		}
		if len(l.shares) > 0 {
			activityNull(l.shares, coreOf, act, stamp, count, &sharers)
		}
		for c, core := range cores {
			total := within[c] + cross[c]
			if total == 0 {
				continue
			}
			var wIn, wCross float64
			if len(l.shares) > 0 {
				var sumM, sumM2, sumP float64
				for _, a := range core.members {
					sumM += act[a]
					sumM2 += act[a] * act[a]
				}
				for _, a := range core.people {
					sumP += act[a]
				}
				wIn, wCross = (sumM*sumM-sumM2)/2, sumM*sumP
			} else {
				k, m := float64(len(core.members)), float64(len(core.people))
				wIn, wCross = k*(k-1)/2, k*m
			}
			out[c].within += within[c]
			out[c].cross += cross[c]
			if wIn+wCross > 0 {
				out[c].withinNull += total * wIn / (wIn + wCross)
				out[c].crossNull += total * wCross / (wIn + wCross)
			}
		}
		if len(l.shares) > 0 {
			for c := range cores {
				for _, a := range cores[c].members {
					act[a] = 0
				}
				for _, a := range cores[c].people {
					act[a] = 0
				}
			}
		}
	}
	for c, core := range cores {
		k, m := float64(len(core.members)), float64(len(core.people))
		out[c].withinPairs, out[c].crossPairs = k*(k-1)/2, k*m
	}
	return out
}

// activityNull counts, in act, each group account's items among shares
// (sorted by item): the items it shared that another account of its
// group (coreOf) shared too. stamp, count and sharers are scratch space.
func activityNull(shares []Share, coreOf []int32, act []float64, stamp []int32, count []int, sharers *[]int32) {
	for i := range stamp {
		stamp[i] = -1
	}
	for lo := 0; lo < len(shares); {
		hi := lo
		for hi < len(shares) && shares[hi].Item == shares[lo].Item {
			hi++
		}
		item := shares[lo].Item
		*sharers = (*sharers)[:0]
		for k := lo; k < hi; k++ {
			a := shares[k].Account
			if coreOf[a] < 0 || stamp[a] == item {
				continue
			}
			stamp[a] = item
			*sharers = append(*sharers, a)
			count[coreOf[a]]++
		}
		for _, a := range *sharers {
			if count[coreOf[a]] >= 2 {
				act[a]++
			}
		}
		for _, a := range *sharers {
			count[coreOf[a]] = 0
		}
		lo = hi
	}
}

// embedded is the significance (−log10 of the exact binomial tail) that
// the members left co-share with one another less than with the people
// who left: of all their co-shared items, the share within the members
// left is at or below what a null gives no more often than that by
// chance, under each of two nulls, the weaker taken: per pair (the
// share of member–member pairs among all pairs) and per activity
// (coShareSeparations). Either alone explains a remainder's thin
// co-sharing by something other than belonging to the people who left:
// the number of pairs, or members that share fewer of the group's items
// than the people (a network beside busier amplifiers of the same
// account), so a remainder is the group's own people only when neither
// explains it. A network hidden among people who amplify the same account
// co-shares with its own members far more than with them (per pair, 1.4
// to 8.8 times in the tuning worlds 9400-9459 at 0.03 and 0.06); the
// least visible members of a group of people co-share with the people who
// left as much or more (an activist room's, 0.5 times per pair: tuning
// world 9411 at 0.06 swept them). 0 when they co-share more within, or
// nothing.
func (s separation) embedded() float64 {
	return min(binomBelow(s.within, s.cross, s.withinPairs, s.crossPairs), binomBelow(s.within, s.cross, s.withinNull, s.crossNull))
}

// binomBelow is −log10 of the exact binomial tail of within or fewer of
// within+cross items falling within when each does with probability
// wIn/(wIn+wCross); 0 when within is above that share, or nothing was
// co-shared.
func binomBelow(within, cross, wIn, wCross float64) float64 {
	total := within + cross
	if total == 0 || wIn == 0 || wCross == 0 {
		return 0
	}
	share := wIn / (wIn + wCross)
	if within >= share*total {
		return 0
	}
	n := int(math.Round(total))
	k := int(math.Round(within))
	// P(X <= k) for X ~ Bin(n, share) is P(Y >= n-k) for Y ~ Bin(n, 1-share).
	return -math.Log10(max(binomUpperTail(n-k, n, 1-share), 1e-300))
}

// dropUntied removes from each cluster the members left with no tie to
// any other member once the people have left it (trimHumans): no pair of
// MinPairItems items (or a sampled burst) in any layer with another
// member, and no dense follow block shared with one. Such a member was in
// the cluster through the accounts that left it (Louvain grouped it with
// readers of the same account, or a piece merged on its amplified account
// brought it), so nothing the data shows ties it to the network that
// remains. Clusters left with fewer than opts.MinNetworkSize members are
// dropped, as trimHumans drops them; from keeps each cluster's origin.
func dropUntied(w *world, layers []*layer, blocks []graph.Block, clusters []cluster, from []int, opts Options) ([]cluster, []int) {
	of := make([]int32, w.n())
	for i := range of {
		of[i] = -1
	}
	for c, cl := range clusters {
		for _, a := range cl.members {
			of[a] = int32(c)
		}
	}
	// A tie counts to an anchor: a member that stays on the count of signs
	// alone, where a cluster has opts.MinNetworkSize of them (every member
	// otherwise). The members kept because they act as the network
	// (cluster.byMatch) keep their place by their own behaviour, not by
	// holding the people beside them: aged amplifiers kept that way tied
	// a superfan of tuning world 9506 at 0.03 to its network.
	anchor := make([]bool, w.n())
	for _, cl := range clusters {
		firm := 0
		for i := range cl.members {
			if cl.byMatch == nil || !cl.byMatch[i] {
				firm++
			}
		}
		for i, a := range cl.members {
			anchor[a] = firm < opts.MinNetworkSize || cl.byMatch == nil || !cl.byMatch[i]
		}
	}
	tied := make([]bool, w.n())
	for _, l := range layers {
		for _, p := range l.pairs {
			if c := of[p.A]; c >= 0 && of[p.B] == c && (int(p.Items) >= opts.MinPairItems || p.Sampled) {
				tied[p.A] = tied[p.A] || anchor[p.B]
				tied[p.B] = tied[p.B] || anchor[p.A]
			}
		}
	}
	for _, blk := range blocks {
		in := map[int32]int{}
		for _, r := range blk.Rows {
			if c := of[r]; c >= 0 && anchor[r] {
				in[c]++
			}
		}
		for _, r := range blk.Rows {
			if c := of[r]; c >= 0 && (in[c] >= 2 || in[c] == 1 && !anchor[r]) {
				tied[r] = true
			}
		}
	}
	var outC []cluster
	var outFrom []int
	for k, cl := range clusters {
		next := cluster{left: cl.left, people: cl.people, peopleInternal: cl.peopleInternal}
		for i, a := range cl.members {
			if tied[a] {
				next.members = append(next.members, a)
				next.internal = append(next.internal, cl.internal[i])
				if cl.byMatch != nil {
					next.byMatch = append(next.byMatch, cl.byMatch[i])
				}
			}
		}
		if len(next.members) >= opts.MinNetworkSize {
			outC = append(outC, next)
			outFrom = append(outFrom, from[k])
		}
	}
	return outC, outFrom
}

// memberSigns is one member's own evidence: which signs of a person the
// data could have shown for it (measured) and which it shows (shown), as
// bit sets over the member signs (sign* below), and the member's
// amplification judged against its own day (quiet) and against the posts it
// could have amplified (rest).
type memberSigns struct {
	shown, measured uint16
	quiet           quietAmp
	rest            ampRest
	// untiedSig is the evidence (−log10 of the chance) that an account of
	// the network would have shown no follow tie with its core, where the
	// member shows none (signUntied; followTies): 0 otherwise.
	untiedSig float64
	// unacted marks a member that shares no item, on any share layer,
	// with another member of its cluster (memberCoaction): no co-action
	// of its own. Not read with Options.MemberUnactedOff.
	unacted bool
	// otherDelay marks a member whose delay (signSlower) was read on its
	// retweets of other accounts: it has none of the account its cluster
	// amplifies.
	otherDelay bool
	// tiedSig is the evidence (−log10 of the chance) that the member's own
	// follows reach its network's core as often as they do by chance: its
	// follows of core members counted as a Poisson variable at the rate
	// at which the follows of accounts outside the cluster land on that
	// core, times its own number of follows (followTies): 0 where it
	// follows no core member or its follows are not in the data.
	tiedSig float64
	// ampPowered marks the signs about its amplification (signSlower,
	// signPartial) its data had the power to show, whether or not they
	// count as measured: under Options.MemberSlowerContradictedOff and
	// MemberPartialContradicted a failed sign counts as measured only
	// where the data contradicts it, but whether the member acts as the
	// network (actsAsNetwork) asks only whether a person could have shown
	// there.
	ampPowered uint16
	// pooledQuiet marks a member whose own retweets inside its quiet
	// hours exceed its own lifted baseline, in a cluster whose members'
	// pooled quiet-window reading is significant (pooledQuiet;
	// Options.MemberQuietPooled): automated though too few alone.
	pooledQuiet bool
	// pooledAwake marks a member whose own night coverage leans awake
	// (quietAmp.awakeLeans) in a cluster whose members' pooled night
	// coverage is significant (awakePooled; Options.MemberAwakePooled).
	pooledAwake bool
	// wired reports that the member would leave as a person but is wired
	// by follows to other such members beyond chance, a second core
	// (wiredLeavers; Options.MemberWiredSignificance): trimHumans keeps
	// it in a network judged inauthentic.
	wired bool
}

// The signs of a person a member can show (bits of memberSigns).
const (
	signProfile   = iota // a custom profile
	signAged             // created outside the cluster's creation bursts
	signReplies          // replies to others
	signSlower           // retweets slower than the network
	signRhythm           // a daily rhythm of its own
	signPostsLoud        // posts in a silent cluster
	signAmpRest          // its amplification rests daily (ampRest.rests)
	signPartial          // covers a part of the amplified posts, at a rate of its own (partialCoverage)
	signUntied           // no follow tie with the network's core (followTies; Options.MemberIgnoreFollowTies)
)

// signs is how many signs of a person the member shows.
func (m memberSigns) signs() int { return bits.OnesCount16(m.shown) }

// automated reports whether the member's own amplification shows
// automation: inside its own daily quiet period (quietAmp.automated;
// not where its amplification rests daily under
// opts.MemberRestOverQuiet, nor where its daily rest outweighs that
// reading (restOutweighsQuiet; unless opts.MemberRestOutweighsQuietOff),
// nor, under opts.MemberQuietSigned, where its amplification rests daily
// and that reading's own evidence (quietAmp.quietSig) is under
// opts.MemberRestSignificance, or
// round the clock where a daily gap would
// have been seen (ampRest; not where its own retweet times rest daily
// under opts.MemberActedRest).
func (m memberSigns) automated(opts Options) bool {
	quiet := (m.quiet.automated(opts) || m.pooledQuiet) && !(opts.MemberQuietSigned && m.rest.rests && m.quiet.quietSig() < opts.MemberRestSignificance) && !(opts.MemberRestOverQuiet && m.rest.rests) && !(!opts.MemberRestOutweighsQuietOff && m.restOutweighsQuiet(opts))
	return quiet || m.quiet.coversNight(opts) || m.rest.roundClock && !(opts.MemberActedRest && m.rest.actedRests)
}

// restPoweredPosts is the fewest posts at which a daily rest could be
// told from chance: the chance that some window of restHours consecutive
// hours (of 24 tried) holds none of n posts spread evenly over the day,
// at most 24·(1 − restHours/24)^n, is at most
// 10^−opts.MemberRestSignificance. With restHours 6 and significance 2
// that is 28 posts. Below it a person's day could not have shown in its
// posts, so the rhythm sign read on them is no evidence either way
// (Options.MemberRhythmPowered).
func restPoweredPosts(opts Options) int32 {
	n := (math.Log10(24) + opts.MemberRestSignificance) / -math.Log10(1-float64(restHours)/24)
	return int32(math.Ceil(n))
}

// restOutweighsQuiet reports whether the member's amplification rests
// daily (ampRest.rests) on evidence that outweighs the quiet-window
// reading of automation (quietAmp.automated) by the significance the rest
// itself must reach: ampRest.sig less quietAmp.quietSig, both log10
// likelihood ratios read on the member's own data, at least
// opts.MemberRestSignificance. The two readings contradict each other
// about the member's day (one says it sleeps, the other that it acts in
// its quiet hours); the net evidence must be significant on its own, so
// no new number is set. Superfans of tuning worlds 10002 (0.03) and
// 10000 (0.06) rest at 9.85 and 10.97 against a window their 53 and 40
// other posts name (quietSig 0.18 and 0.63); a camouflaged account of
// 10009 at 0.03 rests at the bar (2.00) with 13 of 71 retweets in its
// window against 26 of 344 other posts (quietSig 1.47) and stays
// automated.
func (m memberSigns) restOutweighsQuiet(opts Options) bool {
	return m.rest.rests && m.rest.sig-m.quiet.quietSig() >= opts.MemberRestSignificance
}

// person reports whether the member's own evidence says it is a person
// caught up in the network's activity, not an account under the network's
// control: no automation, and opts.MemberPersonSigns or more signs of a
// person (opts.MemberMatchedPersonSigns when its amplification matches the
// network's in every respect measured: actsAsNetwork), or one fewer when its amplification itself rests daily or covers
// the amplified posts at a partial rate of its own (the
// direct evidence about the behaviour that tied it to the network) or
// when at most one of the signs the data could measure for it fails to
// show a person (a member with little data is judged on what was
// measured: a sign that could not be measured counts neither way). A
// member with no co-action of its own with its cluster leaves when every
// sign measured for it shows a person (unactedPerson; on unless
// opts.MemberUnactedOff).
func (m memberSigns) person(opts Options) bool {
	if opts.MemberActedRestLooksOnly {
		opts.MemberActedRest = false
	}
	if m.automated(opts) {
		return false
	}
	k := m.signs()
	if k >= m.personSigns(opts) {
		return true
	}
	if m.unacted && m.unactedPerson(opts) {
		return true
	}
	return k >= opts.MemberPersonSigns-1 && (m.shown&(1<<signAmpRest|1<<signPartial) != 0 || m.untiedDirect(opts) || k >= bits.OnesCount16(m.failRead(opts))-1)
}

// failRead is the set of signs whose failure counts against the member in
// person's "at most one failure" reading: the measured ones, and for a
// member held to the stricter bar because its own follows tie it to its
// network's core (tiedOwn) and its amplification acts as the network's
// where a person could have differed (actsAsNetwork), also the
// amplification signs its data had the power to show (ampPowered). Under
// Options.MemberSlowerContradictedOff or MemberPartialContradicted a failure
// the data does not contradict is unknown, but for such a member it is
// what already set the stricter bar, and an unknown must not lower it.
// With both options off, ampPowered adds nothing to measured.
func (m memberSigns) failRead(opts Options) uint16 {
	if m.actsAsNetwork(opts) && m.tiedOwn(opts) {
		return m.measured | m.ampPowered
	}
	return m.measured
}

// unactedPerson reports whether a member with no co-action of its own
// (memberSigns.unacted; Options.MemberUnactedOff) is a person on what the
// data measured for it: every measured sign shows a person, at least two
// measured, a delay read on other accounts' retweets (otherDelay)
// counting neither way. Automation is checked by person.
func (m memberSigns) unactedPerson(opts Options) bool {
	if opts.MemberUnactedOff {
		return false
	}
	measured, shown := m.measured, m.shown
	if m.otherDelay {
		measured &^= 1 << signSlower
		shown &^= 1 << signSlower
	}
	return measured == shown && bits.OnesCount16(measured) >= 2
}

// memberCoaction returns, per account, whether an account cand marks
// shares an item, on any share layer, with another member of its cluster
// (of: cluster index per account, -1 for none or for clusters whose
// evidence is not read): the complement of memberSigns.unacted. Only the
// marked accounts' items are kept.
func memberCoaction(w *world, of []int32, cand []bool) []bool {
	coacts := make([]bool, len(of))
	type key struct{ c, item int32 }
	for _, layer := range [][]Share{w.retweetShares, w.likeShares, w.urlShares, w.domainShares, w.tagShares, w.replyShares, w.postShares} {
		// The marked account sharing each item in its cluster; -1 where
		// two marked accounts do.
		sharer := map[key]int32{}
		for _, s := range layer {
			if int(s.Account) >= len(cand) || !cand[s.Account] || of[s.Account] < 0 {
				continue
			}
			k := key{of[s.Account], s.Item}
			if f, ok := sharer[k]; !ok {
				sharer[k] = s.Account
			} else if f != s.Account {
				sharer[k] = -1
			}
		}
		if len(sharer) == 0 {
			continue
		}
		for _, s := range layer {
			if int(s.Account) >= len(of) || of[s.Account] < 0 {
				continue
			}
			f, ok := sharer[key{of[s.Account], s.Item}]
			switch {
			case !ok:
			case f < 0:
				coacts[s.Account] = true
			case f != s.Account:
				coacts[f] = true
			}
		}
	}
	return coacts
}

// untiedDirect reports whether the member's lack of any follow tie with
// its network's core (signUntied) is direct evidence, like a daily rest
// of its amplification: an account of the network would have shown a tie
// but for a chance of at most 10^−opts.MemberUntiedSignificance
// (followTies). Off when opts.MemberUntiedSignificance is negative.
func (m memberSigns) untiedDirect(opts Options) bool {
	return opts.MemberUntiedSignificance > 0 && m.shown&(1<<signUntied) != 0 && m.untiedSig >= opts.MemberUntiedSignificance
}

// actsAsNetwork reports whether every sign about the member's
// amplification of the account its cluster amplifies (the behaviour that
// tied it to the network) could have shown a person and none does: its
// delay was measured (its data had the power to show it: ampPowered) and
// is not slower than the network's (signSlower),
// the data could have told a partial coverage of its own apart and it
// covers the amplified posts at the network's rate (signPartial), and its
// amplification shows no daily rest (signAmpRest), nor sleeps through
// the amplified posts made in its own quiet hours (quietAmp.sleepsThrough:
// a superfan of tuning world 9618 at 0.06 covered 0 of 19 there, 45 of
// 118 elsewhere). Its other signs of a person (a custom profile, an age,
// replies, the rhythm of its other posts) are then about the account, not
// about what it does for the network: a camouflaged account fakes them,
// and a person who reads the amplified account differs from the network
// in speed, in coverage or in rest where the data can show it
// (memberSigns.person).
func (m memberSigns) actsAsNetwork(opts Options) bool {
	const amp = 1<<signSlower | 1<<signPartial
	return (m.measured|m.ampPowered)&amp == amp && m.shown&(amp|1<<signAmpRest) == 0 && !m.quiet.sleepsThrough(opts)
}

// personSigns is how many signs of a person the member must show to
// leave on them alone: opts.MemberPersonSigns, or
// opts.MemberMatchedPersonSigns when its amplification acts as the
// network's (actsAsNetwork).
func (m memberSigns) personSigns(opts Options) int {
	if !m.actsAsNetwork(opts) {
		return opts.MemberPersonSigns
	}
	if m.tiedOwn(opts) {
		return max(opts.MemberMatchedPersonSigns, opts.MemberPersonSigns+1)
	}
	return opts.MemberMatchedPersonSigns
}

// tiedOwn reports whether the member's own follows tie it to its
// network's core beyond chance: tiedSig at least
// opts.MemberTiedSignificance (followTies). A follow is the member's own
// act, unlike being followed (a network follows people to look like
// them). Off when opts.MemberTiedSignificance is negative.
func (m memberSigns) tiedOwn(opts Options) bool {
	return opts.MemberTiedSignificance > 0 && m.tiedSig >= opts.MemberTiedSignificance
}

// looksLikePerson reports whether the member counts as a person when a
// group's members are counted (peopleLike, splitMixed): one sign fewer
// than it needs to leave (personSigns: opts.MemberPersonSigns − 1, or
// opts.MemberMatchedPersonSigns − 1 when its amplification acts as the
// network's) and no automation of its own.
//
// The tie of its own follows with the core (tiedOwn) is not read here: a
// group whose members follow one another and amplify as one is what a
// fandom is too, so the tie is evidence that a member belongs to the
// group, not that the group is inauthentic. It decides membership of a
// network judged inauthentic (person) only; the count that holds a group
// as coordinated (peopleLike, splitMixed) is the one before it.
func (m memberSigns) looksLikePerson(opts Options) bool {
	opts.MemberTiedSignificance = -1
	if opts.MemberAwakePooledCount && m.pooledAwake {
		return false
	}
	return m.signs() >= m.personSigns(opts)-1 && !m.automated(opts)
}

// memberEvidence judges every member of every cluster on its own
// identity, conversation and rhythm, against its cluster (creation bursts,
// the network's delay, its core's follow ties: followTies), its own day
// (quietAmp) and the posts it could have amplified (ampRest), in the
// order of the clusters' members.
func memberEvidence(w *world, clusters []cluster, opts Options) [][]memberSigns {
	return memberEvidenceFor(w, clusters, nil, opts)
}

// memberEvidenceFor is memberEvidence for the clusters need marks (nil:
// every cluster); the others get no evidence (nil), and nothing is read
// when none is marked. A marked cluster's evidence is the one
// memberEvidence gives it: the other clusters still count as clusters
// where the evidence depends on them (the account each cluster amplifies
// outside it, the outsiders' popularity behind tableAmplified), and a
// member's evidence depends on its own shares and its cluster's alone
// otherwise. Its callers mark the clusters whose membership can change
// what is reported: on a large share table, evidence read for every
// member of every coordinated crowd group cost 1.65-1.72x the detection
// CPU with share-table membership (Options.TableMembershipOff;
// docs/benchmarks/detect.md).
func memberEvidenceFor(w *world, clusters []cluster, need []bool, opts Options) [][]memberSigns {
	out := make([][]memberSigns, len(clusters))
	if need != nil && !slices.Contains(need, true) {
		return out
	}
	// A member's delay is measured on its retweets of the account its
	// cluster amplifies most, where it has any: a camouflaged account's
	// own retweets of other accounts are slow like a person's, its
	// amplification is not.
	top, of := topAmplified(w, clusters)
	// ofNeed is of for the marked clusters' members, -1 for the others':
	// the per-member passes below read only those.
	ofNeed := of
	if need != nil {
		ofNeed = slices.Clone(of)
		for c, cl := range clusters {
			if !need[c] {
				for _, a := range cl.members {
					ofNeed[a] = -1
				}
			}
		}
	}
	delay := medianDelays(w, func(s Share) bool {
		c := ofNeed[s.Account]
		return c >= 0 && (top[c] < 0 || w.objAuthor[s.Item] == top[c])
	})
	// A member with no such retweet is measured on all its retweets: the
	// same retweets where its cluster amplifies no named account (a share
	// table), so the second pass is made only where one does.
	named := false
	for c, t := range top {
		named = named || (t >= 0 && (need == nil || need[c]))
	}
	otherDelay := map[int]bool{}
	if named {
		all := medianDelays(w, func(s Share) bool { return ofNeed[s.Account] >= 0 })
		for a, d := range delay {
			if d < 0 {
				delay[a] = all[a]
				if all[a] >= 0 {
					otherDelay[a] = true
				}
			}
		}
	}
	amp := authorAmp(w, top, ofNeed)
	if opts.TableAmplification || !opts.TableMembershipOff {
		tableAmplified(w, top, of, amp, need, opts)
	}
	quiet := quietHourAmplification(w, ofNeed, amp)
	rest := amplificationRest(w, top, ofNeed, amp, quiet, opts)
	// netDelays is each cluster's median of its members' delays, and
	// whether any member has one.
	netDelays := func(cl cluster) (float64, bool) {
		var meds []float64
		for _, a := range cl.members {
			if delay[a] >= 0 {
				meds = append(meds, float64(delay[a]))
			}
		}
		return median(meds), len(meds) > 0
	}
	// Under Options.MemberSlowerContradictedOff, each member's retweets whose
	// delays its slower sign reads (the same as delay's), and those that
	// came within the slower bound (slowerBound).
	var within, delays []int32
	if !opts.MemberSlowerContradictedOff {
		bound := make([]float64, w.n())
		for i := range bound {
			bound[i] = -1
		}
		for c, cl := range clusters {
			if need != nil && !need[c] {
				continue
			}
			if net, ok := netDelays(cl); ok {
				for _, a := range cl.members {
					bound[a] = slowerBound(net)
				}
			}
		}
		within, delays = delaysWithin(w, bound, func(s Share) bool {
			c := ofNeed[s.Account]
			return c >= 0 && (otherDelay[int(s.Account)] || top[c] < 0 || w.objAuthor[s.Item] == top[c])
		})
	}
	repliesN := int32(rhythmMinPosts)
	if !opts.MemberRepliesPoweredOff {
		repliesN = max(repliesN, repliesPoweredPosts(w, opts))
	}
	for c, cl := range clusters {
		if need != nil && !need[c] {
			continue
		}
		bursts := creationBurstsOf(w, cl.members, opts)
		netDelay, anyDelay := netDelays(cl)
		silent := 0
		for _, a := range cl.members {
			if w.posts[a] == 0 {
				silent++
			}
		}
		// Posting is only seen where the data holds posts: in a
		// follow-only export every member "never posts" and the sign
		// would fail for every person, a missing signal taken as one.
		silentCluster := dataHasPosts(w) && float64(silent) >= 0.7*float64(len(cl.members))
		var acts, opps int32 // the cluster's pooled coverage of its amplified account
		for _, a := range cl.members {
			acts += rest[a].acts
			opps += rest[a].opps
		}
		pooledAwake := opts.MemberAwakePooled && awakePooled(cl.members, quiet, opts)
		out[c] = make([]memberSigns, len(cl.members))
		for i, a := range cl.members {
			m := memberSigns{quiet: quiet[a], rest: rest[a], otherDelay: otherDelay[int(a)]}
			sign := func(b int, measured, shown bool) {
				if measured {
					m.measured |= 1 << b
					if shown {
						m.shown |= 1 << b
					}
				}
			}
			sign(signProfile, w.hasProfile[a], !w.defaultImg[a] && !w.defaultHnd[a])
			measured, shown := bursts.outside(i, w.created[a] > 0)
			sign(signAged, measured, shown)
			// Conversation is measured where the data holds replies and
			// the member replied, or posted enough that a person would
			// have (rhythmMinPosts).
			// Under Options.MemberRepliesPoweredOff, on its posts other than
			// its retweets of the account its cluster amplifies, and only
			// where a person would have replied on them
			// (repliesPoweredPosts).
			own := w.posts[a]
			if q, ok := quiet[a]; ok && !opts.MemberRepliesPoweredOff {
				own = q.posts
			}
			sign(signReplies, w.hasReplies && (w.replies[a] > 0 || own >= repliesN), w.replies[a] > 0)
			d := float64(delay[a])
			slower := d > slowerBound(netDelay)
			measured = d >= 0 && anyDelay
			if measured {
				m.ampPowered |= 1 << signSlower
			}
			if measured && !slower && !opts.MemberSlowerContradictedOff {
				measured = slowerContradicted(within[a], delays[a], opts)
			}
			sign(signSlower, measured, slower)
			// Its rhythm is its own: a member's retweets of the account
			// its cluster amplifies follow that account's day, so they
			// count only where they leave a daily window empty while that
			// account posts in it (ampRest.actedRests); its other posts
			// are its own day (an account that amplifies someone who
			// sleeps shows the sleep, not its own).
			hours, posts := &w.hours[a], w.posts[a]
			if q, ok := quiet[a]; ok {
				hours, posts = &q.other, q.posts
			}
			share, known := quietShare(hours, posts)
			// A rest its amplification contradicts (it covers the
			// amplified posts made inside those quiet hours as it covers
			// the others: quietAmp.awakeThrough) is its cover content's
			// day, not the day of the behaviour that tied it to the
			// network: no sign.
			m.pooledAwake = pooledAwake && m.quiet.awakeLeans(opts)
			awake := m.quiet.awakeThrough(opts) || m.pooledAwake
			if posts >= rhythmSignMinPosts || m.rest.actedKnown {
				sign(signRhythm, true, m.rest.actedRests || (!awake && posts >= rhythmSignMinPosts && ((known && share < restlessShare) || hourEntropy(hours, posts) < 0.8)))
			} else {
				// Neither its own posts nor its retweet times can show its
				// own day (its quiet hours are the amplified account's):
				// the benefit of the doubt, as before, read on all its
				// posts. A superfan whose sleep matches the account's was
				// swept without it (TestSuperfansLeaveAtTheirOwnRate,
				// world 9236).
				rest, _ := hasDailyRest(w, a)
				shown := !awake && (rest || hourEntropy(&w.hours[a], w.posts[a]) < 0.8)
				measured := w.posts[a] >= rhythmMinPosts
				if opts.MemberRhythmPowered && !shown {
					// A failure where a day could not have shown is no
					// evidence (restPoweredPosts); the benefit of the doubt
					// stays.
					measured = w.posts[a] >= restPoweredPosts(opts)
				}
				sign(signRhythm, measured, shown)
			}
			sign(signPostsLoud, silentCluster, w.posts[a] >= 3)
			sign(signAmpRest, m.rest.rests || m.rest.roundClock, m.rest.rests)
			partial, measured, powered := partialSign(m.rest.acts, m.rest.opps, acts-m.rest.acts, opps-m.rest.opps, opts)
			sign(signPartial, measured, partial)
			if powered {
				m.ampPowered |= 1 << signPartial
			}
			out[c][i] = m
		}
		if !opts.MemberPartialPooled {
			coreCoverage(out[c], opts)
		}
		if opts.MemberQuietPooled {
			pooledQuiet(out[c], opts)
		}
	}
	if !opts.MemberUnactedOff {
		unacted(w, clusters, ofNeed, out)
	}
	if !opts.MemberIgnoreFollowTies {
		followTies(w, clusters, ofNeed, out, opts)
	}
	if opts.MemberTiedSignificance > 0 {
		ownFollowTies(w, clusters, ofNeed, out, opts)
	}
	return out
}

// unacted marks the members (memberSigns.unacted) with no co-action of
// their own with their cluster, among those that could leave on it
// (memberSigns.unactedPerson): every measured sign shows a person but for
// those followTies and coreCoverage may still set (signUntied,
// signPartial) and a delay read on other accounts' retweets. Only those
// members' items are looked up (memberCoaction), so the cost stays with
// the few members it concerns.
func unacted(w *world, clusters []cluster, of []int32, out [][]memberSigns) {
	var cand []bool
	for c, ms := range out {
		for i, m := range ms {
			mask := uint16(1<<signUntied | 1<<signPartial)
			if m.otherDelay {
				mask |= 1 << signSlower
			}
			if m.measured&^mask == m.shown&^mask {
				if cand == nil {
					cand = make([]bool, len(of))
				}
				cand[clusters[c].members[i]] = true
			}
		}
	}
	if cand == nil {
		return
	}
	coacts := memberCoaction(w, of, cand)
	for c, ms := range out {
		for i := range ms {
			a := clusters[c].members[i]
			ms[i].unacted = cand[a] && !coacts[a]
		}
	}
}

// clusterCores gives each member's index in its cluster (pos) and, per
// cluster whose evidence was read (out), which members form its core:
// those that do not leave as people on their signs so far
// (memberSigns.person), read by followTies and ownFollowTies.
func clusterCores(clusters []cluster, out [][]memberSigns, opts Options) (pos map[int32]int32, core [][]bool) {
	pos = make(map[int32]int32)
	for _, cl := range clusters {
		for i, a := range cl.members {
			pos[a] = int32(i)
		}
	}
	core = make([][]bool, len(clusters))
	for c, ms := range out {
		core[c] = make([]bool, len(ms))
		for i, m := range ms {
			core[c][i] = !m.person(opts)
		}
	}
	return pos, core
}

// followTies (unless opts.MemberIgnoreFollowTies) adds the sign of a
// person signUntied to the members of each cluster that have no follow
// edge, in either direction, with a member of the cluster's core: the members that do not
// leave as people on their other signs (memberSigns.person), the accounts
// the network runs. A network's accounts are tied to one another beyond
// the account they amplify (they follow one another, and are followed
// back); a person who reads that account, retweets it and lives its own
// life follows whom it reads. The sign is measured only where the data
// could have shown a tie: the member has a follow edge of its own in the
// data (its follows were captured), and a majority of the core's members
// (at least opts.MinNetworkSize of them) follow or are followed by
// another core member, so the network itself is tied by follows here.
// A tie to a member that leaves as a person is a tie to a person, not to
// the network, and does not count. Where the core is not tied by follows
// (a follower farm, whose members never follow one another; a share
// table, which holds no follows) the sign is unknown, never a person's.
// A tie is not counted as evidence against a person either (a person may
// follow an account it sees amplifying the account it reads, and a
// network follows people to look like them): the sign is shown or
// unmeasured, never measured and failed. It is direct evidence
// (memberSigns.untiedDirect) where a core member's edges with the core,
// counted as a Poisson variable at the core members' own mean, leave a
// chance of at most 10^−opts.MemberUntiedSignificance of none. The
// With opts.MemberSparseTies (off by default) a member with a few edges
// with the core shows the sign too, as direct evidence only, where that
// few or fewer would come by chance at most 10^−opts.MemberUntiedSignificance
// (poissonLowerSig at the same mean). The
// partial coverage is read again against the core left (coreCoverage)
// when members leave. With opts.MemberWiredSignificance, where the sign
// is measured, the members that would leave and are wired to one another
// by follows beyond chance (wiredLeavers) are marked memberSigns.wired:
// trimHumans keeps them. of gives each account's cluster, -1 for the
// accounts of clusters whose evidence was not read (memberEvidenceFor).
func followTies(w *world, clusters []cluster, of []int32, out [][]memberSigns, opts Options) {
	if len(w.follows) == 0 {
		return
	}
	pos, core := clusterCores(clusters, out, opts)
	type tie struct {
		edge, core bool // any follow edge; one with a core member
		coreN      int  // edges with core members (Options.MemberSparseTies)
	}
	ties := make([][]tie, len(clusters))
	var wired *wiredLeavers
	if opts.MemberWiredSignificance > 0 {
		wired = newWiredLeavers(clusters)
	}
	coreTied := make([][]bool, len(clusters))
	coreEdges := make([][]int, len(clusters)) // a core member's edges with other core members
	for c := range clusters {
		ties[c] = make([]tie, len(clusters[c].members))
		coreTied[c] = make([]bool, len(clusters[c].members))
		coreEdges[c] = make([]int, len(clusters[c].members))
	}
	for _, e := range w.follows {
		if e.from == e.to {
			continue
		}
		cf, ct := int32(-1), int32(-1)
		if int(e.from) < len(of) {
			cf = of[e.from]
		}
		if int(e.to) < len(of) {
			ct = of[e.to]
		}
		if cf >= 0 {
			ties[cf][pos[e.from]].edge = true
		}
		if ct >= 0 {
			ties[ct][pos[e.to]].edge = true
		}
		if wired != nil {
			wired.degree(cf, pos[e.from], ct, pos[e.to])
		}
		if cf < 0 || cf != ct {
			continue
		}
		i, j := pos[e.from], pos[e.to]
		if wired != nil && !core[cf][i] && !core[cf][j] {
			wired.edge(cf, i, j)
		}
		if core[cf][j] {
			ties[cf][i].core = true
			ties[cf][i].coreN++
		}
		if core[cf][i] {
			ties[cf][j].core = true
			ties[cf][j].coreN++
		}
		if core[cf][i] && core[cf][j] {
			coreTied[cf][i], coreTied[cf][j] = true, true
			coreEdges[cf][i]++
			coreEdges[cf][j]++
		}
	}
	for c, ms := range out {
		n, tied, edges := 0, 0, 0
		for i := range ms {
			if core[c][i] {
				n++
				edges += coreEdges[c][i]
				if coreTied[c][i] {
					tied++
				}
			}
		}
		if n < opts.MinNetworkSize || 2*tied < n {
			continue
		}
		// The chance that an account of the network shows no tie: its
		// follow edges with the core counted as a Poisson variable at
		// the core members' own mean.
		mean := float64(edges) / float64(n)
		sig := mean / math.Ln10
		if wired != nil {
			for _, i := range wired.tied(c, len(w.follows), opts) {
				ms[i].wired = true
			}
		}
		changed := false
		for i := range ms {
			t := ties[c][i]
			s := sig
			if t.core {
				// A few edges with the core (MemberSparseTies): shown
				// only where they are direct evidence, at the same test.
				if !opts.MemberSparseTies || opts.MemberUntiedSignificance <= 0 {
					continue
				}
				if s = poissonLowerSig(t.coreN, mean); s < opts.MemberUntiedSignificance {
					continue
				}
			}
			if t.edge {
				ms[i].measured |= 1 << signUntied
				ms[i].shown |= 1 << signUntied
				ms[i].untiedSig = s
				changed = true
			}
		}
		if changed && !opts.MemberPartialPooled {
			coreCoverage(ms, opts)
		}
	}
}

// poissonLowerSig is −log10 of the chance that a Poisson variable of the
// given mean is k or less (followTies, Options.MemberSparseTies): mean/ln 10
// for k = 0.
func poissonLowerSig(k int, mean float64) float64 {
	if mean <= 0 {
		return 0
	}
	// P(X <= k) = e^−mean Σ_{x<=k} mean^x/x!, summed in log space.
	lt, lsum := 0.0, 0.0 // log of the current term and of the sum, over e^−mean
	for x := 1; x <= k; x++ {
		lt += math.Log(mean / float64(x))
		hi, lo := math.Max(lsum, lt), math.Min(lsum, lt)
		lsum = hi + math.Log1p(math.Exp(lo-hi))
	}
	return math.Max(0, (mean-lsum)/math.Ln10)
}

// ownFollowTies (where opts.MemberTiedSignificance is positive) reads, for
// each member of each cluster, how far its own follows tie it to the
// cluster's core (the members that do not leave as people on their other
// signs, memberSigns.person) beyond chance: its follows of core members
// against a Poisson count at the rate at which the follows of the
// accounts outside the cluster land on that core, times the member's own
// number of follows (one pseudo follow of the core is added to the
// outsiders', so a core nobody outside follows is not infinitely
// telling). The null is popularity-matched: a core that people follow
// (accounts that post what people read) raises the rate, and a member
// that follows many accounts is expected to reach it more often. A
// network's accounts follow one another; a person who reads the account
// the network amplifies follows whom it reads. Being followed is not
// read: a network follows people to look like them. The reading is
// stored as memberSigns.tiedSig and used by memberSigns.tiedOwn. A
// cluster whose core has fewer than opts.MinNetworkSize members, or whose
// data holds no follows, gets none. of gives each account's cluster, -1
// for the accounts of clusters whose evidence was not read
// (memberEvidenceFor).
func ownFollowTies(w *world, clusters []cluster, of []int32, out [][]memberSigns, opts Options) {
	if len(w.follows) == 0 {
		return
	}
	pos, core := clusterCores(clusters, out, opts)
	clusterOf := func(a int32) int32 {
		if int(a) < len(of) {
			return of[a]
		}
		return -1
	}
	var total int64
	fromIn := make([]int64, len(clusters))    // follows made by the cluster's members
	toCore := make([]int64, len(clusters))    // follows of its core made from outside it
	own := make([][]int32, len(clusters))     // a member's follows
	ownCore := make([][]int32, len(clusters)) // a member's follows of its core
	for c := range clusters {
		own[c] = make([]int32, len(clusters[c].members))
		ownCore[c] = make([]int32, len(clusters[c].members))
	}
	for _, e := range w.follows {
		if e.from == e.to {
			continue
		}
		total++
		cf, ct := clusterOf(e.from), clusterOf(e.to)
		if cf >= 0 && out[cf] != nil {
			fromIn[cf]++
			own[cf][pos[e.from]]++
		}
		if ct < 0 || out[ct] == nil || !core[ct][pos[e.to]] {
			continue
		}
		if cf == ct {
			ownCore[cf][pos[e.from]]++
		} else {
			toCore[ct]++
		}
	}
	for c, ms := range out {
		n := 0
		for i := range ms {
			if core[c][i] {
				n++
			}
		}
		if n < opts.MinNetworkSize {
			continue
		}
		outside := total - fromIn[c]
		rate := float64(toCore[c]+1) / float64(outside+1)
		for i := range ms {
			k := ownCore[c][i]
			if k == 0 {
				continue
			}
			// A core member's follows of the core count the others only.
			ms[i].tiedSig = poissonUpperSig(int(k), rate*float64(own[c][i]))
		}
	}
}

// poissonUpperSig is −log10 of the chance that a Poisson variable of mean
// lambda is at least k: the upper-tail counterpart of poissonLowerSig, on
// the same scale.
func poissonUpperSig(k int, lambda float64) float64 {
	return -math.Log10(poissonUpperTail(k, lambda))
}

// poissonUpperTail is the chance that a Poisson variable of mean lambda
// reaches k or more (summed from k upward in log space).
func poissonUpperTail(k int, lambda float64) float64 {
	if k <= 0 {
		return 1
	}
	if lambda <= 0 {
		return 0
	}
	ll := math.Log(lambda)
	sum := 0.0
	for i := k; i < k+10000; i++ {
		lg, _ := math.Lgamma(float64(i) + 1)
		t := math.Exp(-lambda + float64(i)*ll - lg)
		sum += t
		if float64(i) > lambda && t < 1e-16*sum {
			break
		}
	}
	return min(sum, 1)
}

// coreCoverage (unless opts.MemberPartialPooled) judges each member's partial
// coverage (signPartial) again, against the pooled coverage of the
// members that do not leave as people (memberSigns.person) rather than of
// every other member: the network's rate is the rate of the accounts it
// runs, and the people clustered with it (superfans of the account it
// amplifies, each covering the part of its posts it sees) pull the pool
// toward their own rate and hide one another's. A member that does not
// leave is compared with the others that do not, a member that leaves
// with all of them. The reading repeats while members leave or come back,
// at most len(ms) times. A member with no core to compare with keeps the
// first reading.
func coreCoverage(ms []memberSigns, opts Options) {
	for range ms {
		var acts, opps int32
		stay := make([]bool, len(ms))
		for i, m := range ms {
			if !m.person(opts) {
				stay[i] = true
				acts += m.rest.acts
				opps += m.rest.opps
			}
		}
		changed := false
		for i := range ms {
			m := &ms[i]
			a, o := acts, opps
			if stay[i] {
				a, o = acts-m.rest.acts, opps-m.rest.opps
			}
			partial, measured, powered := partialSign(m.rest.acts, m.rest.opps, a, o, opts)
			if !powered {
				continue
			}
			before := m.person(opts)
			m.ampPowered |= 1 << signPartial
			m.measured &^= 1 << signPartial
			if measured {
				m.measured |= 1 << signPartial
			}
			m.shown &^= 1 << signPartial
			if partial {
				m.shown |= 1 << signPartial
			}
			if m.person(opts) != before {
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// peopleLike marks the clusters most of whose members look like people on
// their own identity, conversation and rhythm (opts.MemberPersonSigns − 1
// or more signs of a person: opts.MemberPeopleShare of them or more), with
// the reason: such a group's inauthenticity would rest on pooled features
// and timing alone, so it is reported as coordinated and never proposed
// for a sweep. A member whose own amplification is automated
// (memberSigns.automated: inside its own daily quiet period, or round the
// clock) does not count as a person here, whatever its
// signs: its own day contradicts the person its identity shows (the
// camouflaged accounts of an operation: aged, custom profiles, their own
// conversations, amplifying at any hour). The group is then judged by the
// verdict model like any other.
func peopleLike(w *world, clusters []cluster, opts Options) map[int]string {
	return peopleLikeFor(w, clusters, nil, opts)
}

// peopleLikeFor is peopleLike for the clusters need marks (nil: every
// cluster), each judged as peopleLike judges it; the others are never
// marked.
func peopleLikeFor(w *world, clusters []cluster, need []bool, opts Options) map[int]string {
	out := map[int]string{}
	for c, ms := range memberEvidenceFor(w, clusters, need, opts) {
		k := 0
		for _, m := range ms {
			if m.looksLikePerson(opts) {
				k++
			}
		}
		if len(ms) > 0 && float64(k) >= opts.MemberPeopleShare*float64(len(ms)) {
			out[c] = fmt.Sprintf("coordinated; insufficient evidence to enforce: %d of %d members look like people on their own evidence (%d or more signs of a person)", k, len(ms), opts.MemberPersonSigns-1)
		}
	}
	return out
}

// quietAmp is one member's amplification judged against its own day: the
// quietest restHours of its other posts (those that do not retweet its
// cluster's top amplified account), and how many of its retweets of that
// account fall inside them.
type quietAmp struct {
	known      bool    // enough other posts to find its own day
	otherShare float64 // share of its other posts in its quietest hours
	in, amp    int32   // its amplification retweets in its quietest hours, and in all
	// other and posts are its other posts by UTC hour, and their number:
	// the member's own day, without the amplified account's.
	other   [24]int32
	posts   int32
	start   int8  // the first hour (UTC) of its quietest hours, when known
	otherIn int32 // its other posts in its quietest hours
	// Its coverage of the amplified account's posts (amplificationRest):
	// posts made inside its quietest hours (nightOpp) and those it
	// retweeted before they ended (nightGot); posts made outside them
	// (dayOpp) and those it retweeted (dayGot).
	nightOpp, nightGot, dayOpp, dayGot int32
}

// coversNight reports whether the member covers the amplified account's
// posts made inside its own daily quiet period, retweeting them before
// the period ends, beyond what its own day predicts: at least
// opts.MemberQuietActs such retweets, and a coverage there above
// opts.MemberQuietLift times its coverage elsewhere scaled by the rate of
// its other posts inside the period against outside it (each smoothed by
// one pseudo post per quarter day), at a significance (−log10 of the exact
// binomial tail at that bound) of opts.MemberNightSignificance or more. A person
// who admires an account retweets it when awake and misses, or retweets
// later, what it posts while the person sleeps; an account run by a
// schedule covers those posts as it covers the others. The test reads the
// posts the member could have covered there, so an amplified account that
// itself posts little in the member's night does not hide it (quietAmp.in
// counts retweets only). Unknown (no day, no opportunity) is no evidence.
func (q quietAmp) coversNight(opts Options) bool {
	if !q.known || opts.MemberNightSignificance <= 0 || q.nightOpp == 0 || q.dayOpp == 0 || q.dayGot == 0 || int(q.nightGot) < opts.MemberQuietActs {
		return false
	}
	const quarters = 24 / restHours
	rateIn := (float64(q.otherIn) + 1) / float64(restHours)
	rateOut := (float64(q.posts-q.otherIn) + quarters - 1) / float64(24-restHours)
	bound := min(opts.MemberQuietLift*rateIn/rateOut*float64(q.dayGot)/float64(q.dayOpp), 1)
	obs := float64(q.nightGot) / float64(q.nightOpp)
	if obs <= bound {
		return false
	}
	return -math.Log10(binomUpperTail(int(q.nightGot), int(q.nightOpp), bound)) >= opts.MemberNightSignificance
}

// awakeThrough reports whether the member's own amplification
// contradicts the daily rest its other posts show: of the amplified
// account's posts made inside its quietest hours it retweets, before
// those hours end (nightGot of nightOpp), more than opts.MemberRestRatio
// times its coverage of the posts made outside them (dayGot of dayOpp),
// at an exact binomial tail of 10^−opts.MemberAwakeSignificance or less
// at that bound: the mirror of sleepsThrough. A person misses or catches
// up later on what an account it admires posts while it sleeps; an
// account whose quiet hours are its cover content's covers those posts as
// the others (a camouflaged member of tuning world 9401 at 0.03: 8 of 18
// there, 162 of 225 elsewhere). Unknown (no day, no opportunity, no
// coverage outside) is false.
func (q quietAmp) awakeThrough(opts Options) bool {
	if opts.MemberAwakeSignificance < 0 || !q.known || q.nightOpp == 0 || q.dayOpp == 0 || q.dayGot == 0 {
		return false
	}
	bound := opts.MemberRestRatio * float64(q.dayGot) / float64(q.dayOpp)
	if float64(q.nightGot) <= bound*float64(q.nightOpp) {
		return false
	}
	return -math.Log10(binomUpperTail(int(q.nightGot), int(q.nightOpp), bound)) >= opts.MemberAwakeSignificance
}

// awakeBound is the coverage of the amplified account's posts made inside
// the member's quiet hours that awakeThrough tests against:
// opts.MemberRestRatio times its coverage of the others; ok is false where
// it is unknown (no day, no opportunity, no coverage outside).
func (q quietAmp) awakeBound(opts Options) (bound float64, ok bool) {
	if opts.MemberAwakeSignificance < 0 || !q.known || q.nightOpp == 0 || q.dayOpp == 0 || q.dayGot == 0 {
		return 0, false
	}
	return opts.MemberRestRatio * float64(q.dayGot) / float64(q.dayOpp), true
}

// awakeLeans reports whether the member covers the posts of its own quiet
// hours above its awakeBound, with one such retweet or more: the
// direction awakeThrough tests, whatever its significance.
func (q quietAmp) awakeLeans(opts Options) bool {
	bound, ok := q.awakeBound(opts)
	return ok && q.nightGot > 0 && float64(q.nightGot) > bound*float64(q.nightOpp)
}

// awakePooled reports whether a cluster's members (quiet holds their
// quietAmp), pooled, cover the amplified account's posts made inside
// their own quiet hours beyond their awakeBounds
// (Options.MemberAwakePooled): the sum of their nightGot against a
// Poisson count at the sum of bound times nightOpp (a Poisson bounds the
// tail of a sum of binomials of the same mean), at a significance (−log10
// of the tail) of opts.MemberAwakeSignificance or more. Every member whose
// bound is known is pooled, whatever its own count.
func awakePooled(members []int32, quiet map[int32]quietAmp, opts Options) bool {
	var k int
	var mean float64
	for _, a := range members {
		q := quiet[a]
		if bound, ok := q.awakeBound(opts); ok {
			k += int(q.nightGot)
			mean += bound * float64(q.nightOpp)
		}
	}
	return k > 0 && poissonUpperSig(k, mean) >= opts.MemberAwakeSignificance
}

// binomUpperTail is the chance that a binomial of n trials at rate p
// reaches k or more (exact, summed in log space).
func binomUpperTail(k, n int, p float64) float64 {
	if k <= 0 {
		return 1
	}
	if p <= 0 {
		return 0
	}
	if p >= 1 {
		return 1
	}
	lp, lq := math.Log(p), math.Log1p(-p)
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	sum := 0.0
	for i := k; i <= n; i++ {
		sum += math.Exp(lg(n) - lg(i) - lg(n-i) + float64(i)*lp + float64(n-i)*lq)
	}
	return min(sum, 1)
}

// automated reports whether the member amplifies inside its own daily
// quiet period more than its own habits explain: at least
// opts.MemberQuietActs retweets of the amplified account there, and
// opts.MemberQuietLift times what the share of its other posts in those
// hours predicts. A person who admires an account retweets it when awake,
// at the rhythm of the rest of its day; an account run by a schedule or an
// operator amplifies at any hour. Unknown (too few other posts to find its
// day) is not automation, and neither is a count the member's own
// coverage contradicts (sleepsThrough): a member that does not act on
// what the account posts inside those hours is awake in them only for the
// tail of its evening's retweets.
func (q quietAmp) automated(opts Options) bool {
	return q.known && int(q.in) >= opts.MemberQuietActs && float64(q.in) >= opts.MemberQuietLift*q.otherShare*float64(q.amp) && !q.sleepsThrough(opts)
}

// quietSig is the evidence behind automated, as a log10 binomial
// likelihood ratio: that the member's retweets of the amplified account
// fall inside its quietest hours (in of amp) at a higher rate than its
// other posts do (otherIn of posts). The window is the one its other posts
// name, read once, so without a correction for windows tried (as
// sleepsThrough). Its other posts are the baseline with the uncertainty
// their number leaves: a window named by a few dozen posts says little.
// 0 when the retweets fall there no more often than its other posts, or
// the day is unknown.
func (q quietAmp) quietSig() float64 {
	if !q.known || q.amp == 0 || q.posts == 0 || float64(q.in)*float64(q.posts) <= float64(q.otherIn)*float64(q.amp) {
		return 0
	}
	return max(binomLR(q.in, q.amp, q.otherIn, q.posts), 0)
}

// quietBaseline is the share of the member's retweets of the amplified
// account its own day predicts inside its quiet hours, lifted: its other
// posts' share there with one pseudo post per quarter day (the window is
// the quietest its other posts name, so their share there is biased low,
// most for a member with few), times opts.MemberQuietLift, at most 1.
func (q quietAmp) quietBaseline(opts Options) float64 {
	const quarters = 24 / restHours
	return min(opts.MemberQuietLift*(float64(q.otherIn)+1)/(float64(q.posts)+quarters), 1)
}

// pooledQuiet reads the quiet-window reading of automation over a
// cluster's members (ms) pooled (Options.MemberQuietPooled): the members'
// retweets of the amplified account inside their own quiet hours, summed,
// against a Poisson count at the sum of their lifted baselines
// (quietBaseline times their retweets of it; a Poisson bounds the tail of
// the sum of binomials of the same mean), at a significance (−log10 of
// the tail) of opts.MemberRestSignificance or more. Every member whose day
// is known is pooled, whatever its own count. Where the pool reaches it,
// a member whose own count exceeds its own baseline (at least one such
// retweet) and that does not sleep through the amplified posts of those
// hours (quietAmp.sleepsThrough) is marked (memberSigns.pooledQuiet): its
// few retweets there are its network's habit, not its own day's tail.
func pooledQuiet(ms []memberSigns, opts Options) {
	var k int
	var mean float64
	for _, m := range ms {
		if q := m.quiet; q.known && q.amp > 0 {
			k += int(q.in)
			mean += float64(q.amp) * q.quietBaseline(opts)
		}
	}
	if k == 0 || poissonUpperSig(k, mean) < opts.MemberRestSignificance {
		return
	}
	for i, m := range ms {
		q := m.quiet
		ms[i].pooledQuiet = q.known && q.in > 0 && float64(q.in) > float64(q.amp)*q.quietBaseline(opts) && !q.sleepsThrough(opts)
	}
}

// sleepsThrough reports whether the member's coverage of the amplified
// account's posts made inside its own quietest hours, retweeted before
// those hours end (nightGot of nightOpp), is at most opts.MemberRestRatio
// of its coverage of the posts made outside them (dayGot of dayOpp), at a
// log10 binomial likelihood ratio of opts.MemberRestSignificance or more:
// the amplification rest (ampRest.rests) read in the one window the
// member's other posts name, so without a correction for windows tried.
// Retweets inside its quiet hours (quietAmp.in) then retweet posts made
// before them: the long tail of its delays on the evening's posts (tuning
// world 9554 at 0.03: five activists of a room made 4-14 retweets of their
// lead there, 2-4 times what their other posts predict, and retweeted none
// of the 55-89 posts the lead made in those hours before they ended while
// covering 19-43% of the others; swept as an inauthentic network of 6). An
// account run by a schedule or an operator covers those posts as it covers
// the others (camouflaged members: 70% there, 69% elsewhere). Unknown
// (no opportunity inside or outside, no coverage outside) is false.
func (q quietAmp) sleepsThrough(opts Options) bool {
	if !q.known || q.nightOpp == 0 || q.dayOpp == 0 || q.dayGot == 0 {
		return false
	}
	pN, pD := float64(q.nightGot)/float64(q.nightOpp), float64(q.dayGot)/float64(q.dayOpp)
	return pN <= opts.MemberRestRatio*pD && binomLR(q.nightGot, q.nightOpp, q.dayGot, q.dayOpp) >= opts.MemberRestSignificance
}

// quietHourAmplification measures, for each member of a cluster (top and
// of from topAmplified), its amplification against its own daily quiet
// period: a person retweets an account it admires when awake; an account
// run by a schedule or an operator amplifies at any hour, its own quiet
// hours included.
func quietHourAmplification(w *world, of []int32, amps *ampShares) map[int32]quietAmp {
	amp := map[int32]*[24]int32{}
	for k, s := range w.retweetShares {
		if !amps.amplifies(k, s) {
			continue
		}
		h := amp[s.Account]
		if h == nil {
			h = &[24]int32{}
			amp[s.Account] = h
		}
		h[(s.Time%86400+86400)%86400/3600]++
	}
	out := make(map[int32]quietAmp, len(amp))
	for a, h := range amp {
		out[a] = quietAmpOf(w, a, h)
	}
	return out
}

// topAmplified returns, for each cluster, the account outside it whose
// posts its members retweet most (-1 when they retweet none), and each
// account's cluster (-1 outside every cluster), indexed by dense id.
func topAmplified(w *world, clusters []cluster) (top, of []int32) {
	of = make([]int32, w.n())
	for i := range of {
		of[i] = -1
	}
	for c, cl := range clusters {
		for _, a := range cl.members {
			of[a] = int32(c)
		}
	}
	byAuthor := make([]map[int32]int, len(clusters))
	for c := range byAuthor {
		byAuthor[c] = map[int32]int{}
	}
	for _, s := range w.retweetShares {
		if c := of[s.Account]; c >= 0 {
			if a := w.objAuthor[s.Item]; a >= 0 && of[a] != c {
				byAuthor[c][a]++
			}
		}
	}
	top = make([]int32, len(clusters))
	for c, m := range byAuthor {
		top[c] = -1
		most := 0
		for a, k := range m {
			if k > most || (k == most && a < top[c]) {
				top[c], most = a, k
			}
		}
	}
	return top, of
}

// slowerBound is the delay above which a member's median delay shows it
// retweets slower than its network (signSlower): twice the network's
// median delay, and 300 s.
func slowerBound(netDelay float64) float64 { return max(2*netDelay, 300) }

// slowerContradicted reports whether a member's delays contradict the
// slower sign (Options.MemberSlowerContradictedOff): of its delays the sign
// reads (n), more than half came within the slower bound (within of n)
// by a log10 likelihood ratio against a half of at least
// MemberRestSignificance (rateAboveLR). A median just under the bound
// shows neither a slower member nor one as fast as the network: the sign
// is then unknown.
func slowerContradicted(within, n int32, opts Options) bool {
	return rateAboveLR(within, n, 0.5) >= opts.MemberRestSignificance
}

// delaysWithin counts, per account with a bound (bound[a] >= 0), its
// retweets in marks with a known origin (n) and those whose delay after
// the origin is at most the bound (within).
func delaysWithin(w *world, bound []float64, in func(Share) bool) (within, n []int32) {
	within, n = make([]int32, w.n()), make([]int32, w.n())
	for _, s := range w.retweetShares {
		if bound[s.Account] < 0 || w.origin(s.Item) <= 0 || !in(s) {
			continue
		}
		n[s.Account]++
		if float64(s.Time-w.origin(s.Item)) <= bound[s.Account] {
			within[s.Account]++
		}
	}
	return within, n
}

// repliesPoweredPosts is the fewest posts on which an account replying at
// the world's typical rate (the median reply share of the accounts with
// at least rhythmMinPosts posts) would have shown a reply but for a
// chance of at most 10^-opts.MemberRestSignificance
// (Options.MemberRepliesPoweredOff); rhythmMinPosts where no such account
// replies.
func repliesPoweredPosts(w *world, opts Options) int32 {
	var shares []float64
	for a := 0; a < w.n(); a++ {
		if w.posts[a] >= rhythmMinPosts {
			shares = append(shares, float64(w.replies[a])/float64(w.posts[a]))
		}
	}
	r := median(shares)
	if len(shares) == 0 || r <= 0 {
		return rhythmMinPosts
	}
	if r >= 1 {
		return 1
	}
	n := opts.MemberRestSignificance * math.Ln10 / -math.Log1p(-r)
	return int32(math.Ceil(n))
}

// medianDelays returns, for each account with in set, the median seconds
// between its retweets and their originals (where the original's time is
// known), and -1 for the others.
func medianDelays(w *world, in func(Share) bool) []float32 {
	out := make([]float32, w.n())
	for i := range out {
		out[i] = -1
	}
	cnt := make([]int32, w.n()+1)
	for _, s := range w.retweetShares {
		if w.origin(s.Item) > 0 && in(s) {
			cnt[s.Account+1]++
		}
	}
	for i := 0; i < w.n(); i++ {
		cnt[i+1] += cnt[i]
	}
	d := make([]float64, cnt[w.n()])
	pos := append([]int32(nil), cnt[:w.n()]...)
	for _, s := range w.retweetShares {
		if w.origin(s.Item) > 0 && in(s) {
			d[pos[s.Account]] = float64(s.Time - w.origin(s.Item))
			pos[s.Account]++
		}
	}
	for a := 0; a < w.n(); a++ {
		if cnt[a+1] > cnt[a] {
			out[a] = float32(median(d[cnt[a]:cnt[a+1]]))
		}
	}
	return out
}

// memberBotScores sums the members' bot scores and counts those that have one.
func memberBotScores(ms []botsweep.Member) (sum float64, k int) {
	for _, m := range ms {
		if m.BotScore != nil {
			sum += *m.BotScore
			k++
		}
	}
	return sum, k
}
