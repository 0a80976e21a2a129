package backends_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botsweep/botsweep/httpapi"
	"github.com/botsweep/botsweep/httpapi/backends"
	"github.com/botsweep/botsweep/httpapi/httpapitest"
)

// TestLoad is the bounded load test on loopback, off by default:
//
//	BOTSWEEP_LOAD=30s BOTSWEEP_LOAD_CLIENTS=200 go test -run TestLoad -v ./httpapi/backends/
//
// It serves the demo world from a real store through the real backends on
// 127.0.0.1 and has every client loop over a mix of authenticated reads
// (and a few dry-run sweeps) for the duration, then reports the latency
// percentiles per route. Any error or non-2xx answer fails it; latency
// never does (the machines are shared and noisy).
func TestLoad(t *testing.T) {
	durS := os.Getenv("BOTSWEEP_LOAD")
	if durS == "" {
		t.Skip("load test off: set BOTSWEEP_LOAD=30s (and BOTSWEEP_LOAD_CLIENTS=200) to run it")
	}
	dur, err := time.ParseDuration(durS)
	if err != nil || dur <= 0 || dur > 5*time.Minute {
		t.Fatalf("BOTSWEEP_LOAD=%q: want a duration up to 5m", durS)
	}
	clients := 200
	if s := os.Getenv("BOTSWEEP_LOAD_CLIENTS"); s != "" {
		if clients, err = strconv.Atoi(s); err != nil || clients <= 0 || clients > 1000 {
			t.Fatalf("BOTSWEEP_LOAD_CLIENTS=%q: want 1..1000", s)
		}
	}
	st, tok := newStore(t)
	opts, _, err := backends.Options(context.Background(), backends.Config{Store: st, Now: func() time.Time { return httpapitest.Fixed }})
	if err != nil {
		t.Fatal(err)
	}
	s, err := httpapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	addr, stop := httpapitest.ServeLocal(t, s)
	defer func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	}()
	base := "http://" + addr
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}}

	type req struct{ route, method, path, body string }
	mix := []req{
		{"GET /api/networks", "GET", "/api/networks", ""},
		{"GET /api/networks", "GET", "/api/networks?min_score=0.5&q=globus", ""},
		{"GET /api/networks/{id}", "GET", "/api/networks/N1", ""},
		{"GET /api/networks/{id}", "GET", "/api/networks/N2", ""},
		{"GET /api/accounts/{id}", "GET", "/api/accounts/globus_fan7", ""},
		{"GET /api/accounts/{id}", "GET", "/api/accounts/realDonaldTrump", ""},
		{"GET /api/accounts/{id}/impact", "GET", "/api/accounts/jack/impact", ""},
		{"GET /api/campaigns", "GET", "/api/campaigns", ""},
		{"GET /healthz", "GET", "/healthz", ""},
		{"POST /api/sweeps (dry run)", "POST", "/api/sweeps", `{"networks":["N2"],"dry_run":true}`},
	}
	type sample struct {
		route string
		d     time.Duration
	}
	var mu sync.Mutex
	var samples []sample
	var errs []string
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var local []sample
			var localErr []string
			for i := c; time.Now().Before(deadline); i++ {
				r := mix[i%len(mix)]
				hr, err := http.NewRequest(r.method, base+r.path, strings.NewReader(r.body))
				if err != nil {
					localErr = append(localErr, err.Error())
					continue
				}
				hr.Header.Set("Authorization", "Bearer "+tok["viewer"])
				start := time.Now()
				res, err := client.Do(hr)
				if err != nil {
					localErr = append(localErr, err.Error())
					continue
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				d := time.Since(start)
				if err != nil || res.StatusCode >= 300 {
					localErr = append(localErr, fmt.Sprintf("%s %s: %d %v", r.method, r.path, res.StatusCode, err))
					continue
				}
				local = append(local, sample{r.route, d})
			}
			mu.Lock()
			samples = append(samples, local...)
			errs = append(errs, localErr...)
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Errorf("%d errors, first: %s", len(errs), errs[0])
	}
	byRoute := map[string][]time.Duration{}
	var all []time.Duration
	for _, s := range samples {
		byRoute[s.route] = append(byRoute[s.route], s.d)
		all = append(all, s.d)
	}
	pct := func(ds []time.Duration, p float64) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		if len(ds) == 0 {
			return 0
		}
		return ds[int(p*float64(len(ds)-1))]
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	var out strings.Builder
	fmt.Fprintf(&out, "clients %d, duration %s, requests %d (%.0f/s), errors %d\n\n", clients, dur, len(all), float64(len(all))/dur.Seconds(), len(errs))
	fmt.Fprintf(&out, "| route | requests | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n")
	routes := make([]string, 0, len(byRoute))
	for r := range byRoute {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		ds := byRoute[r]
		fmt.Fprintf(&out, "| %s | %d | %s | %s | %s |\n", r, len(ds), ms(pct(ds, .5)), ms(pct(ds, .99)), ms(pct(ds, 1)))
	}
	fmt.Fprintf(&out, "| **all** | %d | %s | %s | %s |\n", len(all), ms(pct(all, .5)), ms(pct(all, .99)), ms(pct(all, 1)))
	t.Log("\n" + out.String())
}
