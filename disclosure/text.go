package disclosure

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// resolver decides, once for the whole store, how every account appears in
// a release: identified when it has DefaultHashBelow followers or more,
// else by its stand-in. Free text is rebuilt token by token from these
// decisions (see text); the decision for an account never depends on which
// other accounts a release holds, so the same text gives the same cell in
// every release made with the same key and store.
type resolver struct {
	h       *Hasher
	big     map[string]bool   // ids of accounts that stay identified
	handles map[string]string // lowercased screen name -> account id
	known   map[string]bool   // ids of the store's accounts and the networks' members
	names   map[string][]nameEntry
	memo    map[string]string // account id -> stand-in, made once
}

type nameEntry struct {
	name   string
	offset int    // byte offset of the first word within name
	id     string // the account's id; its stand-in is made on a match
}

func newResolver(h *Hasher) *resolver {
	return &resolver{h: h, big: make(map[string]bool), handles: make(map[string]string), known: make(map[string]bool), memo: make(map[string]string), names: make(map[string][]nameEntry)}
}

// add learns one account of the store: its follower count decides its
// identity; its screen name resolves @mentions; the display name of an
// account that is hashed is replaced in free text where it is distinctive.
// A screen name held by several accounts resolves to the one added last.
func (r *resolver) add(id, screen, name string, followers int64, known bool, hashBelow int64) {
	if id == "" {
		return
	}
	r.known[id] = true
	if known && followers >= hashBelow {
		r.big[id] = true
	}
	if low := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(screen), "@")); low != "" {
		r.handles[low] = id
	}
	if !r.big[id] {
		r.addName(name, id)
	}
}

// addMember learns a network member the store may hold no profile of
// (its follower count unknown: hashed).
func (r *resolver) addMember(id, screen string) {
	if id == "" {
		return
	}
	r.known[id] = true
	low := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(screen), "@"))
	if _, ok := r.handles[low]; !ok && low != "" {
		r.handles[low] = id
	}
}

// addName makes a display name a replaceable phrase when it is
// distinctive: two or more words, or a word holding a digit or an
// underscore. A single ordinary word ("Maria") is not an identifier on its
// own and is left in text.
func (r *resolver) addName(name, id string) {
	name = strings.TrimSpace(name)
	i, j := nextWord(name, 0)
	if i < 0 {
		return
	}
	if k, _ := nextWord(name, j); k < 0 && !handleLike(name[i:j]) {
		return
	}
	first := strings.ToLower(name[i:j])
	r.names[first] = append(r.names[first], nameEntry{name: name, offset: i, id: id})
}

// finish orders candidate names longest first so the longest match wins.
func (r *resolver) finish() {
	for k, es := range r.names {
		sort.SliceStable(es, func(i, j int) bool {
			if len(es[i].name) != len(es[j].name) {
				return len(es[i].name) > len(es[j].name)
			}
			return es[i].id < es[j].id
		})
		r.names[k] = es
	}
}

// standIn is the account's stand-in, made once per release.
func (r *resolver) standIn(id string) string {
	s, ok := r.memo[id]
	if !ok {
		s = r.h.ID(id)
		r.memo[id] = s
	}
	return s
}

// hashed reports whether the account with this id is hashed.
func (r *resolver) hashed(id string) bool { return !r.big[id] }

// account returns how the account with this id is written in an id column.
func (r *resolver) account(id string) string {
	if id == "" || r.big[id] {
		return id
	}
	return r.standIn(id)
}

// handle returns how a screen name (without "@") is written: unchanged for
// an identified account, else its account's stand-in, or the stand-in of
// the handle itself when no account of the store has it.
func (r *resolver) handle(screen string) string {
	low := strings.ToLower(screen)
	if id, ok := r.handles[low]; ok {
		if r.big[id] {
			return screen
		}
		return r.standIn(id)
	}
	return r.h.Handle(low)
}

// text rebuilds free text token by token:
//
//   - an @mention is written with handle;
//   - in a URL on the platform, the profile path (twitter.com/NAME,
//     x.com/NAME, twitter.com/i/user/ID) is written with handle or
//     account; in any other URL, a word of the path that is the handle
//     of a hashed account is its stand-in, and the host follows the word
//     rule below; numbers in such URLs are the other site's, never ids;
//   - a word that is the screen name of a hashed account and cannot be an
//     ordinary word (it holds a digit or an underscore) is its stand-in;
//   - a standalone number that is the id of a hashed account is its
//     stand-in, never a number inside a date, a decimal, a ratio, a
//     percentage or an amount;
//   - a distinctive display name of a hashed account at word boundaries is
//     its stand-in.
//
// Everything else is copied as written.
func (r *resolver) text(s string) string { return r.rebuild(s, prose) }

// The kinds of text rebuild reads.
const (
	prose   = iota // free text
	urlHost        // another site's host: no account ids, handle-like labels only
	urlPath        // another site's path: no account ids; any handle is a segment of a profile
)

// rebuild is text, read as kind. Text with nothing to replace is returned
// as it is, without a copy.
func (r *resolver) rebuild(s string, kind int) string {
	var b strings.Builder
	last := 0 // s[:last] is in b
	put := func(i, j int, repl string) {
		if repl == s[i:j] {
			return
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 64)
		}
		b.WriteString(s[last:i])
		b.WriteString(repl)
		last = j
	}
	for i := 0; i < len(s); {
		if n := urlLen(s, i); n > 0 {
			put(i, i+n, r.url(s[i:i+n]))
			i += n
			continue
		}
		if s[i] == '@' && !wordBefore(s, i) {
			j := i + 1
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			if j > i+1 && !wordAt(s, j) {
				put(i+1, j, r.handle(s[i+1:j]))
				i = j
				continue
			}
		}
		c, n := utf8.DecodeRuneInString(s[i:])
		if !isWord(c) || wordBefore(s, i) {
			i += n
			continue
		}
		_, j := nextWord(s, i)
		if e, end, ok := r.nameAt(s, i, strings.ToLower(s[i:j])); ok {
			put(i, end, r.standIn(e.id))
			i = end
			continue
		}
		put(i, j, r.word(s, i, j, kind))
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// nameAt finds the longest distinctive display name starting at the word
// at i.
func (r *resolver) nameAt(s string, i int, first string) (nameEntry, int, bool) {
	for _, e := range r.names[first] {
		start, end := i-e.offset, i-e.offset+len(e.name)
		if start < 0 || end > len(s) || !strings.EqualFold(s[start:end], e.name) {
			continue
		}
		if (wordAt(e.name, 0) && wordBefore(s, start)) || (wordBefore(e.name, len(e.name)) && wordAt(s, end)) {
			continue
		}
		if start != i { // a name that starts with non-word characters
			continue
		}
		return e, end, true
	}
	return nameEntry{}, 0, false
}

// word returns the word s[i:j] as written in a release.
func (r *resolver) word(s string, i, j int, kind int) string {
	w := s[i:j]
	if allDigits(w) {
		if kind == prose && r.known[w] && !r.big[w] && !insideNumber(s, i, j) {
			return r.standIn(w)
		}
		return w
	}
	if handleLike(w) || kind == urlPath {
		if id, ok := r.handles[strings.ToLower(w)]; ok && !r.big[id] {
			return r.standIn(id)
		}
	}
	return w
}

// url rewrites the identifier in a platform profile URL; another site's
// URL is rebuilt as its host (handle-like labels) and path (any handle of
// a hashed account as a word: instagram.com/handle is a profile too).
func (r *resolver) url(u string) string {
	rest := u
	scheme := ""
	if k := strings.Index(rest, "://"); k >= 0 {
		scheme, rest = rest[:k+3], rest[k+3:]
	}
	h := strings.IndexAny(rest, "/?#")
	if h < 0 || rest[h] != '/' {
		return scheme + r.rebuild(rest, urlHost)
	}
	host := strings.ToLower(rest[:h])
	for _, p := range []string{"www.", "mobile.", "m."} {
		host = strings.TrimPrefix(host, p)
	}
	if host != "twitter.com" && host != "x.com" {
		// Another site: host and path are text without account ids (a
		// profile elsewhere, instagram.com/handle_1, medium.com/@handle or
		// handle_1.example.com, names the account too).
		return scheme + r.rebuild(rest[:h], urlHost) + r.rebuild(rest[h:], urlPath)
	}
	path := rest[h+1:]
	seg := 0
	for seg < len(path) && isWordByte(path[seg]) {
		seg++
	}
	if seg == 0 {
		return u
	}
	name := path[:seg]
	switch strings.ToLower(name) {
	case "i":
		if strings.HasPrefix(path, name+"/user/") {
			p := len(name + "/user/")
			q := p
			for q < len(path) && path[q] >= '0' && path[q] <= '9' {
				q++
			}
			if q > p {
				return scheme + rest[:h+1] + path[:p] + r.account(path[p:q]) + path[q:]
			}
		}
		return u
	case "intent", "hashtag", "search", "home", "share", "explore", "settings", "login", "signup", "tos", "privacy":
		return u
	}
	return scheme + rest[:h+1] + r.handle(name) + path[seg:]
}

// urlLen returns the length of the URL starting at i, or 0: a run of
// non-space characters starting with http://, https://, or a platform
// host followed by a slash, at a word start.
func urlLen(s string, i int) int {
	if wordBefore(s, i) || (i > 0 && (s[i-1] == '.' || s[i-1] == '/')) {
		return 0
	}
	low := strings.ToLower(s[i:min(len(s), i+24)])
	ok := strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://")
	if !ok {
		for _, p := range []string{"twitter.com/", "x.com/", "www.twitter.com/", "mobile.twitter.com/", "www.x.com/"} {
			if strings.HasPrefix(low, p) {
				ok = true
				break
			}
		}
	}
	if !ok {
		return 0
	}
	j := i
	for j < len(s) {
		c, n := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(c) {
			break
		}
		j += n
	}
	return j - i
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// handleLike reports whether a word cannot be an ordinary word: it holds
// a digit or an underscore.
func handleLike(w string) bool { return strings.ContainsAny(w, "0123456789_") }

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// insideNumber reports whether the digits s[i:j] are part of a larger
// number: a date, time, decimal, ratio or list of numbers (joined to
// digits by - . : / ,), a percentage, or an amount ($12, €12, +12, #12).
func insideNumber(s string, i, j int) bool {
	if i > 0 {
		switch s[i-1] {
		case '$', '+', '#', '%':
			return true
		case '-', '.', ':', '/', ',':
			if i > 1 && s[i-2] >= '0' && s[i-2] <= '9' {
				return true
			}
		}
		if c, _ := utf8.DecodeLastRuneInString(s[:i]); unicode.Is(unicode.Sc, c) {
			return true
		}
	}
	if j < len(s) {
		switch s[j] {
		case '%':
			return true
		case '-', '.', ':', '/', ',':
			if j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
				return true
			}
		}
	}
	return false
}

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
