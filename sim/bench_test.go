package sim

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"runtime"
	"strconv"
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

// BenchmarkShareRows compares the share-table row writer (strconv appends
// into one buffer) with the naive baseline, encoding/csv with formatted
// fields, on the same rows.
func BenchmarkShareRows(b *testing.B) {
	const rows = 100_000
	b.Run("append", func(b *testing.B) {
		for b.Loop() {
			sw := &shareWriter{bw: bufio.NewWriterSize(io.Discard, 1<<20)}
			for i := range uint64(rows) {
				if err := sw.row(1406130322071879687+i%5000, 1329670035457884555+i%977, 1406139890696978979+i, 1624084849+int64(i)); err != nil {
					b.Fatal(err)
				}
			}
			sw.bw.Flush()
		}
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("encoding-csv", func(b *testing.B) {
		for b.Loop() {
			cw := csv.NewWriter(bufio.NewWriterSize(io.Discard, 1<<20))
			for i := range uint64(rows) {
				if err := cw.Write([]string{strconv.FormatUint(1406130322071879687+i%5000, 10), strconv.FormatUint(1329670035457884555+i%977, 10),
					strconv.FormatUint(1406139890696978979+i, 10), strconv.FormatInt(1624084849+int64(i), 10)}); err != nil {
					b.Fatal(err)
				}
			}
			cw.Flush()
		}
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

// BenchmarkCrowd measures the crowd scenario's generator end to end
// (accounts, popularity sampling, rows) into a discarded table.
func BenchmarkCrowd(b *testing.B) {
	cfg, _ := Default("crowd")
	cfg.Scale = 0.02
	rows := 0
	for b.Loop() {
		sw := &shareWriter{bw: bufio.NewWriterSize(io.Discard, 1<<20)}
		if _, err := crowd(context.Background(), cfg, sw); err != nil {
			b.Fatal(err)
		}
		rows = sw.n
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
