package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/store"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `botsweep serve` in-process on a free port and returns
// its base URL and a function that stops it (also called when the test ends).
func startServe(t *testing.T, dir string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	e := &env{stdout: io.Discard, stderr: &stderr, now: func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }} // as cli
	go func() { done <- run(ctx, e, []string{"serve", "--store", dir, "--addr", "127.0.0.1:0"}) }()
	var once sync.Once
	exited := false // done was received from already
	stop := func() {
		once.Do(func() {
			cancel()
			if exited {
				return
			}
			if status := <-done; status != 0 {
				t.Errorf("serve exited %d: %s", status, stderr.String())
			}
		})
	}
	t.Cleanup(stop)
	re := regexp.MustCompile(`serving (http://[0-9.:]+)/`)
	for {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stop
		}
		select {
		case status := <-done:
			exited = true
			t.Fatalf("serve exited %d: %s", status, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func get(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestServe(t *testing.T) {
	dir := emptyStore(t)
	_, out, stderr := cli(t, "", "token", "create", "--store", dir, "--role", "admin", "--name", "root")
	admin := strings.TrimSpace(out)
	if admin == "" {
		t.Fatal(stderr)
	}
	base, _ := startServe(t, dir)
	tests := []struct {
		name, method, path, token, body string
		want                            int
		contains                        string
	}{
		{"health", "GET", "/healthz", "", "", 200, `"ok"`},
		{"dashboard page", "GET", "/", "", "", 200, "<title>botsweep</title>"},
		{"dashboard bundle", "GET", "/assets/app.js", "", "", 200, ""},
		{"networks without token", "GET", "/api/networks", "", "", 401, "unauthorized"},
		{"metrics without token", "GET", "/metrics", "", "", 401, "unauthorized"},
		{"openapi without token", "GET", "/openapi.json", "", "", 401, "unauthorized"},
		{"networks", "GET", "/api/networks", admin, "", 200, `"total":0`},
		{"openapi", "GET", "/openapi.json", admin, "", 200, `"openapi"`},
		{"metrics", "GET", "/metrics", admin, "", 200, "botsweep_http_requests_total"},
		{"whoami", "GET", "/api/whoami", admin, "", 200, `"role":"admin"`},
		{"issue token", "POST", "/api/tokens", admin, `{"name":"vera","role":"viewer"}`, 201, `"token":"bsw_`},
		{"campaigns", "GET", "/api/campaigns", admin, "", 200, `"campaigns":[]`},
		{"archive not configured", "GET", "/api/archive?network=N1", admin, "", 404, "not configured"},
		{"sweep unknown network", "POST", "/api/sweeps", admin, `{"networks":["N1"],"dry_run":true}`, 404, "not found"},
		{"report", "GET", "/api/impact/report", admin, "", 200, "top_absolute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := get(t, tt.method, base+tt.path, tt.token, tt.body)
			if status != tt.want || !strings.Contains(body, tt.contains) {
				t.Errorf("%d %.300s", status, body)
			}
		})
	}
}

func TestServeLogsTokenIssueWithActor(t *testing.T) {
	dir := emptyStore(t)
	_, out, _ := cli(t, "", "token", "create", "--store", dir, "--role", "admin", "--name", "root")
	admin := strings.TrimSpace(out)
	base, stop := startServe(t, dir)
	if status, body := get(t, "POST", base+"/api/tokens", admin, `{"name":"bob","role":"analyst"}`); status != 201 {
		t.Fatalf("%d %s", status, body)
	}
	stop()
	{
		st, err := store.Open(dir, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var found bool
		err = st.EachEvent(context.Background(), func(ev *botsweep.ModEvent) error {
			if ev.Kind == botsweep.EventComment && ev.Actor == "root" && strings.Contains(ev.Note, "bob") {
				found = true
			}
			return nil
		})
		if err != nil || !found {
			t.Errorf("no comment event by root about bob (err %v)", err)
		}
	}
}
