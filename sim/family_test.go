package sim

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// randomSeeds are the random worlds the family's properties are checked on.
var randomSeeds = []int64{3, 11, 404, 7777}

var update = flag.Bool("update", false, "rewrite golden files")

var (
	randomMu     sync.Mutex
	randomWorlds = map[int64]*testWorld{}
)

// randomWorld returns a small random world of a seed in which every
// family group is present (sizes are drawn, then forced above zero).
func randomWorld(t *testing.T, seed int64) *testWorld {
	t.Helper()
	randomMu.Lock()
	defer randomMu.Unlock()
	if w, ok := randomWorlds[seed]; ok {
		return w
	}
	cfg := Random(seed)
	cfg.Scale = 0.02
	for _, n := range []*int{&cfg.Network, &cfg.Superfans, &cfg.Activists, &cfg.LiveCrowd, &cfg.NewsJunkies, &cfg.Aged, &cfg.Fandom} {
		*n = max(*n, 600)
	}
	w := generateWorld(t, cfg)
	randomWorlds[seed] = w
	return w
}

func forRandom(t *testing.T, fn func(t *testing.T, w *testWorld)) {
	for _, seed := range randomSeeds {
		t.Run("seed"+strconv.FormatInt(seed, 10), func(t *testing.T) { fn(t, randomWorld(t, seed)) })
	}
}

func TestRandomWorldInvariants(t *testing.T) {
	forRandom(t, func(t *testing.T, w *testWorld) {
		checkTruthCovers(t, w)
		checkPostsConsistent(t, w)
	})
}

// TestRandomRanges: every drawn parameter stays inside its documented
// range, the draw depends on the seed, and the knobs vary across seeds.
func TestRandomRanges(t *testing.T) {
	type rng struct {
		name   string
		get    func(c Config) float64
		lo, hi float64
	}
	ranges := []rng{
		{"organic", func(c Config) float64 { return float64(c.Organic) }, 8000, 40000},
		{"window days", func(c Config) float64 { return c.End.Sub(c.Start).Hours() / 24 }, 29, 151},
		{"network coverage", func(c Config) float64 { return c.NetworkCoverage }, 0.3, 0.95},
		{"network delay", func(c Config) float64 { return c.NetworkDelayMedian }, 15, 1800},
		{"network bursts", func(c Config) float64 { return float64(c.NetworkBursts) }, 1, 20},
		{"fandom delay", func(c Config) float64 { return c.FandomDelayMedian }, 5, 600},
		{"superfan share", func(c Config) float64 { return c.SuperfanShare }, 0.15, 0.5},
		{"activist room", func(c Config) float64 { return float64(c.ActivistRoom) }, 10, 80},
		{"aged coverage", func(c Config) float64 { return c.AgedCoverage }, 0.15, 0.7},
		{"time zones", func(c Config) float64 { return float64(len(c.TimeZones)) }, 2, 7},
	}
	seen := map[string]map[float64]bool{}
	absent := map[string]int{}
	const n = 300
	for seed := int64(1); seed <= n; seed++ {
		c := Random(seed)
		if err := c.Validate(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if !reflect.DeepEqual(c, Random(seed)) {
			t.Fatalf("seed %d: two draws differ", seed)
		}
		for _, r := range ranges {
			v := r.get(c)
			if v < r.lo || v > r.hi {
				t.Errorf("seed %d: %s = %v outside [%v, %v]", seed, r.name, v, r.lo, r.hi)
			}
			if seen[r.name] == nil {
				seen[r.name] = map[float64]bool{}
			}
			seen[r.name][v] = true
		}
		for l, size := range c.Sizes() {
			if size == 0 {
				absent[l]++
			}
		}
	}
	for _, r := range ranges {
		if len(seen[r.name]) < 5 {
			t.Errorf("%s takes %d values over %d seeds", r.name, len(seen[r.name]), n)
		}
	}
	// each optional group is absent from some worlds and present in most
	for _, l := range []string{LabelNetwork, LabelFandom, LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie, LabelAged, LabelLinkSpam} {
		if absent[l] == 0 || absent[l] > n/2 {
			t.Errorf("%s absent from %d of %d worlds", l, absent[l], n)
		}
	}
}

func TestWithout(t *testing.T) {
	tests := []struct {
		name, without string
		gone          []string
		err           string
	}{
		{"none", "", nil, ""},
		{"fandom", "fandom", []string{LabelFandom}, ""},
		{"two", " fandom , link-spam ", []string{LabelFandom, LabelLinkSpam}, ""},
		{"bots", "bots", []string{LabelNetwork, LabelAssociated, LabelFarm, LabelLinkSpam, LabelCamouflage, LabelAged}, ""},
		{"unknown", "fandoms", nil, "unknown label"},
		{"organic", "organic", nil, "cannot be left out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Random(5)
			c.Without = tt.without
			err := c.Validate()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || botsweep.ErrorCode(err) != botsweep.EINVALID {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sizes := c.Sizes()
			for _, l := range tt.gone {
				if sizes[l] != 0 {
					t.Errorf("%s has %d accounts", l, sizes[l])
				}
			}
			if sizes[LabelOrganic] == 0 {
				t.Error("organic left out")
			}
		})
	}
}

// TestRandomConfigRoundTrip: a random world's scenario.json regenerates it
// byte for byte (zero fields are omitted from the file).
func TestRandomConfigRoundTrip(t *testing.T) {
	for _, seed := range []int64{2, 9} {
		cfg := Random(seed)
		cfg.Scale = 0.005
		cfg.Superfans = 0 // omitted from the file, must stay zero
		dir := t.TempDir()
		if _, err := WriteWorld(context.Background(), cfg, dir); err != nil {
			t.Fatal(err)
		}
		back, err := LoadConfig(filepath.Join(dir, FileConfig))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, cfg) {
			t.Fatalf("seed %d: config read back differs:\n%+v\n%+v", seed, back, cfg)
		}
	}
}

// labelOf returns the accounts of a label.
func (w *testWorld) accountsOf(label string) map[string]bool {
	out := map[string]bool{}
	for id, l := range w.label {
		if l == label {
			out[id] = true
		}
	}
	return out
}

// TestSuperfans: superfans are aged humans who follow TheGlobus and
// retweet a share of its posts near SuperfanShare within minutes, awake.
func TestSuperfans(t *testing.T) {
	forRandom(t, func(t *testing.T, w *testWorld) {
		globus := w.idOf("TheGlobus")
		fans := w.accountsOf(LabelSuperfan)
		var gposts int
		for _, p := range w.ds.Posts {
			if p.AccountID == globus && p.Kind == botsweep.KindOriginal {
				gposts++
			}
		}
		rts := 0
		var delays []float64
		for _, p := range w.ds.Posts {
			if fans[p.AccountID] && p.Kind == botsweep.KindRetweet && p.RetweetOfAccount == globus {
				rts++
				delays = append(delays, p.CreatedAt.Sub(w.byID[p.RetweetOf].CreatedAt).Seconds())
			}
		}
		got := float64(rts) / float64(len(fans)*max(gposts, 1))
		// awake about 2/3 of the day: the share of all posts is below the
		// configured share of awake posts
		if got < w.cfg.SuperfanShare*0.3 || got > w.cfg.SuperfanShare*1.2 {
			t.Errorf("superfans retweet %.3f of TheGlobus's posts, share %.3f", got, w.cfg.SuperfanShare)
		}
		if m := median(delays); m < w.cfg.SuperfanDelayMedian/3 || m > w.cfg.SuperfanDelayMedian*3 {
			t.Errorf("median delay %.0f s, configured %.0f s", m, w.cfg.SuperfanDelayMedian)
		}
		follows := 0
		for _, f := range w.ds.Follows {
			if fans[f.Follower] && f.Followee == globus {
				follows++
			}
		}
		if follows != len(fans) {
			t.Errorf("%d of %d superfans follow TheGlobus", follows, len(fans))
		}
		for id := range fans {
			if !w.acc[id].CreatedAt.Before(w.cfg.Start.AddDate(0, -9, 0)) {
				t.Fatalf("superfan @%s created %s, not long before the window", w.acc[id].ScreenName, w.acc[id].CreatedAt)
			}
		}
	})
}

// TestActivistRooms: activists retweet their room's leads and follow most
// of their room; follow trains mention members.
func TestActivistRooms(t *testing.T) {
	forRandom(t, func(t *testing.T, w *testWorld) {
		acts := w.accountsOf(LabelActivist)
		inside, rts, trains := 0, 0, 0
		for _, p := range w.ds.Posts {
			if !acts[p.AccountID] {
				continue
			}
			if p.Kind == botsweep.KindRetweet {
				rts++
				if acts[p.RetweetOfAccount] {
					inside++
				}
			}
			if slices.Contains(p.Hashtags, "FollowTrain") {
				trains++
				if len(p.Mentions) < 3 {
					t.Fatalf("follow train %s mentions %d accounts", p.ID, len(p.Mentions))
				}
			}
		}
		if inside == 0 || float64(inside) < 0.3*float64(rts) {
			t.Errorf("%d of %d activist retweets are of activists", inside, rts)
		}
		if trains == 0 {
			t.Error("no follow trains")
		}
		ties := 0
		for _, f := range w.ds.Follows {
			if acts[f.Follower] && acts[f.Followee] {
				ties++
			}
		}
		if per := float64(ties) / float64(len(acts)); per < 0.4*float64(min(w.cfg.ActivistRoom, len(acts))) {
			t.Errorf("%.1f follows inside the activists per activist, rooms of %d", per, w.cfg.ActivistRoom)
		}
	})
}

// TestAgedAmplifiers: aged accounts amplify TheGlobus with partial
// coverage, no creation burst and varied clients.
func TestAgedAmplifiers(t *testing.T) {
	forRandom(t, func(t *testing.T, w *testWorld) {
		aged := w.accountsOf(LabelAged)
		globus := w.idOf("TheGlobus")
		var created []float64
		for id := range aged {
			created = append(created, float64(w.acc[id].CreatedAt.Unix()))
			if !w.acc[id].CreatedAt.Before(w.cfg.Start) {
				t.Fatalf("aged account created %s, inside the window", w.acc[id].CreatedAt)
			}
		}
		slices.Sort(created)
		if span := (created[len(created)*9/10] - created[len(created)/10]) / 86400; span < 365 {
			t.Errorf("80%% of aged accounts created within %.0f days: a burst", span)
		}
		clients := map[string]int{}
		amp := 0
		for _, p := range w.ds.Posts {
			if aged[p.AccountID] && p.Kind == botsweep.KindRetweet && p.RetweetOfAccount == globus {
				clients[p.Client]++
				amp++
			}
		}
		if amp == 0 || len(clients) < 3 {
			t.Errorf("%d amplifying retweets from %d clients", amp, len(clients))
		}
	})
}

// TestLiveEventAndNewsJunkies: the live crowd posts the event's hashtag
// inside the event; news junkies retweet news outlets.
func TestLiveEventAndNewsJunkies(t *testing.T) {
	forRandom(t, func(t *testing.T, w *testWorld) {
		live, junk := w.accountsOf(LabelLiveEvent), w.accountsOf(LabelNewsJunkie)
		news := map[string]bool{}
		for _, p := range prominents {
			if p.role == roleNews {
				news[w.idOf(p.screen)] = true
			}
		}
		tagged, newsRTs := 0, 0
		byTag := map[string][]time.Time{}
		for _, p := range w.ds.Posts {
			if live[p.AccountID] && p.Kind == botsweep.KindOriginal && slices.Contains(liveTags, strings.Join(p.Hashtags, "")) {
				tagged++
				byTag[p.Hashtags[0]] = append(byTag[p.Hashtags[0]], p.CreatedAt)
			}
			if junk[p.AccountID] && p.Kind == botsweep.KindRetweet && news[p.RetweetOfAccount] {
				newsRTs++
			}
		}
		if tagged < len(live)/2 {
			t.Errorf("%d event posts from %d live-event accounts", tagged, len(live))
		}
		for tag, ts := range byTag {
			slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
			if ts[len(ts)-1].Sub(ts[0]) > time.Duration(w.cfg.LiveEventHours*float64(time.Hour))+time.Second && w.cfg.LiveEvents == 1 {
				t.Errorf("#%s posts spread over %s", tag, ts[len(ts)-1].Sub(ts[0]))
			}
		}
		if newsRTs < len(junk) {
			t.Errorf("%d news retweets from %d news junkies", newsRTs, len(junk))
		}
	})
}

// crowdConfig is a tiny crowd world.
func crowdConfig(seed int64) Config {
	c, _ := Default("crowd")
	c.Seed, c.Scale = seed, 0.0002
	c.End = c.Start.Add(3 * 24 * time.Hour)
	c.NetworkBurstEnd = c.Start.Add(-24 * time.Hour)
	c.CrowdMeanShares = 6
	return c
}

func TestShareTableGolden(t *testing.T) {
	dir := t.TempDir()
	truth, rows, err := WriteShareTable(context.Background(), crowdConfig(1), dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, FileShares))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(got, []byte("\n")) - 1; n != rows || rows == 0 {
		t.Fatalf("%d rows written, %d reported", n, rows)
	}
	if len(truth.Rows) == 0 {
		t.Fatal("no truth")
	}
	golden := filepath.Join("testdata", "crowd_shares.csv")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("shares.csv differs from %s (run with -update after checking)", golden)
	}
}

// TestCrowdShareTable: the header is exactly CooRTweet's; every account_id
// is in the truth; content ids are unique; the botnet retweets one
// source's posts within minutes, the crowd many sources with human delays.
func TestCrowdShareTable(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(strconv.FormatInt(seed, 10), func(t *testing.T) {
			cfg, _ := Default("crowd")
			cfg.Seed, cfg.Scale = seed, 0.004
			dir := t.TempDir()
			truth, _, err := WriteShareTable(context.Background(), cfg, dir)
			if err != nil {
				t.Fatal(err)
			}
			label := map[string]string{}
			for _, r := range truth.Rows {
				label[r.AccountID] = r.Label
			}
			f, _ := os.Open(filepath.Join(dir, FileShares))
			defer f.Close()
			recs, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(recs[0], ",") != "object_id,account_id,content_id,timestamp_share" {
				t.Fatalf("header %v", recs[0])
			}
			contents := map[string]bool{}
			objects := map[string]map[string]bool{} // label -> objects shared
			first := map[string]int64{}             // object -> earliest share
			type share struct {
				obj, label string
				at         int64
			}
			var shares []share
			for _, rec := range recs[1:] {
				l, ok := label[rec[1]]
				if !ok {
					t.Fatalf("account %s not in the truth", rec[1])
				}
				if contents[rec[2]] {
					t.Fatalf("content id %s twice", rec[2])
				}
				contents[rec[2]] = true
				at, err := strconv.ParseInt(rec[3], 10, 64)
				if err != nil || at < cfg.Start.Unix() || at >= cfg.End.Unix() {
					t.Fatalf("timestamp %q outside the window", rec[3])
				}
				if objects[l] == nil {
					objects[l] = map[string]bool{}
				}
				objects[l][rec[0]] = true
				if f, ok := first[rec[0]]; !ok || at < f {
					first[rec[0]] = at
				}
				shares = append(shares, share{rec[0], l, at})
			}
			if len(objects[LabelCrowd]) < 5*len(objects[LabelCrowdBotnet]) {
				t.Errorf("crowd shares %d objects, botnet %d: the botnet should concentrate", len(objects[LabelCrowd]), len(objects[LabelCrowdBotnet]))
			}
			// delays after the object's first share: bots fast, crowd slow
			var bot, crowd []float64
			for _, s := range shares {
				d := float64(s.at - first[s.obj])
				if s.label == LabelCrowdBotnet {
					bot = append(bot, d)
				} else {
					crowd = append(crowd, d)
				}
			}
			if mb, mc := median(bot), median(crowd); !(mb < 600 && mc > 3*mb) {
				t.Errorf("median delay after first share: botnet %.0f s, crowd %.0f s", mb, mc)
			}
		})
	}
}

// TestNoBotWorlds: --without bots and the crowd with no network leave no
// bot in the truth.
func TestNoBotWorlds(t *testing.T) {
	c := Random(8)
	c.Scale, c.Without = 0.005, "bots"
	truth, err := WriteWorld(context.Background(), c, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cr := crowdConfig(4)
	cr.Network = 0
	ctruth, _, err := WriteShareTable(context.Background(), cr, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range append(truth.Rows, ctruth.Rows...) {
		if r.Kind == KindBot {
			t.Fatalf("bot %+v in a no-bot world", r)
		}
	}
}

// TestRandomShareTable: any world's retweets make a share table whose rows
// are exactly its retweets.
func TestRandomShareTable(t *testing.T) {
	c := Random(12)
	c.Scale = 0.005
	ds := &botsweep.Dataset{}
	if _, err := Generate(context.Background(), c, ds); err != nil {
		t.Fatal(err)
	}
	rts := 0
	for _, p := range ds.Posts {
		if p.Kind == botsweep.KindRetweet {
			rts++
		}
	}
	_, rows, err := WriteShareTable(context.Background(), c, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if rows != rts || rows == 0 {
		t.Errorf("%d share rows for %d retweets", rows, rts)
	}
}

// TestRandomCrowd: the crowd-random draws stay in their documented ranges,
// depend on the seed, reload from scenario.json and write valid tables.
func TestRandomCrowd(t *testing.T) {
	organic, nobot := map[int]bool{}, 0
	for seed := int64(1); seed <= 120; seed++ {
		c := RandomCrowd(seed)
		if err := c.Validate(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		days := c.End.Sub(c.Start).Hours() / 24
		if days < 9 || days > 61 || c.Organic < 20000 || c.Organic > 80000 || c.NetworkDelayMedian < 15 || c.NetworkDelayMedian > 900 ||
			c.CrowdSources < 100 || c.CrowdSources > 800 || len(c.TimeZones) < 1 || len(c.TimeZones) > 6 {
			t.Errorf("seed %d out of range: %+v", seed, c)
		}
		organic[c.Organic] = true
		if c.Network == 0 {
			nobot++
		}
	}
	if len(organic) < 50 || nobot == 0 || nobot > 60 {
		t.Errorf("%d distinct crowd sizes, %d no-bot worlds of 120", len(organic), nobot)
	}
	for _, seed := range []int64{5, 6} {
		c := RandomCrowd(seed)
		c.Scale = 0.002
		dir := t.TempDir()
		truth, rows, err := WriteShareTable(context.Background(), c, dir)
		if err != nil || rows == 0 || len(truth.Rows) == 0 {
			t.Fatalf("seed %d: %d rows, %v", seed, rows, err)
		}
		back, err := LoadConfig(filepath.Join(dir, FileConfig))
		if err != nil || !reflect.DeepEqual(back, c) {
			t.Fatalf("seed %d: scenario.json reads back as %+v (%v)", seed, back, err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, FileShares))
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || len(recs) != rows+1 {
			t.Fatalf("seed %d: %d records for %d rows (%v)", seed, len(recs), rows, err)
		}
		seen := map[string]bool{}
		for _, rec := range recs[1:] {
			at, _ := strconv.ParseInt(rec[3], 10, 64)
			if seen[rec[2]] || at < c.Start.Unix() || at >= c.End.Unix() {
				t.Fatalf("seed %d: row %v repeated or outside the window", seed, rec)
			}
			seen[rec[2]] = true
		}
	}
}
