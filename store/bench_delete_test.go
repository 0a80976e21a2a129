package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// benchRecords writes n posts and n follow records by 1,000 accounts,
// then deletes every del-th of each (del 0: none).
func benchRecords(b *testing.B, s *Store, n, del int, derived bool) {
	w, err := s.NewWriter(WriterOptions{})
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	acct := func(i int) string { return fmt.Sprintf("did:plc:bench%06d", i%1000) }
	for i := 0; i < 1000; i++ {
		if err := w.Account(&botsweep.Account{ID: acct(i), CountsDerived: derived, FirstSeen: at, LastSeen: at}); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		p := botsweep.Post{ID: fmt.Sprintf("at://%s/app.bsky.feed.post/%d", acct(i), i), AccountID: acct(i), CreatedAt: at.Add(time.Duration(i) * time.Second), Text: "hello"}
		if err := w.Post(&p); err != nil {
			b.Fatal(err)
		}
		if err := w.FollowRecord(fmt.Sprintf("at://%s/app.bsky.graph.follow/%d", acct(i), i), botsweep.Follow{Follower: acct(i), Followee: acct(i * 7)}); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; del > 0 && i < n; i += del {
		if err := w.DeletePost(fmt.Sprintf("at://%s/app.bsky.feed.post/%d", acct(i), i)); err != nil {
			b.Fatal(err)
		}
		if err := w.UnfollowRecord(fmt.Sprintf("at://%s/app.bsky.graph.follow/%d", acct(i), i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkDeletes compares ingesting 20,000 posts and follow records
// with and without deleting a fifth of them afterwards (the delete path:
// lookups, tombstones, index updates, counters, the time range fixed).
func BenchmarkDeletes(b *testing.B) {
	for _, tc := range []struct {
		name string
		del  int
	}{{"creates-only", 0}, {"creates-then-delete-a-fifth", 5}} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s, err := Open(b.TempDir(), Options{})
				if err != nil {
					b.Fatal(err)
				}
				benchRecords(b, s, 20000, tc.del, false)
				s.Close()
			}
		})
	}
}

// BenchmarkEachAccountDerived compares reading every account of a store
// whose accounts carry their counts with one whose counts are derived from
// the 20,000 posts and follows held (one extra scan of each).
func BenchmarkEachAccountDerived(b *testing.B) {
	for _, derived := range []bool{false, true} {
		name := "measured-counts"
		if derived {
			name = "derived-counts"
		}
		b.Run(name, func(b *testing.B) {
			s, err := Open(b.TempDir(), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			benchRecords(b, s, 20000, 0, derived)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				n := 0
				if err := s.EachAccount(ctx, func(*botsweep.Account) error { n++; return nil }); err != nil || n != 1000 {
					b.Fatal(n, err)
				}
			}
		})
	}
}
