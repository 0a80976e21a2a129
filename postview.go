package botsweep

import (
	"context"
	"time"
)

// PostView is a stored post read in place, without building a Post: what
// a share needs (kind, author, time, the retweeted post, the client) as
// views of the stored record, and Decode for the whole post. A PostView
// and the byte slices it returns are valid only inside the callback that
// received it.
type PostView interface {
	// Kind is the post's kind.
	Kind() PostKind
	// Author is the source's dense id of the author: the same account has
	// the same Author in every post of the source.
	Author() uint32
	// AuthorID is the author's platform id (Post.AccountID).
	AuthorID() string
	// CreatedAt is Post.CreatedAt.
	CreatedAt() time.Time
	// RetweetOfKey is the retweeted (or liked) post's id in a packed form:
	// two posts name the same post exactly when their keys are equal. It
	// is empty or a single byte when the post retweets nothing.
	RetweetOfKey() []byte
	// RetweetOfNumber is the retweeted (or liked) post's id as a number
	// when the id is a canonical decimal (ok false otherwise): two posts
	// whose ids are numbers name the same post exactly when the numbers
	// are equal. Readers of many shares key their tables by it.
	RetweetOfNumber() (n uint64, ok bool)
	// RetweetOf is Post.RetweetOf.
	RetweetOf() string
	// RetweetOfAccount is Post.RetweetOfAccount.
	RetweetOfAccount() string
	// HasRetweetOfAccount reports whether RetweetOfAccount is not empty.
	HasRetweetOfAccount() bool
	// Client is Post.Client as bytes.
	Client() []byte
	// Plain reports whether the post has nothing beyond its id, kind,
	// author, time, retweeted post (and its author) and client: no text,
	// language, reply or quote target, hashtags, URLs, domains, mentions
	// or geo, as a share-table row.
	Plain() bool
	// Decode fills p with the whole post, as EachPost gives it.
	Decode(p *Post) error
}

// PostViewSource is a Source that can also give its posts as PostViews, in
// EachPost's order: readers of millions of shares (detect) use it, where
// available, to skip building a Post and its id strings per record.
type PostViewSource interface {
	Source
	EachPostView(ctx context.Context, fn func(PostView) error) error
	// PostCount is how many posts of a kind the source holds, a hint for
	// sizing (a source that cannot tell cheaply returns 0).
	PostCount(ctx context.Context, kind PostKind) (int64, error)
}

// PostViewScan reads part of a source's posts as PostViews, in EachPost's
// order within the part.
type PostViewScan func(ctx context.Context, fn func(PostView) error) error

// PostViewPartsSource is a PostViewSource that can split its posts into
// disjoint parts to be read concurrently: reading the parts one after the
// other, in order, gives every post once, in EachPostView's order.
type PostViewPartsSource interface {
	PostViewSource
	// PostViewParts splits the posts into at most n parts of about equal
	// size (fewer when there are few posts; one when the source cannot
	// split them).
	PostViewParts(ctx context.Context, n int) ([]PostViewScan, error)
}
