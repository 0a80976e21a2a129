package store

import (
	"context"
	"encoding/binary"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/cockroachdb/pebble/v2"
)

var _ botsweep.Source = (*Store)(nil)

// scanCtx is scanPrefix with a context check every 4096 records and
// corrupt-record errors made EINTERNAL.
func (s *Store) scanCtx(ctx context.Context, prefix []byte, fn func(k, v []byte) error) error {
	return s.scanRangeCtx(ctx, prefix, prefixUpperBound(prefix), fn)
}

// scanRangeCtx is scanCtx over the keys in [lower, upper).
func (s *Store) scanRangeCtx(ctx context.Context, lower, upper []byte, fn func(k, v []byte) error) error {
	n := 0
	err := s.scanRange(lower, upper, func(k, v []byte) error {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return fn(k, v)
	})
	if err == errCorrupt {
		return botsweep.Errorf(botsweep.EINTERNAL, "store %s: corrupt record", s.dir)
	}
	return err
}

// EachAccount implements botsweep.Source: every account with a profile
// snapshot, in dense-id (first-ingested-first) order.
// An account marked CountsDerived gets its counts from the records held
// (see derived.go).
func (s *Store) EachAccount(ctx context.Context, fn func(*botsweep.Account) error) error {
	var held *heldCounts
	if ok, err := s.hasDerived(); err != nil {
		return s.readErr(err)
	} else if ok {
		if held, err = s.heldCounts(ctx, 0); err != nil {
			return s.readErr(err)
		}
	}
	var a botsweep.Account
	return s.scanCtx(ctx, []byte{nsAccount}, func(k, v []byte) error {
		if err := decodeAccount(v, &a); err != nil || len(k) != 5 {
			return errCorrupt
		}
		if a.CountsDerived && held != nil {
			held.fill(&a, binary.BigEndian.Uint32(k[1:]))
		}
		return fn(&a)
	})
}

// EachPost implements botsweep.Source: originals, then retweets, replies
// and quotes, each in ingest order.
func (s *Store) EachPost(ctx context.Context, fn func(*botsweep.Post) error) error {
	return s.eachPost(ctx, []byte{nsPost}, fn)
}

// EachPostOfKind calls fn for every post of one kind in ingest order; the
// posts of a kind are one sequential key range.
func (s *Store) EachPostOfKind(ctx context.Context, kind botsweep.PostKind, fn func(*botsweep.Post) error) error {
	return s.eachPost(ctx, []byte{nsPost, byte(kind)}, fn)
}

func (s *Store) eachPost(ctx context.Context, prefix []byte, fn func(*botsweep.Post) error) error {
	var p botsweep.Post
	return s.scanCtx(ctx, prefix, func(k, v []byte) error {
		if err := decodePost(v, &p); err != nil {
			return errCorrupt
		}
		return fn(&p)
	})
}

// EachFollow implements botsweep.Source, grouped by follower.
func (s *Store) EachFollow(ctx context.Context, fn func(botsweep.Follow) error) error {
	return s.scanCtx(ctx, []byte{nsFollow}, func(k, v []byte) error {
		f, err := decodeFollow(v)
		if err != nil {
			return errCorrupt
		}
		return fn(f)
	})
}

// EachPriorOperation implements botsweep.Source.
func (s *Store) EachPriorOperation(ctx context.Context, fn func(*botsweep.PriorOperation) error) error {
	var o botsweep.PriorOperation
	return s.scanCtx(ctx, []byte{nsReference, refOperation}, func(k, v []byte) error {
		if err := decodeOperation(v, &o); err != nil {
			return errCorrupt
		}
		return fn(&o)
	})
}

// EachDomainRegistration implements botsweep.Source.
func (s *Store) EachDomainRegistration(ctx context.Context, fn func(*botsweep.DomainRegistration) error) error {
	var r botsweep.DomainRegistration
	return s.scanCtx(ctx, []byte{nsReference, refRegistation}, func(k, v []byte) error {
		if err := decodeRegistration(v, &r); err != nil {
			return errCorrupt
		}
		return fn(&r)
	})
}

// EachCampaign implements botsweep.Source.
func (s *Store) EachCampaign(ctx context.Context, fn func(*botsweep.Campaign) error) error {
	var c botsweep.Campaign
	return s.scanCtx(ctx, []byte{nsReference, refCampaign}, func(k, v []byte) error {
		if err := decodeCampaign(v, &c); err != nil {
			return errCorrupt
		}
		return fn(&c)
	})
}

// Reject is a bad input record as the store keeps it.
type Reject struct {
	File   string `json:"file"` // the name it was first ingested under
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

// EachReject calls fn for every reject recorded over all ingests.
func (s *Store) EachReject(ctx context.Context, fn func(Reject) error) error {
	return s.scanCtx(ctx, []byte{nsReject, subReject}, func(k, v []byte) error {
		r, err := decodeReject(v)
		if err != nil {
			return errCorrupt
		}
		return fn(Reject(r))
	})
}

// denseAccount returns the dense id of an account id.
func (s *Store) denseAccount(id string) (uint32, bool, error) {
	v, ok, err := s.get(internKey(nil, subAccountID, id))
	if err != nil || !ok {
		return 0, ok, err
	}
	if len(v) != 4 {
		return 0, false, errCorrupt
	}
	return binary.BigEndian.Uint32(v), true, nil
}

// Account returns the latest profile snapshot of the account with this
// platform id; ENOTFOUND when no profile of it was ingested. Counts marked
// CountsDerived are counted from the records held (a scan of the follows
// and posts).
func (s *Store) Account(ctx context.Context, id string) (*botsweep.Account, error) {
	d, ok, err := s.denseAccount(id)
	if err != nil {
		return nil, s.readErr(err)
	}
	if ok {
		v, found, err := s.get(accountKey(nil, d))
		if err != nil {
			return nil, s.readErr(err)
		}
		if found {
			a := new(botsweep.Account)
			if err := decodeAccount(v, a); err != nil {
				return nil, s.readErr(err)
			}
			if err := s.deriveCounts(ctx, a, d); err != nil {
				return nil, s.readErr(err)
			}
			return a, nil
		}
	}
	return nil, botsweep.Errorf(botsweep.ENOTFOUND, "account %s not found", id)
}

// AccountByScreenName returns the account whose latest profile has this
// screen name (case-insensitive, without '@'); when several had it, the
// one seen last. ENOTFOUND when none has.
func (s *Store) AccountByScreenName(ctx context.Context, screenName string) (*botsweep.Account, error) {
	screenName = strings.TrimPrefix(strings.TrimSpace(screenName), "@")
	if screenName == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "empty screen name")
	}
	prefix := append([]byte{nsIntern, subScreenName}, strings.ToLower(screenName)...)
	prefix = append(prefix, 0)
	var dense []uint32
	if err := s.scanCtx(ctx, prefix, func(k, v []byte) error {
		if len(k) == len(prefix)+4 {
			dense = append(dense, binary.BigEndian.Uint32(k[len(prefix):]))
		}
		return nil
	}); err != nil {
		return nil, s.readErr(err)
	}
	var best *botsweep.Account
	var bestD uint32
	for _, d := range dense {
		v, found, err := s.get(accountKey(nil, d))
		if err != nil {
			return nil, s.readErr(err)
		}
		if !found {
			continue
		}
		a := new(botsweep.Account)
		if err := decodeAccount(v, a); err != nil {
			return nil, s.readErr(err)
		}
		if !strings.EqualFold(a.ScreenName, screenName) {
			continue // the index entry of an earlier snapshot
		}
		if best == nil || a.LastSeen.After(best.LastSeen) {
			best, bestD = a, d
		}
	}
	if best == nil {
		return nil, botsweep.Errorf(botsweep.ENOTFOUND, "account @%s not found", screenName)
	}
	if err := s.deriveCounts(ctx, best, bestD); err != nil {
		return nil, s.readErr(err)
	}
	return best, nil
}

// Post returns the post with this platform id; ENOTFOUND when absent.
func (s *Store) Post(ctx context.Context, id string) (*botsweep.Post, error) {
	v, ok, err := s.get(internKey(nil, subPostID, id))
	if err != nil {
		return nil, s.readErr(err)
	}
	if ok && len(v) == 5 {
		pv, found, err := s.get(postKey(nil, v[4], binary.BigEndian.Uint32(v)))
		if err != nil {
			return nil, s.readErr(err)
		}
		if found {
			p := new(botsweep.Post)
			if err := decodePost(pv, p); err != nil {
				return nil, s.readErr(err)
			}
			return p, nil
		}
	}
	return nil, botsweep.Errorf(botsweep.ENOTFOUND, "post %s not found", id)
}

func (s *Store) readErr(err error) error {
	if botsweep.ErrorCode(err) != botsweep.EINTERNAL {
		return err
	}
	if _, ok := err.(*botsweep.Error); ok {
		return err
	}
	return botsweep.Errorf(botsweep.EINTERNAL, "store %s: read: %w", s.dir, err)
}

// Stats is what the store holds.
type Stats struct {
	// Accounts are the distinct accounts known as actors: with a profile
	// snapshot, as the author of a post, or in a follow.
	Accounts int64 `json:"accounts"`
	// Profiles are the accounts with a profile snapshot (what EachAccount
	// yields).
	Profiles      int64      `json:"profiles"`
	Posts         int64      `json:"posts"` // all kinds together, likes apart
	Originals     int64      `json:"originals"`
	Retweets      int64      `json:"retweets"`
	Replies       int64      `json:"replies"`
	Quotes        int64      `json:"quotes"`
	Likes         int64      `json:"likes,omitempty"` // KindLike records (Bluesky likes)
	Follows       int64      `json:"follows"`
	Rejected      int64      `json:"rejected"` // over all ingests, each bad record once
	Operations    int64      `json:"operations"`
	Registrations int64      `json:"registrations"`
	Campaigns     int64      `json:"campaigns"`
	FirstPost     *time.Time `json:"first_post"` // nil when no post has a time
	LastPost      *time.Time `json:"last_post"`
}

// Stats returns the store's counters, consistent with its records.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	c, err := readCounters(s.db)
	if err != nil {
		return Stats{}, s.readErr(err)
	}
	return statsOf(&c), nil
}

func statsOf(c *counters) Stats {
	st := Stats{
		Accounts: c.Accounts, Profiles: c.Profiles,
		Originals: c.Posts[botsweep.KindOriginal], Retweets: c.Posts[botsweep.KindRetweet],
		Replies: c.Posts[botsweep.KindReply], Quotes: c.Posts[botsweep.KindQuote],
		Likes: c.Likes, Follows: c.Follows, Rejected: c.Rejected,
		Operations: c.Operations, Registrations: c.Registrations, Campaigns: c.Campaigns,
	}
	st.Posts = st.Originals + st.Retweets + st.Replies + st.Quotes
	if !c.FirstPost.IsZero() {
		f, l := c.FirstPost, c.LastPost
		st.FirstPost, st.LastPost = &f, &l
	}
	return st
}

var _ pebble.Reader = (*pebble.DB)(nil)
