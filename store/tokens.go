package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
)

// TokenPrefix starts every API token botsweep issues.
const TokenPrefix = botsweep.TokenPrefix

// Token is an API token as the store keeps it (botsweep.Token).
type Token = botsweep.Token

var _ botsweep.TokenStore = (*Store)(nil)

// tokenKey is the key of a token: namespace 't' then the raw SHA-256 of
// the secret, so lookup is one point read.
func tokenKey(sum [32]byte) []byte {
	k := make([]byte, 0, 33)
	k = append(k, nsToken)
	return append(k, sum[:]...)
}

// HashToken returns the hex SHA-256 of a token secret.
func HashToken(secret string) string { return botsweep.HashToken(secret) }

// CreateToken issues a new token with a unique name and the given role and
// returns its secret, which is not stored and cannot be shown again. A name
// already in use is ECONFLICT, also when many callers race for it; a name
// botsweep.ValidateTokenName refuses, or an empty role, is EINVALID.
func (s *Store) CreateToken(ctx context.Context, name, role string) (string, *Token, error) {
	name, err := botsweep.ValidateTokenName(name)
	if err != nil {
		return "", nil, err
	}
	if role == "" {
		return "", nil, botsweep.Errorf(botsweep.EINVALID, "a token needs a role (--role viewer|analyst|admin)")
	}
	if s.opts.ReadOnly {
		return "", nil, botsweep.Errorf(botsweep.EINVALID, "store %s is open read-only", s.dir)
	}
	s.tokenMu.Lock()
	defer s.tokenMu.Unlock()
	existing, err := s.Tokens(ctx)
	if err != nil {
		return "", nil, err
	}
	for _, t := range existing {
		if t.Name == name {
			return "", nil, botsweep.Errorf(botsweep.ECONFLICT, "a token named %q exists already", name)
		}
	}
	secret, _, err := botsweep.NewTokenSecret()
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256([]byte(secret))
	now := time.Now
	if s.opts.Now != nil {
		now = s.opts.Now
	}
	tok := &Token{Name: name, Role: role, Created: now().UTC(), Hash: hex.EncodeToString(sum[:])}
	v, err := json.Marshal(tok)
	if err != nil {
		return "", nil, botsweep.Errorf(botsweep.EINTERNAL, "encode token: %w", err)
	}
	if err := s.db.Set(tokenKey(sum), v, pebble.Sync); err != nil {
		return "", nil, botsweep.Errorf(botsweep.EINTERNAL, "store token: %w", err)
	}
	return secret, tok, nil
}

// LookupToken returns the token whose secret this is, or EUNAUTHORIZED when
// there is none (unknown, revoked or malformed).
func (s *Store) LookupToken(ctx context.Context, secret string) (*Token, error) {
	if !botsweep.ValidTokenShape(secret) {
		return nil, botsweep.Errorf(botsweep.EUNAUTHORIZED, "invalid token")
	}
	v, ok, err := s.get(tokenKey(sha256.Sum256([]byte(secret))))
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "read token: %w", err)
	}
	if !ok {
		return nil, botsweep.Errorf(botsweep.EUNAUTHORIZED, "invalid token")
	}
	var tok Token
	if err := json.Unmarshal(v, &tok); err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "decode token: %w", err)
	}
	return &tok, nil
}

// Tokens returns every stored token (hashes only), oldest first.
func (s *Store) Tokens(ctx context.Context) ([]Token, error) {
	var out []Token
	err := s.scanPrefix([]byte{nsToken}, func(k, v []byte) error {
		var tok Token
		if err := json.Unmarshal(v, &tok); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "decode token: %w", err)
		}
		out = append(out, tok)
		return nil
	})
	if err != nil {
		if botsweep.ErrorCode(err) != botsweep.EINTERNAL {
			return nil, err
		}
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "list tokens: %s", botsweep.ErrorMessage(err))
	}
	sortTokens(out)
	return out, nil
}

func sortTokens(ts []Token) {
	sort.Slice(ts, func(i, j int) bool {
		if !ts[i].Created.Equal(ts[j].Created) {
			return ts[i].Created.Before(ts[j].Created)
		}
		return ts[i].Name < ts[j].Name
	})
}

// RevokeToken deletes every token with this name, in one atomic batch (a
// store written before names were unique may hold several); ENOTFOUND when
// none has it.
func (s *Store) RevokeToken(ctx context.Context, name string) error {
	if s.opts.ReadOnly {
		return botsweep.Errorf(botsweep.EINVALID, "store %s is open read-only", s.dir)
	}
	s.tokenMu.Lock()
	defer s.tokenMu.Unlock()
	toks, err := s.Tokens(ctx)
	if err != nil {
		return err
	}
	b := s.db.NewBatch()
	defer b.Close()
	n := 0
	for _, t := range toks {
		if t.Name != name {
			continue
		}
		raw, err := hex.DecodeString(t.Hash)
		if err != nil || len(raw) != 32 {
			return botsweep.Errorf(botsweep.EINTERNAL, "token %q has a malformed hash", name)
		}
		var sum [32]byte
		copy(sum[:], raw)
		if err := b.Delete(tokenKey(sum), nil); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "revoke token: %w", err)
		}
		n++
	}
	if n == 0 {
		return botsweep.Errorf(botsweep.ENOTFOUND, "no token named %q", name)
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "revoke token: %w", err)
	}
	return nil
}
