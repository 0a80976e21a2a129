package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildIngestBinary builds the real botsweep binary into a temp dir.
func buildIngestBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "botsweep")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func binRun(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("botsweep %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return string(out)
}

// TestIngestCrash kills the real binary with SIGKILL at several points of
// an ingest (one store is killed twice), runs the ingest again to the end,
// and requires the digest of a clean run. The kill points are fractions of
// the clean run's own duration, so the test adapts to the machine.
func TestIngestCrash(t *testing.T) {
	n := 60000
	if testing.Short() {
		n = 20000
	}
	bin := buildIngestBinary(t)
	path, counts := genFile(t, n)

	clean := filepath.Join(t.TempDir(), "clean")
	start := time.Now()
	binRun(t, bin, "ingest", "--store", clean, path)
	took := time.Since(start)
	want := strings.TrimSpace(binRun(t, bin, "digest", "--store", clean))
	t.Logf("clean ingest of %d tweets took %v", n, took)

	tests := []struct {
		name  string
		kills []float64 // fractions of the clean run's duration
	}{
		{"early", []float64{0.05}},
		{"quarter", []float64{0.25}},
		{"half", []float64{0.5}},
		{"late", []float64{0.85}},
		{"twice", []float64{0.3, 0.6}},
	}
	interrupted := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			for _, f := range tt.kills {
				cmd := exec.Command(bin, "ingest", "--store", dir, path)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(f * float64(took)))
				cmd.Process.Signal(syscall.SIGKILL)
				err := cmd.Wait()
				if ee, ok := err.(*exec.ExitError); ok && !ee.Exited() {
					interrupted++
					t.Logf("killed at %.0f%%", 100*f)
				} else {
					t.Logf("ingest ended before the kill at %.0f%% (%v)", 100*f, err)
				}
			}
			binRun(t, bin, "ingest", "--store", dir, path)
			if got := strings.TrimSpace(binRun(t, bin, "digest", "--store", dir)); got != want {
				t.Errorf("digest after kill and rerun %s, clean %s", got, want)
			}
			if got := binRun(t, bin, "stats", "--store", dir, "--json"); !strings.Contains(got, `"posts": `+strconv.FormatInt(counts.Posts, 10)) {
				t.Errorf("stats after kill and rerun:\n%s", got)
			}
		})
	}
	if interrupted == 0 {
		t.Error("no kill landed while the ingest ran; the test proved nothing")
	}
}

// TestIngestFIFOSignal starts an ingest reading a FIFO whose writer sends
// some rows and then nothing, and requires SIGINT and SIGTERM to end it
// (before, the read blocked until the writer closed) with the rows read so
// far either stored whole or not at all.
func TestIngestFIFOSignal(t *testing.T) {
	bin := buildIngestBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			fifo := filepath.Join(dir, "in.csv")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip("no FIFOs here:", err)
			}
			st := filepath.Join(dir, "store")
			cmd := exec.Command(bin, "ingest", "--store", st, fifo)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			w.WriteString("follower_id,followee_id\n1,2\n3,4\n")
			// The ingest has the rows once it has read them; a signal
			// before that must end it too.
			cmd.Process.Signal(sig)
			err = cmd.Wait()
			if err == nil {
				t.Fatalf("ingest ended without error on %v; stderr:\n%s", sig, stderr.String())
			}
			out := binRun(t, bin, "stats", "--store", st, "--json")
			if !strings.Contains(out, `"follows": 0`) && !strings.Contains(out, `"follows": 2`) {
				t.Errorf("stats after %v:\n%s", sig, out)
			}
		})
	}
}
