package ingest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/internal/naive"
)

// benchTweets is the size of the generated v1.1 file the benchmarks read.
const benchTweets = 20000

var benchData = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	if err := WriteSyntheticV1(&buf, benchTweets, 1); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// discardSink counts records and keeps nothing.
type discardSink struct{ n int64 }

func (s *discardSink) Account(*botsweep.Account) error                       { s.n++; return nil }
func (s *discardSink) Post(*botsweep.Post) error                             { s.n++; return nil }
func (s *discardSink) Follow(botsweep.Follow) error                          { s.n++; return nil }
func (s *discardSink) PriorOperation(*botsweep.PriorOperation) error         { s.n++; return nil }
func (s *discardSink) DomainRegistration(*botsweep.DomainRegistration) error { s.n++; return nil }
func (s *discardSink) Campaign(*botsweep.Campaign) error                     { s.n++; return nil }

// BenchmarkDecodeV1 decodes the generated v1.1 file with Decode on every
// core into a sink that keeps nothing.
func BenchmarkDecodeV1(b *testing.B) {
	data := benchData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(context.Background(), bytes.NewReader(data), Options{}, &discardSink{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchTweets)*float64(b.N)/b.Elapsed().Seconds(), "tweets/s")
}

// BenchmarkDecodeV1OneWorker is BenchmarkDecodeV1 on one goroutine.
func BenchmarkDecodeV1OneWorker(b *testing.B) {
	data := benchData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(context.Background(), bytes.NewReader(data), Options{Workers: 1}, &discardSink{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchTweets)*float64(b.N)/b.Elapsed().Seconds(), "tweets/s")
}

// BenchmarkNaiveV1 is the baseline for BenchmarkDecodeV1 on the same data.
func BenchmarkNaiveV1(b *testing.B) {
	data := benchData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if n, err := naive.DecodeV1(bytes.NewReader(data)); err != nil || n != benchTweets {
			b.Fatal(n, err)
		}
	}
	b.ReportMetric(float64(benchTweets)*float64(b.N)/b.Elapsed().Seconds(), "tweets/s")
}

// BenchmarkV1VersusNaive runs the naive baseline, Decode on every core and
// Decode on one goroutine back to back in each iteration, so that the
// ratios hold on a noisy shared machine: x-naive is how many times faster
// than the baseline Decode is in wall time, x-naive-cpu in CPU time on one
// worker.
func BenchmarkV1VersusNaive(b *testing.B) {
	data := benchData()
	var naiveT, all, one, naiveCPU, oneCPU time.Duration
	for b.Loop() {
		t0, c0 := time.Now(), cpuTime()
		if _, err := naive.DecodeV1(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		t1, c1 := time.Now(), cpuTime()
		if _, err := Decode(context.Background(), bytes.NewReader(data), Options{}, &discardSink{}); err != nil {
			b.Fatal(err)
		}
		t2, c2 := time.Now(), cpuTime()
		if _, err := Decode(context.Background(), bytes.NewReader(data), Options{Workers: 1}, &discardSink{}); err != nil {
			b.Fatal(err)
		}
		t3, c3 := time.Now(), cpuTime()
		naiveT, all, one = naiveT+t1.Sub(t0), all+t2.Sub(t1), one+t3.Sub(t2)
		naiveCPU, oneCPU = naiveCPU+c1-c0, oneCPU+c3-c2
	}
	if oneCPU > 0 {
		// CPU time, not wall time: robust to other processes on the machine
		// (the GC's background work counts for both).
		b.ReportMetric(naiveCPU.Seconds()/oneCPU.Seconds(), "x-naive-cpu")
	}
	mb := float64(len(data)) * float64(b.N) / 1e6
	b.ReportMetric(mb/naiveT.Seconds(), "naive-MB/s")
	b.ReportMetric(mb/all.Seconds(), "decode-MB/s")
	b.ReportMetric(mb/one.Seconds(), "decode1-MB/s")
	b.ReportMetric(naiveT.Seconds()/all.Seconds(), "x-naive")
	b.ReportMetric(naiveT.Seconds()/one.Seconds(), "x-naive-1worker")
}

// BenchmarkDecodeOneTweet is the per-call cost of Decode on a one-tweet
// input, as a stream consumer decoding message by message pays it.
func BenchmarkDecodeOneTweet(b *testing.B) {
	data := []byte(goodTweetA + "\n")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(context.Background(), bytes.NewReader(data), Options{}, &discardSink{}); err != nil {
			b.Fatal(err)
		}
	}
}
