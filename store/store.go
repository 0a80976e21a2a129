// Package store is the embedded Pebble implementation of botsweep's storage
// interfaces: one directory, no server.
//
// Key space. Every key starts with a one-byte namespace, so each kind of
// record is a contiguous range that detection scans sequentially:
//
//	'M' meta: counters, intern-table sizes, ingest bookkeeping
//	'I' intern tables: platform id string -> dense uint32 and back
//	'a' accounts, by dense id
//	'p' posts, by dense id
//	'f' follows, by (follower, followee) dense ids
//	'r' reference records: prior operations, domain registrations, campaigns
//	'x' rejects and ingest reports
//	'e' moderation events, by big-endian sequence number
//	'n' networks of the latest detection run
//	't' API tokens (hashed)
//
// Writes that must be atomic (an ingest chunk with its bookkeeping, a sweep)
// go through one Pebble batch committed with Sync.
package store

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"

	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Namespaces of the key space (see the package documentation).
const (
	nsMeta      byte = 'M'
	nsIntern    byte = 'I'
	nsAccount   byte = 'a'
	nsPost      byte = 'p'
	nsFollow    byte = 'f'
	nsReference byte = 'r'
	nsReject    byte = 'x'
	nsEvent     byte = 'e'
	nsNetwork   byte = 'n'
	nsToken     byte = 't'
)

// Options configure a Store. The zero value is valid.
type Options struct {
	// ReadOnly opens the store without write access. Default false.
	// A read-only open never creates a store: ErrNoStore when there is none.
	// Pebble still takes the directory's lock, so a read-only open fails
	// with ErrInUse while another process (botsweep serve) has it open.
	ReadOnly bool
	// MustExist refuses to create a store: Open fails with ErrNoStore when
	// dir holds none, and creates nothing. Default false (Open creates).
	MustExist bool
	// CacheSize is Pebble's block cache in bytes. Default 64 MiB.
	CacheSize int64
	// MemTableSize is Pebble's memtable size in bytes. Default 64 MiB, which
	// keeps bulk ingest from stalling on flushes.
	MemTableSize uint64
	// Now is the clock for timestamps the store records. Default time.Now.
	Now botsweep.Clock
}

// Store is a botsweep store in one directory.
type Store struct {
	db   *pebble.DB
	dir  string
	opts Options
	// tokenMu makes a token name's check-then-write atomic; Pebble's
	// directory lock keeps every other process out of the store.
	tokenMu sync.Mutex
}

// quietLogger drops Pebble's informational logs and keeps errors off stdout.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pebble: fatal: "+format+"\n", args...)
	os.Exit(70)
}

// ErrNoStore is wrapped by the error of an Open that found no store where
// it may not create one (ReadOnly or MustExist).
var ErrNoStore = errors.New("no store")

// ErrInUse is wrapped by the error of an Open while another process has
// the store open (Pebble's directory lock is exclusive, read-only or not).
var ErrInUse = errors.New("store in use by another process")

// Exists reports whether dir holds a store.
func Exists(dir string) bool {
	desc, err := pebble.Peek(dir, vfs.Default)
	return err == nil && desc.Exists
}

// Open opens or creates the store in dir.
func Open(dir string, opts Options) (*Store, error) {
	if dir == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no store directory given (--store DIR)")
	}
	if opts.CacheSize == 0 {
		opts.CacheSize = 64 << 20
	}
	if opts.MemTableSize == 0 {
		opts.MemTableSize = 64 << 20
	}
	cache := pebble.NewCache(opts.CacheSize)
	defer cache.Unref()
	po := &pebble.Options{
		Cache:        cache,
		MemTableSize: opts.MemTableSize,
		ReadOnly:     opts.ReadOnly,
		Logger:       quietLogger{},
	}
	if (opts.ReadOnly || opts.MustExist) && !Exists(dir) {
		return nil, botsweep.Errorf(botsweep.ENOTFOUND, "%w at %s", ErrNoStore, dir)
	}
	db, err := pebble.Open(dir, po)
	if err != nil {
		if lockHeld(err) {
			return nil, botsweep.Errorf(botsweep.ECONFLICT, "store %s: %w", dir, ErrInUse)
		}
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "open store %s: %w", dir, err)
	}
	return &Store{db: db, dir: dir, opts: opts}, nil
}

// lockHeld reports whether a Pebble open failed on the directory lock:
// another process has it (EAGAIN or EACCES from fcntl), or this one does.
func lockHeld(err error) bool {
	return errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EWOULDBLOCK) ||
		strings.Contains(err.Error(), "lock held by current process")
}

// Close flushes and closes the store.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// Dir returns the store's directory.
func (s *Store) Dir() string { return s.dir }

// prefixUpperBound returns the smallest key greater than every key that
// starts with prefix, or nil when there is none.
func prefixUpperBound(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

// scanPrefix calls fn for every key/value under prefix in key order. The
// slices are only valid during the call.
func (s *Store) scanPrefix(prefix []byte, fn func(k, v []byte) error) error {
	return s.scanRange(prefix, prefixUpperBound(prefix), fn)
}

// scanRange calls fn for every key/value in [lower, upper) in key order
// (upper nil: no upper bound). The slices are only valid during the call.
func (s *Store) scanRange(lower, upper []byte, fn func(k, v []byte) error) error {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return err
	}
	for it.First(); it.Valid(); it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Error(); err != nil {
		it.Close()
		return err
	}
	return it.Close()
}

// get returns a copy of the value at key, or nil, false when absent.
func (s *Store) get(key []byte) ([]byte, bool, error) {
	v, closer, err := s.db.Get(key)
	if err == pebble.ErrNotFound {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	out := append([]byte(nil), v...)
	return out, true, closer.Close()
}
