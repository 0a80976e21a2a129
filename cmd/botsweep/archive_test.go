package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/disclosure"
	"github.com/botsweep/botsweep/sim"
)

func TestArchiveKeyFileRequired(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.key")
	os.WriteFile(empty, []byte("\n"), 0o600)
	tests := []struct {
		name    string
		args    []string
		status  int
		wantErr string
	}{
		{"no key file", nil, 1, "no --key-file given"},
		{"missing key file", []string{"--key-file", filepath.Join(dir, "nope.key")}, 1, "does not exist"},
		{"empty key file", []string{"--key-file", empty}, 1, "is empty"},
		{"unknown policy", []string{"--key-file", empty, "--policy", "all"}, 1, `unknown release policy "all"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"archive", "--store", filepath.Join(dir, "store"), "--network", "N1", "--out", filepath.Join(dir, "out")}, tt.args...)
			status, _, stderr := cli(t, "", args...)
			if status != tt.status || !strings.Contains(stderr, tt.wantErr) || strings.Contains(stderr, "goroutine") {
				t.Errorf("status %d, stderr %q; want %d and %q", status, stderr, tt.status, tt.wantErr)
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
				t.Error("an archive was written")
			}
		})
	}
}

// TestArchiveKeyFileChecks: one reader for archive and serve refuses short,
// oversized, endless and readable key files, and reads a good one the same
// way with either line ending.
func TestArchiveKeyFileChecks(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // past the umask
			t.Fatal(err)
		}
		return p
	}
	good := strings.Repeat("k", 40)
	short := write("short.key", "x\n", 0o600)
	readable := write("world.key", good+"\n", 0o644)
	group := write("group.key", good+"\n", 0o640)
	big := write("big.key", strings.Repeat("k", 5000), 0o600)
	tests := []struct {
		name    string
		cmd     []string
		wantErr string
	}{
		{"archive: 1-byte key", []string{"archive", "--key-file", short}, "holds 1 bytes of key: at least 32"},
		{"archive: world-readable key", []string{"archive", "--key-file", readable}, "readable by group or others (mode 0644)"},
		{"archive: group-readable key", []string{"archive", "--key-file", group}, "readable by group or others (mode 0640)"},
		{"archive: oversized key", []string{"archive", "--key-file", big}, "larger than 4096 bytes"},
		{"archive: /dev/zero", []string{"archive", "--key-file", "/dev/zero"}, "readable by group or others"},
		{"archive: /dev/zero allowed readable", []string{"archive", "--allow-readable-key", "--key-file", "/dev/zero"}, "larger than 4096 bytes"},
		{"serve: 1-byte key", []string{"serve", "--archive-key-file", short}, "holds 1 bytes of key"},
		{"serve: world-readable key", []string{"serve", "--archive-key-file", readable}, "readable by group or others"},
		{"serve: /dev/zero allowed readable", []string{"serve", "--allow-readable-key", "--archive-key-file", "/dev/zero"}, "larger than 4096 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(tt.cmd[:1:1], "--store", filepath.Join(dir, "store"))
			if tt.cmd[0] == "archive" {
				args = append(args, "--network", "N1", "--out", filepath.Join(dir, "out"))
			}
			args = append(args, tt.cmd[1:]...)
			status, _, stderr := cli(t, "", args...)
			if status != 1 || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("status %d, stderr %q; want 1 and %q", status, stderr, tt.wantErr)
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
				t.Error("an archive was written")
			}
		})
	}
	// The same key with LF, CRLF or no line break is the same key.
	want, err := disclosure.ReadKeyFile(write("lf.key", good+"\n", 0o600), disclosure.KeyFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ending := range []string{"", "\r\n", "\n\n"} {
		got, err := disclosure.ReadKeyFile(write("other.key", good+ending, 0o600), disclosure.KeyFileOptions{})
		if err != nil || string(got) != string(want) {
			t.Errorf("ending %q: key %q, %v; want %q", ending, got, err, want)
		}
	}
	// A readable key passes only with the override.
	if _, err := disclosure.ReadKeyFile(readable, disclosure.KeyFileOptions{AllowReadable: true}); err != nil {
		t.Errorf("readable key with override: %v", err)
	}
}

// TestArchiveKeyCommand: archive key --out makes a 0600 key that archive
// accepts, says so, and never overwrites.
func TestArchiveKeyCommand(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "release.key")
	status, stdout, stderr := cli(t, "", "archive", "key", "--out", key)
	if status != 0 || !strings.Contains(stdout, "mode 0600") || !strings.Contains(stdout, key) {
		t.Fatalf("archive key: status %d, stdout %q, stderr %q", status, stdout, stderr)
	}
	fi, err := os.Stat(key)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o, want 0600", fi.Mode().Perm())
	}
	first, err := disclosure.ReadKeyFile(key, disclosure.KeyFileOptions{})
	if err != nil || len(first) < disclosure.MinKeyBytes {
		t.Fatalf("the new key does not read back: %q, %v", first, err)
	}
	status, _, stderr = cli(t, "", "archive", "key", "--out", key)
	if status != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second archive key: status %d, %q", status, stderr)
	}
	again, _ := disclosure.ReadKeyFile(key, disclosure.KeyFileOptions{})
	if string(again) != string(first) {
		t.Error("archive key overwrote an existing key")
	}
	other := filepath.Join(dir, "other.key")
	cli(t, "", "archive", "key", "--out", other)
	if second, _ := disclosure.ReadKeyFile(other, disclosure.KeyFileOptions{}); string(second) == string(first) {
		t.Error("two new keys are equal")
	}
}

// TestArchiveEndToEnd runs the whole takedown on a small simulated globus
// world: ingest, detect, archive refusals, sweep, archive, leak check and
// re-ingest of the release.
func TestArchiveEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates, ingests and detects a world")
	}
	ctx := context.Background()
	dir := t.TempDir()
	world, storeDir, detDir := filepath.Join(dir, "world"), filepath.Join(dir, "store"), filepath.Join(dir, "detected")
	cfg, err := sim.Default("globus")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Scale = 0.05
	truth, err := sim.WriteWorld(ctx, cfg, world)
	if err != nil {
		t.Fatal(err)
	}
	mustCLI := func(args ...string) string {
		t.Helper()
		start := time.Now()
		status, stdout, stderr := cli(t, "", args...)
		t.Logf("botsweep %s: %s", args[0], time.Since(start).Round(time.Millisecond))
		if status != 0 {
			t.Fatalf("botsweep %s: status %d: %s", strings.Join(args, " "), status, stderr)
		}
		return stdout
	}
	var inputs []string
	for _, f := range []string{sim.FileTweets, sim.FileUsers, sim.FileFollows, sim.FileOperations, sim.FileDomains, sim.FileCampaigns} {
		inputs = append(inputs, filepath.Join(world, f))
	}
	mustCLI(append([]string{"ingest", "--store", storeDir}, inputs...)...)
	mustCLI("detect", "--store", storeDir, "--out", detDir)
	var nets []botsweep.Network
	b, _ := os.ReadFile(filepath.Join(detDir, "networks.json"))
	if err := json.Unmarshal(b, &nets); err != nil {
		var wrapped struct{ Networks []botsweep.Network }
		if err2 := json.Unmarshal(b, &wrapped); err2 != nil {
			t.Fatalf("networks.json: %v", err)
		}
		nets = wrapped.Networks
	}
	labels := truth.Index()
	var globus, other *botsweep.Network
	for i := range nets {
		n := &nets[i]
		rt := 0
		for _, m := range n.Members {
			if labels[m.AccountID].Label == sim.LabelNetwork {
				rt++
			}
		}
		if rt*2 > len(n.Members) {
			globus = n
		} else if other == nil {
			other = n
		}
	}
	if globus == nil || other == nil {
		t.Fatalf("want the retweet network and another among %d networks", len(nets))
	}
	if !globus.StateBacked || len(globus.Attribution) == 0 || globus.Attribution[0].Confidence != botsweep.ConfidenceHigh {
		t.Fatalf("networks.json: retweet network not attributed as state backed: %+v", globus.Attribution)
	}
	key := filepath.Join(dir, "release.key")
	os.WriteFile(key, []byte("an end-to-end test key of 32 bytes or more\n"), 0o600)
	archive := func(out string, extra ...string) (int, string, string) {
		args := append([]string{"archive", "--store", storeDir, "--out", out, "--key-file", key, "--release", "e2e"}, extra...)
		start := time.Now()
		defer func() { t.Logf("botsweep archive: %s", time.Since(start).Round(time.Millisecond)) }()
		return cli(t, "", args...)
	}

	// Refusals: never swept, then swept but not state backed.
	if status, _, stderr := archive(filepath.Join(dir, "r1"), "--network", globus.ID); status != 1 || !strings.Contains(stderr, "never release an unswept network") {
		t.Errorf("unswept: status %d, %s", status, stderr)
	}
	mustCLI("sweep", "--store", storeDir, "--network", globus.ID, "--network", other.ID, "--with-associated", "--reason", botsweep.ReasonPlatformManipulation, "--actor", "test")
	if status, _, stderr := archive(filepath.Join(dir, "r2"), "--network", other.ID); status != 1 || !strings.Contains(stderr, `policy "state-backed"`) {
		t.Errorf("not state backed: status %d, %s", status, stderr)
	}
	for _, r := range []string{"r1", "r2"} {
		if _, err := os.Stat(filepath.Join(dir, r)); err == nil {
			t.Errorf("refused release %s wrote files", r)
		}
	}
	if status, _, stderr := archive(filepath.Join(dir, "r3"), "--network", other.ID, "--policy", "any-swept"); status != 0 {
		t.Errorf("any-swept: status %d, %s", status, stderr)
	}

	// The release of the state-backed network.
	out := filepath.Join(dir, "release")
	status, stdout, stderr := archive(out, "--network", globus.ID, "--json")
	if status != 0 {
		t.Fatalf("archive: %d %s", status, stderr)
	}
	var m struct {
		Users, Tweets int
		Hashed        int `json:"hashed_users"`
		LogHead       *struct {
			Seq  uint64
			Hash string
		} `json:"moderation_log_head"`
	}
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatal(err)
	}
	if m.Users < len(globus.Members)*9/10 || m.Hashed == 0 || m.Tweets == 0 {
		t.Errorf("manifest = %+v for %d members", m, len(globus.Members))
	}
	// The release publishes the moderation log's head, as audit verify
	// reports it.
	var audit struct {
		OK       bool
		HeadSeq  uint64 `json:"head_seq"`
		HeadHash string `json:"head_hash"`
	}
	if err := json.Unmarshal([]byte(mustCLI("audit", "verify", "--store", storeDir, "--json")), &audit); err != nil {
		t.Fatal(err)
	}
	readme, _ := os.ReadFile(filepath.Join(out, "README.md"))
	switch {
	case !audit.OK || audit.HeadSeq == 0:
		t.Errorf("audit verify: %+v", audit)
	case m.LogHead == nil || m.LogHead.Seq != audit.HeadSeq || m.LogHead.Hash != audit.HeadHash:
		t.Errorf("manifest log head %+v, audit verify says %d %s", m.LogHead, audit.HeadSeq, audit.HeadHash)
	case !strings.Contains(string(readme), audit.HeadHash):
		t.Errorf("README does not publish the log head %s", audit.HeadHash)
	}

	// No raw identifier of a hashed account anywhere, zips included. The
	// bots all have fewer than 5,000 followers.
	var blob bytes.Buffer
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(out, e.Name()))
		blob.Write(b)
		if strings.HasSuffix(e.Name(), ".zip") {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				inner, _ := io.ReadAll(rc)
				rc.Close()
				blob.Write(inner)
			}
		}
	}
	all := strings.ToLower(blob.String())
	leaks := 0
	for _, mem := range globus.Members {
		for _, raw := range []string{mem.AccountID, mem.ScreenName} {
			if raw != "" && strings.Contains(all, strings.ToLower(raw)) {
				leaks++
				if leaks < 5 {
					t.Errorf("release leaks %q", raw)
				}
			}
		}
	}

	// botsweep ingest reads the release back; hashed ids stay opaque.
	back := filepath.Join(dir, "back")
	mustCLI("ingest", "--store", back, filepath.Join(out, "e2e_users_csv_hashed.csv"), filepath.Join(out, "e2e_tweets_csv_hashed.csv"))
	var stats struct{ Accounts, Posts int }
	json.Unmarshal([]byte(mustCLI("stats", "--store", back, "--json")), &stats)
	if stats.Posts != m.Tweets || stats.Accounts < m.Users {
		t.Errorf("re-ingested %+v, released %+v", stats, m)
	}
}
