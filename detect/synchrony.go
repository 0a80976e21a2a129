package detect

import (
	"slices"
	"time"
)

// Synchronized-activity parameters that are not Options (documented in
// docs/DETECTION.md).
const (
	syncMinHashK     = 16 // MinHash functions per bin set
	syncBandRows     = 2  // rows per LSH band (8 bands)
	syncRingPartners = 3  // comparisons per account inside an LSH bucket (hashed ring)
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
// next syncRingPartners accounts in a hashed ring order, so a lockstep group
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
	// Accounts per bin, over every acting account.
	perBin := map[int32]int32{}
	active := 0
	for a := int32(0); int(a) < n; a++ {
		s := set(a)
		if len(s) > 0 {
			active++
		}
		for _, b := range s {
			perBin[b]++
		}
	}
	binW := make(map[int32]float32, len(perBin))
	for b, k := range perBin {
		binW[b] = unusualness(int(k), active)
	}
	perBin = nil
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

	bands := syncMinHashK / syncBandRows
	buckets := make(map[uint64][]int32)
	var sig [syncMinHashK]uint64
	for a := int32(0); int(a) < n; a++ {
		if !eligible(a) {
			continue
		}
		for k := range sig {
			sig[k] = ^uint64(0)
		}
		for _, b := range set(a) {
			for k := range sig {
				h := mix(uint64(uint32(b))*0xbf58476d1ce4e5b9 ^ uint64(k+1)<<44)
				if h < sig[k] {
					sig[k] = h
				}
			}
		}
		for b := 0; b < bands; b++ {
			key := uint64(b) ^ 0x73796e63
			for r := 0; r < syncBandRows; r++ {
				key = mix(key ^ sig[b*syncBandRows+r])
			}
			buckets[key] = append(buckets[key], a)
		}
	}
	var pairs []pairInst
	for _, mem := range buckets {
		if len(mem) < 2 {
			continue
		}
		slices.SortFunc(mem, func(a, b int32) int {
			ha, hb := mix(uint64(a)^0x2545f491), mix(uint64(b)^0x2545f491)
			if ha < hb {
				return -1
			} else if ha > hb {
				return 1
			}
			return 0
		})
		for x := range mem {
			for k := 1; k <= syncRingPartners && k < len(mem); k++ {
				y := (x + k) % len(mem)
				if x == y {
					continue
				}
				if j, _ := wjaccard(set(mem[x]), set(mem[y])); float64(j) >= opts.SyncMinJaccard {
					pairs = append(pairs, pairInst{key: pairKey(mem[x], mem[y]), w: j})
				}
			}
		}
	}
	buckets = nil
	// A pair found in several buckets counts once.
	slices.SortFunc(pairs, func(a, b pairInst) int {
		if a.key < b.key {
			return -1
		} else if a.key > b.key {
			return 1
		}
		return 0
	})
	out := make([]PairWeight, 0, len(pairs))
	for k, p := range pairs {
		if k > 0 && p.key == pairs[k-1].key {
			continue
		}
		a, b := int32(p.key>>32), int32(uint32(p.key))
		_, shared := wjaccard(set(a), set(b))
		out = append(out, PairWeight{A: a, B: b, Items: shared, Weight: p.w})
	}
	return out
}
