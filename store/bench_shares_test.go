package store_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/store"
)

// benchShareRows is the size of the generated share table the bulk-ingest
// benchmarks read (about 70 MB).
const benchShareRows = 1000000

var sharesFile = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	if err := ingest.WriteSyntheticShares(&buf, benchShareRows, 1); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// csvRead is the baseline: a plain encoding/csv read of the table that
// keeps nothing.
func csvRead(b *testing.B, data []byte) int {
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = true
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n
		}
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
}

// ingestShares ingests the table into a new store, as botsweep ingest
// does, closing the writer and the store.
func ingestShares(b *testing.B, data []byte, wo store.WriterOptions) {
	s, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	w, err := s.NewWriter(wo)
	if err != nil {
		b.Fatal(err)
	}
	w.BeginFile("shares.csv", data, false)
	res, err := ingest.Decode(context.Background(), bytes.NewReader(data), ingest.Options{Name: "shares.csv"}, w)
	if err != nil {
		b.Fatal(err)
	}
	if res.Records != benchShareRows {
		b.Fatalf("%d records, want %d", res.Records, benchShareRows)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkIngestShares runs the encoding/csv baseline, the bulk ingest
// (sorted SSTables, what botsweep ingest uses) and the batch ingest (WAL
// and memtable) of the same share table alternately in each iteration, so
// load from other processes hits all alike. It reports rows/s of each,
// rows per CPU second of the ingests, and the ratio of their wall times to
// the baseline's.
func BenchmarkIngestShares(b *testing.B) {
	data := sharesFile()
	var base, bulk, batch, bulkCPU, batchCPU time.Duration
	for b.Loop() {
		t := time.Now()
		csvRead(b, data)
		base += time.Since(t)
		c, t := cpuTime(), time.Now()
		ingestShares(b, data, store.WriterOptions{Bulk: true})
		bulk += time.Since(t)
		bulkCPU += cpuTime() - c
		if os.Getenv("BENCH_SHARES_BATCH") != "" {
			c, t = cpuTime(), time.Now()
			ingestShares(b, data, store.WriterOptions{})
			batch += time.Since(t)
			batchCPU += cpuTime() - c
		}
	}
	n := float64(b.N) * benchShareRows
	b.ReportMetric(n/base.Seconds(), "csv-rows/s")
	b.ReportMetric(n/bulk.Seconds(), "bulk-rows/s")
	b.ReportMetric(n/bulkCPU.Seconds(), "bulk-rows/cpu-s")
	b.ReportMetric(bulk.Seconds()/base.Seconds(), "bulk/csv")
	if batch > 0 {
		b.ReportMetric(n/batch.Seconds(), "batch-rows/s")
		b.ReportMetric(n/batchCPU.Seconds(), "batch-rows/cpu-s")
		b.ReportMetric(batch.Seconds()/base.Seconds(), "batch/csv")
	}
}
