package sim

import (
	"time"

	"github.com/botsweep/botsweep"
)

// Reference records: prior operations, domain registrations and sanctioned
// campaigns. The retweet network's domains lead, through a shared
// registrant, to a prior state-backed operation; the rest are distractors.

const (
	opNordavia = "Nordavia Ministry of Information network"
)

func (w *world) priorOperations() []botsweep.PriorOperation {
	return []botsweep.PriorOperation{
		{
			Name: opNordavia, Disclosed: "2018-10", Attribution: "Government of Nordavia (Ministry of Information)", StateBacked: true,
			Indicators: botsweep.Indicators{
				Domains:     []string{"nordavia-today.info", "nordpress-agency.com"},
				ScreenNames: []string{"NordaviaToday", "nord_press_en", "truth_nordavia"},
				AccountIDs:  []string{"987212345678901248", "1012345678912345600", "3141592653"},
			},
		},
		{
			Name: "Coastline Digital engagement farm", Disclosed: "2019-06", Attribution: "Coastline Digital Marketing Ltd (commercial)", StateBacked: false,
			Indicators: botsweep.Indicators{
				Domains:     []string{"coastline-boost.com", "likes4less.net"},
				ScreenNames: []string{"coastline_boost"},
				AccountIDs:  []string{"2718281828"},
			},
		},
		{
			Name: "Velmar election network", Disclosed: "2019-03", Attribution: "Republic of Velmar, Internal Security Service", StateBacked: true,
			Indicators: botsweep.Indicators{
				// a very common domain among the indicators: a trap for
				// matching on widely shared infrastructure
				Domains:     []string{"velmar-voice.net", "youtube.com"},
				ScreenNames: []string{"VelmarVoice", "velmar_news24"},
				AccountIDs:  []string{"1073741824"},
			},
		},
		{
			Name: "Pharma spam network", Disclosed: "2018-04", Attribution: "unknown", StateBacked: false,
			Indicators: botsweep.Indicators{
				Domains:     []string{"rx-discount-online.biz"},
				ScreenNames: []string{},
				AccountIDs:  []string{},
			},
		},
	}
}

func reg(domain, registrant string, y int, m time.Month, d int) botsweep.DomainRegistration {
	return botsweep.DomainRegistration{Domain: domain, Registrant: registrant, RegisteredAt: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func (w *world) registrations() []botsweep.DomainRegistration {
	const redacted = "REDACTED FOR PRIVACY"
	rs := []botsweep.DomainRegistration{}
	if w.cfg.Network > 0 || w.cfg.Associated > 0 {
		rs = append(rs,
			// the tie: the network's domains and the prior operation's
			reg("globus24.net", registrantGlobus, 2019, 10, 14),
			reg("globus-reporter.org", registrantGlobus, 2019, 10, 15),
			reg("theglobus-news.com", redacted, 2016, 4, 30),
		)
	} else {
		rs = append(rs, reg("theglobus-news.com", redacted, 2016, 4, 30))
	}
	rs = append(rs,
		reg("nordavia-today.info", registrantGlobus, 2017, 2, 3),
		reg("nordpress-agency.com", redacted, 2016, 11, 20),
		// a near-namesake with another address: not the same registrant
		reg("lanskoy-photo.com", "Viktor Lanskoi <vl.photo@mailhub.example>", 2015, 8, 9),
		reg("velmar-voice.net", "Velmar Media Center <info@velmar-media.example>", 2018, 5, 2),
		reg("coastline-boost.com", "Coastline Digital Marketing Ltd <admin@coastline.example>", 2017, 9, 1),
		reg("likes4less.net", "Coastline Digital Marketing Ltd <admin@coastline.example>", 2018, 1, 12),
		reg("rx-discount-online.biz", "Domains By Proxy, LLC", 2017, 3, 3),
		reg("novapulse.io", redacted, 2017, 1, 20),
		reg("lunaris-official.com", "Moonlight Entertainment Co., Ltd.", 2015, 5, 5),
		reg("nytimes.com", "The New York Times Company", 1994, 1, 18),
		reg("cnn.com", "Turner Broadcasting System, Inc.", 1993, 9, 22),
		reg("foxnews.com", "Fox News Network, LLC", 1995, 6, 1),
		reg("washingtonpost.com", "WP Company LLC", 1995, 2, 3),
		reg("reuters.com", "Thomson Reuters", 1994, 3, 10),
		reg("apnews.com", "The Associated Press", 1996, 1, 1),
		reg("youtube.com", "Google LLC", 2005, 2, 15),
		reg("medium.com", redacted, 1998, 5, 27),
	)
	if w.cfg.LinkSpam > 0 {
		for i, d := range spamDomains {
			registrant := "Domains By Proxy, LLC"
			if i%2 == 1 {
				registrant = "WhoisGuard Protected"
			}
			rs = append(rs, reg(d, registrant, 2019, 5, 10+i))
		}
	}
	return rs
}

func (w *world) campaigns() []botsweep.Campaign {
	cfg := &w.cfg
	if cfg.Campaign <= 0 {
		return []botsweep.Campaign{}
	}
	return []botsweep.Campaign{{
		Hashtag: cfg.CampaignHashtag, Emoji: cfg.CampaignEmoji,
		Starts: cfg.CampaignStart.UTC(), Ends: cfg.CampaignEnd.UTC(),
		Owner: "DEAHQ", Note: "National Prescription Drug Take Back Day: sanctioned public-health campaign; partner organisations post the shared text.",
	}}
}
