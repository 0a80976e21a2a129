package botsweep

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// TokenPrefix starts every API token botsweep issues, so a leaked token is
// recognisable in logs and by secret scanners.
const TokenPrefix = "bsw_"

// Token is an API token as a store keeps it: never the secret itself, only
// its SHA-256 hash.
type Token struct {
	Name    string    `json:"name"`    // unique; the actor recorded for the token's actions
	Role    string    `json:"role"`    // "viewer", "analyst" or "admin"; checked by the caller
	Created time.Time `json:"created"` // when it was issued
	Hash    string    `json:"hash"`    // hex SHA-256 of the secret
}

// TokenStore keeps API tokens, hashed.
type TokenStore interface {
	// CreateToken issues a token with a unique name (ECONFLICT otherwise)
	// and returns its secret, which is not stored.
	CreateToken(ctx context.Context, name, role string) (string, *Token, error)
	// LookupToken returns the token whose secret this is, or EUNAUTHORIZED.
	LookupToken(ctx context.Context, secret string) (*Token, error)
	// Tokens lists every token (hashes only), oldest first.
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken deletes the named token, or returns ENOTFOUND.
	RevokeToken(ctx context.Context, name string) error
}

// HashToken returns the hex SHA-256 of a token secret.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NewTokenSecret returns a fresh random secret (TokenPrefix and 256 random
// bits) and its hash.
func NewTokenSecret() (secret, hash string, err error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", "", Errorf(EINTERNAL, "generate token: %w", err)
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	return secret, HashToken(secret), nil
}

// ValidTokenShape reports whether s could be a token botsweep issued; a
// lookup rejects anything else without touching the store.
func ValidTokenShape(s string) bool {
	return len(s) > len(TokenPrefix) && len(s) <= 256 && s[:len(TokenPrefix)] == TokenPrefix
}

// MaxTokenNameLen is the longest token name, in characters.
const MaxTokenNameLen = 64

// ValidateTokenName returns name without surrounding spaces, or EINVALID
// when it cannot name a token: empty, longer than MaxTokenNameLen
// characters, not UTF-8, or holding a control or format character (which
// could forge lines in logs or reorder text on screen) or a slash (the
// name is a path segment of DELETE /api/tokens/{name}).
func ValidateTokenName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", Errorf(EINVALID, "a token needs a name (--name NAME)")
	case !utf8.ValidString(name):
		return "", Errorf(EINVALID, "token name %q is not valid UTF-8", name)
	case utf8.RuneCountInString(name) > MaxTokenNameLen:
		return "", Errorf(EINVALID, "token name is %d characters long: at most %d", utf8.RuneCountInString(name), MaxTokenNameLen)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "", Errorf(EINVALID, "token name %q holds the control character %U", name, r)
		}
		if r == '/' {
			return "", Errorf(EINVALID, "token name %q holds a slash", name)
		}
	}
	return name, nil
}
