package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/moderation"
	"github.com/botsweep/botsweep/store"
)

// modBuildBinary builds the real botsweep binary into a temp dir.
func modBuildBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "botsweep")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func modCopyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		in, err := os.Open(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(dst, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			t.Fatal(err)
		}
		in.Close()
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// modWalFiles names the store's write-ahead log files.
func modWalFiles(dir string) map[string]bool {
	ents, _ := os.ReadDir(dir)
	out := map[string]bool{}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".log") {
			out[e.Name()] = true
		}
	}
	return out
}

// modWalBytes sums the sizes of the store's write-ahead log files other
// than old ones: what the running process has written to its log.
func modWalBytes(dir string, old map[string]bool) int64 {
	ents, _ := os.ReadDir(dir)
	var n int64
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".log") && !old[e.Name()] {
			if fi, err := e.Info(); err == nil {
				n += fi.Size()
			}
		}
	}
	return n
}

// modSweepState opens the store after a crash and reports how many of the
// members are suspended; the chain must verify.
func modSweepState(t *testing.T, dir string, members []string) (suspended int, events int) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer st.Close()
	ctx := context.Background()
	r, err := moderation.Verify(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK {
		t.Fatalf("chain broken after crash: %v", r.Problems)
	}
	log, err := moderation.Open(ctx, st, moderation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if log.Status(m) == botsweep.StatusSuspended {
			suspended++
		}
	}
	return suspended, log.Len()
}

// TestCrashMidSweep builds the real binary, starts a sweep of 20,000
// accounts and SIGKILLs it at several points (by elapsed time, and as soon
// as the write-ahead log has grown by a number of bytes, i.e. in the middle
// of writing the batch). After each crash the store must hold all of the
// sweep or none of it, with the hash chain intact, and a restarted sweep
// must complete it.
func TestCrashMidSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and sweeps 20,000 accounts")
	}
	bin := modBuildBinary(t)
	tmpl := modWorld(t, filepath.Join(t.TempDir(), "template"), 1000, 20000)
	var members []string
	{
		st, err := store.Open(tmpl, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		nets, err := st.Networks(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range nets[0].Members {
			members = append(members, m.AccountID)
		}
		st.Close()
	}
	args := func(dir string) []string {
		return []string{"sweep", "--store", dir, "--network", "N1", "--with-associated", "--reason", "platform-manipulation",
			"--actor", "crash-test", "--at", "2019-12-22T23:00:00Z", "--override"}
	}
	run := func(dir string) (*exec.Cmd, *bytes.Buffer) {
		var out bytes.Buffer
		cmd := exec.Command(bin, args(dir)...)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}

	// An uncrashed run: how long it takes and how much log it writes.
	base := filepath.Join(t.TempDir(), "base")
	modCopyDir(t, tmpl, base)
	w0 := modWalFiles(base)
	start := time.Now()
	cmd, out := run(base)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("uncrashed sweep: %v\n%s", err, out)
	}
	took := time.Since(start)
	if n, _ := modSweepState(t, base, members); n != len(members) {
		t.Fatalf("uncrashed sweep suspended %d of %d", n, len(members))
	}
	t.Logf("uncrashed sweep of %d accounts: %v, WAL grew %d bytes", len(members), took, modWalBytes(base, w0))

	type point struct {
		name  string
		after time.Duration // kill after this long, or
		wal   int64         // kill once the WAL has grown by this many bytes
	}
	var points []point
	for _, f := range []float64{0.1, 0.4, 0.7, 0.9, 1.0} {
		points = append(points, point{name: fmt.Sprintf("at %.0f%% of the run", 100*f), after: time.Duration(f * float64(took))})
	}
	for _, b := range []int64{1, 1 << 20, 4 << 20} {
		points = append(points, point{name: fmt.Sprintf("after %d WAL bytes", b), wal: b})
	}
	outcomes := map[string]int{}
	for i, p := range points {
		t.Run(p.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), fmt.Sprint("crash", i))
			modCopyDir(t, tmpl, dir)
			w0 := modWalFiles(dir)
			cmd, out := run(dir)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			killed := false
			if p.wal > 0 {
			poll:
				for {
					select {
					case err = <-done:
						break poll
					default:
					}
					if modWalBytes(dir, w0) >= p.wal {
						killed = cmd.Process.Signal(syscall.SIGKILL) == nil
						err = <-done
						break
					}
					time.Sleep(100 * time.Microsecond)
				}
			} else {
				select {
				case err = <-done:
				case <-time.After(p.after):
					killed = cmd.Process.Signal(syscall.SIGKILL) == nil
					err = <-done
				}
			}
			if err != nil && !killed {
				t.Fatalf("sweep failed: %v\n%s", err, out)
			}
			n, events := modSweepState(t, dir, members)
			var outcome string
			switch n {
			case 0:
				outcome = "none"
				if events != 0 {
					t.Fatalf("no member suspended but %d events stored", events)
				}
			case len(members):
				outcome = "all"
				if events != len(members)+2 {
					t.Fatalf("all members suspended but %d events stored, want %d", events, len(members)+2)
				}
			default:
				t.Fatalf("after SIGKILL %d of %d members are suspended: the sweep was torn", n, len(members))
			}
			if !killed {
				outcome += " (finished before the kill)"
			}
			outcomes[outcome]++
			t.Logf("killed=%v: store shows %s of the sweep", killed, outcome)

			// Restart: running the sweep again completes it.
			cmd, out = run(dir)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("restarted sweep: %v\n%s", err, out)
			}
			if n, _ := modSweepState(t, dir, members); n != len(members) {
				t.Fatalf("after restart %d of %d suspended", n, len(members))
			}
			if strings.HasPrefix(outcome, "all") && !strings.Contains(out.String(), "nothing to sweep") {
				t.Errorf("restart after a complete sweep did not skip everyone:\n%s", out)
			}
		})
	}
	t.Logf("outcomes over %d kill points: %v", len(points), outcomes)
}
