package detect

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// ampRest is one member's amplification judged against the opportunities
// it had: the posts of its cluster's top amplified account made while the
// member was amplifying it (from the first to the last post it retweeted),
// by UTC hour of the original post. A person who admires an account
// retweets it when awake and misses what it posts while the person sleeps;
// an account run by a schedule or an operator covers every hour alike. The
// per-member null is the member's own coverage outside each window of
// restHours consecutive hours: the data could show a daily gap the
// member's coverage elsewhere cannot explain (rests), or coverage at every
// hour where a gap would have been seen (roundClock), or too few
// opportunities to tell (neither: unknown, never evidence).
type ampRest struct {
	// opps and acts are the opportunities (posts of the amplified account
	// in the member's span) and the member's retweets of them.
	opps, acts int32
	// sig is the log10 likelihood ratio, Bonferroni-corrected for the 24
	// windows tried, of the emptiest window's coverage being lower than
	// the member's coverage outside it (0 when no window is emptier).
	sig float64
	// ratio is that window's coverage over the coverage outside it.
	ratio float64
	// rests: some daily window's coverage is at most MemberRestRatio of
	// the coverage outside it, at significance MemberRestSignificance.
	rests bool
	// roundClock: every window could have shown such a gap at that
	// significance, and none does, both by the hour of the originals and
	// by the hour the member retweeted them (amplificationRest).
	roundClock bool
	// roundClockActed: round the clock also in the member's own retweet
	// times (restAt). The pooled quiet_hour_amplification counts this
	// one; membership still reads roundClock (see restAt).
	roundClockActed bool
	// actedRests: the member's own retweet times, against the same
	// opportunities, leave a daily window empty (restAt); actedKnown: that
	// test reached a verdict either way.
	actedRests, actedKnown bool
}

// amplificationRest measures ampRest for every member of a cluster whose
// top amplified account is known (top and of from topAmplified), indexed
// by dense account id (zero value: no amplification measured).
//
// It also counts, for each member whose own day is known (quiet, from
// quietHourAmplification), its coverage of the posts made inside its own
// quietest hours (retweeted before those hours end) and outside them, in
// the member's quietAmp (quietAmp.coversNight).
func amplificationRest(w *world, top, of []int32, amp *ampShares, quiet map[int32]quietAmp, opts Options) []ampRest {
	out := make([]ampRest, w.n())
	// The amplified accounts' posts with a known time, by UTC hour, sorted
	// (slot[a]: a's index in posts, -1 for accounts no cluster amplifies),
	// and, for a cluster amplifying items without an author (a share
	// table), its items (cslot: each cluster's index in posts, -1 none).
	slot := make([]int32, w.n())
	for i := range slot {
		slot[i] = -1
	}
	cslot := make([]int32, len(top))
	var posts [][24][]int64
	for c, t := range top {
		cslot[c] = -1
		if t >= 0 && slot[t] < 0 {
			slot[t] = int32(len(posts))
			posts = append(posts, [24][]int64{})
		}
		if t >= 0 {
			cslot[c] = slot[t]
		}
	}
	for o, a := range w.objAuthor {
		if a < 0 || slot[a] < 0 {
			continue
		}
		if t := w.origin(int32(o)); t > 0 {
			hs := &posts[slot[a]]
			h := hourOf(t)
			hs[h] = append(hs[h], t)
		}
	}
	for c, items := range amp.items {
		if len(items) == 0 {
			continue
		}
		cslot[c] = int32(len(posts))
		posts = append(posts, [24][]int64{})
		hs := &posts[cslot[c]]
		for _, o := range items {
			if t := w.origin(o); t > 0 {
				h := hourOf(t)
				hs[h] = append(hs[h], t)
			}
		}
	}
	if len(posts) == 0 {
		return out
	}
	for i := range posts {
		for h := range posts[i] {
			slices.Sort(posts[i][h])
		}
	}
	// Each member's retweets of its cluster's top account, by the hour of
	// the original, and the span of the originals it retweeted.
	type span struct {
		got, at [24]int32 // by the hour of the original, and of the retweet
		delay   [24]int32 // retweets by whole hours of delay (23: a day or more)
		night   int32     // retweets of posts made in its quietest hours, before they end
		lo, hi  int64
	}
	at := make([]int32, w.n()) // a's index in spans, -1 none
	for i := range at {
		at[i] = -1
	}
	// Each member's own quiet start (-1: day unknown), read densely: the
	// loop below visits every retweet.
	quietStart := make([]int8, w.n())
	for i := range quietStart {
		quietStart[i] = -1
	}
	for a, q := range quiet {
		if q.known {
			quietStart[a] = q.start
		}
	}
	var spans []span
	var who []int32
	for k, s := range w.retweetShares {
		c := of[s.Account]
		if c < 0 || !amp.amplifies(k, s) {
			continue
		}
		t := w.origin(s.Item)
		if t <= 0 {
			continue
		}
		k := at[s.Account]
		if k < 0 {
			k = int32(len(spans))
			at[s.Account] = k
			spans = append(spans, span{lo: t, hi: t})
			who = append(who, s.Account)
		}
		sp := &spans[k]
		sp.got[hourOf(t)]++
		sp.at[hourOf(s.Time)]++
		sp.delay[min(max(s.Time-t, 0)/3600, 23)]++
		sp.lo, sp.hi = min(sp.lo, t), max(sp.hi, t)
		if st := quietStart[s.Account]; st >= 0 && inQuiet(st, t) && inQuiet(st, s.Time) && s.Time-t < restHours*3600 {
			sp.night++
		}
	}
	for k := range spans {
		sp, a := &spans[k], who[k]
		hs := &posts[cslot[of[a]]]
		var opp [24]int32
		for h := range hs {
			lo := sort.Search(len(hs[h]), func(i int) bool { return hs[h][i] >= sp.lo })
			hi := sort.Search(len(hs[h]), func(i int) bool { return hs[h][i] > sp.hi })
			// A member retweeting one post twice counts it once more than
			// its opportunities; cap the hour at them.
			opp[h] = int32(hi - lo)
			sp.got[h] = min(sp.got[h], opp[h])
		}
		out[a] = restAt(&opp, &sp.got, &sp.at, medianHour(&sp.delay), opts)
		if q, ok := quiet[a]; ok && q.known {
			for h := range opp {
				if inQuiet(q.start, int64(h)*3600) {
					q.nightOpp += opp[h]
				} else {
					q.dayOpp += opp[h]
					q.dayGot += sp.got[h]
				}
			}
			q.nightGot = min(sp.night, q.nightOpp)
			quiet[a] = q
		}
	}
	return out
}

// restAt judges one member's amplification (got of opp by the hour of the
// original, at by the hour of its own retweet) with restOf. Covering the
// posts of every hour is not enough to amplify round the clock: a person
// who catches up in the morning on what the account posted overnight
// covers the night's posts too, but acted while awake. roundClockActed
// holds only when its own retweet times, against the same opportunities
// (each hour capped at them), show no daily gap either; the pooled
// quiet_hour_amplification reads it. Membership (memberSigns.automated)
// still reads roundClock, by the originals' hours alone: requiring both
// there let the awake-only aged amplifiers of tuning world 9305 leave as
// people (11 of 12 flagged at scale 0.03 to 4), with no person spared in
// the measured worlds, so it is not on (docs/benchmarks/detect.md, "Aged
// amplifiers").
//
// The same test on its retweet times says whether the member keeps a day
// of its own (actedRests): its retweets leave a daily window empty while
// the amplified account posts in it. An account whose retweets only follow
// the amplified account's own day (it posts nothing at night, so neither
// does its amplifier) shows no such window.
//
// The retweet times are compared with the opportunities moved by the
// member's own median delay in whole hours (lag): an account retweeting
// everything two hours late acts two hours after the posts, not in a gap.
func restAt(opp, got, at *[24]int32, lag int, opts Options) ampRest {
	r := restOf(opp, got, opts)
	var moved, acted [24]int32
	for h := range opp {
		moved[(h+lag)%24] = opp[h]
	}
	for h := range at {
		acted[h] = min(at[h], moved[h])
	}
	a := restOf(&moved, &acted, opts)
	r.roundClockActed = r.roundClock && a.roundClock
	r.actedRests, r.actedKnown = a.rests, a.rests || a.roundClock
	return r
}

// medianHour is the median of a histogram of whole hours (the lower one
// on an even count), 0 when it is empty.
func medianHour(hist *[24]int32) int {
	var n int32
	for _, k := range hist {
		n += k
	}
	var seen int32
	for h, k := range hist {
		seen += k
		if 2*seen >= n && n > 0 {
			return h
		}
	}
	return 0
}

// inQuiet reports whether time t (Unix seconds) falls in the restHours
// hours (UTC) from start.
func inQuiet(start int8, t int64) bool {
	return (hourOf(t)-int(start)+24)%24 < restHours
}

// restOf judges one member's coverage by hour (got of opp) against the
// emptiest window of restHours consecutive hours.
func restOf(opp, got *[24]int32, opts Options) ampRest {
	var r ampRest
	for h := range opp {
		r.opps += opp[h]
		r.acts += got[h]
	}
	if r.acts == 0 {
		return r
	}
	bonferroni := math.Log10(24)
	r.ratio = 1
	powered := true
	for s := range 24 {
		var nW, kW int32
		for i := range restHours {
			nW += opp[(s+i)%24]
			kW += got[(s+i)%24]
		}
		nO, kO := r.opps-nW, r.acts-kW
		if nO == 0 || kO == 0 || nW == 0 {
			powered = false
			continue
		}
		pO := float64(kO) / float64(nO)
		// Could a full gap here have been seen? (Once some window could
		// not, the answer no longer matters.)
		if powered && binomLR(0, nW, kO, nO)-bonferroni < opts.MemberRestSignificance {
			powered = false
		}
		pW := float64(kW) / float64(nW)
		if pW >= pO {
			continue
		}
		sig := binomLR(kW, nW, kO, nO) - bonferroni
		if sig > r.sig || (sig == r.sig && pW/pO < r.ratio) {
			r.sig, r.ratio = sig, pW/pO
		}
		if sig >= opts.MemberRestSignificance && pW <= opts.MemberRestRatio*pO {
			r.rests = true
		}
		if pW < opts.MemberRestRatio*pO {
			powered = false
		}
	}
	// Bonferroni over 24 overlapping windows is conservative: a member with
	// few retweets whose emptiest window is empty can fall short of it
	// while no chance arrangement of its retweets would leave such a gap.
	// Where the uncorrected evidence reaches the bar, the scan is judged
	// exactly: the member's own retweets dealt at random among its own
	// opportunities (restPermutations times), how often does some window
	// come out as empty as this one?
	if !r.rests && r.ratio <= opts.MemberRestRatio && r.sig+bonferroni >= opts.MemberRestSignificance {
		if p := restScanP(opp, got, r.sig+bonferroni, opts); -math.Log10(p) >= opts.MemberRestSignificance {
			r.rests, r.sig = true, -math.Log10(p)
		}
	}
	r.roundClock = powered && !r.rests
	r.sig = math.Max(r.sig, 0)
	return r
}

// restPermutations is how many random deals of a member's retweets
// restScanP draws: enough to reach a p-value of 10^-MemberRestSignificance
// (1/(restPermutations+1) ≤ 0.005 at the default 2).
const restPermutations = 200

// restScanP is the permutation p-value of a member's emptiest daily window
// (uncorrected log10 likelihood ratio obs, at coverage at most
// MemberRestRatio of the coverage outside it): its acts dealt uniformly at
// random among its opportunities, the share of deals (with the observed one)
// whose emptiest such window is at least as strong. Seeded by the member's
// own counts: the same member gets the same answer in every run. It stops
// early once the p-value cannot reach the significance.
func restScanP(opp, got *[24]int32, obs float64, opts Options) float64 {
	var hours []int8
	var k int
	var seed uint64 = 1469598103934665603
	for h := range opp {
		for range opp[h] {
			hours = append(hours, int8(h))
		}
		k += int(got[h])
		seed = (seed ^ uint64(opp[h])<<16 ^ uint64(got[h])) * 1099511628211
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	limit := int(float64(restPermutations+1)*math.Pow(10, -opts.MemberRestSignificance)) - 1
	ge := 0
	for range restPermutations {
		var deal [24]int32
		for i := range k { // partial Fisher-Yates: k of the opportunities
			j := i + rng.IntN(len(hours)-i)
			hours[i], hours[j] = hours[j], hours[i]
			deal[hours[i]]++
		}
		if scanLR(opp, &deal, opts) >= obs-1e-9 {
			ge++
			if ge > limit {
				break
			}
		}
	}
	return float64(ge+1) / float64(restPermutations+1)
}

// scanLR is the strongest uncorrected log10 likelihood ratio over the daily
// windows of restHours hours whose coverage is at most MemberRestRatio of
// the coverage outside them.
func scanLR(opp, got *[24]int32, opts Options) float64 {
	var opps, acts int32
	for h := range opp {
		opps += opp[h]
		acts += got[h]
	}
	best := 0.0
	for s := range 24 {
		var nW, kW int32
		for i := range restHours {
			nW += opp[(s+i)%24]
			kW += got[(s+i)%24]
		}
		nO, kO := opps-nW, acts-kW
		if nO == 0 || kO == 0 || nW == 0 {
			continue
		}
		if float64(kW)/float64(nW) > opts.MemberRestRatio*float64(kO)/float64(nO) {
			continue
		}
		best = math.Max(best, binomLR(kW, nW, kO, nO))
	}
	return best
}

// partialCoverage judges one member's coverage of the amplified account
// (acts of opps, from its ampRest) against the pooled coverage of the other
// members of its cluster (othersActs of othersOpps): an account run by the
// network's schedule covers the amplified account's posts at the network's
// rate; a person who admires the account retweets the part of them it
// happens to see, at a rate of its own. The member shows partial coverage
// when its coverage is at most opts.MemberPartialRatio of the others', at a
// log10 likelihood ratio of at least opts.MemberPartialSignificance
// (partial); the sign is measured when the member had enough opportunities
// for such a coverage to have reached that significance (measured). Both
// are rates against the member's own opportunities: neither depends on the
// size of the world or of the network.
func partialCoverage(acts, opps, othersActs, othersOpps int32, opts Options) (partial, measured bool) {
	if opps <= 0 || othersOpps <= 0 || othersActs <= 0 {
		return false, false
	}
	po := float64(othersActs) / float64(othersOpps)
	pm := float64(acts) / float64(opps)
	if pm <= opts.MemberPartialRatio*po && binomLR(acts, opps, othersActs, othersOpps) >= opts.MemberPartialSignificance {
		return true, true
	}
	// Could a member covering MemberPartialRatio of the others' rate have
	// been told apart with these opportunities?
	k := int32(math.Floor(opts.MemberPartialRatio * po * float64(opps)))
	return false, binomLR(k, opps, othersActs, othersOpps) >= opts.MemberPartialSignificance
}

// partialSign is partialCoverage as the member's partial-coverage sign
// reads it: shown (partial), counted as measured (measured), and whether
// the data had the power to show it (powered: partialCoverage's measured).
// Under Options.MemberPartialContradicted a powered sign that is not
// shown counts as measured only where the member's coverage contradicts
// it (partialContradicted).
func partialSign(acts, opps, othersActs, othersOpps int32, opts Options) (partial, measured, powered bool) {
	partial, powered = partialCoverage(acts, opps, othersActs, othersOpps, opts)
	measured = powered
	if powered && !partial && opts.MemberPartialContradicted {
		po := float64(othersActs) / float64(othersOpps)
		measured = partialContradicted(acts, opps, opts.MemberPartialRatio*po, opts)
	}
	return partial, measured, powered
}

// partialContradicted reports whether a member's coverage (acts of opps)
// contradicts a partial coverage of its own (Options.MemberPartialContradicted):
// it lies above bound, MemberPartialRatio of the others' rate, by a log10
// likelihood ratio of at least MemberPartialSignificance (rateAboveLR). A
// coverage just over the bound does not show a partial coverage, nor does
// it show the network's: the sign is then unknown. A superfan of tuning
// world 10107 at 0.03 covered 38 of 200 against a bound of 0.19.
func partialContradicted(acts, opps int32, bound float64, opts Options) bool {
	return rateAboveLR(acts, opps, bound) >= opts.MemberPartialSignificance
}

// rateAboveLR is the log10 likelihood ratio of k successes in n trials at
// their own rate against the rate p0, where their rate is above p0 (0
// otherwise): the evidence that the rate is above p0.
func rateAboveLR(k, n int32, p0 float64) float64 {
	if n <= 0 || float64(k) <= p0*float64(n) || p0 >= 1 {
		return 0
	}
	if p0 <= 0 {
		return math.Inf(1)
	}
	return (binomLL(k, n, float64(k)/float64(n)) - binomLL(k, n, p0)) / math.Ln10
}

// binomLR is the log10 likelihood ratio of two binomial rates (k1 of n1,
// k2 of n2) against one shared rate.
func binomLR(k1, n1, k2, n2 int32) float64 {
	p1, p2 := float64(k1)/float64(n1), float64(k2)/float64(n2)
	p := float64(k1+k2) / float64(n1+n2)
	// The shared rate's logs are taken once for both samples.
	var lp, lq float64
	if k1+k2 > 0 {
		lp = math.Log(p)
	}
	if n1+n2 > k1+k2 {
		lq = math.Log(1 - p)
	}
	return (binomLL(k1, n1, p1) + binomLL(k2, n2, p2) - binomLLAt(k1, n1, lp, lq) - binomLLAt(k2, n2, lp, lq)) / math.Ln10
}

// binomLL is the log likelihood of k successes in n trials at rate p.
func binomLL(k, n int32, p float64) float64 {
	var x float64
	if k > 0 {
		x += float64(k) * math.Log(p)
	}
	if n > k {
		x += float64(n-k) * math.Log(1-p)
	}
	return x
}

// binomLLAt is binomLL with the rate given by its logs (lp = log p,
// lq = log(1-p)), each read only where binomLL would take it.
func binomLLAt(k, n int32, lp, lq float64) float64 {
	var x float64
	if k > 0 {
		x += float64(k) * lp
	}
	if n > k {
		x += float64(n-k) * lq
	}
	return x
}

// hourOf is the UTC hour of day of a unix time.
func hourOf(t int64) int { return int((t%86400 + 86400) % 86400 / 3600) }
