package store

import (
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// counters are the record side's bookkeeping, written in every ingest batch
// with the records it counts, so they are always consistent with them.
type counters struct {
	NextAccount   uint32   // next dense account id (ids start at 1)
	NextPost      uint32   // next dense post id (ids start at 1)
	Accounts      int64    // distinct accounts: profiled, posting or following
	Profiles      int64    // accounts with a profile snapshot
	Posts         [4]int64 // by botsweep.PostKind, likes apart
	Follows       int64
	Rejected      int64
	Operations    int64
	Registrations int64
	Campaigns     int64
	FirstPost     time.Time // earliest non-zero post time
	LastPost      time.Time // latest post time
	Likes         int64     // posts of botsweep.KindLike
}

func newCounters() counters { return counters{NextAccount: 1, NextPost: 1} }

func (c *counters) encode(b []byte) []byte {
	e := enc{b}
	e.byte(codecVersion)
	e.uvarint(uint64(c.NextAccount))
	e.uvarint(uint64(c.NextPost))
	e.varint(c.Accounts)
	e.varint(c.Profiles)
	for _, n := range c.Posts {
		e.varint(n)
	}
	e.varint(c.Follows)
	e.varint(c.Rejected)
	e.varint(c.Operations)
	e.varint(c.Registrations)
	e.varint(c.Campaigns)
	e.time(c.FirstPost)
	e.time(c.LastPost)
	e.varint(c.Likes)
	return e.b
}

func (c *counters) decode(v []byte) error {
	d := dec{b: v}
	if d.byte() != codecVersion {
		return errCorrupt
	}
	c.NextAccount = uint32(d.uvarint())
	c.NextPost = uint32(d.uvarint())
	c.Accounts = d.varint()
	c.Profiles = d.varint()
	for i := range c.Posts {
		c.Posts[i] = d.varint()
	}
	c.Follows = d.varint()
	c.Rejected = d.varint()
	c.Operations = d.varint()
	c.Registrations = d.varint()
	c.Campaigns = d.varint()
	c.FirstPost = d.time()
	c.LastPost = d.time()
	if d.err == nil && len(d.b) > 0 { // stores written before likes have no count
		c.Likes = d.varint()
	}
	return d.err
}

// readCounters returns the committed counters.
func readCounters(r pebble.Reader) (counters, error) {
	c := newCounters()
	v, closer, err := r.Get(countersKey)
	if err == pebble.ErrNotFound {
		return c, nil
	} else if err != nil {
		return c, err
	}
	defer closer.Close()
	err = c.decode(v)
	return c, err
}

func (c *counters) notePostTime(t time.Time) {
	if t.IsZero() {
		return
	}
	t = t.UTC()
	if c.FirstPost.IsZero() || t.Before(c.FirstPost) {
		c.FirstPost = t
	}
	if t.After(c.LastPost) {
		c.LastPost = t
	}
}
