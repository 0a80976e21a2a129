package store

import (
	"context"
	"encoding/binary"

	"github.com/botsweep/botsweep"
)

// Derived counts. Some sources carry no follower, following, post or like
// counts on their accounts (AT Protocol records do not); the reader marks
// such accounts botsweep.Account.CountsDerived, and the store fills the
// counts when it reads them from the records it holds: Friends (following)
// and Followers from follows, Statuses from posts, reposts, replies and
// quotes, Favourites from likes. They are what the capture holds, a lower
// bound when it is partial, and they follow deletes. Records stay as
// ingested; the counts are computed per read of the accounts (one scan of
// the follows and posts), only when the store holds a marked account.

// derivedKey marks a store that holds an account with CountsDerived.
var derivedKey = []byte{nsMeta, 'd', 'e', 'r', 'i', 'v', 'e', 'd', '-', 'c', 'o', 'u', 'n', 't', 's'}

// heldCounts are the counts of records held per dense account id.
type heldCounts struct {
	followers, following, posts, likes []int64
}

func (h *heldCounts) grow(d uint32) {
	for uint32(len(h.followers)) <= d {
		h.followers = append(h.followers, 0)
		h.following = append(h.following, 0)
		h.posts = append(h.posts, 0)
		h.likes = append(h.likes, 0)
	}
}

// fill sets a's counts from those of dense id d.
func (h *heldCounts) fill(a *botsweep.Account, d uint32) {
	a.Followers, a.Friends, a.Statuses, a.Favourites = 0, 0, 0, 0
	if int(d) < len(h.followers) {
		a.Followers, a.Friends, a.Statuses, a.Favourites = h.followers[d], h.following[d], h.posts[d], h.likes[d]
	}
}

// hasDerived reports whether the store holds an account whose counts are
// derived.
func (s *Store) hasDerived() (bool, error) {
	_, ok, err := s.get(derivedKey)
	return ok, err
}

// heldCounts counts the follows, posts and likes held per account (all
// accounts when only is 0, else only dense id only).
func (s *Store) heldCounts(ctx context.Context, only uint32) (*heldCounts, error) {
	c, err := readCounters(s.db)
	if err != nil {
		return nil, err
	}
	h := &heldCounts{}
	h.grow(c.NextAccount)
	err = s.scanCtx(ctx, []byte{nsFollow}, func(k, _ []byte) error {
		if len(k) != 9 {
			return errCorrupt
		}
		fr, fe := binary.BigEndian.Uint32(k[1:]), binary.BigEndian.Uint32(k[5:])
		if fr >= uint32(len(h.following)) || fe >= uint32(len(h.following)) {
			h.grow(max(fr, fe))
		}
		if only == 0 || fr == only {
			h.following[fr]++
		}
		if only == 0 || fe == only {
			h.followers[fe]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.scanCtx(ctx, []byte{nsPost}, func(k, v []byte) error {
		if len(k) != 6 || len(v) < 6 {
			return errCorrupt
		}
		author := binary.BigEndian.Uint32(v[2:])
		if author == 0 || only != 0 && author != only {
			return nil
		}
		if author >= uint32(len(h.posts)) {
			h.grow(author)
		}
		if botsweep.PostKind(k[1]) == botsweep.KindLike {
			h.likes[author]++
		} else {
			h.posts[author]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// deriveCounts fills the counts of one account with dense id d, when
// marked CountsDerived.
func (s *Store) deriveCounts(ctx context.Context, a *botsweep.Account, d uint32) error {
	if !a.CountsDerived {
		return nil
	}
	h, err := s.heldCounts(ctx, d)
	if err != nil {
		return err
	}
	h.fill(a, d)
	return nil
}
