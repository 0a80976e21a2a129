package detect

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestMemberEvidenceForMarked checks that membership evidence read only
// for some clusters (memberEvidenceFor, as splitMixed and the final pass
// read it) is, for each cluster marked, the evidence memberEvidence gives
// it beside every other cluster, and nothing for the others: the clusters
// left unmarked still count where the evidence depends on them (the
// outsiders' popularity behind a share table's amplified items, the
// account each cluster amplifies). Share tables of randomized tuning
// worlds and a crowd table (share-table membership, the default) and
// worlds with authors, at two scales, on the clusters of three stages of
// buildNetworks, with every cluster marked alone and every other cluster
// marked.
func TestMemberEvidenceForMarked(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates worlds")
	}
	type world_ struct {
		name string
		data func(t *testing.T) *botsweep.Dataset
	}
	table := func(seed int64, scale float64) world_ {
		return world_{fmt.Sprintf("table-%d@%g", seed, scale), func(t *testing.T) *botsweep.Dataset {
			cfg := sim.Random(seed)
			cfg.Scale = scale
			d, _ := shareTableOf(t, cfg)
			return d
		}}
	}
	authors := func(seed int64, scale float64) world_ {
		return world_{fmt.Sprintf("world-%d@%g", seed, scale), func(t *testing.T) *botsweep.Dataset {
			cfg := sim.Random(seed)
			cfg.Scale = scale
			d := &botsweep.Dataset{}
			if _, err := sim.Generate(context.Background(), cfg, d); err != nil {
				t.Fatal(err)
			}
			return d
		}}
	}
	crowd := world_{"crowd-9601", func(t *testing.T) *botsweep.Dataset {
		d, _ := crowdShareTable(t, 9601)
		return d
	}}
	for _, c := range []world_{table(9602, 0.03), table(9611, 0.06), crowd, authors(9640, 0.03), authors(9617, 0.06)} {
		t.Run(c.name, func(t *testing.T) {
			d := c.data(t)
			opts := Options{}.withDefaults()
			checked, marked := 0, 0
			trace := func(w *world, stage string, clusters []cluster) {
				if stage != "stage1+2 kept" && stage != "inauthentic (merged)" && stage != "coordinated (merged)" {
					return
				}
				if len(clusters) < 2 {
					return
				}
				full := memberEvidence(w, clusters, opts)
				var masks [][]bool
				for c := range clusters {
					one := make([]bool, len(clusters))
					one[c] = true
					masks = append(masks, one)
				}
				for r := range 2 {
					alt := make([]bool, len(clusters))
					for c := range alt {
						alt[c] = c%2 == r
					}
					masks = append(masks, alt)
				}
				for _, need := range masks {
					got := memberEvidenceFor(w, clusters, need, opts)
					for c := range clusters {
						switch {
						case !need[c] && got[c] != nil:
							t.Errorf("%s: cluster %d of %d not marked has evidence", stage, c, len(clusters))
						case need[c] && !reflect.DeepEqual(got[c], full[c]):
							t.Errorf("%s: cluster %d of %d (%d members) marked: evidence differs from memberEvidence's", stage, c, len(clusters), len(clusters[c].members))
						case need[c]:
							marked++
						}
					}
				}
				none := memberEvidenceFor(w, clusters, make([]bool, len(clusters)), opts)
				for c := range none {
					if none[c] != nil {
						t.Errorf("%s: nothing marked, cluster %d has evidence", stage, c)
					}
				}
				checked++
			}
			if _, err := runTraced(d, Options{}, trace); err != nil {
				t.Fatal(err)
			}
			if checked == 0 || marked == 0 {
				t.Fatalf("no stage with two clusters or more checked (%d stages, %d clusters marked)", checked, marked)
			}
		})
	}
}
