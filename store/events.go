package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"sync"

	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
)

// Moderation events live under namespace 'e', keyed by their big-endian
// sequence number, each value the event's JSON. Beside them, under the meta
// namespace, the key "M" + "moderation/head" holds the last event's sequence
// number (8 bytes, big-endian) followed by its hash, written in the same
// batch, so removing events from the end of the log is detectable.

var (
	_ botsweep.EventLog = (*Store)(nil)

	eventHeadKey = append([]byte{nsMeta}, "moderation/head"...)
	// appendMu serialises appends within the process; Pebble's directory
	// lock keeps other processes out.
	appendMu sync.Mutex
)

func eventKey(seq uint64) []byte {
	k := make([]byte, 9)
	k[0] = nsEvent
	binary.BigEndian.PutUint64(k[1:], seq)
	return k
}

// lastEventSeq returns the sequence number of the last stored event, or 0.
func (s *Store) lastEventSeq() (uint64, error) {
	prefix := []byte{nsEvent}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixUpperBound(prefix)})
	if err != nil {
		return 0, err
	}
	var seq uint64
	if it.Last() && len(it.Key()) == 9 {
		seq = binary.BigEndian.Uint64(it.Key()[1:])
	}
	if err := it.Error(); err != nil {
		it.Close()
		return 0, err
	}
	return seq, it.Close()
}

// AppendEvents implements botsweep.EventLog: the events go into one Pebble
// batch committed with Sync, so after a crash either all of them are in the
// log or none. Their sequence numbers must run on from the last stored event
// without gaps (ECONFLICT otherwise, e.g. when another writer got there first).
func (s *Store) AppendEvents(ctx context.Context, events []botsweep.ModEvent) error {
	if len(events) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.opts.ReadOnly {
		return botsweep.Errorf(botsweep.EINVALID, "store %s is open read-only", s.dir)
	}
	appendMu.Lock()
	defer appendMu.Unlock()
	last, err := s.lastEventSeq()
	if err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "read moderation log: %w", err)
	}
	b := s.db.NewBatch()
	defer b.Close()
	for i := range events {
		e := &events[i]
		if want := last + 1 + uint64(i); e.Seq != want {
			return botsweep.Errorf(botsweep.ECONFLICT, "event sequence %d does not follow the log's last event (want %d)", e.Seq, want)
		}
		v, err := json.Marshal(e)
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "encode event %d: %w", e.Seq, err)
		}
		if err := b.Set(eventKey(e.Seq), v, nil); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "batch event %d: %w", e.Seq, err)
		}
	}
	lastEv := &events[len(events)-1]
	head := binary.BigEndian.AppendUint64(nil, lastEv.Seq)
	head = append(head, lastEv.Hash...)
	if err := b.Set(eventHeadKey, head, nil); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "batch moderation head: %w", err)
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "commit %d moderation events: %w", len(events), err)
	}
	return nil
}

// EachEvent implements botsweep.EventLog: fn sees every stored event in key
// (sequence) order. A value that does not decode is passed on as an event
// with only Seq set from its key, so verification reports it as altered.
func (s *Store) EachEvent(ctx context.Context, fn func(*botsweep.ModEvent) error) error {
	n := 0
	return s.scanPrefix([]byte{nsEvent}, func(k, v []byte) error {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var e botsweep.ModEvent
		if err := json.Unmarshal(v, &e); err != nil {
			e = botsweep.ModEvent{Note: "undecodable event: " + err.Error()}
			if len(k) == 9 {
				e.Seq = binary.BigEndian.Uint64(k[1:])
			}
		}
		return fn(&e)
	})
}

// EventHead returns the sequence number and hash of the last event as
// recorded at the last append; ok is false before the first append.
func (s *Store) EventHead(ctx context.Context) (seq uint64, hash string, ok bool, err error) {
	v, found, err := s.get(eventHeadKey)
	if err != nil {
		return 0, "", false, botsweep.Errorf(botsweep.EINTERNAL, "read moderation head: %w", err)
	}
	if !found || len(v) < 8 {
		return 0, "", false, nil
	}
	return binary.BigEndian.Uint64(v[:8]), string(v[8:]), true, nil
}
