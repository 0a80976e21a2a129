package detect

import (
	"math/bits"
	"strings"
	"unicode"

	"github.com/zeebo/xxh3"
)

// SimHash parameters (documented in docs/DETECTION.md).
const (
	simhashMinTokens = 6 // texts with fewer tokens are too short to compare
	simhashMaxDist   = 3 // near duplicates differ in at most this many bits
	simhashBands     = 4 // 4 bands of 16 bits: pigeonhole finds every pair within distance 3
	simhashBucketCap = 8 // representatives compared per bucket
)

// tokens returns the normalised words of a post's text: lowercase letters
// and digits, without URLs, mentions, the "RT" prefix and hashtag marks.
func tokens(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		lf := strings.ToLower(f)
		if strings.HasPrefix(lf, "http://") || strings.HasPrefix(lf, "https://") || strings.HasPrefix(lf, "@") {
			continue
		}
		if lf == "rt" {
			continue
		}
		w := strings.TrimFunc(lf, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// simhash returns the 64-bit SimHash (Charikar 2002) of the text's word
// bigrams hashed with xxh3, and false when the text is too short.
func simhash(text string) (uint64, bool) {
	toks := tokens(text)
	if len(toks) < simhashMinTokens {
		return 0, false
	}
	var v [64]int32
	for i := 0; i+1 < len(toks); i++ {
		h := xxh3.HashString(toks[i] + " " + toks[i+1])
		for b := 0; b < 64; b++ {
			if h&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var out uint64
	for b := 0; b < 64; b++ {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out, true
}

// nearDuplicateGroups assigns each text a group id so that texts within
// simhashMaxDist bits of a group's representative share it. Candidates come
// from LSH buckets (each 16-bit band value), so the cost is linear in the
// number of texts.
func nearDuplicateGroups(texts []textPost) []int32 {
	parent := make([]int32, len(texts))
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	buckets := make(map[uint64][]int32)
	for i, tp := range texts {
		for b := 0; b < simhashBands; b++ {
			key := uint64(b)<<16 | (tp.hash>>(16*b))&0xffff
			reps := buckets[key]
			for _, r := range reps {
				if bits.OnesCount64(texts[r].hash^tp.hash) <= simhashMaxDist {
					ra, rb := find(r), find(int32(i))
					if ra != rb {
						parent[rb] = ra
					}
					break
				}
			}
			if len(reps) < simhashBucketCap {
				buckets[key] = append(reps, int32(i))
			}
		}
	}
	out := make([]int32, len(texts))
	for i := range texts {
		out[i] = find(int32(i))
	}
	return out
}
