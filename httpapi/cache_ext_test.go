package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/httpapi"
)

// countingImpact counts the recounts behind an Impact.
type countingImpact struct {
	httpapi.Impact
	reports, accounts atomic.Int64
}

func (c *countingImpact) Report(ctx context.Context) (any, error) {
	c.reports.Add(1)
	return c.Impact.Report(ctx)
}

func (c *countingImpact) AccountImpact(ctx context.Context, id string) (any, error) {
	c.accounts.Add(1)
	return c.Impact.AccountImpact(ctx, id)
}

// moderationOnly hides every method of a Moderation but its own (so not
// LogHead).
type moderationOnly struct{ httpapi.Moderation }

// parallel sends n identical GETs at once and returns their bodies.
func (f *fixture) parallel(t *testing.T, n int, token, path string) []string {
	t.Helper()
	var wg sync.WaitGroup
	bodies := make([]string, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := f.srv.Client().Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if err == nil && res.StatusCode != 200 {
				err = fmt.Errorf("status %d: %s", res.StatusCode, b)
			}
			bodies[i], errs[i] = string(b), err
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("GET %s #%d: %v", path, i, err)
		}
	}
	return bodies
}

func TestImpactIsComputedOncePerLogHead(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		count func(*countingImpact) int64
	}{
		{"purge report", "/api/impact/report", func(c *countingImpact) int64 { return c.reports.Load() }},
		{"account impact", "/api/accounts/realDonaldTrump/impact", func(c *countingImpact) int64 { return c.accounts.Load() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var imp *countingImpact
			f := newFixtureWith(t, 0, func(o *httpapi.Options) {
				imp = &countingImpact{Impact: o.Impact}
				o.Impact = imp
			})
			before := f.parallel(t, 20, viewer, tt.path)
			before = append(before, f.parallel(t, 5, viewer, tt.path)...)
			if n := tt.count(imp); n != 1 {
				t.Fatalf("25 requests on one log head computed impact %d times, want 1", n)
			}
			for _, b := range before[1:] {
				if b != before[0] {
					t.Fatal("answers on one log head differ")
				}
			}
			// A sweep moves the head: the next answer is recomputed and shows it.
			if st, b := f.do(t, analyst, "POST", "/api/sweeps", `{"networks":["N1"]}`); st != 201 {
				t.Fatalf("sweep: %d %s", st, b)
			}
			after := f.parallel(t, 20, viewer, tt.path)
			if n := tt.count(imp); n != 2 {
				t.Fatalf("after a sweep impact was computed %d times in all, want 2", n)
			}
			if after[0] == before[0] {
				t.Fatalf("the answer after a sweep is the one from before it: %s", after[0])
			}
		})
	}
}

func TestImpactWithoutLogHeadIsNotCached(t *testing.T) {
	var imp *countingImpact
	f := newFixtureWith(t, 0, func(o *httpapi.Options) {
		imp = &countingImpact{Impact: o.Impact}
		o.Impact = imp
		o.Moderation = moderationOnly{o.Moderation}
	})
	for i := 0; i < 3; i++ {
		if st, b := f.do(t, viewer, "GET", "/api/impact/report", ""); st != 200 {
			t.Fatalf("%d %s", st, b)
		}
	}
	if n := imp.reports.Load(); n != 3 {
		t.Fatalf("without a log head 3 sequential reports computed %d times, want 3 (nothing says the cache is current)", n)
	}
}

// countingGraph counts the post scans behind member graphs.
type countingGraph struct {
	httpapi.GraphSource
	scans atomic.Int64
}

func (c *countingGraph) EachPost(ctx context.Context, fn func(*botsweep.Post) error) error {
	c.scans.Add(1)
	return c.GraphSource.EachPost(ctx, fn)
}

func TestGraphCacheIsBoundedAndCollapsesMisses(t *testing.T) {
	tests := []struct {
		name      string
		max       int
		visits    []string
		wantScans int64
	}{
		{"room for both", 2, []string{"N1", "N2", "N1", "N2"}, 2},
		{"room for one: the other is rebuilt", 1, []string{"N1", "N2", "N1", "N2"}, 4},
		{"room for one, same network again", 1, []string{"N1", "N1", "N1"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g *countingGraph
			f := newFixtureWith(t, 0, func(o *httpapi.Options) {
				g = &countingGraph{GraphSource: o.Graph}
				o.Graph = g
				o.MaxCachedGraphs = tt.max
			})
			for _, id := range tt.visits {
				f.parallel(t, 8, viewer, fmt.Sprintf("/api/networks/%s/graph", id))
			}
			if n := g.scans.Load(); n != tt.wantScans {
				t.Fatalf("%d post scans for %v (8 parallel requests each), want %d", n, tt.visits, tt.wantScans)
			}
		})
	}
}
