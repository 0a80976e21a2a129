package store

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// TestIDTable checks the intern table against a Go map through growth,
// for sets and for tables with values, including keys whose low halves
// collide and the zero low half (which marks an empty slot).
func TestIDTable(t *testing.T) {
	for _, tc := range []struct {
		name     string
		hint, n  int
		withVals bool
		keys     func(i int) idKey
	}{
		{"set from hashes, no hint", 0, 20000, false, func(i int) idKey { return idHashString(fmt.Sprint("p", i)) }},
		{"values from hashes, sized", 50000, 50000, true, func(i int) idKey { return idHashString(fmt.Sprint("a", i)) }},
		{"same low half, different high", 16, 3000, true, func(i int) idKey { return idKey{lo: 42, hi: uint64(i) + 1} }},
		{"low halves colliding in the mask", 0, 5000, true, func(i int) idKey { return idKey{lo: uint64(i)<<40 | 1, hi: 7} }},
		{"zero low half", 0, 10, true, func(i int) idKey { return newIDKey(struct{ Hi, Lo uint64 }{uint64(i), 0}) }},
		// Past hugeSlotBytes the slots are mapped outside the Go heap and
		// each growth unmaps the table before.
		{"large set, mapped and grown", 0, 600000, false, func(i int) idKey { return idHashString(fmt.Sprint("big", i)) }},
		{"large values, mapped", 400000, 400000, true, func(i int) idKey { return idHashString(fmt.Sprint("bv", i)) }},
		// Past 5/8 of a mapped table the doubled one is prepared on
		// another goroutine (prepareGrow): 700k ids grow into slots
		// prepared ahead twice and end with the next ones prepared and
		// unused (freed by a cleanup once the table is dropped).
		{"large values, grown into slots prepared ahead", 0, 700000, true, func(i int) idKey { return idHashString(fmt.Sprint("ga", i)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := newIDTable(tc.hint, tc.withVals)
			want := map[idKey]uint32{}
			for i := 0; i < tc.n; i++ {
				k := tc.keys(i)
				if _, ok := tab.get(k); ok != (want[k] != 0) {
					t.Fatalf("key %d: present %v before it was put", i, ok)
				}
				if !tc.withVals && i%2 == 0 {
					if tab.add(k) != (want[k] != 0) {
						t.Fatalf("key %d: add reports present %v", i, want[k] != 0)
					}
				} else {
					tab.put(k, uint32(i+1))
				}
				want[k] = uint32(i + 1)
				if i%3 == 0 { // a second put of the same key changes its value only
					tab.put(k, uint32(i+1))
				}
			}
			if tab.Len() != len(want) {
				t.Fatalf("Len %d, want %d", tab.Len(), len(want))
			}
			if tc.n == 700000 && tab.next == nil {
				t.Fatalf("no slots prepared ahead at %d entries in %d slots", tab.Len(), len(tab.slots))
			}
			for k, v := range want {
				got, ok := tab.get(k)
				if !ok || tc.withVals && got != v {
					t.Fatalf("get(%v) = %d, %v; want %d", k, got, ok, v)
				}
			}
			keys := make([]idKey, 0, len(want))
			for k := range want {
				keys = append(keys, k)
			}
			tab.touch(keys) // reads only
			if tab.Len() != len(want) {
				t.Fatalf("Len %d after touch, want %d", tab.Len(), len(want))
			}
			for i := 0; i < 1000; i++ {
				k := idHashString(fmt.Sprint("absent", i))
				if _, ok := tab.get(k); ok {
					t.Fatalf("absent key %v found", k)
				}
			}
		})
	}
}

// BenchmarkIDTable compares the intern table with the Go map it replaced
// on what a share table's ingest asks of the post-id set: 1M new ids,
// each looked up (a miss) and then added.
func BenchmarkIDTable(b *testing.B) {
	keys := make([]idKey, 1<<20)
	for i := range keys {
		keys[i] = idHashString(fmt.Sprint(1190000000000000000 + i*1000))
	}
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			m := make(map[[16]byte]struct{}, 1<<20)
			for _, k := range keys {
				var h [16]byte
				binary.LittleEndian.PutUint64(h[:8], k.lo)
				binary.LittleEndian.PutUint64(h[8:], k.hi)
				if _, ok := m[h]; !ok {
					m[h] = struct{}{}
				}
			}
		}
	})
	b.Run("idTable", func(b *testing.B) {
		for b.Loop() {
			t := newIDTable(1<<20, false)
			for _, k := range keys {
				if _, ok := t.get(k); !ok {
					t.put(k, 0)
				}
			}
		}
	})
}
