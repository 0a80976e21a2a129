package store_test

import (
	"bytes"
	"context"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/internal/naive"
	"github.com/botsweep/botsweep/store"
)

// benchTweets is the size of the generated v1.1 file the ingest benchmarks
// read (about 60 MB).
const benchTweets = 20000

var (
	benchOnce sync.Once
	benchData []byte
)

func v1File(b *testing.B) []byte {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		if err := ingest.WriteSyntheticV1(&buf, benchTweets, 1); err != nil {
			b.Fatal(err)
		}
		benchData = buf.Bytes()
	})
	return benchData
}

// BenchmarkIngestV1 compares a full ingest of v1.1 tweets (parse and store
// into Pebble) with a naive decode that stores nothing. Compare ns/op of
// the two sub-benchmarks of the same run; both report MB/s and records/s.
func BenchmarkIngestV1(b *testing.B) {
	data := v1File(b)
	b.Run("naive-decode-only", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			naiveDecode(b, data)
		}
		reportRates(b, cpu)
	})
	b.Run("ingest-parse-and-store", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			fullIngest(b, data)
		}
		reportRates(b, cpu)
	})
}

// BenchmarkIngestV1Ratio runs the naive decode and the full ingest
// alternately, so load from other processes hits both alike, and reports
// the ratio of their wall times (ingest/naive; the target is <= 0.5).
func BenchmarkIngestV1Ratio(b *testing.B) {
	data := v1File(b)
	var naive, full time.Duration
	for i := 0; i < b.N; i++ {
		t := time.Now()
		naiveDecode(b, data)
		naive += time.Since(t)
		t = time.Now()
		fullIngest(b, data)
		full += time.Since(t)
	}
	b.ReportMetric(full.Seconds()/naive.Seconds(), "ingest/naive")
	b.ReportMetric(float64(len(data))*float64(b.N)/naive.Seconds()/1e6, "naive-MB/s")
	b.ReportMetric(float64(len(data))*float64(b.N)/full.Seconds()/1e6, "ingest-MB/s")
	b.ReportMetric(float64(benchTweets)*float64(b.N)/full.Seconds(), "ingest-tweets/s")
}

// naiveDecode runs the baseline (package internal/naive) over data.
func naiveDecode(b *testing.B, data []byte) int {
	n, err := naive.DecodeV1(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// fullIngest parses data and stores it in a new Pebble store, as
// botsweep ingest does, and closes the store.
func fullIngest(b *testing.B, data []byte) {
	s, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	w, err := s.NewWriter(store.WriterOptions{})
	if err != nil {
		b.Fatal(err)
	}
	w.BeginFile("bench.jsonl", data, false)
	if _, err := ingest.Decode(context.Background(), bytes.NewReader(data), ingest.Options{Name: "bench.jsonl"}, w); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates reports tweets/s and the CPU time per op since cpu0: on a
// shared machine CPU time is steadier than wall time.
func reportRates(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(benchTweets)*float64(b.N)/b.Elapsed().Seconds(), "tweets/s")
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1e3/float64(b.N), "cpu-ms/op")
}

type discard struct{ botsweep.Dataset }

func (discard) Account(*botsweep.Account) error { return nil }
func (discard) Post(*botsweep.Post) error       { return nil }

// BenchmarkDecodeV1Only is the parse alone, into a sink that keeps nothing.
func BenchmarkDecodeV1Only(b *testing.B) {
	data := v1File(b)
	b.SetBytes(int64(len(data)))
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := ingest.Decode(context.Background(), bytes.NewReader(data), ingest.Options{Name: "bench.jsonl"}, &discard{}); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu)
}
