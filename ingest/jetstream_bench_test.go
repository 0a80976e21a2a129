package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// benchJetstream is the Jetstream capture of a small simulated world.
var benchJetstream = sync.OnceValue(func() []byte {
	dir, err := os.MkdirTemp("", "jetstream-bench")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	cfg, err := sim.Default("globus")
	if err != nil {
		panic(err)
	}
	cfg.Scale = 0.02
	if _, err := sim.WriteJetstream(context.Background(), cfg, dir); err != nil {
		panic(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, sim.FileJetstream))
	if err != nil {
		panic(err)
	}
	return b
})

// BenchmarkDecodeJetstream maps a Jetstream capture into a sink that keeps
// nothing (one goroutine: events depend on earlier ones).
func BenchmarkDecodeJetstream(b *testing.B) {
	data := benchJetstream()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(context.Background(), bytes.NewReader(data), Options{Format: FormatJetstream}, &discardSink{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeJetstreamNaive is the baseline: bufio.Scanner and
// encoding/json into map[string]any, decode only, on the same bytes.
func BenchmarkDecodeJetstreamNaive(b *testing.B) {
	data := benchJetstream()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				b.Fatal(err)
			}
		}
	}
}
