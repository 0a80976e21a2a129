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
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/singleflight"
)

// Options configure a Server. Tokens is required; every other backend is
// optional and its endpoints answer 404 "not configured" when it is nil.
type Options struct {
	Tokens     botsweep.TokenStore // API tokens; required
	Networks   NetworkLister       // detected networks, ranked
	Accounts   AccountLookup       // account profiles
	Scores     ScoreLookup         // bot scores of accounts no network lists (members carry theirs)
	Moderation Moderation          // status, history, sweeps, appeals
	Impact     Impact              // follower impact and the purge report
	Archive    Archiver            // disclosure archive downloads
	Campaigns  CampaignLister      // sanctioned campaigns
	Graph      GraphSource         // posts and follows for the member graph
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
	// MaxCachedGraphs bounds the member graphs kept, least recently used
	// dropped first. Default 64.
	MaxCachedGraphs int
	// MaxCachedImpacts bounds the follower-impact answers kept (the purge
	// report and per-account impact), least recently used dropped first.
	// They are kept only when Moderation implements LogHead, keyed by the
	// log's head. Default 4096.
	MaxCachedImpacts int
	// NoImpactCache computes follower impact afresh for every request, as
	// the API did before the cache: for comparison in benchmarks.
	NoImpactCache bool
	// Registry receives the API's metrics; /metrics serves it. Default: a
	// new registry with the Go and process collectors.
	Registry *prometheus.Registry
	// MaxBodyBytes caps request bodies. Default 1 MiB.
	MaxBodyBytes int64
	// Logger receives one line per request (route, status, duration,
	// actor) and the cause of every server error. Default slog.Default().
	Logger *slog.Logger
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

	// mu guards net; it is never held across backend I/O.
	mu  sync.Mutex
	net *netSnapshot
	// flight collapses concurrent loads of the same thing (networks, a
	// graph, an impact answer) into one.
	flight  singleflight.Group
	graphs  *lru[string, *Graph]
	impacts *lru[string, []byte]
	// streams counts labeler requests in flight. subscribeLabels hijacks
	// its connection, so http.Server.Shutdown neither waits for it nor
	// cancels it: Serve cancels their context and waits for them before
	// it returns, and only then may the caller close the store they read.
	streams sync.WaitGroup
}

// netSnapshot is the network list as loaded at one time.
type netSnapshot struct {
	nets    []botsweep.Network
	index   map[string]int
	version string // changes whenever the list (ids or detection runs) does
	loaded  time.Time
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
	if opts.MaxCachedGraphs <= 0 {
		opts.MaxCachedGraphs = 64
	}
	if opts.MaxCachedImpacts <= 0 {
		opts.MaxCachedImpacts = 4096
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
		opts.Registry.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	}
	m, err := newMetrics(opts.Registry)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), metrics: m,
		graphs: newLRU[string, *Graph](opts.MaxCachedGraphs), impacts: newLRU[string, []byte](opts.MaxCachedImpacts)}
	s.routes()
	s.handler = s.instrument(s.mux)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Labeler != nil && strings.HasPrefix(r.URL.Path, "/xrpc/com.atproto.label.") {
		s.streams.Add(1)
		defer s.streams.Done()
		s.opts.Labeler.ServeHTTP(w, r) // unwrapped: subscribeLabels hijacks the connection
		return
	}
	s.handler.ServeHTTP(w, r)
}

// Serve answers on ln until ctx is done, then shuts down gracefully,
// giving requests in flight up to 5 seconds. Hijacked connections (the
// labeler's event stream) are cancelled and waited for too, so that no
// handler still reads the store when Serve returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	base, cancelBase := context.WithCancel(context.Background())
	defer s.stopStreams(cancelBase, 5*time.Second)
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
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

// stopStreams cancels the requests' base context, which ends the labeler's
// event streams, and waits up to grace for them to return.
func (s *Server) stopStreams(cancel context.CancelFunc, grace time.Duration) {
	cancel()
	done := make(chan struct{})
	go func() { s.streams.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		s.opts.Logger.Warn("labeler streams still open after shutdown", "grace", grace)
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
	var mte *mediaTypeError
	if errors.As(err, &mte) {
		status = http.StatusUnsupportedMediaType
	}
	if status >= 500 {
		if ri := infoFrom(r.Context()); ri != nil {
			ri.err = err
		}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="botsweep"`)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	jsonHeaders(w)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away: nothing left to tell it
}

// writeJSONBytes writes an answer encoded already (by encodeJSON).
func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	jsonHeaders(w)
	w.WriteHeader(status)
	_, _ = w.Write(b) // the client went away: nothing left to tell it
}

func jsonHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
}

// encodeJSON encodes v as writeJSON would.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "encode answer: %w", err)
	}
	return buf.Bytes(), nil
}

// impactJSON returns the encoded answer of compute, an impact computation
// named what. Follower impact changes only when the moderation log or the
// networks do: when Moderation names its log head (LogHead), each answer
// is computed once per head and network list and served from the cache
// after that. Concurrent misses share one computation either way, so one
// viewer reloading the report cannot queue up many recounts.
func (s *Server) impactJSON(ctx context.Context, what string, compute func(context.Context) (any, error)) ([]byte, error) {
	if s.opts.NoImpactCache {
		res, err := compute(ctx)
		if err != nil {
			return nil, err
		}
		return encodeJSON(res)
	}
	version, err := s.impactVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := version + "\x00" + what
	if version != "" {
		if b, ok := s.impacts.get(key); ok {
			return b, nil
		}
	}
	v, err, _ := s.flight.Do("impact\x00"+key, func() (any, error) {
		res, err := compute(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		b, err := encodeJSON(res)
		if err != nil {
			return nil, err
		}
		if version != "" {
			s.impacts.put(key, b)
		}
		return b, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// impactVersion names the state follower impact is computed from: the
// moderation log's head and the network list. "" when the log cannot say
// (no caching then).
func (s *Server) impactVersion(ctx context.Context) (string, error) {
	lh, ok := s.opts.Moderation.(LogHead)
	if !ok {
		return "", nil
	}
	head, err := lh.LogHead(ctx)
	if err != nil {
		return "", err
	}
	snap, err := s.netSnapshot(ctx)
	if err != nil {
		return "", err
	}
	nets := ""
	if snap != nil {
		nets = snap.version
	}
	return head + "|" + nets, nil
}

// decode reads a JSON body into v, refusing other media types (415),
// unknown fields and trailing data.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	if err := checkJSONBody(r); err != nil {
		return err
	}
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return botsweep.Errorf(botsweep.EINVALID, "empty request body: want a JSON object")
		}
		return jsonError(err)
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
	snap, err := s.netSnapshot(ctx)
	if err != nil || snap == nil {
		return nil, nil, err
	}
	return snap.nets, snap.index, nil
}

// netSnapshot returns the cached network list, loading it when it is older
// than CacheTTL. Concurrent loads collapse into one, and the server's lock
// is not held while the backend reads.
func (s *Server) netSnapshot(ctx context.Context) (*netSnapshot, error) {
	if s.opts.Networks == nil {
		return nil, nil
	}
	now := s.opts.Now()
	s.mu.Lock()
	snap := s.net
	s.mu.Unlock()
	if snap != nil && s.opts.CacheTTL > 0 && now.Sub(snap.loaded) < s.opts.CacheTTL {
		return snap, nil
	}
	v, err, _ := s.flight.Do("networks", func() (any, error) {
		nets, err := s.opts.Networks.Networks(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		snap := &netSnapshot{nets: nets, index: make(map[string]int, len(nets)), loaded: now}
		h := fnv.New64a()
		for i := range nets {
			snap.index[nets[i].ID] = i
			h.Write([]byte(nets[i].ID))
			h.Write([]byte(nets[i].DetectedAt.UTC().Format(time.RFC3339Nano)))
			fmt.Fprintf(h, "/%d;", len(nets[i].Members))
		}
		snap.version = fmt.Sprintf("%d-%x", len(nets), h.Sum64())
		s.mu.Lock()
		s.net = snap
		s.mu.Unlock()
		return snap, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*netSnapshot), nil
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
