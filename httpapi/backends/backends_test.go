package backends_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/httpapi"
	"github.com/botsweep/botsweep/httpapi/backends"
	"github.com/botsweep/botsweep/httpapi/httpapitest"
	"github.com/botsweep/botsweep/score"
	"github.com/botsweep/botsweep/store"
)

// newStore writes the demo world and its networks into a fresh store and
// issues one token per role; it returns the store and the tokens by role.
func newStore(t testing.TB) (*store.Store, map[string]string) {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return httpapitest.Fixed }
	st, err := store.Open(filepath.Join(t.TempDir(), "store"), store.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d, nets := httpapitest.Demo(1)
	w, err := st.NewWriter(store.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeAll(ctx, d, w); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.PutNetworks(ctx, nets); err != nil {
		t.Fatal(err)
	}
	toks := map[string]string{}
	for _, role := range []string{"viewer", "analyst", "admin"} {
		secret, _, err := st.CreateToken(ctx, role+"-1", role)
		if err != nil {
			t.Fatal(err)
		}
		toks[role] = secret
	}
	return st, toks
}

func writeAll(ctx context.Context, d *botsweep.Dataset, w botsweep.Sink) error {
	if err := d.EachAccount(ctx, w.Account); err != nil {
		return err
	}
	if err := d.EachPost(ctx, w.Post); err != nil {
		return err
	}
	if err := d.EachFollow(ctx, w.Follow); err != nil {
		return err
	}
	return d.EachCampaign(ctx, w.Campaign)
}

func call(t *testing.T, srv *httptest.Server, token, method, path, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && res.StatusCode < 300 {
		if bp, ok := out.(*[]byte); ok {
			*bp = b
		} else if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	if res.StatusCode >= 300 {
		t.Logf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	return res.StatusCode
}

// TestStoreBackends runs the API over a real store with the moderation
// log, the impact recount and the archive writer: role boundaries, a
// breaker refusal, a sweep with its impact, an appeal and an archive.
func TestStoreBackends(t *testing.T) {
	st, tok := newStore(t)
	opts, log, err := backends.Options(context.Background(), backends.Config{
		Store: st, Now: func() time.Time { return httpapitest.Fixed }, MaxPerSweep: 150, MaxPerDay: -1, ArchiveKey: []byte("test-key"),
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := httpapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()

	var dry httpapi.SweepResult
	if code := call(t, srv, tok["viewer"], "POST", "/api/sweeps", `{"networks":["N1"],"with_associated":true,"dry_run":true}`, &dry); code != 200 {
		t.Fatalf("dry run: %d", code)
	}
	if len(dry.Sweep.Accounts) != 210 || !dry.Breaker.WouldTrip || dry.Impact == nil || dry.Impact.Top[0].AccountID != "1" || dry.Impact.Top[0].Lost != 210 {
		t.Fatalf("dry run: %+v %+v", dry.Breaker, dry.Impact)
	}
	steps := []struct {
		name, role, method, path, body string
		want                           int
	}{
		{"viewer cannot sweep", "viewer", "POST", "/api/sweeps", `{"networks":["N1"]}`, 403},
		{"analyst over the breaker", "analyst", "POST", "/api/sweeps", `{"networks":["N1"],"with_associated":true}`, 429},
		{"analyst cannot override", "analyst", "POST", "/api/sweeps", `{"networks":["N1"],"with_associated":true,"override":true}`, 403},
		{"admin overrides", "admin", "POST", "/api/sweeps", `{"networks":["N1"],"with_associated":true,"override":true}`, 201},
		{"nothing left to sweep", "admin", "POST", "/api/sweeps", `{"networks":["N1"],"with_associated":true}`, 409},
		{"analyst sweeps within the breaker", "analyst", "POST", "/api/sweeps", `{"networks":["N2"]}`, 201},
		{"appeal", "analyst", "POST", "/api/appeals", `{"account":"globus_fan3","note":"a person"}`, 201},
		{"reinstate", "analyst", "POST", "/api/appeals/globus_fan3/resolve", `{"outcome":"reinstated"}`, 200},
		{"archive refused by policy", "analyst", "GET", "/api/archive?network=N2", "", 403},
		{"archive", "analyst", "GET", "/api/archive?network=N1", "", 200},
	}
	for _, s := range steps {
		if code := call(t, srv, tok[s.role], s.method, s.path, s.body, nil); code != s.want {
			t.Fatalf("%s: %d, want %d", s.name, code, s.want)
		}
	}
	// The log holds every change with its actor.
	actors := map[string]int{}
	for _, ev := range log.Events() {
		actors[string(ev.Kind)+" by "+ev.Actor]++
	}
	for k, want := range map[string]int{"suspend by admin-1": 210, "suspend by analyst-1": 120, "appeal_filed by analyst-1": 1, "reinstate by analyst-1": 1} {
		if actors[k] != want {
			t.Errorf("%s: %d events, want %d (all: %v)", k, actors[k], want, actors)
		}
	}
	// Follower impact from the follow graph: TheGlobus lost the 210 network
	// followers, less the reinstated one.
	var imp httpapi.AccountImpact
	if code := call(t, srv, tok["viewer"], "GET", "/api/accounts/TheGlobus/impact", "", &imp); code != 200 {
		t.Fatal(code)
	}
	if imp.Lost != 209 || len(imp.BySweep) != 2 || imp.BySweep[0].Removed != 210 {
		t.Errorf("impact %+v", imp)
	}
	var rep httpapi.PurgeReport
	if code := call(t, srv, tok["viewer"], "GET", "/api/impact/report", "", &rep); code != 200 || len(rep.Prominent) == 0 || len(rep.TopAbsolute) == 0 {
		t.Errorf("report %d %+v", code, rep)
	}
	var acct httpapi.AccountDetail
	if code := call(t, srv, tok["viewer"], "GET", "/api/accounts/globus_fan3", "", &acct); code != 200 || acct.Status != botsweep.StatusActive || len(acct.History) < 3 || acct.Account.CreatedAt.IsZero() {
		t.Errorf("account %d %+v", code, acct)
	}
	var zipped []byte
	call(t, srv, tok["analyst"], "GET", "/api/archive?network=N1", "", &zipped)
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatalf("archive is not a zip: %v", err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if !strings.Contains(strings.Join(names, " "), "users_csv_hashed.csv") {
		t.Errorf("archive holds %v", names)
	}
	var camps struct{ Campaigns []httpapi.CampaignView }
	if code := call(t, srv, tok["viewer"], "GET", "/api/campaigns", "", &camps); code != 200 || len(camps.Campaigns) != 1 || camps.Campaigns[0].Emoji != "💊" {
		t.Errorf("campaigns %d %+v", code, camps)
	}
	var g httpapi.Graph
	if code := call(t, srv, tok["viewer"], "GET", "/api/networks/N1/graph", "", &g); code != 200 || len(g.Edges) < 400 {
		t.Errorf("graph %d: %d edges", code, len(g.Edges))
	}
}

// TestProfileScores: with the account model configured, an account no
// network lists gets the model's score on its stored profile, marked as
// such; without it, none.
func TestProfileScores(t *testing.T) {
	st, tok := newStore(t)
	m, err := score.Default()
	if err != nil {
		t.Fatal(err)
	}
	fixed := func() time.Time { return httpapitest.Fixed }
	a, err := st.Account(context.Background(), "TheGlobus")
	if botsweep.ErrorCode(err) == botsweep.ENOTFOUND {
		a, err = st.AccountByScreenName(context.Background(), "TheGlobus")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := m.Score(score.ProfileVector(nil, a, nil, score.ExtractOptions{Now: fixed}))
	for _, tc := range []struct {
		name   string
		model  *score.Model
		source string
	}{
		{"with the model", m, "profile"},
		{"without", nil, ""},
	} {
		opts, _, err := backends.Options(context.Background(), backends.Config{Store: st, Now: fixed, Model: tc.model})
		if err != nil {
			t.Fatal(err)
		}
		s, err := httpapi.New(opts)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s)
		var d httpapi.AccountDetail
		if code := call(t, srv, tok["viewer"], "GET", "/api/accounts/TheGlobus", "", &d); code != 200 {
			t.Fatalf("%s: %d", tc.name, code)
		}
		srv.Close()
		if d.BotScoreSource != tc.source {
			t.Errorf("%s: source %q, want %q", tc.name, d.BotScoreSource, tc.source)
		}
		switch {
		case tc.model == nil && d.BotScore != nil:
			t.Errorf("%s: score %v, want none", tc.name, *d.BotScore)
		case tc.model != nil && (d.BotScore == nil || *d.BotScore != want):
			t.Errorf("%s: score %v, want %v", tc.name, d.BotScore, want)
		}
	}
}
