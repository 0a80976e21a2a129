package detect

import (
	"math"
	"slices"
	"sync/atomic"
)

// Follow-set parameters (documented in docs/DETECTION.md): the exact
// Jaccard similarity of two followee sets the layer needs (near-identical
// sets, the farms' lockstep; people of one community share followees too,
// among their own follows), and the most followees an account may have for
// its set to be compared.
const (
	followMinJaccard = 0.5
	followMaxSet     = 2000
)

// followSets holds every account's followee set (CSR, sorted, distinct).
type followSets struct {
	off []int32
	adj []int32
}

// newFollowSets builds the followee sets of w's n accounts.
func newFollowSets(w *world) *followSets {
	n := w.n()
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
	// Sort and de-duplicate each set in place, then compact the CSR.
	out := int32(0)
	start := int32(0)
	for i := 0; i < n; i++ {
		s := adj[start:off[i+1]]
		slices.Sort(s)
		s = slices.Compact(s)
		start = off[i+1]
		off[i] = out
		out += int32(copy(adj[out:], s))
	}
	off[n] = out
	return &followSets{off: off, adj: adj[:out]}
}

// set returns account a's followees, sorted.
func (f *followSets) set(a int32) []int32 { return f.adj[f.off[a]:f.off[a+1]] }

// followNull is the popularity null model of the follow graph: every
// account keeps its number of followees k, and draws them in proportion
// to the followees' popularity, so it follows j with probability
// pi_j(k) = 1 - (1-w_j)^k. The per-draw weight w_j is solved (Newton's
// method) so that the expected number of j's followers under the null, the
// sum of pi_j(k_a) over all accounts, equals j's observed in-degree: a
// popular account
// (one most accounts follow) is followed by nearly anyone with a handful
// of follows, an obscure one only by chance. Following the same popular
// accounts is then explained by popularity; following the same obscure
// ones, or a few accounts that each account following so few would
// rarely all pick, is not.
type followNull struct {
	ks    []float64 // distinct out-degrees (at least 1)
	cnt   []float64 // accounts with each out-degree
	kmax  float64
	edges float64
	indeg []int32
	// w memoises each followee's per-draw weight as float64 bits, 0 until
	// solved (a solved weight is never 0: only followees with followers
	// are asked). Atomic: the follow-set comparisons run on two goroutines
	// (lshPairs), and either may solve a weight first; both get the same.
	w []atomic.Uint64
}

// newFollowNull fits the null to the followee sets.
func newFollowNull(f *followSets, n int) *followNull {
	byK := map[int32]float64{}
	indeg := make([]int32, n)
	for a := int32(0); int(a) < n; a++ {
		s := f.set(a)
		if len(s) > 0 {
			byK[int32(len(s))]++
		}
		for _, j := range s {
			indeg[j]++
		}
	}
	ks := make([]int32, 0, len(byK))
	for k := range byK {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	fn := &followNull{indeg: indeg, edges: float64(len(f.adj)), w: make([]atomic.Uint64, n)}
	for _, k := range ks {
		fn.ks = append(fn.ks, float64(k))
		fn.cnt = append(fn.cnt, byK[k])
		fn.kmax = float64(k)
	}
	return fn
}

// weight returns followee j's per-draw weight w_j.
func (fn *followNull) weight(j int32) float64 {
	if bits := fn.w[j].Load(); bits != 0 {
		return math.Float64frombits(bits)
	}
	d := float64(fn.indeg[j])
	w := d / fn.edges
	// Without saturation (no account draws j twice) w_j is j's share of
	// all follows; solve the exact equation only where it matters. The
	// expected followers are concave and increasing in w, so Newton's
	// method from the share (where they are at most the in-degree) climbs
	// to the root from below without overshooting.
	if w*fn.kmax > 1e-3 {
		for range 30 {
			l := math.Log1p(-w)
			e, de := 0.0, 0.0
			for i, k := range fn.ks {
				q := math.Exp(k * l) // (1-w)^k
				e += fn.cnt[i] * (1 - q)
				de += fn.cnt[i] * k * q / (1 - w)
			}
			if de <= 0 {
				break
			}
			step := (d - e) / de
			w = min(w+step, 1-1e-12)
			if step <= 1e-12*w {
				break
			}
		}
	}
	fn.w[j].Store(math.Float64bits(w))
	return w
}

// pi is the null probability that an account with k followees follows j.
func (fn *followNull) pi(j int32, k int) float64 {
	p := -math.Expm1(float64(k) * math.Log1p(-fn.weight(j)))
	return min(max(p, 1e-12), 1-1e-12)
}

// copyLR is the log10 likelihood ratio that an account b with kb followees
// follows the shared followees (shared, all followed by a) because it copies
// a's followee set, against the popularity null: under the alternative b
// follows each of a's followees with probability rho + (1-rho) pi_j(kb),
// and missing is how many of a's followees b does not follow (each costs a
// factor 1-rho). rho is profiled out (set to its maximum-likelihood value),
// so the alternative has no tuned knob; the log likelihood is concave in
// rho and its maximum is found by bisection on the derivative.
func (fn *followNull) copyLR(shared []int32, kb, missing int) float64 {
	if len(shared) == 0 {
		return 0
	}
	pis := make([]float64, len(shared))
	for i, j := range shared {
		pis[i] = fn.pi(j, kb)
	}
	ll := func(rho float64) float64 {
		s := float64(missing) * math.Log1p(-rho)
		for _, p := range pis {
			s += math.Log((p + rho*(1-p)) / p)
		}
		return s
	}
	if missing == 0 {
		return ll(1-1e-12) / math.Ln10
	}
	deriv := func(rho float64) float64 {
		s := -float64(missing) / (1 - rho)
		for _, p := range pis {
			s += (1 - p) / (p + rho*(1-p))
		}
		return s
	}
	if deriv(0) <= 0 {
		return 0
	}
	lo, hi := 0.0, 1.0
	for range 40 {
		mid := (lo + hi) / 2
		if deriv(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return ll((lo+hi)/2) / math.Ln10
}

// pairLR is the evidence, in log10 likelihood ratio against the popularity
// null, that a and b co-follow beyond chance: the lower of the two
// directions (b copying a's set, a copying b's), so that what either
// follows beyond the other counts against the pair.
func (fn *followNull) pairLR(sa, sb []int32, shared []int32) float64 {
	ab := fn.copyLR(shared, len(sb), len(sa)-len(shared))
	if ab <= 0 {
		return 0
	}
	return min(ab, fn.copyLR(shared, len(sa), len(sb)-len(shared)))
}

// followSetPairs ties accounts whose followee sets are near-identical
// (exact Jaccard at least followMinJaccard) beyond what the followees'
// popularity explains (followNull.pairLR at least
// opts.FollowSetMinLR), the lockstep of fake-follower farms that follow the
// same package of accounts and never post; people who follow the same few
// prominent accounts, with the rest of their own follows, are explained by
// popularity. Candidates come from MinHash LSH buckets; inside a bucket each
// account is compared with its next lshRingPartners accounts in a hashed
// ring order, so a bucket of 3,000 farm accounts costs 9,000 comparisons,
// not 4.5 million. A pair's weight is the Jaccard similarity of the two
// followee sets.
func followSetPairs(w *world, opts Options) []PairWeight {
	n := w.n()
	if len(w.follows) == 0 {
		return nil
	}
	fm := followModelOf(w)
	fs, fn := fm.sets, fm.null
	eligible := func(a int32) bool { k := len(fs.set(a)); return k > 0 && k <= followMaxSet }
	// lshPairs calls the similarity from two goroutines: it may only read
	// shared state, so each comparison has its own intersection buffer.
	pairs := lshPairs(n, fs.set, eligible, lshSeeds{elem: 0x9e3779b97f4a7c15, shift: 40, band: 0, ring: 0x5bd1e995},
		func(a, b int32) (float32, bool) {
			sa, sb := fs.set(a), fs.set(b)
			shared := intersectInto(make([]int32, 0, min(len(sa), len(sb))), sa, sb)
			union := len(sa) + len(sb) - len(shared)
			if float64(len(shared)) < followMinJaccard*float64(union) {
				return 0, false
			}
			return float32(len(shared)) / float32(union), fn.pairLR(sa, sb, shared) >= opts.FollowSetMinLR
		})
	out := make([]PairWeight, 0, len(pairs))
	var shared []int32
	for _, p := range pairs {
		a, b := int32(p.key>>32), int32(uint32(p.key))
		shared = intersectInto(shared[:0], fs.set(a), fs.set(b))
		out = append(out, PairWeight{A: a, B: b, Items: int32(len(shared)), Weight: p.w, Sampled: true})
	}
	return out
}

// intersectInto appends the common elements of two sorted slices to dst.
func intersectInto(dst, a, b []int32) []int32 {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			dst = append(dst, a[i])
			i++
			j++
		}
	}
	return dst
}
