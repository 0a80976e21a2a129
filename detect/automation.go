package detect

import (
	"math"
	"slices"
	"sort"
)

// Automation and shared-control evidence measured per member against a
// baseline that survives aging and camouflage: neither depends on when the
// accounts were created, which client they use or what else they post.
//
//   - quiet_hour_amplification: a member's retweets of the account its
//     cluster amplifies most, judged against its own day (the quietest
//     hours of its other posts, quietHourAmplification). A person retweets
//     an account it admires when awake, at the rhythm of the rest of its
//     day; a scheduled or operated account amplifies at any hour.
//   - shared_delay_profile: the members' amplification delays compared
//     with each other (Kruskal-Wallis across members). People differ in how
//     fast they react, and their own days shape their delays; the clones of
//     one scheduler draw their delays from one distribution.
//   - clockwork_delays: each member's delays (share time − the item's
//     origin: its post time, or its first share where the data has no post
//     time, as in a share table) judged against the accounts outside every
//     cluster that shared with as many delays (clockworkEvidence). A person
//     reacts within seconds one time and hours later the next (asleep, at
//     work, scrolling back); a scheduled account's delays are as tight at
//     any hour. Only the items' timing is needed, so a bare share table
//     shows it.
const (
	// delayMinRetweets is the fewest amplification retweets with a known
	// origin time a member needs to enter the delay comparison: with fewer,
	// members that differ could not be told apart.
	delayMinRetweets = 10
	// delayMaxRetweets caps each member's delays in the comparison (the
	// first ones in the data), so that its cost stays linear in members.
	delayMaxRetweets = 50
	// delayMaxMembers caps the members compared per cluster (the first
	// ones with enough delays).
	delayMaxMembers = 400
	// autoMinMembers is the fewest members with a measurement for a
	// per-member feature (clockwork, quiet days, delays here; rhythm, rest,
	// clients and bot scores in scoreCluster) to be measured for a cluster.
	autoMinMembers = 5
	// clockworkMaxOutsiders caps the outsiders whose delay spreads form
	// clockwork_delays' null (the first ones by dense id with enough
	// delays), so that its memory stays linear in members.
	clockworkMaxOutsiders = 20000
	// clockworkMaxMembers caps the members judged per cluster (the first
	// ones by dense id with enough delays): the feature is a share, and
	// a million-account clique would otherwise hold 50 delays each.
	clockworkMaxMembers = 2000
)

// automation is one cluster's automation evidence.
type automation struct {
	amplifies bool // the cluster's members retweet some account (top amplified)
	// quietKnown counts the members whose amplification could be judged
	// against a baseline of their own: their day (enough other posts,
	// quietAmp.known) or the posts they could have amplified (an
	// amplification-rest verdict either way, ampRest).
	quietKnown int
	// quietAuto counts those of them whose amplification is automated
	// against it: inside their own daily quiet period
	// (quietAmp.automated) or round the clock in both the originals'
	// hours and its own retweet times (ampRest.roundClockActed).
	quietAuto int
	// actedKnown counts the members whose amplification reached a verdict
	// by hour (ampRest): resting by the originals' hours (rests) or by its
	// own retweet times (actedRests), or round the clock in both
	// (roundClockActed); actedAuto counts the last (acted_round_clock).
	actedKnown, actedAuto int
	// actedClock lists those members (unless Options.MemberAutomationOff):
	// the members whose creation dates creation_bursts also tests on
	// their own (actingBursts).
	actedClock   []int32
	delayMembers int // members compared by their amplification delays
	delayH       float64
	noAuthors    bool // the data names no author of the items the members share
	// ampItems counts, on data without authors, the items the cluster
	// shares beyond their popularity (tableAmplified): the opportunities
	// quiet_hour_amplification is judged against there.
	ampItems    int
	clockKnown  int  // members with enough delays from a known origin
	clockwork   int  // of them, tighter than the outsiders' null (clockworkEvidence)
	clockNull   int  // outsiders forming the null
	clockNullOK bool // at least Options.ClockworkMinOutsiders of them
}

// automationEvidence measures, for each cluster (memberOf gives each
// account's cluster, -1 outside; top each cluster's most retweeted account
// outside it, -1 none), how many members amplify inside their own daily
// quiet period and how alike the members' amplification delays are. Two
// passes over the retweets, state in flat arrays over the members.
func automationEvidence(w *world, clusters []cluster, memberOf, top []int32, opts Options) []automation {
	out := make([]automation, len(clusters))
	// Each member's day, and its coverage of the posts made inside and
	// outside its quiet hours (filled by amplificationRest), so that a
	// member who sleeps through them is not counted (quietAmp.automated).
	amps := authorAmp(w, top, memberOf)
	if opts.TableAmplification {
		tableAmplified(w, top, memberOf, amps, nil, opts)
	}
	quiet := quietHourAmplification(w, memberOf, amps)
	rest := amplificationRest(w, top, memberOf, amps, quiet, opts)
	slot, members := memberSlots(w.n(), clusters)
	amp := func(k int, s Share) int32 { // the member's slot when s amplifies its cluster's top account
		if !amps.amplifies(k, s) {
			return -1
		}
		return slot[s.Account]
	}
	start := make([]int32, len(members)+1) // delays kept per member, then offsets
	for k, s := range w.retweetShares {
		m := amp(k, s)
		if m < 0 {
			continue
		}
		if ampDelay(w, s, top[memberOf[s.Account]] < 0) >= 0 && start[m+1] < delayMaxRetweets {
			start[m+1]++
		}
	}
	for m := range members {
		start[m+1] += start[m]
	}
	delays := make([]float64, start[len(members)])
	fill := slices.Clone(start[:len(members)])
	for k, s := range w.retweetShares {
		m := amp(k, s)
		if m < 0 {
			continue
		}
		if d := ampDelay(w, s, top[memberOf[s.Account]] < 0); d >= 0 && fill[m] < start[m+1] {
			delays[fill[m]] = float64(d)
			fill[m]++
		}
	}
	var groups [][]float64
	for c, cl := range clusters {
		out[c].amplifies = top[c] >= 0
		out[c].ampItems = len(amps.items[c])
		groups = groups[:0]
		for _, a := range cl.members {
			m := slot[a]
			q, r := quiet[a], rest[a]
			if q.known || r.rests || r.roundClock {
				out[c].quietKnown++
				if q.automated(opts) || r.roundClockActed {
					out[c].quietAuto++
				}
			}
			if r.rests || r.actedRests || r.roundClockActed {
				out[c].actedKnown++
				if r.roundClockActed {
					out[c].actedAuto++
					if !opts.MemberAutomationOff {
						out[c].actedClock = append(out[c].actedClock, a)
					}
				}
			}
			if d := delays[start[m]:start[m+1]]; len(d) >= delayMinRetweets && len(groups) < delayMaxMembers {
				groups = append(groups, d)
			}
		}
		out[c].delayMembers = len(groups)
		if len(groups) >= autoMinMembers {
			out[c].delayH = kruskalWallis(groups)
		}
	}
	clockworkEvidence(w, clusters, memberOf, opts, out)
	return out
}

// ampDelay is the delay of an amplifying share from its item's origin, -1
// when the origin is unknown. For a cluster amplifying items without an
// author (byItems: a share table, tableAmplified) the item's first share,
// its origin there, is left out: it has no delay of its own.
func ampDelay(w *world, s Share, byItems bool) int64 {
	ot := w.origin(s.Item)
	if ot <= 0 || (byItems && s.Time <= ot) {
		return -1
	}
	return s.Time - ot
}

// clockworkEvidence fills each cluster's clockwork counts. An account's
// delay spread is the interquartile range of the logs of its first
// delayMaxRetweets delays (seconds from each shared item's origin, the
// item's first share itself excluded: it has no delay), for accounts with
// at least delayMinRetweets of them. The null is the spread of the
// accounts in no cluster (not established) with as many delays: a member
// is clockwork when its spread is below their ClockworkQuantile quantile,
// so a member that shares like the outsiders is clockwork with chance
// ClockworkQuantile whatever their pace, and a group of people shows
// about that share. Nothing is set where the null has fewer than
// ClockworkMinOutsiders accounts. At most clockworkMaxMembers members per
// cluster and clockworkMaxOutsiders outsiders are judged, the first by
// dense id, so memory is bounded whatever the clusters' sizes.
func clockworkEvidence(w *world, clusters []cluster, memberOf []int32, opts Options, out []automation) {
	n := w.n()
	delayOf := func(s Share) int64 {
		if ot := w.origin(s.Item); ot > 0 && s.Time > ot {
			return s.Time - ot
		}
		return 0
	}
	cnt := make([]uint8, n)
	for _, s := range w.retweetShares {
		if delayOf(s) > 0 && cnt[s.Account] < delayMaxRetweets {
			cnt[s.Account]++
		}
	}
	// slot: the account's row of delays, -1 none.
	slot := make([]int32, n)
	rows := int32(0)
	outsiders := 0
	judged := make([]int, len(clusters))
	for a := range slot {
		slot[a] = -1
		switch c := memberOf[a]; {
		case cnt[a] < delayMinRetweets:
		case c >= 0:
			if judged[c] < clockworkMaxMembers {
				judged[c]++
				slot[a] = rows
				rows++
			}
		case !w.established[a] && outsiders < clockworkMaxOutsiders:
			slot[a] = rows
			rows++
			outsiders++
		}
	}
	if outsiders < opts.ClockworkMinOutsiders {
		for c := range out {
			out[c].clockNull = outsiders
		}
		return
	}
	delays := make([]float32, int(rows)*delayMaxRetweets)
	fill := make([]uint8, rows)
	for _, s := range w.retweetShares {
		r := slot[s.Account]
		if r < 0 || fill[r] >= delayMaxRetweets {
			continue
		}
		if d := delayOf(s); d > 0 {
			delays[int(r)*delayMaxRetweets+int(fill[r])] = float32(math.Log(float64(d)))
			fill[r]++
		}
	}
	spread := func(r int32) float64 {
		return logIQR(delays[int(r)*delayMaxRetweets : int(r)*delayMaxRetweets+int(fill[r])])
	}
	null := make([]float64, 0, outsiders)
	for a, r := range slot {
		if r >= 0 && memberOf[a] < 0 {
			null = append(null, spread(r))
		}
	}
	sort.Float64s(null)
	cut := null[int(opts.ClockworkQuantile*float64(len(null)))]
	for c, cl := range clusters {
		out[c].clockNull, out[c].clockNullOK = len(null), true
		for _, a := range cl.members {
			if r := slot[a]; r >= 0 {
				out[c].clockKnown++
				if spread(r) < cut {
					out[c].clockwork++
				}
			}
		}
	}
}

// logIQR is the interquartile range of xs (sorted in place; linear
// interpolation between order statistics).
func logIQR(xs []float32) float64 {
	slices.Sort(xs)
	q := func(p float64) float64 {
		h := p * float64(len(xs)-1)
		lo := int(h)
		if lo+1 >= len(xs) {
			return float64(xs[len(xs)-1])
		}
		return float64(xs[lo]) + (h-float64(lo))*float64(xs[lo+1]-xs[lo])
	}
	return q(0.75) - q(0.25)
}

// quietAmpOf judges one member's amplification (its retweets of the
// amplified account by UTC hour, h) against the quietest hours of its
// other posts (quietHourAmplification and automationEvidence).
func quietAmpOf(w *world, a int32, h *[24]int32) quietAmp {
	other := w.hours[a]
	var n, posts int32
	for i := range other {
		other[i] = max(0, other[i]-h[i])
		posts += other[i]
		n += h[i]
	}
	if n == 0 {
		return quietAmp{}
	}
	start, share, ok := quietWindow(&other, posts)
	q := quietAmp{known: ok, amp: n, otherShare: share, other: other, posts: posts, start: int8(start)}
	if ok {
		for i := range restHours {
			q.in += h[(start+i)%24]
			q.otherIn += other[(start+i)%24]
		}
	}
	return q
}

// topOutside is the account outside cluster c its members retweeted most
// (byAuthor: retweets per author), the lowest id on ties, -1 none: the
// account topAmplified names.
func topOutside(byAuthor map[int32]int, memberOf []int32, c int) int32 {
	top, most := int32(-1), 0
	for a, k := range byAuthor {
		if int(memberOf[a]) == c {
			continue
		}
		if k > most || (k == most && a < top) {
			top, most = a, k
		}
	}
	return top
}

// kruskalWallis is the Kruskal-Wallis H statistic of the groups (midranks,
// corrected for ties): about k−1 when all k groups are drawn from one
// distribution, larger when they differ. 0 when every value is tied.
func kruskalWallis(groups [][]float64) float64 {
	type obs struct {
		v float64
		g int
	}
	var all []obs
	for g, vs := range groups {
		for _, v := range vs {
			all = append(all, obs{v, g})
		}
	}
	n := float64(len(all))
	if n < 2 {
		return 0
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v < all[j].v })
	rankSum := make([]float64, len(groups))
	var ties float64
	for lo := 0; lo < len(all); {
		hi := lo
		for hi < len(all) && all[hi].v == all[lo].v {
			hi++
		}
		r := float64(lo+hi+1) / 2 // midrank of positions lo..hi-1 (ranks from 1)
		for k := lo; k < hi; k++ {
			rankSum[all[k].g] += r
		}
		t := float64(hi - lo)
		ties += t*t*t - t
		lo = hi
	}
	var h float64
	for g, vs := range groups {
		h += rankSum[g] * rankSum[g] / float64(len(vs))
	}
	h = 12/(n*(n+1))*h - 3*(n+1)
	corr := 1 - ties/(n*n*n-n)
	if corr <= 0 {
		return 0
	}
	return math.Max(0, h/corr)
}

// automationFeatures adds the cluster's automation features to f, or their
// reasons to cov when the data could not show them.
func automationFeatures(a automation, f map[string]float64, cov coverage) {
	switch {
	case !a.clockNullOK:
		cov[FeatClockwork] = "too few accounts outside the groups with enough delays to compare with"
	case a.clockKnown < autoMinMembers:
		cov[FeatClockwork] = "too few members with enough delays from a known origin"
	default:
		f[FeatClockwork] = float64(a.clockwork) / float64(a.clockKnown)
	}
	switch {
	case !a.amplifies && a.noAuthors && a.ampItems > 0:
		// A share table read with Options.TableAmplification: the items
		// the members share beyond their popularity are the amplified
		// posts (tableAmplified), each member's coverage of them its own
		// baseline, their delays measured from each item's first share.
		if a.quietKnown < autoMinMembers {
			cov[FeatQuietAmp] = "too few members with enough amplified items to show a daily rest or coverage at every hour"
		} else {
			f[FeatQuietAmp] = float64(a.quietAuto) / float64(a.quietKnown)
		}
	case !a.amplifies && a.noAuthors:
		cov[FeatQuietAmp] = "authors of the shared items unknown"
		cov[FeatSharedDelays] = "authors of the shared items unknown"
		return
	case !a.amplifies:
		cov[FeatQuietAmp] = "members retweet no account"
		cov[FeatSharedDelays] = "members retweet no account"
		return
	case a.quietKnown < autoMinMembers:
		cov[FeatQuietAmp] = "too few members with enough other posts to find their own day or enough amplified posts to show a daily rest"
	default:
		f[FeatQuietAmp] = float64(a.quietAuto) / float64(a.quietKnown)
	}
	switch {
	case a.delayMembers < autoMinMembers:
		cov[FeatSharedDelays] = "too few members with enough amplification delays"
	case a.delayH <= 0:
		f[FeatSharedDelays] = 1 // every delay the same
	default:
		f[FeatSharedDelays] = clamp01(float64(a.delayMembers-1) / a.delayH)
	}
}

// actedClockFeature adds acted_round_clock (unless
// Options.MemberAutomationOff) to f, or its reason to cov: the share of the members whose amplification
// reached a verdict by hour (automation.actedKnown) that amplify round the
// clock both by the hours of the posts they retweet and by their own
// retweet times (ampRest.roundClockActed). It is read member by member,
// each against the opportunities it had, and kept apart from the pooled
// rhythm features (flat_daily_rhythm, no_daily_rest), which members
// without such evidence dilute. A member whose test reached no verdict
// (too few retweets, or round the clock by the originals' hours with too
// few of its own retweet times to tell) is not counted either way; with
// fewer than autoMinMembers members judged, the feature is not measured.
// Unlike quiet_hour_amplification it is two-sided: a member measured to
// rest daily by its own retweet times is evidence of a person's day.
func actedClockFeature(a automation, f map[string]float64, cov coverage) {
	switch {
	case !a.amplifies:
		cov[FeatActedClock] = "members retweet no account"
	case a.actedKnown < autoMinMembers:
		cov[FeatActedClock] = "too few members with enough retweets of the amplified account to show a daily rest or none"
	default:
		f[FeatActedClock] = float64(a.actedAuto) / float64(a.actedKnown)
	}
}
