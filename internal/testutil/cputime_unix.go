//go:build unix

package testutil

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user + system) the process has used, for
// benchmarks that report CPU beside wall time on a shared machine.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
