package detect

import (
	"fmt"
	"slices"
	"time"
)

// Associated-account parameters (documented in docs/DETECTION.md).
const (
	// assocDomainOthers: a domain is the network's infrastructure when the
	// accounts outside the network using it are at most this share of the
	// network's accounts using it (almost no one else uses it).
	assocDomainOthers = 0.25
	// assocFollowCore and assocFollowShare: an account follows at least this
	// many core members, and they are at least this share of all it follows.
	assocFollowCore  = 3
	assocFollowShare = 0.4
	// assocBatchCore and assocBatchShare: a creation hour is a batch of the
	// network when at least this many core members, and at least this share
	// of every account created that hour, are core members.
	assocBatchCore  = 3
	assocBatchShare = 0.5
	// A farm's package is the accounts at least farmPackageShare of its
	// core follow; a silent account created on one of the farm's creation
	// days that sends at least farmFolloweeShare of its follows to the
	// package joins the farm.
	farmPackageShare  = 0.2
	farmFolloweeShare = 0.25
)

// associate finds, for each network, accounts outside every core tied to it
// by specific infrastructure, and records them with their reasons. An
// account needs a rare shared domain, follow ties mostly inside the core,
// or a creation batch together with the core's handle or image pattern; a
// follower farm also takes silent accounts whose follows its own explain
// better than popularity does (farmFollowers).
func associate(w *world, nets []*netBuild, opts Options) {
	n := w.n()
	owner := make([]int32, n)
	for i := range owner {
		owner[i] = -1
	}
	for i, nb := range nets {
		for _, a := range nb.core {
			owner[a] = int32(i)
		}
	}
	// Domain users: profile domains and link domains.
	domUsers := map[int32]map[int32]bool{}
	addDom := func(d, a int32) {
		m := domUsers[d]
		if m == nil {
			m = map[int32]bool{}
			domUsers[d] = m
		}
		m[a] = true
	}
	for a := 0; a < n; a++ {
		if d := w.profDomain[a]; d >= 0 {
			addDom(d, int32(a))
		}
	}
	for _, s := range w.domainShares {
		addDom(s.Item, s.Account)
	}
	reasons := make([]map[int32][]string, len(nets))
	for i := range reasons {
		reasons[i] = map[int32][]string{}
	}
	generic := genericDomains(w, owner, len(nets))
	for d, users := range domUsers {
		coreBy := map[int32]int{}
		for a := range users {
			if o := owner[a]; o >= 0 {
				coreBy[o]++
			}
		}
		for o, k := range coreBy {
			if k < 2 || float64(len(users)-k) > assocDomainOthers*float64(k) || generic(d, o) {
				continue
			}
			for a := range users {
				if owner[a] < 0 {
					reasons[o][a] = append(reasons[o][a], fmt.Sprintf("uses domain %s, which %d core members and only %d other accounts use", w.domains.names[d], k, len(users)-k))
				}
			}
		}
	}
	// Domain reasons so far: the second round below counts an account as
	// the network's only for a tie other than a domain (domains must not
	// chain: an account tied by one generic domain the network's
	// camouflage links to, counted as the network's, would make the next
	// generic domain look like the network's infrastructure).
	byDomain := make([]map[int32]int, len(nets))
	for i := range nets {
		byDomain[i] = map[int32]int{}
		for a, rs := range reasons[i] {
			byDomain[i][a] = len(rs)
		}
	}
	// Follow ties.
	followsCore := map[[2]int32]int{}
	follows := make([]int32, n)
	for _, f := range w.follows {
		follows[f.from]++
		if o := owner[f.to]; o >= 0 && owner[f.from] < 0 {
			followsCore[[2]int32{f.from, o}]++
		}
	}
	for key, k := range followsCore {
		a, o := key[0], key[1]
		if k >= assocFollowCore && float64(k) >= assocFollowShare*float64(follows[a]) {
			reasons[o][a] = append(reasons[o][a], fmt.Sprintf("follows %d core members, %d%% of the accounts it follows", k, 100*k/int(follows[a])))
		}
	}
	// Creation batches with the core's profile pattern.
	type hourKey struct {
		hour int64
		o    int32
	}
	created := map[int64]int{}
	coreCreated := map[hourKey]int{}
	for a := 0; a < n; a++ {
		if w.created[a] == 0 {
			continue
		}
		h := w.created[a] / 3600
		created[h]++
		if o := owner[a]; o >= 0 {
			coreCreated[hourKey{h, o}]++
		}
	}
	defHnd := make([]float64, len(nets))
	defImg := make([]float64, len(nets))
	for i, nb := range nets {
		for _, a := range nb.core {
			if w.defaultHnd[a] {
				defHnd[i]++
			}
			if w.defaultImg[a] {
				defImg[i]++
			}
		}
		defHnd[i] /= float64(len(nb.core))
		defImg[i] /= float64(len(nb.core))
	}
	for a := 0; a < n; a++ {
		if owner[a] >= 0 || w.created[a] == 0 {
			continue
		}
		h := w.created[a] / 3600
		for i := range nets {
			k := coreCreated[hourKey{h, int32(i)}]
			if k < assocBatchCore || float64(k) < assocBatchShare*float64(created[h]) {
				continue
			}
			pattern := (w.defaultHnd[a] && defHnd[i] >= 0.5) || (w.defaultImg[a] && defImg[i] >= 0.5)
			_, other := reasons[i][int32(a)]
			if !pattern && !other {
				continue
			}
			r := fmt.Sprintf("created %s in the same batch as %d core members", time.Unix(w.created[a], 0).UTC().Format("2006-01-02 15h"), k)
			if w.defaultHnd[a] && defHnd[i] >= 0.5 {
				r += ", with the same default-style handle pattern"
			} else if w.defaultImg[a] && defImg[i] >= 0.5 {
				r += ", with the same default image"
			}
			reasons[i][int32(a)] = append(reasons[i][int32(a)], r)
		}
	}
	// Domains mostly used by accounts already associated (or core) are the
	// network's infrastructure too: a second round finds their other users
	// (associated by a follow tie or a creation batch: see byDomain).
	for d, users := range domUsers {
		tied := map[int]int{}
		for a := range users {
			if o := owner[a]; o >= 0 {
				tied[int(o)]++
				continue
			}
			for i := range nets {
				if len(reasons[i][a]) > byDomain[i][a] {
					tied[i]++
				}
			}
		}
		for i, k := range tied {
			if k < 2 || float64(len(users)-k) > assocDomainOthers*float64(k) || generic(d, int32(i)) {
				continue
			}
			for a := range users {
				if owner[a] >= 0 || len(reasons[i][a]) > 0 {
					continue
				}
				reasons[i][a] = append(reasons[i][a], fmt.Sprintf("uses domain %s, which %d accounts of this network and only %d other accounts use", w.domains.names[d], k, len(users)-k))
			}
		}
	}
	farmExpand(w, nets, owner, follows, reasons, opts)
	farmFollowers(w, nets, owner, reasons, opts)
	// An account goes to the network it has most reasons for.
	best := map[int32]int{}
	for i := range nets {
		for a, rs := range reasons[i] {
			if w.established[a] || len(rs) == 0 {
				continue
			}
			if j, ok := best[a]; !ok || len(rs) > len(reasons[j][a]) || (len(rs) == len(reasons[j][a]) && i < j) {
				best[a] = i
			}
		}
	}
	people := peopleAmongAssociated(w, nets, best, opts)
	for a, i := range best {
		if people[a] {
			continue
		}
		nets[i].assoc = append(nets[i].assoc, a)
		rs := reasons[i][a]
		slices.Sort(rs)
		nets[i].reasons[a] = rs
	}
	for _, nb := range nets {
		sortInt32(nb.assoc)
	}
}

func sortInt32(s []int32) { slices.Sort(s) }

// ownLifeSigns are the signs of a person that judge an associated
// account: its identity (a custom profile, created outside the network's
// bursts) and a life of its own (conversations, a daily rhythm). The signs
// about amplification (slower than the network, a daily rest or partial
// coverage of the amplified account, posting in a silent cluster) judge a
// member tied by co-action; an associated account is tied by
// infrastructure, and an operation's associated accounts amplify slowly
// and sparsely by design.
const ownLifeSigns = 1<<signProfile | 1<<signAged | 1<<signReplies | 1<<signRhythm

// genericDomains returns whether domain d is, for network o, a domain
// people link to as much as the network does: the share of its links
// that go to d, averaged over the accounts outside every core that post
// links, is more than assocDomainOthers times the same average over the
// network core's members. Counting the accounts that use a domain does
// not tell a network's infrastructure from the news sites its
// camouflaged accounts link to like anyone: a core of 37 heavy posters
// used nytimes.com where 8 of the few people posting links in a small
// world did, and each of those 8 was associated (tuning world 9133 at
// scale 0.03; 9002 at 0.06 associated 20 people by ten news domains).
// Per link, the network's camouflage goes to such a site about as often
// as people's links do; its infrastructure (its sites, its spam
// domains) is a share of its links that people's links almost never
// reach. Each account weighs one, whatever its volume: pooled over
// links, the outsiders' share was the share of the few accounts posting
// most (tuning world 9133 at 0.03: 197 of the outsiders' 2,629 links
// went to the retweet network's own site, posted by accounts clustered
// nowhere, and 9647: 9,886 links mostly to spam domains), and a news
// site 38 camouflaged members linked to looked 10 times rarer among
// people than among them, so its 7 other users were associated. A
// domain only seen in profiles is not judged here (no links: false).
func genericDomains(w *world, owner []int32, nets int) func(d, o int32) bool {
	links := make([]int32, len(owner)) // each account's links
	for _, s := range w.domainShares {
		links[s.Account]++
	}
	outLinks := map[int32]float64{}
	coreLinks := make([]map[int32]float64, nets)
	for i := range coreLinks {
		coreLinks[i] = map[int32]float64{}
	}
	for _, s := range w.domainShares {
		if o := owner[s.Account]; o >= 0 {
			coreLinks[o][s.Item] += 1 / float64(links[s.Account])
		} else {
			outLinks[s.Item] += 1 / float64(links[s.Account])
		}
	}
	var outPosters float64
	corePosters := make([]float64, nets)
	for a, k := range links {
		if k == 0 {
			continue
		}
		if o := owner[a]; o >= 0 {
			corePosters[o]++
		} else {
			outPosters++
		}
	}
	return func(d, o int32) bool {
		c := coreLinks[o][d]
		if c == 0 || outPosters == 0 {
			return false
		}
		return outLinks[d]/outPosters > assocDomainOthers*c/corePosters[o]
	}
}

// peopleAmongAssociated judges each account associate found (best: the
// account and its network) on its own evidence, as a core member is
// (memberSigns.person over ownLifeSigns, with the network's core as its
// cluster for the creation bursts): an account tied to a network by a
// domain, follows or a creation hour that holds conversations with others
// and shows opts.MemberPersonSigns signs of a person (one fewer when at
// most one measured sign fails to show one), with no automation in its
// amplification, is a person, not the network's. A tie by infrastructure
// is evidence about the infrastructure, not about who runs the account: a
// generic news domain the network's camouflage posts links to is shared
// by people too. Conversation is required because it is what an
// operation's accounts lack (calibrated on tuning worlds 9300-9359 at
// scale 0.03, docs/benchmarks/detect.md "People and associated accounts":
// the planted accounts associate re-attaches after trimHumans let them go
// show a custom profile, an age and a rhythm, never replies; every person
// it attached replied). The accounts an operation creates beside its core
// have little of their own (a post or two, no conversation, no rhythm to
// measure), and a sign the data could not measure counts neither way, so
// they stay associated.
func peopleAmongAssociated(w *world, nets []*netBuild, best map[int32]int, opts Options) map[int32]bool {
	if len(best) == 0 {
		return nil
	}
	clusters := make([]cluster, len(nets))
	for i, nb := range nets {
		clusters[i].members = append([]int32(nil), nb.core...)
	}
	for a, i := range best {
		clusters[i].members = append(clusters[i].members, a)
	}
	for i := range clusters {
		// Map order must not reach the evidence (medians, bursts).
		slices.Sort(clusters[i].members[len(nets[i].core):])
	}
	people := map[int32]bool{}
	for i, ms := range memberEvidence(w, clusters, opts) {
		for k := len(nets[i].core); k < len(ms); k++ {
			ms[k].shown &= ownLifeSigns
			ms[k].measured &= ownLifeSigns
			if ms[k].person(opts) && ms[k].shown&(1<<signReplies) != 0 {
				people[clusters[i].members[k]] = true
			}
		}
	}
	return people
}

// farmNetwork reports whether a network is a follower farm's: at least
// opts.SilentShare of its members never post, where silence is measured.
// Where the data holds no posts at all (a follow-only export: follows and
// profiles), silence is unknown, never evidence either way, and the farm
// is recognised by what the data does hold: at least that share of its
// members tied by the follow layers (near-identical followee sets or a
// dense follow block). Where the data holds posts but silence is not
// measured for most members (a share table), it is no farm.
func farmNetwork(w *world, nb *netBuild, opts Options) bool {
	f := nb.net.Evidence.Features
	if s, ok := f[FeatSilent]; ok {
		return s >= opts.SilentShare
	}
	if dataHasPosts(w) {
		return false
	}
	return max(f[FeatFollowSet], f[FeatFollowBlock]) >= opts.SilentShare
}

// silenceNote is how an associated follower's reason states its silence:
// "never posts" where the data holds posts, and that its posts are
// unknown where the data holds none (farmNetwork).
func silenceNote(w *world) string {
	if dataHasPosts(w) {
		return "never posts"
	}
	return "posts unknown (the data holds none)"
}

// farmExpand adds to each follower farm (farmNetwork) the silent
// accounts, where the data holds posts, created on its creation days that follow mostly its package or
// share the farm's default handle or image pattern.
func farmExpand(w *world, nets []*netBuild, owner []int32, follows []int32, reasons []map[int32][]string, opts Options) {
	for i, nb := range nets {
		// Its rules (a creation day and a quarter of the follows, or a
		// creation day and a default profile) are weak evidence without
		// silence: where the data holds no posts only farmFollowers, which
		// weighs all of an account's follows and identity, applies.
		if !dataHasPosts(w) || !farmNetwork(w, nb, opts) {
			continue
		}
		inCore := map[int32]bool{}
		days := map[int64]int{}
		for _, a := range nb.core {
			inCore[a] = true
			if w.created[a] > 0 {
				days[w.created[a]/86400]++
			}
		}
		need := creationBurstNeed(len(nb.core))
		followed := map[int32]int{}
		for _, f := range w.follows {
			if inCore[f.from] {
				followed[f.to]++
			}
		}
		pkg := map[int32]bool{}
		for to, k := range followed {
			if float64(k) >= farmPackageShare*float64(len(nb.core)) {
				pkg[to] = true
			}
		}
		var defHnd, defImg float64
		for _, a := range nb.core {
			if w.defaultHnd[a] {
				defHnd++
			}
			if w.defaultImg[a] {
				defImg++
			}
		}
		defHnd /= float64(len(nb.core))
		defImg /= float64(len(nb.core))
		toPkg := map[int32]int{}
		for _, f := range w.follows {
			if pkg[f.to] && owner[f.from] < 0 {
				toPkg[f.from]++
			}
		}
		// Silent accounts of the farm's creation days with its profile
		// pattern, whatever they follow.
		for a := int32(0); int(a) < w.n(); a++ {
			if owner[a] >= 0 || w.posts[a] > 0 || w.established[a] || w.created[a] == 0 || !w.hasProfile[a] {
				continue
			}
			day := w.created[a] / 86400
			if days[day] < need && days[day-1] < need {
				continue
			}
			switch {
			case w.defaultHnd[a] && defHnd >= 0.5:
				reasons[i][a] = append(reasons[i][a], fmt.Sprintf("never posts, created %s in a farm batch of %d accounts, with the farm's default-style handle pattern",
					time.Unix(w.created[a], 0).UTC().Format("2006-01-02"), max(days[day], days[day-1])))
			case w.defaultImg[a] && defImg >= 0.5:
				reasons[i][a] = append(reasons[i][a], fmt.Sprintf("never posts, created %s in a farm batch of %d accounts, with the farm's default image",
					time.Unix(w.created[a], 0).UTC().Format("2006-01-02"), max(days[day], days[day-1])))
			}
		}
		for a, k := range toPkg {
			if w.posts[a] > 0 || w.established[a] || w.created[a] == 0 {
				continue
			}
			day := w.created[a] / 86400
			if days[day] < need && days[day-1] < need {
				continue
			}
			if float64(k) < farmFolloweeShare*float64(follows[a]) {
				continue
			}
			reasons[i][a] = append(reasons[i][a], fmt.Sprintf("never posts, created %s in a farm batch of %d accounts, and %d of its %d follows go to the farm's package",
				time.Unix(w.created[a], 0).UTC().Format("2006-01-02"), max(days[day], days[day-1]), k, follows[a]))
		}
	}
}
