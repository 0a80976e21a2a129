package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/botsweep/botsweep"
)

// frameDeny makes a response unframeable: Content-Security-Policy gains
// frame-ancestors 'none' (whatever policy the handler set) and
// X-Frame-Options is DENY, so the dashboard cannot be clickjacked.
type frameDeny struct {
	http.ResponseWriter
	done bool
}

func (f *frameDeny) amend() {
	if f.done {
		return
	}
	f.done = true
	h := f.Header()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors") {
		if csp != "" {
			csp = strings.TrimRight(csp, "; ") + "; "
		}
		h.Set("Content-Security-Policy", csp+"frame-ancestors 'none'")
	}
	h.Set("X-Frame-Options", "DENY")
}

func (f *frameDeny) WriteHeader(code int) { f.amend(); f.ResponseWriter.WriteHeader(code) }

func (f *frameDeny) Write(b []byte) (int, error) { f.amend(); return f.ResponseWriter.Write(b) }

// Unwrap lets http.ResponseController reach the underlying writer.
func (f *frameDeny) Unwrap() http.ResponseWriter { return f.ResponseWriter }

// noFraming wraps the dashboard so none of its pages can be framed.
func noFraming(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&frameDeny{ResponseWriter: w}, r)
	})
}

// mediaTypeError is a request body that is not JSON: 415.
type mediaTypeError struct{ err error }

func (e *mediaTypeError) Error() string { return e.err.Error() }
func (e *mediaTypeError) Unwrap() error { return e.err }

// checkJSONBody refuses a body whose declared Content-Type is not JSON
// (application/json or any +json type). A body without a Content-Type is
// parsed as JSON and refused with 400 when it is not.
func checkJSONBody(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return &mediaTypeError{botsweep.Errorf(botsweep.EINVALID, "request body is %q: send application/json", ct)}
}

// jsonError describes a JSON decoding error in the request's terms (field
// and the JSON kind expected), never in Go's (struct and type names).
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return botsweep.Errorf(botsweep.EINVALID, "malformed JSON body at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return botsweep.Errorf(botsweep.EINVALID, "the JSON body is %s: want %s", typ.Value, jsonKind(typ.Type))
		}
		return botsweep.Errorf(botsweep.EINVALID, "field %q is %s: want %s", field, typ.Value, jsonKind(typ.Type))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return botsweep.Errorf(botsweep.EINVALID, "the JSON body ends early")
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if strings.HasPrefix(msg, "unknown field ") {
		return botsweep.Errorf(botsweep.EINVALID, "%s in the JSON body", msg)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return botsweep.Errorf(botsweep.EINVALID, "request body exceeds %d bytes", mbe.Limit)
	}
	return botsweep.Errorf(botsweep.EINVALID, "malformed JSON body: %s", msg)
}

// jsonKind names the JSON kind a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return "an array of strings"
		}
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another value"
}
