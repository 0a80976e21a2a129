// Package testutil holds helpers shared by botsweep's tests.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// Clock is a settable fake clock; its Now method is a botsweep.Clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock fixed at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// RepoRoot returns the repository's root directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// SharedData returns the path of ../shared/data/<sub> beside the repository,
// skipping the test with a message when it is absent.
func SharedData(t testing.TB, sub string) string {
	t.Helper()
	p := filepath.Join(RepoRoot(), "..", "shared", "data", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data %s is absent (../shared/data not beside the repo): skipping", sub)
	}
	return p
}

// RequireService fails the test when BOTSWEEP_REQUIRE_SERVICES is set (as in
// CI), and skips it otherwise, with why the service is missing.
func RequireService(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("BOTSWEEP_REQUIRE_SERVICES") != "" {
		t.Fatalf("required service missing: %s", why)
	}
	t.Skipf("service missing: %s", why)
}
