package httpapi_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/httpapi"
	"github.com/botsweep/botsweep/httpapi/httpapitest"
	"github.com/botsweep/botsweep/web"
)

// Tokens of the test servers: the secret of each is "bsw_" + its name.
const (
	viewer  = "bsw_vera"
	analyst = "bsw_alice"
	admin   = "bsw_root"
)

type fixture struct {
	srv   *httptest.Server
	world *httpapitest.World
}

// newFixture serves the demo world with a breaker of perSweep accounts.
func newFixture(t *testing.T, perSweep int) *fixture {
	t.Helper()
	return newFixtureWith(t, perSweep, nil)
}

// fixtureOptions returns the options of a server over the demo world, and
// the world.
func fixtureOptions(perSweep int) (httpapi.Options, *httpapitest.World) {
	d, nets := httpapitest.Demo(1)
	w := httpapitest.NewWorld(d, nets, func() time.Time { return httpapitest.Fixed })
	w.PerSweep = perSweep
	return httpapi.Options{
		Tokens:     httpapitest.NewTokens(map[string]string{"vera": "viewer", "alice": "analyst", "root": "admin"}),
		Networks:   w,
		Accounts:   w,
		Moderation: w,
		Impact:     w,
		Archive:    w,
		Campaigns:  w,
		Graph:      d,
		Dashboard:  web.Handler(),
		Now:        func() time.Time { return httpapitest.Fixed },
		Logger:     slog.New(slog.DiscardHandler),
	}, w
}

// newFixtureWith is newFixture with the server's options adjusted by edit.
func newFixtureWith(t *testing.T, perSweep int, edit func(*httpapi.Options)) *fixture {
	t.Helper()
	opts, w := fixtureOptions(perSweep)
	if edit != nil {
		edit(&opts)
	}
	s, err := httpapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, world: w}
}

func (f *fixture) do(t *testing.T, token, method, path, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// endpoints lists every API route with a request that would succeed for an
// admin.
var endpoints = []struct{ method, path, body string }{
	{"GET", "/metrics", ""},
	{"GET", "/openapi.json", ""},
	{"GET", "/api/whoami", ""},
	{"GET", "/api/networks", ""},
	{"GET", "/api/networks/N1", ""},
	{"GET", "/api/networks/N1/graph", ""},
	{"GET", "/api/accounts/realDonaldTrump", ""},
	{"GET", "/api/accounts/2/impact", ""},
	{"GET", "/api/impact/report", ""},
	{"GET", "/api/sweeps", ""},
	{"POST", "/api/sweeps", `{"networks":["N2"],"dry_run":true}`},
	{"GET", "/api/appeals", ""},
	{"POST", "/api/appeals", `{"account":"40000"}`},
	{"POST", "/api/appeals/40000/resolve", `{"outcome":"upheld"}`},
	{"GET", "/api/campaigns", ""},
	{"GET", "/api/archive?network=N1", ""},
	{"GET", "/api/tokens", ""},
	{"POST", "/api/tokens", `{"name":"x","role":"viewer"}`},
	{"DELETE", "/api/tokens/vera", ""},
	{"GET", "/api/no-such-endpoint", ""},
}

func TestNoTokenIs401EverywhereButHealth(t *testing.T) {
	f := newFixture(t, 0)
	for _, e := range endpoints {
		for _, tc := range []struct{ name, token string }{{"none", ""}, {"unknown", "bsw_nobody"}, {"not bearer", "garbage"}} {
			t.Run(e.method+" "+e.path+" "+tc.name, func(t *testing.T) {
				status, body := f.do(t, tc.token, e.method, e.path, e.body)
				if status != http.StatusUnauthorized {
					t.Fatalf("status %d, want 401: %s", status, body)
				}
				var eb httpapi.ErrorBody
				if err := json.Unmarshal(body, &eb); err != nil || eb.Error.Code != botsweep.EUNAUTHORIZED {
					t.Errorf("body %s", body)
				}
			})
		}
	}
	if status, _ := f.do(t, "", "GET", "/healthz", ""); status != 200 {
		t.Errorf("/healthz without a token: %d", status)
	}
	// The static page loads without a token (then asks for one) ...
	if status, body := f.do(t, "", "GET", "/", ""); status != 200 || !strings.Contains(string(body), "botsweep") {
		t.Errorf("dashboard page: %d", status)
	}
	// ... but holds no data: nothing under it but the bundle.
	if status, _ := f.do(t, "", "GET", "/data.json", ""); status != 404 {
		t.Errorf("unknown static path: %d", status)
	}
}

func TestRoleBoundaries(t *testing.T) {
	tests := []struct {
		name         string
		token        string
		method, path string
		body         string
		want         int
	}{
		{"viewer reads networks", viewer, "GET", "/api/networks", "", 200},
		{"viewer reads metrics", viewer, "GET", "/metrics", "", 200},
		{"viewer reads openapi", viewer, "GET", "/openapi.json", "", 200},
		{"viewer previews a sweep", viewer, "POST", "/api/sweeps", `{"networks":["N1"],"dry_run":true}`, 200},
		{"viewer cannot sweep", viewer, "POST", "/api/sweeps", `{"networks":["N1"]}`, 403},
		{"viewer cannot file appeals", viewer, "POST", "/api/appeals", `{"account":"20000"}`, 403},
		{"viewer cannot resolve appeals", viewer, "POST", "/api/appeals/20000/resolve", `{"outcome":"upheld"}`, 403},
		{"viewer cannot download archives", viewer, "GET", "/api/archive?network=N1", "", 403},
		{"viewer cannot list tokens", viewer, "GET", "/api/tokens", "", 403},
		{"analyst sweeps within the breaker", analyst, "POST", "/api/sweeps", `{"networks":["N2"]}`, 201},
		{"analyst over the breaker", analyst, "POST", "/api/sweeps", `{"networks":["N1"],"with_associated":true}`, 429},
		{"analyst may not override", analyst, "POST", "/api/sweeps", `{"networks":["N1"],"override":true}`, 403},
		{"analyst previews over the breaker", analyst, "POST", "/api/sweeps", `{"networks":["N1"],"dry_run":true}`, 200},
		{"analyst downloads archives", analyst, "GET", "/api/archive?network=N1", "", 200},
		{"analyst cannot issue tokens", analyst, "POST", "/api/tokens", `{"name":"eve","role":"admin"}`, 403},
		{"analyst cannot revoke tokens", analyst, "DELETE", "/api/tokens/vera", "", 403},
		{"admin overrides the breaker", admin, "POST", "/api/sweeps", `{"networks":["N1"],"override":true}`, 201},
		{"admin issues tokens", admin, "POST", "/api/tokens", `{"name":"bob","role":"analyst"}`, 201},
		{"admin revokes tokens", admin, "DELETE", "/api/tokens/vera", "", 200},
		{"admin lists tokens", admin, "GET", "/api/tokens", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, 150) // N2 (120 core) fits, N1 (200 core) does not
			status, body := f.do(t, tt.token, tt.method, tt.path, tt.body)
			if status != tt.want {
				t.Fatalf("status %d, want %d: %s", status, tt.want, body)
			}
		})
	}
}

func TestStateChangesAreLoggedWithActor(t *testing.T) {
	f := newFixture(t, 0)
	steps := []struct {
		token, method, path, body string
		want                      int
	}{
		{analyst, "POST", "/api/sweeps", `{"networks":["N1"],"reason":"platform-manipulation"}`, 201},
		{analyst, "POST", "/api/appeals", `{"account":"@globus_fan0","note":"I am a person"}`, 201},
		{admin, "POST", "/api/appeals/globus_fan0/resolve", `{"outcome":"reinstated","note":"verified"}`, 200},
		{admin, "POST", "/api/tokens", `{"name":"newbie","role":"viewer"}`, 201},
		{admin, "DELETE", "/api/tokens/newbie", "", 200},
	}
	for _, s := range steps {
		if status, body := f.do(t, s.token, s.method, s.path, s.body); status != s.want {
			t.Fatalf("%s %s: %d, want %d: %s", s.method, s.path, status, s.want, body)
		}
	}
	actors := map[botsweep.EventKind]map[string]bool{}
	for _, ev := range f.world.Events() {
		if actors[ev.Kind] == nil {
			actors[ev.Kind] = map[string]bool{}
		}
		actors[ev.Kind][ev.Actor] = true
	}
	for kind, actor := range map[botsweep.EventKind]string{
		botsweep.EventSuspend: "alice", botsweep.EventAppealFiled: "alice", botsweep.EventAppealResolved: "root",
		botsweep.EventReinstate: "root", botsweep.EventComment: "root",
	} {
		if !actors[kind][actor] || len(actors[kind]) != 1 {
			t.Errorf("%s events by %v, want only %s", kind, actors[kind], actor)
		}
	}
	// The reinstated account is active again and its history shows it.
	_, body := f.do(t, viewer, "GET", "/api/accounts/globus_fan0", "")
	var acct httpapi.AccountDetail
	if err := json.Unmarshal(body, &acct); err != nil {
		t.Fatal(err)
	}
	if acct.Status != botsweep.StatusActive || len(acct.History) != 4 || len(acct.Networks) != 1 || acct.BotScore == nil {
		t.Errorf("account after reinstatement: %s", body)
	}
	// Suspending the same network again: the reinstated account only.
	status, body := f.do(t, analyst, "POST", "/api/sweeps", `{"networks":["N1"],"dry_run":true}`)
	var res httpapi.SweepResult
	if err := json.Unmarshal(body, &res); err != nil || status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	if len(res.Sweep.Accounts) != 1 || res.Skipped != 199 {
		t.Errorf("second sweep would suspend %d, skip %d", len(res.Sweep.Accounts), res.Skipped)
	}
}

func TestSweepShowsImpact(t *testing.T) {
	f := newFixture(t, 0)
	status, body := f.do(t, viewer, "POST", "/api/sweeps", `{"networks":["N1"],"dry_run":true}`)
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	var dry httpapi.SweepResult
	if err := json.Unmarshal(body, &dry); err != nil {
		t.Fatal(err)
	}
	if !dry.DryRun || dry.Impact == nil || len(dry.Impact.Top) == 0 || dry.Impact.Top[0].ScreenName != "TheGlobus" || dry.Impact.Top[0].Lost != 200 {
		t.Fatalf("dry run impact: %s", body)
	}
	if len(f.world.Events()) != 0 {
		t.Fatal("a dry run wrote events")
	}
	if status, body := f.do(t, analyst, "POST", "/api/sweeps", `{"networks":["N1"]}`); status != 201 {
		t.Fatalf("%d %s", status, body)
	}
	_, body = f.do(t, viewer, "GET", "/api/accounts/TheGlobus/impact", "")
	var imp httpapi.AccountImpact
	if err := json.Unmarshal(body, &imp); err != nil {
		t.Fatal(err)
	}
	if imp.Lost != 200 || len(imp.BySweep) != 1 || imp.BySweep[0].Removed != 200 || imp.FollowersAfter != imp.FollowersBefore-200 {
		t.Errorf("impact: %s", body)
	}
	_, body = f.do(t, viewer, "GET", "/api/networks", "")
	var list httpapi.NetworkList
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	if !list.Networks[0].Swept || list.Networks[1].Swept {
		t.Errorf("swept flags: %s", body)
	}
}

func TestNetworkFilters(t *testing.T) {
	f := newFixture(t, 0)
	tests := []struct {
		name, query string
		want        []string
	}{
		{"all, ranked", "", []string{"N1", "N2"}},
		{"min score", "?min_score=0.8", []string{"N1"}},
		{"min size", "?min_size=150", []string{"N1"}},
		{"max size", "?max_size=150", []string{"N2"}},
		{"q on amplified account", "?q=theglobus", []string{"N1"}},
		{"q on member", "?q=user10000000", []string{"N2"}},
		{"q on attribution", "?q=ira-2018", []string{"N1"}},
		{"state backed", "?state_backed=false", []string{"N2"}},
		{"limit", "?limit=1", []string{"N1"}},
		{"offset", "?offset=1", []string{"N2"}},
		{"nothing", "?q=zzz", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.do(t, viewer, "GET", "/api/networks"+tt.query, "")
			if status != 200 {
				t.Fatalf("%d %s", status, body)
			}
			var list httpapi.NetworkList
			if err := json.Unmarshal(body, &list); err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, n := range list.Networks {
				got = append(got, n.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBadRequests(t *testing.T) {
	f := newFixture(t, 0)
	tests := []struct {
		name, token, method, path, body string
		want                            int
		code                            string
	}{
		{"bad min_score", viewer, "GET", "/api/networks?min_score=high", "", 400, botsweep.EINVALID},
		{"negative limit", viewer, "GET", "/api/networks?limit=-1", "", 400, botsweep.EINVALID},
		{"unknown network", viewer, "GET", "/api/networks/N9", "", 404, botsweep.ENOTFOUND},
		{"unknown account", viewer, "GET", "/api/accounts/nobody_at_all", "", 404, botsweep.ENOTFOUND},
		{"malformed JSON", analyst, "POST", "/api/sweeps", `{"networks":`, 400, botsweep.EINVALID},
		{"unknown field", analyst, "POST", "/api/sweeps", `{"networks":["N1"],"actor":"mallory"}`, 400, botsweep.EINVALID},
		{"empty body", analyst, "POST", "/api/sweeps", ``, 400, botsweep.EINVALID},
		{"no networks", analyst, "POST", "/api/sweeps", `{}`, 400, botsweep.EINVALID},
		{"sweep unknown network", analyst, "POST", "/api/sweeps", `{"networks":["N9"]}`, 404, botsweep.ENOTFOUND},
		{"appeal for active account", analyst, "POST", "/api/appeals", `{"account":"jack"}`, 409, botsweep.ECONFLICT},
		{"bad outcome", analyst, "POST", "/api/appeals/jack/resolve", `{"outcome":"maybe"}`, 400, botsweep.EINVALID},
		{"resolve without appeal", analyst, "POST", "/api/appeals/jack/resolve", `{"outcome":"upheld"}`, 409, botsweep.ECONFLICT},
		{"archive without networks", analyst, "GET", "/api/archive", "", 400, botsweep.EINVALID},
		{"archive bad policy", analyst, "GET", "/api/archive?network=N1&policy=all", "", 400, botsweep.EINVALID},
		{"token with bad role", admin, "POST", "/api/tokens", `{"name":"x","role":"god"}`, 400, botsweep.EINVALID},
		{"token name taken", admin, "POST", "/api/tokens", `{"name":"vera","role":"viewer"}`, 409, botsweep.ECONFLICT},
		{"revoke unknown token", admin, "DELETE", "/api/tokens/ghost", "", 404, botsweep.ENOTFOUND},
		{"unknown endpoint", viewer, "GET", "/api/nope", "", 404, botsweep.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.do(t, tt.token, tt.method, tt.path, tt.body)
			var eb httpapi.ErrorBody
			if err := json.Unmarshal(body, &eb); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if status != tt.want || eb.Error.Code != tt.code || eb.Error.Message == "" {
				t.Errorf("got %d %s, want %d %s", status, body, tt.want, tt.code)
			}
		})
	}
}

func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		code string
		want int
	}{
		{botsweep.EINVALID, 400}, {botsweep.EUNAUTHORIZED, 401}, {botsweep.EFORBIDDEN, 403}, {botsweep.ENOTFOUND, 404},
		{botsweep.ECONFLICT, 409}, {botsweep.ELIMIT, 429}, {botsweep.EINTERNAL, 500}, {"something-else", 500},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := httpapi.HTTPStatus(tt.code); got != tt.want {
				t.Errorf("HTTPStatus(%s) = %d, want %d", tt.code, got, tt.want)
			}
		})
	}
}

func TestMetricsByRouteAndCode(t *testing.T) {
	f := newFixture(t, 0)
	f.do(t, viewer, "GET", "/api/networks/N1", "")
	f.do(t, viewer, "GET", "/api/networks/N2", "")
	f.do(t, "", "GET", "/api/networks", "")
	_, body := f.do(t, viewer, "GET", "/metrics", "")
	for _, want := range []string{
		`botsweep_http_requests_total{code="200",method="GET",route="GET /api/networks/{id}"} 2`,
		`botsweep_http_requests_total{code="401",method="GET",route="GET /api/networks"} 1`,
		`botsweep_http_request_duration_seconds_bucket{method="GET",route="GET /api/networks/{id}"`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(httpapi.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	for _, e := range append(endpoints[:len(endpoints)-1:len(endpoints)-1], struct{ method, path, body string }{"GET", "/healthz", ""}) {
		p := e.path
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		p = strings.NewReplacer("/N1", "/{id}", "/realDonaldTrump", "/{id}", "/2/impact", "/{id}/impact", "/40000/", "/{account}/", "/vera", "/{name}").Replace(p)
		if _, ok := doc.Paths[p][strings.ToLower(e.method)]; !ok {
			t.Errorf("openapi.json lacks %s %s", e.method, p)
		}
	}
}

func TestGraphFromPosts(t *testing.T) {
	f := newFixture(t, 0)
	_, body := f.do(t, viewer, "GET", "/api/networks/N1/graph", "")
	var g httpapi.Graph
	if err := json.Unmarshal(body, &g); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range g.Edges {
		kinds[e.Kind]++
	}
	if g.Members != 210 || g.Shown != 210 || kinds["retweet"] != 200 || kinds["link"] != 200 {
		t.Errorf("graph: members %d shown %d edges %v", g.Members, g.Shown, kinds)
	}
}
