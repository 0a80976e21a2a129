package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/bits"
	"time"

	"github.com/botsweep/botsweep"
)

// multisetHash is an order-independent hash of a set of records: the sum,
// modulo 2^256, of each record's SHA-256, with the record count.
type multisetHash struct {
	sum [4]uint64
	n   int64
}

func (m *multisetHash) add(rec []byte) {
	h := sha256.Sum256(rec)
	var carry uint64
	for i := 0; i < 4; i++ { // sum[0] is the least significant word
		v := binary.BigEndian.Uint64(h[24-8*i:])
		m.sum[i], carry = bits.Add64(m.sum[i], v, carry)
	}
	m.n++
}

func (m *multisetHash) write(b []byte, name string) []byte {
	b = append(b, name...)
	b = binary.BigEndian.AppendUint64(b, uint64(m.n))
	for i := 3; i >= 0; i-- {
		b = binary.BigEndian.AppendUint64(b, m.sum[i])
	}
	return b
}

// Digest returns a hex SHA-256 over the store's ingested content: every
// account, post, follow, reference record and reject, encoded canonically
// by platform id, and the counters. It does not depend on the order records
// were ingested in or on the dense ids they were given, nor on the times
// reference records were received, so a store built by an ingest that was
// killed and run again has the digest of one built in a single run.
func (s *Store) Digest(ctx context.Context) (string, error) {
	var (
		accounts, interned, posts, follows, ops, regs, camps, rejects multisetHash
		buf                                                           []byte
	)
	err := s.EachAccount(ctx, func(a *botsweep.Account) error {
		buf = encodeAccount(buf[:0], a)
		accounts.add(buf)
		return nil
	})
	if err == nil {
		err = s.scanCtx(ctx, []byte{nsIntern, subAccountID}, func(k, v []byte) error {
			interned.add(k[2:])
			return nil
		})
	}
	if err == nil {
		err = s.EachPost(ctx, func(p *botsweep.Post) error {
			buf = encodePost(buf[:0], p, 0)
			posts.add(buf)
			return nil
		})
	}
	if err == nil {
		err = s.EachFollow(ctx, func(f botsweep.Follow) error {
			buf = encodeFollow(buf[:0], f)
			follows.add(buf)
			return nil
		})
	}
	if err == nil {
		err = s.EachPriorOperation(ctx, func(o *botsweep.PriorOperation) error {
			c := *o
			c.Received = time.Time{}
			buf = encodeOperation(buf[:0], &c)
			ops.add(buf)
			return nil
		})
	}
	if err == nil {
		err = s.EachDomainRegistration(ctx, func(r *botsweep.DomainRegistration) error {
			c := *r
			c.Received = time.Time{}
			buf = encodeRegistration(buf[:0], &c)
			regs.add(buf)
			return nil
		})
	}
	if err == nil {
		err = s.EachCampaign(ctx, func(c *botsweep.Campaign) error {
			cp := *c
			cp.Received = time.Time{}
			buf = encodeCampaign(buf[:0], &cp)
			camps.add(buf)
			return nil
		})
	}
	if err == nil {
		err = s.scanCtx(ctx, []byte{nsReject, subReject}, func(k, v []byte) error {
			buf = append(append(buf[:0], k...), v...)
			rejects.add(buf)
			return nil
		})
	}
	if err != nil {
		return "", s.readErr(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		return "", err
	}
	out := []byte("botsweep digest v1\n")
	out = accounts.write(out, "accounts")
	out = interned.write(out, "account-ids")
	out = posts.write(out, "posts")
	out = follows.write(out, "follows")
	out = ops.write(out, "operations")
	out = regs.write(out, "registrations")
	out = camps.write(out, "campaigns")
	out = rejects.write(out, "rejects")
	out = fmt.Appendf(out, "stats %d %d %d %d %d %d %d %d %d %d %d %d",
		st.Accounts, st.Profiles, st.Originals, st.Retweets, st.Replies, st.Quotes,
		st.Follows, st.Rejected, st.Operations, st.Registrations, st.Campaigns, st.Posts)
	if st.FirstPost != nil {
		out = fmt.Appendf(out, " %d %d", st.FirstPost.UnixNano(), st.LastPost.UnixNano())
	}
	sum := sha256.Sum256(out)
	return hex.EncodeToString(sum[:]), nil
}
