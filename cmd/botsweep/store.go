package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/postgres"
	"github.com/botsweep/botsweep/store"
)

// storeHandle is what commands open: the embedded store for everything
// ingested, and for the state a team shares (the moderation log, the
// networks of the latest detection run, API tokens) either the same store
// or, with --db (BOTSWEEP_DB), a PostgreSQL database several analysts and
// detector workers use at once.
type storeHandle struct {
	*store.Store
	team *postgres.DB // nil: the embedded store keeps the team's state
	// cleanup, when set, removes the checkpoint of a store serve holds
	// that this handle reads.
	cleanup func()
}

var (
	_ botsweep.Source       = (*storeHandle)(nil)
	_ botsweep.EventLog     = (*storeHandle)(nil)
	_ botsweep.NetworkStore = (*storeHandle)(nil)
	_ botsweep.TokenStore   = (*storeHandle)(nil)
)

// openStore opens the existing store in dir with the CLI's clock, and the
// team database when --db names one. It creates nothing: a missing store
// says to run ingest, and a store that serve holds says to use its API.
func openStore(e *env, dir string, readOnly bool) (*storeHandle, error) {
	return openStoreWith(e, dir, store.Options{ReadOnly: readOnly, MustExist: true, Now: e.now})
}

// detectedNetworks returns the networks the store holds, or ENOTFOUND with
// the message missing when detect has stored none.
func detectedNetworks(ctx context.Context, st *storeHandle, missing string) ([]botsweep.Network, error) {
	nets, err := st.Networks(ctx)
	if err != nil {
		return nil, err
	}
	if len(nets) == 0 {
		return nil, botsweep.Errorf(botsweep.ENOTFOUND, "%s", missing)
	}
	return nets, nil
}

// createStore opens the store in dir, creating it when missing: for the
// commands that bring data in (ingest, stream).
func createStore(e *env, dir string) (*storeHandle, error) {
	return openStoreWith(e, dir, store.Options{Now: e.now})
}

func openStoreWith(e *env, dir string, opts store.Options) (*storeHandle, error) {
	st, err := store.Open(dir, opts)
	var cleanup func()
	if errors.Is(err, store.ErrInUse) && opts.ReadOnly {
		// serve holds the store: read a checkpoint it makes for us.
		var cerr error
		var ok bool
		if st, cleanup, ok, cerr = openCheckpoint(dir, opts); ok {
			err = cerr
		}
	}
	if err != nil {
		return nil, explainOpen(dir, opts.ReadOnly, err)
	}
	h := &storeHandle{Store: st, cleanup: cleanup}
	if e.db != "" {
		h.team, err = postgres.Open(context.Background(), e.db, postgres.Options{Now: e.now})
		if err != nil {
			h.Close()
			return nil, err
		}
	}
	return h, nil
}

// Close closes the store and the team database.
func (h *storeHandle) Close() error {
	if h.team != nil {
		h.team.Close()
	}
	err := h.Store.Close()
	if h.cleanup != nil {
		h.cleanup()
	}
	return err
}

// AppendEvents implements botsweep.EventLog on the team's log.
func (h *storeHandle) AppendEvents(ctx context.Context, events []botsweep.ModEvent) error {
	if h.team != nil {
		return h.team.AppendEvents(ctx, events)
	}
	return h.Store.AppendEvents(ctx, events)
}

// EachEvent implements botsweep.EventLog on the team's log.
func (h *storeHandle) EachEvent(ctx context.Context, fn func(*botsweep.ModEvent) error) error {
	if h.team != nil {
		return h.team.EachEvent(ctx, fn)
	}
	return h.Store.EachEvent(ctx, fn)
}

// PutNetworks implements botsweep.NetworkStore on the team's networks.
func (h *storeHandle) PutNetworks(ctx context.Context, networks []botsweep.Network) error {
	if h.team != nil {
		return h.team.PutNetworks(ctx, networks)
	}
	return h.Store.PutNetworks(ctx, networks)
}

// Networks implements botsweep.NetworkStore on the team's networks.
func (h *storeHandle) Networks(ctx context.Context) ([]botsweep.Network, error) {
	if h.team != nil {
		return h.team.Networks(ctx)
	}
	return h.Store.Networks(ctx)
}

// CreateToken implements botsweep.TokenStore on the team's tokens.
func (h *storeHandle) CreateToken(ctx context.Context, name, role string) (string, *botsweep.Token, error) {
	if h.team != nil {
		return h.team.CreateToken(ctx, name, role)
	}
	return h.Store.CreateToken(ctx, name, role)
}

// LookupToken implements botsweep.TokenStore on the team's tokens.
func (h *storeHandle) LookupToken(ctx context.Context, secret string) (*botsweep.Token, error) {
	if h.team != nil {
		return h.team.LookupToken(ctx, secret)
	}
	return h.Store.LookupToken(ctx, secret)
}

// Tokens implements botsweep.TokenStore on the team's tokens.
func (h *storeHandle) Tokens(ctx context.Context) ([]botsweep.Token, error) {
	if h.team != nil {
		return h.team.Tokens(ctx)
	}
	return h.Store.Tokens(ctx)
}

// RevokeToken implements botsweep.TokenStore on the team's tokens.
func (h *storeHandle) RevokeToken(ctx context.Context, name string) error {
	if h.team != nil {
		return h.team.RevokeToken(ctx, name)
	}
	return h.Store.RevokeToken(ctx, name)
}

// Network returns one network of the latest detection run by id.
func (h *storeHandle) Network(ctx context.Context, id string) (*botsweep.Network, error) {
	if h.team == nil {
		return h.Store.Network(ctx, id)
	}
	nets, err := h.team.Networks(ctx)
	if err != nil {
		return nil, err
	}
	for i := range nets {
		if nets[i].ID == id {
			return &nets[i], nil
		}
	}
	return nil, botsweep.Errorf(botsweep.ENOTFOUND, "no network %q in the latest detection run", id)
}

// serveMarker is the file serve keeps in the store directory while it
// runs, so other commands can say where its API is.
const serveMarker = "serve.json"

// serveInfo is the content of serveMarker.
type serveInfo struct {
	PID  int    `json:"pid"`
	Addr string `json:"addr"` // http://host:port/
}

// writeServeMarker records that serve runs on the store in dir at addr;
// the returned function removes the record.
func writeServeMarker(dir, addr string) (func(), error) {
	b, err := json.Marshal(serveInfo{PID: os.Getpid(), Addr: addr})
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "serve marker: %w", err)
	}
	path := filepath.Join(dir, serveMarker)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "serve marker: %w", err)
	}
	return func() { os.Remove(path) }, nil
}

// explainOpen turns a store opening error into what a person should do.
func explainOpen(dir string, readOnly bool, err error) error {
	switch {
	case errors.Is(err, store.ErrNoStore):
		return &botsweep.Error{Code: botsweep.ENOTFOUND, Err: err,
			Message: fmt.Sprintf("no store at %s (run botsweep ingest first)", dir)}
	case errors.Is(err, store.ErrInUse):
		var info serveInfo
		if b, rerr := os.ReadFile(filepath.Join(dir, serveMarker)); rerr == nil && json.Unmarshal(b, &info) == nil && info.Addr != "" {
			what := "this command writes to it"
			if readOnly {
				what = "the store is locked while it runs"
			}
			return &botsweep.Error{Code: botsweep.ECONFLICT, Err: err,
				Message: fmt.Sprintf("botsweep serve is running on %s (pid %d; %s): use its API at %s (see /openapi.json; tokens with POST /api/tokens), or stop serve first",
					dir, info.PID, what, info.Addr)}
		}
		return &botsweep.Error{Code: botsweep.ECONFLICT, Err: err,
			Message: fmt.Sprintf("store %s is open in another botsweep process (ingest, detect, stream or serve): wait for it to finish, or stop it", dir)}
	}
	return err
}
