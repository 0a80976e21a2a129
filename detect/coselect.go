package detect

import "slices"

// Stage 1's co-selection test (issue 13).
//
// The timing null (coordinationTests) asks whether the members share the
// items they have in common closer in time than the items' outsiders do.
// A retweet network whose delays are wide (a median of minutes, a
// log-normal sigma above 1, some retweets hours late) coincides within the
// window about as often as any sharers of that pace do: on tuning world
// 9416 at scale 0.03 the cluster holding all 147 accounts of the planted
// network showed a timing lift of 0.93. Its coordination is not when but
// what: every member retweets most of one account's posts. The co-selection
// test asks that question against a popularity null: had each member
// chosen its retweets independently, with its own activity and each post's
// popularity among the outsiders (the accounts in no cluster, as in the
// timing null), how many member pairs would have retweeted the same post?
//
// Under the null member a retweets post i with probability n_a·π_i, n_a
// being a's retweets and π_i the post's share of the outsiders' retweets,
// with CoSelectPseudo pseudo retweets per post (Laplace smoothing: a post
// no outsider retweeted is as likely as one retweeted once, in proportion
// to the members' activity, never impossible). The expected member pairs
// on post i are Σ_{a<b} n_a·n_b·π_i², an upper bound on the pairs of the
// capped probabilities min(1, n_a·π_i), so the null errs towards chance.
// Summed over every post, not only those the members co-retweeted, the
// observed pairs C(k_i, 2) are compared with it by lift and the Poisson
// likelihood ratio, item by item, as in coTest.
//
// Only the co-retweet layer is tested: a retweet is one choice among the
// platform's posts, whose outsiders' retweets measure its popularity.
// Links, domains and hashtags are chosen from the web and from topics,
// where a community shares its own sources and a popularity null over the
// platform's outsiders would call any community coordinated.
//
// People's groups that co-select beyond their items' popularity
// (fandoms, superfans, activist rooms, whose members follow the same
// accounts) are coordinated: stage 1 reports them and stage 2 keeps them
// out of enforcement. A crowd retweeting the day's popular posts retweets
// what the outsiders do (lift near 1; news junkies showed at most 1.63 on
// the tuning worlds). The bar is Options.MinCoSelectLift (calibration in
// its doc comment). Limit: where Louvain takes nearly a whole crowd into
// one cluster, the outsiders left are few and their popularity is a poor
// null. On the crowd share tables measured (3003, 3004, crowd-random
// 9400-9409) each member's own test (memberCoordination) emptied such
// clusters before they were judged, and no crowd group was added
// (docs/benchmarks/detect.md, "Stage 1 co-selection").
//
// Co-selection of accounts (issue 13). The test above counts member
// pairs on the same post, each post's popularity smoothed with a pseudo
// retweet per post. Where the outsiders' retweets are few beside the
// posts in the data, the pseudo retweets carry the null: a post nobody
// outside retweeted is as popular as any, and a network whose members
// each retweet most of one account's hundreds of posts, in a world of
// not many more posts, retweets about what uniform choice gives. On
// tuning world 9840 at scale 0.03 the 144 accounts of a retweet network
// each retweeted 68% to 95% of the 486 posts of the account they
// amplify, which the outsiders gave 33 of their 603 retweets; two pairs
// of members shared most posts as two accounts choosing 400 of the
// world's posts at random would: co-selection lift 1.67, timing lift 0.48
// (wide delays), set aside. The same question asked of accounts rather
// than posts sees it: had each member drawn its retweets (as many as it
// made, with replacement) from the accounts by their share of the
// outsiders' retweets (a pseudo retweet per account: an account nobody
// outside retweeted is as likely as one retweeted once), member a would
// retweet account u n_a·ρ_u times, and the member pairs' products
// n_au·n_bu summed over the accounts would be Σ_{a<b} n_a·n_b·Σ_u ρ_u²
// (independent members: exact under this null). The observed products
// are compared with it account by account as the posts are (lift and
// Poisson likelihood ratio): 7.3 on 9840 at 0.03 and 12.1 at 0.06. People
// who retweet what the outsiders retweet draw their accounts as the
// outsiders do (news junkies 0.8 to 1.65 on tuning worlds 9600-9659 and
// 9800-9859); groups that share an interest (fandoms, superfans, an
// activist room) are coordinated in stage 1's sense, and stage 2 keeps
// them out of enforcement. A post whose author is unknown (a share
// table) is its own account, so on a share table the two tests agree.
// Options.AccountCoSelectLift is the bar (negative disables the test).

// coSelectPseudo is the pseudo retweets per post of the popularity null
// (Laplace smoothing), and per account in the test over accounts.
const coSelectPseudo = 1

// coSelection is a cluster's two co-selection tests: over posts and over
// the accounts that wrote them.
type coSelection struct {
	posts, accounts coTest
}

// coSelectionTests computes each cluster's co-selection tests on the
// co-retweet layer, over posts and over accounts (memberOf gives each
// account's cluster, -1 outside every cluster; clustered marks the
// accounts that are not outsiders of the null, nil for those of
// memberOf).
func coSelectionTests(w *world, layers []*layer, memberOf []int32, nc int, clustered []bool, pseudo float64) []coSelection {
	out := make([]coSelection, nc)
	li := layerIndex(layers, LayerCoRetweet)
	if li < 0 || nc == 0 {
		return out
	}
	sh := layers[li].shares
	if len(sh) == 0 {
		return out
	}
	stamp := make([]int32, w.n())
	activity := make([]float64, w.n()) // members' distinct retweeted posts
	type part struct {
		c    int32
		k, o float64 // members who retweeted the post, outsiders who did
	}
	var parts []part
	var outs []float64 // outsiders per post, every post
	var outTotal float64
	// Accounts: each author's outsiders' retweets, and each member's
	// retweets by unit (its author, or the post itself when its author is
	// unknown, numbered −1, −2, … with its outsiders in anon).
	type rec struct{ c, u, a int32 }
	var recs []rec
	authorOut := make([]float64, w.n())
	isAuthor := make([]bool, w.n())
	var anon []float64
	var units float64
	next := 0         // the current item's first share in sh
	var pace nullPace // unused: the timing null's pace
	eachItemSplit(sh, layers[li].window, memberOf, clustered, stamp, &pace, func(buf []mt, out []int64, _ float64) {
		item := sh[next].Item // eachItemSplit calls fn once per item, in sh's order
		for next < len(sh) && sh[next].Item == item {
			next++
		}
		o := float64(len(out))
		outs = append(outs, o)
		outTotal += o
		u := int32(-1)
		if int(item) < len(w.objAuthor) {
			u = w.objAuthor[item]
		}
		if u < 0 {
			u = -1 - int32(len(anon))
			anon = append(anon, o)
			units++
		} else {
			if !isAuthor[u] {
				isAuthor[u] = true
				units++
			}
			authorOut[u] += o
		}
		for _, x := range buf {
			activity[x.a]++
			recs = append(recs, rec{c: x.c, u: u, a: x.a})
		}
		if len(buf) < 2 {
			return
		}
		sortMT(buf)
		eachRun(buf, func(g []mt) {
			if len(g) >= 2 {
				parts = append(parts, part{c: g[0].c, k: float64(len(g)), o: o})
			}
		})
	})
	// Per cluster: Σ n_a and Σ n_a², so that Σ_{a<b} n_a·n_b = (N² − S2)/2.
	n1 := make([]float64, nc)
	n2 := make([]float64, nc)
	for a, c := range memberOf {
		if c >= 0 && activity[a] > 0 {
			n1[c] += activity[a]
			n2[c] += activity[a] * activity[a]
		}
	}
	pairW := make([]float64, nc)
	for c := range pairW {
		pairW[c] = (n1[c]*n1[c] - n2[c]) / 2
	}
	// Posts two or more members retweeted, against their own expectation;
	// every other post adds its expectation (no observed pair).
	if den := outTotal + pseudo*float64(len(outs)); den > 0 {
		var sumPi2 float64
		for _, o := range outs {
			p := (o + pseudo) / den
			sumPi2 += p * p
		}
		covered := make([]float64, nc) // Σ π_i² over the posts in parts
		for _, p := range parts {
			pi := (p.o + pseudo) / den
			out[p.c].posts.add(p.k*(p.k-1)/2, max(1e-9, pairW[p.c]*pi*pi))
			covered[p.c] += pi * pi
		}
		for c := range out {
			rest := pairW[c] * max(0, sumPi2-covered[c])
			out[c].posts.Expected += rest
			out[c].posts.llr += rest
		}
	}
	// Accounts: the same over units, each member pair weighing the product
	// of its two members' retweets of the unit.
	den := outTotal + pseudo*units
	if den <= 0 {
		return out
	}
	rho := func(u int32) float64 {
		if u < 0 {
			return (anon[-1-u] + pseudo) / den
		}
		return (authorOut[u] + pseudo) / den
	}
	var sumRho2 float64
	for u, ok := range isAuthor {
		if ok {
			r := rho(int32(u))
			sumRho2 += r * r
		}
	}
	for i := range anon {
		r := rho(-1 - int32(i))
		sumRho2 += r * r
	}
	slices.SortFunc(recs, func(x, y rec) int {
		switch {
		case x.c != y.c:
			return int(x.c - y.c)
		case x.u != y.u:
			return int(x.u - y.u)
		}
		return int(x.a - y.a)
	})
	covered := make([]float64, nc) // Σ ρ_u² over the units two members retweeted
	for s := 0; s < len(recs); {
		c, u := recs[s].c, recs[s].u
		var s1, s2 float64 // Σ_a n_au, Σ_a n_au²
		e := s
		for e < len(recs) && recs[e].c == c && recs[e].u == u {
			f := e + 1
			for f < len(recs) && recs[f].c == c && recs[f].u == u && recs[f].a == recs[e].a {
				f++
			}
			k := float64(f - e)
			s1 += k
			s2 += k * k
			e = f
		}
		s = e
		if obs := (s1*s1 - s2) / 2; obs > 0 {
			r := rho(u)
			out[c].accounts.add(obs, max(1e-9, pairW[c]*r*r))
			covered[c] += r * r
		}
	}
	for c := range out {
		rest := pairW[c] * max(0, sumRho2-covered[c])
		out[c].accounts.Expected += rest
		out[c].accounts.llr += rest
	}
	return out
}
