package store

import (
	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
)

// Checkpoint writes a consistent copy of the store to dir, which must not
// exist: sstables are hard-linked where the file system allows, the rest
// copied. Opened read-only, the copy lets another process read the store
// while this one keeps it open (Pebble's directory lock is exclusive, even
// for read-only opens).
func (s *Store) Checkpoint(dir string) error {
	if err := s.db.Checkpoint(dir, pebble.WithFlushedWAL()); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "checkpoint store %s to %s: %w", s.dir, dir, err)
	}
	return nil
}
