// Package detecttest builds small hand-made worlds with planted networks for
// the tests of detect and of the commands that use it.
package detecttest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/botsweep/botsweep"
)

// MiniWorld builds a small hand-made world: an organic population with
// human rhythms, a retweet network amplifying @amp within seconds, two
// accounts tied to it only by a rare profile domain, a follower farm, and a
// sanctioned campaign whose posts must not count. It returns the data and
// the planted labels by account id.
func MiniWorld(seed uint64) (*botsweep.Dataset, map[string]string) {
	rng := rand.New(rand.NewPCG(seed, 99))
	d := &botsweep.Dataset{}
	labels := map[string]string{}
	start := time.Date(2019, 10, 1, 0, 0, 0, 0, time.UTC)
	postID := 0
	nextID := func() string { postID++; return fmt.Sprintf("p%d", postID) }
	acct := func(id, screen, label string, created time.Time, defImg bool, url string) {
		a := &botsweep.Account{ID: id, ScreenName: screen, Name: screen, CreatedAt: created, DefaultProfileImage: defImg, URL: url, URLDomain: botsweep.RegistrableDomain(url)}
		_ = d.Account(a)
		labels[id] = label
	}
	// Prominent accounts.
	acct("amp", "TheAmp", "prominent", start.AddDate(-8, 0, 0), false, "")
	acct("news", "DailyNews", "prominent", start.AddDate(-9, 0, 0), false, "https://dailynews.com")
	// Organic: 60 accounts in three time zones, created over years.
	for i := 0; i < 60; i++ {
		acct(fmt.Sprintf("o%d", i), fmt.Sprintf("person_%d", i), "organic", start.AddDate(-1-rng.IntN(8), -rng.IntN(12), -rng.IntN(28)), rng.IntN(10) == 0, "")
	}
	// Network: 20 accounts created in two bursts, default handles.
	for i := 0; i < 20; i++ {
		created := start.Add(-time.Duration(20+i%2*200) * time.Hour).Add(time.Duration(i) * time.Minute)
		url := ""
		if i%2 == 0 {
			url = "https://amp-truth.info/p"
		}
		acct(fmt.Sprintf("b%d", i), fmt.Sprintf("patriot%08d", 10000000+i*7919), "retweet-network", created, i%3 != 0, url)
	}
	// Associated: share the network's rare profile domain.
	acct("x1", "truthfan", "retweet-network-associated", start.AddDate(-2, 0, 0), false, "https://amp-truth.info/about")
	acct("x2", "amp_reader", "retweet-network-associated", start.AddDate(-3, 0, 0), false, "http://www.amp-truth.info")
	// Farm: 25 accounts that never post and follow the same 8 customers.
	for i := 0; i < 25; i++ {
		acct(fmt.Sprintf("f%d", i), fmt.Sprintf("follower%08d", 20000000+i), "follower-farm", time.Date(2018, 3, 1+i%2*20, 5+i%7, 0, 0, 0, time.UTC), true, "")
	}
	// Campaign organisations.
	for i := 0; i < 10; i++ {
		acct(fmt.Sprintf("c%d", i), fmt.Sprintf("health_org_%d", i), "campaign", start.AddDate(-5, i, 0), false, "https://health.org")
	}
	_ = d.Campaign(&botsweep.Campaign{Hashtag: "TakeBackDay", Emoji: "💊", Starts: start.Add(5 * 24 * time.Hour), Ends: start.Add(6 * 24 * time.Hour), Owner: "DEA"})

	human := func(day int, tz int) time.Time {
		h := 8 + rng.IntN(15) - tz
		return start.Add(time.Duration(day)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(rng.IntN(3600))*time.Second)
	}
	clients := []string{"Twitter for iPhone", "Twitter for Android", "Twitter Web App"}
	words := []string{"coffee", "rain", "match", "tonight", "great", "news", "friends", "city", "train", "book", "music", "really", "think", "love", "the", "a", "today", "weekend"}
	text := func() string {
		s := ""
		for k := 0; k < 8+rng.IntN(6); k++ {
			s += words[rng.IntN(len(words))] + " "
		}
		return s
	}
	// Originals of the prominent accounts: amp posts 3 a day, news 4.
	type orig struct {
		id, author string
		t          time.Time
	}
	var ampPosts, newsPosts []orig
	for day := 0; day < 20; day++ {
		for k := 0; k < 3; k++ {
			o := orig{nextID(), "amp", start.Add(time.Duration(day*24+6+k*5) * time.Hour)}
			ampPosts = append(ampPosts, o)
			_ = d.Post(&botsweep.Post{ID: o.id, AccountID: "amp", CreatedAt: o.t, Text: "The truth they hide from you, read more today " + o.id, Client: "Twitter Web App"})
		}
		for k := 0; k < 4; k++ {
			o := orig{nextID(), "news", start.Add(time.Duration(day*24+7+k*3) * time.Hour)}
			newsPosts = append(newsPosts, o)
			_ = d.Post(&botsweep.Post{ID: o.id, AccountID: "news", CreatedAt: o.t, Text: "Breaking story number " + o.id, URLs: []string{"https://dailynews.com/" + o.id}, Domains: []string{"dailynews.com"}, Client: "SocialFlow"})
		}
	}
	// Organic behaviour.
	for i := 0; i < 60; i++ {
		id := fmt.Sprintf("o%d", i)
		tz := []int{-5, 0, 3}[i%3]
		client := clients[rng.IntN(len(clients))]
		for k := 0; k < 15+rng.IntN(20); k++ {
			t := human(rng.IntN(20), tz)
			switch r := rng.IntN(10); {
			case r < 3:
				src := newsPosts[rng.IntN(len(newsPosts))]
				if rng.IntN(3) == 0 {
					src = ampPosts[rng.IntN(len(ampPosts))]
				}
				t = src.t.Add(time.Duration(600+rng.IntN(20000)) * time.Second)
				_ = d.Post(&botsweep.Post{ID: nextID(), AccountID: id, Kind: botsweep.KindRetweet, CreatedAt: t, RetweetOf: src.id, RetweetOfAccount: src.author, Client: client})
			case r < 5:
				to := fmt.Sprintf("o%d", rng.IntN(60))
				_ = d.Post(&botsweep.Post{ID: nextID(), AccountID: id, Kind: botsweep.KindReply, CreatedAt: t, Text: "@" + to + " " + text(), ReplyToAccount: to, Client: client})
			default:
				_ = d.Post(&botsweep.Post{ID: nextID(), AccountID: id, CreatedAt: t, Text: text(), Client: client})
			}
		}
		for k := 0; k < 10; k++ {
			_ = d.Follow(botsweep.Follow{Follower: id, Followee: fmt.Sprintf("o%d", rng.IntN(60))})
		}
		_ = d.Follow(botsweep.Follow{Follower: id, Followee: "news"})
	}
	// Network behaviour: retweet ~80% of amp's posts within 5-90 s, around
	// the clock, from one client, plus a few slogans.
	for i := 0; i < 20; i++ {
		id := fmt.Sprintf("b%d", i)
		for _, o := range ampPosts {
			if rng.IntN(10) < 8 {
				_ = d.Post(&botsweep.Post{ID: nextID(), AccountID: id, Kind: botsweep.KindRetweet, CreatedAt: o.t.Add(time.Duration(5+rng.IntN(85)) * time.Second), RetweetOf: o.id, RetweetOfAccount: "amp", Client: "Twitter for Android"})
			}
		}
		for k := 0; k < 3; k++ {
			_ = d.Post(&botsweep.Post{ID: nextID(), AccountID: id, CreatedAt: start.Add(time.Duration(rng.IntN(20*24*3600)) * time.Second), Text: "Wake up people the amp tells the truth they hide #truth #wakeup", Hashtags: []string{"truth", "wakeup"}, Client: "Twitter for Android"})
		}
		_ = d.Follow(botsweep.Follow{Follower: id, Followee: "amp"})
	}
	// Associated accounts retweet amp slowly once or twice.
	for _, id := range []string{"x1", "x2"} {
		o := ampPosts[rng.IntN(len(ampPosts))]
		_ = d.Post(&botsweep.Post{ID: nextID(), AccountID: id, Kind: botsweep.KindRetweet, CreatedAt: o.t.Add(3 * time.Hour), RetweetOf: o.id, RetweetOfAccount: "amp", Client: "Twitter Web App"})
	}
	// Farm: follow the same 8 customers (organic accounts o0..o7) plus
	// camouflage follows of news.
	for i := 0; i < 25; i++ {
		id := fmt.Sprintf("f%d", i)
		for k := 0; k < 8; k++ {
			if rng.IntN(10) < 9 {
				_ = d.Follow(botsweep.Follow{Follower: id, Followee: fmt.Sprintf("o%d", k)})
			}
		}
		_ = d.Follow(botsweep.Follow{Follower: id, Followee: "news"})
	}
	// Campaign: all organisations post the hashtag and emoji, with the same
	// link, within minutes on campaign day.
	day := start.Add(5*24*time.Hour + 14*time.Hour)
	var cposts []orig
	for i := 0; i < 10; i++ {
		id := fmt.Sprintf("c%d", i)
		for k := 0; k < 4; k++ {
			o := orig{nextID(), id, day.Add(time.Duration(k*3600+rng.IntN(120)) * time.Second)}
			cposts = append(cposts, o)
			_ = d.Post(&botsweep.Post{ID: o.id, AccountID: id, CreatedAt: o.t, Text: "Drop off unused medicine today 💊 #TakeBackDay #health", Hashtags: []string{"TakeBackDay", "health"}, URLs: []string{"https://health.org/takeback"}, Domains: []string{"health.org"}, Client: "Hootsuite"})
		}
	}
	for i := 0; i < 10; i++ {
		for _, o := range cposts[:8] {
			if o.author != fmt.Sprintf("c%d", i) {
				_ = d.Post(&botsweep.Post{ID: nextID(), AccountID: fmt.Sprintf("c%d", i), Kind: botsweep.KindRetweet, CreatedAt: o.t.Add(time.Duration(10+rng.IntN(40)) * time.Second), RetweetOf: o.id, RetweetOfAccount: o.author, Text: "RT #TakeBackDay 💊", Hashtags: []string{"TakeBackDay"}, Client: "Hootsuite"})
			}
		}
	}
	return d, labels
}
