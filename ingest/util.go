package ingest

import (
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/valyala/fastjson"
)

// str returns the string at keys, or "" when it is absent or not a string.
func str(v *fastjson.Value, keys ...string) string {
	return string(v.GetStringBytes(keys...))
}

// idOf returns the id at keys as a string: a JSON string as is, a JSON
// number as written (never through float64).
func idOf(v *fastjson.Value, keys ...string) string {
	x := v.Get(keys...)
	if x == nil {
		return ""
	}
	switch x.Type() {
	case fastjson.TypeString:
		b, _ := x.StringBytes()
		return strings.TrimSpace(string(b))
	case fastjson.TypeNumber:
		var buf [24]byte
		return string(x.MarshalTo(buf[:0]))
	}
	return ""
}

// isObject reports whether v is a JSON object.
func isObject(v *fastjson.Value) bool { return v != nil && v.Type() == fastjson.TypeObject }

// parseTwitterTime parses the v1.1 time layout "Mon Jan 02 15:04:05 -0700
// 2006" into UTC, quickly for the exact layout and through time.Parse
// otherwise.
func parseTwitterTime(s string) (time.Time, bool) {
	if len(s) == 30 && s[3] == ' ' && s[7] == ' ' && s[10] == ' ' && s[13] == ':' && s[16] == ':' && s[19] == ' ' && s[25] == ' ' {
		mon := monthIndex(s[4:7])
		day, ok1 := atoiN(s[8:10])
		hh, ok2 := atoiN(s[11:13])
		mm, ok3 := atoiN(s[14:16])
		ss, ok4 := atoiN(s[17:19])
		zh, ok5 := atoiN(s[21:23])
		zm, ok6 := atoiN(s[23:25])
		yr, ok7 := atoiN(s[26:30])
		sign := s[20]
		if mon > 0 && ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && (sign == '+' || sign == '-') &&
			day >= 1 && day <= 31 && hh < 24 && mm < 60 && ss < 61 && zm < 60 {
			t := time.Date(yr, time.Month(mon), day, hh, mm, ss, 0, time.UTC)
			if t.Day() == day { // rejects Feb 30 and the like
				off := time.Duration(zh)*time.Hour + time.Duration(zm)*time.Minute
				if sign == '+' {
					t = t.Add(-off)
				} else {
					t = t.Add(off)
				}
				return t, true
			}
		}
	}
	t, err := time.Parse(time.RubyDate, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func monthIndex(s string) int {
	for i, m := range months {
		if m == s {
			return i + 1
		}
	}
	return 0
}

// atoiN parses an all-digit string.
func atoiN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// parseFlexTime parses the times reference files and archives use: RFC 3339
// (with or without fractional seconds), "2006-01-02 15:04[:05]",
// "2006-01-02T15:04:05" and a bare date "2006-01-02", all as UTC unless an
// offset is given.
func parseFlexTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range flexLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

var flexLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	time.RubyDate,
}

// clientName strips the HTML of a source field ("<a href=..>Twitter for
// iPhone</a>") down to the client's name.
func clientName(s string) string {
	if s == "" {
		return ""
	}
	if strings.IndexByte(s, '<') >= 0 {
		var b strings.Builder
		in := false
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '<':
				in = true
			case c == '>':
				in = false
			case !in:
				b.WriteByte(c)
			}
		}
		s = b.String()
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return strings.TrimSpace(s)
}

// domainsOf returns the registrable domain of each URL, in the same order
// ("" where a URL has none), or nil for no URLs.
func (b *batch) domainsOf(urls []string) []string {
	if len(urls) == 0 {
		return nil
	}
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = b.domain(u)
	}
	return out
}

// domainCacheSize bounds a batch's cache of host -> registrable domain.
const domainCacheSize = 8192

// domain is botsweep.RegistrableDomain with a cache by host: URLs repeat
// their hosts far more than their paths.
func (b *batch) domain(u string) string {
	host, ok := plainHost(u)
	if !ok {
		return botsweep.RegistrableDomain(u)
	}
	if d, ok := b.domains[host]; ok {
		return d
	}
	d := botsweep.RegistrableDomain(host)
	if b.domains == nil || len(b.domains) >= domainCacheSize {
		b.domains = make(map[string]string, 256)
	}
	b.domains[strings.Clone(host)] = d
	return d
}

// plainHost returns the host of a URL "scheme://host/..." when the host is
// plain letters, digits, dots and dashes (no user info, port or escapes).
func plainHost(u string) (string, bool) {
	i := strings.Index(u, "://")
	if i <= 0 {
		return "", false
	}
	for j := 0; j < i; j++ {
		c := u[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "", false
		}
	}
	for j := i + 3; j < len(u); j++ {
		if c := u[j]; c <= ' ' || c >= 0x7f || c == '%' {
			return "", false // let net/url judge escapes and the rest
		}
	}
	rest := u[i+3:]
	end := len(rest)
	for j := 0; j < len(rest); j++ {
		c := rest[j]
		if c == '/' || c == '?' || c == '#' {
			end = j
			break
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return "", false
		}
	}
	if end == 0 {
		return "", false
	}
	return rest[:end], true
}

// parseCount parses a count written as an integer, or as a float with a zero
// fraction ("12.0"); "" is 0.
func parseCount(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int64(f)) {
		return int64(f), true
	}
	return 0, false
}
