package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// TestDerivedCounts: an account whose source carries no counts gets them
// from the follows, posts and likes held, deletes included; an account
// with measured counts keeps them.
func TestDerivedCounts(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name                       string
		follows, posts, likes, del int
	}{
		{"silent follower", 5, 0, 0, 0},
		{"poster", 1, 7, 3, 0},
		{"after deletes", 4, 6, 2, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(t.TempDir(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			w, err := s.NewWriter(WriterOptions{BatchBytes: 256})
			if err != nil {
				t.Fatal(err)
			}
			me := "did:plc:me"
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(w.Account(&botsweep.Account{ID: me, ScreenName: "me.bsky.social", CountsDerived: true, FirstSeen: at, LastSeen: at}))
			must(w.Account(&botsweep.Account{ID: "123", ScreenName: "measured", Followers: 1000, Friends: 10, Statuses: 99, FirstSeen: at, LastSeen: at}))
			for i := 0; i < tc.follows; i++ {
				other := fmt.Sprintf("did:plc:o%d", i)
				must(w.FollowRecord(fmt.Sprintf("at://%s/app.bsky.graph.follow/%d", me, i), botsweep.Follow{Follower: me, Followee: other}))
				if i%2 == 0 {
					must(w.FollowRecord(fmt.Sprintf("at://%s/app.bsky.graph.follow/%d", other, i), botsweep.Follow{Follower: other, Followee: me}))
				}
				must(w.Follow(botsweep.Follow{Follower: other, Followee: "123"}))
			}
			for i := 0; i < tc.posts; i++ {
				must(w.Post(&botsweep.Post{ID: fmt.Sprintf("at://%s/app.bsky.feed.post/%d", me, i), AccountID: me, CreatedAt: at}))
			}
			for i := 0; i < tc.likes; i++ {
				must(w.Post(&botsweep.Post{ID: fmt.Sprintf("at://%s/app.bsky.feed.like/%d", me, i), AccountID: me, Kind: botsweep.KindLike, CreatedAt: at}))
			}
			for i := 0; i < tc.del; i++ {
				must(w.DeletePost(fmt.Sprintf("at://%s/app.bsky.feed.post/%d", me, i)))
				must(w.UnfollowRecord(fmt.Sprintf("at://%s/app.bsky.graph.follow/%d", me, i)))
			}
			must(w.Close())
			following := int64(tc.follows - min(tc.del, tc.follows))
			followers := int64((tc.follows + 1) / 2)
			wantMe := [4]int64{followers, following, int64(tc.posts - min(tc.del, tc.posts)), int64(tc.likes)}
			counts := func(a *botsweep.Account) [4]int64 { return [4]int64{a.Followers, a.Friends, a.Statuses, a.Favourites} }
			seen := 0
			must(s.EachAccount(ctx, func(a *botsweep.Account) error {
				seen++
				switch a.ID {
				case me:
					if counts(a) != wantMe {
						t.Errorf("EachAccount: derived counts %v, want %v", counts(a), wantMe)
					}
				case "123":
					if counts(a) != [4]int64{1000, 10, 99, 0} {
						t.Errorf("measured counts changed to %v", counts(a))
					}
				}
				return nil
			}))
			if seen != 2 {
				t.Errorf("%d accounts", seen)
			}
			for _, get := range []func() (*botsweep.Account, error){
				func() (*botsweep.Account, error) { return s.Account(ctx, me) },
				func() (*botsweep.Account, error) { return s.AccountByScreenName(ctx, "me.bsky.social") },
			} {
				a, err := get()
				must(err)
				if counts(a) != wantMe || !a.CountsDerived {
					t.Errorf("one account: counts %v derived %v, want %v", counts(a), a.CountsDerived, wantMe)
				}
			}
		})
	}
}

// TestPlatformStatusMerges: snapshots carrying the account's platform
// status merge like any snapshot (the latest wins), in any order.
func TestPlatformStatusMerges(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	snaps := []botsweep.Account{
		{ID: "did:plc:s", ScreenName: "s.bsky.social", CountsDerived: true, FirstSeen: at, LastSeen: at},
		{ID: "did:plc:s", ScreenName: "s.bsky.social", CountsDerived: true, PlatformStatus: "takendown", FirstSeen: at.Add(time.Hour), LastSeen: at.Add(time.Hour)},
		{ID: "did:plc:s", ScreenName: "s.bsky.social", CountsDerived: true, PlatformStatus: "active", FirstSeen: at.Add(2 * time.Hour), LastSeen: at.Add(2 * time.Hour)},
	}
	for _, tc := range []struct {
		name  string
		order []int
		want  string
	}{
		{"in order", []int{0, 1, 2}, "active"},
		{"reversed", []int{2, 1, 0}, "active"},
		{"reinstatement missing", []int{1, 0}, "takendown"},
		{"reinstatement missing, reversed", []int{0, 1}, "takendown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(t.TempDir(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, i := range tc.order { // one writer per snapshot: merged through the store
				w, err := s.NewWriter(WriterOptions{})
				if err != nil {
					t.Fatal(err)
				}
				a := snaps[i]
				if err := w.Account(&a); err != nil {
					t.Fatal(err)
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
			}
			a, err := s.Account(ctx, "did:plc:s")
			if err != nil {
				t.Fatal(err)
			}
			if a.PlatformStatus != tc.want || !a.FirstSeen.Equal(at) {
				t.Errorf("status %q first seen %v, want %q, %v", a.PlatformStatus, a.FirstSeen, tc.want, at)
			}
		})
	}
}
