package coord

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/botsweep/botsweep/internal/testutil"
)

// shareTable draws a share table shaped like retweet data: object
// popularity is heavy-tailed (a few objects shared thousands of times),
// shares of an object follow its posting time by an exponential delay
// (median about 7 minutes), accounts are drawn uniformly.
func shareTable(seed uint64, n int) []row {
	rng := rand.New(rand.NewPCG(seed, 99))
	objects := max(n/20, 1)
	accounts := max(n/10, 2)
	base := make([]int64, objects)
	for i := range base {
		base[i] = rng.Int64N(30 * 24 * 3600)
	}
	rows := make([]row, n)
	for i := range rows {
		// Pareto-like: object index from a power of a uniform.
		o := int(math.Pow(rng.Float64(), 2) * float64(objects))
		delay := int64(rng.ExpFloat64() * 600)
		rows[i] = row{
			obj:     fmt.Sprintf("o%d", o),
			acc:     fmt.Sprintf("a%d", rng.IntN(accounts)),
			content: fmt.Sprintf("c%d", i),
			at:      (base[o] + delay) * int64(time.Second),
		}
	}
	return rows
}

// BenchmarkDetect compares the engine (table building included) with the
// naive all-pairs reference on the same table in the same run.
func BenchmarkDetect(b *testing.B) {
	for _, n := range []int{20_000, 100_000} {
		rows := shareTable(1, n)
		b.Run(fmt.Sprintf("engine/rows=%d", n), func(b *testing.B) {
			for b.Loop() {
				r := Detect(tableOf(rows), Options{Window: 60 * time.Second, MinParticipation: 2})
				_ = r.Groups()
			}
		})
		b.Run(fmt.Sprintf("naive/rows=%d", n), func(b *testing.B) {
			for b.Loop() {
				naiveGroups(naive(rows, 60*time.Second, 2))
			}
		})
	}
}

// BenchmarkDetect5M is the engine alone on five million rows (the issue's
// scale); the naive reference takes too long to run beside it.
func BenchmarkDetect5M(b *testing.B) {
	rows := shareTable(2, 5_000_000)
	b.ResetTimer()
	cpu := testutil.CPUTime()
	for b.Loop() {
		r := Detect(tableOf(rows), Options{Window: 60 * time.Second, MinParticipation: 2})
		b.ReportMetric(float64(len(r.Pairs)), "pairs")
		_ = r.Groups()
	}
	b.ReportMetric((testutil.CPUTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
