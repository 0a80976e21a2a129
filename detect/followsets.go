package detect

import (
	"slices"
)

// Follow-set parameters (documented in docs/DETECTION.md).
const (
	followMinHashK     = 16  // MinHash functions per followee set
	followBandRows     = 2   // rows per LSH band (8 bands)
	followMinJaccard   = 0.5 // exact Jaccard a pair needs
	followMaxSet       = 2000
	followRingPartners = 3 // pairs per member inside an LSH bucket (hashed ring)
)

// followSetPairs ties accounts whose followee sets are near-identical
// (exact Jaccard >= followMinJaccard), the lockstep of fake-follower farms
// that follow the same package of accounts and never post. Candidates come
// from MinHash LSH buckets; inside a bucket each account is compared with
// its next followRingPartners accounts in a hashed ring order, so a bucket
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
	bands := followMinHashK / followBandRows
	buckets := make(map[uint64][]int32)
	var sig [followMinHashK]uint64
	for i := int32(0); int(i) < n; i++ {
		s := set(i)
		if len(s) == 0 || len(s) > followMaxSet {
			continue
		}
		for k := range sig {
			sig[k] = ^uint64(0)
		}
		for _, v := range s {
			for k := range sig {
				h := mix(uint64(v)*0x9e3779b97f4a7c15 ^ uint64(k+1)<<40)
				if h < sig[k] {
					sig[k] = h
				}
			}
		}
		for b := 0; b < bands; b++ {
			key := uint64(b)
			for r := 0; r < followBandRows; r++ {
				key = mix(key ^ sig[b*followBandRows+r])
			}
			buckets[key] = append(buckets[key], i)
		}
	}
	var pairs []pairInst
	for _, mem := range buckets {
		if len(mem) < 2 {
			continue
		}
		slices.SortFunc(mem, func(a, b int32) int {
			ha, hb := mix(uint64(a)^0x5bd1e995), mix(uint64(b)^0x5bd1e995)
			if ha < hb {
				return -1
			} else if ha > hb {
				return 1
			}
			return 0
		})
		for x := range mem {
			for k := 1; k <= followRingPartners && k < len(mem); k++ {
				y := (x + k) % len(mem)
				if x == y {
					continue
				}
				a, b := mem[x], mem[y]
				inter := intersect(set(a), set(b))
				union := len(set(a)) + len(set(b)) - inter
				if float64(inter) >= followMinJaccard*float64(union) {
					pairs = append(pairs, pairInst{key: pairKey(a, b), w: float32(inter) / float32(union)})
				}
			}
		}
	}
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
