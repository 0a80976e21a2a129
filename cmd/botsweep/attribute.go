package main

import (
	"context"
	"sync"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/attribution"
	"github.com/botsweep/botsweep/store"
)

// attributeHook returns detect's attribution hook for the store: called
// once per network, the first call reads the store's prior operations,
// domain registrations and the accounts' indicators (attribution.Build),
// later calls reuse them.
func attributeHook(st *store.Store) func(context.Context, *botsweep.Network) error {
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
