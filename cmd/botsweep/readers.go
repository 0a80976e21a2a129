package main

// Reading a store while serve holds it. Pebble's directory lock is
// exclusive even for read-only opens (pebble.Open locks the directory
// whatever Options.ReadOnly says), so a second process cannot open the
// store serve has open. Instead serve answers on a Unix socket in the
// store directory (readable only by the store's owner, like the store's
// files): a read-only command asks it for a checkpoint, a consistent copy
// made with hard links under DIR/.readers/, opens that read-only and
// removes it when done. Writes still go through serve's API.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/store"
)

const (
	readersSocket = "serve.sock" // in the store directory
	readersDir    = ".readers"   // checkpoints for readers, in the store directory
)

var readerName = regexp.MustCompile(`^[0-9a-f]{32}$`)

// serveReaders answers checkpoint requests for st on DIR/serve.sock until
// ctx is done. It returns at once (with nothing served) when the socket's
// path is too long for the platform.
func serveReaders(ctx context.Context, st *store.Store) (func(), error) {
	dir := st.Dir()
	os.RemoveAll(filepath.Join(dir, readersDir))
	sock := filepath.Join(dir, readersSocket)
	os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "reader socket %s: %w", sock, err)
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "reader socket %s: %w", sock, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /checkpoint/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if !readerName.MatchString(name) {
			http.Error(w, "bad checkpoint name", http.StatusBadRequest)
			return
		}
		if err := os.MkdirAll(filepath.Join(dir, readersDir), 0o700); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if err := st.Checkpoint(filepath.Join(dir, readersDir, name)); err != nil {
			http.Error(w, botsweep.ErrorMessage(err), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return func() {
		hs.Close()
		os.Remove(sock)
		os.RemoveAll(filepath.Join(dir, readersDir))
	}, nil
}

// openCheckpoint asks the serve holding the store in dir for a checkpoint
// and opens it read-only; cleanup removes it. ok is false when no serve
// answers on the store's socket.
func openCheckpoint(dir string, opts store.Options) (st *store.Store, cleanup func(), ok bool, err error) {
	sock := filepath.Join(dir, readersSocket)
	if _, err := os.Stat(sock); err != nil {
		return nil, nil, false, nil
	}
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, nil, false, botsweep.Errorf(botsweep.EINTERNAL, "checkpoint name: %w", err)
	}
	name := hex.EncodeToString(raw[:])
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", sock)
	}}}
	defer client.CloseIdleConnections()
	res, err := client.Post("http://serve/checkpoint/"+name, "application/octet-stream", nil)
	if err != nil {
		return nil, nil, false, nil // a socket left behind by a serve that died
	}
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return nil, nil, true, botsweep.Errorf(botsweep.EINTERNAL, "serve could not make a checkpoint of %s to read: %s", dir, msg)
	}
	cp := filepath.Join(dir, readersDir, name)
	cleanup = func() { os.RemoveAll(cp) }
	opts.ReadOnly, opts.MustExist = true, true
	st, err = store.Open(cp, opts)
	if err != nil {
		cleanup()
		return nil, nil, true, err
	}
	return st, cleanup, true, nil
}
