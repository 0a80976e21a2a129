package detect

import (
	"math"
	"sort"
)

// Network features, each in [0,1] where 1 looks automated. A feature that
// cannot be measured for a cluster (no retweets, no posts) is absent.
const (
	FeatAmplification = "amplification_concentration" // share of members' retweets that go to one account
	FeatSynchrony     = "synchrony"                   // share of members' retweets within 10 minutes of the original
	FeatCreation      = "creation_bursts"             // share of members created on days when at least max(3, 2% of the members) were created
	FeatRhythm        = "flat_daily_rhythm"           // how evenly members post over the 24 hours (mean normalised entropy, rescaled)
	FeatClient        = "client_homogeneity"          // share of members whose posts all come from the cluster's most common client
	FeatNoConv        = "no_conversation"             // 1 minus members' reply share over 5%
	FeatProfile       = "default_profiles"            // share of members with a default image or a default-style handle (when most have profiles)
	FeatFollowBlock   = "follow_block"                // share of members in a dense follow block
	FeatDuplicate     = "duplicated_content"          // share of members tied by near-duplicate text or hashtag sequences
	FeatCoordination  = "coordination"                // share of members tied by co-action layers to 3 or more members
	FeatFollowSet     = "follow_set_lockstep"         // share of members tied by near-identical followee sets
	FeatSilent        = "silent"                      // share of members that never post
	FeatSyncActivity  = "synchronized_activity"       // share of members tied by the synchronized-activity layer
)

// features computes the cluster's network features.
func features(w *world, members []int32, rtTotal, rtKnown, rtFast int, byAuthor map[int32]int, inBlock []int32, ties *perMember[tieT], nLayers int) map[string]float64 {
	f := map[string]float64{}
	n := float64(len(members))
	if rtTotal >= 2*len(members) && rtTotal >= 10 {
		top := 0
		for _, k := range byAuthor {
			top = max(top, k)
		}
		f[FeatAmplification] = float64(top) / float64(rtTotal)
	}
	if rtKnown >= 10 {
		f[FeatSynchrony] = float64(rtFast) / float64(rtKnown)
	}
	var created []int64
	for _, a := range members {
		if w.created[a] > 0 {
			created = append(created, w.created[a])
		}
	}
	if len(created) >= 5 {
		days := map[int64]int{}
		for _, c := range created {
			days[c/86400]++
		}
		need := max(3, int(math.Ceil(0.02*float64(len(members)))))
		in := 0
		for _, k := range days {
			if k >= need {
				in += k
			}
		}
		f[FeatCreation] = float64(in) / float64(len(created))
	}
	var ent float64
	var entN, posts, replies int
	clientCount := map[int32]int{}
	clientN := 0
	prof, withProfile := 0, 0
	blk := 0
	dup := 0
	coord := 0
	silent, fset, syncN := 0, 0, 0
	for _, a := range members {
		if w.posts[a] == 0 {
			silent++
		}
		posts += int(w.posts[a])
		replies += int(w.replies[a])
		if w.posts[a] >= 8 {
			var h float64
			tot := float64(w.posts[a])
			for _, k := range w.hours[a] {
				if k > 0 {
					p := float64(k) / tot
					h -= p * math.Log(p)
				}
			}
			// Normalise by the most entropy this many posts can show.
			ent += h / math.Log(math.Min(24, tot))
			entN++
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
		if inBlock[a] >= 0 {
			blk++
		}
		if t := ties.get(a); t != nil {
			if t[3].partners > 0 || t[4].partners > 0 {
				dup++
			}
			co := t[0].partners + t[1].partners + t[2].partners + t[3].partners + t[4].partners
			if len(t) > 7 {
				co += t[7].partners
			}
			if co >= 3 {
				coord++
			}
			if t[6].partners > 0 {
				fset++
			}
			if len(t) > 7 && t[7].partners > 0 {
				syncN++
			}
		}
	}
	if entN >= 5 {
		f[FeatRhythm] = clamp01((ent/float64(entN) - 0.75) / 0.2)
	}
	if clientN >= 5 {
		top := 0
		for _, k := range clientCount {
			top = max(top, k)
		}
		f[FeatClient] = float64(top) / float64(clientN)
	}
	if posts >= len(members) {
		f[FeatNoConv] = 1 - clamp01(float64(replies)/float64(posts)/0.05)
	}
	if float64(withProfile) >= 0.5*n {
		f[FeatProfile] = float64(prof) / n
	}
	f[FeatFollowBlock] = float64(blk) / n
	f[FeatDuplicate] = float64(dup) / n
	f[FeatCoordination] = float64(coord) / n
	f[FeatSilent] = float64(silent) / n
	f[FeatFollowSet] = float64(fset) / n
	if nLayers > 7 {
		f[FeatSyncActivity] = float64(syncN) / n
	}
	for k, v := range f {
		f[k] = round3(v)
	}
	return f
}

// scoreOf turns features into a network score in [0,1] and says whether the
// cluster looks organic. A silent cluster (most members never post) is a
// follower farm candidate and scores on its follow lockstep, creation
// bursts and default profiles; a posting cluster whose members show human
// evidence (a daily rhythm, creation dates spread over years, custom
// profiles) is organic; any other posting cluster scores on its strongest
// behavioural features.
func scoreOf(f map[string]float64) (float64, bool) {
	if f[FeatSilent] >= 0.7 {
		lock := math.Max(f[FeatFollowSet], f[FeatFollowBlock])
		s := lock * (0.5*f[FeatCreation] + 0.25*f[FeatProfile] + 0.25*f[FeatSilent])
		return s, false
	}
	// Human evidence: a daily rhythm, accounts created over years, custom
	// profiles. A fandom or a crowd retweeting news shows all three.
	r, okR := f[FeatRhythm]
	c, okC := f[FeatCreation]
	p, okP := f[FeatProfile]
	if okR && okC && okP && r < 0.6 && c < 0.3 && p < 0.3 {
		return 0, true
	}
	// Coordination evidence proper: without one strong sign of it (one
	// account amplified, lockstep timing, duplicated content, creation
	// bursts, clockwork rhythm, activity in the same time bins) a cluster is people liking the same things.
	if max(f[FeatAmplification], f[FeatSynchrony], f[FeatDuplicate], f[FeatCreation], f[FeatRhythm], f[FeatSyncActivity]) < 0.7 {
		return 0, true
	}
	keys := []string{FeatAmplification, FeatSynchrony, FeatCreation, FeatRhythm, FeatClient, FeatNoConv, FeatProfile, FeatDuplicate}
	var vals []float64
	for _, key := range keys {
		if v, ok := f[key]; ok {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return 0, true
	}
	// Networks differ in which signals they show (a camouflaged network
	// hides its profiles and conversations but not its clockwork rhythm and
	// lockstep): the score is the mean of the stronger half of the
	// measurable features, scaled by how many members are tied by co-action.
	sort.Sort(sort.Reverse(sort.Float64Slice(vals)))
	top := vals[:(len(vals)+1)/2]
	var s float64
	for _, v := range top {
		s += v
	}
	s /= float64(len(top))
	return 0.7*s + 0.3*f[FeatCoordination], false
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// tieT is one member's ties inside its cluster in one layer.
type tieT struct{ partners, items int }

// debugCluster, when set by a test, sees every scored cluster.
var debugCluster func(w *world, members []int32, f map[string]float64, score float64, kept bool)
