package coord

import (
	"unsafe"

	"github.com/zeebo/xxh3"
)

// interner gives each distinct string a dense index. It is an
// open-addressing table on the strings' 64-bit xxh3 hashes (checked
// against the string itself, so a hash collision costs a probe, never a
// wrong index), and it copies the strings into large chunks instead of
// allocating each: interning the ids of a share table took half of
// Detect's time with a Go map and one allocation per new id.
type interner struct {
	hashes []uint64 // per slot; meaningful where idx is non-zero
	idx    []uint32 // per slot: index+1, 0 for empty
	mask   uint64
	names  []string // by index; point into chunks
	chunk  []byte   // being filled; never moved once written
}

// internChunk is the size of a string chunk.
const internChunk = 1 << 20

func (in *interner) get(s string) uint32 {
	if (len(in.names)+1)*4 > len(in.idx)*3 {
		in.grow()
	}
	h := xxh3.HashString(s)
	for i := h & in.mask; ; i = (i + 1) & in.mask {
		x := in.idx[i]
		if x == 0 {
			n := uint32(len(in.names))
			in.hashes[i], in.idx[i] = h, n+1
			in.names = append(in.names, in.keep(s))
			return n
		}
		if in.hashes[i] == h && in.names[x-1] == s {
			return x - 1
		}
	}
}

// keep copies s into the current chunk and returns the copy.
func (in *interner) keep(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(in.chunk)+len(s) > cap(in.chunk) {
		in.chunk = make([]byte, 0, max(internChunk, len(s)))
	}
	off := len(in.chunk)
	in.chunk = append(in.chunk, s...)
	// The chunk's bytes are never written again once appended.
	return unsafe.String(&in.chunk[off], len(s))
}

// grow doubles the slots and places every string again.
func (in *interner) grow() {
	size := max(2*len(in.idx), 1024)
	in.hashes, in.idx, in.mask = make([]uint64, size), make([]uint32, size), uint64(size-1)
	for n, s := range in.names {
		h := xxh3.HashString(s)
		i := h & in.mask
		for in.idx[i] != 0 {
			i = (i + 1) & in.mask
		}
		in.hashes[i], in.idx[i] = h, uint32(n)+1
	}
}
