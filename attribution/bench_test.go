package attribution_test

import (
	"context"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/attribution"
	"github.com/botsweep/botsweep/sim"
)

func simWorld(b *testing.B, scale float64) (*botsweep.Dataset, botsweep.Network) {
	b.Helper()
	cfg, err := sim.Default("globus")
	if err != nil {
		b.Fatal(err)
	}
	cfg.Scale = scale
	ds := &botsweep.Dataset{}
	truth, err := sim.Generate(context.Background(), cfg, ds)
	if err != nil {
		b.Fatal(err)
	}
	n := botsweep.Network{ID: "N1"}
	for _, r := range truth.ByLabel(sim.LabelNetwork) {
		n.Members = append(n.Members, botsweep.Member{AccountID: r.AccountID, ScreenName: r.ScreenName, Role: botsweep.RoleCore})
	}
	return ds, n
}

// BenchmarkBuildAndAttribute builds the index over a scale-0.1 globus
// world and attributes its retweet network.
func BenchmarkBuildAndAttribute(b *testing.B) {
	ds, n := simWorld(b, 0.1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		idx, err := attribution.Build(context.Background(), ds, attribution.Options{})
		if err != nil {
			b.Fatal(err)
		}
		net := n
		idx.Attribute(&net)
		if !net.StateBacked {
			b.Fatal("not attributed")
		}
	}
	b.ReportMetric(float64(len(ds.Posts))*float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}

// BenchmarkScanBaseline is the baseline in the same run: one pass over the
// same accounts and posts that only reads each post's domains and client.
func BenchmarkScanBaseline(b *testing.B) {
	ds, _ := simWorld(b, 0.1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		ds.EachAccount(context.Background(), func(a *botsweep.Account) error { n += len(a.URLDomain); return nil })
		ds.EachPost(context.Background(), func(p *botsweep.Post) error { n += len(p.Domains) + len(p.Client); return nil })
		if n == 0 {
			b.Fatal("empty")
		}
	}
	b.ReportMetric(float64(len(ds.Posts))*float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}
