package detect

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

var syncStart = time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)

// TestSyncPairsHandBuilt: four accounts act in the same twelve 5-minute bins
// (each on its own post), four organic accounts act at their own times, and
// all eight plus forty others act in three viral bins. Only the lockstep
// accounts are tied, and the viral bins tie no one.
func TestSyncPairsHandBuilt(t *testing.T) {
	d := &botsweep.Dataset{}
	id := 0
	post := func(acct string, at time.Time) {
		id++
		_ = d.Post(&botsweep.Post{ID: fmt.Sprintf("p%d", id), AccountID: acct, CreatedAt: at, Text: fmt.Sprintf("post %d", id)})
	}
	viral := []time.Time{syncStart.Add(100 * time.Hour), syncStart.Add(200 * time.Hour), syncStart.Add(300 * time.Hour)}
	for i := 0; i < 4; i++ {
		for k := 0; k < 12; k++ {
			post(fmt.Sprintf("lock%d", i), syncStart.Add(time.Duration(7*k+1)*time.Hour+time.Duration(10+i*20)*time.Second))
		}
		for k := 0; k < 12; k++ {
			post(fmt.Sprintf("org%d", i), syncStart.Add(time.Duration(7*k+3+i)*time.Hour+time.Duration(13*i+k)*time.Minute))
		}
	}
	for i := 0; i < 48; i++ {
		acct := fmt.Sprintf("crowd%d", i)
		if i < 8 {
			acct = []string{"lock0", "lock1", "lock2", "lock3", "org0", "org1", "org2", "org3"}[i]
		}
		for _, v := range viral {
			post(acct, v.Add(time.Duration(i)*time.Second))
		}
	}
	w, err := load(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{}
	opts.defaults()
	pairs := syncPairs(w, opts)
	tied := map[string]int{}
	for _, p := range pairs {
		a, b := w.acct.names[p.A], w.acct.names[p.B]
		if !strings.HasPrefix(a, "lock") || !strings.HasPrefix(b, "lock") {
			t.Errorf("pair %s-%s (weighted Jaccard %.2f, %d bins) ties a non-lockstep account", a, b, p.Weight, p.Items)
		}
		if p.Items < 12 || p.Weight < 0.8 {
			t.Errorf("pair %s-%s: %d shared bins, weighted Jaccard %.2f; want 12+ and the viral bins nearly weightless", a, b, p.Items, p.Weight)
		}
		tied[a]++
		tied[b]++
	}
	for i := 0; i < 4; i++ {
		if tied[fmt.Sprintf("lock%d", i)] == 0 {
			t.Errorf("lock%d is not tied (pairs %v)", i, pairs)
		}
	}
	// Disabled, the layer is empty.
	res, err := Run(context.Background(), d, Options{SyncMinBins: -1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.LayerPairs[LayerSync] != 0 {
		t.Errorf("disabled layer made %d pairs", res.Stats.LayerPairs[LayerSync])
	}
}

// lockstepWorld is an organic population (human rhythms, replies, years of
// creation dates, retweets of each other hours later, three viral moments)
// and a network of bots that act at the same moments but each on its own
// item: original posts with texts of their own and retweets of different
// organic posts. No two bots share an item, so only the
// synchronized-activity layer sees them.
func lockstepWorld(seed uint64, bots int) (*botsweep.Dataset, map[string]string) {
	rng := rand.New(rand.NewPCG(seed, 4))
	d := &botsweep.Dataset{}
	labels := map[string]string{}
	id := 0
	next := func() string { id++; return fmt.Sprintf("p%d", id) }
	words := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "w%x ", rng.Uint32())
		}
		return b.String()
	}
	type op struct {
		id, author string
		t          time.Time
	}
	var organicPosts []op
	const orgN = 120
	for i := 0; i < orgN; i++ {
		a := fmt.Sprintf("o%d", i)
		labels[a] = "organic"
		_ = d.Account(&botsweep.Account{ID: a, ScreenName: fmt.Sprintf("person_%d", i), CreatedAt: syncStart.AddDate(-1-rng.IntN(8), -rng.IntN(12), 0), Followers: int64(50 + rng.IntN(500))})
	}
	for i := 0; i < orgN; i++ {
		a := fmt.Sprintf("o%d", i)
		tz := rng.IntN(3) * 6
		for k := 0; k < 50; k++ {
			day := rng.IntN(30)
			hour := (9 + tz + rng.IntN(14)) % 24
			at := syncStart.Add(time.Duration(day*24+hour)*time.Hour + time.Duration(rng.IntN(3600))*time.Second)
			switch {
			case k%5 == 0 && len(organicPosts) > 0:
				src := organicPosts[rng.IntN(len(organicPosts))]
				_ = d.Post(&botsweep.Post{ID: next(), AccountID: a, Kind: botsweep.KindRetweet, RetweetOf: src.id, RetweetOfAccount: src.author, CreatedAt: src.t.Add(time.Duration(1+rng.IntN(20)) * time.Hour), Client: "Twitter for iPhone"})
			case k%4 == 0:
				to := fmt.Sprintf("o%d", rng.IntN(orgN))
				_ = d.Post(&botsweep.Post{ID: next(), AccountID: a, Kind: botsweep.KindReply, ReplyToAccount: to, Text: "@" + to + " " + words(7), CreatedAt: at, Client: "Twitter for Android"})
			default:
				p := next()
				_ = d.Post(&botsweep.Post{ID: p, AccountID: a, Text: words(8), CreatedAt: at, Client: "Twitter Web App"})
				organicPosts = append(organicPosts, op{p, a, at})
			}
		}
	}
	// Viral moments: a news post most of the population retweets at once.
	_ = d.Account(&botsweep.Account{ID: "news", ScreenName: "News", Verified: true, Followers: 1_000_000})
	for v := 0; v < 3; v++ {
		p := next()
		at := syncStart.Add(time.Duration(100+200*v) * time.Hour)
		_ = d.Post(&botsweep.Post{ID: p, AccountID: "news", Text: "breaking " + words(6), CreatedAt: at})
		for i := 0; i < orgN; i++ {
			if rng.IntN(10) < 8 {
				_ = d.Post(&botsweep.Post{ID: next(), AccountID: fmt.Sprintf("o%d", i), Kind: botsweep.KindRetweet, RetweetOf: p, RetweetOfAccount: "news", CreatedAt: at.Add(time.Duration(5+rng.IntN(150)) * time.Second)})
			}
		}
	}
	// The lockstep bots: created in one hour, default handles and images,
	// one client, acting at 60 moments at any hour, each on its own item.
	for i := 0; i < bots; i++ {
		a := fmt.Sprintf("b%d", i)
		labels[a] = "lockstep"
		_ = d.Account(&botsweep.Account{ID: a, ScreenName: fmt.Sprintf("user%08d", 10000000+rng.IntN(89999999)), CreatedAt: syncStart.Add(-48*time.Hour + time.Duration(i)*time.Minute), DefaultProfileImage: true})
	}
	for m := 0; m < 60; m++ {
		moment := syncStart.Add(time.Duration(rng.IntN(30*24*12)) * 5 * time.Minute).Add(20 * time.Second)
		for i := 0; i < bots; i++ {
			if rng.IntN(10) == 0 {
				continue
			}
			a := fmt.Sprintf("b%d", i)
			at := moment.Add(time.Duration(rng.IntN(200)) * time.Second)
			if m%2 == 0 {
				_ = d.Post(&botsweep.Post{ID: next(), AccountID: a, Text: words(9), CreatedAt: at, Client: "AutoPoster"})
				continue
			}
			src := organicPosts[(m*bots+i)*7%len(organicPosts)]
			_ = d.Post(&botsweep.Post{ID: next(), AccountID: a, Kind: botsweep.KindRetweet, RetweetOf: src.id, RetweetOfAccount: src.author, CreatedAt: at, Client: "AutoPoster"})
		}
	}
	return d, labels
}

// TestSyncLayerFindsLockstepOnDifferentItems: bots that act together but
// never on the same item form a network with the synchronized-activity
// layer and none without it; the organic population and the viral crowd
// stay clean.
func TestSyncLayerFindsLockstepOnDifferentItems(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		d, labels := lockstepWorld(seed, 30)
		res, err := Run(context.Background(), d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		count, best := flaggedByLabel(res.Networks, labels)
		t.Logf("seed %d: %d networks, flagged %v, best %v, stats %+v", seed, len(res.Networks), count, best, res.Stats)
		if best["lockstep"] < 28 {
			t.Errorf("seed %d: %d of 30 lockstep bots in one network", seed, best["lockstep"])
		}
		if count["organic"] > 0 {
			t.Errorf("seed %d: %d organic accounts flagged", seed, count["organic"])
		}
		for _, n := range res.Networks {
			if !Enforceable(&n) {
				continue
			}
			if len(n.Evidence.Signals) == 0 || n.Evidence.Signals[0].Layer != LayerSync {
				t.Errorf("seed %d: network %s signals %+v, want %s first", seed, n.ID, n.Evidence.Signals, LayerSync)
			}
		}
		without, err := Run(context.Background(), d, Options{SyncMinBins: -1})
		if err != nil {
			t.Fatal(err)
		}
		if count, _ := flaggedByLabel(without.Networks, labels); count["lockstep"] > 0 {
			t.Errorf("seed %d: without the layer %d lockstep bots flagged; the world should need it", seed, count["lockstep"])
		}
	}
}

// TestSyncBesideCoAction: Run compares the synchronized-activity bins on
// another goroutine while the co-action layers sort the world's shares.
// The bins taken before the sort give the pairs syncPairs gives after it,
// and the comparison beside the sort is race-free (go test -race -run
// 'SyncBeside').
func TestSyncBesideCoAction(t *testing.T) {
	for _, seed := range []uint64{4, 5} {
		d, _ := lockstepWorld(seed, 30)
		opts := Options{}
		opts.defaults()
		w, err := load(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		in := syncActivity(w, opts)
		done := make(chan []PairWeight, 1)
		go func() { done <- in.pairs() }()
		for _, sh := range [][]Share{w.retweetShares, w.postShares, w.replyShares} {
			coAction(sh, 60, opts.MaxPartners, w.n(), opts.Seed, func(int) float32 { return 1 })
		}
		got := <-done
		w2, err := load(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		want := syncPairs(w2, opts)
		if len(want) == 0 {
			t.Fatalf("seed %d: no synchronized pairs; the world should have some", seed)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("seed %d: pairs beside the co-action layers differ:\n got %v\nwant %v", seed, got, want)
		}
		a, err := Run(context.Background(), d, Options{Now: func() time.Time { return syncStart }})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Run(context.Background(), d, Options{Now: func() time.Time { return syncStart }})
		if err != nil {
			t.Fatal(err)
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("seed %d: two runs differ:\n%s\n%s", seed, ja, jb)
		}
	}
}
