package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/objstorage/objstorageprovider"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/sstable/block"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// kvBuffer is where a Writer puts the writes of one commit: a Pebble batch
// (WriterOptions.Bulk off) or a sstBuffer (on).
type kvBuffer interface {
	Set(key, value []byte, _ *pebble.WriteOptions) error
	Empty() bool
	Len() int
	Reset()
	Close() error
}

// sstBuffer collects the writes of one bulk commit in memory, grouped by
// their two-byte key prefix, and writes them as sorted SSTables that one
// DB.Ingest adds to the store atomically: the path CockroachDB bulk-imports
// by. It skips Pebble's write-ahead log, memtable and flush, which cost
// most of a small record's ingest; a prefix whose keys arrive in order
// (posts and reverse intern entries by dense id) is not sorted at all.
type sstBuffer struct {
	groups []*sstGroup // in first-write order
	// The two groups written to last, the most recent first: a post
	// writes its intern entry and its record in turn, two groups.
	last, prev *sstGroup
	n          int             // bytes of keys and values
	home       chan *sstBuffer // where Close returns the buffer, if anywhere
}

// sstGroup is the writes under one two-byte key prefix.
type sstGroup struct {
	prefix [2]byte
	slabs  [][]byte // key, value, key, value...; never moved once written
	cur    int      // the slab being filled
	ents   []sstEnt // in write order until sorted
	sorted bool     // every key so far was greater than the one before

	// Scratch of sort, kept from commit to commit.
	byKey []sstSortKey
	spare []sstEnt
}

// sstSortKey is an entry as sort orders it: sixteen key bytes after the
// prefix all the group's keys share, as two big-endian integers (so that
// they order as the bytes do), and the entry's index in write order.
type sstSortKey struct {
	pre, pre2 uint64
	i         uint32
}

// sstEnt locates one write: slab, offset, key and value lengths. seq is
// its place in write order, for the later write to win among equal keys.
type sstEnt struct{ slab, off, klen, vlen, seq uint32 }

// slabBytes is the size of an arena slab: appending to a slab never
// copies what is there.
const slabBytes = 1 << 20

func (g *sstGroup) key(e sstEnt) []byte { return g.slabs[e.slab][e.off : e.off+e.klen] }
func (g *sstGroup) value(e sstEnt) []byte {
	return g.slabs[e.slab][e.off+e.klen : e.off+e.klen+e.vlen]
}

// room makes the current slab one with n bytes free.
func (g *sstGroup) room(n int) {
	if len(g.slabs) > 0 && len(g.slabs[g.cur])+n <= cap(g.slabs[g.cur]) {
		return
	}
	g.cur++
	if len(g.slabs) == 0 {
		g.cur = 0
	}
	for g.cur < len(g.slabs) && cap(g.slabs[g.cur]) < n {
		g.cur++ // a reused slab too small for a large write
	}
	if g.cur == len(g.slabs) {
		g.slabs = append(g.slabs, make([]byte, 0, max(slabBytes, n)))
	}
}

// add appends a write to the group's arena.
func (g *sstGroup) add(key, value []byte) {
	g.room(len(key) + len(value))
	s := g.slabs[g.cur]
	off := len(s)
	s = append(append(s, key...), value...)
	g.slabs[g.cur] = s
	g.ents = append(g.ents, sstEnt{uint32(g.cur), uint32(off), uint32(len(key)), uint32(len(value)), uint32(len(g.ents))})
}

// appendRoom is the room addAppend makes for a value before encoding it;
// a longer value grows the slab (entries locate their bytes by slab and
// offset, so a slab that moves stays valid).
const appendRoom = 512

// addAppend appends key and the value enc appends to the group's arena,
// encoding the value in place; it returns the bytes added.
func (g *sstGroup) addAppend(key []byte, enc func([]byte) []byte) int {
	g.room(len(key) + appendRoom)
	s := g.slabs[g.cur]
	off := len(s)
	s = enc(append(s, key...))
	g.slabs[g.cur] = s
	vlen := len(s) - off - len(key)
	g.ents = append(g.ents, sstEnt{uint32(g.cur), uint32(off), uint32(len(key)), uint32(vlen), uint32(len(g.ents))})
	return len(key) + vlen
}

// reset empties the group, keeping its memory for the next commit.
func (g *sstGroup) reset() {
	for i := range g.slabs {
		g.slabs[i] = g.slabs[i][:0]
	}
	g.cur, g.ents, g.sorted = 0, g.ents[:0], true
}

func groupPrefix(key []byte) [2]byte {
	var p [2]byte
	copy(p[:], key)
	return p
}

// Set implements kvBuffer; a later Set of the same key wins.
func (b *sstBuffer) Set(key, value []byte, _ *pebble.WriteOptions) error {
	b.group(key).add(key, value)
	b.n += len(key) + len(value)
	return nil
}

// setAppend is Set with the value appended by enc straight into the
// arena (one copy of the value instead of two).
func (b *sstBuffer) setAppend(key []byte, enc func([]byte) []byte) {
	b.n += b.group(key).addAppend(key, enc)
}

// group returns the group key goes in, noting whether key breaks its
// order.
func (b *sstBuffer) group(key []byte) *sstGroup {
	p := groupPrefix(key)
	g := b.last
	switch {
	case g != nil && g.prefix == p:
	case b.prev != nil && b.prev.prefix == p:
		g, b.prev, b.last = b.prev, b.last, b.prev
	default:
		g = nil
		for _, c := range b.groups {
			if c.prefix == p {
				g = c
				break
			}
		}
		if g == nil {
			g = &sstGroup{prefix: p, sorted: true}
			b.groups = append(b.groups, g)
		}
		b.prev, b.last = b.last, g
	}
	if g.sorted && len(g.ents) > 0 && bytes.Compare(g.key(g.ents[len(g.ents)-1]), key) >= 0 {
		g.sorted = false
	}
	return g
}

// Empty implements kvBuffer.
func (b *sstBuffer) Empty() bool { return b.n == 0 && !b.hasEnts() }

func (b *sstBuffer) hasEnts() bool {
	for _, g := range b.groups {
		if len(g.ents) > 0 {
			return true
		}
	}
	return false
}

// Len implements kvBuffer.
func (b *sstBuffer) Len() int { return b.n }

// Reset implements kvBuffer.
func (b *sstBuffer) Reset() {
	for _, g := range b.groups {
		g.reset()
	}
	b.last, b.prev, b.n = nil, nil, 0
}

// Close implements kvBuffer: the buffer goes back to its writer's free
// list, so that its arenas are allocated once per ingest, not once per
// commit (a sync.Pool lost them at every garbage collection).
func (b *sstBuffer) Close() error {
	b.Reset()
	select {
	case b.home <- b:
	default:
	}
	return nil
}

// sort orders each group by key, the later write first among equal keys
// (write() keeps only that one). It sorts the sixteen key bytes after
// the prefix the group's keys share (ids of one platform share their
// leading digits), held beside the entries' indexes, and reads the keys
// themselves only where those are equal: comparing keys in the arena
// cost two cache misses a comparison (the post ids of a share table
// arrive in random order).
func (g *sstGroup) sort() {
	if g.sorted {
		return
	}
	first := g.key(g.ents[0])
	common := len(first)
	for _, e := range g.ents[1:] {
		k := g.key(e)
		n := min(common, len(k))
		c := 0
		for c < n && k[c] == first[c] {
			c++
		}
		common = c
	}
	g.byKey = g.byKey[:0]
	for i, e := range g.ents {
		k := g.key(e)[common:]
		var k2 []byte
		if len(k) > 8 {
			k2 = k[8:]
		}
		g.byKey = append(g.byKey, sstSortKey{keyPrefix8(k), keyPrefix8(k2), uint32(i)})
	}
	slices.SortFunc(g.byKey, func(x, y sstSortKey) int {
		if x.pre != y.pre {
			if x.pre < y.pre {
				return -1
			}
			return 1
		}
		if x.pre2 != y.pre2 {
			if x.pre2 < y.pre2 {
				return -1
			}
			return 1
		}
		ex, ey := g.ents[x.i], g.ents[y.i]
		if c := bytes.Compare(g.key(ex), g.key(ey)); c != 0 {
			return c
		}
		return int(ey.seq) - int(ex.seq) // the later write first
	})
	sorted := g.spare[:0]
	for _, k := range g.byKey {
		sorted = append(sorted, g.ents[k.i])
	}
	g.ents, g.spare = sorted, g.ents[:0]
	g.sorted = true
}

// keyPrefix8 is the first eight bytes of k, big-endian, zero-padded: it
// orders as the bytes do, up to ties that the whole keys then break.
func keyPrefix8(k []byte) uint64 {
	if len(k) >= 8 {
		return binary.BigEndian.Uint64(k)
	}
	var b [8]byte
	copy(b[:], k)
	return binary.BigEndian.Uint64(b[:])
}

// bulkTmpPrefix names the directories SSTables are written in before
// they are ingested; NewWriter removes any a crash left behind.
const bulkTmpPrefix = ".bulk-ingest-"

// sstWriterOptions are the options of Pebble's defaults (the store opens
// with the default comparer and key schema), for the DB's table format.
var sstWriterOptions = sync.OnceValue(func() *pebble.Options {
	o := &pebble.Options{}
	o.EnsureDefaults()
	return o
})

// ingest writes the buffer as one SSTable per key prefix, in a temporary
// directory inside the store, and ingests them in one atomic DB.Ingest.
// Groups are sorted on up to two goroutines.
func (b *sstBuffer) ingest(db *pebble.DB, dir string) error {
	groups := slices.DeleteFunc(slices.Clone(b.groups), func(g *sstGroup) bool { return len(g.ents) == 0 })
	if len(groups) == 0 {
		return nil
	}
	slices.SortFunc(groups, func(x, y *sstGroup) int { return bytes.Compare(x.prefix[:], y.prefix[:]) })
	tmp, err := os.MkdirTemp(dir, bulkTmpPrefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	wo := sstWriterOptions().MakeWriterOptions(0, db.TableFormat())
	// Uncompressed: snappy cost a fifth of a share row's CPU and saved
	// little on ids and times; compactions compress the data later.
	wo.Compression = block.NoCompression
	paths := make([]string, len(groups))
	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, g := range groups {
		paths[i] = filepath.Join(tmp, fmt.Sprintf("%03d.sst", i))
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = g.write(paths[i], wo)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return db.Ingest(context.Background(), paths)
}

// write sorts the group and writes it to a new SSTable at path, keeping
// the last write of each key.
func (g *sstGroup) write(path string, wo sstable.WriterOptions) error {
	g.sort()
	f, err := vfs.Default.Create(path, vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	w := sstable.NewWriter(objstorageprovider.NewFileWritable(f), wo)
	var prev []byte
	for i, e := range g.ents {
		k := g.key(e)
		if i > 0 && bytes.Equal(k, prev) {
			continue // an earlier write of the same key
		}
		prev = k
		if err := w.Set(k, g.value(e)); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

// removeBulkTmp removes SSTable directories a crashed bulk commit left in
// the store directory; their tables were never ingested.
func removeBulkTmp(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), bulkTmpPrefix) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
