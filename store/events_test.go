package store_test

import (
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/internal/storetest"
	"github.com/botsweep/botsweep/store"
)

func TestEventLogContract(t *testing.T) {
	storetest.EventLog(t,
		func(t *testing.T) botsweep.EventLog { return openTemp(t) },
		func(t *testing.T, old botsweep.EventLog) botsweep.EventLog {
			s := old.(*store.Store)
			dir := s.Dir()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s2, err := store.Open(dir, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s2.Close() })
			return s2
		})
}
