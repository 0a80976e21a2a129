package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// account is the compact per-account state the world keeps: O(accounts)
// memory, no posts.
type account struct {
	id        uint64
	created   int64 // unix seconds
	screen    string
	name      string
	label     uint8 // index into Labels()
	tz        int8
	client    uint8 // preferred client
	flags     uint8
	domain    int8 // profile URL domain in profileDomains, -1 none
	followers int32
	friends   int32
	posts     int32 // posts in the window (counting pass)
	base      int32 // statuses before the window
}

const (
	fDefaultProfile uint8 = 1 << iota
	fDefaultImage
	fVerified
	fPersonalURL
	fHeavy        // a heavy poster
	fGlobusReader // an organic reader of TheGlobus
)

// prominent is a fixed prominent account.
type prominent struct {
	screen, name, camp, role string
	id                       uint64
	created                  time.Time
	tz                       int
	desc, url                string
}

// Roles of prominent accounts.
const (
	roleStar   = "star"
	roleNews   = "news"
	roleGlobus = "globus"
	roleIdol   = "idol"
	roleOwner  = "owner"
	roleTarget = "target"
)

var prominents = []prominent{
	{"realDonaldTrump", "Donald J. Trump", "right", roleStar, 25073877, date(2009, 3, 18, 13), -5, "45th President of the United States of America🇺🇸", "https://www.instagram.com/realdonaldtrump"},
	{"BarackObama", "Barack Obama", "left", roleStar, 813286, date(2007, 3, 5, 22), -5, "Dad, husband, President, citizen.", "https://www.obama.org"},
	{"jack", "jack", "neutral", roleStar, 12, date(2006, 3, 21, 20), -8, "#bitcoin", ""},
	{"TheGlobus", "The Globus", "globus", roleGlobus, 0, date(2016, 5, 12, 9), 3, "Independent news and analysis. The truth they hide.", "https://theglobus-news.com"},
	{"nytimes", "The New York Times", "left", roleNews, 807095, date(2007, 3, 2, 20), -5, "News tips? Share them here.", "https://www.nytimes.com"},
	{"CNN", "CNN", "left", roleNews, 759251, date(2007, 2, 9, 0), -5, "It's our job to #GoThere & tell the most difficult stories.", "https://www.cnn.com"},
	{"washingtonpost", "The Washington Post", "left", roleNews, 2467791, date(2007, 3, 27, 0), -5, "Breaking news, analysis, and opinion.", "https://www.washingtonpost.com"},
	{"FoxNews", "Fox News", "right", roleNews, 1367531, date(2007, 3, 1, 0), -5, "Follow America's #1 cable news network.", "https://www.foxnews.com"},
	{"BBCBreaking", "BBC Breaking News", "neutral", roleNews, 5402612, date(2007, 5, 16, 0), 0, "Breaking news alerts and updates from the BBC.", "https://www.bbc.co.uk/news"},
	{"Reuters", "Reuters", "neutral", roleNews, 1652541, date(2007, 3, 29, 0), -5, "Top and breaking news, pictures, and videos from Reuters.", "https://www.reuters.com"},
	{"AP", "The Associated Press", "neutral", roleNews, 51241574, date(2009, 6, 26, 0), -5, "News from The Associated Press.", "https://apnews.com"},
	{"lunaris_official", "LUNARIS 루나리스", "neutral", roleIdol, 0, date(2015, 7, 1, 3), 9, "LUNARIS Official Twitter 🌙💜", "https://lunaris-official.com"},
	{"DEAHQ", "DEA HQ", "neutral", roleOwner, 0, date(2009, 11, 4, 15), -5, "Official Twitter of the U.S. Drug Enforcement Administration.", "https://www.dea.gov"},
	{"NovaPulseMarkets", "Nova Pulse", "neutral", roleTarget, 0, date(2017, 2, 14, 12), -5, "Markets, crypto, the signals nobody else sees. Not financial advice.", "https://novapulse.io"},
}

// prominentIndex returns the index of a prominent account by role (the
// first with the role).
func prominentIndex(role string) int {
	for i, p := range prominents {
		if p.role == role {
			return i
		}
	}
	return -1
}

func prominentByName(screen string) int {
	for i, p := range prominents {
		if p.screen == screen {
			return i
		}
	}
	return -1
}

// Infrastructure of the world.
const (
	registrantGlobus = "Viktor Lanskoy <v.lanskoy@postbox-mail.net>"
)

// profileDomains are the domains of profile URLs that carry meaning.
var profileDomains = []string{"theglobus-news.com", "globus24.net", "globus-reporter.org"}

const (
	pdGlobusNews = iota
	pdGlobus24
	pdReporter
)

// linkDomainsGlobus are the domains the retweet network links to.
var linkDomainsGlobus = []string{"theglobus-news.com", "globus24.net"}

// group is a contiguous range of account indices with one label.
type group struct {
	label  string
	lo, hi int
}

// world is a generated population: accounts and the groups they belong to.
type world struct {
	cfg      Config
	accounts []account
	groups   []group
	byLabel  map[string]group
	start    int64
	end      int64
	r        *rng
	// organic community structure: communities are index blocks of the
	// organic-like groups.
	fitness *alias // organic follow attractiveness over organic indices
	orgLo   int
	orgHi   int
	// globusPosts etc. are filled by the originals stream.
	origs []*tweet
	// byAuthor lists origs of each prominent account, in time order.
	byAuthor [][]*tweet
	// waves are the link-spam ring's waves.
	waves []spamWave
	// leadPosts are the kept originals of activist room leads, by account.
	leadPosts map[int][]*tweet
	// live are the live events, when the world has a live crowd.
	live []liveEvent
	// userCache holds serialized user objects.
	userCache []userCacheEntry
}

func labelIndex(label string) uint8 {
	for i, l := range Labels() {
		if l == label {
			return uint8(i)
		}
	}
	panic("sim: unknown label " + label)
}

func (w *world) label(i int) string { return Labels()[w.accounts[i].label] }

// newWorld builds the population (profiles, creation dates, ids), not yet
// the follow graph or the posts.
func newWorld(cfg Config) (*world, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	w := &world{cfg: cfg, start: unixS(cfg.Start), end: unixS(cfg.End), r: newRNG(), byLabel: map[string]group{}}
	sizes := cfg.Sizes()
	// Layout: prominent, organic-like groups (organic, fandom, viral,
	// campaign), then bots.
	// The random family's groups sit after their kin; empty in the
	// original presets, so those worlds keep their layout.
	order := []string{LabelProminent, LabelOrganic, LabelFandom, LabelViral, LabelCampaign,
		LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie,
		LabelCamouflage, LabelNetwork, LabelAssociated, LabelFarm, LabelLinkSpam, LabelAged}
	n := 0
	for _, l := range order {
		g := group{label: l, lo: n, hi: n + sizes[l]}
		n = g.hi
		w.groups = append(w.groups, g)
		w.byLabel[l] = g
	}
	w.accounts = make([]account, n)
	ids := make(map[uint64]struct{}, n)
	names := make(map[string]struct{}, n)
	for _, g := range w.groups {
		for i := g.lo; i < g.hi; i++ {
			w.makeAccount(i, g, ids, names)
		}
	}
	org := w.byLabel[LabelOrganic]
	w.orgLo, w.orgHi = org.lo, w.byLabel[LabelNewsJunkie].hi
	// Attractiveness for preferential attachment: a Pareto fitness.
	fit := make([]float64, w.orgHi-w.orgLo)
	r := w.r.seed(cfg.Seed, sWorld, 1)
	for i := range fit {
		fit[i] = math.Pow(1-r.Float64(), -1/1.3)
	}
	w.fitness = newAlias(fit)
	return w, nil
}

func (w *world) makeAccount(i int, g group, ids map[uint64]struct{}, names map[string]struct{}) {
	cfg := &w.cfg
	r := w.r.seed(cfg.Seed, sAccount, uint64(i))
	a := &w.accounts[i]
	a.label = labelIndex(g.label)
	a.domain = -1
	a.tz = int8(pick(r, cfg.TimeZones))
	a.client = organicClient(r)
	var handle string
	switch g.label {
	case LabelProminent:
		p := prominents[i-g.lo]
		a.created = p.created.Unix()
		a.screen, a.name, a.tz = p.screen, p.name, int8(p.tz)
		a.flags |= fVerified
		a.id = p.id
		a.client = uint8(pick(r, []int{cIPhone, cWebApp, cTweetDeck, cSocialFlow}))
		if p.role == roleNews {
			a.client = uint8(pick(r, []int{cSocialFlow, cTweetDeck, cWebApp}))
		}
		if p.role == roleGlobus {
			a.client = cWebClient
		}
		a.base = int32(r.lognormal(12000, 0.8))
	case LabelOrganic, LabelViral, LabelFandom, LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie:
		a.created = w.organicCreated(r)
		handle = organicHandle(r, cfg.DigitHandleShare)
		a.name = displayName(r)
		if r.chance(cfg.DefaultImageShare) {
			a.flags |= fDefaultImage
		}
		if r.chance(0.35) {
			a.flags |= fDefaultProfile
		}
		if r.chance(0.12) {
			a.flags |= fPersonalURL
		}
		if g.label == LabelFandom {
			a.tz = int8(pick(r, []int{9, 9, 8, -5, -8, 1, 0}))
		}
		if (g.label == LabelFandom && cfg.FandomAged > 0 && r.chance(cfg.FandomAged)) || g.label == LabelSuperfan || g.label == LabelActivist {
			// long-standing accounts: created years before the window
			a.created = min(a.created, r.between(date(2010, 1, 1, 0).Unix(), w.start-300*day))
		}
		if r.chance(0.05) {
			a.flags |= fHeavy
		}
		if g.label == LabelOrganic && r.chance(cfg.GlobusReaders) {
			a.flags |= fGlobusReader
		}
	case LabelCampaign:
		a.created = r.between(date(2009, 1, 1, 0).Unix(), date(2019, 3, 1, 0).Unix())
		town, kind := pick(r, campaignTowns), campaignKinds[r.IntN(len(campaignKinds))]
		handle = strings.ReplaceAll(town, " ", "") + kind.handle
		if r.chance(0.3) {
			handle += pick(r, []string{"", "OH", "TX", "NC", "VA", "PA", "CA", "NY", "GA"})
		}
		a.name = town + " " + kind.name
		a.tz = int8(pick(r, []int{-5, -5, -6, -7, -8}))
		a.client = uint8(pick(r, []int{cHootsuite, cWebApp, cWebClient, cSprout, cIPhone, cTweetDeck}))
		if r.chance(0.15) {
			a.flags |= fVerified
		}
		a.flags |= fPersonalURL
	case LabelCamouflage:
		a.created = r.between(date(2012, 1, 1, 0).Unix(), date(2018, 1, 1, 0).Unix())
		handle = organicHandle(r, cfg.DigitHandleShare)
		a.name = displayName(r)
		if r.chance(0.2) {
			a.flags |= fDefaultProfile
		}
		if r.chance(0.04) {
			a.flags |= fDefaultImage
		}
		a.client = uint8(pick(r, []int{cIPhone, cAndroid, cAndroid, cWebApp, cWebClient, cIPad}))
	case LabelAged:
		// aged or purchased: created over years, no burst, organic looks
		a.created = r.between(date(2009, 6, 1, 0).Unix(), w.start-60*day)
		handle = organicHandle(r, cfg.DigitHandleShare)
		a.name = displayName(r)
		if r.chance(0.3) {
			a.flags |= fDefaultProfile
		}
		if r.chance(cfg.DefaultImageShare) {
			a.flags |= fDefaultImage
		}
		if r.chance(0.1) {
			a.flags |= fPersonalURL
		}
	case LabelNetwork, LabelAssociated:
		a.created = w.burstCreated(r)
		first, last := pick(r, firstNames), pick(r, lastNames)
		style := r.Float64()
		if g.label == LabelAssociated {
			style *= 0.8 // mostly the suggested-handle pattern
		}
		switch {
		case style < 0.55:
			handle = first + strconv.Itoa(10000000+r.IntN(90000000))
		case style < 0.8:
			handle = strings.ToLower(first) + "_" + strings.ToLower(last) + strconv.Itoa(r.IntN(1000))
		default:
			handle = organicHandle(r, 0.6)
		}
		a.name = first + " " + last
		custom := r.chance(cfg.NetworkCustomProfile)
		if g.label == LabelAssociated {
			custom = r.chance(0.5)
		}
		if !custom {
			a.flags |= fDefaultProfile
			if r.chance(0.8) {
				a.flags |= fDefaultImage
			}
		}
		a.client = uint8(pick(r, []int{cWebClient, cWebClient, cAndroid, cAndroid, cIPhone, cWebApp, cGlobusReader}))
		if g.label == LabelNetwork && r.chance(cfg.NetworkProfileURL) {
			a.domain = int8(pick(r, []int{pdGlobusNews, pdGlobus24}))
		}
		if g.label == LabelAssociated && r.chance(0.85) {
			a.domain = pdReporter
		}
	case LabelFarm:
		a.created = r.between(unixS(cfg.FarmCreatedFrom), unixS(cfg.FarmCreatedTo))
		// farms are created in batches: snap to one of a few days
		batch := r.IntN(12)
		span := unixS(cfg.FarmCreatedTo) - unixS(cfg.FarmCreatedFrom)
		a.created = unixS(cfg.FarmCreatedFrom) + span*int64(batch)/12 + r.Int64N(20*3600)
		first := pick(r, firstNames)
		if r.chance(0.7) {
			handle = first + strconv.Itoa(10000000+r.IntN(90000000))
		} else {
			handle = randomLetters(r, 8+r.IntN(7))
		}
		a.name = first
		if r.chance(0.3) {
			a.name = first + " " + pick(r, lastNames)
		}
		a.flags |= fDefaultProfile
		if r.chance(0.9) {
			a.flags |= fDefaultImage
		}
	case LabelLinkSpam:
		base := date(2019, 6, 3, 0).Unix()
		a.created = base + int64(r.IntN(3))*20*day + r.Int64N(2*day)
		handle = pick(r, handleWords) + pick(r, []string{"deals", "offers", "shop", "news", "daily", "promo"}) + strconv.Itoa(r.IntN(10000))
		a.name = strings.ToUpper(handle[:1]) + handle[1:]
		if r.chance(0.5) {
			a.flags |= fDefaultProfile
		}
		a.client = uint8(pick(r, []int{cDlvr, cIFTTT, cBuffer, cWebClient}))
		a.tz = 0
	}
	if g.label != LabelProminent {
		handle = uniqueHandle(r, handle, names)
		a.screen = handle
	}
	names[strings.ToLower(a.screen)] = struct{}{}
	if a.id == 0 {
		a.id = accountID(r, a.created)
	}
	a.id = freeKey(ids, a.id)
	switch g.label {
	case LabelOrganic, LabelFandom, LabelViral, LabelCamouflage, LabelCampaign,
		LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie:
		a.base = int32(r.lognormal(300, 1.5))
	case LabelAged:
		a.base = int32(r.lognormal(800, 1.2)) // a purchased account's past life
	}
}

func organicClient(r *rng) uint8 {
	u := r.Float64()
	switch {
	case u < 0.38:
		return cIPhone
	case u < 0.68:
		return cAndroid
	case u < 0.85:
		return cWebApp
	case u < 0.92:
		return cWebClient
	case u < 0.96:
		return cIPad
	}
	return cTweetDeck
}

// organicCreated draws an organic creation time: most years before the
// window, a few inside it.
func (w *world) organicCreated(r *rng) int64 {
	if r.chance(0.04) {
		return r.between(w.start, w.end-day)
	}
	lo := date(2007, 1, 1, 0).Unix()
	hi := w.start - 7*day
	// skew towards recent years
	u := math.Sqrt(r.Float64())
	return lo + int64(u*float64(hi-lo))
}

// burstCreated draws a creation time inside one of the network's bursts.
func (w *world) burstCreated(r *rng) int64 {
	cfg := &w.cfg
	s, e := unixS(cfg.NetworkBurstStart), unixS(cfg.NetworkBurstEnd)
	if e <= s {
		e = s + day
	}
	b := r.IntN(max(cfg.NetworkBursts, 1))
	span := e - s
	step := span / int64(max(cfg.NetworkBursts, 1))
	// deterministic burst start per burst index (independent of account)
	br := newRNG().seed(cfg.Seed, sWorld, 100+uint64(b))
	bs := s + int64(b)*step + br.Int64N(max(step/2, 1))
	t := bs + int64(math.Abs(r.NormFloat64())*cfg.NetworkBurstHours*3600/2)
	if t >= e {
		t = e - r.Int64N(3600) - 1
	}
	return t
}

// accountID returns a platform id for an account created at unix time t:
// small sequential-looking ids before 2013, snowflakes after.
func accountID(r *rng, t int64) uint64 {
	cut := date(2013, 6, 1, 0).Unix()
	if t < cut {
		base := date(2006, 3, 21, 0).Unix()
		frac := float64(t-base) / float64(cut-base)
		return uint64(13 + frac*frac*1.5e9 + float64(r.IntN(100000)))
	}
	return snowflake(t*1000+int64(r.IntN(1000)), r.Uint64())
}

func displayName(r *rng) string {
	first := pick(r, firstNames)
	switch u := r.Float64(); {
	case u < 0.55:
		return first + " " + pick(r, lastNames)
	case u < 0.7:
		return first
	case u < 0.8:
		return strings.ToLower(first) + " " + pick(r, []string{"🌻", "✨", "🌈", "⚽", "🎶", "💙"})
	case u < 0.9:
		return first + " " + string(pick(r, lastNames)[0]) + "."
	}
	return strings.Title(pick(r, handleWords)) + " " + strings.Title(pick(r, handleWords)) //nolint:staticcheck
}

func organicHandle(r *rng, digitShare float64) string {
	var h string
	switch u := r.Float64(); {
	case u < 0.35:
		h = strings.ToLower(pick(r, firstNames)) + pick(r, []string{"", "_"}) + strings.ToLower(pick(r, lastNames))
	case u < 0.6:
		h = pick(r, handleWords) + pick(r, []string{"", "_"}) + pick(r, handleWords)
	case u < 0.8:
		h = strings.ToLower(pick(r, firstNames)) + "_" + pick(r, handleWords)
	default:
		h = pick(r, firstNames) + pick(r, lastNames)
	}
	if r.chance(digitShare) {
		if r.chance(0.5) {
			h += strconv.Itoa(60 + r.IntN(40))
		} else {
			h += strconv.Itoa(r.IntN(10000))
		}
	}
	if len(h) > 15 {
		h = h[:15]
	}
	return h
}

func randomLetters(r *rng, n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		if i == 0 {
			b[i] = letters[r.IntN(52)]
		} else {
			b[i] = letters[r.IntN(len(letters))]
		}
	}
	return string(b)
}

func uniqueHandle(r *rng, h string, names map[string]struct{}) string {
	if len(h) > 15 {
		h = h[:15]
	}
	for {
		if _, dup := names[strings.ToLower(h)]; !dup && h != "" {
			return h
		}
		suffix := strconv.Itoa(r.IntN(1000))
		if len(h)+len(suffix) > 15 {
			h = h[:15-len(suffix)]
		}
		h += suffix
	}
}

// description returns an account's bio and location, drawn from its own
// seed so that they need not be kept in memory.
func (w *world) profile(i int) (desc, loc, url string) {
	a := &w.accounts[i]
	r := newRNG().seed(w.cfg.Seed, sProfile, uint64(i))
	label := w.label(i)
	locs := locationsByTZ[int(a.tz)]
	if len(locs) == 0 {
		locs = []string{""}
	}
	switch label {
	case LabelProminent:
		p := prominents[i-w.byLabel[LabelProminent].lo]
		return p.desc, pick(r, locs), p.url
	case LabelCampaign:
		desc = "Official account of the " + a.name + ". Not monitored 24/7; call 911 in an emergency."
		if r.chance(0.5) {
			desc = a.name + ": serving our community since " + strconv.Itoa(1950+r.IntN(60)) + "."
		}
		host := strings.ToLower(strings.ReplaceAll(a.name, " ", "")) + pick(r, []string{".gov", ".org", ".us", ".com"})
		host = strings.ReplaceAll(host, "'", "")
		return desc, pick(r, locs), "https://www." + host
	case LabelFarm:
		return "", "", ""
	case LabelLinkSpam:
		return pick(r, []string{"Best deals online 🔥", "Daily offers and promo codes", "Follow for giveaways 🎁", ""}), "", ""
	case LabelNetwork, LabelAssociated:
		if a.flags&fDefaultProfile == 0 {
			desc = pick(r, []string{"Truth seeker. #GlobusTruth", "Patriot. Free speech.", "News junkie 📰", "Reader of @TheGlobus",
				"Independent thinker", "Husband, father, truth", "No censorship!", "Love my country"})
			loc = pick(r, []string{"", "", "Europe", "Worldwide", "Moscow", "London", "Berlin", "New York"})
		}
		if a.domain >= 0 {
			url = "https://" + profileDomains[a.domain] + "/" + strings.ToLower(a.screen)
		}
		return desc, loc, url
	}
	if a.flags&fDefaultProfile == 0 || r.chance(0.5) {
		d := pick(r, organicDescriptions)
		if strings.Contains(d, "%s") {
			d = fmt.Sprintf(d, pick(r, locs))
		}
		desc = d
		switch label {
		case LabelFandom:
			desc = pick(r, []string{"LUNARIS stan 💜🌙", "lunarian since day one", "🌙 ot7 🌙", "fan account | LUNARIS", "streaming is my cardio"})
		case LabelActivist:
			desc = pick(r, activistBios)
		}
	}
	if r.chance(0.6) {
		loc = pick(r, locs)
	}
	if a.flags&fPersonalURL != 0 {
		url = "https://" + fmt.Sprintf(pick(r, personalURLHosts), strings.ToLower(a.screen))
	}
	return desc, loc, url
}
