package store

import (
	"runtime"
	"sync"
	"syscall"
	"unsafe"
)

// hugeSlotBytes is the smallest table allocSlots maps itself: below it
// the Go heap is as good (a few huge pages at most).
const hugeSlotBytes = 4 << 20

// madvHugepage is MADV_HUGEPAGE (not in package syscall for every
// architecture).
const madvHugepage = 14

// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14): fault the pages
// in, writable, leaving their contents as they are.
const madvPopulateWrite = 23

// slotMem is a table's memory mapped outside the Go heap. free unmaps it
// when the table grows; a cleanup unmaps it when the table is dropped.
type slotMem struct {
	once sync.Once
	b    []byte
}

func (m *slotMem) free() {
	if m != nil {
		m.once.Do(func() { syscall.Munmap(m.b) })
	}
}

// allocSlots returns n zeroed slots. A large table is an anonymous
// mapping advised for transparent huge pages (with the usual "madvise"
// setting the kernel backs only such regions with 2 MiB pages), so that
// a random probe into tens of megabytes costs a cache miss without a TLB
// miss on top; the advice failing, or the mapping, changes only speed.
func allocSlots(n int) ([]idKey, *slotMem) {
	size := n * int(unsafe.Sizeof(idKey{}))
	if size < hugeSlotBytes {
		return make([]idKey, n), nil
	}
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]idKey, n), nil
	}
	_ = syscall.Madvise(b, madvHugepage)
	m := &slotMem{b: b}
	slots := unsafe.Slice((*idKey)(unsafe.Pointer(unsafe.SliceData(b))), n)
	return slots, m
}

// attachFree unmaps m's memory once owner is unreachable.
func attachFree(owner *idTable, m *slotMem) {
	if m != nil {
		runtime.AddCleanup(owner, func(m *slotMem) { m.free() }, m)
	}
}

// prefault touches every page of m, so that the kernel allocates and
// zeroes them now, on the calling goroutine, rather than on the first
// probe that lands in each.
func prefault(m *slotMem) {
	if m == nil {
		return
	}
	for i := 0; i < len(m.b); i += 4096 {
		m.b[i] = 0
	}
}

// populateAsync has the kernel fault in m's pages on another goroutine
// while the table is already in use: MADV_POPULATE_WRITE leaves what is
// written alone, so it may run beside the probes (an older kernel
// refuses it, and the probes fault the pages in as before). A bulk
// ingest's first post-id set is 32 MiB; zeroing it on first touch cost
// ~1.3% of a share row's CPU on the writer's goroutine.
func populateAsync(m *slotMem) {
	if m == nil {
		return
	}
	go syscall.Madvise(m.b, madvPopulateWrite)
}
