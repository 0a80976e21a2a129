package main

import (
	"github.com/botsweep/botsweep/store"
)

// openStore opens the store in dir with the CLI's clock.
func openStore(e *env, dir string, readOnly bool) (*store.Store, error) {
	return store.Open(dir, store.Options{ReadOnly: readOnly, Now: e.now})
}
