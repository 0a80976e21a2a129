package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// cli runs the botsweep CLI in-process and returns its exit status, stdout
// and stderr. The clock is fixed so outputs are reproducible.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errb,
		now:    func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) },
	}
	status := run(context.Background(), e, args)
	return status, out.String(), errb.String()
}

func TestUnknownFlagIsUsageError(t *testing.T) {
	status, _, stderr := cli(t, "", "--no-such-flag")
	if status != 2 {
		t.Errorf("status = %d, want 2", status)
	}
	if !strings.Contains(stderr, "no-such-flag") || strings.Contains(stderr, "goroutine") {
		t.Errorf("stderr = %q", stderr)
	}
}
