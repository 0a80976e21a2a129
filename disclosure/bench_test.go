package disclosure_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/disclosure"
	"github.com/botsweep/botsweep/sim"
)

// simRelease is a simulated globus world with its retweet network as one
// swept, state-backed network.
func simRelease(b *testing.B, scale float64) (*botsweep.Dataset, []botsweep.Network, *disclosure.Enforcement) {
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
	n := botsweep.Network{ID: "N1", StateBacked: true, Attribution: []botsweep.AttributionCandidate{{Operation: "op", StateBacked: true, Confidence: botsweep.ConfidenceHigh}}}
	var ids []string
	for _, r := range truth.ByLabel(sim.LabelNetwork) {
		n.Members = append(n.Members, botsweep.Member{AccountID: r.AccountID, ScreenName: r.ScreenName, Role: botsweep.RoleCore})
		ids = append(ids, r.AccountID)
	}
	enf := disclosure.NewEnforcement([]botsweep.Sweep{{ID: "S1", Networks: []string{"N1"}, Accounts: ids}}, nil)
	return ds, []botsweep.Network{n}, enf
}

// BenchmarkWrite writes the release of the retweet network of a scale-0.1
// globus world (500 accounts): posts/s over the whole world scanned.
func BenchmarkWrite(b *testing.B) {
	ds, nets, enf := simRelease(b, 0.1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := disclosure.Write(context.Background(), b.TempDir(), ds, nets, enf, disclosure.Options{Key: testKey, Now: fixedNow})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(m.Tweets), "released-tweets")
	}
	b.ReportMetric(float64(len(ds.Posts))*float64(b.N)/b.Elapsed().Seconds(), "world-posts/s")
}

// BenchmarkWriteNaive is the baseline for BenchmarkWrite in the same run:
// the same scan, the released posts written raw with encoding/csv (no
// hashing, scrubbing, sorting or zip).
func BenchmarkWriteNaive(b *testing.B) {
	ds, nets, _ := simRelease(b, 0.1)
	members := map[string]bool{}
	for _, m := range nets[0].Members {
		members[m.AccountID] = true
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(disclosure.TweetColumns)
		n := 0
		ds.EachPost(context.Background(), func(p *botsweep.Post) error {
			if members[p.AccountID] {
				n++
				w.Write([]string{p.ID, p.AccountID, p.Text, p.CreatedAt.Format(disclosure.TweetTimeLayout), p.Client, p.RetweetOf, p.RetweetOfAccount,
					strings.Join(p.Hashtags, ","), strings.Join(p.URLs, ",")})
			}
			return nil
		})
		w.Flush()
		if err := os.WriteFile(filepath.Join(b.TempDir(), "t.csv"), buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n), "released-tweets")
	}
	b.ReportMetric(float64(len(ds.Posts))*float64(b.N)/b.Elapsed().Seconds(), "world-posts/s")
}
