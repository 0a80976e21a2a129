package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/store"
)

// plainSink hides the Writer's HintPosts, so that Decode passes posts one
// by one without a hint.
type plainSink struct{ botsweep.Sink }

// shareTable is a generated share table with its first dup rows repeated
// at the end (exact duplicates, which must dedupe).
func shareTable(t *testing.T, n, dup int, seed uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ingest.WriteSyntheticShares(&buf, n, seed); err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(buf.Bytes(), []byte("\n"))
	for _, l := range lines[1 : 1+dup] {
		buf.Write(l)
	}
	return buf.Bytes()
}

func decodeInto(t *testing.T, s *store.Store, opts store.WriterOptions, data []byte, hide bool) {
	t.Helper()
	w, err := s.NewWriter(opts)
	if err != nil {
		t.Fatal(err)
	}
	var sink botsweep.Sink = w
	if hide {
		sink = plainSink{w}
	}
	if _, err := ingest.Decode(context.Background(), bytes.NewReader(data), ingest.Options{Name: "s.csv"}, sink); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestHintPostsChangesNothing ingests share tables (several sizes and
// seeds, duplicates within a batch and across commits) with the writer's
// read-ahead hints and without, with complete and with bounded caches,
// once and twice: every store has the same digest and counters.
func TestHintPostsChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		n, dup int
		seed   uint64
	}{{500, 100, 1}, {5000, 3000, 2}, {30000, 10000, 3}} {
		data := shareTable(t, tc.n, tc.dup, tc.seed)
		ref := openTemp(t)
		decodeInto(t, ref, store.WriterOptions{}, data, true)
		want := digest(t, ref)
		wantStats, _ := ref.Stats(context.Background())
		if wantStats.Posts != int64(tc.n) {
			t.Fatalf("n=%d: %d posts stored, want %d (duplicates must dedupe)", tc.n, wantStats.Posts, tc.n)
		}
		for _, opts := range []store.WriterOptions{
			{Bulk: true},
			{Bulk: true, BatchBytes: 64 << 10},
			{Bulk: true, BatchBytes: 64 << 10, CacheEntries: 1000},
			{BatchBytes: 64 << 10},
		} {
			for _, twice := range []bool{false, true} {
				t.Run(fmt.Sprintf("n=%d seed=%d %+v twice=%v", tc.n, tc.seed, opts, twice), func(t *testing.T) {
					s := openTemp(t)
					decodeInto(t, s, opts, data, false)
					if twice {
						decodeInto(t, s, opts, data, false)
					}
					sameContent(t, s, want, wantStats)
				})
			}
		}
	}
}

// TestHintPostsOtherPosts checks that a hint is only a hint: posts that
// were not in it, or arrive out of its order, are stored as without one.
func TestHintPostsOtherPosts(t *testing.T) {
	posts := make([]botsweep.Post, 600)
	for i := range posts {
		posts[i] = botsweep.Post{ID: fmt.Sprint(1000 + i%450), AccountID: fmt.Sprint(i % 37), Kind: botsweep.KindRetweet, RetweetOf: "7", CreatedAt: t0}
	}
	ref := openTemp(t)
	write(t, ref, store.WriterOptions{Bulk: true}, &botsweep.Dataset{Posts: posts})
	s := openTemp(t)
	w, err := s.NewWriter(store.WriterOptions{Bulk: true})
	if err != nil {
		t.Fatal(err)
	}
	other := make([]botsweep.Post, 300)
	for i := range other {
		other[i] = botsweep.Post{ID: fmt.Sprint("x", i), AccountID: "a"}
	}
	w.HintPosts(other) // never posted
	for i := range posts[:300] {
		if err := w.Post(&posts[i]); err != nil {
			t.Fatal(err)
		}
	}
	w.HintPosts(posts[300:])
	for i := len(posts) - 1; i >= 300; i-- { // against the hint's order
		if err := w.Post(&posts[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// Posts 300.. went in reversed: dense ids differ, content does not.
	if got, want := digest(t, s), digest(t, ref); got != want {
		t.Errorf("digest %s, want %s", got, want)
	}
}

// TestHintPostsChangedAfterHint checks that Post hashes a post again when
// its ids changed after the hint (the hint's hashes are reused only for
// the same ids): the store is the one the changed posts give without a
// hint.
func TestHintPostsChangedAfterHint(t *testing.T) {
	posts := make([]botsweep.Post, 700)
	for i := range posts {
		posts[i] = botsweep.Post{ID: fmt.Sprint(5000 + i), AccountID: fmt.Sprint(i % 41), Kind: botsweep.KindRetweet, RetweetOf: "9", CreatedAt: t0}
	}
	s := openTemp(t)
	w, err := s.NewWriter(store.WriterOptions{Bulk: true})
	if err != nil {
		t.Fatal(err)
	}
	w.HintPosts(posts)
	for i := range posts {
		switch i % 3 {
		case 1:
			posts[i].ID = fmt.Sprint(5000 + i%200) // now a duplicate of an earlier post
		case 2:
			posts[i].AccountID = fmt.Sprint("other", i%7)
		}
	}
	for i := range posts {
		if err := w.Post(&posts[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ref := openTemp(t)
	write(t, ref, store.WriterOptions{Bulk: true}, &botsweep.Dataset{Posts: posts}) // no hint
	if got, want := digest(t, s), digest(t, ref); got != want {
		t.Errorf("digest %s, want %s", got, want)
	}
	st, _ := s.Stats(context.Background())
	ids := map[string]bool{}
	for _, p := range posts {
		ids[p.ID] = true
	}
	if st.Posts != int64(len(ids)) || len(ids) == len(posts) {
		t.Errorf("%d posts stored, want %d of %d (the changed ids dedupe)", st.Posts, len(ids), len(posts))
	}
}
