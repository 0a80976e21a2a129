package botsweep

import (
	"context"
	"testing"
)

func TestDatasetDerivedCounts(t *testing.T) {
	d := Dataset{
		Accounts: []Account{
			{ID: "did:plc:a", CountsDerived: true},
			{ID: "1", Followers: 500, Friends: 7, Statuses: 90, Favourites: 3},
			{ID: "did:plc:quiet", CountsDerived: true, Followers: 99},
		},
		Follows: []Follow{{Follower: "did:plc:a", Followee: "1"}, {Follower: "1", Followee: "did:plc:a"}, {Follower: "did:plc:x", Followee: "did:plc:a"}},
		Posts: []Post{
			{ID: "p1", AccountID: "did:plc:a"}, {ID: "p2", AccountID: "did:plc:a", Kind: KindRetweet},
			{ID: "l1", AccountID: "did:plc:a", Kind: KindLike}, {ID: "p3", AccountID: "1"},
		},
	}
	want := map[string][4]int64{
		"did:plc:a":     {2, 1, 2, 1},    // derived
		"1":             {500, 7, 90, 3}, // measured: kept
		"did:plc:quiet": {0, 0, 0, 0},    // derived: nothing held
	}
	for _, tc := range []struct {
		name string
		d    Dataset
	}{{"derived", d}} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.d.EachAccount(context.Background(), func(a *Account) error {
				if got := [4]int64{a.Followers, a.Friends, a.Statuses, a.Favourites}; got != want[a.ID] {
					t.Errorf("%s: counts %v, want %v", a.ID, got, want[a.ID])
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tc.d.Accounts[2].Followers != 99 {
				t.Error("EachAccount changed the stored account")
			}
		})
	}
}
