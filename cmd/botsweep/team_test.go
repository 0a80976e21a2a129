package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep/internal/testutil"
	"github.com/botsweep/botsweep/postgres"
)

// teamDB returns a --db URL on a schema of this test's own in the
// PostgreSQL test database, or skips (fails in CI) without one.
func teamDB(t *testing.T) string {
	t.Helper()
	base := os.Getenv("BOTSWEEP_TEST_POSTGRES")
	if base == "" {
		testutil.RequireService(t, "BOTSWEEP_TEST_POSTGRES is not set (scripts/setup.sh starts PostgreSQL)")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("schema", fmt.Sprintf("cli_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9))
	u.RawQuery = q.Encode()
	t.Cleanup(func() {
		if db, err := postgres.Open(context.Background(), u.String(), postgres.Options{}); err == nil {
			db.DropSchema(context.Background())
			db.Close()
		}
	})
	return u.String()
}

func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	status, out, errs := cli(t, "", args...)
	if status != 0 {
		if strings.Contains(errs, "postgres") && strings.Contains(errs, "connect") {
			testutil.RequireService(t, "PostgreSQL: "+errs)
		}
		t.Fatalf("botsweep %s: status %d\n%s", strings.Join(args, " "), status, errs)
	}
	return out
}

// Two analysts on two machines, each with its own copy of the ingested
// data, share one moderation log and one set of networks through --db.
func TestTeamDatabaseSharedByTwoAnalysts(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and ingests a world twice")
	}
	db := teamDB(t)
	tmp := t.TempDir()
	world, storeA, storeB := filepath.Join(tmp, "world"), filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	mustCLI(t, "simulate", "--seed", "5", "--scale", "0.02", "--out", world)
	for _, st := range []string{storeA, storeB} {
		mustCLI(t, "ingest", "--store", st, world)
	}
	// Analyst A detects; the networks land in the team database.
	mustCLI(t, "detect", "--store", storeA, "--db", db, "--out", filepath.Join(tmp, "det"))
	// Analyst B, on another machine, sweeps them all.
	mustCLI(t, "sweep", "--store", storeB, "--db", db, "--all", "--reason", "platform-manipulation", "--actor", "bob")

	impactOf := func(args ...string) map[string]any {
		var m map[string]any
		out := mustCLI(t, append([]string{"impact", "--account", "TheGlobus", "--json"}, args...)...)
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("impact JSON: %v\n%s", err, out)
		}
		return m
	}
	// A sees B's sweep through the team database ...
	shared := impactOf("--store", storeA, "--db", db)
	if lost, _ := shared["lost"].(float64); lost <= 0 {
		t.Fatalf("through the team database TheGlobus lost %v followers, want some: %v", shared["lost"], shared)
	}
	// ... while A's own embedded log has no sweep at all.
	local := impactOf("--store", storeA)
	if lost, _ := local["lost"].(float64); lost != 0 {
		t.Fatalf("without --db TheGlobus lost %v, want 0 (the sweep lives in the team database)", local["lost"])
	}
	// The shared log verifies, from either machine.
	for _, st := range []string{storeA, storeB} {
		if out := mustCLI(t, "audit", "verify", "--store", st, "--db", db); !strings.Contains(strings.ToLower(out), "ok") {
			t.Errorf("audit verify on %s: %s", st, out)
		}
	}
	// Tokens issued on one machine work on the other.
	mustCLI(t, "token", "create", "--store", storeA, "--db", db, "--role", "viewer", "--name", "carol")
	if out := mustCLI(t, "token", "list", "--store", storeB, "--db", db); !strings.Contains(out, "carol") {
		t.Errorf("token list on B: %s", out)
	}
}
