// Package sim generates synthetic worlds of a Twitter-like platform with
// planted coordinated networks and ground truth: an organic population,
// prominent accounts, bot networks of several styles and hard negatives
// that look coordinated but are organic. Worlds are deterministic for a
// seed and are written in the real input formats botsweep ingests.
//
// The labels of the ground truth are stable; see Labels and
// docs/SIMULATOR.md.
package sim

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
)

// Config is every parameter of a world. Sizes are at scale 1 and are
// multiplied by Scale (prominent accounts excepted). Durations are seconds.
// The zero value is not useful: start from Default.
type Config struct {
	// Scenario names the preset the other fields started from.
	Scenario string `json:"scenario"`
	// Seed makes the world: the same Config gives byte-identical files.
	Seed int64 `json:"seed"`
	// Scale multiplies every group size; 1 is the 5,000-bot case.
	Scale float64 `json:"scale"`

	// Start and End bound the observed window of posts. End is when the
	// world is observed (profile snapshots) and when the takedown happens.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`

	// Organic is the number of ordinary accounts.
	Organic int `json:"organic"`
	// OrganicMeanPosts is the mean number of posts an organic account makes
	// in the window; the distribution is lognormal with OrganicPostsSigma,
	// and OrganicLurkers of them never post.
	OrganicMeanPosts  float64 `json:"organic_mean_posts"`
	OrganicPostsSigma float64 `json:"organic_posts_sigma"`
	OrganicLurkers    float64 `json:"organic_lurkers"`
	// OrganicMeanFollows is the mean number of accounts an organic account
	// follows (lognormal, sigma 1).
	OrganicMeanFollows float64 `json:"organic_mean_follows"`
	// OrganicCommunity is the size of the communities in which most follows,
	// replies and conversations stay.
	OrganicCommunity int `json:"organic_community"`
	// RetweetShare and ReplyShare are the shares of an organic account's own
	// posts that are retweets and replies to prominent accounts; the rest are
	// originals. ThreadProbability is the chance an original starts a
	// conversation with replies from its community.
	RetweetShare      float64 `json:"retweet_share"`
	ReplyShare        float64 `json:"reply_share"`
	ThreadProbability float64 `json:"thread_probability"`
	// TimeZones are the UTC offsets (hours) of the organic population.
	TimeZones []int `json:"time_zones"`
	// DefaultImageShare is the share of organic accounts with the default
	// profile image; DigitHandleShare those with digits in the handle.
	DefaultImageShare float64 `json:"default_image_share"`
	DigitHandleShare  float64 `json:"digit_handle_share"`
	// GlobusReaders is the share of organic accounts that genuinely read
	// TheGlobus: they follow it and retweet 3-15% of its posts, when awake,
	// with a median delay of 20 minutes (an amplified account's real
	// audience, noise around its network).
	GlobusReaders float64 `json:"globus_readers"`

	// ProminentPostsPerDay is the posting rate of prominent accounts other
	// than TheGlobus, news outlets and the fandom's idol.
	ProminentPostsPerDay float64 `json:"prominent_posts_per_day"`
	// NewsPostsPerDay is each news outlet's posting rate.
	NewsPostsPerDay float64 `json:"news_posts_per_day"`
	// GlobusPostsPerDay is TheGlobus's posting rate.
	GlobusPostsPerDay float64 `json:"globus_posts_per_day"`

	// Network is the number of accounts of the retweet network amplifying
	// TheGlobus (label retweet-network).
	Network int `json:"network"`
	// NetworkBurstStart and NetworkBurstEnd bound the creation of the
	// network's accounts, in NetworkBursts bursts of NetworkBurstHours each.
	NetworkBurstStart time.Time `json:"network_burst_start"`
	NetworkBurstEnd   time.Time `json:"network_burst_end"`
	NetworkBursts     int       `json:"network_bursts"`
	NetworkBurstHours float64   `json:"network_burst_hours"`
	// NetworkCoverage is the mean share of TheGlobus's posts (made after an
	// account's creation) that each account retweets; per-account coverage
	// is drawn around it with NetworkCoverageSpread.
	NetworkCoverage       float64 `json:"network_coverage"`
	NetworkCoverageSpread float64 `json:"network_coverage_spread"`
	// NetworkDelayMedian and NetworkDelaySigma shape the lognormal retweet
	// delay (seconds); each account's median varies around the global one.
	// NetworkDelayTail is the share of retweets delayed by hours instead.
	NetworkDelayMedian float64 `json:"network_delay_median_s"`
	NetworkDelaySigma  float64 `json:"network_delay_sigma"`
	NetworkDelayTail   float64 `json:"network_delay_tail"`
	// NetworkSlogans is the mean number of slogan posts per account.
	NetworkSlogans float64 `json:"network_slogans"`
	// NetworkCustomProfile is the share of network accounts with a custom
	// profile (image, bio); NetworkProfileURL the share with a profile URL
	// on one of the network's domains.
	NetworkCustomProfile float64 `json:"network_custom_profile"`
	NetworkProfileURL    float64 `json:"network_profile_url"`
	// NetworkFollows is the mean number of other network accounts each
	// network account follows.
	NetworkFollows float64 `json:"network_follows"`

	// Associated is the number of accounts tied to the network only by
	// infrastructure (label retweet-network-associated).
	Associated int `json:"associated"`
	// AssociatedRetweeters is the share of them that retweet TheGlobus at all
	// (a few posts, slowly).
	AssociatedRetweeters float64 `json:"associated_retweeters"`

	// Farm is the number of fake followers that never post and follow the
	// same package of prominent accounts (label follower-farm).
	Farm int `json:"farm"`
	// FarmCreatedFrom and FarmCreatedTo bound the farm's creation dates.
	FarmCreatedFrom time.Time `json:"farm_created_from"`
	FarmCreatedTo   time.Time `json:"farm_created_to"`

	// LinkSpam is the size of the link-spam ring; LinkSpamWaves the number of
	// synchronized waves; LinkSpamWaveSpread the seconds over which a wave's
	// posts spread; LinkSpamParticipation the chance a member joins a wave.
	LinkSpam              int     `json:"link_spam"`
	LinkSpamWaves         int     `json:"link_spam_waves"`
	LinkSpamWaveSpread    float64 `json:"link_spam_wave_spread_s"`
	LinkSpamParticipation float64 `json:"link_spam_participation"`

	// Camouflage is the size of the camouflaged network; CamouflageShare the
	// share of its members' posts that are lockstep amplification of its
	// target; CamouflageCoverage the share of the target's posts each member
	// amplifies; CamouflageDelayMedian the median amplification delay.
	Camouflage            int     `json:"camouflage"`
	CamouflageShare       float64 `json:"camouflage_share"`
	CamouflageCoverage    float64 `json:"camouflage_coverage"`
	CamouflageDelayMedian float64 `json:"camouflage_delay_median_s"`
	// TargetPostsPerDay is the posting rate of the camouflaged network's target.
	TargetPostsPerDay float64 `json:"target_posts_per_day"`

	// Fandom is the number of fans of the idol (label fandom);
	// FandomParticipation the mean chance a fan retweets an idol post;
	// FandomDelayMedian the median delay of an awake fan, in seconds.
	Fandom              int     `json:"fandom"`
	FandomParticipation float64 `json:"fandom_participation"`
	FandomDelayMedian   float64 `json:"fandom_delay_median_s"`
	IdolPostsPerDay     float64 `json:"idol_posts_per_day"`

	// Viral is the number of ordinary accounts that retweet the breaking
	// news within minutes (label viral-news), over ViralEvents stories;
	// ViralDelayMedian is their median delay in seconds.
	Viral            int     `json:"viral"`
	ViralEvents      int     `json:"viral_events"`
	ViralDelayMedian float64 `json:"viral_delay_median_s"`

	// Campaign is the number of organisations posting for the sanctioned
	// campaign (label campaign) on CampaignDay, from CampaignStart to
	// CampaignEnd, with CampaignHashtag and CampaignEmoji.
	Campaign        int       `json:"campaign"`
	CampaignHashtag string    `json:"campaign_hashtag"`
	CampaignEmoji   string    `json:"campaign_emoji"`
	CampaignStart   time.Time `json:"campaign_start"`
	CampaignEnd     time.Time `json:"campaign_end"`

	// The groups below are zero in the globus, hard-negatives and
	// camouflage presets (their scenario.json stays as it was) and drawn
	// per world by the random scenario.

	// Superfans is the number of human superfans of TheGlobus (label
	// superfan): they follow it and, when awake, retweet about
	// SuperfanShare of its posts with a median delay of
	// SuperfanDelayMedian seconds; otherwise they live ordinary lives.
	// FandomAged is the share of fans whose accounts are years old (the
	// presets draw fans' creation dates like everyone's).
	FandomAged float64 `json:"fandom_aged,omitempty"`

	Superfans           int     `json:"superfans,omitempty"`
	SuperfanShare       float64 `json:"superfan_share,omitempty"`
	SuperfanDelayMedian float64 `json:"superfan_delay_median_s,omitempty"`

	// Activists is the number of human activists (label activist) in
	// retweet rooms of ActivistRoom members: each room has two leads whose
	// posts (ActivistLeadPostsPerDay each, some of them follow trains that
	// mention other members) the room retweets, each member about
	// ActivistShare of them with a median delay of ActivistDelayMedian
	// seconds when awake; members follow most of their room.
	Activists               int     `json:"activists,omitempty"`
	ActivistRoom            int     `json:"activist_room,omitempty"`
	ActivistLeadPostsPerDay float64 `json:"activist_lead_posts_per_day,omitempty"`
	ActivistShare           float64 `json:"activist_share,omitempty"`
	ActivistDelayMedian     float64 `json:"activist_delay_median_s,omitempty"`

	// LiveCrowd is the number of people live-posting LiveEvents events
	// (label live-event) of LiveEventHours hours each: originals with the
	// event's hashtag during the event and retweets of the stars who post
	// during it.
	LiveCrowd      int     `json:"live_crowd,omitempty"`
	LiveEvents     int     `json:"live_events,omitempty"`
	LiveEventHours float64 `json:"live_event_hours,omitempty"`

	// NewsJunkies is the number of people (label news-junkie) who retweet
	// about NewsJunkieShare of the news outlets' posts made while they are
	// awake, with a median delay of NewsJunkieDelayMedian seconds.
	NewsJunkies           int     `json:"news_junkies,omitempty"`
	NewsJunkieShare       float64 `json:"news_junkie_share,omitempty"`
	NewsJunkieDelayMedian float64 `json:"news_junkie_delay_median_s,omitempty"`

	// Aged is the number of aged or purchased accounts amplifying
	// TheGlobus for the retweet network's operation (label
	// retweet-network-aged): created over years with no burst, organic
	// clients and profiles, AgedCoverage of TheGlobus's posts each with
	// jittered human-like delays around AgedDelayMedian seconds; a share
	// AgedAwakeOnly of them act only in their daytime; AgedCamouflage is
	// the mean number of ordinary posts each makes to hide.
	Aged            int     `json:"aged,omitempty"`
	AgedCoverage    float64 `json:"aged_coverage,omitempty"`
	AgedDelayMedian float64 `json:"aged_delay_median_s,omitempty"`
	AgedAwakeOnly   float64 `json:"aged_awake_only,omitempty"`
	AgedCamouflage  float64 `json:"aged_camouflage,omitempty"`

	// Without lists labels (comma-separated) whose groups the world leaves
	// out, for hold-out families: "fandom,link-spam"; "bots" leaves out
	// every bot label.
	Without string `json:"without,omitempty"`

	// The crowd scenario (a share table only, see WriteShareTable):
	// CrowdSources popular accounts post CrowdSourcePostsPerDay each;
	// Organic ordinary accounts share CrowdMeanShares of their posts on
	// average with human delays (median CrowdDelayMedian seconds, next
	// morning when asleep); Network bots retweet one source with the
	// network's coverage and delays.
	CrowdSources           int     `json:"crowd_sources,omitempty"`
	CrowdSourcePostsPerDay float64 `json:"crowd_source_posts_per_day,omitempty"`
	CrowdMeanShares        float64 `json:"crowd_mean_shares,omitempty"`
	CrowdDelayMedian       float64 `json:"crowd_delay_median_s,omitempty"`
}

// Scenarios lists the preset scenario names, the default first.
func Scenarios() []string { return []string{"globus", "hard-negatives", "camouflage", "random"} }

// ShareTableScenarios lists the scenarios written as a share table only
// (WriteShareTable).
func ShareTableScenarios() []string { return []string{"crowd", "crowd-random"} }

func date(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

// Default returns the preset Config of a scenario ("" is "globus"):
//
//   - globus: the 2019 case with every group.
//   - hard-negatives: organic population and hard negatives only, no bots;
//     every flagged account is a false positive.
//   - camouflage: the globus world with a larger, better-hidden camouflaged
//     network and a sparser, slower retweet network.
func Default(scenario string) (Config, error) {
	c := Config{
		Scenario: "globus",
		Seed:     1,
		Scale:    1,
		Start:    date(2019, 8, 1, 0),
		End:      date(2019, 12, 22, 20), // a Sunday night

		Organic:            30000,
		OrganicMeanPosts:   9,
		OrganicPostsSigma:  1.3,
		OrganicLurkers:     0.3,
		OrganicMeanFollows: 45,
		OrganicCommunity:   400,
		RetweetShare:       0.3,
		ReplyShare:         0.08,
		ThreadProbability:  0.12,
		TimeZones:          []int{-8, -5, 0, 1, 3, 8},
		DefaultImageShare:  0.08,
		DigitHandleShare:   0.25,
		GlobusReaders:      0.01,

		ProminentPostsPerDay: 5,
		NewsPostsPerDay:      8,
		GlobusPostsPerDay:    3.5,

		Network:               5000,
		NetworkBurstStart:     date(2019, 11, 1, 0),
		NetworkBurstEnd:       date(2019, 12, 12, 0),
		NetworkBursts:         9,
		NetworkBurstHours:     30,
		NetworkCoverage:       0.8,
		NetworkCoverageSpread: 0.12,
		NetworkDelayMedian:    75,
		NetworkDelaySigma:     0.9,
		NetworkDelayTail:      0.05,
		NetworkSlogans:        3,
		NetworkCustomProfile:  0.3,
		NetworkProfileURL:     0.25,
		NetworkFollows:        25,

		Associated:           400,
		AssociatedRetweeters: 0.15,

		Farm:            3000,
		FarmCreatedFrom: date(2018, 3, 1, 0),
		FarmCreatedTo:   date(2018, 9, 1, 0),

		LinkSpam:              300,
		LinkSpamWaves:         40,
		LinkSpamWaveSpread:    600,
		LinkSpamParticipation: 0.75,

		Camouflage:            250,
		CamouflageShare:       0.35,
		CamouflageCoverage:    0.6,
		CamouflageDelayMedian: 120,
		TargetPostsPerDay:     1.2,

		Fandom:              1500,
		FandomParticipation: 0.45,
		FandomDelayMedian:   30,
		IdolPostsPerDay:     1.2,

		Viral:            3000,
		ViralEvents:      2,
		ViralDelayMedian: 240,

		Campaign:        300,
		CampaignHashtag: "TakeBackDay",
		CampaignEmoji:   "\U0001F48A", // pill
		CampaignStart:   date(2019, 10, 26, 10),
		CampaignEnd:     date(2019, 10, 27, 6),
	}
	switch scenario {
	case "", "globus":
	case "hard-negatives":
		c.Scenario = scenario
		c.Network, c.Associated, c.Farm, c.LinkSpam, c.Camouflage = 0, 0, 0, 0, 0
	case "camouflage":
		c.Scenario = scenario
		c.Camouflage = 1500
		c.CamouflageShare = 0.15
		c.CamouflageCoverage = 0.5
		c.CamouflageDelayMedian = 300
		c.Network = 3000
		c.NetworkCoverage = 0.55
		c.NetworkCoverageSpread = 0.2
		c.NetworkDelayMedian = 400
		c.NetworkDelaySigma = 1.3
		c.NetworkDelayTail = 0.15
		c.NetworkCustomProfile = 0.6
	case "random":
		return Random(1), nil
	case "crowd":
		return crowdPreset(c), nil
	case "crowd-random":
		return RandomCrowd(1), nil
	default:
		return Config{}, botsweep.Errorf(botsweep.EINVALID, "unknown scenario %q (known: %v, %v)", scenario, Scenarios(), ShareTableScenarios())
	}
	return c, nil
}

// LoadConfig reads a JSON scenario file. Fields it names override those of
// the scenario it names (or "globus"); the rest keep the scenario's values.
func LoadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, botsweep.Errorf(botsweep.EINVALID, "scenario file: %w", err)
	}
	c, err := ParseConfig(b)
	if err != nil {
		return Config{}, botsweep.Errorf(botsweep.EINVALID, "scenario file %s: %s", path, botsweep.ErrorMessage(err))
	}
	return c, nil
}

// ParseConfig parses scenario JSON: fields it names override those of the
// scenario it names (or "globus"). A random scenario's file lists every
// drawn value, zeros omitted, so it starts from the fixed base, not from
// another draw.
func ParseConfig(b []byte) (Config, error) {
	var head struct {
		Scenario string `json:"scenario"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return Config{}, botsweep.Errorf(botsweep.EINVALID, "%w", err)
	}
	c, err := Default(head.Scenario)
	switch head.Scenario {
	case "random":
		c, err = Default("globus")
		c.Scenario = "random"
	case "crowd-random":
		c, err = Default("crowd")
		c.Scenario = "crowd-random"
	}
	if err != nil {
		return Config{}, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return Config{}, botsweep.Errorf(botsweep.EINVALID, "%w", err)
	}
	return c, nil
}

// Validate reports the first parameter that makes no world.
func (c *Config) Validate() error {
	bad := func(format string, args ...any) error {
		return botsweep.Errorf(botsweep.EINVALID, "simulator config: "+format, args...)
	}
	if !(c.Scale > 0) || math.IsInf(c.Scale, 0) || c.Scale > 1000 {
		return bad("scale must be in (0, 1000], got %v", c.Scale)
	}
	if !c.End.After(c.Start) {
		return bad("end %s is not after start %s", c.End.Format(time.RFC3339), c.Start.Format(time.RFC3339))
	}
	if c.End.Sub(c.Start) > 3*366*24*time.Hour {
		return bad("window longer than three years")
	}
	for name, n := range map[string]int{
		"organic": c.Organic, "network": c.Network, "associated": c.Associated, "farm": c.Farm,
		"link_spam": c.LinkSpam, "camouflage": c.Camouflage, "fandom": c.Fandom, "viral": c.Viral,
		"campaign": c.Campaign, "network_bursts": c.NetworkBursts, "link_spam_waves": c.LinkSpamWaves,
		"viral_events": c.ViralEvents, "organic_community": c.OrganicCommunity,
		"superfans": c.Superfans, "activists": c.Activists, "activist_room": c.ActivistRoom,
		"live_crowd": c.LiveCrowd, "live_events": c.LiveEvents, "news_junkies": c.NewsJunkies,
		"aged": c.Aged, "crowd_sources": c.CrowdSources,
	} {
		if n < 0 || n > 50_000_000 {
			return bad("%s must be in [0, 50000000], got %d", name, n)
		}
	}
	if c.Organic < 10 && c.Organic != 0 {
		return bad("organic must be 0 or at least 10, got %d", c.Organic)
	}
	for name, p := range map[string]float64{
		"organic_lurkers": c.OrganicLurkers, "retweet_share": c.RetweetShare, "reply_share": c.ReplyShare,
		"thread_probability": c.ThreadProbability, "default_image_share": c.DefaultImageShare,
		"digit_handle_share": c.DigitHandleShare, "network_coverage": c.NetworkCoverage,
		"globus_readers":     c.GlobusReaders,
		"network_delay_tail": c.NetworkDelayTail, "network_custom_profile": c.NetworkCustomProfile,
		"network_profile_url": c.NetworkProfileURL, "associated_retweeters": c.AssociatedRetweeters,
		"link_spam_participation": c.LinkSpamParticipation, "camouflage_share": c.CamouflageShare,
		"camouflage_coverage": c.CamouflageCoverage, "fandom_participation": c.FandomParticipation,
		"network_coverage_spread": c.NetworkCoverageSpread,
		"superfan_share":          c.SuperfanShare, "activist_share": c.ActivistShare,
		"news_junkie_share": c.NewsJunkieShare, "aged_coverage": c.AgedCoverage,
		"aged_awake_only": c.AgedAwakeOnly, "fandom_aged": c.FandomAged,
	} {
		if !(p >= 0 && p <= 1) {
			return bad("%s must be in [0, 1], got %v", name, p)
		}
	}
	if c.RetweetShare+c.ReplyShare > 1 {
		return bad("retweet_share + reply_share must be at most 1")
	}
	if c.CamouflageShare >= 1 {
		return bad("camouflage_share must be below 1")
	}
	for name, v := range map[string]float64{
		"organic_mean_posts": c.OrganicMeanPosts, "organic_posts_sigma": c.OrganicPostsSigma,
		"organic_mean_follows": c.OrganicMeanFollows, "prominent_posts_per_day": c.ProminentPostsPerDay,
		"news_posts_per_day": c.NewsPostsPerDay, "globus_posts_per_day": c.GlobusPostsPerDay,
		"network_burst_hours": c.NetworkBurstHours, "network_delay_median_s": c.NetworkDelayMedian,
		"network_delay_sigma": c.NetworkDelaySigma, "network_slogans": c.NetworkSlogans,
		"network_follows": c.NetworkFollows, "link_spam_wave_spread_s": c.LinkSpamWaveSpread,
		"camouflage_delay_median_s": c.CamouflageDelayMedian, "target_posts_per_day": c.TargetPostsPerDay,
		"fandom_delay_median_s": c.FandomDelayMedian, "idol_posts_per_day": c.IdolPostsPerDay,
		"viral_delay_median_s":    c.ViralDelayMedian,
		"superfan_delay_median_s": c.SuperfanDelayMedian, "activist_lead_posts_per_day": c.ActivistLeadPostsPerDay,
		"activist_delay_median_s": c.ActivistDelayMedian, "live_event_hours": c.LiveEventHours,
		"news_junkie_delay_median_s": c.NewsJunkieDelayMedian, "aged_delay_median_s": c.AgedDelayMedian,
		"aged_camouflage": c.AgedCamouflage, "crowd_source_posts_per_day": c.CrowdSourcePostsPerDay,
		"crowd_mean_shares": c.CrowdMeanShares, "crowd_delay_median_s": c.CrowdDelayMedian,
	} {
		if !(v >= 0 && v < 1e7) {
			return bad("%s must be in [0, 1e7), got %v", name, v)
		}
	}
	if c.OrganicMeanPosts > 5000 || c.NewsPostsPerDay > 500 || c.ProminentPostsPerDay > 500 ||
		c.GlobusPostsPerDay > 500 || c.IdolPostsPerDay > 500 || c.TargetPostsPerDay > 500 ||
		c.ActivistLeadPostsPerDay > 500 || c.CrowdSourcePostsPerDay > 500 || c.CrowdMeanShares > 5000 || c.AgedCamouflage > 5000 {
		return bad("posting rates too high (at most 5000 posts per organic account, 500 a day per prominent account)")
	}
	if c.OrganicMeanFollows > 5000 || c.NetworkFollows > 5000 {
		return bad("follows per account must be at most 5000")
	}
	if c.Network > 0 {
		if !c.NetworkBurstEnd.After(c.NetworkBurstStart) {
			return bad("network_burst_end is not after network_burst_start")
		}
		if c.NetworkBursts < 1 {
			return bad("network_bursts must be at least 1")
		}
	}
	if c.Farm > 0 && !c.FarmCreatedTo.After(c.FarmCreatedFrom) {
		return bad("farm_created_to is not after farm_created_from")
	}
	if c.Campaign > 0 {
		if !c.CampaignEnd.After(c.CampaignStart) {
			return bad("campaign_end is not after campaign_start")
		}
		if c.CampaignHashtag == "" {
			return bad("campaign_hashtag is empty")
		}
	}
	if c.LiveEventHours > 24*7 {
		return bad("live_event_hours must be at most a week")
	}
	if _, err := c.without(); err != nil {
		return err
	}
	if len(c.TimeZones) == 0 {
		return bad("time_zones is empty")
	}
	for _, tz := range c.TimeZones {
		if tz < -12 || tz > 14 {
			return bad("time zone offset %d out of range", tz)
		}
	}
	return nil
}

// scaled returns n times the scale, at least a handful when n > 0 so that
// small worlds keep every group.
func (c *Config) scaled(n int) int {
	if n <= 0 {
		return 0
	}
	v := int(math.Round(float64(n) * c.Scale))
	if floor := min(n, 12); v < floor {
		v = floor
	}
	return v
}

// Sizes returns the number of accounts of each label the Config makes.
func (c *Config) Sizes() map[string]int {
	m := map[string]int{
		LabelOrganic:    c.scaled(c.Organic),
		LabelProminent:  len(prominents),
		LabelNetwork:    c.scaled(c.Network),
		LabelAssociated: c.scaled(c.Associated),
		LabelFarm:       c.scaled(c.Farm),
		LabelLinkSpam:   c.scaled(c.LinkSpam),
		LabelCamouflage: c.scaled(c.Camouflage),
		LabelFandom:     c.scaled(c.Fandom),
		LabelViral:      c.scaled(c.Viral),
		LabelCampaign:   c.scaled(c.Campaign),
		LabelSuperfan:   c.scaled(c.Superfans),
		LabelActivist:   c.scaled(c.Activists),
		LabelLiveEvent:  c.scaled(c.LiveCrowd),
		LabelNewsJunkie: c.scaled(c.NewsJunkies),
		LabelAged:       c.scaled(c.Aged),
	}
	out, _ := c.without()
	for l := range out {
		if l != LabelProminent && l != LabelOrganic {
			m[l] = 0
		}
	}
	return m
}

// without returns the labels Without leaves out.
func (c *Config) without() (map[string]bool, error) {
	out := map[string]bool{}
	if strings.TrimSpace(c.Without) == "" {
		return out, nil
	}
	for _, l := range strings.Split(c.Without, ",") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
		case l == "bots":
			for _, b := range Labels() {
				if KindOf(b) == KindBot {
					out[b] = true
				}
			}
		case l == LabelProminent || l == LabelOrganic:
			return nil, botsweep.Errorf(botsweep.EINVALID, "simulator config: without: %s cannot be left out", l)
		case slices.Contains(Labels(), l):
			out[l] = true
		default:
			return nil, botsweep.Errorf(botsweep.EINVALID, "simulator config: without: unknown label %q (known: %s)", l, strings.Join(Labels(), ", "))
		}
	}
	return out, nil
}

// sortedKeys returns a map's keys in order (deterministic iteration).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
