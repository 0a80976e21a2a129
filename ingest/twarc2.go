package ingest

import (
	"fmt"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/valyala/fastjson"
)

// parseTwarc2 parses one twarc2 line: a v2 response page {"data",
// "includes": {"users", "tweets"}, "__twarc"}, or one tweet as twarc2
// flatten writes it (with "author" and expanded "referenced_tweets").
func parseTwarc2(st *parseState, rec []byte, b *batch) string {
	v, reason := st.parseJSON(rec)
	if reason != "" {
		return reason
	}
	if v.Type() != fastjson.TypeObject {
		return fmt.Sprintf("record is a JSON %s, not an object", v.Type())
	}
	if !v.Exists("data") && !v.Exists("includes") {
		if v.Exists("author_id") {
			return v2Flat(v, b, 0)
		}
		if v.Exists("errors") {
			return "twarc2 page holds only errors"
		}
		return "twarc2 line has neither data nor includes"
	}
	// Where referenced tweets come from: includes.tweets and data.
	var data []*fastjson.Value
	switch d := v.Get("data"); {
	case d == nil || d.Type() == fastjson.TypeNull:
	case d.Type() == fastjson.TypeArray:
		data, _ = d.Array()
	case d.Type() == fastjson.TypeObject:
		data = []*fastjson.Value{d}
	default:
		return fmt.Sprintf("twarc2 data is a JSON %s, not an array", d.Type())
	}
	incTweets := v.GetArray("includes", "tweets")
	byID := make(map[string]*fastjson.Value, len(incTweets)+len(data))
	for _, t := range incTweets {
		byID[idOf(t, "id")] = t
	}
	for _, t := range data {
		byID[idOf(t, "id")] = t
	}
	// Users are observed when twarc retrieved the page, or else at the
	// page's latest tweet.
	var seen time.Time
	if s := str(v, "__twarc", "retrieved_at"); s != "" {
		if t, ok := parseFlexTime(s); ok {
			seen = t
		}
	}
	if seen.IsZero() {
		for _, t := range data {
			if ct, ok := parseFlexTime(str(t, "created_at")); ok && ct.After(seen) {
				seen = ct
			}
		}
	}
	for i, u := range v.GetArray("includes", "users") {
		if r := v2User(u, b, seen); r != "" {
			return fmt.Sprintf("includes.users[%d]: %s", i, r)
		}
	}
	for i, t := range incTweets {
		if r := v2Tweet(t, b, byID); r != "" {
			return fmt.Sprintf("includes.tweets[%d]: %s", i, r)
		}
	}
	for i, t := range data {
		if r := v2Tweet(t, b, byID); r != "" {
			return fmt.Sprintf("data[%d]: %s", i, r)
		}
	}
	return ""
}

// v2Flat parses a flattened tweet: its expanded referenced tweets, its
// author, then itself.
func v2Flat(t *fastjson.Value, b *batch, depth int) string {
	byID := map[string]*fastjson.Value{}
	created, _ := parseFlexTime(str(t, "created_at"))
	for _, ref := range t.GetArray("referenced_tweets") {
		if id := idOf(ref, "id"); id != "" && ref.Exists("author_id") {
			byID[id] = ref
			if depth < maxNesting && ref.Exists("created_at") {
				if r := v2Flat(ref, b, depth+1); r != "" {
					return "referenced tweet: " + r
				}
			}
		}
	}
	if a := t.Get("author"); isObject(a) {
		if r := v2User(a, b, created); r != "" {
			return "author: " + r
		}
	}
	return v2Tweet(t, b, byID)
}

// v2User parses a v2 user object observed at seen.
func v2User(u *fastjson.Value, b *batch, seen time.Time) string {
	if !isObject(u) {
		return "user is not an object"
	}
	id := idOf(u, "id")
	if id == "" {
		return "user has no id"
	}
	var created time.Time
	if s := str(u, "created_at"); s != "" {
		t, ok := parseFlexTime(s)
		if !ok {
			return fmt.Sprintf("user %s: created_at %q is not an RFC 3339 time", id, s)
		}
		created = t
	}
	url := str(u, "entities", "url", "urls", "0", "expanded_url")
	if url == "" {
		url = str(u, "url")
	}
	pm := u.Get("public_metrics")
	a := b.newAccount()
	*a = botsweep.Account{
		ID:              id,
		ScreenName:      str(u, "username"),
		Name:            str(u, "name"),
		Description:     str(u, "description"),
		Location:        str(u, "location"),
		URL:             url,
		URLDomain:       b.domain(url),
		ProfileImageURL: str(u, "profile_image_url"),
		CreatedAt:       created,
		Followers:       pm.GetInt64("followers_count"),
		Friends:         pm.GetInt64("following_count"),
		Statuses:        pm.GetInt64("tweet_count"),
		Favourites:      pm.GetInt64("like_count"),
		Listed:          pm.GetInt64("listed_count"),
		Verified:        u.GetBool("verified"),
		Protected:       u.GetBool("protected"),
		FirstSeen:       seen,
		LastSeen:        seen,
	}
	return ""
}

// v2Tweet parses a v2 tweet; byID resolves referenced tweets' authors.
func v2Tweet(t *fastjson.Value, b *batch, byID map[string]*fastjson.Value) string {
	if !isObject(t) {
		return "tweet is not an object"
	}
	id := idOf(t, "id")
	if id == "" {
		return "tweet has no id"
	}
	author := idOf(t, "author_id")
	if author == "" {
		return fmt.Sprintf("tweet %s has no author_id", id)
	}
	cs := str(t, "created_at")
	if cs == "" {
		return fmt.Sprintf("tweet %s has no created_at", id)
	}
	created, ok := parseFlexTime(cs)
	if !ok {
		return fmt.Sprintf("tweet %s: created_at %q is not an RFC 3339 time", id, cs)
	}
	var p botsweep.Post
	p.ID, p.AccountID, p.CreatedAt = id, author, created
	p.Text = str(t, "text")
	if nt := str(t, "note_tweet", "text"); nt != "" {
		p.Text = nt
	}
	p.Lang = str(t, "lang")
	p.Client = clientName(str(t, "source"))
	var original *fastjson.Value
	for _, ref := range t.GetArray("referenced_tweets") {
		rid := idOf(ref, "id")
		if rid == "" {
			continue
		}
		rauthor := ""
		if rt := byID[rid]; rt != nil {
			rauthor = idOf(rt, "author_id")
		}
		switch str(ref, "type") {
		case "retweeted":
			p.RetweetOf, p.RetweetOfAccount = rid, rauthor
			original = byID[rid]
		case "replied_to":
			p.ReplyTo = rid
			p.ReplyToAccount = idOf(t, "in_reply_to_user_id")
			if p.ReplyToAccount == "" {
				p.ReplyToAccount = rauthor
			}
		case "quoted":
			p.Quotes, p.QuotesAccount = rid, rauthor
		}
	}
	switch {
	case p.RetweetOf != "":
		p.Kind = botsweep.KindRetweet
	case p.ReplyTo != "":
		p.Kind = botsweep.KindReply
	case p.Quotes != "":
		p.Kind = botsweep.KindQuote
	}
	ents := t.Get("entities")
	tagSrc := ents
	if original != nil && original.Exists("entities") {
		tagSrc = original.Get("entities")
	}
	for _, h := range tagSrc.GetArray("hashtags") {
		if s := str(h, "tag"); s != "" {
			p.Hashtags = append(p.Hashtags, s)
		}
	}
	for _, x := range tagSrc.GetArray("urls") {
		u := str(x, "expanded_url")
		if u == "" {
			u = str(x, "url")
		}
		if u != "" {
			p.URLs = append(p.URLs, u)
		}
	}
	p.Domains = b.domainsOf(p.URLs)
	for _, m := range ents.GetArray("mentions") {
		mm := botsweep.Mention{ID: idOf(m, "id"), ScreenName: str(m, "username")}
		if mm.ID != "" || mm.ScreenName != "" {
			p.Mentions = append(p.Mentions, mm)
		}
	}
	if c := t.GetArray("geo", "coordinates", "coordinates"); len(c) == 2 && isNumber(c[0]) && isNumber(c[1]) {
		p.HasGeo, p.Longitude, p.Latitude = true, c[0].GetFloat64(), c[1].GetFloat64()
	}
	pm := t.Get("public_metrics")
	p.RetweetCount = pm.GetInt64("retweet_count")
	p.LikeCount = pm.GetInt64("like_count")
	p.ReplyCount = pm.GetInt64("reply_count")
	p.QuoteCount = pm.GetInt64("quote_count")
	*b.newPost() = p
	return ""
}
