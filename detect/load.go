package detect

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
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
	// followModel is the followee sets and their popularity null, built
	// on first use (followModelOf, followfarm.go).
	followModel *followModel

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

// loadParts is how many parts load reads a PostViewPartsSource's posts in,
// concurrently: one per processor the runtime may use, at most 8 (the
// parts are merged on one goroutine).
func loadParts() int { return min(runtime.GOMAXPROCS(0), 8) }

// minPartPosts is the fewest posts per part worth a goroutine of its own.
const minPartPosts = 50_000

// load reads the source into a world, in one read: reading in parts
// (loadIn) gave the same world but no wall-clock gain and up to a third
// more CPU on the 5M-row share table on an idle 2-core machine
// (docs/benchmarks/detect.md, "Reading the store in parts"), so it is not
// the default.
func load(ctx context.Context, src botsweep.Source) (*world, error) {
	return loadIn(ctx, src, 1, minPartPosts)
}

// loadIn is load reading a PostViewPartsSource's posts in up to parts
// parts, each of at least minPart posts.
func loadIn(ctx context.Context, src botsweep.Source, parts, minPart int) (*world, error) {
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
	if ps, ok := src.(botsweep.PostViewPartsSource); ok && parts > 1 {
		err = pr.readParts(ctx, ps, parts, minPart)
	} else if vs, ok := src.(botsweep.PostViewSource); ok {
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
	// For merging a part's world into the whole (readParts): each
	// account's first client (-1 none) and the objects that are posts of
	// the part (their author and time were set by the post itself).
	firstClient []int32
	posted      []bool
	// byShare are the accounts this part's world first saw as the author
	// of a shared object (with that object), which it saw before the
	// object had an author; the whole world may not have seen them then.
	byShare []acctObj
}

// acctObj is an account and an object.
type acctObj struct{ acct, obj int32 }

// setObjAuthor makes the account id the author of object o, which has none
// yet, as a share of o names it.
func (pr *postReader) setObjAuthor(o int32, id string) {
	w := pr.w
	n := w.n()
	a := w.account(id)
	w.objAuthor[o] = a
	if pr.posted != nil && int(a) == n {
		pr.byShare = append(pr.byShare, acctObj{a, o})
	}
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
			pr.setObjAuthor(o, p.RetweetOfAccount)
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
	if pr.posted != nil {
		pr.posted = growTo(pr.posted, int(o)+1, false)
		pr.posted[o] = true
	}
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
	if w.lastClient[a] < 0 && pr.firstClient != nil {
		pr.firstClient = growTo(pr.firstClient, int(a)+1, -1)
		pr.firstClient[a] = c
	}
	w.lastClient[a] = c
}

// growTo returns s extended to length n with fill (unchanged when it is
// that long already).
func growTo[T any](s []T, n int, fill T) []T {
	for len(s) < n {
		s = append(s, fill)
	}
	return s
}

// readViews reads the posts of a PostViewSource. A share (a retweet or
// like that names its post) that no campaign rule can cover is added from
// the view, its author and post found through the source's dense author id
// and packed post id, without a Post or an id string per record; every
// other post is decoded and added as EachPost would give it. The world is
// the same either way: accounts and objects get their ids in the same
// order.
func (pr *postReader) readViews(ctx context.Context, src botsweep.PostViewSource) error {
	pr.sizeShares(ctx, src, 1)
	return pr.readScan(ctx, src.EachPostView)
}

// sizeShares makes room in the world for 1/parts of the source's shares
// at once: growing by doubling would touch up to three times as much
// memory.
func (pr *postReader) sizeShares(ctx context.Context, src botsweep.PostViewSource, parts int) {
	if n, err := src.PostCount(ctx, botsweep.KindRetweet); err == nil && n > 0 && n < 1<<31 {
		pr.w.retweetShares = make([]Share, 0, n/int64(parts)+1)
	}
	if n, err := src.PostCount(ctx, botsweep.KindLike); err == nil && n > 0 && n < 1<<31 {
		pr.w.likeShares = make([]Share, 0, n/int64(parts)+1)
	}
}

// readParts reads a PostViewPartsSource's posts in up to parts parts of
// at least minPart posts: the first on this goroutine into the world, each
// other one on a goroutine of its own into a world of its own, merged into
// the world afterwards in the parts' order (merge). The world is the one
// readViews gives, ids in the same order.
func (pr *postReader) readParts(ctx context.Context, src botsweep.PostViewPartsSource, parts, minPart int) error {
	var total int64
	for k := botsweep.KindOriginal; k <= botsweep.KindLike; k++ {
		if n, err := src.PostCount(ctx, k); err == nil && n > 0 {
			total += n
		}
	}
	parts = int(min(int64(parts), total/int64(max(minPart, 1))))
	if parts < 2 {
		return pr.readViews(ctx, src)
	}
	scans, err := src.PostViewParts(ctx, parts)
	if err != nil {
		return err
	}
	if len(scans) < 2 {
		return pr.readViews(ctx, src)
	}
	pr.sizeShares(ctx, src, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	others := make([]*postReader, len(scans)-1)
	errs := make([]error, len(scans))
	var wg sync.WaitGroup
	for i := range others {
		q := &postReader{w: newWorld(), rules: pr.rules, firstClient: []int32{}, posted: []bool{}}
		q.sizeShares(ctx, src, len(scans))
		others[i] = q
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i+1] = q.readScan(ctx, scans[i+1]); errs[i+1] != nil {
				cancel()
			}
		}()
	}
	if errs[0] = pr.readScan(ctx, scans[0]); errs[0] != nil {
		cancel()
	}
	wg.Wait()
	// The first error that is not another part's cancellation.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for i, q := range others {
		if !pr.merge(q) {
			// A case merging cannot reproduce: read the part again here.
			if err := pr.readScan(ctx, scans[i+1]); err != nil {
				return err
			}
		}
		others[i] = nil
	}
	return nil
}

// merge adds the world q read from a part of the posts to pr's world, which
// holds the posts before that part, as if pr had read the part itself; it
// reports false, changing nothing, when it cannot (see below).
//
// Every id (accounts, objects, clients, URLs, domains, hashtag sequences,
// texts) is given on first sight in read order, so q's new ids follow pr's
// in q's order; counts add up; a change of client counts once less when
// q's first client of an account is pr's last. An object's author and
// time are the last post's of it, else its first share's that names one.
// The one thing q cannot know is whether an object it saw without an
// author had one in pr's world: then pr would not have taken the author a
// share names, so an account q first saw that way, and pr never saw, would
// have its id later or not at all. merge reports false for that.
func (pr *postReader) merge(q *postReader) bool {
	w, b := pr.w, q.w
	for _, ao := range q.byShare {
		if _, seen := w.acct.lookup(b.acct.names[ao.acct]); seen {
			continue
		}
		if o, ok := w.objects.lookup(b.objects.names[ao.obj]); ok && w.objAuthor[o] >= 0 {
			return false
		}
	}
	amap := make([]int32, b.n())
	for i, id := range b.acct.names {
		amap[i] = w.account(id)
	}
	omap := make([]int32, len(b.objects.names))
	for i, id := range b.objects.names {
		omap[i] = w.object(id)
	}
	cmap := remapNames(w.clientN, b.clientN)
	for i, g := range amap {
		w.posts[g] += b.posts[i]
		w.retweets[g] += b.retweets[i]
		w.replies[g] += b.replies[i]
		for h := range w.hours[g] {
			w.hours[g][h] += b.hours[i][h]
		}
		if last := b.lastClient[i]; last >= 0 {
			n := int(w.clients[g]) + int(b.clients[i])
			if cmap[q.firstClient[i]] == w.lastClient[g] {
				n--
			}
			w.clients[g] = uint8(min(n, 255))
			w.lastClient[g] = cmap[last]
		}
	}
	for i, g := range omap {
		switch {
		case i < len(q.posted) && q.posted[i]:
			w.objAuthor[g], w.objTime[g] = amap[b.objAuthor[i]], b.objTime[i]
		case w.objAuthor[g] < 0 && b.objAuthor[i] >= 0:
			w.objAuthor[g] = amap[b.objAuthor[i]]
		}
		w.objOut[g] = w.objOut[g] || b.objOut[i]
	}
	umap := remapNames(w.urls, b.urls)
	dmap := remapNames(w.domains, b.domains)
	tmap := remapNames(w.tagSeqs, b.tagSeqs)
	pmap := remapNames(w.postTexts, b.postTexts)
	w.retweetShares = appendShares(w.retweetShares, b.retweetShares, omap, amap)
	w.likeShares = appendShares(w.likeShares, b.likeShares, omap, amap)
	w.urlShares = appendShares(w.urlShares, b.urlShares, umap, amap)
	w.domainShares = appendShares(w.domainShares, b.domainShares, dmap, amap)
	w.tagShares = appendShares(w.tagShares, b.tagShares, tmap, amap)
	w.replyShares = appendShares(w.replyShares, b.replyShares, omap, amap)
	w.postShares = appendShares(w.postShares, b.postShares, pmap, amap)
	for _, tp := range b.texts {
		tp.acct = amap[tp.acct]
		w.texts = append(w.texts, tp)
	}
	for _, am := range b.acts {
		am.acct, am.obj = amap[am.acct], omap[am.obj]
		w.acts = append(w.acts, am)
	}
	w.latest = max(w.latest, b.latest)
	w.hasReplies = w.hasReplies || b.hasReplies
	w.excludedPosts += b.excludedPosts
	return true
}

// remapNames interns b's names in a, in b's order, and returns each one's
// id in a by its id in b.
func remapNames(a, b *interner) []int32 {
	m := make([]int32, len(b.names))
	for i, s := range b.names {
		m[i] = a.id(s)
	}
	return m
}

// appendShares appends src to dst with items and accounts mapped through
// items and accts.
func appendShares(dst, src []Share, items, accts []int32) []Share {
	for _, s := range src {
		dst = append(dst, Share{Item: items[s.Item], Account: accts[s.Account], Time: s.Time})
	}
	return dst
}

// readScan reads the posts of one scan as readViews does, the world's
// share slices already sized.
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
	if w.objAuthor[o] < 0 && v.HasRetweetOfAccount() {
		pr.setObjAuthor(o, v.RetweetOfAccount())
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
