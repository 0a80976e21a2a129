package detect

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/store"
)

// synthSource is a Source that generates a retweet stream on the fly, so
// benchmarks measure detection and not the data set's own memory: a
// background of organic retweets of Zipf-popular posts spread over 30 days,
// and a planted clique of cliqueSize accounts retweeting cliquePosts posts
// of one account within minutes.
type synthSource struct {
	total        int // retweets in all
	cliqueSize   int
	cliquePosts  int
	cliqueShares int // retweets by the clique (part of total)
	seed         uint64
	// shareTable drops what a CooRTweet share table lacks: the amplified
	// account's own posts (so origin times) and the retweeted posts'
	// authors.
	shareTable bool
	// crowd is the number of ordinary accounts (default: a tenth of the
	// background retweets, at least 1000).
	crowd int
	// cliqueDelay is the clique's median delay in seconds (default 75).
	cliqueDelay float64
}

func newSynth(total int) *synthSource {
	s := &synthSource{total: total, cliqueSize: 20000, cliquePosts: 300, seed: 7}
	s.cliqueShares = min(total*2/5, 3_000_000)
	return s
}

var synthStart = time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC)

func (s *synthSource) EachAccount(ctx context.Context, fn func(*botsweep.Account) error) error {
	return nil
}

func (s *synthSource) EachPost(ctx context.Context, fn func(*botsweep.Post) error) error {
	rng := rand.New(rand.NewPCG(s.seed, 1))
	var p botsweep.Post
	// The amplified account's posts.
	for i := 0; i < s.cliquePosts && !s.shareTable; i++ {
		p = botsweep.Post{ID: "g" + strconv.Itoa(i), AccountID: "globus", CreatedAt: synthStart.Add(time.Duration(i) * 2 * time.Hour)}
		if err := fn(&p); err != nil {
			return err
		}
	}
	cover := float64(s.cliqueShares) / float64(s.cliqueSize*s.cliquePosts)
	n := 0
	for a := 0; a < s.cliqueSize && n < s.cliqueShares; a++ {
		id := "c" + strconv.Itoa(a)
		for i := 0; i < s.cliquePosts && n < s.cliqueShares; i++ {
			if rng.Float64() >= cover {
				continue
			}
			med := 75.0
			if s.cliqueDelay > 0 {
				med = s.cliqueDelay
			}
			d := math.Exp(math.Log(med) + 0.9*rng.NormFloat64())
			p = botsweep.Post{ID: "r" + strconv.Itoa(n), AccountID: id, Kind: botsweep.KindRetweet, RetweetOf: "g" + strconv.Itoa(i), RetweetOfAccount: "globus",
				CreatedAt: synthStart.Add(time.Duration(i)*2*time.Hour + time.Duration(d*float64(time.Second)))}
			if s.shareTable {
				p.RetweetOfAccount = ""
			}
			if err := fn(&p); err != nil {
				return err
			}
			n++
		}
	}
	bg := s.total - n
	accounts := max(bg/10, 1000)
	if s.crowd > 0 {
		accounts = s.crowd
	}
	posts := max(bg/20, 100)
	zipf := rand.NewZipf(rand.New(rand.NewPCG(s.seed, 2)), 1.1, 5, uint64(posts-1))
	for k := 0; k < bg; k++ {
		if k%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		item := int(zipf.Uint64())
		posted := synthStart.Add(time.Duration(item%(30*24*60)) * time.Minute)
		delay := time.Duration(rng.ExpFloat64()*4*3600) * time.Second
		p = botsweep.Post{ID: "b" + strconv.Itoa(k), AccountID: "o" + strconv.Itoa(rng.IntN(accounts)), Kind: botsweep.KindRetweet,
			RetweetOf: "o" + strconv.Itoa(item), RetweetOfAccount: "author" + strconv.Itoa(item%5000), CreatedAt: posted.Add(delay)}
		if s.shareTable {
			p.RetweetOfAccount = ""
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return nil
}

func (s *synthSource) EachFollow(context.Context, func(botsweep.Follow) error) error { return nil }
func (s *synthSource) EachPriorOperation(context.Context, func(*botsweep.PriorOperation) error) error {
	return nil
}
func (s *synthSource) EachDomainRegistration(context.Context, func(*botsweep.DomainRegistration) error) error {
	return nil
}
func (s *synthSource) EachCampaign(context.Context, func(*botsweep.Campaign) error) error { return nil }

// cpuSeconds returns the process's user plus system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// peakRSS returns the process's peak resident set size in bytes (Linux).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestScale runs detection end to end on a synthetic stream of
// BOTSWEEP_SCALE_N retweets with a planted 20,000-account clique and
// reports time and peak memory; with BOTSWEEP_SCALE_NAIVE=1 it also times
// the co-retweet layer with every pair enumerated (BOTSWEEP_SCALE_STEPUP=1
// sets Options.MemberStepUp). Run one size per process
// so the peak is that size's:
//
//	BOTSWEEP_SCALE_N=5000000 go test -run TestScale -v ./detect
func TestScale(t *testing.T) {
	nStr := os.Getenv("BOTSWEEP_SCALE_N")
	if nStr == "" {
		t.Skip("set BOTSWEEP_SCALE_N to run the scale measurement")
	}
	n, err := strconv.Atoi(nStr)
	if err != nil {
		t.Fatal(err)
	}
	src := newSynth(n)
	ctx := context.Background()
	if os.Getenv("BOTSWEEP_SCALE_NAIVE") != "" {
		w, err := load(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		shares := append([]Share(nil), w.retweetShares...)
		c0 := cpuSeconds()
		sampled := coAction(w.retweetShares, 60, 12, w.n(), 1, func(int) float32 { return 1 })
		fast := cpuSeconds() - c0
		rssFast := peakRSS()
		c0 = cpuSeconds()
		pairs := coAction(shares, 60, 0, w.n(), 1, func(int) float32 { return 1 })
		naive := cpuSeconds() - c0
		t.Logf("co-retweet layer on %d retweets: sampled %.1f s CPU (%d pairs, peak RSS %.2f GB); all pairs %.1f s CPU (%d pairs, peak RSS %.2f GB)",
			len(w.retweetShares), fast, len(sampled), float64(rssFast)/(1<<30), naive, len(pairs), float64(peakRSS())/(1<<30))
		return
	}
	if os.Getenv("DETECT_DEBUG") != "" {
		debugCluster = func(w *world, members []int32, f map[string]float64, j judgement) {
			k := 0
			for _, a := range members {
				if strings.HasPrefix(w.acct.names[a], "c") {
					k++
				}
			}
			if len(members) >= 100 {
				t.Logf("cluster n=%d clique=%d verdict=%q lift=%.1f sig=%.1f score=%.3f %v", len(members), k, j.verdict, j.test.lift(), j.test.significance(), j.prob, f)
			}
		}
		defer func() { debugCluster = nil }()
	}
	var stages []string
	cpu0 := cpuSeconds()
	last := time.Now()
	start := last
	res, err := Run(ctx, src, Options{MemberStepUp: os.Getenv("BOTSWEEP_SCALE_STEPUP") == "1", Progress: func(s string) {
		now := time.Now()
		stages = append(stages, fmt.Sprintf("%s@%.1fs", s, now.Sub(start).Seconds()))
		last = now
	}})
	if err != nil {
		t.Fatal(err)
	}
	total := time.Since(start)
	best := 0
	for _, nw := range res.Networks {
		k := 0
		for _, m := range nw.Members {
			if strings.HasPrefix(m.AccountID, "c") {
				k++
			}
		}
		best = max(best, k)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d retweets (%d by the clique): %s end to end (%.1f s CPU), peak RSS %.2f GB, %d networks, %d of 20000 clique accounts in one network, fused edges %d, layer pairs %v; stages %v",
		n, src.cliqueShares, total.Round(time.Millisecond), cpuSeconds()-cpu0, float64(peakRSS())/(1<<30), len(res.Networks), best, res.Stats.FusedEdges, res.Stats.LayerPairs, stages)
}

// BenchmarkDetect1M measures detection end to end on 1M synthetic
// retweets with the planted clique.
func BenchmarkDetect1M(b *testing.B) {
	src := newSynth(1_000_000)
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadShareTable reads a stored share table of 500,000 rows into
// a world through the store's post views ("views", what detect does) and,
// as the baseline in the same run, through EachPost
// (a Post and id strings per row). cpu-ns/op is the process's CPU time
// (user+sys) per load, which a busy machine inflates less than wall time:
//
//	go test ./detect -run '^$' -bench LoadShareTable -benchtime 3x
//
// BOTSWEEP_LOAD_STORE=DIR reads the store in DIR instead (a copy: it is
// opened for writing).
func BenchmarkLoadShareTable(b *testing.B) {
	var st *store.Store
	if dir := os.Getenv("BOTSWEEP_LOAD_STORE"); dir != "" {
		var err error
		if st, err = store.Open(dir, store.Options{MustExist: true}); err != nil {
			b.Fatal(err)
		}
		defer st.Close()
	} else {
		src := newSynth(500_000)
		src.shareTable = true
		st = storeOf(b, src)
	}
	for _, bc := range []struct {
		name string
		src  botsweep.Source
	}{{"views", st}, {"posts", postsOnly{st}}} {
		b.Run(bc.name, func(b *testing.B) {
			cpu0 := cpuSeconds()
			for b.Loop() {
				if _, err := load(context.Background(), bc.src); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuSeconds()-cpu0)*1e9/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkSortShares sorts 2M shares in co-action order with sortShares
// (packed keys) and, as the baseline, with a comparison sort of the structs:
//
//	go test ./detect -run '^$' -bench SortShares -benchtime 5x
func BenchmarkSortShares(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	orig := make([]Share, 2_000_000)
	for i := range orig {
		orig[i] = Share{Item: int32(rng.IntN(100_000)), Account: int32(rng.IntN(250_000)), Time: 1_572_566_400 + rng.Int64N(30*86400)}
	}
	s := make([]Share, len(orig))
	for _, bc := range []struct {
		name string
		sort func([]Share)
	}{{"packed", sortShares}, {"comparison", func(s []Share) { slices.SortFunc(s, cmpShares) }}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				copy(s, orig)
				bc.sort(s)
			}
		})
	}
}

// BenchmarkSyncLayer builds the synchronized-activity layer (its MinHash
// LSH and bin weights) on 1M synthetic retweets.
//
//	go test ./detect -run '^$' -bench SyncLayer -benchtime 3x
func BenchmarkSyncLayer(b *testing.B) {
	w, err := load(context.Background(), newSynth(1_000_000))
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{}
	opts.defaults()
	for b.Loop() {
		syncPairs(w, opts)
	}
}
