package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/httpapi"
	"github.com/prometheus/client_golang/prometheus"
)

// seriesCount is the number of botsweep_http_* series in reg.
func seriesCount(t *testing.T, reg *prometheus.Registry) int {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, mf := range mfs {
		if strings.HasPrefix(mf.GetName(), "botsweep_http_") {
			n += len(mf.GetMetric())
		}
	}
	return n
}

// Made-up methods and paths must not grow the metrics: labels come from a
// fixed set (the audit grew /metrics from 470 KB to 91 MB this way).
func TestMetricSeriesStayBounded(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			reg := prometheus.NewRegistry()
			f := newFixtureWith(t, 0, func(o *httpapi.Options) { o.Registry = reg })
			rng := rand.New(rand.NewPCG(seed, 7))
			token := func(n int) string {
				const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-!#$%&'*+.^_`|~"
				b := make([]byte, 1+rng.IntN(n))
				for i := range b {
					b[i] = alpha[rng.IntN(len(alpha))]
				}
				return string(b)
			}
			// No dots in path segments: "." and ".." are redirects to the
			// cleaned path, a status the warm-up below might not reach.
			seg := func(n int) string { return url.PathEscape(strings.ReplaceAll(token(n), ".", "_")) }
			paths := []func() string{
				func() string { return "/" + seg(20) },
				func() string { return "/api/" + seg(20) },
				func() string { return "/api/networks/" + seg(10) },
				func() string { return "/api/accounts/" + seg(10) + "/impact" },
				func() string { return "/api/networks/" + seg(10) + "/" + seg(10) },
			}
			methods := []string{"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "FROB"}
			tokens := func() []string { return []string{"", viewer, "bsw_" + token(8)} }
			// Every kind of request once: the label set this reaches is all
			// there is.
			for _, m := range methods {
				for _, p := range paths {
					for _, tok := range tokens() {
						f.do(t, tok, m, p(), "")
					}
				}
			}
			before := seriesCount(t, reg)
			for i := 0; i < 500; i++ {
				method := token(12)
				if rng.IntN(4) == 0 {
					method = methods[rng.IntN(len(methods))]
				}
				tok := tokens()[rng.IntN(3)]
				f.do(t, tok, method, paths[rng.IntN(len(paths))](), "")
			}
			if after := seriesCount(t, reg); after != before {
				t.Fatalf("500 random requests grew the series from %d to %d", before, after)
			}
			if before > 200 {
				t.Fatalf("%d series after random requests: labels are not from a fixed set", before)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, 0)
	get := func(t *testing.T, token, path string) http.Header {
		t.Helper()
		req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := f.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.Header
	}
	t.Run("dashboard cannot be framed", func(t *testing.T) {
		for _, path := range []string{"/", "/index.html"} {
			h := get(t, "", path)
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s: Content-Security-Policy %q lacks frame-ancestors 'none'", path, csp)
			}
			if h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s: X-Frame-Options %q", path, h.Get("X-Frame-Options"))
			}
		}
	})
	tests := []struct {
		name, token, path string
	}{
		{"network list", viewer, "/api/networks"},
		{"network", viewer, "/api/networks/N1"},
		{"metrics", viewer, "/metrics"},
		{"openapi", viewer, "/openapi.json"},
		{"error without token", "", "/api/networks"},
		{"unknown endpoint", viewer, "/api/nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := get(t, tt.token, tt.path)
			if h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", h.Get("X-Content-Type-Options"))
			}
			if h.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", h.Get("Cache-Control"))
			}
		})
	}
}

func TestRequestBodiesAreJSON(t *testing.T) {
	f := newFixture(t, 0)
	tests := []struct {
		name, contentType, body string
		want                    int
		avoid                   *regexp.Regexp // must not appear in the message
	}{
		{"form body", "application/x-www-form-urlencoded", "networks=N1", 415, nil},
		{"plain text", "text/plain", `{"networks":["N1"],"dry_run":true}`, 415, nil},
		{"garbage type", "nonsense", `{"networks":["N1"],"dry_run":true}`, 415, nil},
		{"json with charset", "application/json; charset=utf-8", `{"networks":["N1"],"dry_run":true}`, 200, nil},
		{"vendor json", "application/vnd.botsweep+json", `{"networks":["N1"],"dry_run":true}`, 200, nil},
		{"no content type", "", `{"networks":["N1"],"dry_run":true}`, 200, nil},
		{"wrong type of field", "application/json", `{"networks":"N1","dry_run":true}`, 400, regexp.MustCompile(`SweepRequest|\[\]string|Go |struct`)},
		{"number for bool", "application/json", `{"networks":["N1"],"dry_run":1}`, 400, regexp.MustCompile(`SweepRequest|bool|Go |struct`)},
		{"array body", "application/json", `[1,2]`, 400, regexp.MustCompile(`httpapi|SweepRequest|Go |struct`)},
		{"syntax", "application/json", `{"networks":[N1]}`, 400, regexp.MustCompile(`httpapi|Go |struct`)},
		{"unknown field", "application/json", `{"networks":["N1"],"actor":"mallory"}`, 400, regexp.MustCompile(`httpapi|Go |struct`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", f.srv.URL+"/api/sweeps", strings.NewReader(tt.body))
			req.Header.Set("Authorization", "Bearer "+viewer)
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			res, err := f.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Fatalf("status %d (%s), want %d", res.StatusCode, b, tt.want)
			}
			if tt.want < 400 {
				return
			}
			var eb httpapi.ErrorBody
			if err := json.Unmarshal(b, &eb); err != nil || eb.Error.Message == "" {
				t.Fatalf("error body %q: %v", b, err)
			}
			if tt.avoid != nil && tt.avoid.MatchString(eb.Error.Message) {
				t.Errorf("message %q names Go internals", eb.Error.Message)
			}
		})
	}
}

func TestNonFiniteQueryNumbersAreRefused(t *testing.T) {
	f := newFixture(t, 0)
	for _, v := range []string{"NaN", "nan", "Inf", "-Inf", "+inf", "1e999"} {
		t.Run(v, func(t *testing.T) {
			status, body := f.do(t, viewer, "GET", "/api/networks?min_score="+v, "")
			if status != 400 || !strings.Contains(string(body), botsweep.EINVALID) {
				t.Fatalf("min_score=%s: %d %s, want 400", v, status, body)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// brokenImpact fails every call with an internal error.
type brokenImpact struct{}

func (brokenImpact) AccountImpact(ctx context.Context, id string) (any, error) {
	return nil, botsweep.Errorf(botsweep.EINTERNAL, "impact: disk on fire")
}

func (brokenImpact) Report(ctx context.Context) (any, error) {
	return nil, botsweep.Errorf(botsweep.EINTERNAL, "impact: disk on fire")
}

func TestOneLogLinePerRequestWithActorAndCause(t *testing.T) {
	var buf syncBuffer
	f := newFixtureWith(t, 0, func(o *httpapi.Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&buf, nil))
		o.Impact = brokenImpact{}
	})
	f.do(t, viewer, "GET", "/api/networks/N1", "")
	f.do(t, "", "GET", "/api/networks", "")
	f.do(t, analyst, "GET", "/api/impact/report", "")
	lines := buf.lines(t)
	if len(lines) != 3 {
		t.Fatalf("%d log lines for 3 requests: %v", len(lines), lines)
	}
	tests := []struct {
		line   int
		route  string
		status float64
		actor  any
		level  string
		errSub string
	}{
		{0, "GET /api/networks/{id}", 200, "vera", "INFO", ""},
		{1, "GET /api/networks", 401, nil, "INFO", ""},
		{2, "GET /api/impact/report", 500, "alice", "ERROR", "disk on fire"},
	}
	for _, tt := range tests {
		l := lines[tt.line]
		if l["route"] != tt.route || l["status"] != tt.status || l["actor"] != tt.actor || l["level"] != tt.level {
			t.Errorf("line %d = %v, want route %q status %v actor %v level %s", tt.line, l, tt.route, tt.status, tt.actor, tt.level)
		}
		if _, ok := l["duration"]; !ok {
			t.Errorf("line %d has no duration: %v", tt.line, l)
		}
		if got, _ := l["error"].(string); !strings.Contains(got, tt.errSub) || (tt.errSub == "") != (got == "") {
			t.Errorf("line %d error = %q, want the cause %q", tt.line, got, tt.errSub)
		}
	}
}
