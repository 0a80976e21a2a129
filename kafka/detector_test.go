package kafka_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect"
	"github.com/botsweep/botsweep/kafka"
	"github.com/botsweep/botsweep/sim"
)

// replay feeds a simulated world into a Window in event-time order, as a
// stream would, running the detector after each chunk of event time. It
// returns the event time at which a detected network first held most of
// the planted retweet network, and that network's first retweet time.
func replay(t *testing.T, seed int64, scale float64, chunk time.Duration, det *kafka.Detector) (flagged, first time.Time, alerts []kafka.Alert) {
	t.Helper()
	ctx := context.Background()
	cfg, err := sim.Default("globus")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed, cfg.Scale = seed, scale
	var d botsweep.Dataset
	truth, err := sim.Generate(ctx, cfg, &d)
	if err != nil {
		t.Fatal(err)
	}
	planted := map[string]bool{}
	for _, r := range truth.Rows {
		if r.Label == sim.LabelNetwork {
			planted[r.AccountID] = true
		}
	}
	accounts := map[string]*botsweep.Account{}
	for i := range d.Accounts {
		accounts[d.Accounts[i].ID] = &d.Accounts[i]
	}
	sort.SliceStable(d.Posts, func(i, j int) bool { return d.Posts[i].CreatedAt.Before(d.Posts[j].CreatedAt) })
	// The network's first burst: the first post that at least 10 planted
	// accounts retweeted within 10 minutes of each other; first is when
	// its 10th retweet came.
	byItem := map[string][]time.Time{}
	for _, p := range d.Posts {
		if !planted[p.AccountID] || p.Kind != botsweep.KindRetweet {
			continue
		}
		ts := append(byItem[p.RetweetOf], p.CreatedAt)
		byItem[p.RetweetOf] = ts
		if len(ts) >= 10 && ts[len(ts)-1].Sub(ts[len(ts)-10]) <= 10*time.Minute {
			first = p.CreatedAt
			break
		}
	}
	det.OnRun = func(latest time.Time, nets []botsweep.Network) {
		if !flagged.IsZero() {
			return
		}
		for _, n := range nets {
			in := 0
			for _, m := range n.Members {
				if planted[m.AccountID] {
					in++
				}
			}
			if in*2 > len(n.Members) && in >= 10 {
				flagged = latest
				return
			}
		}
	}
	det.OnAlert = func(a kafka.Alert) { alerts = append(alerts, a) }
	// Replay from a day before the network's first retweet: the stream
	// has been running; what matters is how soon after the burst it flags.
	from, until := first.Add(-24*time.Hour), first.Add(72*time.Hour)
	var next time.Time
	for i := range d.Posts {
		p := &d.Posts[i]
		if p.CreatedAt.Before(from) {
			continue
		}
		if p.CreatedAt.After(until) {
			break
		}
		if a := accounts[p.AccountID]; a != nil {
			det.Window.Account(a)
		}
		det.Window.Post(p)
		if next.IsZero() {
			next = p.CreatedAt.Add(chunk)
		}
		if p.CreatedAt.After(next) {
			next = p.CreatedAt.Add(chunk)
			if _, err := det.MaybeRun(ctx); err != nil {
				t.Fatal(err)
			}
			if !flagged.IsZero() {
				break
			}
		}
	}
	return flagged, first, alerts
}

// runDetect runs detection as `botsweep stream` does: an item shared
// within the window by coordinated accounts counts from its first
// co-share, so a burst is flagged before it repeats.
func runDetect(ctx context.Context, src botsweep.Source) ([]botsweep.Network, error) {
	res, err := detect.Run(ctx, src, kafka.StreamDetectOptions())
	if err != nil {
		return nil, err
	}
	return res.Networks, nil
}

func TestStreamFlagsThePlantedNetworkSoonAfterItsFirstBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("replays a simulated world")
	}
	var mu sync.Mutex
	var hooked []kafka.Alert
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a kafka.Alert
		if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		mu.Lock()
		hooked = append(hooked, a)
		mu.Unlock()
	}))
	defer hook.Close()
	for _, tc := range []struct {
		name  string
		seed  int64
		scale float64
	}{
		{"seed 3 small", 3, 0.05},
		{"seed 11", 11, 0.1},
		{"seed 17", 17, 0.1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			det := &kafka.Detector{
				Window: &kafka.Window{Span: 24 * time.Hour}, Detect: runDetect, Every: 10 * time.Minute, Webhook: hook.URL,
			}
			flagged, first, alerts := replay(t, tc.seed, tc.scale, 10*time.Minute, det)
			if flagged.IsZero() {
				t.Fatalf("the planted network was never flagged (first burst at %v)", first)
			}
			latency := flagged.Sub(first)
			t.Logf("flagged %v (event time) after the network's first burst", latency)
			// Event time, deterministic for the seed: not a wall-clock limit.
			if latency < 0 || latency > time.Hour {
				t.Fatalf("flagged %v after the first burst, want within the hour", latency)
			}
			if len(alerts) == 0 || alerts[0].Kind != "new" {
				t.Fatalf("alerts = %+v, want a new-network alert first", alerts)
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if len(hooked) == 0 {
		t.Fatal("the webhook received no alert")
	}
}

func TestDetectorDiff(t *testing.T) {
	mk := func(id string, members ...string) botsweep.Network {
		n := botsweep.Network{ID: id, Score: 0.9}
		for _, m := range members {
			n.Members = append(n.Members, botsweep.Member{AccountID: m})
		}
		return n
	}
	runs := [][]botsweep.Network{
		{mk("A", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10")},
		{mk("A", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10")},                                                    // unchanged: no alert
		{mk("B", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")},                                        // grew 20% (id changed): grown
		{mk("B", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"), mk("C", "x1", "x2", "x3", "x4", "x5")}, // C new
	}
	want := [][]string{{"new A"}, nil, {"grown B"}, {"new C"}}
	i := 0
	w := &kafka.Window{}
	det := &kafka.Detector{Window: w, Detect: func(context.Context, botsweep.Source) ([]botsweep.Network, error) { return runs[i], nil }}
	for i = range runs {
		w.Post(&botsweep.Post{ID: string(rune('a' + i)), CreatedAt: time.Unix(int64(i)*3600, 0)})
		alerts, err := det.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range alerts {
			got = append(got, a.Kind+" "+a.NetworkID)
		}
		if len(got) != len(want[i]) || (len(got) > 0 && got[0] != want[i][0]) {
			t.Errorf("run %d alerts = %v, want %v", i, got, want[i])
		}
	}
}

func TestWindowEvictsAndDedupes(t *testing.T) {
	w := &kafka.Window{Span: time.Hour}
	t0 := time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC)
	w.Post(&botsweep.Post{ID: "1", CreatedAt: t0})
	w.Post(&botsweep.Post{ID: "1", CreatedAt: t0}) // redelivered
	w.Post(&botsweep.Post{ID: "2", CreatedAt: t0.Add(30 * time.Minute)})
	if w.Len() != 2 {
		t.Fatalf("len = %d, want 2 (the redelivered post once)", w.Len())
	}
	w.Post(&botsweep.Post{ID: "3", CreatedAt: t0.Add(90 * time.Minute)})
	var ids []string
	w.EachPost(context.Background(), func(p *botsweep.Post) error { ids = append(ids, p.ID); return nil })
	if len(ids) != 2 || ids[0] != "2" || ids[1] != "3" {
		t.Fatalf("window = %v, want [2 3] after post 1 fell out", ids)
	}
}
