package detect

import (
	"cmp"
	"slices"
)

// MinHash LSH shared by the set-similarity layers (follow sets, activity
// bins): 16 MinHash functions in 8 bands of 2 rows, and inside a bucket
// each member compared with its next lshRingPartners members in a hashed
// ring order, so a bucket of m members costs m×lshRingPartners comparisons
// however large m is (a lockstep group of 20,000 accounts: 60,000, not
// 200 million).
const (
	lshMinHashK     = 16
	lshBandRows     = 2
	lshRingPartners = 3
)

// lshSeeds keep each layer's hashing apart, so the layers' buckets are
// independent of one another.
type lshSeeds struct {
	elem  uint64 // multiplier of element ids
	shift uint   // bit position of the hash function's index
	band  uint64 // start of each band key
	ring  uint64 // salt of the in-bucket ring order
}

// lshPairs returns the candidate pairs among accounts 0..n-1 whose sets
// share a MinHash band and that sim keeps, with sim's weight, sorted by
// pair key and each pair once. Only eligible accounts are hashed. sim is
// called from two goroutines at once: it must only read.
func lshPairs(n int, set func(int32) []int32, eligible func(int32) bool, seeds lshSeeds, sim func(a, b int32) (float32, bool)) []pairInst {
	const bands = lshMinHashK / lshBandRows
	// Every (bucket, account) entry, sorted by bucket and then by the
	// account's ring hash: each bucket is then one run in ring order. (A
	// map of buckets costs an allocation per account and band.)
	type entry struct {
		bucket, ring uint64
		acct         int32
	}
	var entries []entry
	var sig [lshMinHashK]uint64
	for a := int32(0); int(a) < n; a++ {
		if !eligible(a) {
			continue
		}
		for k := range sig {
			sig[k] = ^uint64(0)
		}
		for _, v := range set(a) {
			for k := range sig {
				h := mix(uint64(uint32(v))*seeds.elem ^ uint64(k+1)<<seeds.shift)
				if h < sig[k] {
					sig[k] = h
				}
			}
		}
		ring := mix(uint64(a) ^ seeds.ring)
		for b := 0; b < bands; b++ {
			key := uint64(b) ^ seeds.band
			for r := 0; r < lshBandRows; r++ {
				key = mix(key ^ sig[b*lshBandRows+r])
			}
			entries = append(entries, entry{key, ring, a})
		}
	}
	slices.SortFunc(entries, func(x, y entry) int {
		if c := cmp.Compare(x.bucket, y.bucket); c != 0 {
			return c
		}
		return cmp.Compare(x.ring, y.ring)
	})
	// The comparisons (most of the time) run in two halves of the
	// buckets, the second on a goroutine of its own: sim only reads, and
	// the pairs are sorted afterwards, so they are the same.
	compare := func(entries []entry) []pairInst {
		var pairs []pairInst
		for lo := 0; lo < len(entries); {
			hi := lo + 1
			for hi < len(entries) && entries[hi].bucket == entries[lo].bucket {
				hi++
			}
			mem := entries[lo:hi]
			lo = hi
			for x := range mem {
				for k := 1; k <= lshRingPartners && k < len(mem); k++ {
					y := (x + k) % len(mem)
					if x == y {
						continue
					}
					if w, ok := sim(mem[x].acct, mem[y].acct); ok {
						pairs = append(pairs, pairInst{key: pairKey(mem[x].acct, mem[y].acct), w: w})
					}
				}
			}
		}
		return pairs
	}
	mid := len(entries) / 2
	for mid > 0 && mid < len(entries) && entries[mid].bucket == entries[mid-1].bucket {
		mid++
	}
	second := make(chan []pairInst, 1)
	go func() { second <- compare(entries[mid:]) }()
	pairs := compare(entries[:mid])
	pairs = append(pairs, <-second...)
	// A pair found in several buckets counts once.
	sortPairs(pairs)
	return slices.CompactFunc(pairs, func(a, b pairInst) bool { return a.key == b.key })
}

// sortPairs sorts pair instances by pair key.
func sortPairs(p []pairInst) {
	slices.SortFunc(p, func(a, b pairInst) int { return cmp.Compare(a.key, b.key) })
}
