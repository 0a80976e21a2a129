package sim

import (
	"math"
	"slices"
	"time"
)

// Random returns the Config of the random scenario for a seed: every
// parameter is drawn per world from a wide range, so that no detector
// rule can mirror one knob. The ranges (at scale 1; the sizes are then
// multiplied by Scale) are:
//
//	window                    30-150 days ending in 2019-12
//	organic                   8,000-40,000; mean posts 3-25, sigma 0.8-1.6,
//	                          lurkers 10-50%, follows 15-120, communities 50-800
//	retweet/reply/thread      0.1-0.5 / 0.02-0.15 / 0.03-0.3
//	time zones                2-7 offsets in [-10, 10]
//	default image, digits     2-20%, 10-45%; TheGlobus readers 0-3%
//	prominent/news/globus     1-10 / 2-20 / 1-8 posts a day
//	retweet-network           0 (1 world in 8) or 300-6,000; 1-20 bursts of
//	                          2-200 h anywhere in the window; coverage 0.3-0.95
//	                          (spread 0.02-0.25); median delay 15-1,800 s,
//	                          sigma 0.3-1.6, 0-30% delayed by hours; slogans
//	                          0-6; custom profiles 5-90%; profile URL 0-50%;
//	                          follows 0-60
//	associated                0-600, 0-50% retweeting
//	follower-farm             0 (1 in 6) or 200-4,000
//	link-spam                 0 (1 in 6) or 30-600, 5-80 waves spread over
//	                          30-7,200 s, participation 0.3-0.95
//	camouflage                0 (1 in 5) or 30-1,500; amplification 8-50% of
//	                          posts; coverage 0.3-0.9; median delay 20-1,800 s
//	retweet-network-aged      0 (1 in 4) or 50-1,500; coverage 0.15-0.7; median
//	                          delay 60-3,600 s; 0-100% only awake; 0-40 posts
//	fandom                    0 (1 in 6) or 100-3,000; participation 0.1-0.8;
//	                          median delay 5-600 s; idol 0.3-6 posts a day;
//	                          50-100% of fans' accounts years old
//	viral-news                0 (1 in 6) or 100-4,000 over 1-6 stories, 30-1,200 s
//	campaign                  0 (1 in 4) or 20-400
//	superfan                  0 (1 in 5) or 10-400; share 0.15-0.5; 120-1,200 s
//	activist                  0 (1 in 5) or 60-2,000 in rooms of 10-80; leads post
//	                          0.5-6 a day; share 0.1-0.6; median 60-3,600 s
//	live-event                0 (1 in 5) or 100-3,000 over 1-6 events of 1-5 h
//	news-junkie               0 (1 in 5) or 50-1,500; share 0.02-0.15; 60-1,800 s
//
// The random scenario leaves nothing out by default; Without makes hold-out
// families.
func Random(seed int64) Config {
	c, _ := Default("globus")
	c.Scenario = "random"
	c.Seed = seed
	r := newRNG().seed(seed, sScenario, 0)
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	// logu draws log-uniformly: sizes and delays span orders of magnitude.
	logu := func(lo, hi float64) float64 { return math.Exp(u(math.Log(lo), math.Log(hi))) }
	size := func(absent float64, lo, hi float64) int {
		if r.chance(absent) {
			return 0
		}
		return int(logu(lo, hi))
	}

	days := u(30, 150)
	c.End = time.Date(2019, 12, 1+r.IntN(28), 12+r.IntN(12), 0, 0, 0, time.UTC)
	c.Start = c.End.Add(-time.Duration(days*24) * time.Hour).Truncate(time.Hour)

	c.Organic = int(logu(8000, 40000))
	c.OrganicMeanPosts = logu(3, 25)
	c.OrganicPostsSigma = u(0.8, 1.6)
	c.OrganicLurkers = u(0.1, 0.5)
	c.OrganicMeanFollows = logu(15, 120)
	c.OrganicCommunity = int(logu(50, 800))
	c.RetweetShare = u(0.1, 0.5)
	c.ReplyShare = u(0.02, 0.15)
	c.ThreadProbability = u(0.03, 0.3)
	zones := r.Perm(21)[:2+r.IntN(6)]
	c.TimeZones = c.TimeZones[:0:0]
	for _, z := range zones {
		c.TimeZones = append(c.TimeZones, z-10)
	}
	slices.Sort(c.TimeZones)
	c.DefaultImageShare = u(0.02, 0.2)
	c.DigitHandleShare = u(0.1, 0.45)
	c.GlobusReaders = u(0, 0.03)
	c.ProminentPostsPerDay = logu(1, 10)
	c.NewsPostsPerDay = logu(2, 20)
	c.GlobusPostsPerDay = logu(1, 8)

	c.Network = size(0.125, 300, 6000)
	c.NetworkBursts = 1 + r.IntN(20)
	c.NetworkBurstHours = logu(2, 200)
	span := c.End.Sub(c.Start)
	c.NetworkBurstStart = c.Start.Add(-time.Duration(u(0, 400)*24) * time.Hour) // may predate the window
	c.NetworkBurstEnd = c.Start.Add(time.Duration(u(0.2, 0.85) * float64(span))).Truncate(time.Second)
	c.NetworkCoverage = u(0.3, 0.95)
	c.NetworkCoverageSpread = u(0.02, 0.25)
	c.NetworkDelayMedian = logu(15, 1800)
	c.NetworkDelaySigma = u(0.3, 1.6)
	c.NetworkDelayTail = u(0, 0.3)
	c.NetworkSlogans = u(0, 6)
	c.NetworkCustomProfile = u(0.05, 0.9)
	c.NetworkProfileURL = u(0, 0.5)
	c.NetworkFollows = u(0, 60)
	c.Associated = size(0.2, 10, 600)
	c.AssociatedRetweeters = u(0, 0.5)
	if c.Network == 0 {
		c.Associated = 0
	}

	c.Farm = size(1.0/6, 200, 4000)
	c.LinkSpam = size(1.0/6, 30, 600)
	c.LinkSpamWaves = 5 + r.IntN(76)
	c.LinkSpamWaveSpread = logu(30, 7200)
	c.LinkSpamParticipation = u(0.3, 0.95)
	c.Camouflage = size(0.2, 30, 1500)
	c.CamouflageShare = u(0.08, 0.5)
	c.CamouflageCoverage = u(0.3, 0.9)
	c.CamouflageDelayMedian = logu(20, 1800)
	c.TargetPostsPerDay = logu(0.5, 4)

	c.Aged = size(0.25, 50, 1500)
	c.AgedCoverage = u(0.15, 0.7)
	c.AgedDelayMedian = logu(60, 3600)
	c.AgedAwakeOnly = u(0, 1)
	c.AgedCamouflage = u(0, 40)

	c.Fandom = size(1.0/6, 100, 3000)
	c.FandomParticipation = u(0.1, 0.8)
	c.FandomDelayMedian = logu(5, 600)
	c.FandomAged = u(0.5, 1)
	c.IdolPostsPerDay = logu(0.3, 6)
	c.Viral = size(1.0/6, 100, 4000)
	c.ViralEvents = 1 + r.IntN(6)
	c.ViralDelayMedian = logu(30, 1200)
	c.Campaign = size(0.25, 20, 400)
	c.CampaignStart = c.Start.Add(time.Duration(u(0.1, 0.8) * float64(span))).Truncate(time.Hour)
	c.CampaignEnd = c.CampaignStart.Add(20 * time.Hour)

	c.Superfans = size(0.2, 10, 400)
	c.SuperfanShare = u(0.15, 0.5)
	c.SuperfanDelayMedian = logu(120, 1200)
	c.Activists = size(0.2, 60, 2000)
	c.ActivistRoom = int(logu(10, 80))
	c.ActivistLeadPostsPerDay = logu(0.5, 6)
	c.ActivistShare = u(0.1, 0.6)
	c.ActivistDelayMedian = logu(60, 3600)
	c.LiveCrowd = size(0.2, 100, 3000)
	c.LiveEvents = 1 + r.IntN(6)
	c.LiveEventHours = u(1, 5)
	c.NewsJunkies = size(0.2, 50, 1500)
	c.NewsJunkieShare = u(0.02, 0.15)
	c.NewsJunkieDelayMedian = logu(60, 1800)
	return c
}

// crowdPreset is the crowd scenario on base: a share table of Organic
// ordinary accounts sharing popular posts and a Network botnet retweeting
// one source. Scale 1 is the case (50,000 + 5,000, about five
// million rows); the preset's scale is 0.02.
func crowdPreset(c Config) Config {
	c.Scenario = "crowd"
	c.Scale = 0.02
	c.Start = date(2021, 6, 1, 0)
	c.End = date(2021, 7, 1, 0)
	c.Organic = 50000
	c.Network = 5000
	c.Associated, c.Farm, c.LinkSpam, c.Camouflage, c.Fandom, c.Viral, c.Campaign = 0, 0, 0, 0, 0, 0, 0
	c.NetworkBurstStart = date(2021, 4, 1, 0)
	c.NetworkBurstEnd = date(2021, 5, 20, 0)
	c.NetworkCoverage = 0.8
	c.NetworkDelayMedian = 90
	c.NetworkDelaySigma = 0.8
	c.NetworkDelayTail = 0.03
	c.CrowdSources = 400
	c.CrowdSourcePostsPerDay = 6
	c.CrowdMeanShares = 120
	c.CrowdDelayMedian = 1800
	c.GlobusPostsPerDay = 3
	return c
}

// RandomCrowd returns the Config of the crowd-random scenario for a seed:
// the crowd share table with every knob drawn from a wide range (sizes at
// scale 1; the preset's scale is 0.02):
//
//	window            10-60 days
//	crowd             20,000-80,000; mean shares 30-200; median delay 300-7,200 s
//	sources           100-800 posting 2-12 a day; 1-6 time zones
//	crowd-botnet      0 (1 world in 6) or 500-10,000; coverage 0.3-0.95
//	                  (spread 0.02-0.25); median delay 15-900 s, sigma
//	                  0.3-1.5, 0-20% delayed by hours
func RandomCrowd(seed int64) Config {
	c, _ := Default("crowd")
	c.Scenario = "crowd-random"
	c.Seed = seed
	r := newRNG().seed(seed, sScenario, 1)
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	logu := func(lo, hi float64) float64 { return math.Exp(u(math.Log(lo), math.Log(hi))) }
	c.End = c.Start.Add(time.Duration(u(10, 60)*24) * time.Hour).Truncate(time.Hour)
	c.Organic = int(logu(20000, 80000))
	c.CrowdMeanShares = logu(30, 200)
	c.CrowdDelayMedian = logu(300, 7200)
	c.CrowdSources = int(logu(100, 800))
	c.CrowdSourcePostsPerDay = logu(2, 12)
	zones := r.Perm(21)[:1+r.IntN(6)]
	c.TimeZones = nil
	for _, z := range zones {
		c.TimeZones = append(c.TimeZones, z-10)
	}
	slices.Sort(c.TimeZones)
	c.Network = 0
	if !r.chance(1.0 / 6) {
		c.Network = int(logu(500, 10000))
	}
	c.NetworkCoverage = u(0.3, 0.95)
	c.NetworkCoverageSpread = u(0.02, 0.25)
	c.NetworkDelayMedian = logu(15, 900)
	c.NetworkDelaySigma = u(0.3, 1.5)
	c.NetworkDelayTail = u(0, 0.2)
	return c
}
