package sim

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/botsweep/botsweep"
)

// tweet is one generated post.
type tweet struct {
	id       uint64
	author   int32
	ms       int64 // unix milliseconds
	kind     botsweep.PostKind
	body     string // text without the t.co links, which are appended
	client   uint8
	lang     string
	hashtags []string
	urls     []string // expanded
	mentions []int32
	replyTo  *tweet
	rt       *tweet
	quote    *tweet
	// counts as the platform would report them when observed
	rtCount, replyCount, favCount int32
	orig                          bool   // kept in memory (prominent originals)
	json                          []byte // its serialization, cached once counts are final
}

// stream generates the posts of one stream and tracks ms already used by
// its owner so that ids stay unique.
type stream struct {
	w    *world
	r    *rng
	fn   func(*tweet) error
	used map[int64]struct{}
	// others holds the ids of posts made in this stream by accounts other
	// than its owner (replies in threads): two threads can give one account
	// a reply on the same odd millisecond.
	others map[uint64]struct{}
	count  bool // the counting pass
}

// newTweet makes a tweet by author at unix ms. Own posts of the stream's
// owner sit on even milliseconds, posts of other accounts made inside the
// stream (replies in a thread) on odd ones; the id's low bits are the
// author's index, so ids are unique.
func (s *stream) newTweet(author int, ms int64, kind botsweep.PostKind, own bool) *tweet {
	ms -= mod(ms, 2)
	if !own {
		ms++
	}
	last := s.w.end*1000 - 2 + mod(ms, 2) // the latest ms of this parity in the window
	if ms > last {
		ms = last
	}
	if own {
		// The next free even ms at or after ms; when the window's end is
		// reached (a busy stream near the end), the nearest free one before.
		free := ms
		for ; free <= last; free += 2 {
			if _, dup := s.used[free]; !dup {
				break
			}
		}
		if free > last {
			for free = ms - 2; ; free -= 2 {
				if _, dup := s.used[free]; !dup {
					break
				}
			}
		}
		ms = free
		s.used[ms] = struct{}{}
	} else {
		if s.others == nil {
			s.others = map[uint64]struct{}{}
		}
		free := ms
		for ; free <= last; free += 2 {
			if _, dup := s.others[snowflake(free, uint64(author))]; !dup {
				break
			}
		}
		if free > last {
			for free = ms - 2; ; free -= 2 {
				if _, dup := s.others[snowflake(free, uint64(author))]; !dup {
					break
				}
			}
		}
		ms = free
		s.others[snowflake(ms, uint64(author))] = struct{}{}
	}
	a := &s.w.accounts[author]
	return &tweet{id: snowflake(ms, uint64(author)), author: int32(author), ms: ms, kind: kind, client: a.client, lang: "en"}
}

func (s *stream) emit(t *tweet) error {
	if s.count {
		s.w.accounts[t.author].posts++
		if t.rt != nil && t.rt.orig {
			t.rt.rtCount++
		}
		if t.replyTo != nil && t.replyTo.orig {
			t.replyTo.replyCount++
		}
		return nil
	}
	return s.fn(t)
}

// posts runs every stream: prominent originals, then each account's own
// timeline in index order. With count set it only counts.
func (w *world) posts(fn func(*tweet) error, count bool) error {
	s := &stream{w: w, r: newRNG(), fn: fn, used: map[int64]struct{}{}, count: count}
	for _, t := range w.origs {
		if err := s.emit(t); err != nil {
			return err
		}
	}
	for i := range w.accounts {
		clear(s.used)
		for _, t := range w.leadPosts[i] { // kept originals of a room's lead
			s.used[t.ms] = struct{}{}
		}
		var err error
		switch w.label(i) {
		case LabelOrganic, LabelFandom, LabelViral, LabelCampaign, LabelCamouflage,
			LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie, LabelAged:
			err = s.organicLife(i)
		case LabelNetwork:
			err = s.networkLife(i)
		case LabelAssociated:
			err = s.associatedLife(i)
		case LabelLinkSpam:
			err = s.spamLife(i)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// originals generates the prominent accounts' posts, kept in memory because
// others retweet and reply to them. Their number does not grow with scale.
func (w *world) originals() {
	cfg := &w.cfg
	pg := w.byLabel[LabelProminent]
	w.byAuthor = make([][]*tweet, len(prominents))
	s := &stream{w: w, used: map[int64]struct{}{}}
	days := float64(w.end-w.start) / float64(day)
	for k, p := range prominents {
		i := pg.lo + k
		r := newRNG().seed(cfg.Seed, sProminent, uint64(k))
		s.r = r
		clear(s.used)
		rate := cfg.ProminentPostsPerDay
		switch p.role {
		case roleNews:
			rate = cfg.NewsPostsPerDay
		case roleGlobus:
			rate = cfg.GlobusPostsPerDay
		case roleIdol:
			rate = cfg.IdolPostsPerDay
		case roleOwner:
			rate = 0.4
		case roleTarget:
			rate = cfg.TargetPostsPerDay
		}
		if p.screen == "jack" {
			rate = min(rate, 1.5)
		}
		n := r.poisson(rate * days)
		from := max(w.start, w.accounts[i].created)
		for range n {
			at := r.humanTime(from, w.end, p.tz)
			if p.role == roleNews && r.chance(0.4) {
				at = r.between(from, w.end) // newsrooms post around the clock
			}
			t := s.newTweet(i, at*1000+r.Int64N(1000), botsweep.KindOriginal, true)
			w.fillProminentText(r, t, p)
			t.orig = true
			w.byAuthor[k] = append(w.byAuthor[k], t)
		}
		if at := unixS(cfg.CampaignStart) + 1800; p.role == roleOwner && cfg.Campaign > 0 && at >= from && at < w.end {
			t := s.newTweet(i, at*1000, botsweep.KindOriginal, true)
			t.body = fmt.Sprintf("Today is National Prescription Drug #%s %s Find a collection site near you and safely dispose of unused medications, 10am-2pm local time.", cfg.CampaignHashtag, cfg.CampaignEmoji)
			t.hashtags = []string{cfg.CampaignHashtag}
			t.urls = []string{"https://takebackday.dea.gov/"}
			t.orig = true
			w.byAuthor[k] = append(w.byAuthor[k], t)
		}
	}
	// Breaking news that goes viral.
	if cfg.Viral > 0 {
		news := []string{"BBCBreaking", "AP", "Reuters"}
		r := newRNG().seed(cfg.Seed, sViral, 0)
		stories := []string{"Powerful earthquake strikes capital, buildings collapse", "Major explosion reported at chemical plant, residents told to stay indoors",
			"Plane makes emergency landing on river, all passengers safe", "Former leader dies at 84, officials say"}
		for e := range max(cfg.ViralEvents, 0) {
			k := prominentByName(news[e%len(news)])
			i := pg.lo + k
			clear(s.used)
			lo := w.start + (w.end-w.start)/6
			hi := w.end - (w.end-w.start)/6
			at := r.between(lo, hi)
			t := s.newTweet(i, at*1000, botsweep.KindOriginal, true)
			t.body = "BREAKING: " + stories[e%len(stories)]
			t.urls = []string{"https://" + newsHost(prominents[k].url) + "/news/" + strconv.FormatUint(t.id%100000000, 10)}
			t.orig = true
			w.byAuthor[k] = append(w.byAuthor[k], t)
		}
	}
	w.liveStarPosts(s)
	w.origs = w.origs[:0]
	for k := range w.byAuthor {
		sort.Slice(w.byAuthor[k], func(a, b int) bool { return w.byAuthor[k][a].ms < w.byAuthor[k][b].ms })
		w.origs = append(w.origs, w.byAuthor[k]...)
	}
	w.roomLeadPosts(s)
}

func newsHost(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	return u
}

func (w *world) fillProminentText(r *rng, t *tweet, p prominent) {
	switch p.role {
	case roleNews:
		t.body = pick(r, newsHeadlines)
		if r.chance(0.3) {
			t.body = "Analysis: " + t.body
		}
		t.urls = []string{"https://" + newsHost(p.url) + "/" + strconv.Itoa(2019) + "/" + strconv.FormatUint(t.id%1000000, 10) + ".html"}
	case roleGlobus:
		t.body = pick(r, globusTopics) + " " + pick(r, globusSubjects)
		if r.chance(0.5) {
			t.hashtags = []string{pick(r, []string{"GlobusTruth", "TheGlobus", "WakeUp"})}
		}
		t.urls = []string{"https://theglobus-news.com/article/" + strconv.FormatUint(t.id%10000000, 10)}
	case roleIdol:
		t.body = pick(r, idolTexts)
		t.hashtags = []string{"LUNARIS"}
		t.lang = pick(r, []string{"en", "ko"})
	case roleTarget:
		t.body = pick(r, targetTexts)
		if r.chance(0.4) {
			t.hashtags = []string{pick(r, []string{"crypto", "bitcoin", "stocks"})}
		}
	case roleOwner:
		t.body = pick(r, []string{"DEA agents seize record haul of fentanyl", "Know the signs of opioid misuse", "Join our team: special agent hiring event"})
	default:
		t.body = pick(r, openers) + " " + pick(r, topics) + ". " + pick(r, []string{"Great meeting today!", "Thank you!", "We will win!", "Big news soon.", "Proud of our team.", "Watch this:"})
		if r.chance(0.2) {
			t.hashtags = []string{pick(r, hashtagsOrganic)}
		}
	}
	t.client = w.accounts[t.author].client
}

// recentOrig returns one of the last few originals of prominent account k
// made before unix ms, or nil.
func (w *world) recentOrig(r *rng, k int, ms int64) *tweet {
	ps := w.byAuthor[k]
	j := sort.Search(len(ps), func(x int) bool { return ps[x].ms >= ms })
	if j == 0 {
		return nil
	}
	back := min(j, 1+r.IntN(4))
	return ps[j-back]
}

var organicRetweetTargets = []string{"BarackObama", "realDonaldTrump", "nytimes", "CNN", "FoxNews", "BBCBreaking",
	"Reuters", "AP", "washingtonpost", "jack", "BarackObama", "realDonaldTrump", "lunaris_official", "TheGlobus"}

func (s *stream) activeFrom(i int) int64 {
	return max(s.w.start, s.w.accounts[i].created+600)
}

// organicLife generates an organic-like account's own timeline: originals,
// retweets and replies to prominent accounts, conversations in its
// community, and what its label adds (fandom, viral news, campaign,
// camouflaged amplification).
func (s *stream) organicLife(i int) error {
	w, cfg := s.w, &s.w.cfg
	r := s.r.seed(cfg.Seed, sOrganicPosts, uint64(i))
	a := &w.accounts[i]
	label := w.label(i)
	from, to := s.activeFrom(i), w.end
	if to <= from {
		return nil
	}
	mean := cfg.OrganicMeanPosts
	lurk := cfg.OrganicLurkers
	switch label {
	case LabelFandom:
		mean *= 1.5
		lurk = 0
	case LabelCampaign:
		mean, lurk = 5, 0
	case LabelViral:
		lurk /= 2
	}
	if a.flags&fHeavy != 0 {
		mean *= 5
	}
	frac := float64(to-from) / float64(w.end-w.start)
	n := 0
	if !r.chance(lurk) && mean > 0 {
		sigma := cfg.OrganicPostsSigma
		n = int(r.lognormal(mean*frac/math.Exp(sigma*sigma/2), sigma) + 0.5)
	}
	pg := w.byLabel[LabelProminent]
	tz := int(a.tz)

	// A few organic readers of TheGlobus retweet it, fast when awake: real
	// audiences of an amplified account are noise around its network.
	if label == LabelOrganic && a.flags&fGlobusReader != 0 {
		part := 0.03 + 0.12*r.Float64()
		for _, p := range w.byAuthor[prominentIndex(roleGlobus)] {
			if p.ms/1000 < from || !awake(p.ms/1000, tz) || !r.chance(part) {
				continue
			}
			at := p.ms + int64(max(r.lognormal(1200, 1.3), 10)*1000)
			if at/1000 >= to {
				continue
			}
			if err := s.emit(s.retweet(i, p, at)); err != nil {
				return err
			}
		}
	}

	// Label-specific activity first.
	if amp, err := s.randomFamilyLife(i, r, from, to); err != nil {
		return err
	} else if amp >= 0 {
		n = amp
	}
	switch label {
	case LabelFandom:
		idol := prominentIndex(roleIdol)
		part := min(cfg.FandomParticipation*r.lognormal(1, 0.5), 1)
		for _, p := range w.byAuthor[idol] {
			if p.ms/1000 < from || !r.chance(part) {
				continue
			}
			at, ok := r.retweetAt(p, tz, cfg.FandomDelayMedian, 0.9, 2, 0.5, false)
			if !ok || at/1000 >= to {
				continue
			}
			if err := s.emit(s.retweet(i, p, at)); err != nil {
				return err
			}
			if r.chance(0.1) { // fans talk to the idol too
				rt := r.humanTime(p.ms/1000+60, min(p.ms/1000+2*day, to), tz)
				if rt > p.ms/1000 && rt < to {
					if err := s.emit(s.reply(i, p, rt*1000+r.Int64N(1000), pick(r, fandomTexts), true)); err != nil {
						return err
					}
				}
			}
		}
	case LabelViral:
		events := w.viralPosts()
		for e, p := range events {
			if (i-w.byLabel[LabelViral].lo)%len(events) != e && !r.chance(0.25) {
				continue
			}
			if p.ms/1000 < from {
				continue
			}
			at := p.ms + int64(max(r.lognormal(cfg.ViralDelayMedian, 0.8), 3)*1000)
			if at/1000 >= to {
				continue
			}
			if err := s.emit(s.retweet(i, p, at)); err != nil {
				return err
			}
		}
	case LabelCampaign:
		if err := s.campaignPosts(i); err != nil {
			return err
		}
	case LabelCamouflage:
		target := prominentIndex(roleTarget)
		amp := 0
		client := a.client
		if r.chance(0.6) {
			client = uint8(pick(r, []int{cWebClient, cAndroid}))
		}
		for _, p := range w.byAuthor[target] {
			if p.ms/1000 < from || !r.chance(cfg.CamouflageCoverage) {
				continue
			}
			at := p.ms + int64(max(r.lognormal(cfg.CamouflageDelayMedian, 0.5), 5)*1000)
			if at/1000 >= to {
				continue
			}
			t := s.retweet(i, p, at)
			t.client = client
			if err := s.emit(t); err != nil {
				return err
			}
			amp++
		}
		if cfg.CamouflageShare > 0 {
			n = int(float64(amp) * (1 - cfg.CamouflageShare) / cfg.CamouflageShare)
		}
	}

	for range n {
		at := r.humanTime(from, to, tz)
		ms := at*1000 + r.Int64N(1000)
		u := r.Float64()
		switch {
		case u < cfg.RetweetShare:
			k := prominentByName(pick(r, organicRetweetTargets))
			if label == LabelFandom && r.chance(0.5) {
				k = prominentIndex(roleIdol)
			}
			if p := w.recentOrig(r, k, ms-30_000); p != nil {
				if err := s.emit(s.retweet(i, p, ms)); err != nil {
					return err
				}
				continue
			}
		case u < cfg.RetweetShare+cfg.ReplyShare:
			k := prominentByName(pick(r, organicRetweetTargets))
			if p := w.recentOrig(r, k, ms-60_000); p != nil {
				if err := s.emit(s.reply(i, p, ms, pick(r, replyTexts), true)); err != nil {
					return err
				}
				continue
			}
		}
		if err := s.organicOriginal(i, ms, label); err != nil {
			return err
		}
	}
	_ = pg
	return nil
}

// viralPosts returns the breaking-news posts that go viral.
func (w *world) viralPosts() []*tweet {
	var out []*tweet
	for k, p := range prominents {
		if p.role != roleNews {
			continue
		}
		for _, t := range w.byAuthor[k] {
			if strings.HasPrefix(t.body, "BREAKING: ") {
				out = append(out, t)
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ms < out[b].ms })
	return out
}

func (s *stream) retweet(i int, p *tweet, ms int64) *tweet {
	t := s.newTweet(i, ms, botsweep.KindRetweet, true)
	t.rt = p
	t.lang = p.lang
	return t
}

func (s *stream) reply(i int, p *tweet, ms int64, body string, own bool) *tweet {
	t := s.newTweet(i, ms, botsweep.KindReply, own)
	t.replyTo = p
	t.body = "@" + s.w.accounts[p.author].screen + " " + body
	t.mentions = []int32{p.author}
	return t
}

// organicOriginal writes an original post and, sometimes, the conversation
// it starts in the author's community.
func (s *stream) organicOriginal(i int, ms int64, label string) error {
	w, r, cfg := s.w, s.r, &s.w.cfg
	t := s.newTweet(i, ms, botsweep.KindOriginal, true)
	switch label {
	case LabelFandom:
		t.body = pick(r, fandomTexts)
		if r.chance(0.6) {
			t.hashtags = []string{pick(r, []string{"LUNARIS", "LUNARIS_COMEBACK", "Lunarians"})}
		}
		if r.chance(0.2) {
			t.lang = "ko"
		}
	case LabelActivist:
		activistOriginal(r, t)
	case LabelCampaign:
		t.body = pick(r, []string{"Road closure on Main St this weekend.", "Join us for our community open house!",
			"Flu shots available now at our clinic.", "Thank you to our volunteers!", "Reminder: lock your car and take your keys.",
			"Meeting tonight at 7pm, all welcome."})
	default:
		c := pick(r, closers)
		t.body = strings.TrimSpace(pick(r, openers) + " " + pick(r, topics) + " " + c)
		if r.chance(0.25) {
			t.hashtags = []string{pick(r, hashtagsOrganic)}
		}
		if r.chance(0.12) {
			d := pick(r, newsDomains)
			t.urls = []string{"https://www." + d + "/" + randomLetters(r, 8)}
		}
	}
	if label != LabelCampaign && r.chance(0.04) {
		// a quote of a recent prominent post, its permalink as the link
		k := prominentByName(pick(r, organicRetweetTargets))
		if p := w.recentOrig(r, k, ms-60_000); p != nil {
			t.kind = botsweep.KindQuote
			t.quote = p
			t.urls = []string{"https://twitter.com/" + w.accounts[p.author].screen + "/status/" + strconv.FormatUint(p.id, 10)}
		}
	}
	if r.chance(0.08) && w.orgHi > w.orgLo {
		t.mentions = []int32{int32(w.organicTarget(r))}
		t.body = t.body + " @" + w.accounts[t.mentions[0]].screen
	}
	// A conversation: replies from the community, the author answering.
	var thread []*tweet
	if r.chance(cfg.ThreadProbability) {
		g := w.byLabel[label]
		if label != LabelFandom && label != LabelActivist && label != LabelOrganic {
			g = w.byLabel[LabelOrganic] // they live among organics
		}
		if g.hi > g.lo {
			clo, chi := w.community(min(max(i, g.lo), g.hi-1), g)
			k := 1 + r.poisson(1.2)
			last := t
			for range k {
				j := clo + r.IntN(chi-clo)
				if j == i {
					continue
				}
				at := last.ms + int64(max(r.lognormal(900, 1.2), 20)*1000)
				if at/1000 >= w.end || at/1000 < w.accounts[j].created {
					break
				}
				rp := s.reply(j, last, at, pick(r, replyTexts), false)
				rp.client = w.accounts[j].client
				thread = append(thread, rp)
				t.replyCount++
				if r.chance(0.45) {
					at2 := rp.ms + int64(max(r.lognormal(600, 1.0), 15)*1000)
					if at2/1000 < w.end {
						back := s.reply(i, rp, at2, pick(r, replyTexts), true)
						thread = append(thread, back)
						last = back
						continue
					}
				}
				last = rp
			}
		}
	}
	t.favCount = int32(r.lognormal(2, 1.2))
	if err := s.emit(t); err != nil {
		return err
	}
	for _, x := range thread {
		if err := s.emit(x); err != nil {
			return err
		}
	}
	return nil
}

// campaignPosts writes an organisation's posts for the sanctioned campaign:
// near-identical texts with the hashtag and emoji, inside its window,
// in local daytime.
func (s *stream) campaignPosts(i int) error {
	w, r, cfg := s.w, s.r, &s.w.cfg
	a := &w.accounts[i]
	cs, ce := unixS(cfg.CampaignStart), unixS(cfg.CampaignEnd)
	n := 1
	if r.chance(0.4) {
		n++
	}
	place := pick(r, []string{"our headquarters", "the main lobby", "City Hall", "our Main St location", "the community center", "the county building"})
	for range n {
		at := int64(-1)
		for range 20 {
			x := r.between(cs, ce)
			h := mod(x+int64(a.tz)*3600, day) / 3600
			if h >= 7 && h < 17 {
				at = x
				break
			}
		}
		if at < 0 {
			at = r.between(cs, ce)
		}
		if at < s.activeFrom(i) || at >= w.end {
			continue
		}
		t := s.newTweet(i, at*1000+r.Int64N(1000), botsweep.KindOriginal, true)
		t.body = fmt.Sprintf(pick(r, campaignTexts), cfg.CampaignHashtag, cfg.CampaignEmoji, place, "")
		t.body = strings.TrimSpace(t.body)
		t.hashtags = []string{cfg.CampaignHashtag}
		t.urls = []string{"https://takebackday.dea.gov/"}
		if err := s.emit(t); err != nil {
			return err
		}
	}
	owner := prominentIndex(roleOwner)
	if r.chance(0.5) {
		for _, p := range w.byAuthor[owner] {
			if strings.Contains(p.body, "#"+cfg.CampaignHashtag) {
				at := p.ms + int64(max(r.lognormal(1800, 1.2), 30)*1000)
				if at/1000 < min(ce, w.end) && at/1000 >= s.activeFrom(i) {
					if err := s.emit(s.retweet(i, p, at)); err != nil {
						return err
					}
				}
				break
			}
		}
	}
	return nil
}

// networkLife writes a retweet-network account's timeline: most of
// TheGlobus's posts after its creation, within minutes, a few slogans with
// links to the network's domains, a few other retweets.
func (s *stream) networkLife(i int) error {
	w, cfg := s.w, &s.w.cfg
	r := s.r.seed(cfg.Seed, sNetwork, uint64(i))
	a := &w.accounts[i]
	from := max(a.created+3600, w.start) // accounts may predate the window
	if from >= w.end {
		return nil
	}
	coverage := min(max(cfg.NetworkCoverage+cfg.NetworkCoverageSpread*r.NormFloat64(), 0.05), 1)
	median := cfg.NetworkDelayMedian * r.lognormal(1, 0.4)
	globus := prominentIndex(roleGlobus)
	for _, p := range w.byAuthor[globus] {
		if p.ms/1000 < from || !r.chance(coverage) {
			continue
		}
		var delay float64
		if r.chance(cfg.NetworkDelayTail) {
			delay = 3600 + r.Float64()*11*3600
		} else {
			delay = max(r.lognormal(median, cfg.NetworkDelaySigma), 4)
		}
		at := p.ms + int64(delay*1000)
		if at/1000 >= w.end {
			continue
		}
		t := s.retweet(i, p, at)
		if r.chance(0.1) {
			t.client = uint8(pick(r, []int{cWebClient, cAndroid, cIPhone}))
		}
		if err := s.emit(t); err != nil {
			return err
		}
	}
	for range r.poisson(cfg.NetworkSlogans) {
		at := r.between(from, w.end)
		t := s.newTweet(i, at*1000+r.Int64N(1000), botsweep.KindOriginal, true)
		t.body = pick(r, globusSlogans)
		for _, h := range []string{"GlobusTruth", "TheGlobus", "WakeUp", "FreeSpeech"} {
			if strings.Contains(t.body, "#"+h) {
				t.hashtags = append(t.hashtags, h)
				t.body = strings.TrimSpace(strings.Replace(t.body, "#"+h, "", 1))
			}
		}
		if strings.Contains(t.body, "@TheGlobus") {
			t.body = strings.Replace(t.body, " @TheGlobus", "", 1)
			t.mentions = []int32{int32(w.byLabel[LabelProminent].lo + globus)}
			t.body += " @TheGlobus"
		}
		if r.chance(0.6) {
			t.urls = []string{"https://" + pick(r, linkDomainsGlobus) + "/news/" + strconv.Itoa(r.IntN(100000))}
		}
		if err := s.emit(t); err != nil {
			return err
		}
	}
	for range r.poisson(1.5) {
		at := r.between(from, w.end) * 1000
		k := prominentByName(pick(r, []string{"BarackObama", "CNN", "nytimes", "jack"}))
		if p := w.recentOrig(r, k, at-60_000); p != nil {
			if err := s.emit(s.retweet(i, p, at)); err != nil {
				return err
			}
		}
	}
	return nil
}

// associatedLife writes the sparse timeline of an associated account:
// a couple of originals, and for a few of them slow retweets of TheGlobus.
func (s *stream) associatedLife(i int) error {
	w, cfg := s.w, &s.w.cfg
	r := s.r.seed(cfg.Seed, sAssociated, uint64(i))
	a := &w.accounts[i]
	from := max(a.created+3600, w.start) // accounts may predate the window
	if from >= w.end {
		return nil
	}
	for range r.poisson(1.2) {
		at := r.between(from, w.end)
		t := s.newTweet(i, at*1000+r.Int64N(1000), botsweep.KindOriginal, true)
		t.body = pick(r, []string{"Hello world", "New here. Follow back?", "Good morning everyone", "Reading the news today",
			"Nobody tells the truth anymore", "What a week"})
		if r.chance(0.3) {
			t.urls = []string{"https://globus-reporter.org/" + randomLetters(r, 6)}
		}
		if err := s.emit(t); err != nil {
			return err
		}
	}
	if r.chance(cfg.AssociatedRetweeters) {
		ps := w.byAuthor[prominentIndex(roleGlobus)]
		for range 1 + r.IntN(4) {
			if len(ps) == 0 {
				break
			}
			p := ps[r.IntN(len(ps))]
			if p.ms/1000 < from {
				continue
			}
			at := p.ms + int64(r.lognormal(3*3600, 1)*1000)
			if at/1000 < w.end {
				if err := s.emit(s.retweet(i, p, at)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// spamWave is one synchronized wave of the link-spam ring.
type spamWave struct {
	at       int64
	template string
	words    [2]string
	num      int
	domain   string
	hashtag  string
}

func (w *world) spamWaves() []spamWave {
	cfg := &w.cfg
	g := w.byLabel[LabelLinkSpam]
	if g.hi <= g.lo {
		return nil
	}
	var lastCreated int64
	for i := g.lo; i < g.hi; i++ {
		lastCreated = max(lastCreated, w.accounts[i].created)
	}
	r := newRNG().seed(cfg.Seed, sSpam, 0)
	from := max(lastCreated+day, w.start)
	waves := make([]spamWave, cfg.LinkSpamWaves)
	for k := range waves {
		waves[k] = spamWave{
			at:       r.between(from, w.end-3600),
			template: pick(r, spamTemplates),
			words:    [2]string{pick(r, spamWords), pick(r, spamWords)},
			num:      5 + r.IntN(95),
			domain:   spamDomains[k%len(spamDomains)],
			hashtag:  pick(r, []string{"", "deals", "giveaway", "crypto", "sale"}),
		}
	}
	sort.Slice(waves, func(a, b int) bool { return waves[a].at < waves[b].at })
	return waves
}

// spamLife writes a link-spam account's posts: near-duplicates of each
// wave's text with links, within the wave's spread.
func (s *stream) spamLife(i int) error {
	w, cfg := s.w, &s.w.cfg
	r := s.r.seed(cfg.Seed, sSpam, uint64(i)+1)
	if w.waves == nil {
		w.waves = w.spamWaves()
	}
	waves := w.waves
	a := &w.accounts[i]
	for _, wv := range waves {
		if wv.at < a.created || !r.chance(cfg.LinkSpamParticipation) {
			continue
		}
		at := wv.at*1000 + int64(r.Float64()*cfg.LinkSpamWaveSpread*1000)
		if at/1000 >= w.end {
			continue
		}
		t := s.newTweet(i, at, botsweep.KindOriginal, true)
		body := wv.template
		var args []any
		wi := 0
		for j := 0; j+1 < len(body); j++ {
			if body[j] != '%' {
				continue
			}
			switch body[j+1] {
			case 'd':
				args = append(args, wv.num)
			case 's':
				args = append(args, wv.words[wi%2])
				wi++
			}
		}
		t.body = fmt.Sprintf(body, args...)
		if r.chance(0.5) {
			t.body += " " + pick(r, []string{"🔥", "✅", "💰", "👇", "!!", "NOW"})
		}
		if wv.hashtag != "" && r.chance(0.7) {
			t.hashtags = []string{wv.hashtag}
		}
		t.urls = []string{"https://" + wv.domain + "/p/" + randomLetters(r, 6) + "?ref=" + strings.ToLower(a.screen)}
		if err := s.emit(t); err != nil {
			return err
		}
	}
	return nil
}
