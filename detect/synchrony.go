package detect

import (
	"slices"
	"time"
)

// actMinute is one non-retweet post (original, reply, quote) of an account,
// in minutes since the Unix epoch, and the post's object id. Retweets come
// from the retweet trace.
type actMinute struct{ acct, minute, obj int32 }

// syncPairs is the synchronized-activity layer (SynchroTrap, CCS 2014;
// Pacheco et al., ICWSM 2021): per account the set of time bins of
// opts.SyncBin in which it acted (any retweet or post that is evidence,
// except its own posts that others retweeted),
// accounts compared by weighted Jaccard over their bin sets, each bin
// weighing its unusualness (a bin in which many accounts act, a viral
// moment, weighs little). Candidates come from MinHash LSH buckets
// (8 bands of 2 rows) and, inside a bucket, each account is compared with its
// next lshRingPartners accounts in a hashed ring order, so a lockstep group
// of 20,000 accounts costs 60,000 comparisons per band, not 200 million.
// Accounts with fewer than opts.SyncMinBins or more than opts.SyncMaxBins
// bins are left out. A pair is kept at weighted Jaccard of at least
// opts.SyncMinJaccard; its Items is the number of shared bins and its Weight
// the weighted Jaccard.
func syncPairs(w *world, opts Options) []PairWeight {
	binSec := int64(opts.SyncBin/time.Minute) * 60 // whole minutes, at least one
	if binSec < 60 {
		binSec = 60
	}
	n := w.n()
	keys := make([]uint64, 0, len(w.retweetShares)+len(w.acts))
	// A post that others retweeted and the retweets are one event: the
	// author of an amplified post is not in lockstep with its amplifiers,
	// so such posts do not count as their author's activity.
	retweeted := make([]bool, len(w.objAuthor))
	for _, s := range w.retweetShares {
		keys = append(keys, uint64(uint32(s.Account))<<32|uint64(uint32(s.Time/binSec)))
		retweeted[s.Item] = true
	}
	for _, a := range w.acts {
		if retweeted[a.obj] {
			continue
		}
		keys = append(keys, uint64(uint32(a.acct))<<32|uint64(uint32(int64(a.minute)*60/binSec)))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	// CSR of bins per account; keys are sorted by (account, bin).
	off := make([]int32, n+1)
	bins := make([]int32, len(keys))
	for i, k := range keys {
		off[int32(k>>32)+1]++
		bins[i] = int32(uint32(k))
	}
	keys = nil
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	set := func(a int32) []int32 { return bins[off[a]:off[a+1]] }
	eligible := func(a int32) bool {
		k := int(off[a+1] - off[a])
		return k >= opts.SyncMinBins && k <= opts.SyncMaxBins && !w.established[a]
	}
	// Each bin's rank among the distinct bins (rank keeps bin order, so
	// two accounts' bins merge the same way by rank), so that the bins'
	// counts and weights are arrays, not maps.
	distinct := slices.Clone(bins)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	ranks := make([]int32, len(bins))
	perBin := make([]int32, len(distinct))
	active := 0
	for a := int32(0); int(a) < n; a++ {
		lo, hi := off[a], off[a+1]
		if hi > lo {
			active++
		}
		for i := lo; i < hi; i++ {
			r, _ := slices.BinarySearch(distinct, bins[i])
			ranks[i] = int32(r)
			perBin[r]++
		}
	}
	distinct = nil
	binW := make([]float32, len(perBin))
	for r, k := range perBin {
		binW[r] = unusualness(int(k), active)
	}
	perBin = nil
	rankSet := func(a int32) []int32 { return ranks[off[a]:off[a+1]] }
	wjaccard := func(x, y []int32) (float32, int32) {
		var inter, union float32
		var shared int32
		i, j := 0, 0
		for i < len(x) || j < len(y) {
			switch {
			case j == len(y) || (i < len(x) && x[i] < y[j]):
				union += binW[x[i]]
				i++
			case i == len(x) || y[j] < x[i]:
				union += binW[y[j]]
				j++
			default:
				wb := binW[x[i]]
				inter += wb
				union += wb
				shared++
				i++
				j++
			}
		}
		if union == 0 {
			return 0, 0
		}
		return inter / union, shared
	}

	pairs := lshPairs(n, set, eligible, lshSeeds{elem: 0xbf58476d1ce4e5b9, shift: 44, band: 0x73796e63, ring: 0x2545f491},
		func(a, b int32) (float32, bool) {
			j, _ := wjaccard(rankSet(a), rankSet(b))
			return j, float64(j) >= opts.SyncMinJaccard
		})
	out := make([]PairWeight, 0, len(pairs))
	for _, p := range pairs {
		a, b := int32(p.key>>32), int32(uint32(p.key))
		_, shared := wjaccard(rankSet(a), rankSet(b))
		out = append(out, PairWeight{A: a, B: b, Items: shared, Weight: p.w})
	}
	return out
}
