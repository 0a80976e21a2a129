package detect

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect/detecttest"
	"github.com/botsweep/botsweep/sim"
	"github.com/botsweep/botsweep/store"
)

// postsOnly hides a source's PostViewSource methods, so load reads it
// through EachPost.
type postsOnly struct{ botsweep.Source }

// storeOf writes everything src holds into a new store.
func storeOf(t testing.TB, src botsweep.Source) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	wr, err := st.NewWriter(store.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, err := range []error{
		src.EachAccount(ctx, func(a *botsweep.Account) error { return wr.Account(a) }),
		src.EachPost(ctx, func(p *botsweep.Post) error { return wr.Post(p) }),
		src.EachFollow(ctx, func(f botsweep.Follow) error { return wr.Follow(f) }),
		src.EachCampaign(ctx, func(c *botsweep.Campaign) error { return wr.Campaign(c) }),
		wr.Close(),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// withLikes adds likes of the dataset's retweeted posts, by its retweeters
// and by accounts seen nowhere else, so the like path is read too.
func withLikes(d *botsweep.Dataset) *botsweep.Dataset {
	var likes []botsweep.Post
	for i, p := range d.Posts {
		if p.Kind == botsweep.KindRetweet && i%3 == 0 {
			likes = append(likes, botsweep.Post{ID: "like-" + p.ID, AccountID: p.AccountID, Kind: botsweep.KindLike,
				RetweetOf: p.RetweetOf, RetweetOfAccount: p.RetweetOfAccount, CreatedAt: p.CreatedAt.Add(time.Second)})
			likes = append(likes, botsweep.Post{ID: "like2-" + p.ID, AccountID: "liker-" + p.RetweetOf, Kind: botsweep.KindLike,
				RetweetOf: p.RetweetOf, CreatedAt: p.CreatedAt.Add(time.Minute)})
		}
	}
	d.Posts = append(d.Posts, likes...)
	return d
}

// simDataset is randomized world seed at scale 0.03.
func simDataset(t testing.TB, seed int64) *botsweep.Dataset {
	t.Helper()
	d := &botsweep.Dataset{}
	cfg := randomWorld(t, seed, false)
	cfg.Scale = 0.03
	if _, err := sim.Generate(context.Background(), cfg, d); err != nil {
		t.Fatal(err)
	}
	return d
}

// smallShareTable is shareTableWorld with 1/div of its rows and crowd.
func smallShareTable(seed int64, div int) *synthSource {
	s := shareTableWorld(seed)
	s.total, s.crowd = s.total/div, s.crowd/div
	return s
}

// TestLoadFromViewsMatchesPosts: a store read through its post views gives
// the same world as read through EachPost (same ids in the same order, same
// traces), and detection on it the same networks, on worlds with profiles,
// replies, campaigns and follows, on share tables and with likes.
func TestLoadFromViewsMatchesPosts(t *testing.T) {
	simWorld := func(seed int64) botsweep.Source { return simDataset(t, seed) }
	mini := func(seed uint64) botsweep.Source { d, _ := detecttest.MiniWorld(seed); return d }
	share := func(seed int64) botsweep.Source { return smallShareTable(seed, 5) }
	cases := []struct {
		name    string
		src     botsweep.Source
		compare bool // also compare detection's networks
	}{
		{"mini world 1 (campaign posts)", mini(1), true},
		{"mini world 2 with likes", withLikes(mini(2).(*botsweep.Dataset)), true},
		{"random world 3101", simWorld(3101), true},
		{"random world 3102", simWorld(3102), false},
		{"share table 3103", share(3103), true},
		{"share table 3104", share(3104), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st := storeOf(t, tc.src)
			views, err := load(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			posts, err := load(ctx, postsOnly{st})
			if err != nil {
				t.Fatal(err)
			}
			if len(views.retweetShares) == 0 {
				t.Fatal("no retweets loaded")
			}
			if !reflect.DeepEqual(views, posts) {
				t.Errorf("worlds differ: %d/%d accounts, %d/%d objects, %d/%d retweets, %d/%d likes (views/posts)",
					views.n(), posts.n(), len(views.objTime), len(posts.objTime), len(views.retweetShares), len(posts.retweetShares),
					len(views.likeShares), len(posts.likeShares))
			}
			if !tc.compare {
				return
			}
			now := func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }
			a, err := Run(ctx, st, Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			b, err := Run(ctx, postsOnly{st}, Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.Networks, b.Networks) {
				t.Errorf("networks differ: %d through views, %d through posts", len(a.Networks), len(b.Networks))
			}
		})
	}
}

// TestHourOfDay: hourOfDay is time's UTC hour, before 1970 too.
func TestHourOfDay(t *testing.T) {
	ts := []int64{0, -1, 3599, 3600, 86399, 86400, -86400, -86401, 1_572_566_400, 1_572_566_400 + 13*3600 + 59, math.MaxInt32, -math.MaxInt32}
	for i := range 1000 {
		ts = append(ts, int64(i)*7_919_993-3_000_000_000)
	}
	for _, x := range ts {
		if got, want := hourOfDay(x), time.Unix(x, 0).UTC().Hour(); got != want {
			t.Errorf("hourOfDay(%d) = %d, want %d", x, got, want)
		}
	}
}
