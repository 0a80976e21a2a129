package sim

import (
	"math"
	"math/rand/v2"
	"time"
)

// rng is a reseedable deterministic random source: every account and every
// stream of the world draws from its own seeding, so that generation is
// independent of the order in which streams run.
type rng struct {
	src *rand.PCG
	*rand.Rand
}

func newRNG() *rng {
	src := rand.NewPCG(0, 0)
	return &rng{src: src, Rand: rand.New(src)}
}

// stream identifiers mixed into seeds.
const (
	sWorld uint64 = iota + 1
	sAccount
	sProfile
	sFollow
	sProminent
	sOrganicPosts
	sGlobus
	sNetwork
	sAssociated
	sSpam
	sCamouflage
	sFandom
	sViral
	sCampaign
	sIDs
	sScenario
	sSuperfan
	sActivist
	sLive
	sJunkie
	sAged
	sCrowd
)

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// seed reseeds r for (world seed, stream, index).
func (r *rng) seed(seed int64, stream, idx uint64) *rng {
	r.src.Seed(mix64(uint64(seed)^0x9e3779b97f4a7c15), mix64(stream<<40^idx^0x5851f42d4c957f2d))
	return r
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// lognormal returns a lognormal draw with the given median and sigma.
func (r *rng) lognormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// poisson returns a Poisson draw of mean lambda.
func (r *rng) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		v := int(math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64()))
		return max(v, 0)
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// between returns a uniform time in [a, b).
func (r *rng) between(a, b int64) int64 {
	if b <= a {
		return a
	}
	return a + r.Int64N(b-a)
}

// pick returns a uniform element.
func pick[T any](r *rng, xs []T) T { return xs[r.IntN(len(xs))] }

// hourWeights is the share of a person's posts by local hour of day.
var hourWeights = [24]float64{1.6, 0.9, 0.5, 0.3, 0.25, 0.35, 0.8, 1.8, 2.8, 3.2, 3.3, 3.5, 4, 3.8, 3.4, 3.3, 3.5, 3.9, 4.3, 4.8, 5.2, 5.3, 4.5, 2.9}

var hourCum = func() [24]float64 {
	var c [24]float64
	s := 0.0
	for i, w := range hourWeights {
		s += w
		c[i] = s
	}
	for i := range c {
		c[i] /= s
	}
	return c
}()

// localHour draws an hour of day from the human rhythm.
func (r *rng) localHour() int {
	u := r.Float64()
	for h, c := range hourCum {
		if u < c {
			return h
		}
	}
	return 23
}

const day = int64(24 * 3600)

// humanTime returns a time (unix seconds) in [from, to) that follows the
// human daily rhythm of a person at UTC offset tz hours.
func (r *rng) humanTime(from, to int64, tz int) int64 {
	if to <= from {
		return from
	}
	for range 8 {
		// local day start (midnight local) of a uniformly drawn day
		d := r.between(from-day, to)
		local := d + int64(tz)*3600
		midnight := local - mod(local, day)
		t := midnight + int64(r.localHour())*3600 + r.Int64N(3600) - int64(tz)*3600
		if t >= from && t < to {
			return t
		}
	}
	return r.between(from, to)
}

// awake reports whether unix time t is daytime (08:00-24:00) at offset tz.
func awake(t int64, tz int) bool {
	h := mod(t+int64(tz)*3600, day) / 3600
	return h >= 8
}

// nextMorning returns the next local 08:00-10:00 after t at offset tz.
func (r *rng) nextMorning(t int64, tz int) int64 {
	local := t + int64(tz)*3600
	midnight := local - mod(local, day)
	m := midnight + 8*3600
	if m <= local {
		m += day
	}
	return m - int64(tz)*3600 + r.Int64N(2*3600)
}

func mod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// snowflake epoch of Twitter ids, in milliseconds.
const twEpochMS = 1288834974657

// snowflake returns a Twitter-style id for a time in milliseconds with the
// low 22 bits given.
func snowflake(ms int64, low uint64) uint64 {
	if ms < twEpochMS {
		ms = twEpochMS
	}
	return uint64(ms-twEpochMS)<<22 | low&(1<<22-1)
}

func unixS(t time.Time) int64 { return t.Unix() }

// alias is Walker's alias table for sampling from weights in O(1).
type alias struct {
	prob  []float32
	alias []int32
}

func newAlias(w []float64) *alias {
	n := len(w)
	a := &alias{prob: make([]float32, n), alias: make([]int32, n)}
	if n == 0 {
		return a
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	p := make([]float64, n)
	var small, large []int32
	for i, x := range w {
		p[i] = x * float64(n) / sum
		if p[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s] = float32(p[s])
		a.alias[s] = l
		p[l] += p[s] - 1
		if p[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		a.prob[i] = 1
	}
	for _, i := range small {
		a.prob[i] = 1
	}
	return a
}

func (a *alias) sample(r *rng) int {
	i := r.IntN(len(a.prob))
	if r.Float32() < a.prob[i] {
		return i
	}
	return int(a.alias[i])
}

// freeKey returns the first key at or above x that is not in used, and
// marks it used: ids and milliseconds stay unique.
func freeKey[K int64 | uint64](used map[K]struct{}, x K) K {
	for {
		if _, dup := used[x]; !dup {
			used[x] = struct{}{}
			return x
		}
		x++
	}
}
