package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/store"
)

// emptyStore makes an empty store in a temporary directory and returns
// the directory (commands other than ingest create none).
func emptyStore(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "store")
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// newEmptyStore makes an empty store in a temporary directory with an
// admin token named root, and returns its directory and the token.
func newEmptyStore(t *testing.T) (string, string) {
	t.Helper()
	dir := emptyStore(t)
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := st.CreateToken(context.Background(), "root", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, secret
}

// A command on a missing store says so and creates nothing; only ingest
// creates a store (issue 17: `detect --store typo` made an empty one).
func TestMissingStore(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"detect", []string{"detect", "--out", "OUT"}},
		{"show networks", []string{"show", "networks"}},
		{"stats", []string{"stats"}},
		{"impact", []string{"impact", "--report"}},
		{"audit verify", []string{"audit", "verify"}},
		{"digest", []string{"digest"}},
		{"sweep", []string{"sweep", "--all", "--reason", "platform-manipulation"}},
		{"token create", []string{"token", "create", "--role", "admin", "--name", "root"}},
		{"token list", []string{"token", "list"}},
		{"serve", []string{"serve", "--addr", "127.0.0.1:0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typo := filepath.Join(t.TempDir(), "typo")
			status, _, stderr := cli(t, "", withOut(t, append(tt.args, "--store", typo))...)
			want := "no store at " + typo + " (run botsweep ingest first)"
			if status != 1 || !strings.Contains(stderr, want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", status, stderr, want)
			}
			if _, err := os.Stat(typo); !os.IsNotExist(err) {
				t.Fatalf("%s created the store directory", tt.name)
			}
		})
	}
	t.Run("ingest creates it", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "new")
		if status, _, stderr := cli(t, "follower_id,followee_id\n1,2\n", "ingest", "--store", dir, "-"); status != 0 {
			t.Fatalf("ingest: %d %s", status, stderr)
		}
		if !store.Exists(dir) {
			t.Fatal("ingest made no store")
		}
	})
}

// While serve holds the store, commands that only read still work (they
// read a checkpoint serve makes), and commands that write say that serve
// holds it and where its API is.
func TestCommandsWhileServing(t *testing.T) {
	dir, _ := newEmptyStore(t)
	base, stop := startServe(t, dir)
	reads := []struct {
		name string
		args []string
		want string // in stdout
	}{
		{"audit verify", []string{"audit", "verify"}, ""},
		{"token list", []string{"token", "list"}, "root"},
		{"stats", []string{"stats"}, ""},
		{"digest", []string{"digest"}, ""},
		{"show networks", []string{"show", "networks"}, ""},
	}
	for _, tt := range reads {
		t.Run("read "+tt.name, func(t *testing.T) {
			status, stdout, stderr := cli(t, "", append(tt.args, "--store", dir)...)
			if status != 0 || !strings.Contains(stdout, tt.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q", status, stdout, stderr)
			}
		})
	}
	writes := []struct {
		name string
		args []string
	}{
		{"token create", []string{"token", "create", "--role", "viewer", "--name", "vera"}},
		{"token revoke", []string{"token", "revoke", "--name", "root"}},
		{"sweep", []string{"sweep", "--all", "--reason", "platform-manipulation"}},
		{"detect", []string{"detect", "--out", "OUT"}},
		{"ingest", []string{"ingest", "-"}},
	}
	for _, tt := range writes {
		t.Run("write "+tt.name, func(t *testing.T) {
			status, _, stderr := cli(t, "", withOut(t, append(tt.args, "--store", dir))...)
			for _, want := range []string{"botsweep serve is running on " + dir, "use its API at " + base + "/", "POST /api/tokens"} {
				if status != 1 || !strings.Contains(stderr, want) {
					t.Fatalf("exit %d, stderr %q; want 1 and %q", status, stderr, want)
				}
			}
		})
	}
	entries, _ := os.ReadDir(filepath.Join(dir, readersDir))
	if len(entries) != 0 {
		t.Errorf("%d reader checkpoints left behind", len(entries))
	}
	stop()
	for _, f := range []string{serveMarker, readersSocket, readersDir} {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s left in the store after serve stopped", f)
		}
	}
	if status, _, stderr := cli(t, "", "token", "create", "--store", dir, "--role", "viewer", "--name", "vera"); status != 0 {
		t.Fatalf("token create after serve stopped: %d %s", status, stderr)
	}
}

// withOut replaces the argument OUT with a fresh directory.
func withOut(t *testing.T, args []string) []string {
	out := append([]string(nil), args...)
	for i, a := range out {
		if a == "OUT" {
			out[i] = filepath.Join(t.TempDir(), "out")
		}
	}
	return out
}
