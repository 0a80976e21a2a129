package ingest

import (
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/botsweep/botsweep"
)

// raceEnabled is set by race_test.go under -race.
var raceEnabled bool

// peakSink samples the live heap every few thousand records.
type peakSink struct {
	discardSink
	peak uint64
}

func (s *peakSink) Post(p *botsweep.Post) error {
	if s.n++; s.n%5000 == 0 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		s.peak = max(s.peak, m.HeapAlloc)
	}
	return nil
}

// peakHeap decodes n streamed synthetic tweets and returns the peak live heap.
func peakHeap(t *testing.T, n int) uint64 {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(WriteSyntheticV1(pw, n, 9)) }()
	s := &peakSink{}
	if _, err := Decode(context.Background(), pr, Options{}, s); err != nil {
		t.Fatal(err)
	}
	return s.peak
}

// TestMemoryFlat checks that Decode streams: the live heap while decoding
// 8 times more input stays about the same.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("streams 100 MB; the race detector's shadow memory would swamp the measure")
	}
	small, large := peakHeap(t, 4000), peakHeap(t, 32000)
	t.Logf("peak live heap: %d KiB for 4,000 tweets, %d KiB for 32,000 (%.0f MB)", small>>10, large>>10, 32000*3.3e3/1e6)
	if large > 2*small+16<<20 {
		t.Errorf("live heap grew from %d KiB to %d KiB with 8x the input", small>>10, large>>10)
	}
}
