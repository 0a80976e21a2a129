package detect

import (
	"cmp"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"time"
)

// PairWeight is an edge of a co-action layer between accounts A < B.
type PairWeight struct {
	A, B int32
	// Items is the number of distinct items both shared within the window.
	Items int32
	// Weight sums the unusualness of those items.
	Weight float32
	// Sampled is true when some of the pair's items were bursts whose
	// partners were sampled (see Options.MaxPartners): Items is then a
	// lower bound.
	Sampled bool
}

type pairInst struct {
	key     uint64
	w       float32
	sampled bool
}

func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(uint32(a))<<32 | uint64(uint32(b))
}

// unusualness is the inverse-frequency weight of an item shared by n of the
// layer's N active accounts: ln(N/n)/ln(N), at least 0.02. An item only a
// few accounts shared weighs nearly 1; one every active account shared
// weighs 0.02.
func unusualness(n, total int) float32 {
	if total < 3 || n < 1 {
		return 1
	}
	u := math.Log(float64(total)/float64(n)) / math.Log(float64(total))
	return float32(max(u, 0.02))
}

// CoShareEdges returns the co-share network of the shares under the
// coordination-network-toolkit and CooRTweet definition: accounts a != b are
// linked when both shared the same item at most window apart (|ta - tb| <=
// window); the edge's Items is the number of distinct such items. Pairs with
// fewer than minItems items are dropped. Every pair is enumerated (no
// sampling), so this is for parity checks and small data. The result is
// sorted by (A, B).
func CoShareEdges(shares []Share, window time.Duration, minItems int) []PairWeight {
	nAcc := 0
	for _, s := range shares {
		nAcc = max(nAcc, int(s.Account)+1)
	}
	pairs := coAction(append([]Share(nil), shares...), int64(window/time.Second), 0, nAcc, 0, func(int) float32 { return 1 })
	out := pairs[:0]
	for _, p := range pairs {
		if int(p.Items) >= minItems {
			out = append(out, p)
		}
	}
	return out
}

// coAction computes the co-share pairs of shares (reordered in place) with
// a window in seconds. With maxPartners > 0, a share with more than
// maxPartners later shares inside the window is paired with maxPartners of
// them only: the nearest half in time and the rest spread evenly across the
// window at a seeded offset. weight gives an item's weight from its number
// of distinct sharers.
func coAction(shares []Share, window int64, maxPartners, nAcc int, seed uint64, weight func(n int) float32) []PairWeight {
	sortShares(shares)
	stamp := make([]int32, nAcc)
	for i := range stamp {
		stamp[i] = -1
	}
	// One cheap pass bounds the pair instances (partners per share before
	// de-duplication), so that all is allocated once: growing it by
	// doubling would leave up to twice its size as garbage at the peak.
	bound := 0
	for lo := 0; lo < len(shares); {
		hi := lo
		for hi < len(shares) && shares[hi].Item == shares[lo].Item {
			hi++
		}
		end := lo
		for i := lo; i < hi; i++ {
			if end < i+1 {
				end = i + 1
			}
			for end < hi && shares[end].Time-shares[i].Time <= window {
				end++
			}
			c := end - i - 1
			if maxPartners > 0 {
				c = min(c, maxPartners)
			}
			bound += c
		}
		lo = hi
	}
	all := make([]pairInst, 0, bound)
	var scratch []pairInst
	for lo := 0; lo < len(shares); {
		item := shares[lo].Item
		hi := lo
		distinct := 0
		for hi < len(shares) && shares[hi].Item == item {
			if a := shares[hi].Account; stamp[a] != item {
				stamp[a] = item
				distinct++
			}
			hi++
		}
		if distinct < 2 {
			lo = hi
			continue
		}
		w := weight(distinct)
		scratch = scratch[:0]
		end := lo
		for i := lo; i < hi; i++ {
			if end < i+1 {
				end = i + 1
			}
			for end < hi && shares[end].Time-shares[i].Time <= window {
				end++
			}
			c := end - i - 1
			ai := shares[i].Account
			if maxPartners <= 0 || c <= maxPartners {
				for j := i + 1; j < end; j++ {
					if aj := shares[j].Account; aj != ai {
						scratch = append(scratch, pairInst{key: pairKey(ai, aj)})
					}
				}
				continue
			}
			near := maxPartners / 2
			for j := i + 1; j <= i+near; j++ {
				if aj := shares[j].Account; aj != ai {
					scratch = append(scratch, pairInst{key: pairKey(ai, aj), sampled: true})
				}
			}
			spread := maxPartners - near
			rest := c - near
			step := rest / spread
			off := int(mix(seed^uint64(item)<<20^uint64(i)) % uint64(step))
			for k := 0; k < spread; k++ {
				j := i + 1 + near + off + k*step
				if aj := shares[j].Account; aj != ai {
					scratch = append(scratch, pairInst{key: pairKey(ai, aj), sampled: true})
				}
			}
		}
		radixSortPairs(scratch)
		for k := range scratch {
			if k > 0 && scratch[k].key == scratch[k-1].key {
				if scratch[k].sampled {
					all[len(all)-1].sampled = true
				}
				continue
			}
			all = append(all, pairInst{key: scratch[k].key, w: w, sampled: scratch[k].sampled})
		}
		lo = hi
	}
	return mergePairs(all)
}

// mergePairs sums instances of the same pair (in order of weight, so the
// float32 sums do not depend on the order of all).
func mergePairs(all []pairInst) []PairWeight {
	radixSortPairs(all)
	// Count the distinct pairs first so that out is allocated once.
	distinct := 0
	for k := range all {
		if k == 0 || all[k].key != all[k-1].key {
			distinct++
		}
	}
	out := make([]PairWeight, 0, distinct)
	for k := range all {
		if k > 0 && all[k].key == all[k-1].key {
			p := &out[len(out)-1]
			p.Items++
			p.Weight += all[k].w
			p.Sampled = p.Sampled || all[k].sampled
			continue
		}
		out = append(out, PairWeight{
			A: int32(all[k].key >> 32), B: int32(uint32(all[k].key)),
			Items: 1, Weight: all[k].w, Sampled: all[k].sampled,
		})
	}
	return out
}

// radixSortPairs sorts pair instances by key, then by weight, then
// unsampled first, in place: an American flag sort (in-place MSD radix
// sort) on the key's bytes from the highest used bit, with a comparison
// sort for buckets of at most 256 instances. It needs no second buffer and
// its passes stream through memory, where a comparison sort of tens of
// millions of instances is several times slower.
func radixSortPairs(p []pairInst) {
	var used uint64
	for i := range p {
		used |= p[i].key
	}
	radixPairs(p, bits.Len64(used))
}

// radixPairs sorts p, whose keys agree on every bit from hi up.
func radixPairs(p []pairInst, hi int) {
	if len(p) <= 256 || hi == 0 {
		slices.SortFunc(p, func(a, b pairInst) int {
			if c := cmp.Compare(a.key, b.key); c != 0 {
				return c
			}
			if c := cmp.Compare(a.w, b.w); c != 0 {
				return c
			}
			if a.sampled == b.sampled {
				return 0
			}
			if b.sampled {
				return -1
			}
			return 1
		})
		return
	}
	shift := max(hi-8, 0)
	digit := func(k uint64) int { return int(k>>shift) & 0xff }
	var count, next, end [256]int
	for i := range p {
		count[digit(p[i].key)]++
	}
	s := 0
	for d := range count {
		next[d] = s
		s += count[d]
		end[d] = s
	}
	start := next
	// Put every instance in its bucket by following cycles: each swap
	// places one instance for good.
	for d := range next {
		for next[d] < end[d] {
			x := p[next[d]]
			for dx := digit(x.key); dx != d; dx = digit(x.key) {
				x, p[next[dx]] = p[next[dx]], x
				next[dx]++
			}
			p[next[d]] = x
			next[d]++
		}
	}
	for d := range count {
		if count[d] > 1 {
			radixPairs(p[start[d]:end[d]], shift)
		}
	}
}

// mix is the splitmix64 finaliser: a cheap deterministic hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// EstimateWindow estimates a co-share window from the data, after CooRnet's
// estimate_coord_link_interval: for every item with at least 4 shares it
// takes the time from the first share to the share that reaches half of the
// item's shares, and returns the 10% quantile of those times over items
// (the quickest-spreading tenth), clamped to [1s, 1h]. It returns 0 when no
// item has 4 shares.
func EstimateWindow(shares []Share) time.Duration {
	s := shares
	if !slices.IsSortedFunc(s, cmpItemTime) {
		s = append([]Share(nil), shares...)
		sortShares(s)
	}
	var spans []int64
	for lo := 0; lo < len(s); {
		hi := lo
		for hi < len(s) && s[hi].Item == s[lo].Item {
			hi++
		}
		if n := hi - lo; n >= 4 {
			half := lo + (n+1)/2 - 1
			spans = append(spans, s[half].Time-s[lo].Time)
		}
		lo = hi
	}
	if len(spans) == 0 {
		return 0
	}
	slices.Sort(spans)
	q := spans[len(spans)/10]
	d := time.Duration(q) * time.Second
	return min(max(d, time.Second), time.Hour)
}

// cmpItemTime orders shares by item, then time.
func cmpItemTime(a, b Share) int {
	if c := cmp.Compare(a.Item, b.Item); c != 0 {
		return c
	}
	return cmp.Compare(a.Time, b.Time)
}

// cmpShares orders shares by item, then time, then account.
func cmpShares(a, b Share) int {
	if c := cmpItemTime(a, b); c != 0 {
		return c
	}
	return cmp.Compare(a.Account, b.Account)
}

// sortShares sorts shares by item, then time, then account, in place.
// When item, time (from the earliest) and account fit one 64-bit key
// together, as they do for months of shares among millions of accounts and
// items, it sorts the keys, which is several times faster than sorting the
// structs with a comparison function; otherwise it does the latter.
func sortShares(s []Share) {
	if len(s) < 2 || slices.IsSortedFunc(s, cmpShares) {
		return
	}
	minT, maxT := s[0].Time, s[0].Time
	var maxItem, maxAcct int32
	for _, x := range s {
		minT, maxT = min(minT, x.Time), max(maxT, x.Time)
		maxItem, maxAcct = max(maxItem, x.Item), max(maxAcct, x.Account)
	}
	ba, bt := bits.Len32(uint32(maxAcct)), bits.Len64(uint64(maxT-minT))
	if s[0].Item < 0 || s[0].Account < 0 || ba+bt+bits.Len32(uint32(maxItem)) > 64 || maxT-minT < 0 {
		slices.SortFunc(s, cmpShares)
		return
	}
	for _, x := range s {
		if x.Item < 0 || x.Account < 0 {
			slices.SortFunc(s, cmpShares)
			return
		}
	}
	keys := make([]uint64, len(s))
	for i, x := range s {
		keys[i] = uint64(x.Item)<<(bt+ba) | uint64(x.Time-minT)<<ba | uint64(x.Account)
	}
	mask := uint64(1)<<ba - 1
	tmask := uint64(1)<<bt - 1
	unpack := func(k uint64) Share {
		return Share{Item: int32(k >> (bt + ba)), Account: int32(k & mask), Time: minT + int64(k>>ba&tmask)}
	}
	if len(keys) < parallelSortMin || runtime.GOMAXPROCS(0) < 2 {
		slices.Sort(keys)
		for i, k := range keys {
			s[i] = unpack(k)
		}
		return
	}
	// Two halves sorted on two goroutines, then merged into s: keys are
	// whole values, so the order is the one sort of all of them.
	h := len(keys) / 2
	done := make(chan struct{})
	go func() {
		slices.Sort(keys[h:])
		close(done)
	}()
	slices.Sort(keys[:h])
	<-done
	i, j := 0, h
	for k := range s {
		if j == len(keys) || (i < h && keys[i] <= keys[j]) {
			s[k] = unpack(keys[i])
			i++
		} else {
			s[k] = unpack(keys[j])
			j++
		}
	}
}

// parallelSortMin is the fewest shares sortShares sorts on two goroutines.
const parallelSortMin = 1 << 16
