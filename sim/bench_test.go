package sim

import (
	"context"
	"runtime"
	"testing"

	"github.com/botsweep/botsweep"
)

// countingSink counts records and drops them.
type countingSink struct{ accounts, posts, follows int }

func (c *countingSink) Account(*botsweep.Account) error                       { c.accounts++; return nil }
func (c *countingSink) Post(*botsweep.Post) error                             { c.posts++; return nil }
func (c *countingSink) Follow(botsweep.Follow) error                          { c.follows++; return nil }
func (c *countingSink) PriorOperation(*botsweep.PriorOperation) error         { return nil }
func (c *countingSink) DomainRegistration(*botsweep.DomainRegistration) error { return nil }
func (c *countingSink) Campaign(*botsweep.Campaign) error                     { return nil }

func benchScale(b *testing.B, scale float64, files bool) {
	cfg, _ := Default("globus")
	cfg.Scale = scale
	var accounts, posts int
	var peak uint64
	for b.Loop() {
		if files {
			dir := b.TempDir()
			tr, err := WriteWorld(context.Background(), cfg, dir)
			if err != nil {
				b.Fatal(err)
			}
			accounts = len(tr.Rows)
		} else {
			s := &countingSink{}
			if _, err := Generate(context.Background(), cfg, s); err != nil {
				b.Fatal(err)
			}
			accounts, posts = s.accounts, s.posts
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	b.ReportMetric(float64(accounts*b.N)/b.Elapsed().Seconds(), "accounts/s")
	if posts > 0 {
		b.ReportMetric(float64(posts*b.N)/b.Elapsed().Seconds(), "posts/s")
	}
	b.ReportMetric(float64(peak)/(1<<20), "heapMiB")
}

// BenchmarkGenerate measures generation into a sink that drops records.
func BenchmarkGenerate(b *testing.B) { benchScale(b, 0.1, false) }

// BenchmarkWriteWorld measures generation with the v1.1 JSON files.
func BenchmarkWriteWorld(b *testing.B) { benchScale(b, 0.1, true) }
