package httpapitest

import (
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/internal/storetest"
)

// The in-memory token store the API tests use meets the same contract as
// the real stores, so the API tests exercise real behaviour.
func TestTokensContract(t *testing.T) {
	storetest.TokenStore(t, func(t *testing.T) botsweep.TokenStore { return NewTokens(nil) })
}
