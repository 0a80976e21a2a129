package ingest

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The limits every reader's records are checked against (docs/FORMATS.md,
// "Bad values"). A record that breaks one is rejected with the reason;
// invalid UTF-8 in free text is replaced and the record kept and counted
// (Result.Repaired).
const (
	// MaxAccountIDBytes caps an account id (Twitter's are at most 20
	// digits, Bluesky DIDs about 32 bytes).
	MaxAccountIDBytes = 256
	// MaxPostIDBytes caps a post or object id: a share table's object
	// may be a URL.
	MaxPostIDBytes = 2048
	// maxDigits is the most digits of a numeric id (2^64 has 20).
	maxDigits = 20
)

// EarliestTime is the earliest post or account creation time accepted:
// earlier ones (1800, 0001) are broken values, not history.
var EarliestTime = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// maxFuture is how far past the decoder's clock a time may be.
const maxFuture = 24 * time.Hour

// check validates the records b holds from mark m on, repairing invalid
// UTF-8 in text; it returns a reject reason or "".
func (d *decoder) check(b *batch, m mark) string {
	r0 := b.repaired
	reason := d.checkRecords(b, m)
	if reason != "" {
		b.repaired = r0 // the record is rejected, not repaired
	}
	return reason
}

func (d *decoder) checkRecords(b *batch, m mark) string {
	for i := m.posts; i < len(b.posts); i++ {
		p := &b.posts[i]
		for _, c := range [...]struct{ what, id string }{
			{"post", p.ID}, {"retweeted post", p.RetweetOf}, {"replied-to post", p.ReplyTo}, {"quoted post", p.Quotes},
		} {
			if r := checkID(c.what, c.id, MaxPostIDBytes); r != "" {
				return r
			}
		}
		for _, c := range [...]struct{ what, id string }{
			{"account", p.AccountID}, {"retweeted account", p.RetweetOfAccount},
			{"replied-to account", p.ReplyToAccount}, {"quoted account", p.QuotesAccount},
		} {
			if r := checkID(c.what, c.id, MaxAccountIDBytes); r != "" {
				return r
			}
		}
		if r := d.checkTime("post time", p.CreatedAt); r != "" {
			return r
		}
		if !utf8.ValidString(p.Text) {
			p.Text = strings.ToValidUTF8(p.Text, "\uFFFD")
			b.repaired++
		}
	}
	for i := m.accounts; i < len(b.accounts); i++ {
		a := &b.accounts[i]
		if r := checkID("account", a.ID, MaxAccountIDBytes); r != "" {
			return r
		}
		if r := d.checkTime("account creation time", a.CreatedAt); r != "" {
			return r
		}
		fixed := false
		for _, s := range [...]*string{&a.ScreenName, &a.Name, &a.Description, &a.Location} {
			if !utf8.ValidString(*s) {
				*s = strings.ToValidUTF8(*s, "\uFFFD")
				fixed = true
			}
		}
		if fixed {
			b.repaired++
		}
	}
	for i := m.follows; i < len(b.follows); i++ {
		f := b.follows[i]
		if r := checkID("follower", f.Follower, MaxAccountIDBytes); r != "" {
			return r
		}
		if r := checkID("followee", f.Followee, MaxAccountIDBytes); r != "" {
			return r
		}
		if f.Follower == f.Followee {
			return fmt.Sprintf("account %s follows itself", f.Follower)
		}
	}
	return ""
}

// checkTime rejects a non-zero time before EarliestTime or more than a
// day after the clock.
func (d *decoder) checkTime(what string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Before(EarliestTime) {
		return fmt.Sprintf("%s %s is before %d", what, t.Format(time.RFC3339), EarliestTime.Year())
	}
	if !d.now.IsZero() && t.After(d.now.Add(maxFuture)) {
		return fmt.Sprintf("%s %s is in the future", what, t.Format(time.RFC3339))
	}
	return ""
}

// checkID returns why id is not a usable id, or "" (an empty id is the
// readers' concern: some are optional).
func checkID(what, id string, limit int) string {
	if id == "" {
		return ""
	}
	if len(id) > limit {
		return fmt.Sprintf("%s id is %d bytes long (the limit is %d)", what, len(id), limit)
	}
	// Digits first, in a tight loop: most ids are numbers, or start with
	// one (a share row's post id is content_id/object_id).
	digits := 0
	for digits < len(id) && id[digits]-'0' <= 9 {
		digits++
	}
	if digits == len(id) && digits <= maxDigits {
		return ""
	}
	dots, neg := 0, false
	for i := digits; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		case c == '-' && i == 0:
			neg = true
		case c < 0x20 || c == 0x7f || c == ' ':
			return fmt.Sprintf("%s id %s holds a space or control character", what, quoteID(id))
		}
	}
	switch n := len(id); {
	case neg && digits == n-1 && n > 1:
		return fmt.Sprintf("%s id %s is a negative number", what, quoteID(id))
	case digits == n && n > maxDigits:
		return fmt.Sprintf("%s id %s has %d digits; numeric ids have at most %d", what, quoteID(id), n, maxDigits)
	case dots == 1 && digits == n-1-btoi(neg) && id[n-1] != '.' && id[btoi(neg)] != '.':
		return fmt.Sprintf("%s id %s is a fractional number", what, quoteID(id))
	}
	if !utf8.ValidString(id) {
		return fmt.Sprintf("%s id %s is not valid UTF-8", what, quoteID(id))
	}
	if dots >= 2 && hasDotDotSegment(id) {
		return fmt.Sprintf("%s id %s has a '..' path segment", what, quoteID(id))
	}
	return ""
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hasDotDotSegment reports whether id has ".." between slashes (or at an
// end), as a path that climbs out of a directory.
func hasDotDotSegment(id string) bool {
	for seg := range strings.SplitSeq(id, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// quoteID quotes an id for a reason, cut to a readable length.
func quoteID(id string) string { return quoteShort([]byte(id)) }
