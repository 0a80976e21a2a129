package detect

import (
	"context"
	"slices"
	"strconv"
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
	defaultHnd  []bool // handle is letters plus 8 digits
	// followerless is what the profile reports of the account's
	// followers: 1 none, 0 some, -1 not reported (no profile, or counts the
	// store derived from a partial capture, Account.CountsDerived, where
	// zero is a lower bound, not a measurement).
	followerless []int8
	profDomain   []int32 // interned in domains, -1 none
	posts        []int32 // all posts
	retweets     []int32
	replies      []int32
	hours        [][24]int32 // posts by hour of day (UTC)
	lastClient   []int32
	clients      []uint8 // distinct clients seen, capped at 255

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
	// createdSorted is every known creation time, sorted, built on first
	// use (sortedCreated, creation.go).
	createdSorted []int64
	// originHours is, per account, the hours of day its retweeted items
	// appeared, built on first use (originHoursOf, ownrest.go).
	originHours [][24]int32

	latest int64 // latest post time
	// hasReplies is true when the data holds any reply at all: without
	// replies, conversation cannot be measured.
	hasReplies bool
	// hasContent marks the accounts (dense id) with a content layer: a
	// post of their own with text (near-duplicate text, co-post) or a
	// hashtag sequence. Only for them could duplicated content have been
	// seen; a share table has none.
	hasContent []bool
	// knownApart marks the accounts (dense id) the data knows besides
	// their posts: by a profile or a follow. Only for them could never
	// posting have been seen; a share table knows every account by its
	// shares.
	knownApart []bool
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
		w.followerless = append(w.followerless, -1)
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
		switch {
		case a.CountsDerived:
			w.followerless[i] = -1
		case a.Followers == 0:
			w.followerless[i] = 1
		default:
			w.followerless[i] = 0
		}
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
	w.knownApart = slices.Clone(w.hasProfile)
	for _, f := range w.follows {
		w.knownApart[f.from], w.knownApart[f.to] = true, true
	}
	w.hasContent = make([]bool, w.n())
	for _, t := range w.texts {
		w.hasContent[t.acct] = true
	}
	for _, sh := range [][]Share{w.tagShares, w.postShares} {
		for _, s := range sh {
			w.hasContent[s.Account] = true
		}
	}
	return w, nil
}

// postReader adds posts to a world.
type postReader struct {
	w     *world
	rules []campaignRule
	seq   strings.Builder
	// For readViews: byAuthor maps a PostViewSource's dense author ids
	// to the world's (-1 not seen yet); objByNum maps shared posts' ids
	// that are numbers, objs and clients its viewReader's ids of other
	// shared posts and of clients, to the world's.
	byAuthor []int32
	objByNum map[uint64]int32
	objs     []int32
	clients  []int32
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

// readViews reads the posts of a PostViewSource on two goroutines: a
// reading one (viewReader.run) walks the source's views and hands them on
// in batches, and this one adds them to the world in the source's order.
// A share (a retweet or like that names its post) that no campaign rule can
// cover is handed on as the reader's ids of its author, post and client,
// with each id's name only the first time the reader sees it, without a
// Post or an id string per record; every other post is decoded by the
// reader and added as EachPost would give it. The world is the same
// either way: accounts and objects get their ids in the same order. The
// reader's work (the source's iterator, decoding, the table of post ids)
// runs beside the adding on a second core.
func (pr *postReader) readViews(ctx context.Context, src botsweep.PostViewSource) error {
	pr.sizeShares(ctx, src)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan *viewBatch, viewBatches-1)
	free := make(chan *viewBatch, viewBatches)
	for range viewBatches {
		free <- new(viewBatch)
	}
	vr := &viewReader{plainOnly: len(pr.rules) > 0, objByKey: map[string]int32{}, clients: map[string]int32{}}
	pr.objByNum = map[uint64]int32{}
	go vr.run(ctx, src, full, free)
	for b := range full {
		if err := pr.addBatch(b); err != nil {
			return err
		}
		if b.err != nil {
			return b.err
		}
		free <- b
	}
	return ctx.Err()
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

// viewBatches is how many batches readViews' two goroutines pass around,
// and viewBatchSize how many posts each holds (at most 8 × 32,768 × 48
// bytes of records, 12 MB): large batches, so that either side waits for
// the other seldom (on a busy machine each wait is a trip through the
// scheduler) and the reader can run well ahead. A batch holds at most
// viewBatchPosts decoded posts (a post with its text is far larger than
// a share's record).
const (
	viewBatches    = 8
	viewBatchSize  = 32768
	viewBatchPosts = 1024
)

// viewBatch is a run of posts in the source's order, from viewReader.run
// to postReader.addBatch.
type viewBatch struct {
	recs  []viewRec
	posts []botsweep.Post // decoded posts, by viewRec.post (reused batch after batch)
	names []string        // ids and clients seen for the first time, in record order (viewRec.flags)
	// err is the scan's error, set on the last batch.
	err error
}

// viewRec is one post of a viewBatch: a share, as the reader's ids of its
// author, post and client, or a decoded post.
type viewRec struct {
	t      int64
	num    uint64 // the shared post's id as a number (numObj)
	author uint32 // the source's dense author id
	obj    int32  // the reader's id of the shared post (unless numObj)
	client int32  // the reader's id of a retweet's client, -1 none
	post   int32  // a decoded post's index in posts, -1 for a share
	kind   botsweep.PostKind
	flags  uint8
}

// viewRec flags: which names, in this order, the record takes from its
// batch's names.
const (
	newAuthor   uint8 = 1 << iota // the author's id (first share of that author)
	newClient                     // the client (first retweet from it)
	newObj                        // the shared post's id (first share of it)
	namesAuthor                   // the shared post's author, named by the share
	// numObj: the shared post's id is a number, num (its canonical
	// decimal), looked up by the adding side: the reading side has the
	// source's iterator to itself, the costlier half.
	numObj
)

// viewReader is readViews' reading side: it numbers the shares' authors,
// posts and clients in order of first sight.
type viewReader struct {
	// plainOnly: campaign rules are set, so only a plain share (no text,
	// hashtags...) is surely not covered by one.
	plainOnly bool
	seen      []bool // by the source's dense author id
	objByKey  map[string]int32
	clients   map[string]int32
}

// run scans the source's views into batches taken from free and sends them
// on full, closing it after the last one (which carries the scan's error).
func (vr *viewReader) run(ctx context.Context, src botsweep.PostViewSource, full, free chan *viewBatch) {
	defer close(full)
	var b *viewBatch
	take := func() error {
		select {
		case b = <-free:
			b.recs, b.posts, b.names, b.err = b.recs[:0], b.posts[:0], b.names[:0], nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if take() != nil {
		return
	}
	err := src.EachPostView(ctx, func(v botsweep.PostView) error {
		if err := vr.add(b, v); err != nil {
			return err
		}
		if len(b.recs) < viewBatchSize && len(b.posts) < viewBatchPosts {
			return nil
		}
		select {
		case full <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		return take()
	})
	b.err = err
	select {
	case full <- b:
	case <-ctx.Done():
	}
}

// add appends one view to the batch.
func (vr *viewReader) add(b *viewBatch, v botsweep.PostView) error {
	k := v.Kind()
	if (k != botsweep.KindRetweet && k != botsweep.KindLike) || len(v.RetweetOfKey()) <= 1 || (vr.plainOnly && !v.Plain()) {
		if len(b.posts) < cap(b.posts) {
			b.posts = b.posts[:len(b.posts)+1]
		} else {
			b.posts = append(b.posts, botsweep.Post{})
		}
		if err := v.Decode(&b.posts[len(b.posts)-1]); err != nil {
			return err
		}
		b.recs = append(b.recs, viewRec{post: int32(len(b.posts) - 1)})
		return nil
	}
	r := viewRec{t: v.CreatedAt().Unix(), author: v.Author(), client: -1, post: -1, kind: k}
	if d := int(r.author); d >= len(vr.seen) || !vr.seen[d] {
		if d >= len(vr.seen) {
			vr.seen = append(vr.seen, make([]bool, d+1-len(vr.seen))...)
		}
		vr.seen[d] = true
		r.flags |= newAuthor
		b.names = append(b.names, v.AuthorID())
	}
	if cl := v.Client(); k == botsweep.KindRetweet && len(cl) > 0 {
		c, ok := vr.clients[string(cl)]
		if !ok {
			c = int32(len(vr.clients))
			vr.clients[string(cl)] = c
			r.flags |= newClient
			b.names = append(b.names, string(cl))
		}
		r.client = c
	}
	if num, isNum := v.RetweetOfNumber(); isNum {
		r.num = num
		r.flags |= numObj
	} else if o, ok := vr.objByKey[string(v.RetweetOfKey())]; ok {
		r.obj = o
	} else {
		r.obj = int32(len(vr.objByKey))
		vr.objByKey[string(v.RetweetOfKey())] = r.obj
		r.flags |= newObj
		b.names = append(b.names, v.RetweetOf())
	}
	if v.HasRetweetOfAccount() {
		r.flags |= namesAuthor
		b.names = append(b.names, v.RetweetOfAccount())
	}
	b.recs = append(b.recs, r)
	return nil
}

// addBatch adds a batch's posts to the world, in order.
func (pr *postReader) addBatch(b *viewBatch) error {
	names := b.names
	name := func() string {
		s := names[0]
		names = names[1:]
		return s
	}
	for i := range b.recs {
		r := &b.recs[i]
		if r.post >= 0 {
			if err := pr.add(&b.posts[r.post]); err != nil {
				return err
			}
			continue
		}
		pr.addShare(r, name)
	}
	return nil
}

// addShare adds a share of a batch as add would add its post, taking the
// names its flags call for.
func (pr *postReader) addShare(r *viewRec, name func() string) {
	w := pr.w
	var a int32
	if r.flags&newAuthor != 0 {
		a = w.account(name())
		pr.byAuthor = growTo(pr.byAuthor, int(r.author)+1, -1)
		pr.byAuthor[r.author] = a
	} else {
		a = pr.byAuthor[r.author]
	}
	t := r.t
	if r.kind == botsweep.KindRetweet {
		if t > w.latest {
			w.latest = t
		}
		w.posts[a]++
		w.hours[a][hourOfDay(t)]++
		if r.client >= 0 {
			if r.flags&newClient != 0 {
				pr.clients = append(pr.clients, w.clientN.id(name()))
			}
			pr.noteClient(a, pr.clients[r.client])
		}
		w.retweets[a]++
	}
	var o int32
	if r.flags&numObj != 0 {
		var ok bool
		if o, ok = pr.objByNum[r.num]; !ok {
			o = w.object(strconv.FormatUint(r.num, 10))
			pr.objByNum[r.num] = o
		}
	} else {
		if r.flags&newObj != 0 {
			pr.objs = append(pr.objs, w.object(name()))
		}
		o = pr.objs[r.obj]
	}
	if r.flags&namesAuthor != 0 {
		if id := name(); w.objAuthor[o] < 0 {
			w.objAuthor[o] = w.account(id)
		}
	}
	if r.kind == botsweep.KindLike {
		w.likeShares = append(w.likeShares, Share{Item: o, Account: a, Time: t})
		return
	}
	w.retweetShares = append(w.retweetShares, Share{Item: o, Account: a, Time: t})
}

// growTo returns s extended to length n with fill (unchanged when it is
// that long already).
func growTo[T any](s []T, n int, fill T) []T {
	for len(s) < n {
		s = append(s, fill)
	}
	return s
}

// hourOfDay is the UTC hour of unix time t (time.Unix(t, 0).UTC().Hour()
// without building the date).
func hourOfDay(t int64) int {
	return int((t%86400+86400)%86400) / 3600
}
