package main

import (
	"context"
	"sync"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/attribution"
	"github.com/botsweep/botsweep/store"
)

// The attribution wiring: detect calls the hook once per network; the
// first call reads the store's prior operations, domain registrations and
// the accounts' indicators once (attribution.Build), later calls reuse it.
func init() {
	detectAttribute = func(e *env, st *store.Store) func(context.Context, *botsweep.Network) error {
		var (
			mu  sync.Mutex
			idx *attribution.Index
		)
		return func(ctx context.Context, n *botsweep.Network) error {
			mu.Lock()
			defer mu.Unlock()
			if idx == nil {
				built, err := attribution.Build(ctx, st, attribution.Options{})
				if err != nil {
					return err
				}
				idx = built
			}
			idx.Attribute(n)
			return nil
		}
	}
}
