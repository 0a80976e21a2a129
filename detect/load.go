package detect

import (
	"context"
	"strings"
	"unicode"

	"github.com/botsweep/botsweep"
)

// Share is one account sharing one item (a retweeted post, a URL, a domain,
// a hashtag sequence, a near-duplicate text group) at a time in unix seconds.
type Share struct {
	Item    int32
	Account int32
	Time    int64
}

// establishedFollowers is the follower count from which an account counts
// as established and is never a network member.
const establishedFollowers = 10000

// interner maps strings to dense int32 ids.
type interner struct {
	ids   map[string]int32
	names []string
}

func newInterner() *interner { return &interner{ids: make(map[string]int32)} }

func (in *interner) id(s string) int32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	id := int32(len(in.names))
	in.ids[s] = id
	in.names = append(in.names, s)
	return id
}

func (in *interner) lookup(s string) (int32, bool) {
	id, ok := in.ids[s]
	return id, ok
}

// textPost is one non-retweet post's SimHash.
type textPost struct {
	acct int32
	t    int64
	hash uint64
}

// world is everything detection needs, in compact arrays indexed by dense
// account ids.
type world struct {
	acct *interner // platform account id -> dense id

	// Per account (dense id). Accounts seen only as authors of retweeted
	// posts or followees have zero profiles (hasProfile false).
	screen     []string
	created    []int64 // unix seconds, 0 unknown
	hasProfile []bool
	defaultImg []bool
	// established accounts (verified, or at least establishedFollowers
	// followers) are never members: they are what networks amplify.
	established []bool
	defaultHnd  []bool  // handle is letters plus 8 digits
	profDomain  []int32 // interned in domains, -1 none
	posts       []int32 // all posts
	retweets    []int32
	replies     []int32
	hours       [][24]int32 // posts by hour of day (UTC)
	lastClient  []int32
	clients     []uint8 // distinct clients seen, capped at 255

	objects   *interner // post ids (retweeted or original)
	objAuthor []int32   // dense account id, -1 unknown
	objTime   []int64   // unix seconds, 0 unknown
	objOut    []bool    // a sanctioned campaign's post: never evidence
	// objFirst is the time of a retweeted post's first retweet in the data
	// (unix seconds, 0 none): its stand-in origin when objTime is unknown,
	// as in a share table.
	objFirst []int64

	urls    *interner
	domains *interner
	tagSeqs *interner
	clientN *interner
	// postTexts interns normalised post texts (co-post items).
	postTexts *interner

	retweetShares []Share
	likeShares    []Share // likes, for the co-like layer (colike.go)
	urlShares     []Share
	domainShares  []Share
	tagShares     []Share
	replyShares   []Share // replies, the item being the post replied to
	postShares    []Share // non-retweet posts, the item being their normalised text
	texts         []textPost
	acts          []actMinute // non-retweet posts that are evidence, for time bins
	follows       []followEdge

	latest int64 // latest post time
	// hasReplies is true when the data holds any reply at all: without
	// replies, conversation cannot be measured.
	hasReplies bool
	// excludedPosts counts posts dropped from traces by sanctioned campaigns.
	excludedPosts int
}

type followEdge struct{ from, to int32 }

func (w *world) account(id string) int32 {
	a := w.acct.id(id)
	if int(a) == len(w.screen) {
		w.screen = append(w.screen, "")
		w.created = append(w.created, 0)
		w.hasProfile = append(w.hasProfile, false)
		w.defaultImg = append(w.defaultImg, false)
		w.established = append(w.established, false)
		w.defaultHnd = append(w.defaultHnd, false)
		w.profDomain = append(w.profDomain, -1)
		w.posts = append(w.posts, 0)
		w.retweets = append(w.retweets, 0)
		w.replies = append(w.replies, 0)
		w.hours = append(w.hours, [24]int32{})
		w.lastClient = append(w.lastClient, -1)
		w.clients = append(w.clients, 0)
	}
	return a
}

func (w *world) object(id string) int32 {
	o := w.objects.id(id)
	if int(o) == len(w.objAuthor) {
		w.objAuthor = append(w.objAuthor, -1)
		w.objTime = append(w.objTime, 0)
		w.objOut = append(w.objOut, false)
	}
	return o
}

func (w *world) n() int { return len(w.screen) }

// origin is the time retweets of a post are measured from: the post's own
// time where the data has it, else its first retweet's (0 when neither).
func (w *world) origin(o int32) int64 {
	if t := w.objTime[o]; t > 0 {
		return t
	}
	return w.objFirst[o]
}

// campaignRule is a sanctioned campaign in matching form.
type campaignRule struct {
	tag          string // lowercase, without '#'
	emoji        string
	starts, ends int64
}

func (c campaignRule) covers(p *botsweep.Post) bool {
	t := p.CreatedAt.Unix()
	if t < c.starts || t > c.ends {
		return false
	}
	if c.tag != "" {
		for _, h := range p.Hashtags {
			if strings.EqualFold(h, c.tag) {
				return true
			}
		}
		if strings.Contains(strings.ToLower(p.Text), "#"+c.tag) {
			return true
		}
	}
	return c.emoji != "" && strings.Contains(p.Text, c.emoji)
}

// isDefaultHandle reports whether a handle looks platform-assigned: letters
// (and underscores) followed by exactly 8 digits.
func isDefaultHandle(s string) bool {
	if len(s) < 9 {
		return false
	}
	d := 0
	for i := len(s) - 1; i >= 0 && s[i] >= '0' && s[i] <= '9'; i-- {
		d++
	}
	if d != 8 {
		return false
	}
	for _, r := range s[:len(s)-8] {
		if !unicode.IsLetter(r) && r != '_' {
			return false
		}
	}
	return true
}

// minCoPostText is the shortest normalised text that makes a co-post item
// (shorter texts, "ok", "lol", are said by everyone).
const minCoPostText = 20

// normalText lowercases a text, drops its links and mentions and
// collapses its white space, so that copies of one text compare equal.
func normalText(s string) string {
	var b strings.Builder
	for _, f := range strings.Fields(strings.ToLower(s)) {
		if strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") || strings.HasPrefix(f, "@") {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// newWorld returns an empty world.
func newWorld() *world {
	return &world{
		acct: newInterner(), objects: newInterner(), urls: newInterner(),
		domains: newInterner(), tagSeqs: newInterner(), clientN: newInterner(),
		postTexts: newInterner(),
	}
}

// load reads the source into a world. A PostViewSource's posts are read
// from their views (readViews), any other source's through EachPost.
func load(ctx context.Context, src botsweep.Source) (*world, error) {
	w := newWorld()
	var rules []campaignRule
	err := src.EachCampaign(ctx, func(c *botsweep.Campaign) error {
		rules = append(rules, campaignRule{
			tag: strings.ToLower(strings.TrimPrefix(c.Hashtag, "#")), emoji: c.Emoji,
			starts: c.Starts.Unix(), ends: c.Ends.Unix(),
		})
		return nil
	})
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "read campaigns: %w", err)
	}
	err = src.EachAccount(ctx, func(a *botsweep.Account) error {
		i := w.account(a.ID)
		w.screen[i] = a.ScreenName
		if !a.CreatedAt.IsZero() {
			w.created[i] = a.CreatedAt.Unix()
		}
		w.hasProfile[i] = true
		w.defaultImg[i] = a.DefaultProfileImage
		w.established[i] = a.Verified || a.Followers >= establishedFollowers
		w.defaultHnd[i] = isDefaultHandle(handleName(a.ScreenName))
		d := a.URLDomain
		if d == "" && a.URL != "" {
			d = botsweep.RegistrableDomain(a.URL)
		}
		if d != "" {
			w.profDomain[i] = w.domains.id(strings.ToLower(d))
		}
		return nil
	})
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "read accounts: %w", err)
	}
	pr := &postReader{w: w, rules: rules}
	if vs, ok := src.(botsweep.PostViewSource); ok {
		err = pr.readViews(ctx, vs)
	} else {
		err = src.EachPost(ctx, pr.add)
	}
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "read posts: %w", err)
	}
	err = src.EachFollow(ctx, func(f botsweep.Follow) error {
		w.follows = append(w.follows, followEdge{w.account(f.Follower), w.account(f.Followee)})
		return nil
	})
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "read follows: %w", err)
	}
	// Retweets of a sanctioned campaign's posts are not evidence either,
	// whichever was read first.
	k := 0
	for _, s := range w.retweetShares {
		if w.objOut[s.Item] {
			w.excludedPosts++
			continue
		}
		w.retweetShares[k] = s
		k++
	}
	w.retweetShares = w.retweetShares[:k]
	// In co-action order (item, time, account) from here on: estimating
	// the window and the co-retweet layer then need no sort of their own.
	sortShares(w.retweetShares)
	w.objFirst = make([]int64, len(w.objTime))
	for _, s := range w.retweetShares {
		if f := w.objFirst[s.Item]; f == 0 || s.Time < f {
			w.objFirst[s.Item] = s.Time
		}
	}
	return w, nil
}

// postReader adds posts to a world.
type postReader struct {
	w     *world
	rules []campaignRule
	seq   strings.Builder
	// byAuthor maps a PostViewSource's dense author ids to the world's
	// (-1 not seen yet); objByNum and objByKey map retweeted-post ids, as
	// numbers or else packed, to the world's objects.
	byAuthor []int32
	objByNum map[uint64]int32
	objByKey map[string]int32
}

// add adds one post to the world.
func (pr *postReader) add(p *botsweep.Post) error {
	w := pr.w
	if p.Kind == botsweep.KindLike {
		pr.addLike(p)
		return nil
	}
	a := w.account(p.AccountID)
	t := p.CreatedAt.Unix()
	if t > w.latest {
		w.latest = t
	}
	w.posts[a]++
	w.hours[a][p.CreatedAt.UTC().Hour()]++
	if p.Client != "" {
		pr.noteClient(a, w.clientN.id(p.Client))
	}
	if p.Kind == botsweep.KindReply {
		w.replies[a]++
		w.hasReplies = true
	}
	out := false
	for _, r := range pr.rules {
		if r.covers(p) {
			out = true
			break
		}
	}
	if p.Kind == botsweep.KindRetweet && p.RetweetOf != "" {
		w.retweets[a]++
		o := w.object(p.RetweetOf)
		if p.RetweetOfAccount != "" && w.objAuthor[o] < 0 {
			w.objAuthor[o] = w.account(p.RetweetOfAccount)
		}
		if out {
			w.objOut[o] = true
			w.excludedPosts++
			return nil
		}
		w.retweetShares = append(w.retweetShares, Share{Item: o, Account: a, Time: t})
		return nil
	}
	o := w.object(p.ID)
	w.objAuthor[o] = a
	w.objTime[o] = t
	if out {
		w.objOut[o] = true
		w.excludedPosts++
		return nil
	}
	w.acts = append(w.acts, actMinute{acct: a, minute: int32(t / 60), obj: o})
	if p.Kind == botsweep.KindReply && p.ReplyTo != "" {
		w.replyShares = append(w.replyShares, Share{Item: w.object(p.ReplyTo), Account: a, Time: t})
	}
	if txt := normalText(p.Text); len(txt) >= minCoPostText {
		w.postShares = append(w.postShares, Share{Item: w.postTexts.id(txt), Account: a, Time: t})
	}
	for i, u := range p.URLs {
		w.urlShares = append(w.urlShares, Share{Item: w.urls.id(u), Account: a, Time: t})
		d := ""
		if i < len(p.Domains) {
			d = p.Domains[i]
		} else {
			d = botsweep.RegistrableDomain(u)
		}
		if d != "" {
			w.domainShares = append(w.domainShares, Share{Item: w.domains.id(strings.ToLower(d)), Account: a, Time: t})
		}
	}
	if len(p.Hashtags) >= 2 {
		pr.seq.Reset()
		for _, h := range p.Hashtags {
			pr.seq.WriteString(strings.ToLower(h))
			pr.seq.WriteByte(' ')
		}
		w.tagShares = append(w.tagShares, Share{Item: w.tagSeqs.id(pr.seq.String()), Account: a, Time: t})
	}
	if h, ok := simhash(p.Text); ok {
		w.texts = append(w.texts, textPost{acct: a, t: t, hash: h})
	}
	return nil
}

// noteClient counts a post of account a from client c: a change of client
// is one more client seen (capped at 255).
func (pr *postReader) noteClient(a, c int32) {
	w := pr.w
	if c == w.lastClient[a] {
		return
	}
	if w.clients[a] < 255 {
		w.clients[a]++
	}
	w.lastClient[a] = c
}

// readViews reads the posts of a PostViewSource. A share (a retweet or
// like that names its post) that no campaign rule can cover is added from
// the view, its author and post found through the source's dense author id
// and packed post id, without a Post or an id string per record; every
// other post is decoded and added as EachPost would give it. The world is
// the same either way: accounts and objects get their ids in the same
// order.
func (pr *postReader) readViews(ctx context.Context, src botsweep.PostViewSource) error {
	pr.sizeShares(ctx, src)
	return pr.readScan(ctx, src.EachPostView)
}

// sizeShares makes room in the world for the source's shares at once:
// growing by doubling would touch up to three times as much memory.
func (pr *postReader) sizeShares(ctx context.Context, src botsweep.PostViewSource) {
	if n, err := src.PostCount(ctx, botsweep.KindRetweet); err == nil && n > 0 && n < 1<<31 {
		pr.w.retweetShares = make([]Share, 0, n+1)
	}
	if n, err := src.PostCount(ctx, botsweep.KindLike); err == nil && n > 0 && n < 1<<31 {
		pr.w.likeShares = make([]Share, 0, n+1)
	}
}

// readScan reads the posts of one scan as readViews describes, the
// world's share slices already sized.
func (pr *postReader) readScan(ctx context.Context, scan botsweep.PostViewScan) error {
	if pr.objByKey == nil {
		pr.objByKey, pr.objByNum = make(map[string]int32), make(map[uint64]int32)
	}
	var p botsweep.Post
	return scan(ctx, func(v botsweep.PostView) error {
		k := v.Kind()
		if (k == botsweep.KindRetweet || k == botsweep.KindLike) && len(v.RetweetOfKey()) > 1 && (len(pr.rules) == 0 || v.Plain()) {
			pr.addShareView(v, k)
			return nil
		}
		if err := v.Decode(&p); err != nil {
			return err
		}
		return pr.add(&p)
	})
}

// addShareView adds a retweet or like as add does.
func (pr *postReader) addShareView(v botsweep.PostView, k botsweep.PostKind) {
	w := pr.w
	a := pr.author(v)
	t := v.CreatedAt().Unix()
	if k == botsweep.KindRetweet {
		if t > w.latest {
			w.latest = t
		}
		w.posts[a]++
		w.hours[a][hourOfDay(t)]++
		if cl := v.Client(); len(cl) > 0 {
			c, ok := w.clientN.lookup(string(cl))
			if !ok {
				c = w.clientN.id(string(cl))
			}
			pr.noteClient(a, c)
		}
		w.retweets[a]++
	}
	var o int32
	if num, isNum := v.RetweetOfNumber(); isNum {
		var ok bool
		if o, ok = pr.objByNum[num]; !ok {
			o = w.object(v.RetweetOf())
			pr.objByNum[num] = o
		}
	} else {
		key := v.RetweetOfKey()
		var ok bool
		if o, ok = pr.objByKey[string(key)]; !ok {
			o = w.object(v.RetweetOf())
			pr.objByKey[string(key)] = o
		}
	}
	// A share table names no authors: ask the view first (objAuthor is
	// one cache miss per share).
	if v.HasRetweetOfAccount() && w.objAuthor[o] < 0 {
		w.objAuthor[o] = w.account(v.RetweetOfAccount())
	}
	if k == botsweep.KindLike {
		w.likeShares = append(w.likeShares, Share{Item: o, Account: a, Time: t})
		return
	}
	w.retweetShares = append(w.retweetShares, Share{Item: o, Account: a, Time: t})
}

// hourOfDay is the UTC hour of unix time t (time.Unix(t, 0).UTC().Hour()
// without building the date).
func hourOfDay(t int64) int {
	return int((t%86400+86400)%86400) / 3600
}

// author returns the world's id of a view's author.
func (pr *postReader) author(v botsweep.PostView) int32 {
	d := int(v.Author())
	if d < len(pr.byAuthor) && pr.byAuthor[d] >= 0 {
		return pr.byAuthor[d]
	}
	a := pr.w.account(v.AuthorID())
	if d >= len(pr.byAuthor) {
		n := len(pr.byAuthor)
		pr.byAuthor = append(pr.byAuthor, make([]int32, d+1-n)...)
		for i := n; i < len(pr.byAuthor); i++ {
			pr.byAuthor[i] = -1
		}
	}
	pr.byAuthor[d] = a
	return a
}
