package store

import (
	"runtime"
	"sync/atomic"

	"github.com/zeebo/xxh3"
)

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
// dense id, or nothing for a set), with linear probing. It replaces a Go
// map in the writer's hottest path: nothing is hashed again (the key is a
// hash) and nothing holds a pointer for the garbage collector.
//
// A slot holds both halves of its key (16 bytes, four to a cache line),
// so a probe that misses, and the insert after it, touch one cache line:
// in a bulk ingest almost every post id is new, and the table of a few
// million posts is far larger than the caches. Large tables live in
// memory the kernel may back with huge pages (allocSlots), so those
// random probes also miss the TLB less.
type idTable struct {
	slots []idKey
	vals  []uint32 // nil for a set
	n     int
	mask  uint64
	mem   *slotMem // what slots live in, if not the Go heap
	next  *slotsAhead
}

// slotsAhead is the next, doubled, slot array of a table, allocated and
// faulted in on another goroutine while the table fills (see insert).
type slotsAhead struct {
	done  chan struct{} // closed when slots and mem are set
	slots []idKey
	mem   *slotMem
	taken atomic.Bool // grow took the slots, or a cleanup freed them
}

// aheadMinSlots is the smallest doubled table insert prepares ahead:
// below it the kernel's zeroing of fresh pages is not worth a goroutine.
const aheadMinSlots = hugeSlotBytes / 16

// newIDTable returns a table sized for hint entries; withVals says whether
// it stores values.
func newIDTable(hint int, withVals bool) *idTable {
	size := 16
	for size*3 < hint*4 {
		size *= 2
	}
	t := &idTable{}
	t.alloc(size, withVals)
	populateAsync(t.mem)
	return t
}

func (t *idTable) alloc(size int, withVals bool) {
	slots, mem := allocSlots(size)
	t.use(slots, mem, withVals)
}

// use makes slots, empty, the table's.
func (t *idTable) use(slots []idKey, mem *slotMem, withVals bool) {
	size := len(slots)
	t.slots, t.mem = slots, mem
	attachFree(t, t.mem)
	t.mask, t.n = uint64(size-1), 0
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
		s := &t.slots[i]
		if s.lo == k.lo && s.hi == k.hi {
			return i, true
		}
		if s.lo == 0 {
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

// add puts k in the table unless it is there, and reports whether it was
// (a set's lookup and insert in one probe).
func (t *idTable) add(k idKey) bool {
	_, ok := t.insert(k)
	return ok
}

// put sets the value under k.
func (t *idTable) put(k idKey, v uint32) {
	i, _ := t.insert(k)
	if t.vals != nil {
		t.vals[i] = v
	}
}

// insert returns the slot of k, adding k when it is absent; ok reports
// that it was there.
func (t *idTable) insert(k idKey) (i uint64, ok bool) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	} else if (t.n+1)*8 > len(t.slots)*5 && t.next == nil && 2*len(t.slots) >= aheadMinSlots {
		t.prepareGrow()
	}
	i, ok = t.find(k)
	if !ok {
		t.slots[i] = k
		t.n++
	}
	return i, ok
}

// prepareGrow starts allocating the doubled slot array on another
// goroutine once the table is 5/8 full (it grows at 3/4: the eighth
// between leaves the other goroutine len/8 inserts to fault in 2*len
// slots; after growing a table is 3/8 full, so a grown table does not
// prepare again at once). In a bulk ingest the
// post-id set grows to a hundred megabytes or more, and the kernel's
// zeroing of that fresh memory on first touch (page faults) cost about 8%
// of a share row's CPU, all of it on the writer's goroutine; touching
// the pages ahead moves that work beside it.
func (t *idTable) prepareGrow() {
	a := &slotsAhead{done: make(chan struct{})}
	n := 2 * len(t.slots)
	t.next = a
	go func() {
		a.slots, a.mem = allocSlots(n)
		prefault(a.mem)
		close(a.done)
	}()
	// A table dropped before it grows frees the slots prepared for it.
	runtime.AddCleanup(t, func(a *slotsAhead) {
		go func() {
			<-a.done
			if !a.taken.Swap(true) {
				a.mem.free()
			}
		}()
	}, a)
}

// grow doubles the table.
func (t *idTable) grow() {
	old := *t
	if a := t.next; a != nil {
		<-a.done
		a.taken.Store(true)
		t.next = nil
		t.use(a.slots, a.mem, old.vals != nil)
	} else {
		t.alloc(2*len(old.slots), old.vals != nil)
	}
	for i, k := range old.slots {
		if k.lo == 0 {
			continue
		}
		var v uint32
		if old.vals != nil {
			v = old.vals[i]
		}
		t.put(k, v)
	}
	old.mem.free()
}

// touch reads the home slots of keys (and their values), so that their
// cache lines are on their way before the keys are looked up one by one;
// the reads are independent, so their misses overlap. Zero keys are
// skipped. It returns a value only so that the reads are not optimised
// away.
func (t *idTable) touch(keys []idKey) uint64 {
	var x uint64
	for _, k := range keys {
		if k.lo != 0 {
			i := k.lo & t.mask
			x += t.slots[i].lo
			if t.vals != nil {
				x += uint64(t.vals[i])
			}
		}
	}
	return x
}
