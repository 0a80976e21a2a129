package store

import (
	"encoding/binary"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
)

// WriterOptions configure a Writer. The zero value is valid.
type WriterOptions struct {
	// BatchBytes is how large a batch grows before it is committed.
	// Default 2 MiB: small enough that several batches are applied in the
	// background while the parse goes on, large enough to amortise a commit.
	BatchBytes int
	// CacheEntries caps each in-memory intern cache (accounts, posts);
	// past it the cache is dropped after a commit and refilled from the
	// store, so memory stays bounded however large the input. Default 4M,
	// DefaultBulkCacheEntries with Bulk.
	CacheEntries int
	// Bulk writes each commit as sorted SSTables that one atomic
	// DB.Ingest adds to the store, instead of a batch through the
	// write-ahead log and memtable: several times less work per small
	// record (share rows, follows), for large one-off imports. Each
	// commit is durable on return (Ingest syncs), so batches should be
	// large: with Bulk, BatchBytes defaults to DefaultBulkBatchBytes.
	// Default false (the stream and small ingests).
	Bulk bool
}

// DefaultBulkBatchBytes is WriterOptions.BatchBytes when Bulk is set.
const DefaultBulkBatchBytes = 64 << 20

// DefaultBulkCacheEntries is WriterOptions.CacheEntries when Bulk is set:
// 8M ids, a post-id set of at most 16M slots (256 MiB). Past the cap a
// bulk ingest drops the set and checks each later post with a Pebble
// point read, and grows a new set from nothing: at the 4M of the batch
// path a 5M-row share table spent ~3.5% of its CPU in those reads and
// most of another ~3% faulting in the regrown set (perf, 2026-12-02).
const DefaultBulkCacheEntries = 8 << 20

// Writer is the store's botsweep.Sink: it writes ingested records in large
// batches. Each batch carries its records, their intern-table entries and
// the counters together, so a crash at any point leaves the store as it was
// after some whole batch. Batches are committed without fsync (the WAL is
// still written); Close commits the last one with fsync.
//
// Re-ingesting the same data changes nothing: posts, follows, rejects and
// reference records dedupe by id; an account keeps the snapshot with the
// latest LastSeen (the later one on a tie) and the earliest FirstSeen.
//
// A Writer is not safe for concurrent use; only one may be open on a store.
type Writer struct {
	s    *Store
	opts WriterOptions
	b    kvBuffer

	c         counters // including the pending batch
	committed counters // as of the last commit

	// Intern caches, keyed by the 128-bit hash of the platform id (see
	// idHash). complete means the cache holds every id the store has, so a
	// miss is a new id without a read.
	acct         *idTable // dense account ids
	acctComplete bool
	seen         map[uint32]seenRange // profile FirstSeen/LastSeen by dense id
	post         *idTable             // a set
	postComplete bool

	// What the pending batch holds, for reads the store cannot answer yet.
	pendAcct   map[uint32]*pendingAccount // written at commit
	pendBytes  int
	pendFollow map[uint64]struct{}
	pendReject map[string]struct{}
	pendRef    map[string][]byte

	hold    bool // hold the file's writes until EndFile
	file    string
	fileKey FileKey

	// The batch being applied in the background, and what it holds.
	flight     chan error
	prevAcct   map[uint32]*pendingAccount
	prevFollow map[uint64]struct{}
	prevReject map[string]struct{}
	failed     error // a background commit's error, returned from then on

	// Deletes waiting for the commit (see delete.go), whether the store
	// holds any tombstone, and whether deletes may have moved the post
	// time range (fixed at Close).
	pendDel    []pendingDelete
	pendDelID  map[string]struct{}
	tombs      bool
	rangeDirty bool
	// derivedMarked: derivedKey is written (see derived.go).
	derivedMarked bool

	// HintPosts' posts, their id hashes (posts, authors), the next one
	// Post expects, and a sum of what was read ahead (so the reads stay).
	hintPs             []botsweep.Post
	hintPost, hintAcct []idKey
	hintIDs            []hintIDs // the ids hashed, to check they are still the post's
	hintNext           int
	touched            uint64

	key, val []byte          // scratch
	sstFree  chan *sstBuffer // bulk buffers to reuse
	closed   bool
}

// hintIDs are the ids of a hinted post, as HintPosts hashed them.
type hintIDs struct{ id, account string }

// seenRange is what the writer remembers of an account's stored profile.
type seenRange struct {
	first, last time.Time
	hash        uint64 // of the record's content, times aside (accountSeen)
	indexed     string // screen name last written to the index, if known
}

// NewWriter starts writing records to the store.
func (s *Store) NewWriter(opts WriterOptions) (*Writer, error) {
	if s.opts.ReadOnly {
		return nil, botsweep.Errorf(botsweep.EINVALID, "store %s is open read-only", s.dir)
	}
	if opts.BatchBytes <= 0 {
		opts.BatchBytes = 2 << 20
		if opts.Bulk {
			opts.BatchBytes = DefaultBulkBatchBytes
		}
	}
	if opts.Bulk {
		removeBulkTmp(s.dir)
	}
	if opts.CacheEntries <= 0 {
		opts.CacheEntries = 4 << 20
		if opts.Bulk {
			opts.CacheEntries = DefaultBulkCacheEntries
		}
	}
	c, err := readCounters(s.db)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "read counters: %w", err)
	}
	w := &Writer{s: s, opts: opts, c: c, committed: c, file: "-", pendDelID: map[string]struct{}{}}
	if err := w.readDeleteMarks(); err != nil {
		return nil, err
	}
	w.b = w.newBatch()
	w.resetCaches()
	w.resetPending()
	if err := w.preload(); err != nil {
		return nil, err
	}
	return w, nil
}

// minBatchAlloc is the smallest buffer a batch is created with. Pebble's
// Batch.Close slices an unused batch's buffer to its 12-byte header, so a
// buffer smaller than that panics (seen with BatchBytes: 1 when the pool
// hands out a fresh batch).
const minBatchAlloc = 4 << 10

// newBatch starts a batch sized for BatchBytes.
func (w *Writer) newBatch() kvBuffer {
	if w.opts.Bulk {
		if w.sstFree == nil {
			w.sstFree = make(chan *sstBuffer, 2)
		}
		select {
		case b := <-w.sstFree:
			return b
		default:
			return &sstBuffer{home: w.sstFree}
		}
	}
	return w.s.db.NewBatchWithSize(max(w.opts.BatchBytes+w.opts.BatchBytes/4, minBatchAlloc))
}

// apply makes a buffer's writes part of the store: a batch is committed
// (with or without fsync), an sstBuffer ingested (always synced).
func (w *Writer) apply(b kvBuffer, sync bool) error {
	if sb, ok := b.(*sstBuffer); ok {
		return sb.ingest(w.s.db, w.s.dir)
	}
	opt := pebble.NoSync
	if sync {
		opt = pebble.Sync
	}
	return b.(*pebble.Batch).Commit(opt)
}

// preloadMax is the most ids of a kind NewWriter reads into its cache up
// front; a sequential scan of them is far cheaper than a point read per
// record when the same data is ingested again (as after a crash).
const preloadMax = 1 << 20

// preload fills the intern caches from the store when they are small
// enough, making them complete.
func (w *Writer) preload() error {
	if n := int(w.committed.NextAccount) - 1; n > 0 && n <= preloadMax && n <= w.opts.CacheEntries {
		err := w.s.scanPrefix([]byte{nsIntern, subAccountID}, func(k, v []byte) error {
			if len(v) != 4 {
				return errCorrupt
			}
			w.acct.put(idHash(k[2:]), binary.BigEndian.Uint32(v))
			return nil
		})
		if err != nil {
			return w.internal(err)
		}
		w.acctComplete = true
	}
	if n := int(w.committed.NextPost) - 1; n > 0 && n <= preloadMax && n <= w.opts.CacheEntries {
		err := w.s.scanPrefix([]byte{nsIntern, subPostID}, func(k, v []byte) error {
			w.post.put(idHash(k[2:]), 0)
			return nil
		})
		if err != nil {
			return w.internal(err)
		}
		if w.tombs {
			err = w.s.scanPrefix([]byte{nsIntern, subDeleted}, func(k, v []byte) error {
				w.post.put(idHash(k[2:]), 0)
				return nil
			})
			if err != nil {
				return w.internal(err)
			}
		}
		w.postComplete = true
	}
	return nil
}

func (w *Writer) resetCaches() {
	acctHint, postHint := 0, 0
	if w.opts.Bulk {
		// A bulk ingest is large: growing the maps costs more than this.
		acctHint, postHint = 1<<16, 1<<20
	}
	w.acct = newIDTable(acctHint, true)
	w.seen = make(map[uint32]seenRange)
	w.post = newIDTable(postHint, false)
	w.acctComplete = w.committed.NextAccount <= 1
	w.postComplete = w.committed.NextPost <= 1 && !w.tombs
}

func (w *Writer) resetPending() {
	w.pendAcct = make(map[uint32]*pendingAccount)
	w.pendBytes = 0
	w.pendFollow = make(map[uint64]struct{})
	w.pendReject = make(map[string]struct{})
	w.pendRef = make(map[string][]byte)
}

// BeginFile starts a new input file: earlier writes are committed, rejects
// are keyed to this file by NewFileKey(head), and with hold every write of
// the file stays pending until EndFile (for --strict).
func (w *Writer) BeginFile(name string, head []byte, hold bool) error {
	if err := w.commit(false); err != nil {
		return err
	}
	w.file, w.fileKey, w.hold = name, NewFileKey(head), hold
	return nil
}

// EndFile ends the current file: with keep its pending writes are
// committed, without they are dropped (nothing of the file is stored).
func (w *Writer) EndFile(keep bool) error {
	w.hold = false
	if keep {
		return w.commit(false)
	}
	if err := w.wait(); err != nil {
		return err
	}
	w.b.Reset()
	w.c = w.committed
	w.resetPending()
	w.pendDel = w.pendDel[:0]
	clear(w.pendDelID)
	w.derivedMarked = false
	w.resetCaches()
	return w.preload()
}

// Close commits what is pending with fsync and releases the writer. It
// does not close the store.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.hold = false
	err := w.commit(true)
	if werr := w.wait(); err == nil {
		err = werr
	}
	if err == nil && w.rangeDirty {
		err = w.fixRange()
	}
	w.b.Close()
	w.closed = true
	return err
}

// Flush commits what is pending (without fsync).
func (w *Writer) Flush() error {
	if w.hold {
		return nil
	}
	return w.commit(false)
}

// commit writes the pending batch with the counters, then the pending
// deletes.
func (w *Writer) commit(sync bool) error {
	if len(w.pendDel) > 0 {
		if err := w.commitRecords(false); err != nil {
			return err
		}
		return w.applyDeletes(sync)
	}
	return w.commitRecords(sync)
}

// commitRecords writes the pending batch with the counters.
func (w *Writer) commitRecords(sync bool) error {
	if w.b.Empty() && len(w.pendAcct) == 0 && !sync {
		return nil
	}
	if err := w.writeAccounts(); err != nil {
		return err
	}
	w.val = w.c.encode(w.val[:0])
	if err := w.b.Set(countersKey, w.val, nil); err != nil {
		return w.internal(err)
	}
	// One batch in flight at a time: batches are applied in order.
	if err := w.wait(); err != nil {
		return err
	}
	b := w.b
	if sync {
		err := w.apply(b, true)
		b.Close()
		if err != nil {
			return w.internal(err)
		}
	} else {
		// Applying a batch to the memtable runs beside the parse of the
		// next one.
		done := make(chan error, 1)
		go func() {
			err := w.apply(b, false)
			b.Close()
			done <- err
		}()
		w.flight = done
		w.prevAcct, w.prevFollow, w.prevReject = w.pendAcct, w.pendFollow, w.pendReject
	}
	w.b = w.newBatch()
	w.committed = w.c
	w.resetPending()
	if w.acct.Len() > w.opts.CacheEntries || w.post.Len() > w.opts.CacheEntries {
		// What the caches forget must be readable from the store first.
		if err := w.wait(); err != nil {
			return err
		}
	}
	if w.acct.Len() > w.opts.CacheEntries {
		w.acct = newIDTable(0, true)
		w.seen = make(map[uint32]seenRange)
		w.acctComplete = false
	}
	if w.post.Len() > w.opts.CacheEntries {
		w.post = newIDTable(0, false)
		w.postComplete = false
	}
	return nil
}

// wait waits for the batch in flight, if any, to be applied.
func (w *Writer) wait() error {
	if w.flight != nil {
		err := <-w.flight
		w.flight = nil
		w.prevAcct, w.prevFollow, w.prevReject = nil, nil, nil
		if err != nil && w.failed == nil {
			w.failed = w.internal(err)
		}
	}
	return w.failed
}

func (w *Writer) internal(err error) error {
	return botsweep.Errorf(botsweep.EINTERNAL, "store %s: write: %w", w.s.dir, err)
}

func (w *Writer) maybeCommit() error {
	if w.hold || w.b.Len()+w.pendBytes < w.opts.BatchBytes {
		return nil
	}
	return w.commit(false)
}

// get reads a committed value; ok is false when the key is absent.
func (w *Writer) get(key []byte, fn func(v []byte) error) (bool, error) {
	v, closer, err := w.s.db.Get(key)
	if err == pebble.ErrNotFound {
		return false, nil
	} else if err != nil {
		return false, w.internal(err)
	}
	defer closer.Close()
	if fn != nil {
		if err := fn(v); err != nil {
			return true, err
		}
	}
	return true, nil
}

// internAccount returns the dense id of an account, allocating one (and
// counting the account) when it is new.
func (w *Writer) internAccount(id string) (uint32, bool, error) {
	return w.internAccountHash(id, idHashString(id))
}

// internAccountHash is internAccount with the id's hash (idHashString)
// already computed.
func (w *Writer) internAccountHash(id string, h idKey) (uint32, bool, error) {
	if d, ok := w.acct.get(h); ok {
		return d, false, nil
	}
	if !w.acctComplete {
		var d uint32
		found, err := w.get(internKey(w.key[:0], subAccountID, id), func(v []byte) error {
			if len(v) != 4 {
				return w.internal(errCorrupt)
			}
			d = binary.BigEndian.Uint32(v)
			return nil
		})
		if err != nil {
			return 0, false, err
		}
		if found {
			w.acct.put(h, d)
			return d, false, nil
		}
	}
	if w.c.NextAccount == ^uint32(0) {
		return 0, false, botsweep.Errorf(botsweep.ELIMIT, "store %s holds the most accounts it can (2^32-1)", w.s.dir)
	}
	d := w.c.NextAccount
	w.c.NextAccount++
	w.c.Accounts++
	w.acct.put(h, d)
	var dv [4]byte
	binary.BigEndian.PutUint32(dv[:], d)
	w.key = internKey(w.key[:0], subAccountID, id)
	if err := w.b.Set(w.key, dv[:], nil); err != nil {
		return 0, false, w.internal(err)
	}
	w.key = reverseKey(w.key[:0], subAccountRev, d)
	if err := w.b.Set(w.key, []byte(id), nil); err != nil {
		return 0, false, w.internal(err)
	}
	return d, true, nil
}

func invalid(format string, args ...any) error {
	return botsweep.Errorf(botsweep.EINVALID, format, args...)
}

// Account implements botsweep.Sink. Snapshots of one account merge the
// same whatever order they arrive in: the record is the snapshot with the
// latest LastSeen (on a tie, the one whose content hashes higher), with the
// earliest non-zero FirstSeen of all of them.
func (w *Writer) Account(a *botsweep.Account) error {
	if a.ID == "" {
		return invalid("account without an id (screen name %q)", a.ScreenName)
	}
	d, isNew, err := w.internAccount(a.ID)
	if err != nil {
		return err
	}
	if a.CountsDerived && !w.derivedMarked {
		if err := w.b.Set(derivedKey, nil, nil); err != nil {
			return w.internal(err)
		}
		w.derivedMarked = true
	}
	w.val = encodeAccount(w.val[:0], a)
	_, _, h, err := accountSeen(w.val)
	if err != nil {
		return w.internal(err)
	}
	var prev seenRange
	hasPrev := false
	if !isNew {
		prev, hasPrev = w.seen[d]
		if !hasPrev {
			err = w.currentAccount(d, func(v []byte) error {
				var e error
				prev.first, prev.last, prev.hash, e = accountSeen(v)
				hasPrev = true
				return e
			})
			if err != nil {
				return w.internal(err)
			}
		}
	}
	first := a.FirstSeen
	if hasPrev && !prev.first.IsZero() && (first.IsZero() || prev.first.Before(first)) {
		first = prev.first
	}
	var rec *botsweep.Account
	wins := !hasPrev || a.LastSeen.After(prev.last) || a.LastSeen.Equal(prev.last) && h > prev.hash
	switch {
	case !hasPrev:
		w.c.Profiles++
		rec = a
	case wins:
		// This snapshot wins; it keeps the earliest FirstSeen.
		rec = a
		if !first.Equal(a.FirstSeen) {
			cp := *a
			cp.FirstSeen = first
			rec = &cp
		}
	case !first.Equal(prev.first):
		// The stored snapshot stays; only FirstSeen moves earlier.
		var cur botsweep.Account
		found := false
		err = w.currentAccount(d, func(v []byte) error { found = true; return decodeAccount(v, &cur) })
		if err == nil && !found {
			err = errCorrupt
		}
		if err != nil {
			return w.internal(err)
		}
		cur.FirstSeen = first
		rec = &cur
	default:
		w.seen[d] = prev
		return nil // adds nothing
	}
	// The record is written once per batch, at commit: an account posting
	// often costs one write per batch, not one per post.
	pa := w.pendAcct[d]
	if pa == nil {
		pa = &pendingAccount{}
		w.pendAcct[d] = pa
		w.pendBytes += 64
	}
	w.pendBytes -= len(pa.val)
	pa.val = encodeAccount(pa.val[:0], rec)
	w.pendBytes += len(pa.val)
	if pa.screen != rec.ScreenName {
		pa.screen = rec.ScreenName
	}
	sr := w.seen[d]
	sr.first, sr.last = rec.FirstSeen, rec.LastSeen
	sr.hash = prev.hash
	if wins {
		sr.hash = h
	}
	w.seen[d] = sr
	return w.maybeCommit()
}

// currentAccount calls fn with the newest record of account d: pending in
// this batch, in the batch being applied, or stored. It does not call fn
// when the account has no record.
func (w *Writer) currentAccount(d uint32, fn func(v []byte) error) error {
	if pa, ok := w.pendAcct[d]; ok {
		return fn(pa.val)
	}
	if pa, ok := w.prevAcct[d]; ok {
		return fn(pa.val)
	}
	_, err := w.get(accountKey(w.key[:0], d), fn)
	return err
}

// pendingAccount is an account record waiting for the batch's commit.
type pendingAccount struct {
	val    []byte
	screen string
}

// writeAccounts puts the pending account records into the batch, with a
// screen-name index entry where the name is new for the account.
func (w *Writer) writeAccounts() error {
	for d, pa := range w.pendAcct {
		w.key = accountKey(w.key[:0], d)
		if err := w.b.Set(w.key, pa.val, nil); err != nil {
			return w.internal(err)
		}
		sr := w.seen[d]
		if pa.screen != "" && pa.screen != sr.indexed {
			w.key = screenNameKey(w.key[:0], pa.screen, d)
			if err := w.b.Set(w.key, nil, nil); err != nil {
				return w.internal(err)
			}
			sr.indexed = pa.screen
			w.seen[d] = sr
		}
	}
	return nil
}

// Post implements botsweep.Sink. A post whose id is already stored is
// skipped: the first copy stays.
func (w *Writer) Post(p *botsweep.Post) error {
	if p.ID == "" {
		return invalid("post without an id")
	}
	if p.Kind > botsweep.KindLike {
		return invalid("post %s has unknown kind %d", p.ID, p.Kind)
	}
	var ph, ah idKey
	if w.hintPs != nil {
		ph, ah = w.hinted(p)
	}
	if ph.lo == 0 {
		ph = idHashString(p.ID)
	}
	if w.postComplete && len(w.pendDelID) == 0 {
		// The set alone knows whether the id is stored: look it up and
		// add it in one probe (a bulk ingest's costliest cache miss).
		if w.post.add(ph) {
			return nil
		}
	} else if seen, err := w.postSeen(p.ID, ph); seen || err != nil {
		return err
	}
	if w.c.NextPost == ^uint32(0) {
		return botsweep.Errorf(botsweep.ELIMIT, "store %s holds the most posts it can (2^32-1)", w.s.dir)
	}
	var author uint32
	if p.AccountID != "" {
		var err error
		if ah.lo == 0 {
			ah = idHashString(p.AccountID)
		}
		if author, _, err = w.internAccountHash(p.AccountID, ah); err != nil {
			return err
		}
	}
	d := w.c.NextPost
	w.c.NextPost++
	if p.Kind == botsweep.KindLike {
		w.c.Likes++
	} else {
		w.c.Posts[p.Kind]++
	}
	w.c.notePostTime(p.CreatedAt)
	var dv [5]byte
	binary.BigEndian.PutUint32(dv[:], d)
	dv[4] = byte(p.Kind)
	w.key = internKey(w.key[:0], subPostID, p.ID)
	if err := w.b.Set(w.key, dv[:], nil); err != nil {
		return w.internal(err)
	}
	w.key = postKey(w.key[:0], byte(p.Kind), d)
	if err := w.setPost(w.key, p, author); err != nil {
		return w.internal(err)
	}
	return w.maybeCommit()
}

// hintWindow is how many posts ahead of Post HintPosts' reads run: far
// enough that their cache misses overlap, near enough that the lines are
// still cached when Post gets to them.
const hintWindow = 256

// HintPosts implements botsweep.PostHinter: the slots of the posts' ids
// in the post-id set, and of their authors in the account table, are
// read ahead, hintWindow posts at a time, so that their cache misses
// overlap instead of each stalling Post (in a bulk ingest of a share
// table, a miss into a table of tens of megabytes per new post was
// Post's largest cost). Post does not rely on the hint: it looks up
// every id itself, and reuses the hint's hash of an id only when the
// post still holds the same id (TestHintPostsChangedAfterHint).
func (w *Writer) HintPosts(ps []botsweep.Post) {
	w.hintPs, w.hintNext = nil, 0
	if !w.postComplete {
		return
	}
	w.hintPost, w.hintAcct, w.hintIDs = w.hintPost[:0], w.hintAcct[:0], w.hintIDs[:0]
	for i := range ps {
		w.hintIDs = append(w.hintIDs, hintIDs{ps[i].ID, ps[i].AccountID})
		w.hintPost = append(w.hintPost, idHashString(ps[i].ID))
		if ps[i].AccountID != "" {
			w.hintAcct = append(w.hintAcct, idHashString(ps[i].AccountID))
		} else {
			w.hintAcct = append(w.hintAcct, idKey{})
		}
	}
	w.hintPs = ps
	w.touchAhead(0)
}

// touchAhead reads the slots of the hinted posts from i on, a window of
// them.
func (w *Writer) touchAhead(i int) {
	j := min(i+hintWindow, len(w.hintPost))
	w.touched += w.post.touch(w.hintPost[i:j]) + w.acct.touch(w.hintAcct[i:j])
}

// hinted notes that Post is at post p, reading the next window ahead
// when p starts one. It returns the hashes HintPosts computed for p's id
// and author when they are still p's (the same strings, compared by
// content, so a post changed since the hint is hashed again), else zero
// keys.
func (w *Writer) hinted(p *botsweep.Post) (ph, ah idKey) {
	i := w.hintNext
	if i >= len(w.hintPs) || p != &w.hintPs[i] {
		return idKey{}, idKey{}
	}
	w.hintNext++
	if w.hintNext%hintWindow == 0 {
		w.touchAhead(w.hintNext)
	}
	if p.ID == w.hintIDs[i].id {
		ph = w.hintPost[i]
	}
	if p.AccountID != "" && p.AccountID == w.hintIDs[i].account {
		ah = w.hintAcct[i]
	}
	return ph, ah
}

// postSeen is Post's check of an id the post set alone cannot answer for
// (an incomplete set, or deletes pending): seen when the id is stored,
// deleted or pending deletion, to be skipped; else the id is added to
// the set.
func (w *Writer) postSeen(id string, ph idKey) (seen bool, err error) {
	if _, ok := w.post.get(ph); ok {
		return true, nil
	}
	if len(w.pendDelID) > 0 {
		if _, ok := w.pendDelID[id]; ok {
			return true, nil
		}
	}
	if !w.postComplete {
		found, err := w.get(internKey(w.key[:0], subPostID, id), nil)
		if err == nil && !found && w.tombs {
			found, err = w.get(internKey(w.key[:0], subDeleted, id), nil)
		}
		if err != nil {
			return false, err
		}
		if found {
			w.post.put(ph, 0)
			return true, nil
		}
	}
	w.post.put(ph, 0)
	return false, nil
}

// setPost writes post p's record under key: a bulk buffer encodes it
// straight into its arena, a batch from the scratch buffer.
func (w *Writer) setPost(key []byte, p *botsweep.Post, author uint32) error {
	if sb, ok := w.b.(*sstBuffer); ok {
		sb.setAppend(key, func(b []byte) []byte { return encodePost(b, p, author) })
		return nil
	}
	w.val = encodePost(w.val[:0], p, author)
	return w.b.Set(key, w.val, nil)
}

// Follow implements botsweep.Sink.
func (w *Writer) Follow(f botsweep.Follow) error {
	if f.Follower == "" || f.Followee == "" {
		return invalid("follow without both account ids")
	}
	fr, fe, err := w.internPair(f)
	if err != nil {
		return err
	}
	pk := uint64(fr)<<32 | uint64(fe)
	if _, ok := w.pendFollow[pk]; ok {
		return nil
	}
	if _, ok := w.prevFollow[pk]; ok {
		return nil
	}
	w.key = followKey(w.key[:0], fr, fe)
	if fr < w.committed.NextAccount && fe < w.committed.NextAccount {
		found, err := w.get(w.key, nil)
		if err != nil {
			return err
		}
		if found {
			return nil
		}
	}
	w.pendFollow[pk] = struct{}{}
	w.c.Follows++
	w.val = encodeFollow(w.val[:0], f)
	if err := w.b.Set(w.key, w.val, nil); err != nil {
		return w.internal(err)
	}
	return w.maybeCommit()
}

// putRef stores a reference record under key unless the same record (up to
// its Received time) is there; n counts new keys.
func (w *Writer) putRef(key, val []byte, n *int64) error {
	body := skipReceived(val)
	sk := string(key)
	if prev, ok := w.pendRef[sk]; ok {
		if string(prev) == string(body) {
			return nil
		}
	} else {
		if err := w.wait(); err != nil {
			return err
		}
		same := false
		found, err := w.get(key, func(v []byte) error {
			same = string(skipReceived(v)) == string(body)
			return nil
		})
		if err != nil {
			return err
		}
		if same {
			return nil
		}
		if !found {
			*n++
		}
	}
	w.pendRef[sk] = append([]byte(nil), body...)
	if err := w.b.Set(key, val, nil); err != nil {
		return w.internal(err)
	}
	return w.maybeCommit()
}

func timeKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// PriorOperation implements botsweep.Sink; operations are keyed by name,
// and a changed record replaces the stored one.
func (w *Writer) PriorOperation(o *botsweep.PriorOperation) error {
	if strings.TrimSpace(o.Name) == "" {
		return invalid("prior operation without a name")
	}
	return w.putRef(refKey(refOperation, o.Name), encodeOperation(nil, o), &w.c.Operations)
}

// DomainRegistration implements botsweep.Sink.
func (w *Writer) DomainRegistration(r *botsweep.DomainRegistration) error {
	if r.Domain == "" {
		return invalid("domain registration without a domain")
	}
	return w.putRef(refKey(refRegistation, r.Domain, r.Registrant, timeKey(r.RegisteredAt)), encodeRegistration(nil, r), &w.c.Registrations)
}

// Campaign implements botsweep.Sink.
func (w *Writer) Campaign(c *botsweep.Campaign) error {
	if c.Hashtag == "" && c.Emoji == "" {
		return invalid("campaign without a hashtag or emoji")
	}
	return w.putRef(refKey(refCampaign, c.Hashtag, c.Emoji, timeKey(c.Starts), timeKey(c.Ends)), encodeCampaign(nil, c), &w.c.Campaigns)
}

// Reject records a bad record of the current file (see BeginFile); the
// same reject of the same file is counted once however often it is
// ingested.
func (w *Writer) Reject(line int64, reason string) error {
	w.key = rejectKey(w.key[:0], w.fileKey, line, reason)
	sk := string(w.key)
	if _, ok := w.pendReject[sk]; ok {
		return nil
	}
	if _, ok := w.prevReject[sk]; ok {
		return nil
	}
	found, err := w.get(w.key, nil)
	if err != nil || found {
		return err
	}
	w.pendReject[sk] = struct{}{}
	w.c.Rejected++
	w.val = encodeReject(w.val[:0], reject{File: w.file, Line: line, Reason: reason})
	if err := w.b.Set(w.key, w.val, nil); err != nil {
		return w.internal(err)
	}
	return w.maybeCommit()
}

var _ botsweep.Sink = (*Writer)(nil)

// RejectsBeyond records that the current file (see BeginFile) had n more
// rejects than were passed to Reject: they are counted in the stats, not
// stored one by one. Ingesting the same file again does not count them
// twice.
func (w *Writer) RejectsBeyond(n int64) error {
	key := append([]byte{nsReject, subRejectCount}, w.fileKey[:]...)
	var prev int64
	if v, ok := w.pendRef[string(key)]; ok {
		prev = int64(binary.BigEndian.Uint64(v))
	} else {
		if err := w.wait(); err != nil {
			return err
		}
		if _, err := w.get(key, func(v []byte) error {
			if len(v) != 8 {
				return errCorrupt
			}
			prev = int64(binary.BigEndian.Uint64(v))
			return nil
		}); err != nil {
			return err
		}
	}
	if n == prev {
		return nil
	}
	w.c.Rejected += n - prev
	val := binary.BigEndian.AppendUint64(nil, uint64(n))
	w.pendRef[string(key)] = val
	if err := w.b.Set(key, val, nil); err != nil {
		return w.internal(err)
	}
	return w.maybeCommit()
}
