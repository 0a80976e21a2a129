package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/botsweep/botsweep"
)

func TestOpenMissingAndInUse(t *testing.T) {
	root := t.TempDir()
	existing := filepath.Join(root, "real")
	s, err := Open(existing, Options{})
	if err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		dir      string
		opts     Options
		want     error
		wantCode string
	}{
		{"read-only, no directory", filepath.Join(root, "typo"), Options{ReadOnly: true}, ErrNoStore, botsweep.ENOTFOUND},
		{"must exist, no directory", filepath.Join(root, "typo"), Options{MustExist: true}, ErrNoStore, botsweep.ENOTFOUND},
		{"must exist, empty directory", empty, Options{MustExist: true}, ErrNoStore, botsweep.ENOTFOUND},
		{"read-only while open elsewhere", existing, Options{ReadOnly: true}, ErrInUse, botsweep.ECONFLICT},
		{"writable while open elsewhere", existing, Options{MustExist: true}, ErrInUse, botsweep.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.dir, tt.opts)
			if !errors.Is(err, tt.want) || botsweep.ErrorCode(err) != tt.wantCode {
				t.Fatalf("Open = %v (code %s), want %v (%s)", err, botsweep.ErrorCode(err), tt.want, tt.wantCode)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(root, "typo")); !os.IsNotExist(err) {
		t.Errorf("a refused open created the directory: %v", err)
	}
	if Exists(empty) || !Exists(existing) {
		t.Errorf("Exists(empty) = %v, Exists(existing) = %v", Exists(empty), Exists(existing))
	}
	s.Close()
	r, err := Open(existing, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open once the writer closed: %v", err)
	}
	r.Close()
}
