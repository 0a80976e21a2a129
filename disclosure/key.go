package disclosure

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"

	"github.com/botsweep/botsweep"
)

// The bounds of a release key file.
const (
	// MinKeyBytes is the least key material a release key holds (after
	// trailing line breaks are removed): 32 bytes, the HMAC-SHA256 block
	// strength. A shorter key makes stand-ins guessable.
	MinKeyBytes = 32
	// MaxKeyFileBytes is the largest key file read; a larger one (or an
	// endless device such as /dev/zero) is refused after this many bytes.
	MaxKeyFileBytes = 4096
)

// KeyFileOptions configure ReadKeyFile.
type KeyFileOptions struct {
	// AllowReadable accepts a key file that group or others may read.
	// Default false: such a file is refused, since anyone who can read the
	// key can link every stand-in of every release made with it.
	AllowReadable bool
	// Flag names the command-line flag the path came from, for messages.
	// Default "--key-file".
	Flag string
}

// ReadKeyFile reads a release key: the file's bytes without trailing line
// breaks ("\n", "\r\n"). It is the one reader of release keys (archive and
// serve alike), so the same file always gives the same stand-ins. It
// refuses, with EINVALID: no path, a missing or unreadable file, a file
// larger than MaxKeyFileBytes, fewer than MinKeyBytes of key material, and
// (unless opts.AllowReadable) a file group or others may read.
func ReadKeyFile(path string, opts KeyFileOptions) ([]byte, error) {
	flag := opts.Flag
	if flag == "" {
		flag = "--key-file"
	}
	if path == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no %s given: a release key is required to hash accounts (there is no default key; make one with 'botsweep archive key --out FILE')", flag)
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s does not exist: a release key is required (make one with 'botsweep archive key --out %s')", path, path)
		}
		return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s cannot be read: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s cannot be read: %w", path, err)
	}
	if fi.IsDir() {
		return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s is a directory", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && !opts.AllowReadable {
		return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s is readable by group or others (mode %04o): anyone who can read it can link every stand-in; run 'chmod 600 %s' (or pass --allow-readable-key)", path, perm, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxKeyFileBytes+1))
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s cannot be read: %w", path, err)
	}
	if len(b) > MaxKeyFileBytes {
		return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s is larger than %d bytes: not a release key", path, MaxKeyFileBytes)
	}
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s is empty: a release key is required (there is no default key)", path)
	}
	if len(b) < MinKeyBytes {
		return nil, botsweep.Errorf(botsweep.EINVALID, "key file %s holds %d bytes of key: at least %d are required (make one with 'botsweep archive key --out FILE')", path, len(b), MinKeyBytes)
	}
	return b, nil
}

// WriteKeyFile creates a new release key file at path with mode 0600: 32
// bytes from random, hex-encoded, and a line break. It never overwrites:
// an existing file is ECONFLICT.
func WriteKeyFile(path string, random io.Reader) error {
	if random == nil {
		random = rand.Reader
	}
	k := make([]byte, MinKeyBytes)
	if _, err := io.ReadFull(random, k); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "make release key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return botsweep.Errorf(botsweep.ECONFLICT, "key file %s already exists: not overwritten (a new key would unlink future releases from earlier ones)", path)
		}
		return botsweep.Errorf(botsweep.EINVALID, "create key file %s: %w", path, err)
	}
	// The umask cannot widen 0600, but a file system may; make it exact.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(path)
		return botsweep.Errorf(botsweep.EINTERNAL, "create key file %s: %w", path, err)
	}
	if _, err := f.Write([]byte(hex.EncodeToString(k) + "\n")); err != nil {
		f.Close()
		os.Remove(path)
		return botsweep.Errorf(botsweep.EINTERNAL, "write key file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return botsweep.Errorf(botsweep.EINTERNAL, "write key file %s: %w", path, err)
	}
	return nil
}
