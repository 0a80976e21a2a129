package postgres_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/internal/storetest"
	"github.com/botsweep/botsweep/internal/testutil"
	"github.com/botsweep/botsweep/postgres"
)

var schemas atomic.Int64

// openTest opens a fresh schema in the test database named by
// BOTSWEEP_TEST_POSTGRES (scripts/setup.sh creates it), dropped at cleanup.
func openTest(t *testing.T) *postgres.DB {
	t.Helper()
	url := os.Getenv("BOTSWEEP_TEST_POSTGRES")
	if url == "" {
		testutil.RequireService(t, "BOTSWEEP_TEST_POSTGRES is not set (scripts/setup.sh starts PostgreSQL and prints it)")
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(t.Name()))
	schema := fmt.Sprintf("t%d_%d_%s", os.Getpid(), schemas.Add(1), name)
	if len(schema) > 60 {
		schema = schema[:60]
	}
	ctx := context.Background()
	db, err := postgres.Open(ctx, url, postgres.Options{Schema: schema})
	if err != nil {
		testutil.RequireService(t, fmt.Sprintf("PostgreSQL at BOTSWEEP_TEST_POSTGRES: %v", err))
	}
	t.Cleanup(func() {
		if err := db.DropSchema(ctx); err != nil {
			t.Errorf("drop schema: %v", err)
		}
		db.Close()
	})
	return db
}

func TestEventLogContract(t *testing.T) {
	storetest.EventLog(t, func(t *testing.T) botsweep.EventLog { return openTest(t) }, nil)
}

func TestNetworkStoreContract(t *testing.T) {
	storetest.NetworkStore(t, func(t *testing.T) botsweep.NetworkStore { return openTest(t) })
}

func TestTokenStoreContract(t *testing.T) {
	storetest.TokenStore(t, func(t *testing.T) botsweep.TokenStore { return openTest(t) })
}

func TestOpenRejectsBadSchema(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://x@127.0.0.1:1/x", postgres.Options{Schema: "a; drop table x"})
	if botsweep.ErrorCode(err) != botsweep.EINVALID {
		t.Fatalf("Open = %v, want EINVALID", err)
	}
}
