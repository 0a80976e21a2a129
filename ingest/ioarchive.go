package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
)

// ioAccount fills an Account from the user columns of an
// information-operations archive row, observed at seen.
func ioAccount(r csvRow, b *batch, seen time.Time) string {
	id := r.get("userid")
	if id == "" {
		return "row has an empty userid"
	}
	var created time.Time
	if s := r.get("account_creation_date"); s != "" {
		t, ok := parseFlexTime(s)
		if !ok {
			return fmt.Sprintf("account_creation_date %q is not a date (want 2006-01-02)", s)
		}
		created = t
	}
	followers, ok := parseCount(r.get("follower_count"))
	if !ok {
		return fmt.Sprintf("follower_count %q is not a number", r.get("follower_count"))
	}
	following, ok := parseCount(r.get("following_count"))
	if !ok {
		return fmt.Sprintf("following_count %q is not a number", r.get("following_count"))
	}
	url := r.get("user_profile_url")
	a := b.newAccount()
	*a = botsweep.Account{
		ID:          id,
		ScreenName:  strings.TrimPrefix(r.get("user_screen_name"), "@"),
		Name:        r.raw("user_display_name"),
		Description: r.raw("user_profile_description"),
		Location:    r.raw("user_reported_location"),
		URL:         url,
		URLDomain:   b.domain(url),
		CreatedAt:   created,
		Followers:   followers,
		Friends:     following,
		Lang:        r.get("account_language"),
		FirstSeen:   seen,
		LastSeen:    seen,
	}
	return ""
}

func ioUserRow(d *decoder, r csvRow, b *batch) string {
	return ioAccount(r, b, time.Time{})
}

func ioTweetRow(d *decoder, r csvRow, b *batch) string {
	id := r.get("tweetid")
	if id == "" {
		return "row has an empty tweetid"
	}
	ts := r.get("tweet_time")
	if ts == "" {
		return fmt.Sprintf("tweet %s has an empty tweet_time", id)
	}
	created, ok := parseFlexTime(ts)
	if !ok {
		return fmt.Sprintf("tweet_time %q is not a time (want 2006-01-02 15:04)", ts)
	}
	var p botsweep.Post
	p.ID, p.AccountID, p.CreatedAt = id, r.get("userid"), created
	p.Text = r.raw("tweet_text")
	p.Lang = r.get("tweet_language")
	p.Client = clientName(r.get("tweet_client_name"))
	p.ReplyTo = r.get("in_reply_to_tweetid")
	p.ReplyToAccount = r.get("in_reply_to_userid")
	p.Quotes = r.get("quoted_tweet_tweetid")
	isRT, ok := parseBool(r.get("is_retweet"))
	if !ok {
		return fmt.Sprintf("is_retweet %q is not True or False", r.get("is_retweet"))
	}
	if isRT {
		p.Kind = botsweep.KindRetweet
		p.RetweetOf = r.get("retweet_tweetid")
		p.RetweetOfAccount = r.get("retweet_userid")
	} else if p.ReplyTo != "" || p.ReplyToAccount != "" {
		p.Kind = botsweep.KindReply
	} else if p.Quotes != "" {
		p.Kind = botsweep.KindQuote
	}
	lat, latOK, r1 := parseCoord(r.get("latitude"), "latitude")
	lon, lonOK, r2 := parseCoord(r.get("longitude"), "longitude")
	if r1 != "" {
		return r1
	}
	if r2 != "" {
		return r2
	}
	if latOK && lonOK {
		p.HasGeo, p.Latitude, p.Longitude = true, lat, lon
	}
	for _, c := range []struct {
		col string
		dst *int64
	}{{"quote_count", &p.QuoteCount}, {"reply_count", &p.ReplyCount}, {"like_count", &p.LikeCount}, {"retweet_count", &p.RetweetCount}} {
		n, ok := parseCount(r.get(c.col))
		if !ok {
			return fmt.Sprintf("%s %q is not a number", c.col, r.get(c.col))
		}
		*c.dst = n
	}
	for _, h := range parseList(r.raw("hashtags")) {
		p.Hashtags = append(p.Hashtags, strings.TrimPrefix(h, "#"))
	}
	p.URLs = parseList(r.raw("urls"))
	p.Domains = b.domainsOf(p.URLs)
	for _, m := range parseList(r.raw("user_mentions")) {
		p.Mentions = append(p.Mentions, botsweep.Mention{ID: m})
	}
	if p.AccountID == "" {
		return fmt.Sprintf("tweet %s has an empty userid", id)
	}
	if reason := ioAccount(r, b, created); reason != "" {
		return reason
	}
	*b.newPost() = p
	return ""
}

// parseBool reads the archive's True/False (and true/false, 1/0, "").
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "1", "t", "yes":
		return true, true
	case "false", "0", "f", "no", "":
		return false, true
	}
	return false, false
}

// parseCoord reads a latitude or longitude; "" and "absent" mean none.
func parseCoord(s, name string) (float64, bool, string) {
	switch strings.ToLower(s) {
	case "", "absent", "none", "null", "nan":
		return 0, false, ""
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f {
		return 0, false, fmt.Sprintf("%s %q is not a number", name, s)
	}
	return f, true, ""
}

// parseList reads the archive's list cells: "[a, b]", "['a', 'b']",
// `["a", "b"]`, "[]" or "".
func parseList(s string) []string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = s[1 : len(s)-1]
	}
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == ',' || c == '\t' {
			i++
			continue
		}
		if c == '\'' || c == '"' {
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if t := strings.TrimSpace(b.String()); t != "" {
				out = append(out, t)
			}
			i = j + 1
			continue
		}
		j := strings.IndexByte(s[i:], ',')
		if j < 0 {
			j = len(s) - i
		}
		if t := strings.TrimSpace(s[i : i+j]); t != "" {
			out = append(out, t)
		}
		i += j
	}
	return out
}
