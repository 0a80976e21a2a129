package detect

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

// coSelectPseudo is the pseudo retweets per post of the popularity null
// (Laplace smoothing).
const coSelectPseudo = 1

// coSelectionTests computes each cluster's co-selection test on the
// co-retweet layer (memberOf gives each account's cluster, -1 outside
// every cluster; clustered marks the accounts that are not outsiders of
// the null, nil for those of memberOf).
func coSelectionTests(w *world, layers []*layer, memberOf []int32, nc int, clustered []bool, pseudo float64) []coTest {
	out := make([]coTest, nc)
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
	var pace nullPace // unused: the timing null's pace
	eachItemSplit(sh, layers[li].window, memberOf, clustered, stamp, &pace, func(buf []mt, out []int64, _ float64) {
		o := float64(len(out))
		outs = append(outs, o)
		outTotal += o
		for _, x := range buf {
			activity[x.a]++
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
	den := outTotal + pseudo*float64(len(outs))
	if den <= 0 {
		return out
	}
	var sumPi2 float64
	for _, o := range outs {
		p := (o + pseudo) / den
		sumPi2 += p * p
	}
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
	covered := make([]float64, nc) // Σ π_i² over the posts in parts
	for _, p := range parts {
		pi := (p.o + pseudo) / den
		out[p.c].add(p.k*(p.k-1)/2, max(1e-9, pairW[p.c]*pi*pi))
		covered[p.c] += pi * pi
	}
	for c := range out {
		rest := pairW[c] * max(0, sumPi2-covered[c])
		out[c].Expected += rest
		out[c].llr += rest
	}
	return out
}
