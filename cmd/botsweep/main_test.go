package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	botsweep "github.com/botsweep/botsweep"
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

// readNetworksJSON decodes the networks.json detect wrote to dir.
func readNetworksJSON(t *testing.T, dir string) []botsweep.Network {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "networks.json"))
	if err != nil {
		t.Fatal(err)
	}
	var nets []botsweep.Network
	if err := json.Unmarshal(b, &nets); err != nil {
		t.Fatal(err)
	}
	return nets
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
