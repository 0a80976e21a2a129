package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// op is one operation of a capture: a create or a delete of a record.
type op struct {
	post   *botsweep.Post
	follow *botsweep.Follow
	id     string // the record id (post id, follow record id)
	delete bool
}

// deleteCapture makes a capture of posts, likes and follow records by a
// few accounts, and picks records to delete: the capture with the deletes
// appended (and some moved before their create), and the same capture
// without the deleted records.
func deleteCapture(seed uint64, n int, outOfOrder bool) (with, without []op) {
	r := rand.New(rand.NewPCG(seed, 7))
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	acct := func(i int) string { return fmt.Sprintf("did:plc:acct%04d", i) }
	var creates []op
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("at://%s/app.bsky.feed.post/%06d", acct(i%7), i)
		switch r.IntN(4) {
		case 0, 1:
			creates = append(creates, op{id: id, post: &botsweep.Post{ID: id, AccountID: acct(i % 7), Kind: botsweep.KindOriginal,
				CreatedAt: base.Add(time.Duration(r.IntN(1e6)) * time.Second), Text: fmt.Sprint("post ", i)}})
		case 2:
			id = fmt.Sprintf("at://%s/app.bsky.feed.like/%06d", acct(i%7), i)
			creates = append(creates, op{id: id, post: &botsweep.Post{ID: id, AccountID: acct(i % 7), Kind: botsweep.KindLike,
				CreatedAt: base.Add(time.Duration(r.IntN(1e6)) * time.Second), RetweetOf: "at://did:plc:x/app.bsky.feed.post/1", RetweetOfAccount: "did:plc:x"}})
		default:
			// Few accounts: some pairs are followed by several records.
			id = fmt.Sprintf("at://%s/app.bsky.graph.follow/%06d", acct(i%7), i)
			creates = append(creates, op{id: id, follow: &botsweep.Follow{Follower: acct(i % 7), Followee: acct(r.IntN(7))}})
		}
	}
	// Every account also posts a record never deleted, so that both
	// captures hold the same accounts.
	for i := 0; i < 7; i++ {
		id := fmt.Sprintf("at://%s/app.bsky.feed.post/keep", acct(i))
		creates = append(creates, op{id: id, post: &botsweep.Post{ID: id, AccountID: acct(i), CreatedAt: base.Add(time.Duration(i+1) * time.Hour)}})
	}
	deleted := map[string]bool{}
	for _, c := range creates[:n] {
		if r.IntN(3) == 0 {
			deleted[c.id] = true
		}
	}
	// The earliest and latest posts go too, so the time range moves.
	first, last := -1, -1
	for i, c := range creates[:n] {
		if c.post == nil {
			continue
		}
		if first < 0 || c.post.CreatedAt.Before(creates[first].post.CreatedAt) {
			first = i
		}
		if last < 0 || c.post.CreatedAt.After(creates[last].post.CreatedAt) {
			last = i
		}
	}
	deleted[creates[first].id], deleted[creates[last].id] = true, true
	// A pair followed by two records loses one of them only: the follow stays.
	for _, c := range creates {
		if !deleted[c.id] {
			with = append(with, c)
			without = append(without, c)
			continue
		}
		if outOfOrder && r.IntN(2) == 0 {
			with = append(with, op{id: c.id, delete: true}, c)
		} else {
			with = append(with, c)
		}
	}
	for _, c := range creates {
		if deleted[c.id] {
			with = append(with, op{id: c.id, delete: true})
		}
	}
	// A delete of a record never created changes nothing held.
	with = append(with, op{id: "at://did:plc:acct0001/app.bsky.feed.post/never", delete: true})
	return with, without
}

func applyOps(t *testing.T, w *Writer, ops []op) {
	t.Helper()
	for _, o := range ops {
		var err error
		switch {
		case o.delete && strings.Contains(o.id, "graph.follow"):
			err = w.UnfollowRecord(o.id)
		case o.delete:
			err = w.DeletePost(o.id)
		case o.post != nil:
			cp := *o.post
			err = w.Post(&cp)
		default:
			err = w.FollowRecord(o.id, *o.follow)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestDeletesGiveTheDigestOfTheCaptureWithoutThem(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name       string
		seed       uint64
		n          int
		outOfOrder bool
		opts       WriterOptions
		runs       int // times the capture is ingested
	}{
		{"in order, one batch", 1, 300, false, WriterOptions{}, 1},
		{"in order, small batches", 2, 500, false, WriterOptions{BatchBytes: 512}, 1},
		{"deletes before creates", 3, 500, true, WriterOptions{BatchBytes: 2048}, 1},
		{"bulk writer", 4, 400, true, WriterOptions{Bulk: true, BatchBytes: 4096}, 1},
		{"ingested twice", 5, 400, true, WriterOptions{BatchBytes: 1024}, 2},
		{"ingested twice, bulk", 6, 300, false, WriterOptions{Bulk: true}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			with, without := deleteCapture(tc.seed, tc.n, tc.outOfOrder)
			ingestOps := func(dir string, ops []op, runs int) (string, Stats) {
				s, err := Open(dir, Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				for i := 0; i < runs; i++ {
					w, err := s.NewWriter(tc.opts)
					if err != nil {
						t.Fatal(err)
					}
					applyOps(t, w, ops)
					if err := w.Close(); err != nil {
						t.Fatal(err)
					}
				}
				d, err := s.Digest(ctx)
				if err != nil {
					t.Fatal(err)
				}
				st, err := s.Stats(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return d, st
			}
			root := t.TempDir()
			dw, sw := ingestOps(filepath.Join(root, "with"), with, tc.runs)
			dn, sn := ingestOps(filepath.Join(root, "without"), without, 1)
			if fmt.Sprint(sw) != fmt.Sprint(sn) {
				t.Errorf("stats with deletes %+v\nwithout the records %+v", sw, sn)
			}
			if dw != dn {
				t.Errorf("digest with deletes %s, without the records %s", dw, dn)
			}
			if sn.Follows == 0 || sn.Posts == 0 || sn.Likes == 0 {
				t.Fatalf("capture too small to test: %+v", sn)
			}
		})
	}
}

func TestDeleteThenRecreateFollow(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := botsweep.Follow{Follower: "did:plc:a", Followee: "did:plc:b"}
	steps := []struct {
		name    string
		do      func(w *Writer) error
		follows int64
	}{
		{"follow", func(w *Writer) error { return w.FollowRecord("at://did:plc:a/app.bsky.graph.follow/1", f) }, 1},
		{"unfollow", func(w *Writer) error { return w.UnfollowRecord("at://did:plc:a/app.bsky.graph.follow/1") }, 0},
		{"the deleted record again", func(w *Writer) error { return w.FollowRecord("at://did:plc:a/app.bsky.graph.follow/1", f) }, 0},
		{"follow again, a new record", func(w *Writer) error { return w.FollowRecord("at://did:plc:a/app.bsky.graph.follow/2", f) }, 1},
		{"unfollow by pair", func(w *Writer) error { return w.Unfollow(f) }, 0},
		{"follow by pair after it", func(w *Writer) error { return w.Follow(f) }, 1},
	}
	for _, st := range steps {
		w, err := s.NewWriter(WriterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.do(w); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		if err := s.EachFollow(ctx, func(botsweep.Follow) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if got.Follows != st.follows || int64(n) != st.follows {
			t.Errorf("after %s: %d follows counted, %d held, want %d", st.name, got.Follows, n, st.follows)
		}
	}
}

// TestDeletesAfterACrash: a crash between a batch of records and the
// batch of deletes after it (records durable, deletes not), or after the
// deletes but before the writer fixed the post time range, leaves a store
// that ingesting the input again (or the next writer) brings to the digest
// of the capture without the deleted records.
func TestDeletesAfterACrash(t *testing.T) {
	ctx := context.Background()
	with, without := deleteCapture(11, 400, true)
	var creates []op
	for _, o := range with {
		if !o.delete {
			creates = append(creates, o)
		}
	}
	digestOf := func(s *Store) string {
		d, err := s.Digest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	ref, err := Open(filepath.Join(t.TempDir(), "ref"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := ref.NewWriter(WriterOptions{})
	applyOps(t, w, without)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := digestOf(ref)
	ref.Close()

	for _, tc := range []struct {
		name  string
		crash func(t *testing.T, s *Store) // leaves the store as a crash would
	}{
		{"records durable, deletes not", func(t *testing.T, s *Store) {
			w, err := s.NewWriter(WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			applyOps(t, w, creates)
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"deletes durable, time range not fixed", func(t *testing.T, s *Store) {
			w, err := s.NewWriter(WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			applyOps(t, w, with)
			if err := w.Sync(); err != nil { // then the process dies: no Close
				t.Fatal(err)
			}
			if !w.rangeDirty {
				t.Fatal("the capture's deletes did not move the post time range")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			tc.crash(t, s)
			s.Close()
			if s, err = Open(dir, Options{}); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			w, err := s.NewWriter(WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			applyOps(t, w, with) // the input ingested again
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if got := digestOf(s); got != want {
				t.Errorf("digest after the crash and a re-ingest %s, want %s", got, want)
			}
		})
	}
}
