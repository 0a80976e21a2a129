package detect

import (
	"math"
)

// Network features, each in [0,1] where 1 looks automated or coordinated.
// A feature the data could not have measured for a cluster (no replies in
// the data, no profiles, too few posts) is absent from the features and
// listed as unavailable with the reason.
const (
	FeatAmplification = "amplification_concentration" // share of members' retweets that go to one account
	FeatSynchrony     = "synchrony"                   // share of members' retweets within 10 minutes of the original
	FeatCreation      = "creation_bursts"             // share of members created within a day of another, when such pairs exceed chance (creationBursts)
	FeatRhythm        = "flat_daily_rhythm"           // how evenly members post over the 24 hours (mean normalised hour entropy, rescaled)
	FeatNoRest        = "no_daily_rest"               // share of members (with enough posts) without a daily quiet period of their own
	FeatClient        = "client_homogeneity"          // share of members whose posts all come from the cluster's most common client
	FeatNoConv        = "no_conversation"             // 1 minus members' reply share over 5%
	FeatProfile       = "default_profiles"            // share of members with a default image or a default-style handle (when most have profiles)
	FeatFollowBlock   = "follow_block"                // share of members in a dense follow block
	FeatDuplicate     = "duplicated_content"          // share of members tied by near-duplicate text or hashtag sequences
	FeatCoordination  = "coordination"                // share of members tied by co-action layers to 3 or more members
	FeatFollowSet     = "follow_set_lockstep"         // share of members tied by near-identical followee sets
	FeatSilent        = "silent"                      // share of members that never post
	FeatSyncActivity  = "synchronized_activity"       // share of members tied by the synchronized-activity layer
	FeatBotScore      = "member_bot_score"            // members' mean bot score, where a model ran
	FeatFocus         = "group_focus"                 // share of members' retweets of posts other members retweeted too
	FeatQuietAmp      = "quiet_hour_amplification"    // share of members (with a known day) amplifying inside their own daily quiet period
	FeatSharedDelays  = "shared_delay_profile"        // how alike members' amplification delays are ((k−1)/Kruskal-Wallis H: 1 one distribution)
	FeatClockwork     = "clockwork_delays"            // share of members whose delays (from each item's origin) are tighter than all but ClockworkQuantile of the outsiders'
	FeatActedClock    = "acted_round_clock"           // share of members (with a verdict) amplifying round the clock by the originals' hours and their own retweet times (unless Options.MemberAutomationOff)
)

// Per-account rhythm parameters: an account's own day, not a pooled one.
const (
	// restMinPosts is the fewest posts an account needs for its daily
	// quiet period to be judged.
	restMinPosts = 40
	// restHours is the length of the daily quiet period looked for.
	restHours = 6
	// restlessShare is the share of an account's posts in its quietest
	// restHours hours of the day from which it has no quiet period (evenly
	// spread posts put a quarter there; a person asleep almost none).
	restlessShare = 0.08
	// rhythmMinPosts is the fewest posts for an account's hour entropy to
	// count in flat_daily_rhythm.
	rhythmMinPosts = 8
	// rhythmSignMinPosts is the fewest posts for a member's hour entropy
	// to be a sign of a person (memberEvidence): with fewer, an account
	// posting at uniformly random hours shows entropy under 0.8 of its
	// maximum by chance alone (100% of the time at 12 posts, 52% at 20,
	// 4% at 30, 0 at 40: 4,000 draws each), so the sign could not have
	// failed and is no evidence.
	rhythmSignMinPosts = 30
)

// coverage records, for one cluster, the features that could not be
// measured and why.
type coverage map[string]string

// creationBurstNeed is the fewest accounts created on one day for that day
// to count as a creation burst of a group of n accounts: 2% of them, and at
// least 3. The follower-farm rule reads its core's creation days with it
// (associate.go); a cluster's creation_bursts feature and its members'
// signs test pairs created together against chance (creationBursts).
func creationBurstNeed(n int) int {
	return max(3, int(math.Ceil(0.02*float64(n))))
}

// hourEntropy is the entropy of an hour-of-day histogram of posts, divided
// by the most that many posts can show (1 is perfectly even).
func hourEntropy(hours *[24]int32, posts int32) float64 {
	if posts < 2 {
		return 0
	}
	var h float64
	tot := float64(posts)
	for _, k := range hours {
		if k > 0 {
			p := float64(k) / tot
			h -= p * math.Log(p)
		}
	}
	return h / math.Log(math.Min(24, tot))
}

// quietShare is the share of an account's posts in its quietest restHours
// consecutive hours of the (UTC, circular) day, and whether it has enough
// posts to tell. It does not depend on the account's time zone.
func quietShare(hours *[24]int32, posts int32) (float64, bool) {
	_, q, ok := quietWindow(hours, posts)
	return q, ok
}

// quietWindow is quietShare with the first UTC hour of the quietest
// window.
func quietWindow(hours *[24]int32, posts int32) (start int, share float64, ok bool) {
	if posts < restMinPosts {
		return 0, 0, false
	}
	best := int32(math.MaxInt32)
	for s := range 24 {
		var k int32
		for h := range restHours {
			k += hours[(s+h)%24]
		}
		if k < best {
			best, start = k, s
		}
	}
	return start, float64(best) / float64(posts), true
}

// hasDailyRest reports whether an account shows a quiet period in its own
// day, and whether it has enough posts to tell.
func hasDailyRest(w *world, a int32) (rest, known bool) {
	q, ok := quietShare(&w.hours[a], w.posts[a])
	return ok && q < restlessShare, ok
}

// clusterRetweets is one cluster's retweet behaviour.
type clusterRetweets struct {
	total, known, fast int
	coShared           int // retweets of posts another member retweeted too
	byAuthor           map[int32]int
}

// features computes the cluster's network features and the ones the data
// could not show.
func features(w *world, members []int32, rt clusterRetweets, inBlock []int32, ties *perMember[tieT], layers []*layer, botScore func(int32) (float64, bool), auto automation, opts Options) (map[string]float64, coverage) {
	f := map[string]float64{}
	cov := coverage{}
	automationFeatures(auto, f, cov)
	if !opts.MemberAutomationOff {
		actedClockFeature(auto, f, cov)
	}
	n := float64(len(members))
	retweeters := 0
	for _, a := range members {
		if w.retweets[a] > 0 {
			retweeters++
		}
	}
	// Retweet features describe the cluster only when most members
	// retweet: a farm's few posting readers are not the farm.
	fewRetweet := 2*retweeters < len(members)
	switch {
	case fewRetweet:
		cov[FeatAmplification] = "most members never retweet"
	case rt.total >= 2*len(members) && rt.total >= 10 && len(rt.byAuthor) == 0:
		cov[FeatAmplification] = "authors of the retweeted posts unknown"
	case rt.total >= 2*len(members) && rt.total >= 10:
		top := 0
		for _, k := range rt.byAuthor {
			top = max(top, k)
		}
		f[FeatAmplification] = float64(top) / float64(rt.total)
	default:
		cov[FeatAmplification] = "too few retweets"
	}
	switch {
	case fewRetweet:
		cov[FeatSynchrony] = "most members never retweet"
	case rt.known >= 10:
		f[FeatSynchrony] = float64(rt.fast) / float64(rt.known)
	default:
		cov[FeatSynchrony] = "too few retweets with a known origin time"
	}
	switch {
	case fewRetweet:
		cov[FeatFocus] = "most members never retweet"
	case rt.total >= 10:
		f[FeatFocus] = math.Min(1, float64(rt.coShared)/float64(rt.total))
	default:
		cov[FeatFocus] = "too few retweets"
	}
	var ent float64
	var entN, restN, restless, posts, replies int
	clientCount := map[int32]int{}
	clientN := 0
	prof, withProfile, withContent, apart := 0, 0, 0, 0
	blk, dup, coord := 0, 0, 0
	silent, fset, syncN := 0, 0, 0
	var bsSum float64
	bsN := 0
	for _, a := range members {
		if w.posts[a] == 0 {
			silent++
		}
		posts += int(w.posts[a])
		replies += int(w.replies[a])
		if w.posts[a] >= rhythmMinPosts {
			ent += hourEntropy(&w.hours[a], w.posts[a])
			entN++
		}
		if rest, ok := hasDailyRest(w, a); ok {
			restN++
			if !rest {
				restless++
			}
		}
		if w.lastClient[a] >= 0 {
			clientN++
			if w.clients[a] == 1 {
				clientCount[w.lastClient[a]]++
			}
		}
		if w.defaultImg[a] || w.defaultHnd[a] {
			prof++
		}
		if w.hasProfile[a] {
			withProfile++
		}
		if w.hasContent[a] {
			withContent++
		}
		if w.knownApart[a] {
			apart++
		}
		if inBlock[a] >= 0 {
			blk++
		}
		if t := ties.get(a); t != nil {
			s := summarizeTies(t, layers)
			if s.duplicate > 0 {
				dup++
			}
			if s.coAction >= 3 {
				coord++
			}
			if s.followSet > 0 {
				fset++
			}
			if s.sync > 0 {
				syncN++
			}
		}
		if botScore != nil {
			if p, ok := botScore(a); ok {
				bsSum += p
				bsN++
			}
		}
	}
	if entN >= autoMinMembers {
		f[FeatRhythm] = clamp01((ent/float64(entN) - 0.75) / 0.2)
	} else {
		cov[FeatRhythm] = "too few members with enough posts"
	}
	if restN >= autoMinMembers {
		f[FeatNoRest] = float64(restless) / float64(restN)
	} else {
		cov[FeatNoRest] = "too few members with enough posts"
	}
	if clientN >= autoMinMembers {
		top := 0
		for _, k := range clientCount {
			top = max(top, k)
		}
		f[FeatClient] = float64(top) / float64(clientN)
	} else {
		cov[FeatClient] = "no client names in the data"
	}
	switch {
	case !w.hasReplies:
		cov[FeatNoConv] = "the data holds no replies"
	case posts < len(members):
		cov[FeatNoConv] = "too few posts"
	default:
		f[FeatNoConv] = 1 - clamp01(float64(replies)/float64(posts)/0.05)
	}
	if float64(withProfile) >= 0.5*n {
		f[FeatProfile] = float64(prof) / n
	} else {
		cov[FeatProfile] = "no profiles for most members"
	}
	if bsN >= max(autoMinMembers, len(members)/2) {
		f[FeatBotScore] = bsSum / float64(bsN)
	} else {
		cov[FeatBotScore] = "no bot scores for most members"
	}
	f[FeatFollowBlock] = float64(blk) / n
	// Duplicated content could only have been seen in members with a
	// content layer (texts or hashtag sequences of their own): a share
	// table's or a retweet-only group's 0 would be no measurement.
	if float64(withContent) >= 0.5*n {
		f[FeatDuplicate] = float64(dup) / n
	} else {
		cov[FeatDuplicate] = "no texts or hashtags of their own for most members"
	}
	f[FeatCoordination] = float64(coord) / n
	// Never posting could only have been seen in data that holds posts,
	// for members known besides their posts (a profile, a follow): in a
	// share table every account shared.
	switch {
	case !dataHasPosts(w):
		cov[FeatSilent] = "the data holds no posts"
	case float64(apart) >= 0.5*n:
		f[FeatSilent] = float64(silent) / n
	default:
		cov[FeatSilent] = "most members known only by their posts"
	}
	f[FeatFollowSet] = float64(fset) / n
	if hasLayer(layers, LayerSync) {
		f[FeatSyncActivity] = float64(syncN) / n
	}
	for k, v := range f {
		f[k] = round3(v)
	}
	return f, cov
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// tieT is one member's ties inside its cluster in one layer.
type tieT struct{ partners, items int }

// debugCluster, when set by a test, sees every judged cluster.
var debugCluster func(w *world, members []int32, f map[string]float64, j judgement)
