package detect

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

func TestDiagCoSelect(t *testing.T) {
	spec := os.Getenv("COSEL_SEEDS")
	if spec == "" {
		t.Skip()
	}
	scale, _ := strconv.ParseFloat(os.Getenv("DETECT_DIAG_SCALE"), 64)
	if scale == 0 {
		scale = 0.03
	}
	for _, f := range strings.Split(spec, ",") {
		seed, _ := strconv.ParseInt(f, 10, 64)
		cfg := sim.Random(seed)
		cfg.Scale = scale
		d := &botsweep.Dataset{}
		truth, err := sim.Generate(context.Background(), cfg, d)
		if err != nil {
			t.Fatal(err)
		}
		idx := truth.Index()
		debugCluster = func(w *world, members []int32, _ map[string]float64, j judgement) {
			m := map[string]int{}
			for _, a := range members {
				m[idx[w.acct.names[a]].Label]++
			}
			var ks []string
			for k, v := range m {
				ks = append(ks, fmt.Sprintf("%s:%d", k, v))
			}
			sort.Strings(ks)
			fmt.Printf("COSEL %d %g coord=%v verdict=%s tlift=%.2f tsig=%.1f slift=%.2f ssig=%.1f sobs=%.0f [%s]\n", seed, scale, j.coordinated, j.verdict, j.test.lift(), j.test.significance(), j.sel.lift(), j.sel.significance(), j.sel.Observed, strings.Join(ks, " "))
		}
		if _, err := Run(context.Background(), d, Options{}); err != nil {
			t.Fatal(err)
		}
		debugCluster = nil
	}
}
