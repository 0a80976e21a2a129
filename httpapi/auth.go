package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/botsweep/botsweep"
)

// Role is what a token may do; each role includes the rights of the ones
// below it.
type Role int

// The roles, in increasing order of rights.
const (
	// RoleNone is no valid token; only /healthz and the static dashboard answer.
	RoleNone Role = iota
	// RoleViewer reads everything: networks, accounts, impact, campaigns,
	// metrics, and may preview a sweep as a dry run.
	RoleViewer
	// RoleAnalyst also runs sweeps within the circuit breaker, files and
	// resolves appeals, and downloads disclosure archives.
	RoleAnalyst
	// RoleAdmin also overrides the circuit breaker and manages tokens.
	RoleAdmin
)

// String returns the role's name as tokens carry it.
func (r Role) String() string {
	switch r {
	case RoleViewer:
		return "viewer"
	case RoleAnalyst:
		return "analyst"
	case RoleAdmin:
		return "admin"
	}
	return "none"
}

// ParseRole parses a role name; EINVALID for anything but viewer, analyst
// or admin.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "viewer":
		return RoleViewer, nil
	case "analyst":
		return RoleAnalyst, nil
	case "admin":
		return RoleAdmin, nil
	}
	return RoleNone, botsweep.Errorf(botsweep.EINVALID, "unknown role %q: want viewer, analyst or admin", s)
}

// Principal is the caller a valid token identifies.
type Principal struct {
	Name string // the token's name; the actor in the moderation log
	Role Role
}

type principalKey struct{}

// PrincipalFrom returns the authenticated caller of a request's context.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// authenticate resolves the request's bearer token.
func (s *Server) authenticate(r *http.Request) (Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return Principal{}, botsweep.Errorf(botsweep.EUNAUTHORIZED, "missing bearer token (Authorization: Bearer TOKEN)")
	}
	scheme, secret, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return Principal{}, botsweep.Errorf(botsweep.EUNAUTHORIZED, "malformed Authorization header: want Bearer TOKEN")
	}
	tok, err := s.opts.Tokens.LookupToken(r.Context(), strings.TrimSpace(secret))
	if err != nil {
		if botsweep.ErrorCode(err) == botsweep.EINTERNAL {
			return Principal{}, err
		}
		return Principal{}, botsweep.Errorf(botsweep.EUNAUTHORIZED, "invalid or revoked token")
	}
	role, err := ParseRole(tok.Role)
	if err != nil {
		return Principal{}, botsweep.Errorf(botsweep.EUNAUTHORIZED, "token %q has an unknown role", tok.Name)
	}
	return Principal{Name: tok.Name, Role: role}, nil
}

// require wraps h so it runs only for callers holding at least role min.
func (s *Server) require(min Role, h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Nothing a token unlocks may be kept by a browser or proxy cache,
		// and no answer may be sniffed into another type.
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		p, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if ri := infoFrom(r.Context()); ri != nil {
			ri.actor = p.Name
		}
		if p.Role < min {
			s.writeError(w, r, botsweep.Errorf(botsweep.EFORBIDDEN, "role %s may not do this: it needs %s", p.Role, min))
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// need returns EFORBIDDEN unless the request's caller holds at least min.
func need(r *http.Request, min Role, what string) error {
	p, _ := PrincipalFrom(r.Context())
	if p.Role < min {
		return botsweep.Errorf(botsweep.EFORBIDDEN, "role %s may not %s: it needs %s", p.Role, what, min)
	}
	return nil
}
