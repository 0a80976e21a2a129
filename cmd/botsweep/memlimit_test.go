package main

import (
	"runtime/debug"
	"testing"
)

func TestParseMeminfo(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"MemTotal:       24683620 kB\nMemFree: 1 kB\n", 24683620 << 10},
		{"MemFree: 1 kB\nMemTotal: 8 kB\n", 8 << 10},
		{"MemFree: 1 kB\n", 0},
		{"MemTotal: x kB\n", 0},
		{"", 0},
	} {
		if got := parseMeminfo([]byte(tc.in)); got != tc.want {
			t.Errorf("parseMeminfo(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestParseCgroupLimit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"max\n", 0},
		{"8589934592\n", 8 << 30},
		{"9223372036854771712\n", 0}, // cgroup v1's "no limit"
		{"", 0},
		{"-1", 0},
		{"lots", 0},
	} {
		if got := parseCgroupLimit([]byte(tc.in)); got != tc.want {
			t.Errorf("parseCgroupLimit(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestSetMemoryLimitRespectsGOMEMLIMIT(t *testing.T) {
	if got := setMemoryLimit(func(k string) string {
		if k == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	}); got != 0 {
		t.Fatalf("set a limit (%d) although GOMEMLIMIT was given", got)
	}
}

func TestSetMemoryLimitDefault(t *testing.T) {
	if physicalMemory() == 0 {
		t.Skip("no /proc/meminfo here")
	}
	prev := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(prev) })
	got := setMemoryLimit(func(string) string { return "" })
	if got <= 0 || got > physicalMemory() {
		t.Fatalf("limit %d, want in (0, %d]", got, physicalMemory())
	}
	if now := debug.SetMemoryLimit(-1); now != got {
		t.Fatalf("runtime limit %d, want %d", now, got)
	}
}
