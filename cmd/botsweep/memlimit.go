package main

import (
	"bufio"
	"bytes"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// memoryLimitShare is the part of the machine's memory (or the cgroup's
// limit, when lower) the Go runtime is told it may use. Detection on large
// inputs keeps several GB of pair lists live; without a soft limit the
// collector lets the heap grow to twice the live data before it collects
// (GOGC 100), which on an 8 GB machine is the difference between fitting
// and being killed. The limit costs nothing until the heap nears it.
const memoryLimitShare = 0.75

// setMemoryLimit gives the runtime a soft memory limit when the user has
// not set one with GOMEMLIMIT. It returns the limit set, or 0.
func setMemoryLimit(getenv func(string) string) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return 0
	}
	total := physicalMemory()
	if cg := cgroupMemoryLimit(); cg > 0 && (total == 0 || cg < total) {
		total = cg
	}
	if total <= 0 {
		return 0
	}
	limit := int64(float64(total) * memoryLimitShare)
	debug.SetMemoryLimit(limit)
	return limit
}

// physicalMemory is MemTotal from /proc/meminfo in bytes, or 0.
func physicalMemory() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return parseMeminfo(b)
}

// parseMeminfo returns MemTotal in bytes from the text of /proc/meminfo.
func parseMeminfo(b []byte) int64 {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || kb <= 0 {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// cgroupMemoryLimit is the cgroup v2 (memory.max) or v1
// (memory.limit_in_bytes) limit in bytes, or 0 when there is none.
func cgroupMemoryLimit() int64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		return parseCgroupLimit(b)
	}
	return 0
}

// parseCgroupLimit reads a cgroup memory limit file's content: "max" or a
// huge v1 sentinel mean no limit (0).
func parseCgroupLimit(b []byte) int64 {
	s := strings.TrimSpace(string(b))
	if s == "" || s == "max" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n >= 1<<60 {
		return 0
	}
	return n
}
