package sim

import (
	"context"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// FuzzGenerate checks that no valid configuration makes the generator panic
// or break its invariants: tiny and empty groups, short windows, odd rates.
func FuzzGenerate(f *testing.F) {
	f.Add(int64(1), uint8(20), uint8(5), uint8(3), uint8(0), uint8(2), uint16(72), float64(0.5), float64(1))
	f.Add(int64(2), uint8(0), uint8(0), uint8(0), uint8(9), uint8(0), uint16(1), float64(0), float64(0))
	f.Add(int64(3), uint8(10), uint8(1), uint8(1), uint8(1), uint8(1), uint16(2000), float64(1), float64(3))
	f.Fuzz(func(t *testing.T, seed int64, organic, network, farm, fandom, bursts uint8, hours uint16, coverage, rate float64) {
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
		if cfg.Validate() != nil {
			return
		}
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
	})
}
