package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// FuzzGenerate checks that no valid configuration makes the generator panic
// or break its invariants: tiny and empty groups, short windows, odd rates.
// Each input's rate is bounded (fuzzMaxPostsPerDay): the fuzzer gives an
// input 10 s under coverage instrumentation, and a world of a thousand
// posts per account adds no path a hundred do not.
// TestAuditDuplicatePostIDWorld keeps the unbounded world of the seed
// that found duplicate reply ids.
func FuzzGenerate(f *testing.F) {
	f.Add(int64(1), uint8(20), uint8(5), uint8(3), uint8(0), uint8(2), uint16(72), float64(0.5), float64(1))
	f.Add(int64(2), uint8(0), uint8(0), uint8(0), uint8(9), uint8(0), uint16(1), float64(0), float64(0))
	f.Add(int64(3), uint8(10), uint8(1), uint8(1), uint8(1), uint8(1), uint16(2000), float64(1), float64(3))
	f.Fuzz(func(t *testing.T, seed int64, organic, network, farm, fandom, bursts uint8, hours uint16, coverage, rate float64) {
		cfg := fuzzWorld(seed, organic, network, farm, fandom, bursts, hours, coverage, min(rate, fuzzMaxPostsPerDay))
		if cfg.Validate() != nil {
			return
		}
		generateChecked(t, cfg)
	})
}

// fuzzMaxPostsPerDay bounds FuzzGenerate's rate: prominent accounts'
// posts per day, and organic accounts' mean posts (three times the rate).
const fuzzMaxPostsPerDay = 30

// fuzzWorld is FuzzGenerate's world for one input: the globus scenario at
// scale 1 with its groups, window and rates set from the input.
func fuzzWorld(seed int64, organic, network, farm, fandom, bursts uint8, hours uint16, coverage, rate float64) Config {
	cfg, _ := Default("globus")
	cfg.Seed, cfg.Scale = seed, 1
	cfg.Organic = int(organic)
	if cfg.Organic < 10 {
		cfg.Organic = 0
	}
	cfg.Network, cfg.Farm, cfg.Fandom = int(network), int(farm), int(fandom)
	cfg.Associated, cfg.LinkSpam, cfg.Camouflage, cfg.Viral, cfg.Campaign = int(network)/3, int(farm)/2, int(fandom)/2, int(organic)/4, int(bursts)
	cfg.NetworkBursts = int(bursts)
	cfg.LinkSpamWaves, cfg.ViralEvents = int(bursts), int(bursts)%3
	cfg.End = cfg.Start.Add(time.Duration(hours) * time.Hour)
	cfg.NetworkBurstStart, cfg.NetworkBurstEnd = cfg.Start, cfg.End
	cfg.CampaignStart, cfg.CampaignEnd = cfg.Start.Add(time.Hour), cfg.End
	cfg.NetworkCoverage = coverage
	for _, p := range []*float64{&cfg.ProminentPostsPerDay, &cfg.NewsPostsPerDay, &cfg.GlobusPostsPerDay, &cfg.IdolPostsPerDay, &cfg.TargetPostsPerDay} {
		*p = rate
	}
	cfg.OrganicMeanPosts = rate * 3
	return cfg
}

// TestAuditDuplicatePostIDWorld: the world of the audit's FuzzGenerate
// finding (testdata/fuzz/FuzzGenerate/audit-duplicate-post-id, 950 posts
// per organic account over 155 hours), unbounded, generates with unique
// post ids (reply ids unique across threads and at the window's end) and
// every other invariant generateChecked asserts.
func TestAuditDuplicatePostIDWorld(t *testing.T) {
	cfg := fuzzWorld(98, 0x0e, 'x', 0x03, 0x82, 0x98, 155, 0.0462962962962963, 316.77777777777777)
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	generateChecked(t, cfg)
}

// FuzzParseConfig: scenario JSON never panics the parser; a config that
// parses and validates has no negative group, and its own encoding parses
// back to the same config.
func FuzzParseConfig(f *testing.F) {
	f.Add(`{"scenario":"random","seed":3,"superfans":40,"without":"fandom,link-spam"}`)
	f.Add(`{"scenario":"crowd","network":0,"crowd_mean_shares":12}`)
	f.Add(`{"scenario":"globus","without":"bots","time_zones":[-5,0,9]}`)
	f.Add(`{"without":"organic"}`)
	f.Add(`{"activist_room":-3,"live_event_hours":1e9}`)
	f.Add(`[1,2]`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConfig([]byte(s))
		if err != nil {
			if botsweep.ErrorCode(err) != botsweep.EINVALID {
				t.Fatalf("error code %q: %v", botsweep.ErrorCode(err), err)
			}
			return
		}
		if c.Validate() != nil {
			return
		}
		for l, n := range c.Sizes() {
			if n < 0 {
				t.Fatalf("%s: %d accounts", l, n)
			}
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseConfig(b)
		if err != nil {
			t.Fatalf("own encoding: %v", err)
		}
		b2, _ := json.Marshal(back)
		if !bytes.Equal(b, b2) {
			t.Fatalf("round trip differs:\n%s\n%s", b, b2)
		}
	})
}

// FuzzGenerateFamily: random-family worlds of any seed, short windows and
// any hold-out keep their invariants: unique post ids inside the window,
// one truth row per account.
func FuzzGenerateFamily(f *testing.F) {
	f.Add(int64(1), uint16(72), uint8(0))
	f.Add(int64(99), uint16(3), uint8(0xff))
	f.Add(int64(-7), uint16(2000), uint8(5))
	f.Fuzz(func(t *testing.T, seed int64, hours uint16, without uint8) {
		cfg := Random(seed)
		cfg.Scale = 0.001
		cfg.Organic = min(cfg.Organic, 20000)
		if hours > 0 {
			cfg.Start = cfg.End.Add(-time.Duration(hours) * time.Hour)
		}
		labels := []string{LabelFandom, LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie, LabelAged, LabelNetwork, LabelLinkSpam}
		var out []string
		for i, l := range labels {
			if without&(1<<i) != 0 {
				out = append(out, l)
			}
		}
		cfg.Without = strings.Join(out, ",")
		if cfg.Validate() != nil {
			return
		}
		generateChecked(t, cfg)
	})
}

// generateChecked generates a valid config and checks the invariants every
// world keeps: one truth row per account, unique post ids inside the window.
func generateChecked(t *testing.T, cfg Config) {
	t.Helper()
	ds := &botsweep.Dataset{}
	truth, err := Generate(context.Background(), cfg, ds)
	if err != nil {
		t.Fatalf("valid config failed: %v", err)
	}
	if len(truth.Rows) != len(ds.Accounts) {
		t.Fatalf("%d truth rows for %d accounts", len(truth.Rows), len(ds.Accounts))
	}
	ids := map[string]bool{}
	for _, p := range ds.Posts {
		if ids[p.ID] {
			t.Fatalf("duplicate post id %s", p.ID)
		}
		ids[p.ID] = true
		if p.CreatedAt.Before(cfg.Start) || p.CreatedAt.After(cfg.End) {
			t.Fatalf("post at %s outside the window", p.CreatedAt)
		}
	}
}
