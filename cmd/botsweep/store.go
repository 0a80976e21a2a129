package main

import (
	"context"

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
}

var (
	_ botsweep.Source       = (*storeHandle)(nil)
	_ botsweep.EventLog     = (*storeHandle)(nil)
	_ botsweep.NetworkStore = (*storeHandle)(nil)
	_ botsweep.TokenStore   = (*storeHandle)(nil)
)

// openStore opens the store in dir with the CLI's clock, and the team
// database when --db names one.
func openStore(e *env, dir string, readOnly bool) (*storeHandle, error) {
	st, err := store.Open(dir, store.Options{ReadOnly: readOnly, Now: e.now})
	if err != nil {
		return nil, err
	}
	h := &storeHandle{Store: st}
	if e.db != "" {
		h.team, err = postgres.Open(context.Background(), e.db, postgres.Options{Now: e.now})
		if err != nil {
			st.Close()
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
	return h.Store.Close()
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
