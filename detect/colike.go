package detect

import (
	"strings"

	"github.com/botsweep/botsweep"
)

// LayerCoLike is the co-like layer: accounts that liked the same posts
// within the co-action window of each other (Bluesky's app.bsky.feed.like,
// any platform's favourites). It is built like co-retweet, from likes only,
// and exists only when the source holds likes.
const LayerCoLike = "co-like"

func init() {
	layerNames = append(layerNames, LayerCoLike)
	layerMultiplier[LayerCoLike] = 1
	layerDescription[LayerCoLike] = "liked the same posts within the window of each other"
}

// addLike records a like (botsweep.KindLike) as a share of the liked post.
// A like is not a post of its liker: it adds to no other trace.
func (pr *postReader) addLike(p *botsweep.Post) {
	if p.RetweetOf == "" {
		return
	}
	w := pr.w
	a := w.account(p.AccountID)
	o := w.object(p.RetweetOf)
	if p.RetweetOfAccount != "" && w.objAuthor[o] < 0 {
		w.objAuthor[o] = w.account(p.RetweetOfAccount)
	}
	w.likeShares = append(w.likeShares, Share{Item: o, Account: a, Time: p.CreatedAt.Unix()})
}

// handleName is the name part of a Bluesky handle under a shared service
// domain ("priya75366204.bsky.social" gives "priya75366204", hyphens back
// to underscores), so mass-produced handles show there as on Twitter; any
// other handle is returned as it is.
func handleName(h string) string {
	if name, ok := strings.CutSuffix(h, ".bsky.social"); ok && !strings.Contains(name, ".") {
		return strings.ReplaceAll(name, "-", "_")
	}
	return h
}
