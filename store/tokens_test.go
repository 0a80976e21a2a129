package store

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

func TestTokens(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "s")
	clock := func() time.Time { return time.Date(2019, 12, 22, 21, 0, 0, 0, time.UTC) }
	s, err := Open(dir, Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	alice, tok, err := s.CreateToken(ctx, "alice", "analyst")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(alice, TokenPrefix) || tok.Hash != HashToken(alice) || !tok.Created.Equal(clock()) {
		t.Fatalf("token %q %+v", alice, tok)
	}
	if _, _, err := s.CreateToken(ctx, "root", "admin"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		secret string
		want   string // token name, or the error code
	}{
		{"valid", alice, "alice"},
		{"unknown", TokenPrefix + "nope", botsweep.EUNAUTHORIZED},
		{"no prefix", strings.TrimPrefix(alice, TokenPrefix), botsweep.EUNAUTHORIZED},
		{"empty", "", botsweep.EUNAUTHORIZED},
		{"altered", alice[:len(alice)-1] + "x", botsweep.EUNAUTHORIZED},
		{"huge", TokenPrefix + strings.Repeat("a", 1000), botsweep.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.LookupToken(ctx, tt.secret)
			if err != nil {
				if code := botsweep.ErrorCode(err); code != tt.want {
					t.Errorf("error %v, want %s", err, tt.want)
				}
				return
			}
			if got.Name != tt.want || got.Role != "analyst" {
				t.Errorf("got %+v, want %s", got, tt.want)
			}
		})
	}
	errs := []struct {
		name, tokName, role, code string
	}{
		{"duplicate", "alice", "viewer", botsweep.ECONFLICT},
		{"no name", " ", "viewer", botsweep.EINVALID},
		{"no role", "bob", "", botsweep.EINVALID},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := s.CreateToken(ctx, tt.tokName, tt.role); botsweep.ErrorCode(err) != tt.code {
				t.Errorf("error %v, want %s", err, tt.code)
			}
		})
	}
	list, err := s.Tokens(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "alice" || list[1].Name != "root" {
		t.Fatalf("list %+v %v", list, err)
	}
	if err := s.RevokeToken(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, "alice"); botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
		t.Errorf("second revoke: %v", err)
	}
	if _, err := s.LookupToken(ctx, alice); botsweep.ErrorCode(err) != botsweep.EUNAUTHORIZED {
		t.Errorf("revoked token still valid: %v", err)
	}
	// Tokens survive a reopen; a read-only store refuses new ones.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if list, err := ro.Tokens(ctx); err != nil || len(list) != 1 || list[0].Name != "root" {
		t.Errorf("after reopen %+v %v", list, err)
	}
	if _, _, err := ro.CreateToken(ctx, "carol", "viewer"); botsweep.ErrorCode(err) != botsweep.EINVALID {
		t.Errorf("read-only create: %v", err)
	}
}

// A store written before names were unique may hold several secrets under
// one name (the audit found six); revoking the name revokes all of them.
func TestRevokeTokenRevokesEverySecretOfTheName(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "s"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var secrets []string
	for i := 0; i < 3; i++ {
		secret, hash, err := botsweep.NewTokenSecret()
		if err != nil {
			t.Fatal(err)
		}
		v, _ := json.Marshal(&Token{Name: "ops", Role: "admin", Hash: hash})
		if err := s.db.Set(tokenKey(sha256.Sum256([]byte(secret))), v, nil); err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, secret)
	}
	keep, _, err := s.CreateToken(ctx, "other", "viewer")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, "ops"); err != nil {
		t.Fatal(err)
	}
	for i, secret := range secrets {
		if _, err := s.LookupToken(ctx, secret); botsweep.ErrorCode(err) != botsweep.EUNAUTHORIZED {
			t.Errorf("secret %d of the revoked name still authenticates: %v", i, err)
		}
	}
	if _, err := s.LookupToken(ctx, keep); err != nil {
		t.Errorf("revoking ops revoked another name's token: %v", err)
	}
}
