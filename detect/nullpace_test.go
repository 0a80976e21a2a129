package detect

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// TestNullPaceBase checks the typical item's pace: the outsiders' mean
// over items where their pairs within the window suffice, and the pooled
// rate under Jeffreys' prior, never 0, where they do not.
func TestNullPaceBase(t *testing.T) {
	for _, c := range []struct {
		name string
		p    nullPace
		want float64
	}{
		{"no outsider pair within the window", nullPace{allPairs: 14, qItems: 12}, 0.5 / 15},
		{"no outsider pair at all", nullPace{}, 0.5},
		{"three of 820", nullPace{allPairs: 820, allWithin: 3, qSum: 0.5, qItems: 300}, 3.5 / 821},
		{"enough pairs: mean over items", nullPace{allPairs: 1000, allWithin: 40, qSum: 3, qItems: 60}, 0.05},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.base(10); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("base %v, want %v", got, c.want)
			}
		})
	}
}

// TestCrowdNullWithoutOutsiders runs detection on the crowd share tables
// (tuning seeds) where clustering takes most of the crowd and leaves
// outsiders with fewer than NullMinWithin pairs of shares within the
// window: with a null that took their rate as the items' pace, crowd groups of 391 to 1,263 ordinary accounts
// (32-85% of the crowd) were reported as coordinated with lifts up to
// 10^7. No group may hold more than a tenth of the crowd, and the botnet
// must still be reported as coordinated.
func TestCrowdNullWithoutOutsiders(t *testing.T) {
	if testing.Short() {
		t.Skip("share-table worlds take a while")
	}
	for _, seed := range []int64{1003, 9204, 9205, 9209} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			d, truth := crowdShareTable(t, seed)
			res, err := Run(context.Background(), d, Options{})
			if err != nil {
				t.Fatal(err)
			}
			idx := truth.Index()
			crowd, bots := 0, 0
			for _, r := range truth.Rows {
				switch r.Label {
				case sim.LabelCrowd:
					crowd++
				case sim.LabelCrowdBotnet:
					bots++
				}
			}
			reported := 0
			for _, n := range res.Networks {
				in := 0
				for _, m := range n.Members {
					switch idx[m.AccountID].Label {
					case sim.LabelCrowd:
						in++
					case sim.LabelCrowdBotnet:
						reported++
					}
				}
				t.Logf("network %s %s size %d, crowd %d: %+v", n.ID, n.Verdict, n.Size, in, *n.Evidence.Coordination)
				if float64(in) > 0.1*float64(crowd) {
					t.Errorf("%d of %d crowd accounts in one group (%s)", in, crowd, n.Verdict)
				}
			}
			if float64(reported) < 0.8*float64(bots) {
				t.Errorf("botnet: %d of %d reported", reported, bots)
			}
		})
	}
}
