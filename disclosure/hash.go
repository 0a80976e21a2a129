package disclosure

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Hasher makes the stand-ins of hashed accounts: base64 (standard, padded)
// of HMAC-SHA256 under the release key.
type Hasher struct {
	key []byte
}

// NewHasher returns a Hasher for key; key must not be empty.
func NewHasher(key []byte) *Hasher { return &Hasher{key: append([]byte(nil), key...)} }

// ID returns the stand-in of the account with platform id id: the same for
// its user id, screen name and display name.
func (h *Hasher) ID(id string) string { return h.sum(id) }

// Handle returns the stand-in of a screen name whose account id is
// unknown: HMAC of "@" and the lowercased screen name.
func (h *Hasher) Handle(screenName string) string {
	return h.sum("@" + strings.ToLower(strings.TrimPrefix(screenName, "@")))
}

func (h *Hasher) sum(s string) string {
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
