package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep/httpapi"
	"github.com/botsweep/botsweep/httpapi/httpapitest"
)

// BenchmarkRoutes times each route in-process (no network), with
// /healthz, which does no work, as the baseline to compare against.
func BenchmarkRoutes(b *testing.B) {
	d, nets := httpapitest.Demo(1)
	w := httpapitest.NewWorld(d, nets, func() time.Time { return httpapitest.Fixed })
	s, err := httpapi.New(httpapi.Options{
		Tokens:   httpapitest.NewTokens(map[string]string{"vera": "viewer"}),
		Networks: w, Accounts: w, Moderation: w, Impact: w, Campaigns: w, Graph: d,
		Now: func() time.Time { return httpapitest.Fixed },
	})
	if err != nil {
		b.Fatal(err)
	}
	routes := []struct{ name, method, path, body string }{
		{"healthz", "GET", "/healthz", ""},
		{"whoami", "GET", "/api/whoami", ""},
		{"networks", "GET", "/api/networks", ""},
		{"networks filtered", "GET", "/api/networks?min_score=0.5&q=globus", ""},
		{"network", "GET", "/api/networks/N1", ""},
		{"graph", "GET", "/api/networks/N1/graph", ""},
		{"account", "GET", "/api/accounts/globus_fan7", ""},
		{"impact", "GET", "/api/accounts/jack/impact", ""},
		{"dry-run sweep", "POST", "/api/sweeps", `{"networks":["N1"],"dry_run":true}`},
	}
	for _, r := range routes {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
				req.Header.Set("Authorization", "Bearer "+viewer)
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
