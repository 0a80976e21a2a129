package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSSTGroupSort checks the bulk buffer's sort (eight-byte prefixes,
// then whole keys) against a stable sort of the whole keys: keys in key
// order, and among equal keys the later write first, whatever the keys'
// lengths and shared prefixes.
func TestSSTGroupSort(t *testing.T) {
	for _, tc := range []struct {
		name string
		seed uint64
		n    int
		key  func(r *rand.Rand) []byte
	}{
		{"19-digit ids", 1, 5000, func(r *rand.Rand) []byte { return fmt.Appendf(nil, "%019d", r.Uint64N(1e18)) }},
		{"shared 8-byte prefix, many duplicates", 2, 5000, func(r *rand.Rand) []byte { return fmt.Appendf(nil, "11900000%d", r.IntN(300)) }},
		{"keys alike in their first 20 bytes after a shared prefix", 6, 4000, func(r *rand.Rand) []byte {
			return fmt.Appendf(nil, "1190000000%020d%d", r.IntN(3), r.IntN(100))
		}},
		{"short keys and the empty key", 3, 3000, func(r *rand.Rand) []byte { return []byte(fmt.Sprint(r.IntN(50)))[:r.IntN(3)] }},
		{"keys ending in zero bytes", 4, 3000, func(r *rand.Rand) []byte { return make([]byte, r.IntN(12)) }},
		{"binary keys", 5, 5000, func(r *rand.Rand) []byte {
			b := make([]byte, 1+r.IntN(16))
			for i := range b {
				b[i] = byte(r.IntN(4)) * 85
			}
			return b
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(tc.seed, 7))
			var b sstBuffer
			type write struct{ key, val []byte }
			var writes []write
			for i := 0; i < tc.n; i++ {
				k := append([]byte{nsIntern, subPostID}, tc.key(r)...)
				v := fmt.Appendf(nil, "v%d", i)
				writes = append(writes, write{k, v})
				if err := b.Set(k, v, nil); err != nil {
					t.Fatal(err)
				}
			}
			for round := 0; round < 2; round++ { // the second round reuses the scratch
				if len(b.groups) != 1 {
					t.Fatalf("%d groups, want 1", len(b.groups))
				}
				g := b.groups[0]
				g.sort()
				want := slices.Clone(writes)
				slices.Reverse(want) // the later write first among equal keys
				slices.SortStableFunc(want, func(x, y write) int { return bytes.Compare(x.key, y.key) })
				if len(g.ents) != len(want) {
					t.Fatalf("%d entries, want %d", len(g.ents), len(want))
				}
				for i, e := range g.ents {
					if !bytes.Equal(g.key(e), want[i].key) || !bytes.Equal(g.value(e), want[i].val) {
						t.Fatalf("entry %d: %q=%q, want %q=%q", i, g.key(e), g.value(e), want[i].key, want[i].val)
					}
				}
				b.Reset()
				writes = writes[:0]
				for i := 0; i < tc.n/2; i++ {
					k := append([]byte{nsIntern, subPostID}, tc.key(r)...)
					v := fmt.Appendf(nil, "w%d", i)
					writes = append(writes, write{k, v})
					b.Set(k, v, nil)
				}
			}
		})
	}
}
