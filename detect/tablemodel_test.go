package detect

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// TestWriteTableClusters writes the judged clusters of share tables, in the
// format TestTrainVerdictModel reads (BOTSWEEP_TRAIN_CLUSTERS), with their
// features computed under the share-table diagnostics' options
// (diagOptions: DETECT_DIAG_TABLEAMP, DETECT_DIAG_OWNREST,
// DETECT_DIAG_SHOWN). DETECT_DIAG_CROWD lists crowd-random seeds,
// DETECT_DIAG_TABLES randomized worlds written as share tables at
// DETECT_DIAG_SCALE; the file is BOTSWEEP_WRITE_TABLE_CLUSTERS (gzipped if
// it ends in .gz). Worlds with authors are left to the robustness harness:
// the table options do not act there. Tuning seeds only:
//
//	BOTSWEEP_WRITE_TABLE_CLUSTERS=/tmp/t.jsonl.gz DETECT_DIAG_OWNREST=1 \
//	DETECT_DIAG_CROWD=1020,1021 go test ./detect -run TestWriteTableClusters
func TestWriteTableClusters(t *testing.T) {
	name := os.Getenv("BOTSWEEP_WRITE_TABLE_CLUSTERS")
	if name == "" {
		t.Skip("set BOTSWEEP_WRITE_TABLE_CLUSTERS=FILE")
	}
	fh, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var w io.Writer = fh
	if strings.HasSuffix(name, ".gz") {
		gz := gzip.NewWriter(fh)
		defer gz.Close()
		w = gz
	}
	opts := diagOptions()
	write := func(world string, cfg sim.Config) {
		n := writeTableClusters(t, w, world, cfg, opts)
		t.Logf("%s: %d judged clusters", world, n)
	}
	if os.Getenv("DETECT_DIAG_CROWD") != "" {
		for _, f := range strings.Split(os.Getenv("DETECT_DIAG_CROWD"), ",") {
			var seed int64
			fmt.Sscan(f, &seed)
			write(fmt.Sprintf("crowd-table-%d", seed), sim.RandomCrowd(seed))
		}
	}
	if os.Getenv("DETECT_DIAG_TABLES") != "" {
		seeds, scale := diagSeeds(t, "DETECT_DIAG_TABLES")
		for _, seed := range seeds {
			cfg := sim.Random(seed)
			cfg.Scale = scale
			write(fmt.Sprintf("random-table-%d-%g", seed, scale), cfg)
		}
	}
}

// writeTableClusters writes the judged clusters of cfg's world, written as
// a share table and detected under opts, to w as JSON lines
// (readClusterSamples' format) and returns how many it wrote.
func writeTableClusters(t *testing.T, w io.Writer, world string, cfg sim.Config, opts Options) int {
	t.Helper()
	d, truth := shareTableOf(t, cfg)
	idx := truth.Index()
	got := collectWith(t, d, func(id string) string { return idx[id].Label }, opts)
	enc := json.NewEncoder(w)
	for _, c := range got {
		share := 0.0
		if c.bot {
			share = 1
		}
		if err := enc.Encode(map[string]any{"world": world, "label": c.label, "bot_share": share, "features": c.f}); err != nil {
			t.Fatal(err)
		}
	}
	return len(got)
}

// The share-table clusters written for training read back as the
// training reads them, with the crowd botnet among them as a bot cluster,
// and TableOwnRest's unknown rest stays unknown (no no_daily_rest where
// the option left it out) rather than becoming a 0.
func TestTableClustersRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a crowd table")
	}
	name := filepath.Join(t.TempDir(), "c.jsonl")
	fh, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	cfg := sim.RandomCrowd(1021)
	var plain, own []clusterSample
	d, truth := shareTableOf(t, cfg)
	idx := truth.Index()
	label := func(id string) string { return idx[id].Label }
	plain = collectWith(t, d, label, Options{})
	n := writeTableClusters(t, fh, "crowd-table-1021", cfg, Options{TableOwnRest: true})
	fh.Close()
	own, err = readClusterSamples(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(own) != n || n == 0 {
		t.Fatalf("wrote %d clusters, read %d", n, len(own))
	}
	bots := 0
	for _, c := range own {
		if c.bot {
			bots++
			if c.label != "crowd-botnet" {
				t.Errorf("bot cluster labelled %q", c.label)
			}
		}
	}
	if bots == 0 {
		t.Fatal("no bot cluster among the crowd table's clusters")
	}
	rest := func(cs []clusterSample) int {
		k := 0
		for _, c := range cs {
			if _, ok := c.f[FeatNoRest]; ok {
				k++
			}
		}
		return k
	}
	if rest(own) > rest(plain) {
		t.Errorf("TableOwnRest measured no_daily_rest for %d clusters, the default for %d", rest(own), rest(plain))
	}
	t.Logf("%d clusters (%d bot); no_daily_rest measured in %d by default, %d with TableOwnRest", n, bots, rest(plain), rest(own))
}
