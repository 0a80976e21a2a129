package ingest

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// WriteSyntheticV1 writes n Twitter API v1.1 tweet objects as JSON lines,
// shaped like real API output (full user objects, entities, the fields
// botsweep ignores): about 60% originals, 25% retweets carrying their
// original, 10% replies and 5% quotes, from a pool of accounts. The same
// seed always writes the same bytes. Tests and benchmarks use it as a large
// v1.1 file.
func WriteSyntheticV1(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	g := &synth{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), accounts: 1 + n/20}
	base := time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC)
	var buf []byte
	for i := range n {
		t := base.Add(time.Duration(i) * 7 * time.Second)
		buf = buf[:0]
		id := 1190000000000000000 + int64(i)*1000
		switch k := g.r.IntN(100); {
		case k < 60:
			buf = g.tweet(buf, id, t, 0, "")
		case k < 85:
			orig := 1180000000000000000 + int64(g.r.IntN(n+1))*1000
			buf = g.tweet(buf, id, t, 1, g.inner(orig, t.Add(-time.Duration(g.r.IntN(3600))*time.Second)))
		case k < 95:
			buf = g.tweet(buf, id, t, 2, "")
		default:
			orig := 1180000000000000000 + int64(g.r.IntN(n+1))*1000
			buf = g.tweet(buf, id, t, 3, g.inner(orig, t.Add(-time.Duration(g.r.IntN(86400))*time.Second)))
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

type synth struct {
	r        *rand.Rand
	accounts int
}

var synthWords = []string{"the", "vote", "news", "today", "great", "people", "country", "truth", "media", "watch",
	"breaking", "never", "again", "support", "freedom", "share", "now", "city", "world", "health"}
var synthTags = []string{"TakeBackDay", "Election2019", "News", "MAGA", "Brexit", "Globus", "Truth", "Health"}
var synthDomains = []string{"theglobus.net", "bbc.co.uk", "example.com", "news.example.org", "nytimes.com", "bit.ly"}
var synthClients = []string{
	`<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>`,
	`<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>`,
	`<a href=\"https://ifttt.com\" rel=\"nofollow\">IFTTT</a>`,
}

func (g *synth) inner(id int64, t time.Time) string {
	return string(g.tweet(nil, id, t, 0, ""))
}

// tweet appends one tweet; kind 0 original, 1 retweet of inner, 2 reply, 3
// quote of inner.
func (g *synth) tweet(b []byte, id int64, t time.Time, kind int, inner string) []byte {
	uid := 100000 + int64(g.r.IntN(g.accounts))
	text := make([]byte, 0, 200)
	nw := 8 + g.r.IntN(20)
	for i := range nw {
		if i > 0 {
			text = append(text, ' ')
		}
		text = append(text, synthWords[g.r.IntN(len(synthWords))]...)
	}
	tag := synthTags[g.r.IntN(len(synthTags))]
	dom := synthDomains[g.r.IntN(len(synthDomains))]
	mention := 100000 + int64(g.r.IntN(g.accounts))
	b = append(b, `{"created_at":"`...)
	b = t.AppendFormat(b, time.RubyDate)
	b = append(b, `","id":`...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, `,"id_str":"`...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, `","text":"`...)
	if kind == 1 {
		b = append(b, "RT @user"...)
		b = strconv.AppendInt(b, mention, 10)
		b = append(b, ": "...)
	}
	b = append(b, text...)
	b = append(b, ` #`...)
	b = append(b, tag...)
	b = append(b, ` https://t.co/abc`...)
	b = strconv.AppendInt(b, id%100000, 10)
	b = append(b, `","truncated":false,"entities":{"hashtags":[{"text":"`...)
	b = append(b, tag...)
	b = append(b, `","indices":[10,20]}],"symbols":[],"user_mentions":[{"screen_name":"user`...)
	b = strconv.AppendInt(b, mention, 10)
	b = append(b, `","name":"User `...)
	b = strconv.AppendInt(b, mention, 10)
	b = append(b, `","id":`...)
	b = strconv.AppendInt(b, mention, 10)
	b = append(b, `,"id_str":"`...)
	b = strconv.AppendInt(b, mention, 10)
	b = append(b, `","indices":[0,12]}],"urls":[{"url":"https://t.co/abc`...)
	b = strconv.AppendInt(b, id%100000, 10)
	b = append(b, `","expanded_url":"https://www.`...)
	b = append(b, dom...)
	b = append(b, `/story/`...)
	b = strconv.AppendInt(b, id%977, 10)
	b = append(b, `","display_url":"`...)
	b = append(b, dom...)
	b = append(b, `/story/…","indices":[60,83]}]},"source":"`...)
	b = append(b, synthClients[g.r.IntN(len(synthClients))]...)
	if kind == 2 {
		rid := id - 1000*int64(1+g.r.IntN(50))
		b = append(b, `","in_reply_to_status_id":`...)
		b = strconv.AppendInt(b, rid, 10)
		b = append(b, `,"in_reply_to_status_id_str":"`...)
		b = strconv.AppendInt(b, rid, 10)
		b = append(b, `","in_reply_to_user_id":`...)
		b = strconv.AppendInt(b, mention, 10)
		b = append(b, `,"in_reply_to_user_id_str":"`...)
		b = strconv.AppendInt(b, mention, 10)
		b = append(b, `","in_reply_to_screen_name":"user`...)
		b = strconv.AppendInt(b, mention, 10)
		b = append(b, `",`...)
	} else {
		b = append(b, `","in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"in_reply_to_user_id":null,"in_reply_to_user_id_str":null,"in_reply_to_screen_name":null,`...)
	}
	b = append(b, `"user":`...)
	b = g.user(b, uid, t)
	b = append(b, `,"geo":null,"coordinates":null,"place":null,"contributors":null,`...)
	switch kind {
	case 1:
		b = append(b, `"retweeted_status":`...)
		b = append(b, inner...)
		b = append(b, `,"is_quote_status":false,`...)
	case 3:
		b = append(b, `"is_quote_status":true,"quoted_status_id":`...)
		b = append(b, inner[strings.Index(inner, `"id":`)+5:strings.Index(inner, `,"id_str"`)]...)
		b = append(b, `,"quoted_status_id_str":"`...)
		b = append(b, inner[strings.Index(inner, `"id":`)+5:strings.Index(inner, `,"id_str"`)]...)
		b = append(b, `","quoted_status":`...)
		b = append(b, inner...)
		b = append(b, `,`...)
	default:
		b = append(b, `"is_quote_status":false,`...)
	}
	b = append(b, `"retweet_count":`...)
	b = strconv.AppendInt(b, int64(g.r.IntN(5000)), 10)
	b = append(b, `,"favorite_count":`...)
	b = strconv.AppendInt(b, int64(g.r.IntN(20000)), 10)
	b = append(b, `,"favorited":false,"retweeted":false,"possibly_sensitive":false,"filter_level":"low","lang":"en","timestamp_ms":"`...)
	b = strconv.AppendInt(b, t.UnixMilli(), 10)
	b = append(b, `"}`...)
	return b
}

func (g *synth) user(b []byte, uid int64, t time.Time) []byte {
	created := time.Date(2009+int(uid%10), time.Month(1+uid%12), 1+int(uid%28), int(uid%24), 0, 0, 0, time.UTC)
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, uid, 10)
	b = append(b, `,"id_str":"`...)
	b = strconv.AppendInt(b, uid, 10)
	b = append(b, `","name":"User `...)
	b = strconv.AppendInt(b, uid, 10)
	b = append(b, `","screen_name":"user`...)
	b = strconv.AppendInt(b, uid, 10)
	b = append(b, `","location":"Somewhere, Earth","url":"https://t.co/u`...)
	b = strconv.AppendInt(b, uid, 10)
	b = append(b, `","description":"Proud patriot. Love my country and my family. News, views and more. Follow back \u2764\ufe0f","translator_type":"none","protected":false,"verified":false,"followers_count":`...)
	b = strconv.AppendInt(b, int64(g.r.IntN(100000)), 10)
	b = append(b, `,"friends_count":`...)
	b = strconv.AppendInt(b, int64(g.r.IntN(5000)), 10)
	b = append(b, `,"listed_count":`...)
	b = strconv.AppendInt(b, int64(g.r.IntN(100)), 10)
	b = append(b, `,"favourites_count":`...)
	b = strconv.AppendInt(b, int64(g.r.IntN(50000)), 10)
	b = append(b, `,"statuses_count":`...)
	b = strconv.AppendInt(b, int64(g.r.IntN(200000)), 10)
	b = append(b, `,"created_at":"`...)
	b = created.AppendFormat(b, time.RubyDate)
	b = append(b, `","utc_offset":null,"time_zone":null,"geo_enabled":false,"lang":null,"contributors_enabled":false,"is_translator":false,"profile_background_color":"F5F8FA","profile_background_image_url":"","profile_background_image_url_https":"","profile_background_tile":false,"profile_link_color":"1DA1F2","profile_sidebar_border_color":"C0DEED","profile_sidebar_fill_color":"DDEEF6","profile_text_color":"333333","profile_use_background_image":true,"profile_image_url":"http://pbs.twimg.com/profile_images/`...)
	b = strconv.AppendInt(b, uid*7, 10)
	b = append(b, `/a_normal.jpg","profile_image_url_https":"https://pbs.twimg.com/profile_images/`...)
	b = strconv.AppendInt(b, uid*7, 10)
	b = append(b, `/a_normal.jpg","profile_banner_url":"https://pbs.twimg.com/profile_banners/`...)
	b = strconv.AppendInt(b, uid, 10)
	b = append(b, `/1","default_profile":`...)
	b = strconv.AppendBool(b, uid%3 == 0)
	b = append(b, `,"default_profile_image":`...)
	b = strconv.AppendBool(b, uid%11 == 0)
	b = append(b, `,"following":null,"follow_request_sent":null,"notifications":null,"entities":{"url":{"urls":[{"url":"https://t.co/u`...)
	b = strconv.AppendInt(b, uid, 10)
	b = append(b, `","expanded_url":"https://`...)
	b = append(b, synthDomains[uid%int64(len(synthDomains))]...)
	b = append(b, `/u/`...)
	b = strconv.AppendInt(b, uid, 10)
	b = append(b, `","display_url":"x","indices":[0,23]}]},"description":{"urls":[]}}}`...)
	return b
}

// WriteSyntheticShares writes a share table of n rows with the header
// object_id,account_id,content_id,timestamp_share, shaped like a CooRTweet
// input from a retweet collection: 19-digit object and content ids,
// 18-digit account ids, unix-second times over about two weeks, objects
// drawn from a pool of n/50 and accounts from a pool of n/20, some of them
// in groups that share the same objects within seconds. The same seed always
// writes the same bytes.
func WriteSyntheticShares(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	objects, accounts := max(1, n/50), max(1, n/20)
	base := int64(1572566400) // 2019-11-01
	buf := []byte("object_id,account_id,content_id,timestamp_share\n")
	for i := 0; i < n; {
		obj := 1180000000000000000 + int64(r.IntN(objects))*1000
		t := base + int64(r.IntN(14*86400))
		// A burst: a small group shares the object within seconds.
		group := 1
		if r.IntN(10) == 0 {
			group = 2 + r.IntN(8)
		}
		g0 := r.IntN(accounts)
		for j := 0; j < group && i < n; j++ {
			acc := 100000000000000000 + int64((g0+j*7919)%accounts)*1000
			buf = strconv.AppendInt(buf, obj, 10)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, acc, 10)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, 1190000000000000000+int64(i)*1000, 10)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, t+int64(j*r.IntN(30)), 10)
			buf = append(buf, '\n')
			i++
		}
		if len(buf) > 128<<10 {
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}
