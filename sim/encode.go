package sim

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/botsweep/botsweep"
)

// twitterTime is the created_at layout of Twitter API v1.1.
const twitterTime = "Mon Jan 02 15:04:05 +0000 2006"

// tco returns the t.co link of the k-th URL of a post.
func tco(id uint64, k int) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	x := mix64(id*31 + uint64(k) + 7)
	b := []byte("https://t.co/0000000000")
	for i := 13; i < len(b); i++ {
		b[i] = chars[x%62]
		x /= 62
	}
	return string(b)
}

// fullText is a post's text as the platform shows it: hashtags not written
// inline appended, then the t.co links.
func (w *world) fullText(t *tweet) string {
	if t.rt != nil {
		return "RT @" + w.accounts[t.rt.author].screen + ": " + w.fullText(t.rt)
	}
	var b strings.Builder
	b.WriteString(t.body)
	for _, h := range t.hashtags {
		if !strings.Contains(t.body, "#"+h) {
			b.WriteString(" #")
			b.WriteString(h)
		}
	}
	for k := range t.urls {
		b.WriteByte(' ')
		b.WriteString(tco(t.id, k))
	}
	return b.String()
}

// content returns the post whose entities a post shows (the original of a
// retweet).
func content(t *tweet) *tweet {
	if t.rt != nil {
		return t.rt
	}
	return t
}

// post converts a tweet to the domain type, as ingest would read it.
func (w *world) post(t *tweet) botsweep.Post {
	c := content(t)
	p := botsweep.Post{
		ID: strconv.FormatUint(t.id, 10), AccountID: strconv.FormatUint(w.accounts[t.author].id, 10),
		Kind: t.kind, CreatedAt: time.UnixMilli(t.ms).UTC().Truncate(time.Second),
		Text: w.fullText(t), Lang: t.lang, Client: clients[t.client].name,
		RetweetCount: int64(t.rtCount), LikeCount: int64(t.favCount), ReplyCount: int64(t.replyCount),
	}
	if t.rt != nil {
		p.RetweetOf = strconv.FormatUint(t.rt.id, 10)
		p.RetweetOfAccount = strconv.FormatUint(w.accounts[t.rt.author].id, 10)
		p.RetweetCount = int64(t.rt.rtCount)
		p.Mentions = append(p.Mentions, w.mention(int(t.rt.author)))
	}
	if t.quote != nil {
		p.Quotes = strconv.FormatUint(t.quote.id, 10)
		p.QuotesAccount = strconv.FormatUint(w.accounts[t.quote.author].id, 10)
	}
	if t.replyTo != nil {
		p.ReplyTo = strconv.FormatUint(t.replyTo.id, 10)
		p.ReplyToAccount = strconv.FormatUint(w.accounts[t.replyTo.author].id, 10)
	}
	p.Hashtags = append(p.Hashtags, c.hashtags...)
	for _, u := range c.urls {
		p.URLs = append(p.URLs, u)
		p.Domains = append(p.Domains, botsweep.RegistrableDomain(u))
	}
	for _, m := range c.mentions {
		p.Mentions = append(p.Mentions, w.mention(int(m)))
	}
	return p
}

func (w *world) mention(i int) botsweep.Mention {
	return botsweep.Mention{ID: strconv.FormatUint(w.accounts[i].id, 10), ScreenName: w.accounts[i].screen}
}

// account converts an account to the domain type, observed at the end of
// the window.
func (w *world) account(i int) botsweep.Account {
	a := &w.accounts[i]
	desc, loc, url := w.profile(i)
	obs := w.cfg.End.UTC()
	acc := botsweep.Account{
		ID: strconv.FormatUint(a.id, 10), ScreenName: a.screen, Name: a.name, Description: desc, Location: loc,
		URL: url, URLDomain: botsweep.RegistrableDomain(url), ProfileImageURL: w.imageURL(i),
		CreatedAt: time.Unix(a.created, 0).UTC(), Followers: int64(a.followers), Friends: int64(a.friends),
		Statuses: int64(a.base) + int64(a.posts), Favourites: w.favourites(i), Listed: int64(a.followers / 200),
		Verified: a.flags&fVerified != 0, DefaultProfile: a.flags&fDefaultProfile != 0,
		DefaultProfileImage: a.flags&fDefaultImage != 0, Lang: "en", FirstSeen: obs, LastSeen: obs,
	}
	return acc
}

func (w *world) favourites(i int) int64 {
	a := &w.accounts[i]
	switch w.label(i) {
	case LabelFarm:
		return 0
	case LabelNetwork, LabelAssociated, LabelLinkSpam:
		return int64(mix64(a.id) % 20)
	}
	return int64(a.base)*2 + int64(mix64(a.id)%500)
}

func (w *world) imageURL(i int) string {
	a := &w.accounts[i]
	if a.flags&fDefaultImage != 0 {
		return "http://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png"
	}
	x := mix64(a.id ^ 0xabcdef)
	return "http://pbs.twimg.com/profile_images/" + strconv.FormatUint(x%(1<<60), 10) + "/" + tco(x, 1)[13:21] + "_normal.jpg"
}

// JSON encoding, by hand for speed; output is compact and valid JSON.

func appendStr(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendKey(b []byte, k string) []byte {
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func appendKV(b []byte, k, v string) []byte {
	return appendStr(appendKey(b, k), v)
}

func appendInt(b []byte, k string, v int64) []byte {
	return strconv.AppendInt(appendKey(b, k), v, 10)
}

func appendBool(b []byte, k string, v bool) []byte {
	return strconv.AppendBool(appendKey(b, k), v)
}

func runeIndex(s string, byteOff int) int { return utf8.RuneCountInString(s[:byteOff]) }

func appendIndices(b []byte, text string, off, n int) []byte {
	b = append(b, `"indices":[`...)
	b = strconv.AppendInt(b, int64(runeIndex(text, off)), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(runeIndex(text, off)+utf8.RuneCountInString(text[off:off+n])), 10)
	return append(b, ']')
}

// userCacheSize is the number of serialized user objects kept (direct
// mapped by account index): posts come grouped by author, so a small cache
// saves most of the work.
const userCacheSize = 4096

type userCacheEntry struct {
	idx  int32
	json []byte
}

// appendUser writes a v1.1 user object, from the cache when it holds it.
func (w *world) appendUser(b []byte, i int) []byte {
	if w.userCache == nil {
		w.userCache = make([]userCacheEntry, userCacheSize)
		for k := range w.userCache {
			w.userCache[k].idx = -1
		}
	}
	e := &w.userCache[i%userCacheSize]
	if e.idx != int32(i) {
		e.idx = int32(i)
		e.json = w.encodeUser(e.json[:0], i)
	}
	return append(b, e.json...)
}

// encodeUser writes a v1.1 user object.
func (w *world) encodeUser(b []byte, i int) []byte {
	a := &w.accounts[i]
	acc := w.account(i)
	id := strconv.FormatUint(a.id, 10)
	b = append(b, `{"id":`...)
	b = append(b, id...)
	b = appendKV(append(b, ','), "id_str", id)
	b = appendKV(append(b, ','), "name", acc.Name)
	b = appendKV(append(b, ','), "screen_name", acc.ScreenName)
	b = appendKV(append(b, ','), "location", acc.Location)
	b = appendKV(append(b, ','), "description", acc.Description)
	b = append(b, `,"url":`...)
	if acc.URL != "" {
		short := tco(a.id, 99)
		b = appendStr(b, short)
		b = append(b, `,"entities":{"url":{"urls":[{`...)
		b = appendKV(b, "url", short)
		b = appendKV(append(b, ','), "expanded_url", acc.URL)
		b = appendKV(append(b, ','), "display_url", display(acc.URL))
		b = append(b, `,"indices":[0,23]}]},"description":{"urls":[]}}`...)
	} else {
		b = append(b, `null,"entities":{"description":{"urls":[]}}`...)
	}
	b = appendBool(append(b, ','), "protected", false)
	b = appendInt(append(b, ','), "followers_count", acc.Followers)
	b = appendInt(append(b, ','), "friends_count", acc.Friends)
	b = appendInt(append(b, ','), "listed_count", acc.Listed)
	b = appendKV(append(b, ','), "created_at", acc.CreatedAt.Format(twitterTime))
	b = appendInt(append(b, ','), "favourites_count", acc.Favourites)
	b = append(b, `,"utc_offset":null,"time_zone":null,"geo_enabled":false`...)
	b = appendBool(append(b, ','), "verified", acc.Verified)
	b = appendInt(append(b, ','), "statuses_count", acc.Statuses)
	b = appendKV(append(b, ','), "lang", acc.Lang)
	b = append(b, `,"contributors_enabled":false,"is_translator":false,"is_translation_enabled":false`...)
	bg := "F5F8FA"
	if !acc.DefaultProfile {
		bg = []string{"000000", "C0DEED", "1A1B1F", "022330", "EBEBEB"}[a.id%5]
	}
	b = appendKV(append(b, ','), "profile_background_color", bg)
	b = append(b, `,"profile_background_image_url":null,"profile_background_image_url_https":null,"profile_background_tile":false`...)
	b = appendKV(append(b, ','), "profile_image_url", acc.ProfileImageURL)
	b = appendKV(append(b, ','), "profile_image_url_https", "https"+strings.TrimPrefix(acc.ProfileImageURL, "http"))
	if !acc.DefaultProfile {
		b = appendKV(append(b, ','), "profile_banner_url", "https://pbs.twimg.com/profile_banners/"+id+"/"+strconv.FormatInt(a.created+86400*30, 10))
	}
	link := "1DA1F2"
	if !acc.DefaultProfile {
		link = []string{"1B95E0", "E81C4F", "19CF86", "981CEB", "FAB81E"}[(a.id/5)%5]
	}
	b = appendKV(append(b, ','), "profile_link_color", link)
	b = append(b, `,"profile_sidebar_border_color":"C0DEED","profile_sidebar_fill_color":"DDEEF6","profile_text_color":"333333","profile_use_background_image":true`...)
	b = appendBool(append(b, ','), "has_extended_profile", !acc.DefaultProfile)
	b = appendBool(append(b, ','), "default_profile", acc.DefaultProfile)
	b = appendBool(append(b, ','), "default_profile_image", acc.DefaultProfileImage)
	b = append(b, `,"following":null,"follow_request_sent":null,"notifications":null,"translator_type":"none"}`...)
	return b
}

func display(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	if utf8.RuneCountInString(u) > 26 {
		r := []rune(u)
		u = string(r[:25]) + "…"
	}
	return u
}

// appendTweet writes a v1.1 tweet object with its user (and, for a
// retweet, the full retweeted_status).
func (w *world) appendTweet(b []byte, t *tweet) []byte {
	text := w.fullText(t)
	id := strconv.FormatUint(t.id, 10)
	b = appendKV(append(b, '{'), "created_at", time.UnixMilli(t.ms).UTC().Format(twitterTime))
	b = append(b, `,"id":`...)
	b = append(b, id...)
	b = appendKV(append(b, ','), "id_str", id)
	b = appendKV(append(b, ','), "text", text)
	b = append(b, `,"truncated":false,"entities":`...)
	b = w.appendEntities(b, t, text)
	cl := clients[t.client]
	b = appendKV(append(b, ','), "source", `<a href="`+cl.href+`" rel="nofollow">`+cl.name+`</a>`)
	if t.replyTo != nil {
		rid := strconv.FormatUint(t.replyTo.id, 10)
		ra := &w.accounts[t.replyTo.author]
		uid := strconv.FormatUint(ra.id, 10)
		b = append(b, `,"in_reply_to_status_id":`...)
		b = append(b, rid...)
		b = appendKV(append(b, ','), "in_reply_to_status_id_str", rid)
		b = append(b, `,"in_reply_to_user_id":`...)
		b = append(b, uid...)
		b = appendKV(append(b, ','), "in_reply_to_user_id_str", uid)
		b = appendKV(append(b, ','), "in_reply_to_screen_name", ra.screen)
	} else {
		b = append(b, `,"in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"in_reply_to_user_id":null,"in_reply_to_user_id_str":null,"in_reply_to_screen_name":null`...)
	}
	b = append(b, `,"user":`...)
	b = w.appendUser(b, int(t.author))
	b = append(b, `,"geo":null,"coordinates":null,"place":null,"contributors":null`...)
	if t.rt != nil {
		b = append(b, `,"retweeted_status":`...)
		if t.rt.json == nil {
			t.rt.json = w.appendTweet(nil, t.rt)
		}
		b = append(b, t.rt.json...)
	}
	if t.quote != nil {
		qid := strconv.FormatUint(t.quote.id, 10)
		b = append(b, `,"quoted_status_id":`...)
		b = append(b, qid...)
		b = appendKV(append(b, ','), "quoted_status_id_str", qid)
		b = append(b, `,"quoted_status":`...)
		if t.quote.json == nil {
			t.quote.json = w.appendTweet(nil, t.quote)
		}
		b = append(b, t.quote.json...)
		b = append(b, `,"is_quote_status":true`...)
	} else {
		b = append(b, `,"is_quote_status":false`...)
	}
	rc, fc := int64(t.rtCount), int64(t.favCount)
	if t.rt != nil {
		rc, fc = int64(t.rt.rtCount), 0
	}
	b = appendInt(append(b, ','), "retweet_count", rc)
	b = appendInt(append(b, ','), "favorite_count", fc)
	b = append(b, `,"favorited":false,"retweeted":false`...)
	if len(content(t).urls) > 0 {
		b = append(b, `,"possibly_sensitive":false`...)
	}
	b = appendKV(append(b, ','), "lang", t.lang)
	return append(b, '}')
}

func (w *world) appendEntities(b []byte, t *tweet, text string) []byte {
	c := content(t)
	b = append(b, `{"hashtags":[`...)
	pos := 0
	first := true
	for _, h := range c.hashtags {
		tok := "#" + h
		off := strings.Index(text[pos:], tok)
		if off < 0 {
			continue
		}
		off += pos
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendKV(append(b, '{'), "text", h)
		b = appendIndices(append(b, ','), text, off, len(tok))
		b = append(b, '}')
		pos = off + len(tok)
	}
	b = append(b, `],"symbols":[],"user_mentions":[`...)
	var ms []int32
	if t.rt != nil {
		ms = append(ms, t.rt.author)
	}
	ms = append(ms, c.mentions...)
	pos = 0
	first = true
	for _, m := range ms {
		a := &w.accounts[m]
		tok := "@" + a.screen
		off := strings.Index(text[pos:], tok)
		if off < 0 {
			continue
		}
		off += pos
		if !first {
			b = append(b, ',')
		}
		first = false
		uid := strconv.FormatUint(a.id, 10)
		b = appendKV(append(b, '{'), "screen_name", a.screen)
		b = appendKV(append(b, ','), "name", a.name)
		b = append(b, `,"id":`...)
		b = append(b, uid...)
		b = appendKV(append(b, ','), "id_str", uid)
		b = appendIndices(append(b, ','), text, off, len(tok))
		b = append(b, '}')
		pos = off + len(tok)
	}
	b = append(b, `],"urls":[`...)
	pos = 0
	first = true
	for k, u := range c.urls {
		short := tco(c.id, k)
		off := strings.Index(text[pos:], short)
		if off < 0 {
			continue
		}
		off += pos
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendKV(append(b, '{'), "url", short)
		b = appendKV(append(b, ','), "expanded_url", u)
		b = appendKV(append(b, ','), "display_url", display(u))
		b = appendIndices(append(b, ','), text, off, len(short))
		b = append(b, '}')
		pos = off + len(short)
	}
	return append(b, `]}`...)
}
