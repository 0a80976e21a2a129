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
	return syncActivity(w, opts).pairs()
}

// syncInput is the synchronized-activity layer's input, taken from the
// world by syncActivity: each account's distinct bins as a CSR. Computing
// its pairs reads nothing else of the world but the established flags, so
// it may run beside the co-action layers (which sort the world's shares).
type syncInput struct {
	n           int
	off         []int32
	bins        []int32
	established []bool
	opts        Options
}

// syncActivity reads each account's activity bins from the world.
func syncActivity(w *world, opts Options) *syncInput {
	binSec := int64(opts.SyncBin/time.Minute) * 60 // whole minutes, at least one
	if binSec < 60 {
		binSec = 60
	}
	n := w.n()
	// A post that others retweeted and the retweets are one event: the
	// author of an amplified post is not in lockstep with its amplifiers,
	// so such posts do not count as their author's activity.
	retweeted := make([]bool, len(w.objAuthor))
	for _, s := range w.retweetShares {
		retweeted[s.Item] = true
	}
	// CSR of each account's distinct bins in uint32 order: events counted
	// and placed per account, then each account's few bins sorted (one
	// sort of every event by account would cost several times more).
	off := make([]int32, n+1)
	for _, s := range w.retweetShares {
		off[s.Account+1]++
	}
	for _, a := range w.acts {
		if !retweeted[a.obj] {
			off[a.acct+1]++
		}
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	raw := make([]uint32, off[n])
	pos := slices.Clone(off[:n])
	for _, s := range w.retweetShares {
		raw[pos[s.Account]] = uint32(s.Time / binSec)
		pos[s.Account]++
	}
	for _, a := range w.acts {
		if !retweeted[a.obj] {
			raw[pos[a.acct]] = uint32(int64(a.minute) * 60 / binSec)
			pos[a.acct]++
		}
	}
	pos = nil
	k := int32(0)
	for a := 0; a < n; a++ {
		s := raw[off[a]:off[a+1]]
		slices.Sort(s)
		s = slices.Compact(s)
		off[a] = k
		k += int32(copy(raw[k:], s))
	}
	off[n] = k
	bins := make([]int32, k)
	for i := range bins {
		bins[i] = int32(raw[i])
	}
	raw = nil
	return &syncInput{n: n, off: off, bins: bins, established: w.established, opts: opts}
}

// pairs compares the accounts' bin sets (see syncPairs).
func (in *syncInput) pairs() []PairWeight {
	n, off, bins, opts := in.n, in.off, in.bins, in.opts
	set := func(a int32) []int32 { return bins[off[a]:off[a+1]] }
	eligible := func(a int32) bool {
		k := int(off[a+1] - off[a])
		return k >= opts.SyncMinBins && k <= opts.SyncMaxBins && !in.established[a]
	}
	// Each bin's rank among the distinct bins (rank keeps bin order, so
	// two accounts' bins merge the same way by rank), so that the bins'
	// counts and weights are arrays, not maps.
	ranks, nDistinct := binRanks(bins)
	perBin := make([]int32, nDistinct)
	active := 0
	for a := int32(0); int(a) < n; a++ {
		lo, hi := off[a], off[a+1]
		if hi > lo {
			active++
		}
		for _, r := range ranks[lo:hi] {
			perBin[r]++
		}
	}
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

// binRanks returns each bin's rank among the distinct bins (in int32
// order) and the number of distinct bins. Bins that span a range not much
// larger than their number (months of 5-minute bins) are ranked through an array
// over the range; others through a sorted copy.
func binRanks(bins []int32) ([]int32, int) {
	ranks := make([]int32, len(bins))
	if len(bins) == 0 {
		return ranks, 0
	}
	lo, hi := slices.Min(bins), slices.Max(bins)
	if span := int64(hi) - int64(lo) + 1; span <= int64(len(bins))+1024 {
		rankOf := make([]int32, span)
		for _, b := range bins {
			rankOf[b-lo] = 1
		}
		n := int32(0)
		for i, seen := range rankOf {
			rankOf[i] = n
			n += seen
		}
		for i, b := range bins {
			ranks[i] = rankOf[b-lo]
		}
		return ranks, int(n)
	}
	distinct := slices.Clone(bins)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	for i, b := range bins {
		r, _ := slices.BinarySearch(distinct, b)
		ranks[i] = int32(r)
	}
	return ranks, len(distinct)
}
