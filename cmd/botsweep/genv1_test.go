package main

import (
	"bufio"
	"io"
	"strconv"
	"time"
)

// genCounts are what a generated v1.1 file holds, for exact checks.
type genCounts struct {
	Accounts, Posts, Originals, Retweets, Replies, Quotes int64
	FirstPost, LastPost                                   time.Time
}

var genBase = time.Date(2019, 11, 3, 0, 0, 0, 0, time.UTC)

// mix is a fixed integer hash (splitmix64), so every field of tweet i is
// a pure function of i and the seed: a retweet can embed original j by
// generating it again.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

type genV1 struct {
	n, users int
	seed     uint64
}

func (g *genV1) h(i int, salt uint64) uint64 { return mix(uint64(i)*31 + salt + g.seed<<20) }

// kind of tweet i: 0 original, 1 retweet, 2 reply, 3 quote. Tweet 0 is an
// original so there is always one to refer to.
func (g *genV1) kind(i int) int {
	if i == 0 {
		return 0
	}
	switch r := g.h(i, 1) % 100; {
	case r < 55:
		return 0
	case r < 80:
		return 1
	case r < 92:
		return 2
	}
	return 3
}

func (g *genV1) author(i int) int { return int(g.h(i, 2) % uint64(g.users)) }

// ref is the earlier tweet a retweet, reply or quote refers to; for
// retweets and quotes it is an original (the first at or before the draw).
func (g *genV1) ref(i int) int {
	j := int(g.h(i, 3) % uint64(i))
	if k := g.kind(i); k == 1 || k == 3 {
		for g.kind(j) != 0 {
			j--
		}
	}
	return j
}

func tweetID(i int) string { return strconv.FormatInt(1190000000000000000+int64(i)*7, 10) }
func userID(u int) string  { return strconv.Itoa(3000000 + u) }
func genTime(i int) time.Time {
	return genBase.Add(time.Duration(i) * 3 * time.Second)
}

var genWords = []string{"vote", "news", "truth", "people", "watch", "now", "share", "media", "never", "again"}
var genTags = []string{"Globus", "TakeBackDay", "Election", "News"}

func (g *genV1) user(b []byte, u, i int) []byte {
	id := userID(u)
	b = append(b, `{"id":`...)
	b = append(b, id...)
	b = append(b, `,"id_str":"`...)
	b = append(b, id...)
	b = append(b, `","name":"User `...)
	b = append(b, id...)
	b = append(b, `","screen_name":"user`...)
	b = append(b, id...)
	b = append(b, `","location":"","description":"bio `...)
	b = strconv.AppendInt(b, int64(u%97), 10)
	b = append(b, `","url":null,"followers_count":`...)
	b = strconv.AppendInt(b, int64(u%1000+i/1000), 10)
	b = append(b, `,"friends_count":`...)
	b = strconv.AppendInt(b, int64(u%300), 10)
	b = append(b, `,"listed_count":0,"favourites_count":3,"statuses_count":`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `,"created_at":"`...)
	b = genBase.Add(-time.Duration(u)*time.Hour).AppendFormat(b, time.RubyDate)
	b = append(b, `","verified":false,"protected":false,"default_profile":true,"default_profile_image":false,"lang":null}`...)
	return b
}

// tweet appends tweet i as a v1.1 object.
func (g *genV1) tweet(b []byte, i int) []byte {
	k := g.kind(i)
	b = append(b, `{"created_at":"`...)
	b = genTime(i).AppendFormat(b, time.RubyDate)
	b = append(b, `","id":`...)
	b = append(b, tweetID(i)...)
	b = append(b, `,"id_str":"`...)
	b = append(b, tweetID(i)...)
	b = append(b, `","text":"`...)
	if k == 1 {
		b = append(b, "RT @user"...)
		b = append(b, userID(g.author(g.ref(i)))...)
		b = append(b, ": "...)
	}
	for w := 0; w < 6; w++ {
		b = append(b, genWords[g.h(i, uint64(10+w))%uint64(len(genWords))]...)
		b = append(b, ' ')
	}
	tag := genTags[g.h(i, 4)%uint64(len(genTags))]
	b = append(b, '#')
	b = append(b, tag...)
	b = append(b, `","source":"<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>","entities":{"hashtags":[{"text":"`...)
	b = append(b, tag...)
	b = append(b, `","indices":[0,1]}],"urls":[{"url":"https://t.co/x","expanded_url":"https://www.globus-news.info/s/`...)
	b = strconv.AppendInt(b, int64(i%50), 10)
	b = append(b, `"}],"user_mentions":[]},`...)
	if k == 2 {
		j := g.ref(i)
		b = append(b, `"in_reply_to_status_id_str":"`...)
		b = append(b, tweetID(j)...)
		b = append(b, `","in_reply_to_user_id_str":"`...)
		b = append(b, userID(g.author(j))...)
		b = append(b, `",`...)
	} else {
		b = append(b, `"in_reply_to_status_id_str":null,"in_reply_to_user_id_str":null,`...)
	}
	b = append(b, `"lang":"en","retweet_count":0,"favorite_count":0,"user":`...)
	b = g.user(b, g.author(i), i)
	switch k {
	case 1:
		b = append(b, `,"retweeted_status":`...)
		b = g.tweet(b, g.ref(i))
	case 3:
		b = append(b, `,"quoted_status_id_str":"`...)
		b = append(b, tweetID(g.ref(i))...)
		b = append(b, `","quoted_status":`...)
		b = g.tweet(b, g.ref(i))
	}
	return append(b, '}')
}

// writeV1 writes n generated tweets as JSON lines, with a bare user object
// (a profile of an account that never posts) every 100th line, and
// returns what the file holds.
func writeV1(w io.Writer, n int, seed uint64) (genCounts, error) {
	g := &genV1{n: n, users: n/25 + 1, seed: seed}
	bw := bufio.NewWriterSize(w, 1<<20)
	var c genCounts
	authors := make([]bool, g.users)
	var buf []byte
	for i := 0; i < n; i++ {
		buf = g.tweet(buf[:0], i)
		buf = append(buf, '\n')
		if i%100 == 99 {
			buf = g.user(buf, g.users+i/100, i) // a profile-only account
			buf = append(buf, '\n')
			c.Accounts++
		}
		if _, err := bw.Write(buf); err != nil {
			return c, err
		}
		if a := g.author(i); !authors[a] {
			authors[a] = true
			c.Accounts++
		}
		c.Posts++
		switch g.kind(i) {
		case 0:
			c.Originals++
		case 1:
			c.Retweets++
		case 2:
			c.Replies++
		case 3:
			c.Quotes++
		}
	}
	c.FirstPost, c.LastPost = genTime(0), genTime(n-1)
	return c, bw.Flush()
}
