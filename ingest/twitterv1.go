package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/valyala/fastjson"
)

// maxNesting bounds how deep embedded tweets (a retweet of a quote of ...)
// are followed.
const maxNesting = 3

// streamNotices are the keys of v1.1 streaming control messages.
var streamNotices = []string{"delete", "limit", "scrub_geo", "status_withheld", "user_withheld", "disconnect", "warning", "friends", "event", "direct_message"}

// parseV1 parses one v1.1 record: a tweet, a user object or a
// {"created_at", "user"} profile probe.
func parseV1(st *parseState, rec []byte, b *batch) string {
	v, reason := st.parseJSON(rec)
	if reason != "" {
		return reason
	}
	if v.Type() != fastjson.TypeObject {
		return fmt.Sprintf("record is a JSON %s, not an object", v.Type())
	}
	return v1Record(v, b)
}

func v1Record(v *fastjson.Value, b *batch) string {
	switch {
	case isV1Tweet(v):
		return v1Tweet(v, b, time.Time{}, 0)
	case v.Exists("screen_name") || (v.Exists("id_str") && !v.Exists("user")):
		return v1User(v, b, time.Time{}, "user")
	case v.Exists("user"):
		return v1Probe(v, b)
	}
	for _, k := range streamNotices {
		if v.Exists(k) {
			return fmt.Sprintf("stream notice %q is not a tweet, user or profile probe", k)
		}
	}
	return "not a tweet, user or profile probe object"
}

// isV1Tweet reports whether v looks like a v1.1 tweet object.
func isV1Tweet(v *fastjson.Value) bool {
	return v.Exists("text") || v.Exists("full_text") || v.Exists("extended_tweet") || v.Exists("retweeted_status")
}

// v1Probe parses {"created_at": probe time, "user": user object}.
func v1Probe(v *fastjson.Value, b *batch) string {
	u := v.Get("user")
	if !isObject(u) {
		return "probe user is not an object"
	}
	var seen time.Time
	if s := str(v, "created_at"); s != "" {
		t, ok := parseTwitterTime(s)
		if !ok {
			return fmt.Sprintf("probe created_at %q is not a Twitter time", s)
		}
		seen = t
	}
	return v1User(u, b, seen, "probe user")
}

// v1UserFields are the fields of a v1.1 user object botsweep reads.
type v1UserFields struct {
	idStr, id, screenName, name, description, location, url, entities      *fastjson.Value
	imageHTTPS, image, createdAt, followers, friends, statuses, favourites *fastjson.Value
	listed, verified, protected, defaultProfile, defaultImage, lang        *fastjson.Value
	extendedProfile, geoEnabled, banner, theme                             *fastjson.Value
}

// set keeps the first of duplicate keys, as fastjson's Get does.
func set(dst **fastjson.Value, v *fastjson.Value) {
	if *dst == nil {
		*dst = v
	}
}

func (f *v1UserFields) visit(k []byte, v *fastjson.Value) {
	switch string(k) {
	case "id_str":
		set(&f.idStr, v)
	case "id":
		set(&f.id, v)
	case "screen_name":
		set(&f.screenName, v)
	case "name":
		set(&f.name, v)
	case "description":
		set(&f.description, v)
	case "location":
		set(&f.location, v)
	case "url":
		set(&f.url, v)
	case "entities":
		set(&f.entities, v)
	case "profile_image_url_https":
		set(&f.imageHTTPS, v)
	case "profile_image_url":
		set(&f.image, v)
	case "created_at":
		set(&f.createdAt, v)
	case "followers_count":
		set(&f.followers, v)
	case "friends_count":
		set(&f.friends, v)
	case "statuses_count":
		set(&f.statuses, v)
	case "favourites_count":
		set(&f.favourites, v)
	case "listed_count":
		set(&f.listed, v)
	case "verified":
		set(&f.verified, v)
	case "protected":
		set(&f.protected, v)
	case "default_profile":
		set(&f.defaultProfile, v)
	case "default_profile_image":
		set(&f.defaultImage, v)
	case "lang":
		set(&f.lang, v)
	case "has_extended_profile":
		set(&f.extendedProfile, v)
	case "geo_enabled":
		set(&f.geoEnabled, v)
	case "profile_banner_url":
		set(&f.banner, v)
	case "profile_use_background_image", "profile_link_color", "profile_background_color":
		// Present in every full v1.1 user object, which omits
		// profile_banner_url when there is no banner.
		set(&f.theme, v)
	}
}

// isBool reports whether v is JSON true or false.
func isBool(v *fastjson.Value) bool {
	return v != nil && (v.Type() == fastjson.TypeTrue || v.Type() == fastjson.TypeFalse)
}

// nonEmpty returns v unless it is absent, null or an empty string.
func nonEmpty(v *fastjson.Value) *fastjson.Value {
	if v == nil {
		return nil
	}
	switch v.Type() {
	case fastjson.TypeNull:
		return nil
	case fastjson.TypeString:
		if b, _ := v.StringBytes(); len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
	}
	return v
}

func int64Of(v *fastjson.Value) int64 {
	if v == nil {
		return 0
	}
	return v.GetInt64()
}

func boolOf(v *fastjson.Value) bool { return v != nil && v.Type() == fastjson.TypeTrue }

// v1User parses a v1.1 user object observed at seen into an Account.
func v1User(u *fastjson.Value, b *batch, seen time.Time, what string) string {
	o, err := u.Object()
	if err != nil {
		return what + " is not an object"
	}
	var f v1UserFields
	o.Visit(f.visit)
	idv := nonEmpty(f.idStr)
	if idv == nil || (idv.Type() != fastjson.TypeString && idv.Type() != fastjson.TypeNumber) {
		idv = f.id
	}
	var created time.Time
	if f.createdAt != nil && f.createdAt.Type() == fastjson.TypeString {
		if s, _ := f.createdAt.StringBytes(); len(s) > 0 {
			t, ok := parseTwitterTime(string(s))
			if !ok {
				return fmt.Sprintf("%s created_at %q is not a Twitter time", what, s)
			}
			created = t
		}
	}
	urlv := nonEmpty(f.entities.Get("url", "urls", "0", "expanded_url"))
	if urlv == nil {
		urlv = f.url
	}
	img := nonEmpty(f.imageHTTPS)
	if img == nil {
		img = f.image
	}
	pk := &b.pk
	pk.reset()
	iID, iScreen, iName, iDesc, iLoc := pk.id(idv), pk.str(f.screenName), pk.str(f.name), pk.str(f.description), pk.str(f.location)
	iURL, iImg, iLang, iBanner := pk.str(urlv), pk.str(img), pk.str(f.lang), pk.str(f.banner)
	s := pk.done()
	id := s.get(iID)
	if id == "" {
		return what + " has no id"
	}
	url := s.get(iURL)
	a := b.newAccount()
	*a = botsweep.Account{
		ID:                  id,
		ScreenName:          s.get(iScreen),
		Name:                s.get(iName),
		Description:         s.get(iDesc),
		Location:            s.get(iLoc),
		URL:                 url,
		URLDomain:           b.domain(url),
		ProfileImageURL:     s.get(iImg),
		CreatedAt:           created,
		Followers:           int64Of(f.followers),
		Friends:             int64Of(f.friends),
		Statuses:            int64Of(f.statuses),
		Favourites:          int64Of(f.favourites),
		Listed:              int64Of(f.listed),
		Verified:            boolOf(f.verified),
		Protected:           boolOf(f.protected),
		DefaultProfile:      boolOf(f.defaultProfile),
		DefaultProfileImage: boolOf(f.defaultImage),
		Lang:                s.get(iLang),
		FirstSeen:           seen,
		LastSeen:            seen,
	}
	// Optional fields: known only where the object carries them (a
	// minimal or trimmed user object may not).
	if isBool(f.extendedProfile) {
		a.Known |= botsweep.KnownHasExtendedProfile
		a.HasExtendedProfile = boolOf(f.extendedProfile)
	}
	if isBool(f.geoEnabled) {
		a.Known |= botsweep.KnownGeoEnabled
		a.GeoEnabled = boolOf(f.geoEnabled)
	}
	if f.banner != nil || f.theme != nil {
		a.Known |= botsweep.KnownProfileBanner
		a.ProfileBannerURL = s.get(iBanner)
	}
	return ""
}

// v1TweetFields are the fields of a v1.1 tweet botsweep reads.
type v1TweetFields struct {
	idStr, id, user, createdAt, retweeted, quoted, lang, source, extended, fullText, text  *fastjson.Value
	replyStr, reply, replyUserStr, replyUser, quotedIDStr, quotedID, entities, coordinates *fastjson.Value
	geo, retweetCount, favoriteCount, replyCount, quoteCount                               *fastjson.Value
}

func (f *v1TweetFields) visit(k []byte, v *fastjson.Value) {
	switch string(k) {
	case "id_str":
		set(&f.idStr, v)
	case "id":
		set(&f.id, v)
	case "user":
		set(&f.user, v)
	case "created_at":
		set(&f.createdAt, v)
	case "retweeted_status":
		set(&f.retweeted, v)
	case "quoted_status":
		set(&f.quoted, v)
	case "lang":
		set(&f.lang, v)
	case "source":
		set(&f.source, v)
	case "extended_tweet":
		set(&f.extended, v)
	case "full_text":
		set(&f.fullText, v)
	case "text":
		set(&f.text, v)
	case "in_reply_to_status_id_str":
		set(&f.replyStr, v)
	case "in_reply_to_status_id":
		set(&f.reply, v)
	case "in_reply_to_user_id_str":
		set(&f.replyUserStr, v)
	case "in_reply_to_user_id":
		set(&f.replyUser, v)
	case "quoted_status_id_str":
		set(&f.quotedIDStr, v)
	case "quoted_status_id":
		set(&f.quotedID, v)
	case "entities":
		set(&f.entities, v)
	case "coordinates":
		set(&f.coordinates, v)
	case "geo":
		set(&f.geo, v)
	case "retweet_count":
		set(&f.retweetCount, v)
	case "favorite_count":
		set(&f.favoriteCount, v)
	case "reply_count":
		set(&f.replyCount, v)
	case "quote_count":
		set(&f.quoteCount, v)
	}
}

// idValue returns the first of values that holds an id (a non-empty
// string or a number).
func idValue(values ...*fastjson.Value) *fastjson.Value {
	for _, v := range values {
		if v == nil {
			continue
		}
		switch v.Type() {
		case fastjson.TypeNumber:
			return v
		case fastjson.TypeString:
			if b, _ := v.StringBytes(); len(bytes.TrimSpace(b)) > 0 {
				return v
			}
		}
	}
	return nil
}

// v1Tweet parses a v1.1 tweet: first any embedded retweeted or quoted tweet
// (author and post), then the author's Account observed at seen (the tweet's
// own time when zero), then the Post.
func v1Tweet(v *fastjson.Value, b *batch, seen time.Time, depth int) string {
	o, err := v.Object()
	if err != nil {
		return "tweet is not an object"
	}
	var f v1TweetFields
	o.Visit(f.visit)
	idv := idValue(f.idStr, f.id)
	if idv == nil {
		return "tweet has no id"
	}
	id := idOf(idv)
	u := f.user
	if !isObject(u) {
		return fmt.Sprintf("tweet %s has no user", id)
	}
	authorV := idValue(u.Get("id_str"), u.Get("id"))
	if authorV == nil {
		return fmt.Sprintf("tweet %s: user has no id", id)
	}
	var cs []byte
	if f.createdAt != nil {
		cs, _ = f.createdAt.StringBytes()
	}
	if len(cs) == 0 {
		return fmt.Sprintf("tweet %s has no created_at", id)
	}
	created, ok := parseTwitterTime(string(cs))
	if !ok {
		return fmt.Sprintf("tweet %s: created_at %q is not a Twitter time", id, cs)
	}
	if seen.IsZero() {
		seen = created
	}

	// Embedded tweets first, so a reader of the sink meets originals before
	// what refers to them.
	rt, qt := f.retweeted, f.quoted
	if !isObject(rt) {
		rt = nil
	}
	if !isObject(qt) {
		qt = nil
	}
	if depth < maxNesting {
		if rt != nil {
			if r := v1Tweet(rt, b, seen, depth+1); r != "" {
				return "retweeted_status: " + r
			}
		}
		if qt != nil {
			if r := v1Tweet(qt, b, seen, depth+1); r != "" {
				return "quoted_status: " + r
			}
		}
	}
	if r := v1User(u, b, seen, "tweet "+id+": user"); r != "" {
		return r
	}

	textV := f.text
	if ft := f.extended.Get("full_text"); ft != nil {
		textV = ft
	} else if f.fullText != nil {
		textV = f.fullText
	}
	replyV := idValue(f.replyStr, f.reply)
	quotesV := idValue(f.quotedIDStr, f.quotedID)
	var quotesAccV, rtV, rtAccV *fastjson.Value
	if qt != nil {
		if quotesV == nil {
			quotesV = idValue(qt.Get("id_str"), qt.Get("id"))
		}
		quotesAccV = idValue(qt.Get("user", "id_str"), qt.Get("user", "id"))
	}
	if rt != nil {
		rtV = idValue(rt.Get("id_str"), rt.Get("id"))
		rtAccV = idValue(rt.Get("user", "id_str"), rt.Get("user", "id"))
	}
	var replyAccV *fastjson.Value
	if replyV != nil {
		replyAccV = idValue(f.replyUserStr, f.replyUser)
	}

	// Entities: a retweet shares what the original holds, whose own text
	// the "RT @x: ..." text truncates; mentions are the retweet's own.
	ents := entitiesOf(f.extended, f.entities)
	tagSrc := ents
	if rt != nil {
		tagSrc = entitiesOf(rt.Get("extended_tweet"), rt.Get("entities"))
	}
	hashtags := tagSrc.GetArray("hashtags")
	urls := tagSrc.GetArray("urls")
	mentions := ents.GetArray("user_mentions")

	pk := &b.pk
	pk.reset()
	iAuthor, iText, iLang, iClient := pk.id(authorV), pk.text(textV), pk.str(f.lang), pk.client(f.source)
	iReply, iReplyAcc, iQuotes, iQuotesAcc, iRT, iRTAcc := pk.id(replyV), pk.id(replyAccV), pk.id(quotesV), pk.id(quotesAccV), pk.id(rtV), pk.id(rtAccV)
	firstTag := len(pk.ends)
	for _, h := range hashtags {
		pk.str(h.Get("text"))
	}
	firstURL := len(pk.ends)
	for _, x := range urls {
		if e := nonEmpty(x.Get("expanded_url")); e != nil {
			pk.str(e)
		} else {
			pk.str(x.Get("url"))
		}
	}
	firstMention := len(pk.ends)
	for _, m := range mentions {
		pk.id(idValue(m.Get("id_str"), m.Get("id")))
		pk.str(m.Get("screen_name"))
	}
	s := pk.done()

	p := b.newPost()
	p.ID = id
	p.AccountID = s.get(iAuthor)
	p.CreatedAt = created
	p.Text = s.get(iText)
	p.Lang = s.get(iLang)
	p.Client = s.get(iClient)
	p.ReplyTo, p.ReplyToAccount = s.get(iReply), s.get(iReplyAcc)
	p.Quotes, p.QuotesAccount = s.get(iQuotes), s.get(iQuotesAcc)
	switch {
	case rt != nil:
		p.Kind = botsweep.KindRetweet
		p.RetweetOf, p.RetweetOfAccount = s.get(iRT), s.get(iRTAcc)
	case p.ReplyTo != "":
		p.Kind = botsweep.KindReply
	case p.Quotes != "":
		p.Kind = botsweep.KindQuote
	}
	for i := firstTag; i < firstURL; i++ {
		if t := s.get(i); t != "" {
			p.Hashtags = append(p.Hashtags, t)
		}
	}
	for i := firstURL; i < firstMention; i++ {
		if t := s.get(i); t != "" {
			p.URLs = append(p.URLs, t)
		}
	}
	p.Domains = b.domainsOf(p.URLs)
	for i := firstMention; i+1 < len(s.ends); i += 2 {
		if mm := (botsweep.Mention{ID: s.get(i), ScreenName: s.get(i + 1)}); mm.ID != "" || mm.ScreenName != "" {
			p.Mentions = append(p.Mentions, mm)
		}
	}
	if c := f.coordinates.GetArray("coordinates"); len(c) == 2 && isNumber(c[0]) && isNumber(c[1]) {
		p.HasGeo, p.Longitude, p.Latitude = true, c[0].GetFloat64(), c[1].GetFloat64()
	} else if c := f.geo.GetArray("coordinates"); len(c) == 2 && isNumber(c[0]) && isNumber(c[1]) {
		p.HasGeo, p.Latitude, p.Longitude = true, c[0].GetFloat64(), c[1].GetFloat64()
	}
	p.RetweetCount = int64Of(f.retweetCount)
	p.LikeCount = int64Of(f.favoriteCount)
	p.ReplyCount = int64Of(f.replyCount)
	p.QuoteCount = int64Of(f.quoteCount)
	return ""
}

// entitiesOf returns a tweet's entities, the extended ones when present.
func entitiesOf(extended, entities *fastjson.Value) *fastjson.Value {
	if e := extended.Get("entities"); isObject(e) {
		return e
	}
	return entities
}

func isNumber(v *fastjson.Value) bool { return v != nil && v.Type() == fastjson.TypeNumber }

// jsonParserFor returns the record parser of a JSON format.
func jsonParserFor(f Format) recordParser {
	switch f {
	case FormatTwarc2:
		return parseTwarc2
	case FormatPriorOperations:
		return parsePriorOperation
	case FormatCampaigns:
		return parseCampaign
	}
	return parseV1
}

// textEntities are the only escapes v1.1 applies to tweet text.
var textEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// unescapeText undoes v1.1's HTML escaping of &, < and > in tweet text.
func unescapeText(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return textEntities.Replace(s)
}
