package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the API's Prometheus collectors.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inflight prometheus.Gauge
}

func newMetrics(reg *prometheus.Registry) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "botsweep_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method (other for any but the standard ones) and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "botsweep_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern and method (other for any but the standard ones).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "botsweep_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.inflight} {
		if err := reg.Register(c); err != nil {
			return nil, botsweep.Errorf(botsweep.EINVALID, "register metrics: %w", err)
		}
	}
	return m, nil
}

// methodLabel maps a request method to a metric label from a fixed set, so
// made-up methods cannot grow the number of series.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return method
	}
	return "other"
}

// codeLabel maps a status code to a metric label: the code itself when it
// is a valid HTTP status, "other" otherwise.
func codeLabel(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status)
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// requestInfo collects what the handlers learn about a request (who asked,
// why it failed) for the request's log line.
type requestInfo struct {
	actor string
	err   error
}

type requestInfoKey struct{}

// infoFrom returns the request's log record, or nil outside instrument.
func infoFrom(ctx context.Context) *requestInfo {
	ri, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return ri
}

// maxLoggedPath caps the request path in log lines.
const maxLoggedPath = 256

// instrument counts, times and logs every request by the mux pattern it
// matched (so ids in paths do not explode the label space): one log line
// per request with its route, status, duration and actor, and the cause of
// every server error.
func (s *Server) instrument(mux *http.ServeMux) http.Handler {
	m, log := s.metrics, s.opts.Logger
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.inflight.Inc()
		defer m.inflight.Dec()
		// Latency is a measurement of the real elapsed time, not logic:
		// the wall clock is the right clock here.
		start := time.Now()
		ri := &requestInfo{}
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, ri))
		rec := &statusRecorder{ResponseWriter: w}
		mux.ServeHTTP(rec, r)
		elapsed := time.Since(start)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		method := methodLabel(r.Method)
		m.requests.WithLabelValues(route, method, codeLabel(rec.status)).Inc()
		m.latency.WithLabelValues(route, method).Observe(elapsed.Seconds())

		path := r.URL.Path
		if len(path) > maxLoggedPath {
			path = path[:maxLoggedPath] + "…"
		}
		attrs := []slog.Attr{
			slog.String("route", route),
			slog.String("method", method),
			slog.String("path", path),
			slog.Int("status", rec.status),
			slog.Duration("duration", elapsed),
			slog.Int64("bytes", rec.bytes),
		}
		if ri.actor != "" {
			attrs = append(attrs, slog.String("actor", ri.actor))
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
			if ri.err != nil {
				attrs = append(attrs, slog.String("error", ri.err.Error()))
			}
		}
		log.LogAttrs(r.Context(), level, "http request", attrs...)
	})
}
