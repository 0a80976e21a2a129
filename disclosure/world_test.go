package disclosure_test

import (
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/disclosure"
)

// The small world of these tests: @TheGlobus (big, never hashed), three
// bots of network N1 (two small, one with 8,000 followers), two accounts of
// network N2, one of network N3, and an organic account the bots reply to.
const (
	idGlobus = "1190000000000000001"
	idBot1   = "1190000000000000101"
	idBot2   = "1190000000000000102"
	idBotBig = "1190000000000000103"
	idN2a    = "1190000000000000301"
	idN2b    = "1190000000000000302"
	idN3     = "1190000000000000401"
	idMaria  = "1190000000000000201"
	idGhost  = "1190000000000000999" // retweeted author the store has no profile of
	idQuiet  = "1190000000000000777" // followed by N1's core, named nowhere else
	idTwelve = "12"                  // a small account whose id is a common number
)

var (
	releaseTime = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	testKey     = []byte("test release key: never use in production")
)

// rawIdentifiers are, for each account the release must hash, its id,
// screen name and display name.
var rawIdentifiers = map[string][]string{
	idBot1:  {idBot1, "layla_h4821", "Layla Haddad 4821"},
	idBot2:  {idBot2, "omar_q77310", "Omar Qassim Truth"},
	idMaria: {idMaria, "maria_quintana_o", "Maria Quintana-Ortiz"},
	idN2a:   {idN2a, "spamring_alpha9", "Spamring Alpha Nine"},
	idN2b:   {idN2b, "spamring_beta9", "Spamring Beta Nine"},
	idN3:    {idN3, "unswept_zeta44", "Unswept Zeta Fortyfour"},
	idGhost: {idGhost},
	"ghost": {"ghost_handle_xq"},
	idQuiet: {idQuiet, "quiet_follow_me", "Quiet Follow Target"},
}

func t0(d, h, m, s int) time.Time { return time.Date(2019, 12, d, h, m, s, 0, time.UTC) }

func world() *botsweep.Dataset {
	ds := &botsweep.Dataset{}
	acc := func(id, sn, name string, followers int64, url, desc string) {
		_ = ds.Account(&botsweep.Account{
			ID: id, ScreenName: sn, Name: name, Followers: followers, Friends: 150,
			URL: url, URLDomain: botsweep.RegistrableDomain(url), Description: desc, Location: "Doha",
			CreatedAt: time.Date(2019, 11, 20, 3, 4, 5, 0, time.UTC), Lang: "en",
			LastSeen: t0(20, 0, 0, 0),
		})
	}
	acc(idGlobus, "TheGlobus", "The Globus", 250000, "https://theglobus.example.com", "News you can trust")
	acc(idBot1, "layla_h4821", "Layla Haddad 4821", 12, "https://globus-news.info/layla", "Follow my friend @omar_q77310!")
	acc(idBot2, "omar_q77310", "Omar Qassim Truth", 30, "https://twitter.com/omar_q77310", "Friend of Layla Haddad 4821, id 1190000000000000101")
	acc(idBotBig, "gulf_big_voice", "Gulf Big Voice", 8000, "https://globus-news.info", "The big one")
	acc(idMaria, "maria_quintana_o", "Maria Quintana-Ortiz", 300, "", "Nurse, mother, runner")
	acc(idN2a, "spamring_alpha9", "Spamring Alpha Nine", 5, "https://cheap-pills.biz", "")
	acc(idN2b, "spamring_beta9", "Spamring Beta Nine", 4999, "", "")
	acc(idN3, "unswept_zeta44", "Unswept Zeta Fortyfour", 7, "", "")
	acc(idQuiet, "quiet_follow_me", "Quiet Follow Target", 2091, "", "")
	acc(idTwelve, "tiny_twelve", "Tiny Twelve", 3, "", "")

	post := func(p botsweep.Post) { _ = ds.Post(&p) }
	post(botsweep.Post{ID: "1200000000000000001", AccountID: idGlobus, CreatedAt: t0(1, 9, 0, 0), Text: "Breaking: the truth about the Gulf", Lang: "en", Client: "Twitter Web App", RetweetCount: 3})
	post(botsweep.Post{ID: "1200000000000000002", AccountID: idBot1, Kind: botsweep.KindRetweet, CreatedAt: t0(1, 9, 1, 30),
		Text: "RT @TheGlobus: Breaking: the truth about the Gulf", Lang: "en", Client: "GulfPoster",
		RetweetOf: "1200000000000000001", RetweetOfAccount: idGlobus, Mentions: []botsweep.Mention{{ID: idGlobus, ScreenName: "TheGlobus"}}})
	post(botsweep.Post{ID: "1200000000000000003", AccountID: idBot2, Kind: botsweep.KindRetweet, CreatedAt: t0(1, 9, 2, 10),
		Text: "RT @layla_h4821: Layla Haddad 4821 says: read globus-news.info", Lang: "en", Client: "GulfPoster",
		RetweetOf: "1200000000000000004", RetweetOfAccount: idBot1, Mentions: []botsweep.Mention{{ID: idBot1, ScreenName: "layla_h4821"}}})
	post(botsweep.Post{ID: "1200000000000000004", AccountID: idBot1, CreatedAt: t0(1, 8, 59, 0),
		Text: "Layla Haddad 4821 says: read globus-news.info", Lang: "en", Client: "GulfPoster",
		Hashtags: []string{"GulfTruth", "layla_h4821"}, URLs: []string{"https://globus-news.info/a?x=1,2", "https://twitter.com/layla_h4821/status/1200000000000000004"},
		Domains: []string{"globus-news.info", "twitter.com"}, LikeCount: 2})
	post(botsweep.Post{ID: "1200000000000000005", AccountID: idBot2, Kind: botsweep.KindReply, CreatedAt: t0(2, 14, 30, 59),
		Text: "@maria_quintana_o you are wrong, ask @Layla_H4821 or @ghost_handle_xq or @TheGlobus", Lang: "en", Client: "GulfPoster",
		ReplyTo: "1200000000000000099", ReplyToAccount: idMaria,
		Mentions: []botsweep.Mention{{ID: idMaria, ScreenName: "maria_quintana_o"}, {ID: idBot1, ScreenName: "layla_h4821"}, {ScreenName: "ghost_handle_xq"}, {ID: idGlobus, ScreenName: "TheGlobus"}},
		HasGeo:   true, Latitude: 25.2854, Longitude: 51.531})
	post(botsweep.Post{ID: "1200000000000000006", AccountID: idBotBig, Kind: botsweep.KindQuote, CreatedAt: t0(3, 0, 0, 0),
		Text: "So true, says Omar Qassim Truth https://twitter.com/omar_q77310/status/1200000000000000005", Lang: "en", Client: "Twitter for iPhone",
		Quotes: "1200000000000000005", QuotesAccount: idBot2, QuoteCount: 1, ReplyCount: 4, RetweetCount: 5})
	post(botsweep.Post{ID: "1200000000000000007", AccountID: idBot1, Kind: botsweep.KindRetweet, CreatedAt: t0(3, 1, 0, 0),
		Text: "RT @someone: hi", Lang: "en", Client: "GulfPoster", RetweetOf: "1200000000000000098", RetweetOfAccount: idGhost})
	post(botsweep.Post{ID: "1200000000000000008", AccountID: idN2a, CreatedAt: t0(4, 1, 0, 0),
		Text: "cheap pills https://cheap-pills.biz @spamring_beta9", Lang: "en", Client: "PillBot",
		URLs: []string{"https://cheap-pills.biz"}, Mentions: []botsweep.Mention{{ID: idN2b, ScreenName: "spamring_beta9"}}})
	post(botsweep.Post{ID: "1200000000000000009", AccountID: idN2b, CreatedAt: t0(4, 1, 0, 1), Text: "cheap pills again", Lang: "en", Client: "PillBot"})
	post(botsweep.Post{ID: "1200000000000000010", AccountID: idN3, CreatedAt: t0(4, 2, 0, 0), Text: "never swept", Lang: "en"})
	post(botsweep.Post{ID: "1200000000000000012", AccountID: idBotBig, CreatedAt: t0(5, 1, 0, 0), Text: "Sale on 2026-12-02 at 12:30: 12% off, $12, 12.5 kg, 3/12 left",
		Lang: "en", Client: "Twitter for iPhone", URLs: []string{"https://globusnews.example.com/12"}})
	post(botsweep.Post{ID: "1200000000000000011", AccountID: idMaria, CreatedAt: t0(1, 7, 0, 0), Text: "Good morning", Lang: "en", Client: "Twitter for Android"})
	return ds
}

func networks() []botsweep.Network {
	member := func(id, sn string, r botsweep.Role) botsweep.Member {
		return botsweep.Member{AccountID: id, ScreenName: sn, Role: r}
	}
	return []botsweep.Network{
		{
			ID: "N1", Size: 3, Score: 0.91, Verdict: botsweep.VerdictInauthentic,
			Summary:   "3 accounts led by @layla_h4821 retweet @TheGlobus within minutes; 88% of the core follow @quiet_follow_me",
			Amplified: []botsweep.Amplified{{AccountID: idGlobus, ScreenName: "TheGlobus", Retweets: 1, Share: 0.5}, {AccountID: idBot1, ScreenName: "layla_h4821", Retweets: 1, Share: 0.5}},
			Evidence: botsweep.Evidence{
				Signals:  []botsweep.Signal{{Layer: "co-retweet", Edges: 3, Weight: 0.8, Description: "retweet the same posts within minutes"}},
				Followed: []botsweep.NameCount{{Name: "@quiet_follow_me", Count: 2}, {Name: "@TheGlobus", Count: 2}, {Name: idTwelve, Count: 1}},
			},
			Members: []botsweep.Member{member(idBot1, "layla_h4821", botsweep.RoleCore), member(idBot2, "omar_q77310", botsweep.RoleCore), member(idBotBig, "gulf_big_voice", botsweep.RoleAssociated)},
			Attribution: []botsweep.AttributionCandidate{{
				Operation: "Gulf 2018-10", Attribution: "a Gulf government", StateBacked: true, Confidence: botsweep.ConfidenceHigh,
				Basis: "registrant", Members: 3,
				Chain: []botsweep.Link{
					{From: "3 members", Relation: "link", To: "globus-news.info"},
					{From: "globus-news.info", Relation: "registered by", To: "Gulf Digital Consulting FZE"},
					{From: "Gulf Digital Consulting FZE", Relation: "also registered", To: "gulfvoice-media.com"},
					{From: "gulfvoice-media.com", Relation: "is a domain of", To: `operation "Gulf 2018-10" (disclosed 2018-10)`},
				},
				Summary: `3 members link globus-news.info, registered by Gulf Digital Consulting FZE, who also registered gulfvoice-media.com, a domain of operation "Gulf 2018-10" (disclosed 2018-10).`,
			}},
			StateBacked: true,
		},
		{
			ID: "N2", Size: 2, Summary: "link-spam ring",
			Members:     []botsweep.Member{member(idN2a, "spamring_alpha9", botsweep.RoleCore), member(idN2b, "spamring_beta9", botsweep.RoleCore)},
			Attribution: []botsweep.AttributionCandidate{{Operation: "Spam 2019-01", Confidence: botsweep.ConfidenceMedium, Basis: "domain", Members: 1, Summary: "1 member links cheap-pills.biz, a domain of operation \"Spam 2019-01\"."}},
		},
		{
			ID: "N3", Size: 1, Summary: "never swept",
			Members:     []botsweep.Member{member(idN3, "unswept_zeta44", botsweep.RoleCore)},
			Attribution: []botsweep.AttributionCandidate{},
		},
	}
}

// enforcement: N1 and N2 swept, N3 never; the associated N1 member
// included.
func enforcement() *disclosure.Enforcement {
	return disclosure.NewEnforcement([]botsweep.Sweep{
		{ID: "S1", Networks: []string{"N1"}, Accounts: []string{idBot1, idBot2, idBotBig}},
		{ID: "S2", Networks: []string{"N2"}, Accounts: []string{idN2a, idN2b}},
	}, nil)
}

func fixedNow() time.Time { return releaseTime }
