//go:build !unix

package testutil

import "time"

// CPUTime is unavailable here: it reports 0.
func CPUTime() time.Duration { return 0 }
