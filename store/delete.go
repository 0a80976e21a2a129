package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
)

// Deletes. A source may take back a record it gave (Bluesky's delete
// operations). The store removes the record and every index entry it has,
// keeps a tombstone of its id, and fixes the counters:
//
//	I 'D' <record id>                        -> empty: a deleted post, like, repost or follow record
//	I 'R' <follow record id>                 -> dense follower, dense followee (4+4 bytes BE)
//	I 'F' <dense follower> <dense followee> <follow record id> -> empty: the records behind a follow
//
// A deleted id stays deleted: a create of it that comes later (a capture
// out of order, or the same capture ingested again) adds nothing. So the
// outcome does not depend on the order of creates and deletes, and a
// capture with creates and their deletes leaves the store with the digest
// of the same capture without those records. Accounts stay: an account
// whose records were all deleted is still an account that was seen.
//
// Deletes are applied when the writer commits, after the batch of records
// before them, in a Pebble batch of their own that holds each delete with
// its index updates, tombstones and the counters. A crash between the two
// leaves a store as it was after a whole batch; ingesting the input again
// applies the deletes (they are idempotent).
const (
	subDeleted      byte = 'D'
	subFollowRecord byte = 'R'
	subFollowByPair byte = 'F'
)

// rangeDirtyKey marks counters whose post time range may include deleted
// posts; the next Writer.Close recomputes it.
var rangeDirtyKey = []byte{nsMeta, 'r', 'a', 'n', 'g', 'e', '-', 'd', 'i', 'r', 't', 'y'}

var (
	_ botsweep.Deleter        = (*Writer)(nil)
	_ botsweep.RecordFollower = (*Writer)(nil)
)

// pendingDelete is a delete waiting for the commit.
type pendingDelete struct {
	id     string
	follow botsweep.Follow // for Unfollow: the pair, id empty
}

// DeletePost implements botsweep.Deleter: the post, like or repost with
// this id is removed at the next commit, and the id is never added again.
func (w *Writer) DeletePost(id string) error {
	if id == "" {
		return invalid("delete without a record id")
	}
	return w.queueDelete(pendingDelete{id: id})
}

// UnfollowRecord implements botsweep.RecordFollower.
func (w *Writer) UnfollowRecord(id string) error {
	if id == "" {
		return invalid("delete without a record id")
	}
	return w.queueDelete(pendingDelete{id: id})
}

// Unfollow implements botsweep.Deleter: the follow is removed at the next
// commit with the records behind it. Unlike a delete by record id it
// leaves no tombstone (the same follow made again is a new follow), so
// it applies to what was ingested before it; sources with follow record
// ids use UnfollowRecord.
func (w *Writer) Unfollow(f botsweep.Follow) error {
	if f.Follower == "" || f.Followee == "" {
		return invalid("unfollow without both account ids")
	}
	// A follow pending in this batch is committed first, so that the
	// delete comes after it.
	return w.queueDelete(pendingDelete{follow: f})
}

func (w *Writer) queueDelete(d pendingDelete) error {
	if d.id != "" {
		if _, ok := w.pendDelID[d.id]; ok {
			return nil
		}
		w.pendDelID[d.id] = struct{}{}
	}
	w.pendDel = append(w.pendDel, d)
	w.pendBytes += 64 + len(d.id)
	if d.id == "" && !w.hold {
		// Apply now, after what came before, before what comes after.
		return w.commit(false)
	}
	return w.maybeCommit()
}

// deleted reports whether a record id has a tombstone (or a delete
// pending), so that a create of it adds nothing.
func (w *Writer) deleted(id string) (bool, error) {
	if _, ok := w.pendDelID[id]; ok {
		return true, nil
	}
	if !w.tombs {
		return false, nil
	}
	return w.get(internKey(w.key[:0], subDeleted, id), nil)
}

// FollowRecord implements botsweep.RecordFollower.
func (w *Writer) FollowRecord(id string, f botsweep.Follow) error {
	if id == "" {
		return invalid("follow record without an id")
	}
	if gone, err := w.deleted(id); err != nil || gone {
		return err
	}
	if err := w.Follow(f); err != nil {
		return err
	}
	fr, fe, err := w.internPair(f)
	if err != nil {
		return err
	}
	var pair [8]byte
	binary.BigEndian.PutUint32(pair[:], fr)
	binary.BigEndian.PutUint32(pair[4:], fe)
	w.key = internKey(w.key[:0], subFollowRecord, id)
	if err := w.b.Set(w.key, pair[:], nil); err != nil {
		return w.internal(err)
	}
	w.key = followRecordKey(w.key[:0], fr, fe, id)
	if err := w.b.Set(w.key, nil, nil); err != nil {
		return w.internal(err)
	}
	return w.maybeCommit()
}

// internPair returns the dense ids of a follow's two accounts.
func (w *Writer) internPair(f botsweep.Follow) (uint32, uint32, error) {
	fr, _, err := w.internAccount(f.Follower)
	if err != nil {
		return 0, 0, err
	}
	fe, _, err := w.internAccount(f.Followee)
	return fr, fe, err
}

func followRecordKey(b []byte, fr, fe uint32, id string) []byte {
	b = appendU32(appendU32(append(b, nsIntern, subFollowByPair), fr), fe)
	return append(b, id...)
}

// applyDeletes applies the pending deletes, after the batch before them
// has been applied, in one batch with the counters.
func (w *Writer) applyDeletes(sync bool) error {
	if err := w.wait(); err != nil {
		return err
	}
	b := w.s.db.NewBatch()
	defer b.Close()
	gone := map[string]bool{} // keys deleted in this batch
	var key []byte
	for _, d := range w.pendDel {
		if d.id == "" {
			if err := w.deleteFollow(b, d.follow, gone); err != nil {
				return err
			}
			continue
		}
		key = internKey(key[:0], subDeleted, d.id)
		if err := b.Set(key, nil, nil); err != nil {
			return w.internal(err)
		}
		w.tombs = true
		w.post.put(idHashString(d.id), 0) // never added again
		v, ok, err := w.s.get(internKey(key[:0], subFollowRecord, d.id))
		if err != nil {
			return w.internal(err)
		}
		if ok {
			if len(v) != 8 {
				return w.internal(errCorrupt)
			}
			if err := w.deleteFollowRecord(b, d.id, binary.BigEndian.Uint32(v), binary.BigEndian.Uint32(v[4:]), gone); err != nil {
				return err
			}
			continue
		}
		if err := w.deletePost(b, d.id); err != nil {
			return err
		}
	}
	if w.rangeDirty {
		if err := b.Set(rangeDirtyKey, nil, nil); err != nil {
			return w.internal(err)
		}
	}
	w.val = w.c.encode(w.val[:0])
	if err := b.Set(countersKey, w.val, nil); err != nil {
		return w.internal(err)
	}
	opt := pebble.NoSync
	if sync {
		opt = pebble.Sync
	}
	if err := b.Commit(opt); err != nil {
		return w.internal(err)
	}
	w.committed = w.c
	w.pendDel = w.pendDel[:0]
	clear(w.pendDelID)
	return nil
}

// deletePost removes a held post with its intern entry.
func (w *Writer) deletePost(b *pebble.Batch, id string) error {
	ik := internKey(nil, subPostID, id)
	v, ok, err := w.s.get(ik)
	if err != nil {
		return w.internal(err)
	}
	if !ok {
		return nil // not held: the tombstone keeps it out
	}
	if len(v) != 5 {
		return w.internal(errCorrupt)
	}
	pk := postKey(nil, v[4], binary.BigEndian.Uint32(v))
	rec, ok, err := w.s.get(pk)
	if err != nil {
		return w.internal(err)
	}
	var p botsweep.Post
	if ok {
		if err := decodePost(rec, &p); err != nil {
			return w.internal(err)
		}
	}
	if err := b.Delete(ik, nil); err != nil {
		return w.internal(err)
	}
	if err := b.Delete(pk, nil); err != nil {
		return w.internal(err)
	}
	if !ok {
		return nil
	}
	if p.Kind == botsweep.KindLike {
		w.c.Likes--
	} else if int(p.Kind) < len(w.c.Posts) {
		w.c.Posts[p.Kind]--
	}
	if t := p.CreatedAt.UTC(); !p.CreatedAt.IsZero() && (t.Equal(w.c.FirstPost) || t.Equal(w.c.LastPost)) {
		w.rangeDirty = true
	}
	return nil
}

// deleteFollowRecord removes a follow record's index entries, and the
// follow when no other record makes it.
func (w *Writer) deleteFollowRecord(b *pebble.Batch, id string, fr, fe uint32, gone map[string]bool) error {
	if err := b.Delete(internKey(nil, subFollowRecord, id), nil); err != nil {
		return w.internal(err)
	}
	rk := followRecordKey(nil, fr, fe, id)
	if err := b.Delete(rk, nil); err != nil {
		return w.internal(err)
	}
	gone[string(rk)] = true
	prefix := followRecordKey(nil, fr, fe, "")
	others := false
	err := w.s.scanPrefix(prefix, func(k, _ []byte) error {
		if !gone[string(k)] {
			others = true
		}
		return nil
	})
	if err != nil {
		return w.internal(err)
	}
	if others {
		return nil
	}
	return w.dropFollow(b, fr, fe, gone)
}

// deleteFollow removes a follow by its pair, with the records behind it.
func (w *Writer) deleteFollow(b *pebble.Batch, f botsweep.Follow, gone map[string]bool) error {
	fr, ok, err := w.s.denseAccount(f.Follower)
	if err != nil || !ok {
		return err
	}
	fe, ok, err := w.s.denseAccount(f.Followee)
	if err != nil || !ok {
		return err
	}
	prefix := followRecordKey(nil, fr, fe, "")
	err = w.s.scanPrefix(prefix, func(k, _ []byte) error {
		if gone[string(k)] {
			return nil
		}
		gone[string(k)] = true
		if err := b.Delete(internKey(nil, subFollowRecord, string(k[len(prefix):])), nil); err != nil {
			return err
		}
		return b.Delete(bytes.Clone(k), nil)
	})
	if err != nil {
		return w.internal(err)
	}
	return w.dropFollow(b, fr, fe, gone)
}

// dropFollow deletes the follow (fr, fe) if held and not deleted already.
func (w *Writer) dropFollow(b *pebble.Batch, fr, fe uint32, gone map[string]bool) error {
	fk := followKey(nil, fr, fe)
	if gone[string(fk)] {
		return nil
	}
	_, ok, err := w.s.get(fk)
	if err != nil {
		return w.internal(err)
	}
	if !ok {
		return nil
	}
	gone[string(fk)] = true
	if err := b.Delete(fk, nil); err != nil {
		return w.internal(err)
	}
	w.c.Follows--
	return nil
}

// fixRange recomputes the post time range after deletes that may have
// moved it, in a synced batch that clears the mark.
func (w *Writer) fixRange() error {
	c := w.c
	c.FirstPost, c.LastPost = time.Time{}, time.Time{}
	err := w.s.scanPrefix([]byte{nsPost}, func(k, v []byte) error {
		d := dec{b: v}
		if d.byte() != codecVersion || len(d.b) < 5 {
			return errCorrupt
		}
		d.b = d.b[5:] // kind, author
		d.id()
		d.id()
		t := d.time()
		if d.err != nil {
			return errCorrupt
		}
		c.notePostTime(t)
		return nil
	})
	if err != nil {
		return w.internal(err)
	}
	b := w.s.db.NewBatch()
	defer b.Close()
	w.val = c.encode(w.val[:0])
	if err := b.Set(countersKey, w.val, nil); err != nil {
		return w.internal(err)
	}
	if err := b.Delete(rangeDirtyKey, nil); err != nil {
		return w.internal(err)
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return w.internal(err)
	}
	w.c, w.committed, w.rangeDirty = c, c, false
	return nil
}

// readDeleteMarks learns whether the store holds tombstones and whether a
// post time range is left to fix.
func (w *Writer) readDeleteMarks() error {
	err := w.s.scanPrefix([]byte{nsIntern, subDeleted}, func(k, v []byte) error {
		w.tombs = true
		return errStopScan
	})
	if err != nil && err != errStopScan {
		return w.internal(err)
	}
	_, dirty, err := w.s.get(rangeDirtyKey)
	if err != nil {
		return w.internal(err)
	}
	w.rangeDirty = dirty
	return nil
}

// errStopScan ends a scan early.
var errStopScan = errors.New("stop scan")
