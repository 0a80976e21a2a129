package disclosure

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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

// scrubber replaces the identifiers of hashed accounts in free text: their
// handles and ids as whole words (so "@handle", "RT @handle:" and
// "twitter.com/handle" are caught) and their display names at word
// boundaries, case-insensitively.
type scrubber struct {
	tokens map[string]string      // lowercased handle or id -> stand-in
	names  map[string][]nameEntry // lowercased first word of a name -> names
	bare   []nameEntry            // names without any word character
}

type nameEntry struct {
	name    string
	offset  int // byte offset of the first word within name
	standIn string
}

func newScrubber() *scrubber {
	return &scrubber{tokens: make(map[string]string), names: make(map[string][]nameEntry)}
}

// addToken makes every whole-word occurrence of tok a stand-in.
func (s *scrubber) addToken(tok, standIn string) {
	tok = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(tok), "@")))
	if tok != "" {
		s.tokens[tok] = standIn
	}
}

// addName makes every occurrence of the display name at word boundaries a
// stand-in.
func (s *scrubber) addName(name, standIn string) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	i, j := nextWord(name, 0)
	if i < 0 {
		s.bare = append(s.bare, nameEntry{name: name, standIn: standIn})
		return
	}
	first := strings.ToLower(name[i:j])
	s.names[first] = append(s.names[first], nameEntry{name: name, offset: i, standIn: standIn})
}

// finish orders candidate names longest first so the longest match wins.
func (s *scrubber) finish() {
	for k, es := range s.names {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].name) > len(es[j].name) })
		s.names[k] = es
	}
	sort.SliceStable(s.bare, func(i, j int) bool { return len(s.bare[i].name) > len(s.bare[j].name) })
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// nextWord returns the byte bounds of the first run of word characters in
// s at or after from, or -1, -1.
func nextWord(s string, from int) (int, int) {
	i := from
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWord(r) {
			break
		}
		i += n
	}
	if i >= len(s) {
		return -1, -1
	}
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isWord(r) {
			break
		}
		j += n
	}
	return i, j
}

func wordBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWord(r)
}

func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWord(r)
}

// Scrub returns text with every identifier of a hashed account replaced by
// its stand-in.
func (s *scrubber) Scrub(text string) string {
	if text == "" || (len(s.tokens) == 0 && len(s.names) == 0 && len(s.bare) == 0) {
		return text
	}
	var b strings.Builder
	last := 0
	for pos := 0; ; {
		i, j := nextWord(text, pos)
		if i < 0 {
			break
		}
		pos = j
		low := strings.ToLower(text[i:j])
		matched := false
		for _, e := range s.names[low] {
			start, end := i-e.offset, i-e.offset+len(e.name)
			if start < last || end > len(text) || !strings.EqualFold(text[start:end], e.name) {
				continue
			}
			if (wordAt(e.name, 0) && wordBefore(text, start)) || (wordBefore(e.name, len(e.name)) && wordAt(text, end)) {
				continue
			}
			b.WriteString(text[last:start])
			b.WriteString(e.standIn)
			last, pos, matched = end, end, true
			break
		}
		if matched {
			continue
		}
		if st, ok := s.tokens[low]; ok {
			b.WriteString(text[last:i])
			b.WriteString(st)
			last = j
		}
	}
	if last == 0 && len(s.bare) == 0 {
		return text
	}
	b.WriteString(text[last:])
	out := b.String()
	for _, e := range s.bare {
		out = strings.ReplaceAll(out, e.name, e.standIn)
	}
	return out
}
