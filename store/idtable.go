package store

import "github.com/zeebo/xxh3"

// idKey is the key of an id in the writer's intern caches: its 128-bit
// xxh3 hash (see idHash). Its low half is never zero (newIDKey): zero
// marks an empty slot of an idTable.
type idKey struct{ lo, hi uint64 }

// idHash is the key of an id in the writer's intern caches: its 128-bit
// xxh3 hash. The caches hold no pointers, so the garbage collector does
// not scan millions of id strings, and no id string is kept; two ids of
// one store sharing a hash is about as likely as 10^-25 at ten million
// ids.
func idHash(id []byte) idKey { return newIDKey(xxh3.Hash128(id)) }

func idHashString(id string) idKey { return newIDKey(xxh3.HashString128(id)) }

func newIDKey(h xxh3.Uint128) idKey {
	if h.Lo == 0 {
		h.Lo = 1 // a zero low half marks an empty slot
	}
	return idKey{h.Lo, h.Hi}
}

// idTable is an open-addressing hash table from idKey to a uint32 (a
// dense id, or nothing for a set), with linear probing on the key's low
// half. It replaces a Go map in the writer's hottest path: a probe reads
// only the 8-byte low halves (eight to a cache line; the high half is
// compared on a match), nothing is hashed again (the key is a hash), and
// nothing holds a pointer for the garbage collector.
type idTable struct {
	lo, hi []uint64
	vals   []uint32 // nil for a set
	n      int
	mask   uint64
}

// newIDTable returns a table sized for hint entries; withVals says whether
// it stores values.
func newIDTable(hint int, withVals bool) *idTable {
	size := 16
	for size*3 < hint*4 {
		size *= 2
	}
	t := &idTable{}
	t.alloc(size, withVals)
	return t
}

func (t *idTable) alloc(size int, withVals bool) {
	t.lo, t.hi, t.mask, t.n = make([]uint64, size), make([]uint64, size), uint64(size-1), 0
	t.vals = nil
	if withVals {
		t.vals = make([]uint32, size)
	}
}

// Len returns the number of entries.
func (t *idTable) Len() int { return t.n }

// find returns the slot of k, or of the empty slot where k would go.
func (t *idTable) find(k idKey) (uint64, bool) {
	for i := k.lo & t.mask; ; i = (i + 1) & t.mask {
		switch t.lo[i] {
		case k.lo:
			if t.hi[i] == k.hi {
				return i, true
			}
		case 0:
			return i, false
		}
	}
}

// get returns the value under k and whether k is in the table.
func (t *idTable) get(k idKey) (uint32, bool) {
	i, ok := t.find(k)
	if !ok || t.vals == nil {
		return 0, ok
	}
	return t.vals[i], true
}

// put sets the value under k.
func (t *idTable) put(k idKey, v uint32) {
	if (t.n+1)*4 > len(t.lo)*3 {
		t.grow()
	}
	i, ok := t.find(k)
	if !ok {
		t.lo[i], t.hi[i] = k.lo, k.hi
		t.n++
	}
	if t.vals != nil {
		t.vals[i] = v
	}
}

// grow doubles the table.
func (t *idTable) grow() {
	old := *t
	t.alloc(2*len(old.lo), old.vals != nil)
	for i, lo := range old.lo {
		if lo == 0 {
			continue
		}
		var v uint32
		if old.vals != nil {
			v = old.vals[i]
		}
		t.put(idKey{lo, old.hi[i]}, v)
	}
}
