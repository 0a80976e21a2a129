package sim

import (
	"sort"
	"strings"

	"github.com/botsweep/botsweep"
)

// The groups of the random family: authentic humans who co-act (superfans,
// activist retweet rooms, live-event crowds, news junkies) and a harder
// adversary (aged or purchased amplifiers). Each draws from its own seed
// stream, so the original presets' worlds do not change.

var activistBios = []string{"Organizer. Climate justice now 🌍", "Tenants' union | housing is a right", "Volunteer, marcher, neighbour ✊",
	"Fighting for fair wages since 2012", "Mom, teacher, activist", "Voting rights advocate 🗳️", "Clean water for all 💧"}

var activistTexts = []string{"Join us Saturday at the town hall, bring a friend", "Call your representative today, numbers in thread",
	"We packed the council meeting tonight. Thank you all!", "Petition is at 10k signatures, keep sharing",
	"Rent is due and wages are flat. Enough.", "The vote is Tuesday. Be there.", "Solidarity with the strikers this morning"}

var activistTags = []string{"ClimateStrike", "HousingForAll", "FairWages", "VotingRights", "CleanWater"}

var liveTexts = []string{"WHAT A GOAL", "I can't believe this is happening", "this halftime show though", "refs are blind tonight",
	"best performance of the night so far", "my heart can't take this", "WE ARE SO BACK", "that speech 👏", "no way no way no way",
	"watching with the whole family", "the crowd is insane"}

var liveTags = []string{"SuperBowl", "Oscars", "WorldCupFinal", "Eurovision", "GameOfThronesFinale", "DemDebate", "NBAFinals", "MetGala"}

// liveEvent is one live event the live crowd posts about.
type liveEvent struct {
	start, end int64
	hashtag    string
	star       int // prominent index of the star posting during it
}

// liveEvents returns the world's live events, drawn from the world seed.
func (w *world) liveEvents() []liveEvent {
	cfg := &w.cfg
	if w.live != nil || cfg.LiveEvents <= 0 || w.byLabel[LabelLiveEvent].hi <= w.byLabel[LabelLiveEvent].lo {
		return w.live
	}
	r := newRNG().seed(cfg.Seed, sLive, 0)
	stars := []string{"realDonaldTrump", "BarackObama", "jack"}
	perm := r.Perm(len(liveTags))
	for e := range cfg.LiveEvents {
		// evening prime time of the population's first zone, inside the window
		lo, hi := w.start+day, w.end-day
		if hi <= lo {
			lo, hi = w.start, w.end
		}
		d := r.between(lo, hi)
		local := d + int64(cfg.TimeZones[0])*3600
		st := local - mod(local, day) + 19*3600 - int64(cfg.TimeZones[0])*3600 + r.Int64N(2*3600)
		st = min(max(st, w.start), w.end-3600)
		en := min(st+int64(cfg.LiveEventHours*3600), w.end)
		w.live = append(w.live, liveEvent{start: st, end: en, hashtag: liveTags[perm[e%len(perm)]], star: prominentByName(stars[e%len(stars)])})
	}
	return w.live
}

// liveStarPosts adds the stars' posts during live events to their kept
// originals.
func (w *world) liveStarPosts(s *stream) {
	pg := w.byLabel[LabelProminent]
	for e, ev := range w.liveEvents() {
		r := newRNG().seed(w.cfg.Seed, sLive, 1000+uint64(e))
		clear(s.used)
		for _, t := range w.byAuthor[ev.star] {
			s.used[t.ms] = struct{}{}
		}
		for range 2 + r.IntN(5) {
			at := r.between(ev.start, ev.end)
			t := s.newTweet(pg.lo+ev.star, at*1000+r.Int64N(1000), botsweep.KindOriginal, true)
			t.body = pick(r, liveTexts)
			t.hashtags = []string{ev.hashtag}
			t.orig = true
			w.byAuthor[ev.star] = append(w.byAuthor[ev.star], t)
		}
	}
}

// room returns the index range of activist i's retweet room.
func (w *world) room(i int) (int, int) {
	g := w.byLabel[LabelActivist]
	size := max(w.cfg.ActivistRoom, 4)
	lo := g.lo + (i-g.lo)/size*size
	return lo, min(lo+size, g.hi)
}

// roomLeads returns the leads of a room: its first two members.
func roomLeads(lo, hi int) []int {
	if hi-lo < 2 {
		return []int{lo}
	}
	return []int{lo, lo + 1}
}

// roomLeadPosts writes the kept originals of every room's leads: cause
// posts and follow trains mentioning members.
func (w *world) roomLeadPosts(s *stream) {
	g := w.byLabel[LabelActivist]
	w.leadPosts = map[int][]*tweet{}
	for lo := g.lo; lo < g.hi; {
		_, hi := w.room(lo)
		for _, i := range roomLeads(lo, hi) {
			r := newRNG().seed(w.cfg.Seed, sActivist, uint64(i))
			clear(s.used)
			from := max(w.start, w.accounts[i].created+600)
			days := float64(w.end-from) / float64(day)
			tag := activistTags[(lo-g.lo)/max(w.cfg.ActivistRoom, 4)%len(activistTags)]
			var posts []*tweet
			for range r.poisson(w.cfg.ActivistLeadPostsPerDay * days) {
				at := r.humanTime(from, w.end, int(w.accounts[i].tz))
				t := s.newTweet(i, at*1000+r.Int64N(1000), botsweep.KindOriginal, true)
				t.hashtags = []string{tag}
				if r.chance(0.15) && hi-lo > 2 {
					t.hashtags = []string{"FollowTrain", tag}
					var names []string
					for range 3 + r.IntN(6) {
						j := lo + r.IntN(hi-lo)
						t.mentions = append(t.mentions, int32(j))
						names = append(names, "@"+w.accounts[j].screen)
					}
					t.body = "🚂 Follow everyone here and follow back! " + strings.Join(names, " ")
				} else {
					t.body = pick(r, activistTexts)
				}
				t.orig = true
				posts = append(posts, t)
			}
			sortTweets(posts)
			w.leadPosts[i] = posts
			w.origs = append(w.origs, posts...)
		}
		lo = hi
	}
}

// randomFamilyLife writes what a random-family label adds to an ordinary
// life. It returns the number of ordinary posts the account makes instead
// of its drawn number, or -1 to keep it.
func (s *stream) randomFamilyLife(i int, r *rng, from, to int64) (int, error) {
	w, cfg := s.w, &s.w.cfg
	a := &w.accounts[i]
	tz := int(a.tz)
	// retweetAll retweets posts of ps after from with chance part and a
	// lognormal delay; asleep (unless anyHour), next morning with chance
	// late, else skipped.
	retweetAll := func(ps []*tweet, part, median, sigma, late float64, anyHour bool) error {
		for _, p := range ps {
			if p.ms/1000 < from || int(p.author) == i || !r.chance(part) {
				continue
			}
			at, ok := r.retweetAt(p, tz, median, sigma, 3, late, anyHour)
			if !ok || at/1000 >= to {
				continue
			}
			if err := s.emit(s.retweet(i, p, at)); err != nil {
				return err
			}
		}
		return nil
	}
	switch w.label(i) {
	case LabelSuperfan:
		part := min(cfg.SuperfanShare*r.lognormal(1, 0.3), 1)
		return -1, retweetAll(w.byAuthor[prominentIndex(roleGlobus)], part, cfg.SuperfanDelayMedian*r.lognormal(1, 0.3), 0.8, 0, false)
	case LabelNewsJunkie:
		part := min(cfg.NewsJunkieShare*r.lognormal(1, 0.4), 1)
		median := cfg.NewsJunkieDelayMedian * r.lognormal(1, 0.4)
		for k, p := range prominents {
			if p.role == roleNews {
				if err := retweetAll(w.byAuthor[k], part, median, 1, 0.05, false); err != nil {
					return -1, err
				}
			}
		}
	case LabelActivist:
		lo, hi := w.room(i)
		part := min(cfg.ActivistShare*r.lognormal(1, 0.4), 1)
		median := cfg.ActivistDelayMedian * r.lognormal(1, 0.5)
		for _, l := range roomLeads(lo, hi) {
			if err := retweetAll(w.leadPosts[l], part, median, 1.1, 0.3, false); err != nil {
				return -1, err
			}
		}
	case LabelLiveEvent:
		for _, ev := range w.liveEvents() {
			if ev.start < from || !r.chance(0.6) {
				continue
			}
			for range 1 + r.IntN(5) {
				at := r.between(ev.start, ev.end)
				t := s.newTweet(i, at*1000+r.Int64N(1000), botsweep.KindOriginal, true)
				t.body = pick(r, liveTexts)
				t.hashtags = []string{ev.hashtag}
				if err := s.emit(t); err != nil {
					return -1, err
				}
			}
			for _, p := range w.byAuthor[ev.star] {
				if p.ms/1000 < ev.start || p.ms/1000 >= ev.end || !r.chance(0.3) {
					continue
				}
				at := p.ms + int64(max(r.lognormal(120, 1), 5)*1000)
				if at/1000 < to {
					if err := s.emit(s.retweet(i, p, at)); err != nil {
						return -1, err
					}
				}
			}
		}
	case LabelAged:
		coverage := min(max(cfg.AgedCoverage+0.1*r.NormFloat64(), 0.05), 1)
		median := cfg.AgedDelayMedian * r.lognormal(1, 0.6)
		awakeOnly := r.chance(cfg.AgedAwakeOnly)
		if err := retweetAll(w.byAuthor[prominentIndex(roleGlobus)], coverage, median, 1.0, 0.4, !awakeOnly); err != nil {
			return -1, err
		}
		return r.poisson(cfg.AgedCamouflage * float64(to-from) / float64(max(w.end-w.start, 1))), nil
	}
	return -1, nil
}

// activistOriginal fills an activist's own original post.
func activistOriginal(r *rng, t *tweet) {
	t.body = pick(r, activistTexts)
	if r.chance(0.7) {
		t.hashtags = []string{pick(r, activistTags)}
	}
}

func sortTweets(ts []*tweet) { sort.Slice(ts, func(a, b int) bool { return ts[a].ms < ts[b].ms }) }

// retweetAt returns when a person at UTC offset tz retweets p (unix ms):
// awake (or at any hour), after a lognormal delay of at least minDelay
// seconds; asleep, next morning with chance late, else not at all.
func (r *rng) retweetAt(p *tweet, tz int, median, sigma, minDelay, late float64, anyHour bool) (int64, bool) {
	switch {
	case anyHour || awake(p.ms/1000, tz):
		return p.ms + int64(max(r.lognormal(median, sigma), minDelay)*1000), true
	case r.chance(late):
		return r.nextMorning(p.ms/1000, tz)*1000 + r.Int64N(1000), true
	}
	return 0, false
}
