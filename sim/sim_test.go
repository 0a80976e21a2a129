package sim

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// seeds are the worlds every property is checked on.
var seeds = []int64{1, 7, 2019}

const testScale = 0.03

type testWorld struct {
	cfg   Config
	ds    *botsweep.Dataset
	truth *Truth
	label map[string]string // account id -> label
	acc   map[string]*botsweep.Account
	byID  map[string]*botsweep.Post
}

var (
	worldsMu sync.Mutex
	worlds   = map[int64]*testWorld{}
)

// generated returns the small globus world of a seed, generated once.
func generated(t *testing.T, seed int64) *testWorld {
	t.Helper()
	worldsMu.Lock()
	defer worldsMu.Unlock()
	if w, ok := worlds[seed]; ok {
		return w
	}
	cfg, err := Default("globus")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed, cfg.Scale = seed, testScale
	w := generateWorld(t, cfg)
	worlds[seed] = w
	return w
}

// generateWorld generates the world of cfg into a Dataset.
func generateWorld(t *testing.T, cfg Config) *testWorld {
	t.Helper()
	ds := &botsweep.Dataset{}
	truth, err := Generate(context.Background(), cfg, ds)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	w := &testWorld{cfg: cfg, ds: ds, truth: truth, label: map[string]string{}, acc: map[string]*botsweep.Account{}, byID: map[string]*botsweep.Post{}}
	for _, r := range truth.Rows {
		w.label[r.AccountID] = r.Label
	}
	for i := range ds.Accounts {
		w.acc[ds.Accounts[i].ID] = &ds.Accounts[i]
	}
	for i := range ds.Posts {
		w.byID[ds.Posts[i].ID] = &ds.Posts[i]
	}
	return w
}

func (w *testWorld) idOf(screen string) string {
	for _, a := range w.ds.Accounts {
		if a.ScreenName == screen {
			return a.ID
		}
	}
	return ""
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s[len(s)/2]
}

func share(xs []float64, pred func(float64) bool) float64 {
	n := 0
	for _, x := range xs {
		if pred(x) {
			n++
		}
	}
	return float64(n) / float64(max(len(xs), 1))
}

func forSeeds(t *testing.T, fn func(t *testing.T, w *testWorld)) {
	for _, seed := range seeds {
		t.Run("seed"+itoa(seed), func(t *testing.T) { fn(t, generated(t, seed)) })
	}
}

func itoa(n int64) string {
	return strings.TrimSpace(strings.Replace(time.Duration(n).String(), "ns", "", 1))
}

func TestTruthCoversEveryAccountOnce(t *testing.T) { forSeeds(t, checkTruthCovers) }

// checkTruthCovers: one truth row per account, labels and kinds known,
// group sizes as configured, posts and follows between known accounts.
func checkTruthCovers(t *testing.T, w *testWorld) {
	if len(w.truth.Rows) != len(w.ds.Accounts) {
		t.Fatalf("%d truth rows for %d accounts", len(w.truth.Rows), len(w.ds.Accounts))
	}
	seen := map[string]bool{}
	counts := map[string]int{}
	for _, r := range w.truth.Rows {
		if seen[r.AccountID] {
			t.Fatalf("account %s twice in truth", r.AccountID)
		}
		seen[r.AccountID] = true
		if _, ok := w.acc[r.AccountID]; !ok {
			t.Fatalf("truth row %s is no account", r.AccountID)
		}
		if r.Kind != KindOf(r.Label) || !slices.Contains(Labels(), r.Label) {
			t.Fatalf("row %+v: bad label or kind", r)
		}
		if w.acc[r.AccountID].ScreenName != r.ScreenName {
			t.Fatalf("row %+v: screen name differs from the account's", r)
		}
		counts[r.Label]++
	}
	for label, n := range w.cfg.Sizes() {
		if counts[label] != n {
			t.Errorf("%s: %d accounts, config says %d", label, counts[label], n)
		}
	}
	// every post's author and every follow's ends are accounts
	for _, p := range w.ds.Posts {
		if _, ok := w.acc[p.AccountID]; !ok {
			t.Fatalf("post %s by unknown account %s", p.ID, p.AccountID)
		}
	}
	for _, f := range w.ds.Follows {
		if w.acc[f.Follower] == nil || w.acc[f.Followee] == nil {
			t.Fatalf("follow %v has an unknown end", f)
		}
	}
}

func TestPostIDsUniqueAndCountsConsistent(t *testing.T) { forSeeds(t, checkPostsConsistent) }

// checkPostsConsistent: unique post ids inside the window, references to
// earlier posts of the right author, counts that agree with the files.
func checkPostsConsistent(t *testing.T, w *testWorld) {
	if len(w.byID) != len(w.ds.Posts) {
		t.Fatalf("%d distinct post ids for %d posts", len(w.byID), len(w.ds.Posts))
	}
	posts := map[string]int64{}
	for _, p := range w.ds.Posts {
		posts[p.AccountID]++
		if p.CreatedAt.Before(w.cfg.Start) || p.CreatedAt.After(w.cfg.End) {
			t.Fatalf("post %s at %s outside the window", p.ID, p.CreatedAt)
		}
		if a := w.acc[p.AccountID]; p.CreatedAt.Before(a.CreatedAt) {
			t.Fatalf("post %s before its account was created", p.ID)
		}
		if p.Kind == botsweep.KindRetweet {
			o := w.byID[p.RetweetOf]
			if o == nil || o.AccountID != p.RetweetOfAccount || !p.CreatedAt.After(o.CreatedAt) && !p.CreatedAt.Equal(o.CreatedAt) {
				t.Fatalf("retweet %s of %s: original missing, other author or later", p.ID, p.RetweetOf)
			}
		}
		if p.Kind == botsweep.KindQuote {
			if o := w.byID[p.Quotes]; o == nil || o.AccountID != p.QuotesAccount || o.CreatedAt.After(p.CreatedAt) {
				t.Fatalf("quote %s of %s: original missing, other author or later", p.ID, p.Quotes)
			}
		}
		if p.Kind == botsweep.KindReply {
			o := w.byID[p.ReplyTo]
			if o == nil || o.AccountID != p.ReplyToAccount || p.CreatedAt.Before(o.CreatedAt) {
				t.Fatalf("reply %s to %s: parent missing, other author or later", p.ID, p.ReplyTo)
			}
		}
	}
	followers, friends := map[string]int64{}, map[string]int64{}
	for _, f := range w.ds.Follows {
		followers[f.Followee]++
		friends[f.Follower]++
	}
	for _, a := range w.ds.Accounts {
		if a.Followers != followers[a.ID] || a.Friends != friends[a.ID] {
			t.Fatalf("@%s: followers/friends %d/%d, graph says %d/%d", a.ScreenName, a.Followers, a.Friends, followers[a.ID], friends[a.ID])
		}
		if a.Statuses < posts[a.ID] {
			t.Fatalf("@%s: statuses_count %d below its %d posts", a.ScreenName, a.Statuses, posts[a.ID])
		}
	}
}

func TestRetweetNetworkIsWhatItClaims(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		globus := w.idOf("TheGlobus")
		var globusPosts []*botsweep.Post
		for i := range w.ds.Posts {
			if p := &w.ds.Posts[i]; p.AccountID == globus && p.Kind == botsweep.KindOriginal {
				globusPosts = append(globusPosts, p)
			}
		}
		var delays []float64
		retweeted := map[string]int{}
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] != LabelNetwork || p.RetweetOfAccount != globus {
				continue
			}
			delays = append(delays, p.CreatedAt.Sub(w.byID[p.RetweetOf].CreatedAt).Seconds())
			retweeted[p.AccountID]++
		}
		if m := median(delays); m > 300 {
			t.Errorf("median network retweet delay %.0fs, want within minutes", m)
		}
		if s := share(delays, func(d float64) bool { return d <= 600 }); s < 0.8 {
			t.Errorf("only %.2f of network retweets within 10 minutes", s)
		}
		if s := share(delays, func(d float64) bool { return d > 3600 }); s == 0 {
			t.Errorf("no delay tail: every retweet within the hour")
		}
		// coverage: share of TheGlobus's posts after creation each retweets
		var cov []float64
		created := map[string]bool{}
		for _, r := range w.truth.ByLabel(LabelNetwork) {
			a := w.acc[r.AccountID]
			if a.CreatedAt.Before(w.cfg.NetworkBurstStart) || !a.CreatedAt.Before(w.cfg.NetworkBurstEnd) {
				t.Fatalf("network account @%s created %s, outside the bursts", a.ScreenName, a.CreatedAt)
			}
			created[a.CreatedAt.Format("2006-01-02")] = true
			after := 0
			for _, p := range globusPosts {
				if p.CreatedAt.After(a.CreatedAt.Add(time.Hour)) && p.CreatedAt.Before(w.cfg.End.Add(-12*time.Hour)) {
					after++
				}
			}
			if after >= 10 {
				cov = append(cov, float64(retweeted[r.AccountID])/float64(after))
			}
		}
		if m := median(cov); math.Abs(m-w.cfg.NetworkCoverage) > 0.15 {
			t.Errorf("median coverage %.2f, configured %.2f", m, w.cfg.NetworkCoverage)
		}
		// bursts: few distinct creation days relative to accounts
		if len(created) > 3*w.cfg.NetworkBursts {
			t.Errorf("network created on %d distinct days, want bursts (%d)", len(created), w.cfg.NetworkBursts)
		}
		// not separable by one field
		var defImg, clients = 0, map[string]bool{}
		for _, r := range w.truth.ByLabel(LabelNetwork) {
			if w.acc[r.AccountID].DefaultProfileImage {
				defImg++
			}
		}
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] == LabelNetwork {
				clients[p.Client] = true
			}
		}
		n := len(w.truth.ByLabel(LabelNetwork))
		if defImg == 0 || defImg == n {
			t.Errorf("default image on %d of %d network accounts: one field separates them", defImg, n)
		}
		if len(clients) < 3 {
			t.Errorf("network uses %d clients, want variety", len(clients))
		}
	})
}

func TestAttributionChainReachesStateBackedOperation(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		used := map[string]bool{}
		for _, r := range w.truth.ByLabel(LabelNetwork) {
			if d := w.acc[r.AccountID].URLDomain; d != "" {
				used[d] = true
			}
		}
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] == LabelNetwork {
				for _, d := range p.Domains {
					used[d] = true
				}
			}
		}
		registrant := map[string]string{}
		for _, r := range w.ds.Registrations {
			registrant[r.Domain] = r.Registrant
		}
		found := false
		for _, op := range w.ds.Operations {
			if !op.StateBacked {
				continue
			}
			for _, d := range op.Indicators.Domains {
				for u := range used {
					if registrant[u] != "" && registrant[u] == registrant[d] && !strings.Contains(registrant[u], "REDACTED") {
						found = true
					}
				}
			}
		}
		if !found {
			t.Errorf("no network domain shares a registrant with a state-backed prior operation's domain (used %v)", used)
		}
		if len(w.ds.Operations) < 3 {
			t.Errorf("%d prior operations, want distractors", len(w.ds.Operations))
		}
	})
}

func TestAssociatedAccountsTiedByInfrastructure(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		domainUsers := map[string]map[string]bool{}
		for _, a := range w.ds.Accounts {
			if a.URLDomain != "" {
				if domainUsers[a.URLDomain] == nil {
					domainUsers[a.URLDomain] = map[string]bool{}
				}
				domainUsers[a.URLDomain][w.label[a.ID]] = true
			}
		}
		if got := domainUsers["globus-reporter.org"]; len(got) != 1 || !got[LabelAssociated] {
			t.Errorf("globus-reporter.org used by %v, want the associated accounts only", got)
		}
		inside, all := 0, 0
		for _, f := range w.ds.Follows {
			if w.label[f.Follower] == LabelAssociated {
				all++
				if l := w.label[f.Followee]; l == LabelNetwork || l == LabelAssociated || w.acc[f.Followee].ScreenName == "TheGlobus" {
					inside++
				}
			}
		}
		if float64(inside) < 0.7*float64(all) {
			t.Errorf("%d of %d associated follows inside the network", inside, all)
		}
		rts := 0
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] == LabelAssociated && p.Kind == botsweep.KindRetweet {
				rts++
			}
		}
		n := len(w.truth.ByLabel(LabelAssociated))
		if float64(rts) > 1.0*float64(n) {
			t.Errorf("associated accounts made %d retweets (%d accounts): too much co-retweeting", rts, n)
		}
		for _, r := range w.truth.ByLabel(LabelAssociated) {
			a := w.acc[r.AccountID]
			if a.CreatedAt.Before(w.cfg.NetworkBurstStart) || !a.CreatedAt.Before(w.cfg.NetworkBurstEnd) {
				t.Fatalf("associated @%s created outside the network's bursts", a.ScreenName)
			}
		}
	})
}

func TestFollowerFarm(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		farm := map[string]bool{}
		for _, r := range w.truth.ByLabel(LabelFarm) {
			farm[r.AccountID] = true
			if a := w.acc[r.AccountID]; a.Statuses != 0 {
				t.Fatalf("farm account @%s has statuses_count %d", a.ScreenName, a.Statuses)
			}
		}
		for _, p := range w.ds.Posts {
			if farm[p.AccountID] {
				t.Fatalf("farm account %s posted %s", p.AccountID, p.ID)
			}
		}
		trump, obama := w.idOf("realDonaldTrump"), w.idOf("BarackObama")
		byFollowee := map[string]map[string]int{}
		for _, f := range w.ds.Follows {
			l := w.label[f.Follower]
			if byFollowee[l] == nil {
				byFollowee[l] = map[string]int{}
			}
			byFollowee[l][f.Followee]++
		}
		n := len(farm)
		if got := byFollowee[LabelFarm][trump]; float64(got) < 0.85*float64(n) {
			t.Errorf("%d of %d farm accounts follow realDonaldTrump", got, n)
		}
		if byFollowee[LabelFarm][trump] <= 3*byFollowee[LabelFarm][obama] {
			t.Errorf("farm follows Trump %d, Obama %d: want Trump far more", byFollowee[LabelFarm][trump], byFollowee[LabelFarm][obama])
		}
		// the retweet network's follows go to the other camp
		if byFollowee[LabelNetwork][obama] <= 3*byFollowee[LabelNetwork][trump] {
			t.Errorf("network follows Obama %d, Trump %d: want the other camp", byFollowee[LabelNetwork][obama], byFollowee[LabelNetwork][trump])
		}
	})
}

// localHour is the hour of day of t at UTC offset tz.
func localHour(t time.Time, tz int) int { return t.Add(time.Duration(tz) * time.Hour).UTC().Hour() }

func TestFandomIsFastButHuman(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		idol := w.idOf("lunaris_official")
		var delays []float64
		var created []float64
		replies := 0
		for _, r := range w.truth.ByLabel(LabelFandom) {
			created = append(created, float64(w.acc[r.AccountID].CreatedAt.Unix()))
		}
		// activity by UTC hour: the fandom's own posts must show a daily
		// rhythm (a quiet period), unlike round-the-clock automation
		var hours [24]int
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] != LabelFandom {
				continue
			}
			switch {
			case p.RetweetOfAccount == idol:
				delays = append(delays, p.CreatedAt.Sub(w.byID[p.RetweetOf].CreatedAt).Seconds())
			case p.Kind == botsweep.KindReply:
				if l := w.label[p.ReplyToAccount]; l == LabelFandom {
					replies++
				}
				hours[p.CreatedAt.UTC().Hour()]++
			default:
				hours[p.CreatedAt.UTC().Hour()]++
			}
		}
		if m := median(delays); m > 120 {
			t.Errorf("fandom median retweet delay %.0fs, want seconds", m)
		}
		if replies == 0 {
			t.Error("no conversations among fans")
		}
		var mean, sd float64
		for _, c := range created {
			mean += c
		}
		mean /= float64(len(created))
		for _, c := range created {
			sd += (c - mean) * (c - mean)
		}
		sd = math.Sqrt(sd / float64(len(created)))
		if sd < 365*24*3600 {
			t.Errorf("fandom creation dates spread %.0f days, want years", sd/86400)
		}
		lo, hi := hours[0], hours[0]
		for _, h := range hours {
			lo, hi = min(lo, h), max(hi, h)
		}
		if float64(lo) > 0.5*float64(hi) {
			t.Errorf("fandom activity by hour %v: no daily rhythm", hours)
		}
	})
}

func TestOrganicHumanRhythm(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		var night, all int
		tz := map[string]int{}
		// recover each account's zone as the generator set it
		wd, _ := newWorld(w.cfg)
		for i := range wd.accounts {
			tz[itoaU(wd.accounts[i].id)] = int(wd.accounts[i].tz)
		}
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] != LabelOrganic || p.Kind != botsweep.KindOriginal {
				continue
			}
			all++
			if h := localHour(p.CreatedAt, tz[p.AccountID]); h >= 2 && h < 6 {
				night++
			}
		}
		if s := float64(night) / float64(all); s > 0.08 {
			t.Errorf("%.2f of organic originals between 2 and 6 local time", s)
		}
		zones := map[int]bool{}
		for _, r := range w.truth.ByLabel(LabelOrganic) {
			zones[tz[r.AccountID]] = true
		}
		if len(zones) < 3 {
			t.Errorf("organic accounts in %d time zones", len(zones))
		}
	})
}

func TestCampaignPostsInsideWindow(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		if len(w.ds.Campaigns) != 1 {
			t.Fatalf("%d campaigns", len(w.ds.Campaigns))
		}
		c := w.ds.Campaigns[0]
		posted := map[string]bool{}
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] != LabelCampaign || p.Kind != botsweep.KindOriginal || !slices.Contains(p.Hashtags, c.Hashtag) {
				continue
			}
			if !c.Covers(p.CreatedAt) {
				t.Errorf("campaign post %s at %s outside %s..%s", p.ID, p.CreatedAt, c.Starts, c.Ends)
			}
			if !strings.Contains(p.Text, c.Emoji) || !strings.Contains(p.Text, "#"+c.Hashtag) {
				t.Errorf("campaign post %q lacks hashtag or emoji", p.Text)
			}
			posted[p.AccountID] = true
		}
		n := len(w.truth.ByLabel(LabelCampaign))
		if len(posted) < n*9/10 {
			t.Errorf("%d of %d organisations posted for the campaign", len(posted), n)
		}
	})
}

func TestViralNewsWithinMinutes(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		var delays []float64
		who := map[string]bool{}
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] == LabelViral && p.Kind == botsweep.KindRetweet && strings.Contains(p.Text, "BREAKING") {
				delays = append(delays, p.CreatedAt.Sub(w.byID[p.RetweetOf].CreatedAt).Seconds())
				who[p.AccountID] = true
			}
		}
		if m := median(delays); m > 600 {
			t.Errorf("viral median delay %.0fs", m)
		}
		if n := len(w.truth.ByLabel(LabelViral)); len(who) < n*8/10 {
			t.Errorf("%d of %d viral accounts retweeted the news", len(who), n)
		}
	})
}

func TestLinkSpamWavesAndCamouflage(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		// spam: every post has a URL, and posts cluster in waves
		times := []int64{}
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] == LabelLinkSpam {
				if len(p.URLs) == 0 {
					t.Fatalf("spam post %s without a URL", p.ID)
				}
				times = append(times, p.CreatedAt.Unix())
			}
		}
		slices.Sort(times)
		close := 0
		for i := 1; i < len(times); i++ {
			if times[i]-times[i-1] <= int64(w.cfg.LinkSpamWaveSpread) {
				close++
			}
		}
		if len(times) < 10 || float64(close) < 0.8*float64(len(times)-1) {
			t.Errorf("%d of %d spam posts follow another within a wave", close, len(times))
		}
		// camouflage: amplification is about the configured share
		target := w.idOf("NovaPulseMarkets")
		amp, all := 0, 0
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] == LabelCamouflage {
				all++
				if p.RetweetOfAccount == target {
					amp++
				}
			}
		}
		if got := float64(amp) / float64(all); math.Abs(got-w.cfg.CamouflageShare) > 0.1 {
			t.Errorf("camouflage amplification share %.2f, configured %.2f", got, w.cfg.CamouflageShare)
		}
	})
}

func itoaU(n uint64) string {
	b := []byte{}
	if n == 0 {
		return "0"
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestGlobusReadersAreSlowOrganicAudience(t *testing.T) {
	forSeeds(t, func(t *testing.T, w *testWorld) {
		globus := w.idOf("TheGlobus")
		var delays []float64
		for _, p := range w.ds.Posts {
			if w.label[p.AccountID] == LabelOrganic && p.RetweetOfAccount == globus {
				delays = append(delays, p.CreatedAt.Sub(w.byID[p.RetweetOf].CreatedAt).Seconds())
			}
		}
		if len(delays) == 0 {
			t.Fatal("no organic account retweets TheGlobus")
		}
		if m := median(delays); m < 300 {
			t.Errorf("organic retweets of TheGlobus: median delay %.0fs, want a slower audience than the network", m)
		}
	})
}
