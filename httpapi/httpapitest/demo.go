package httpapitest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/botsweep/botsweep"
)

// Demo builds a small deterministic world in the shape of the 2019 case:
// prominent accounts, an organic crowd, a bot network created in bursts in
// November and December that retweets @TheGlobus within minutes (with a few
// associated accounts sharing its domain), a fake-follower farm, and the
// sanctioned #TakeBackDay campaign. It returns the data and the two
// networks a detector would report.
func Demo(seed uint64) (*botsweep.Dataset, []botsweep.Network) {
	r := rand.New(rand.NewPCG(seed, 2019))
	d := &botsweep.Dataset{}
	day := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	acct := func(id, sn string, created time.Time) {
		_ = d.Account(&botsweep.Account{ID: id, ScreenName: sn, Name: sn, CreatedAt: created, LastSeen: Fixed, FirstSeen: Fixed})
	}
	prominent := []string{"TheGlobus", "realDonaldTrump", "BarackObama", "jack"}
	for i, sn := range prominent {
		acct(fmt.Sprint(i+1), sn, day(2009, 3, 1+i))
	}
	for i := 0; i < 300; i++ {
		id := fmt.Sprintf("1%04d", i)
		acct(id, fmt.Sprintf("person%d", i), day(2010+r.IntN(9), time.Month(1+r.IntN(12)), 1+r.IntN(28)))
		for j := range prominent {
			if r.Float64() < []float64{0.1, 0.5, 0.6, 0.3}[j] {
				_ = d.Follow(botsweep.Follow{Follower: id, Followee: fmt.Sprint(j + 1)})
			}
		}
	}
	// TheGlobus's posts.
	var originals []string
	for i := 0; i < 20; i++ {
		id := fmt.Sprintf("9%05d", i)
		originals = append(originals, id)
		_ = d.Post(&botsweep.Post{ID: id, AccountID: "1", Kind: botsweep.KindOriginal, CreatedAt: day(2019, 12, 1).Add(time.Duration(i) * 11 * time.Hour),
			Text: "The truth they hide: read globus-news.info", URLs: []string{"https://globus-news.info/a"}, Domains: []string{"globus-news.info"}})
	}
	bots := botsweep.Network{ID: "N1", Rank: 1, Score: 0.93, Summary: "Retweets @TheGlobus within minutes; accounts created in bursts in Nov–Dec 2019",
		DetectedAt: Fixed, StateBacked: true}
	creation := map[string]int{}
	var delays [6]int
	bounds := []float64{0, 30, 60, 120, 300, 600, 3600}
	post := 0
	for i := 0; i < 200; i++ {
		id := fmt.Sprintf("2%04d", i)
		created := day(2019, 11, 20).Add(time.Duration(r.IntN(6)) * 24 * time.Hour)
		if i%2 == 1 {
			created = day(2019, 12, 10).Add(time.Duration(r.IntN(4)) * 24 * time.Hour)
		}
		creation[created.Format("2006-01-02")]++
		sn := fmt.Sprintf("globus_fan%d", i)
		acct(id, sn, created)
		_ = d.Follow(botsweep.Follow{Follower: id, Followee: "1"})
		_ = d.Follow(botsweep.Follow{Follower: id, Followee: "2"})
		if i%3 == 0 {
			_ = d.Follow(botsweep.Follow{Follower: id, Followee: "4"})
		}
		for k, o := range originals {
			if r.Float64() < 0.85 {
				delay := 20 + r.ExpFloat64()*90
				for b := 0; b < len(delays); b++ {
					if delay >= bounds[b] && delay < bounds[b+1] {
						delays[b]++
					}
				}
				post++
				_ = d.Post(&botsweep.Post{ID: fmt.Sprintf("8%06d", post), AccountID: id, Kind: botsweep.KindRetweet,
					CreatedAt: day(2019, 12, 1).Add(time.Duration(k)*11*time.Hour + time.Duration(delay*float64(time.Second))),
					RetweetOf: o, RetweetOfAccount: "1", URLs: []string{"https://globus-news.info/a"}, Domains: []string{"globus-news.info"}})
			}
		}
		bs := 0.7 + 0.3*r.Float64()
		bots.Members = append(bots.Members, botsweep.Member{AccountID: id, ScreenName: sn, Role: botsweep.RoleCore, Score: 0.6 + 0.4*r.Float64(),
			BotScore: &bs, Reasons: []string{"co-retweeted @TheGlobus within 2 minutes", "created in a burst"}})
	}
	for i := 0; i < 10; i++ {
		id := fmt.Sprintf("3%04d", i)
		sn := fmt.Sprintf("globus_news_desk%d", i)
		acct(id, sn, day(2019, 11, 2))
		_ = d.Follow(botsweep.Follow{Follower: id, Followee: "1"})
		bots.Members = append(bots.Members, botsweep.Member{AccountID: id, ScreenName: sn, Role: botsweep.RoleAssociated, Score: 0.5,
			Reasons: []string{"profile links globus-news.info, registered by the same registrant"}})
	}
	bots.Size = len(bots.Members)
	for k := range creation {
		bots.Evidence.CreationHistogram = append(bots.Evidence.CreationHistogram, botsweep.DayCount{Day: k, Count: creation[k]})
	}
	sortDays(bots.Evidence.CreationHistogram)
	for b := range delays {
		bots.Evidence.RetweetDelayHistogram = append(bots.Evidence.RetweetDelayHistogram, botsweep.DelayBucket{LoS: bounds[b], HiS: bounds[b+1], Count: delays[b]})
	}
	bots.Amplified = []botsweep.Amplified{{AccountID: "1", ScreenName: "TheGlobus", Retweets: post, Share: 0.97}, {AccountID: "2", ScreenName: "realDonaldTrump", Retweets: 9, Share: 0.03}}
	bots.Evidence.Signals = []botsweep.Signal{{Layer: "co-retweet", Edges: 19000, Weight: 0.7, Description: "retweet the same posts within minutes"},
		{Layer: "creation-burst", Edges: 200, Weight: 0.2, Description: "accounts created on the same few days"}}
	bots.Evidence.Domains = []botsweep.NameCount{{Name: "globus-news.info", Count: post}}
	bots.Evidence.Hashtags = []botsweep.NameCount{{Name: "GlobusTruth", Count: 120}}
	bots.Evidence.SampleTexts = []string{"RT @TheGlobus: The truth they hide: read globus-news.info", "Wake up! globus-news.info"}
	bots.Attribution = []botsweep.AttributionCandidate{{Operation: "IRA-2018", Attribution: "a foreign government", StateBacked: true, Confidence: botsweep.ConfidenceHigh,
		Summary: "10 associated accounts link globus-news.info, registered by Example Registrant, who registered ira-news.example for IRA-2018",
		Chain: []botsweep.Link{{From: "10 members", Relation: "link", To: "globus-news.info"}, {From: "globus-news.info", Relation: "registered by", To: "Example Registrant"},
			{From: "Example Registrant", Relation: "registered", To: "ira-news.example"}, {From: "ira-news.example", Relation: "indicator of", To: "IRA-2018"}}}}

	farm := botsweep.Network{ID: "N2", Rank: 2, Score: 0.71, Summary: "Follower farm: never posts, follows the same package of prominent accounts", DetectedAt: Fixed}
	for i := 0; i < 120; i++ {
		id := fmt.Sprintf("4%04d", i)
		sn := fmt.Sprintf("user%08d", 10000000+i*7919)
		acct(id, sn, day(2019, 6, 1+i%3))
		for _, f := range []string{"2", "3", "4"} {
			_ = d.Follow(botsweep.Follow{Follower: id, Followee: f})
		}
		farm.Members = append(farm.Members, botsweep.Member{AccountID: id, ScreenName: sn, Role: botsweep.RoleCore, Score: 0.8, Reasons: []string{"follows the same package", "never posted"}})
	}
	farm.Size = len(farm.Members)
	farm.Evidence.CreationHistogram = []botsweep.DayCount{{Day: "2019-06-01", Count: 40}, {Day: "2019-06-02", Count: 40}, {Day: "2019-06-03", Count: 40}}
	farm.Evidence.Signals = []botsweep.Signal{{Layer: "follow-package", Edges: 120, Weight: 1, Description: "follow the same accounts"}}
	farm.Amplified = []botsweep.Amplified{}
	_ = d.Campaign(&botsweep.Campaign{Hashtag: "TakeBackDay", Emoji: "💊", Starts: day(2019, 10, 26), Ends: day(2019, 10, 27), Owner: "DEA", Note: "National Prescription Drug Take Back Day"})
	return d, []botsweep.Network{bots, farm}
}

func sortDays(ds []botsweep.DayCount) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Day < ds[j-1].Day; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}
