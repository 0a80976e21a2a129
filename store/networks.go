package store

import (
	"context"
	"encoding/binary"
	"encoding/json"

	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
)

var _ botsweep.NetworkStore = (*Store)(nil)

// networkKey is the key of the network at position i (0-based rank order):
// namespace 'n' then the big-endian position, so a scan yields rank order.
func networkKey(i int) []byte {
	k := make([]byte, 5)
	k[0] = nsNetwork
	binary.BigEndian.PutUint32(k[1:], uint32(i))
	return k
}

// PutNetworks implements botsweep.NetworkStore: it replaces the stored
// networks with these, in their order, in one synced batch.
func (s *Store) PutNetworks(ctx context.Context, networks []botsweep.Network) error {
	if s.opts.ReadOnly {
		return botsweep.Errorf(botsweep.EINVALID, "store %s is open read-only", s.dir)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	b := s.db.NewBatch()
	defer b.Close()
	prefix := []byte{nsNetwork}
	if err := b.DeleteRange(prefix, prefixUpperBound(prefix), nil); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "store networks: %w", err)
	}
	for i := range networks {
		v, err := json.Marshal(&networks[i])
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "encode network %s: %w", networks[i].ID, err)
		}
		if err := b.Set(networkKey(i), v, nil); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "store networks: %w", err)
		}
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "store networks: %w", err)
	}
	return nil
}

// Networks implements botsweep.NetworkStore: the stored networks in rank
// order, or none when detection has not run.
func (s *Store) Networks(ctx context.Context) ([]botsweep.Network, error) {
	var out []botsweep.Network
	err := s.scanCtx(ctx, []byte{nsNetwork}, func(_, v []byte) error {
		var n botsweep.Network
		if err := json.Unmarshal(v, &n); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "store %s: corrupt network record: %w", s.dir, err)
		}
		out = append(out, n)
		return nil
	})
	return out, err
}

// Network returns the stored network with the id, or ENOTFOUND.
func (s *Store) Network(ctx context.Context, id string) (*botsweep.Network, error) {
	nets, err := s.Networks(ctx)
	if err != nil {
		return nil, err
	}
	for i := range nets {
		if nets[i].ID == id {
			return &nets[i], nil
		}
	}
	return nil, botsweep.Errorf(botsweep.ENOTFOUND, "no network %q in the store (run 'botsweep detect' first, or list them with 'botsweep show networks')", id)
}

// detectRunKey holds the latest detection run's summary.
var detectRunKey = append([]byte{nsMeta}, "detect/run"...)

// PutDetectRun stores the latest detection run's summary (any JSON value),
// so that readers can tell "detection found nothing" from "detection has
// not run".
func (s *Store) PutDetectRun(ctx context.Context, summary any) error {
	if s.opts.ReadOnly {
		return botsweep.Errorf(botsweep.EINVALID, "store %s is open read-only", s.dir)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	v, err := json.Marshal(summary)
	if err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "encode detection summary: %w", err)
	}
	if err := s.db.Set(detectRunKey, v, pebble.Sync); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "store detection summary: %w", err)
	}
	return nil
}

// DetectRun decodes the latest detection run's summary into v and reports
// whether one is stored.
func (s *Store) DetectRun(ctx context.Context, v any) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	b, ok, err := s.get(detectRunKey)
	if err != nil || !ok {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, botsweep.Errorf(botsweep.EINTERNAL, "store %s: corrupt detection summary: %w", s.dir, err)
	}
	return true, nil
}
