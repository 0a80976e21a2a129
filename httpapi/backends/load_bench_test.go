package backends_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/botsweep/botsweep/httpapi"
	"github.com/botsweep/botsweep/httpapi/backends"
	"github.com/botsweep/botsweep/httpapi/httpapitest"
)

// BenchmarkLoadMix serves the demo world from a real store over loopback
// to 8×GOMAXPROCS concurrent clients and times requests (ns/op is wall
// time per request over all clients: the inverse of throughput). It
// compares cheap reads alone with a mix where one request in four is
// follower impact (the purge report or an account's impact), with the
// impact cache off (every request recounts, as before) and on (once per
// moderation-log head). docs/benchmarks/http.md records the figures.
//
//	go test -run '^$' -bench BenchmarkLoadMix -benchtime 2000x ./httpapi/backends/
func BenchmarkLoadMix(b *testing.B) {
	cheap := []string{"/api/networks", "/api/networks/N1", "/api/accounts/globus_fan7", "/api/networks?min_score=0.5&q=globus"}
	impact := []string{"/api/impact/report", "/api/accounts/jack/impact"}
	mixes := []struct {
		name  string
		paths []string
	}{
		{"cheap", cheap},
		{"impact-mix", append(append([]string(nil), cheap[:3]...), impact[0], cheap[3], cheap[0], impact[1], cheap[1])},
	}
	for _, mix := range mixes {
		for _, cache := range []bool{false, true} {
			name := "reads=" + mix.name + "/impact-cache=off"
			if cache {
				name = "reads=" + mix.name + "/impact-cache=on"
			}
			b.Run(name, func(b *testing.B) {
				base, tok := serveDemo(b, !cache)
				client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}}
				defer client.CloseIdleConnections()
				var next atomic.Int64
				b.SetParallelism(8)
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						path := mix.paths[int(next.Add(1))%len(mix.paths)]
						req, _ := http.NewRequest("GET", base+path, nil)
						req.Header.Set("Authorization", "Bearer "+tok)
						res, err := client.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						_, _ = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode != 200 {
							b.Errorf("GET %s: %d", path, res.StatusCode)
							return
						}
					}
				})
			})
		}
	}
}

// serveDemo serves the demo world, with one network swept, on loopback
// and returns its base URL and a viewer token.
func serveDemo(b testing.TB, noImpactCache bool) (string, string) {
	b.Helper()
	st, tok := newStore(b)
	ctx := context.Background()
	opts, _, err := backends.Options(ctx, backends.Config{Store: st, Now: func() time.Time { return httpapitest.Fixed }})
	if err != nil {
		b.Fatal(err)
	}
	opts.NoImpactCache = noImpactCache
	opts.Logger = slog.New(slog.DiscardHandler)
	s, err := httpapi.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := opts.Moderation.Sweep(ctx, httpapi.SweepRequest{Networks: []string{"N1"}, Reason: "platform-manipulation", Actor: "bench", Override: true}); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Serve(sctx, ln) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	})
	return "http://" + ln.Addr().String(), tok["viewer"]
}

// The benchmark's server and mix work: every path answers 200 in both
// cache modes (run as a test so CI keeps the benchmark honest).
func TestLoadMixPathsAnswer(t *testing.T) {
	for _, noCache := range []bool{false, true} {
		base, tok := serveDemo(t, noCache)
		for _, p := range []string{"/api/impact/report", "/api/accounts/jack/impact", "/api/networks/N1"} {
			req, _ := http.NewRequest("GET", base+p, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if r.StatusCode != 200 || !strings.HasPrefix(string(body), "{") {
				t.Fatalf("noCache=%v %s: %d %s", noCache, p, r.StatusCode, body)
			}
		}
	}
}
