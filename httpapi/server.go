// Package httpapi is botsweep's HTTP JSON API and the server of its analyst
// dashboard: bearer-token auth with the roles viewer < analyst < admin,
// Prometheus metrics, and an OpenAPI document at /openapi.json.
//
// The API meets the rest of botsweep at small interfaces (backend.go), so
// the command that starts it wires the store, the moderation log, the
// impact recount and the archive writer in without this package importing
// them.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/prometheus/client_golang/prometheus"
)

// Options configure a Server. Tokens is required; every other backend is
// optional and its endpoints answer 404 "not configured" when it is nil.
type Options struct {
	Tokens     TokenStore     // API tokens; required
	Networks   NetworkLister  // detected networks, ranked
	Accounts   AccountLookup  // account profiles
	Scores     ScoreLookup    // bot scores of accounts no network lists (members carry theirs)
	Moderation Moderation     // status, history, sweeps, appeals
	Impact     Impact         // follower impact and the purge report
	Archive    Archiver       // disclosure archive downloads
	Campaigns  CampaignLister // sanctioned campaigns
	Graph      GraphSource    // posts and follows for the member graph
	// Dashboard serves the static dashboard at / (index.html and assets);
	// nil serves none. It needs no token: the page asks for one.
	Dashboard http.Handler
	// Now is the clock for cache expiry. Default time.Now.
	Now botsweep.Clock
	// CacheTTL is how long the network list is reused before it is read
	// again from the backend. Default 2s; negative disables the cache.
	CacheTTL time.Duration
	// MaxGraphMembers caps the members drawn in a network's graph, highest
	// score first. Default 2000.
	MaxGraphMembers int
	// Registry receives the API's metrics; /metrics serves it. Default: a
	// new registry with the Go and process collectors.
	Registry *prometheus.Registry
	// MaxBodyBytes caps request bodies. Default 1 MiB.
	MaxBodyBytes int64
	// Labeler serves /xrpc/com.atproto.label.* without a token, as a
	// public AT Protocol labeler does (package labeler); nil serves none.
	Labeler http.Handler
}

// Server is the API and dashboard server; it is an http.Handler.
type Server struct {
	opts    Options
	mux     *http.ServeMux
	handler http.Handler
	metrics *metrics

	mu        sync.Mutex
	netCache  []botsweep.Network
	netIndex  map[string]int
	netLoaded time.Time
	graphs    map[string]*Graph
}

// New returns a Server with the given options.
func New(opts Options) (*Server, error) {
	if opts.Tokens == nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "httpapi: Options.Tokens is required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.CacheTTL == 0 {
		opts.CacheTTL = 2 * time.Second
	}
	if opts.MaxGraphMembers <= 0 {
		opts.MaxGraphMembers = 2000
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
		opts.Registry.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	}
	m, err := newMetrics(opts.Registry)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), metrics: m, graphs: map[string]*Graph{}}
	s.routes()
	s.handler = s.metrics.instrument(s.mux)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Labeler != nil && strings.HasPrefix(r.URL.Path, "/xrpc/com.atproto.label.") {
		s.opts.Labeler.ServeHTTP(w, r) // unwrapped: subscribeLabels hijacks the connection
		return
	}
	s.handler.ServeHTTP(w, r)
}

// Serve answers on ln until ctx is done, then shuts down gracefully,
// giving requests in flight up to 5 seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return botsweep.Errorf(botsweep.EINTERNAL, "serve: %w", err)
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "shutdown: %w", err)
		}
		return nil
	}
}

// ListenAndServe listens on addr (host:port) and serves until ctx is done.
// ready, when not nil, is called with the bound address once listening.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return botsweep.Errorf(botsweep.EINVALID, "listen on %s: %w", addr, err)
	}
	if ready != nil {
		ready(ln.Addr())
	}
	return s.Serve(ctx, ln)
}

// HTTPStatus maps an error code to its HTTP status.
func HTTPStatus(code string) int {
	switch code {
	case botsweep.EINVALID:
		return http.StatusBadRequest
	case botsweep.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case botsweep.EFORBIDDEN:
		return http.StatusForbidden
	case botsweep.ENOTFOUND:
		return http.StatusNotFound
	case botsweep.ECONFLICT:
		return http.StatusConflict
	case botsweep.ELIMIT:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := botsweep.ErrorCode(err)
	if errors.Is(err, context.Canceled) {
		code = botsweep.EINTERNAL
	}
	var body ErrorBody
	body.Error.Code = code
	body.Error.Message = botsweep.ErrorMessage(err)
	status := HTTPStatus(code)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="botsweep"`)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away: nothing left to tell it
}

// decode reads a JSON body into v, refusing unknown fields and trailing data.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return botsweep.Errorf(botsweep.EINVALID, "empty request body: want a JSON object")
		}
		return botsweep.Errorf(botsweep.EINVALID, "malformed JSON body: %w", err)
	}
	if dec.More() {
		return botsweep.Errorf(botsweep.EINVALID, "trailing data after the JSON body")
	}
	return nil
}

func notConfigured(what string) error {
	return botsweep.Errorf(botsweep.ENOTFOUND, "%s is not configured on this server", what)
}

// networks returns the ranked networks, cached for CacheTTL.
func (s *Server) networks(ctx context.Context) ([]botsweep.Network, map[string]int, error) {
	if s.opts.Networks == nil {
		return nil, nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	if s.netIndex != nil && s.opts.CacheTTL > 0 && now.Sub(s.netLoaded) < s.opts.CacheTTL {
		return s.netCache, s.netIndex, nil
	}
	nets, err := s.opts.Networks.Networks(ctx)
	if err != nil {
		return nil, nil, err
	}
	idx := make(map[string]int, len(nets))
	for i := range nets {
		idx[nets[i].ID] = i
	}
	s.netCache, s.netIndex, s.netLoaded = nets, idx, now
	return nets, idx, nil
}

// network returns one network by id; ENOTFOUND when absent.
func (s *Server) network(ctx context.Context, id string) (*botsweep.Network, error) {
	nets, idx, err := s.networks(ctx)
	if err != nil {
		return nil, err
	}
	i, ok := idx[id]
	if !ok {
		return nil, botsweep.Errorf(botsweep.ENOTFOUND, "network %q not found", id)
	}
	return &nets[i], nil
}
