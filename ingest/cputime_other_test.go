//go:build !unix

package ingest

import "time"

// cpuTime is unavailable here; ratios of CPU time report 0.
func cpuTime() time.Duration { return 0 }
