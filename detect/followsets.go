package detect

import (
	"slices"
)

// Follow-set parameters (documented in docs/DETECTION.md).
const (
	followMinJaccard = 0.5 // exact Jaccard a pair needs
	followMaxSet     = 2000
)

// followSetPairs ties accounts whose followee sets are near-identical
// (exact Jaccard >= followMinJaccard), the lockstep of fake-follower farms
// that follow the same package of accounts and never post. Candidates come
// from MinHash LSH buckets; inside a bucket each account is compared with
// its next lshRingPartners accounts in a hashed ring order, so a bucket
// of 3,000 farm accounts costs 9,000 comparisons, not 4.5 million.
func followSetPairs(w *world) []PairWeight {
	n := w.n()
	// Followee lists per account (CSR).
	off := make([]int32, n+1)
	for _, f := range w.follows {
		off[f.from+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	adj := make([]int32, len(w.follows))
	pos := append([]int32(nil), off[:n]...)
	for _, f := range w.follows {
		adj[pos[f.from]] = f.to
		pos[f.from]++
	}
	for i := 0; i < n; i++ {
		s := adj[off[i]:off[i+1]]
		slices.Sort(s)
		k := len(slices.Compact(s))
		for j := k; j < len(s); j++ {
			s[j] = -1
		}
	}
	set := func(i int32) []int32 {
		s := adj[off[i]:off[i+1]]
		for k, v := range s {
			if v < 0 {
				return s[:k]
			}
		}
		return s
	}
	eligible := func(a int32) bool { k := len(set(a)); return k > 0 && k <= followMaxSet }
	pairs := lshPairs(n, set, eligible, lshSeeds{elem: 0x9e3779b97f4a7c15, shift: 40, band: 0, ring: 0x5bd1e995},
		func(a, b int32) (float32, bool) {
			inter := intersect(set(a), set(b))
			union := len(set(a)) + len(set(b)) - inter
			return float32(inter) / float32(union), float64(inter) >= followMinJaccard*float64(union)
		})
	out := make([]PairWeight, 0, len(pairs))
	for _, p := range pairs {
		a, b := int32(p.key>>32), int32(uint32(p.key))
		out = append(out, PairWeight{A: a, B: b, Items: int32(intersect(set(a), set(b))), Weight: p.w, Sampled: true})
	}
	return out
}

// intersect counts the common elements of two sorted slices.
func intersect(a, b []int32) int {
	i, j, c := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			c++
			i++
			j++
		}
	}
	return c
}
