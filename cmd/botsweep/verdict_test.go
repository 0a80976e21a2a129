package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/store"
)

// markCoordinated rewrites the stored network id's verdict as coordinated
// and the others' as inauthentic.
func markCoordinated(t *testing.T, dir, id string) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	nets, err := st.Networks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range nets {
		nets[i].Verdict = botsweep.VerdictInauthentic
		if nets[i].ID == id {
			nets[i].Verdict = botsweep.VerdictCoordinated
			nets[i].Evidence.Verdict = "coordinated; not inauthentic (score 0.100 below 0.716)"
		}
	}
	if err := st.PutNetworks(context.Background(), nets); err != nil {
		t.Fatal(err)
	}
}

func TestSweepCoordinatedNeedsOverride(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantOut    string // in stdout (status 0) or stderr
		wantSwept  string // "N1 N2" etc.: networks the sweep names
	}{
		{"all skips coordinated", []string{"--all"}, 0, "network N1", "N1"},
		{"named coordinated refused", []string{"--network", "N2"}, 1, "coordinated, not judged inauthentic", ""},
		{"named coordinated with override", []string{"--network", "N2", "--coordinated"}, 0, "network N2", "N2"},
		{"named inauthentic", []string{"--network", "N1"}, 0, "network N1", "N1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := modWorld(t, t.TempDir(), 20, 10)
			markCoordinated(t, dir, "N2")
			args := append([]string{"sweep", "--store", dir, "--reason", "platform-manipulation", "--actor", "alice", "--dry-run"}, tc.args...)
			status, stdout, stderr := cli(t, "", args...)
			if status != tc.wantStatus {
				t.Fatalf("status %d, want %d; stdout %s stderr %s", status, tc.wantStatus, stdout, stderr)
			}
			got := stdout
			if status != 0 {
				got = stderr
			}
			if !strings.Contains(got, tc.wantOut) {
				t.Errorf("output %q lacks %q", got, tc.wantOut)
			}
			if status == 0 && tc.wantSwept == "N1" && strings.Contains(stdout, "network N2") {
				t.Errorf("swept the coordinated network N2: %s", stdout)
			}
		})
	}
}

func TestDetectNothingFoundSaysWhy(t *testing.T) {
	dir := t.TempDir()
	// Four accounts co-sharing four posts within seconds: too small a
	// group for the default --min-size.
	var b strings.Builder
	b.WriteString("object_id,account_id,content_id,timestamp_share\n")
	for p := range 4 {
		for a := range 4 {
			b.WriteString(strings.Join([]string{"post" + string(rune('a'+p)), "acct" + string(rune('a'+a)), "c" + string(rune('a'+p)) + string(rune('a'+a)), strconv.Itoa(1700000000 + p*3600 + a*2)}, ","))
			b.WriteString("\n")
		}
	}
	in := filepath.Join(dir, "shares.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	st := filepath.Join(dir, "st")
	if status, _, stderr := cli(t, "", "ingest", "--store", st, in); status != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	status, stdout, stderr := cli(t, "", "detect", "--store", st, "--out", filepath.Join(dir, "out"))
	if status != 0 {
		t.Fatalf("detect: %s", stderr)
	}
	for _, want := range []string{"nothing found", "4 accounts and 16 retweets", "co-retweet: 4 items", "too small", "--window auto"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("detect output lacks %q:\n%s", want, stdout)
		}
	}
	for _, f := range []string{"networks.json", "accounts.csv", "coordinated.csv"} {
		if _, err := os.Stat(filepath.Join(dir, "out", f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	status, stdout, _ = cli(t, "", "show", "networks", "--store", st)
	if status != 0 || !strings.Contains(stdout, "found no networks") || strings.Contains(stdout, "run 'botsweep detect' first") {
		t.Errorf("show networks after an empty detect: status %d\n%s", status, stdout)
	}
}
