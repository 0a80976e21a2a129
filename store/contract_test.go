package store_test

import (
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/internal/storetest"
	"github.com/botsweep/botsweep/store"
)

// The embedded store meets the same NetworkStore contract as the
// PostgreSQL team store (postgres/postgres_test.go).
func TestNetworkStoreContract(t *testing.T) {
	storetest.NetworkStore(t, func(t *testing.T) botsweep.NetworkStore {
		s, err := store.Open(t.TempDir(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestTokenStoreContract(t *testing.T) {
	storetest.TokenStore(t, func(t *testing.T) botsweep.TokenStore {
		s, err := store.Open(t.TempDir(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
