package detect

import (
	"fmt"
	"math"
	"slices"
)

// followModel is the follow graph's followee sets with its popularity
// null, built once per detection on first use (followsets.go).
type followModel struct {
	sets  *followSets
	null  *followNull
	ident *identityCounts // identityCountsOf, on first use
}

// followModelOf returns w's follow model, building it on first use.
func followModelOf(w *world) *followModel {
	if w.followModel == nil {
		fs := newFollowSets(w)
		w.followModel = &followModel{sets: fs, null: newFollowNull(fs, w.n())}
	}
	return w.followModel
}

// followProfile is what a group of accounts follows: how many of its
// members follow each account.
type followProfile struct {
	fm  *followModel
	n   int             // members
	cnt map[int32]int32 // followee -> members following it
	// common are the followees at least two members follow: the group's
	// package, whose absence from a member's follows counts against it.
	common []int32
}

// newFollowProfile counts what members follow.
func newFollowProfile(fm *followModel, members []int32) *followProfile {
	p := &followProfile{fm: fm, n: len(members), cnt: map[int32]int32{}}
	for _, a := range members {
		for _, j := range fm.sets.set(a) {
			p.cnt[j]++
		}
	}
	for j, c := range p.cnt {
		if c >= 2 {
			p.common = append(p.common, j)
		}
	}
	return p
}

// followRhoGrid is the grid over which memberLR profiles out the share of
// a member's follows that copy the group's (the alternative's one free
// parameter, set to its maximum-likelihood value on the grid).
var followRhoGrid = [...]float64{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}

// memberLR is the evidence, in log10 likelihood ratio, that account a's
// follows are explained by the group's follows rather than by the
// followees' popularity (followNull): under the alternative a follows each
// account j with probability rho*g_j + (1-rho)*pi_j(k), where g_j is the
// share of the group's other members (a left out when inGroup) following
// j and pi_j(k) is the null's probability for an account with a's k
// follows; under the null with pi_j(k). Every follow of a counts, and so
// does every account of the group's package that a does not follow: a
// person who follows the farm's prominent accounts among dozens of its own
// follows is explained by popularity, a silent account whose few follows
// are the farm's package is not.
func (p *followProfile) memberLR(a int32, inGroup bool) float64 {
	fa := p.fm.sets.set(a)
	k := len(fa)
	others := p.n
	if inGroup {
		others--
	}
	if k == 0 || others < 1 {
		return 0
	}
	on := float64(others)
	null := p.fm.null
	var ll [len(followRhoGrid)]float64
	for _, j := range fa {
		c := float64(p.cnt[j])
		if inGroup {
			c--
		}
		g := c / on
		pj := null.pi(j, k)
		for r, rho := range followRhoGrid {
			ll[r] += math.Log((rho*g + (1-rho)*pj) / pj)
		}
	}
	for _, j := range p.common {
		if _, ok := slices.BinarySearch(fa, j); ok {
			continue
		}
		g := min(float64(p.cnt[j])/on, 1)
		pj := null.pi(j, k)
		for r, rho := range followRhoGrid {
			ll[r] += math.Log(max(1-rho*g-(1-rho)*pj, 1e-12) / (1 - pj))
		}
	}
	best := 0.0
	for _, v := range ll {
		best = max(best, v)
	}
	return best / math.Ln10
}

// followMembership decides the membership of the clusters that are in
// part or whole follower farms, on the follow evidence of each member.
// A member with no co-action tie inside its cluster and a follow tie
// (follow-set or follow-lockstep) is in it for what it follows; its
// evidence is memberLR of its follows against the follows of the cluster's
// other follow-tied members (the farm's profile) plus farmIdentity's
// evidence of its profile and creation date. First, clusters most of whose
// members are follow-tied are merged when most of each one's follow-tied
// members are explained by the other's profile at least
// opts.FollowMemberMinLR (log10): one farm whose members each follow a few
// of its customers is cut by Louvain into pieces by customer, and each
// piece's members follow what the other pieces' follow. Then a follow-tied
// member whose evidence is below opts.FollowMemberMinLR leaves its
// cluster: people pulled into a farm's cluster by the farm's popular
// followees leave it however many of them there are. In a farm's cluster
// (most members follow-tied) the members that co-act are split off as a
// cluster of their own, judged on their own: a live-event crowd that
// Louvain joined to the farm through a few follow ties.
func followMembership(w *world, layers []*layer, clusters []cluster, opts Options) []cluster {
	if len(w.follows) == 0 || len(clusters) == 0 {
		return clusters
	}
	memberOf := map[int32]int{}
	for c, cl := range clusters {
		for _, a := range cl.members {
			memberOf[a] = c
		}
	}
	coTied := map[int32]bool{}
	followTied := map[int32]bool{}
	for _, l := range layers {
		follow := l.name == LayerFollow || l.name == LayerFollowSet
		if layerRoles[l.name]&roleCoAction == 0 && !follow {
			continue
		}
		for _, pr := range l.pairs {
			ca, okA := memberOf[pr.A]
			cb, okB := memberOf[pr.B]
			if !okA || !okB || ca != cb {
				continue
			}
			if follow {
				followTied[pr.A], followTied[pr.B] = true, true
				continue
			}
			if int(pr.Items) >= opts.MinPairItems || pr.Sampled {
				coTied[pr.A], coTied[pr.B] = true, true
			}
		}
	}
	byFollows := func(a int32) bool { return followTied[a] && !coTied[a] }
	fm := followModelOf(w)
	type farm struct {
		tied  []int32
		prof  *followProfile
		ident *farmIdentity
	}
	farms := make([]*farm, len(clusters))
	var farmIdx []int
	tiedOf := func(cl cluster) []int32 {
		var tied []int32
		for _, a := range cl.members {
			if byFollows(a) {
				tied = append(tied, a)
			}
		}
		return tied
	}
	for c, cl := range clusters {
		tied := tiedOf(cl)
		if len(tied) < 2 {
			continue
		}
		farms[c] = &farm{tied: tied, prof: newFollowProfile(fm, tied), ident: newFarmIdentity(w, tied)}
		if 2*len(tied) >= len(cl.members) {
			farmIdx = append(farmIdx, c)
		}
	}
	// explained reports whether most of y's follow-tied members are
	// explained by x's profile.
	explained := func(x, y *farm) bool {
		k := 0
		for _, a := range y.tied {
			if x.prof.memberLR(a, false)+x.ident.memberLR(a, false) >= opts.FollowMemberMinLR {
				k++
			}
		}
		return 2*k > len(y.tied)
	}
	parent := make([]int, len(clusters))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for x := 0; x < len(farmIdx); x++ {
		for y := x + 1; y < len(farmIdx); y++ {
			i, j := farmIdx[x], farmIdx[y]
			if find(i) != find(j) && explained(farms[i], farms[j]) && explained(farms[j], farms[i]) {
				parent[find(j)] = find(i)
			}
		}
	}
	merged := mergeByRoot(clusters, find)
	out := make([]cluster, 0, len(merged))
	for _, cl := range merged {
		tied := tiedOf(cl)
		if len(tied) < 2 {
			out = append(out, cl)
			continue
		}
		// A farm's cluster (most members tied by follows alone) keeps only
		// them: its members that co-act are a group of their own that the
		// farm's popular followees joined to it, judged on their own.
		farmCluster := 2*len(tied) > len(cl.members)
		prof, ident := newFollowProfile(fm, tied), newFarmIdentity(w, tied)
		next := cluster{people: cl.people, peopleInternal: cl.peopleInternal}
		var rest cluster
		for i, a := range cl.members {
			switch {
			case !byFollows(a) && farmCluster:
				rest.members = append(rest.members, a)
				rest.internal = append(rest.internal, cl.internal[i])
			case byFollows(a) && prof.memberLR(a, true)+ident.memberLR(a, true) < opts.FollowMemberMinLR:
			default:
				next.members = append(next.members, a)
				next.internal = append(next.internal, cl.internal[i])
			}
		}
		out = append(out, next)
		if len(rest.members) > 0 {
			out = append(out, rest)
		}
	}
	return out
}

// farmFollowers adds to each follower farm (farmNetwork) the silent
// accounts outside every core whose follows the farm's core explains at
// least opts.FollowMemberMinLR (log10) better than the followees'
// popularity (followProfile.memberLR). Silence is measured only when the
// data holds posts; where it holds none (a follow-only export) it is
// unknown, and every account is judged on its follows and identity alone.
// This finds the farm's
// members that follow too few of its package to be near-identical to any
// one member (the follow-set layer), whatever their creation dates.
func farmFollowers(w *world, nets []*netBuild, owner []int32, reasons []map[int32][]string, opts Options) {
	if len(w.follows) == 0 {
		return
	}
	quiet := silenceNote(w)
	var fm *followModel
	for i, nb := range nets {
		if !farmNetwork(w, nb, opts) || len(nb.core) < 2 {
			continue
		}
		if fm == nil {
			fm = followModelOf(w)
		}
		prof := newFollowProfile(fm, nb.core)
		ident := newFarmIdentity(w, nb.core)
		pkg := map[int32]bool{}
		for _, j := range prof.common {
			pkg[j] = true
		}
		seen := map[int32]bool{}
		for _, f := range w.follows {
			a := f.from
			if !pkg[f.to] || seen[a] || owner[a] >= 0 || w.posts[a] > 0 || w.established[a] {
				continue
			}
			seen[a] = true
			lr := prof.memberLR(a, false)
			if lr <= 0 {
				continue
			}
			if id := ident.memberLR(a, false); lr+id >= opts.FollowMemberMinLR {
				reasons[i][a] = append(reasons[i][a], fmt.Sprintf("%s; the farm's follows explain its %d follows 10^%.1f times better than the followees' popularity, and its profile and creation date 10^%.1f times better than the other accounts'", quiet, len(fm.sets.set(a)), lr, id))
			}
		}
	}
}

// dataHasPosts reports whether the data holds any post (w.latest is the
// latest post's time): without posts, silence is not measured.
func dataHasPosts(w *world) bool { return w.latest > 0 }

// farmIdentity is the identity evidence of a follower farm's members
// against the rest of the accounts: how often the farm's core and the
// other accounts have a default profile image, a default-style handle, a
// creation date within a day of another core member's and no followers at
// all. Each is measured only where the data has it (a profile, a creation
// date, a follower count the profile reports: one the store derived from
// a partial capture is a lower bound and not measured), and each
// frequency is smoothed ((count+1)/(total+2)), so a small core gives weak
// evidence either way. The follower count is compared with the other
// silent accounts' where the data holds posts (accounts that post attract
// followers; the accounts a farm recruits never post): where silent
// people without followers are common the sign weighs little, and where
// the core's members have followers it counts against the accounts that
// have none.
type farmIdentity struct {
	w    *world
	days []int64 // core members' creation days, sorted
	// in and out are the smoothed frequencies of each sign in the core and
	// outside it: default image, default handle, created within a day of
	// another core member, no followers.
	in, out [identitySigns]float64
}

// identitySigns is the number of farmIdentity's signs.
const identitySigns = 4

// identityCounts are the identity signs counted over every account once:
// accounts with a profile, with a default image, with a default-style
// handle, with a creation date, with a reported follower count, with no
// followers, and accounts per creation day.
type identityCounts struct {
	profiles, defImg, defHnd, created float64
	// counted and followerless count the accounts with a reported
	// follower count and those with none among them, silent accounts only
	// where the data holds posts (farmIdentity).
	counted, followerless float64
	perDay                map[int64]float64
}

// identityCountsOf returns w's identity counts, counting on first use.
func identityCountsOf(w *world) *identityCounts {
	fm := followModelOf(w)
	if fm.ident != nil {
		return fm.ident
	}
	ic := &identityCounts{perDay: map[int64]float64{}}
	for a := 0; a < w.n(); a++ {
		if w.hasProfile[a] {
			ic.profiles++
			ic.defImg += float64(b2i(w.defaultImg[a]))
			ic.defHnd += float64(b2i(w.defaultHnd[a]))
		}
		if w.created[a] > 0 {
			ic.created++
			ic.perDay[w.created[a]/86400]++
		}
		if f := w.followerless[a]; f >= 0 && followerBase(w, int32(a)) {
			ic.counted++
			ic.followerless += float64(f)
		}
	}
	fm.ident = ic
	return ic
}

// newFarmIdentity measures the signs on the core, and on every other
// account from the counts over all accounts less the core's.
func newFarmIdentity(w *world, core []int32) *farmIdentity {
	fi := &farmIdentity{w: w}
	for _, a := range core {
		if w.created[a] > 0 {
			fi.days = append(fi.days, w.created[a]/86400)
		}
	}
	slices.Sort(fi.days)
	var inHit, inTot [identitySigns]float64
	for _, a := range core {
		for s, v := range fi.signs(a, true) {
			if v >= 0 {
				inTot[s]++
				inHit[s] += float64(v)
			}
		}
	}
	ic := identityCountsOf(w)
	// Accounts created within a day of a core member's creation day.
	near := 0.0
	seen := map[int64]bool{}
	for _, d := range fi.days {
		for x := d - 1; x <= d+1; x++ {
			if !seen[x] {
				seen[x] = true
				near += ic.perDay[x]
			}
		}
	}
	var coreProf, coreImg, coreHnd, coreCounted, coreNone float64
	for _, a := range core {
		if w.hasProfile[a] {
			coreProf++
			coreImg += float64(b2i(w.defaultImg[a]))
			coreHnd += float64(b2i(w.defaultHnd[a]))
		}
		if f := w.followerless[a]; f >= 0 && followerBase(w, a) {
			coreCounted++
			coreNone += float64(f)
		}
	}
	coreDays := float64(len(fi.days))
	outHit := [identitySigns]float64{ic.defImg - coreImg, ic.defHnd - coreHnd, near - coreDays, ic.followerless - coreNone}
	outTot := [identitySigns]float64{ic.profiles - coreProf, ic.profiles - coreProf, ic.created - coreDays, ic.counted - coreCounted}
	for s := range fi.in {
		fi.in[s] = (inHit[s] + 1) / (inTot[s] + 2)
		fi.out[s] = (max(outHit[s], 0) + 1) / (max(outTot[s], 0) + 2)
	}
	return fi
}

// followerBase reports whether a's follower count is in the baseline
// farmIdentity compares it with: every account where the data holds no
// posts, only the silent ones where it does.
func followerBase(w *world, a int32) bool { return !dataHasPosts(w) || w.posts[a] == 0 }

// signs returns a's signs: 1 shown, 0 not shown, -1 not measured. A
// core member's own creation day does not count for itself.
func (fi *farmIdentity) signs(a int32, self bool) [identitySigns]int {
	w := fi.w
	s := [identitySigns]int{-1, -1, -1, int(w.followerless[a])}
	if w.hasProfile[a] {
		s[0], s[1] = b2i(w.defaultImg[a]), b2i(w.defaultHnd[a])
	}
	if w.created[a] > 0 && len(fi.days) > 0 {
		d := w.created[a] / 86400
		lo, _ := slices.BinarySearch(fi.days, d-1)
		hi, _ := slices.BinarySearch(fi.days, d+2)
		n := hi - lo
		if self {
			n-- // its own day
		}
		s[2] = b2i(n > 0)
	}
	return s
}

// memberLR is the log10 likelihood ratio of a's identity signs under the
// farm's frequencies against the other accounts' (each sign independent).
func (fi *farmIdentity) memberLR(a int32, self bool) float64 {
	lr := 0.0
	for s, v := range fi.signs(a, self) {
		switch v {
		case 1:
			lr += math.Log10(fi.in[s] / fi.out[s])
		case 0:
			lr += math.Log10((1 - fi.in[s]) / (1 - fi.out[s]))
		}
	}
	return lr
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// farmSeeds grows follower-farm clusters from the communities Louvain
// left below opts.MinNetworkSize. A farm of a dozen accounts, each
// following a few of the package's prominent accounts and a few accounts
// of its own, has too few near-identical followee sets (the follow-set
// layer) to hold five of its accounts in one community: two or three are
// tied, the rest have no pair at all, and the farm was missed whole. A
// seed is a small community's silent accounts (they never post; silence is
// measured only when the data holds posts) tied inside it by a follow
// layer, opts.FarmSeedMin (2) at least. Each seed recruits the silent accounts outside
// every cluster that follow an account two of its members follow (its
// package) and whose follows its members' follows explain at least
// opts.FollowMemberMinLR (log10) better than the followees' popularity,
// with the identity evidence of farmIdentity (followProfile.memberLR,
// the test farmFollowers applies to a farm's associated accounts). A
// seed that reaches opts.MinNetworkSize accounts is a cluster: each
// recruit is tied to each seed member in the follow-set layer (its follows
// are explained by theirs at the follow-set layer's strength of evidence,
// which the followees' popularity could have denied), and the cluster is
// judged as every cluster is. Lurkers, who follow dozens of accounts of
// their own, are explained by popularity (their unshared follows count
// against them); an account following a single prominent account is
// explained by that account's popularity. It returns the new clusters and
// adds their ties to the follow-set layer.
func farmSeeds(w *world, fz fused, comm []int32, layers []*layer, clusters []cluster, opts Options) []cluster {
	if opts.FarmSeedMin < 0 || len(w.follows) == 0 || !dataHasPosts(w) {
		return nil
	}
	fset := followSetLayer(layers)
	if fset == nil {
		return nil
	}
	owner := make([]int32, w.n()) // 1 in a cluster or a grown seed
	for _, cl := range clusters {
		for _, a := range cl.members {
			owner[a] = 1
		}
	}
	byC := map[int32][]int32{}
	for node, c := range comm {
		byC[c] = append(byC[c], fz.nodes[node])
	}
	community := map[int32]int32{}
	var small []int32
	for c, accs := range byC {
		if len(accs) < 2 || len(accs) >= opts.MinNetworkSize {
			continue
		}
		small = append(small, c)
		for _, a := range accs {
			community[a] = c
		}
	}
	if len(small) == 0 {
		return nil
	}
	slices.Sort(small)
	// Silent accounts tied by a follow layer inside their small community.
	tied := map[int32]bool{}
	for _, l := range layers {
		if l.name != LayerFollow && l.name != LayerFollowSet {
			continue
		}
		for _, p := range l.pairs {
			ca, okA := community[p.A]
			cb, okB := community[p.B]
			if okA && okB && ca == cb && w.posts[p.A] == 0 && w.posts[p.B] == 0 && !w.established[p.A] && !w.established[p.B] {
				tied[p.A], tied[p.B] = true, true
			}
		}
	}
	fi := newFarmGrower(w, fset, opts)
	var out []cluster
	for _, c := range small {
		var seed []int32
		for _, a := range byC[c] {
			if tied[a] && owner[a] == 0 {
				seed = append(seed, a)
			}
		}
		if len(seed) < opts.FarmSeedMin {
			continue
		}
		if cl, ok := fi.grow(seed, owner); ok {
			out = append(out, cl)
		}
	}
	fi.addTies()
	return out
}

// farmGrower grows a follower farm's seed (a few silent accounts tied by
// a follow layer) with the silent accounts outside every cluster whose
// follows and identity the seed's explain (farmSeeds, farmPieces).
type farmGrower struct {
	w    *world
	fm   *followModel
	fset *layer
	opts Options
	// off and followers index each account's followers: followers of
	// account j are followers[off[j]:off[j+1]].
	off, followers []int32
	pairs          []PairWeight // recruits' ties to their seeds, for fset
}

// newFarmGrower indexes w's followers once.
func newFarmGrower(w *world, fset *layer, opts Options) *farmGrower {
	off := make([]int32, w.n()+1)
	for _, f := range w.follows {
		off[f.to+1]++
	}
	for i := range w.n() {
		off[i+1] += off[i]
	}
	followers := make([]int32, len(w.follows))
	pos := slices.Clone(off[:w.n()])
	for _, f := range w.follows {
		followers[pos[f.to]] = f.from
		pos[f.to]++
	}
	return &farmGrower{w: w, fm: followModelOf(w), fset: fset, opts: opts, off: off, followers: followers}
}

// grow recruits to seed the silent accounts with owner 0 (in no cluster)
// that follow an account two of its members follow (its package) and whose
// follows its members' follows explain at least opts.FollowMemberMinLR
// (log10) better than the followees' popularity, with farmIdentity's
// evidence; then keeps the accounts, seed or recruit, that the others'
// follows and identity explain. It reports the cluster when it reaches
// opts.MinNetworkSize with a seed member left, marks its members' owner 1
// and ties each recruit to each seed member for the follow-set layer.
func (g *farmGrower) grow(seed []int32, owner []int32) (cluster, bool) {
	w, fm, opts := g.w, g.fm, g.opts
	prof, ident := newFollowProfile(fm, seed), newFarmIdentity(w, seed)
	slices.Sort(prof.common)
	seen := map[int32]bool{}
	for _, a := range seed {
		seen[a] = true
	}
	var recruits []int32
	for _, j := range prof.common {
		for _, a := range g.followers[g.off[j]:g.off[j+1]] {
			if seen[a] || owner[a] != 0 || w.posts[a] > 0 || w.established[a] {
				continue
			}
			seen[a] = true
			if lr := prof.memberLR(a, false); lr > 0 && lr+ident.memberLR(a, false) >= opts.FollowMemberMinLR {
				recruits = append(recruits, a)
			}
		}
	}
	if len(seed)+len(recruits) < opts.MinNetworkSize {
		return cluster{}, false
	}
	// Each account, seed or recruit, must then be explained by the
	// others' follows and identity (as followMembership tests a farm's
	// members): a person tied by chance to one farm account in the
	// seed leaves once the farm's profile is known.
	all := append(slices.Clone(seed), recruits...)
	prof, ident = newFollowProfile(fm, all), newFarmIdentity(w, all)
	var cl cluster
	nSeed := 0
	for i, a := range all {
		if prof.memberLR(a, true)+ident.memberLR(a, true) < opts.FollowMemberMinLR {
			continue
		}
		in := 0.0
		if i < len(seed) {
			in, nSeed = 1, nSeed+1
		}
		cl.members = append(cl.members, a)
		cl.internal = append(cl.internal, in)
	}
	if len(cl.members) < opts.MinNetworkSize || nSeed == 0 {
		return cluster{}, false
	}
	seed, recruits = cl.members[:nSeed], cl.members[nSeed:]
	for _, a := range cl.members {
		owner[a] = 1
	}
	for _, r := range recruits {
		for _, s := range seed {
			a, b := min(r, s), max(r, s)
			g.pairs = append(g.pairs, PairWeight{A: a, B: b, Items: int32(opts.MinPairItems), Weight: 0.5, Sampled: true})
		}
	}
	return cl, true
}

// addTies adds the recruits' ties to the follow-set layer, in pair order.
func (g *farmGrower) addTies() {
	pairs := g.pairs
	g.pairs = nil
	fset := g.fset
	if len(pairs) > 0 {
		fset.pairs = append(fset.pairs, pairs...)
		slices.SortFunc(fset.pairs, func(p, q PairWeight) int {
			if p.A != q.A {
				return int(p.A - q.A)
			}
			return int(p.B - q.B)
		})
	}
}

// farmPieces gives follower-farm pieces that followMembership leaves
// unable to stand a chance to grow, as farmSeeds grows the pieces Louvain
// leaves in small communities. A piece is the silent accounts of one
// cluster (they never post, where the data holds posts) tied to each
// other inside it by a follow layer, opts.FarmSeedMin at least, when they
// are either the whole of a cluster below opts.MinNetworkSize (a farm's
// cluster whose co-acting members followMembership split off) or a
// minority of a cluster most of whose members act (a farm's few accounts
// that Louvain joined to a group of posting accounts, where they are
// judged, and trimmed, with accounts they never act with) whose follows
// the cluster's other members' follows do not explain (followsOwnGroup: a
// network's silent associated accounts follow what its members follow,
// and stay), or fewer than opts.MinNetworkSize accounts that are most of
// a cluster the few others bring to that size (no network of posting
// accounts there whose associated accounts the piece could be). Each piece
// recruits as farmSeeds' seeds do (farmGrower.grow) the silent accounts
// outside every cluster that its follows and identity explain; a piece
// that reaches opts.MinNetworkSize becomes a cluster of its own (leaving
// its cluster), and any other piece stays where it was. It reports whether
// a piece grew (the farm's clusters are then merged again by
// followMembership). Nothing changes where the data holds no posts
// (silence is then unknown) or opts.FarmSeedMin is negative.
func farmPieces(w *world, layers []*layer, clusters []cluster, opts Options) ([]cluster, bool) {
	if opts.FarmSeedMin < 0 || len(w.follows) == 0 || !dataHasPosts(w) || len(clusters) == 0 {
		return clusters, false
	}
	fset := followSetLayer(layers)
	if fset == nil {
		return clusters, false
	}
	silent := func(a int32) bool { return w.posts[a] == 0 && !w.established[a] }
	owner := make([]int32, w.n())
	memberOf := map[int32]int{}
	for c, cl := range clusters {
		for _, a := range cl.members {
			owner[a] = 1
			memberOf[a] = c
		}
	}
	tied := map[int32]bool{}
	for _, l := range layers {
		if l.name != LayerFollow && l.name != LayerFollowSet {
			continue
		}
		for _, p := range l.pairs {
			ca, okA := memberOf[p.A]
			cb, okB := memberOf[p.B]
			if okA && okB && ca == cb && silent(p.A) && silent(p.B) {
				tied[p.A], tied[p.B] = true, true
			}
		}
	}
	var g *farmGrower
	grew := false
	out := make([]cluster, 0, len(clusters))
	for _, cl := range clusters {
		var piece []int32
		for _, a := range cl.members {
			if tied[a] {
				piece = append(piece, a)
			}
		}
		whole := len(piece) == len(cl.members) && len(cl.members) < opts.MinNetworkSize
		minority := 2*len(piece) < len(cl.members)
		// A piece too small to be a network, in a cluster whose posting
		// members are fewer still: judged there, the farm's accounts
		// stand or fall with posting accounts that follow a few of the
		// same prominent accounts (tuning world 9701 at 0.03: 3 of a
		// farm's 12 accounts with 2 organic accounts, judged coordinated,
		// the farm missed whole). Those few are no network whose
		// associated accounts the piece could be, so followsOwnGroup
		// does not hold it back.
		few := !whole && len(piece) < opts.MinNetworkSize
		if len(piece) < max(opts.FarmSeedMin, 2) || !(whole || minority || few) {
			out = append(out, cl)
			continue
		}
		if g == nil {
			g = newFarmGrower(w, fset, opts)
		}
		if minority && followsOwnGroup(g.fm, cl, piece, opts) {
			out = append(out, cl)
			continue
		}
		grown, ok := g.grow(piece, owner)
		if !ok {
			out = append(out, cl)
			continue
		}
		grew = true
		if !whole {
			inGrown := map[int32]bool{}
			for _, a := range grown.members {
				inGrown[a] = true
			}
			var rest cluster
			rest.people, rest.peopleInternal = cl.people, cl.peopleInternal
			for i, a := range cl.members {
				if !inGrown[a] {
					rest.members = append(rest.members, a)
					rest.internal = append(rest.internal, cl.internal[i])
				}
			}
			if len(rest.members) >= opts.MinNetworkSize { // else dropped, as Louvain's communities under that size are
				out = append(out, rest)
			}
		}
		out = append(out, grown)
	}
	if g == nil {
		return clusters, false
	}
	g.addTies()
	return out, grew
}

// followSetLayer returns the follow-set layer among layers, nil if none.
func followSetLayer(layers []*layer) *layer {
	for _, l := range layers {
		if l.name == LayerFollowSet {
			return l
		}
	}
	return nil
}

// followsOwnGroup reports whether most of piece's accounts follow what the
// other members of their cluster cl follow: their follows explained by
// those members' follows at least opts.FollowMemberMinLR (log10) better
// than by the followees' popularity (followProfile.memberLR).
func followsOwnGroup(fm *followModel, cl cluster, piece []int32, opts Options) bool {
	in := map[int32]bool{}
	for _, a := range piece {
		in[a] = true
	}
	var others []int32
	for _, a := range cl.members {
		if !in[a] {
			others = append(others, a)
		}
	}
	prof := newFollowProfile(fm, others)
	k := 0
	for _, a := range piece {
		if prof.memberLR(a, false) >= opts.FollowMemberMinLR {
			k++
		}
	}
	return 2*k > len(piece)
}
