package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenCommands(t *testing.T) {
	dir := emptyStore(t)
	status, out, stderr := cli(t, "", "token", "create", "--store", dir, "--role", "analyst", "--name", "alice")
	if status != 0 {
		t.Fatalf("create: %d %s", status, stderr)
	}
	secret := strings.TrimSpace(out)
	if !strings.HasPrefix(secret, "bsw_") || len(secret) < 40 || !strings.Contains(stderr, "shown only this once") {
		t.Fatalf("create printed %q, %q", out, stderr)
	}
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantOut    string
		wantErr    string
	}{
		{"list", []string{"token", "list", "--store", dir}, 0, "alice", ""},
		{"list json", []string{"token", "list", "--store", dir, "--json"}, 0, `"role": "analyst"`, ""},
		{"duplicate name", []string{"token", "create", "--store", dir, "--role", "viewer", "--name", "alice"}, 1, "", "exists already"},
		{"unknown role", []string{"token", "create", "--store", dir, "--role", "root", "--name", "bob"}, 2, "", "unknown role"},
		{"missing name", []string{"token", "create", "--store", dir, "--role", "viewer"}, 2, "", "--name"},
		{"revoke unknown", []string{"token", "revoke", "--store", dir, "--name", "ghost"}, 1, "", "no token named"},
		{"revoke", []string{"token", "revoke", "--store", dir, "--name", "alice"}, 0, "revoked alice", ""},
		{"list after revoke", []string{"token", "list", "--store", dir}, 0, "NAME", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out, stderr := cli(t, "", tt.args...)
			if status != tt.wantStatus || !strings.Contains(out, tt.wantOut) || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("status %d, stdout %q, stderr %q", status, out, stderr)
			}
			if strings.Contains(stderr, "goroutine") {
				t.Errorf("stack trace: %s", stderr)
			}
		})
	}
	if _, out, _ := cli(t, "", "token", "list", "--store", dir); strings.Contains(out, "alice") {
		t.Errorf("revoked token still listed: %s", out)
	}
	// The secret itself is nowhere in the store's files: only its hash.
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(secret)) || bytes.Contains(b, []byte(secret[4:])) {
			t.Errorf("%s holds the token secret", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
