package detect

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/botsweep/botsweep/sim"
	"github.com/botsweep/botsweep/store"
)

// TestTraceStoreWorld is TestTraceRandomWorlds on a world the CLI wrote
// and ingested: DETECT_TRACE_STORE names a directory holding world/ (from
// botsweep simulate, with its truth.csv) and store/ (from botsweep ingest),
// and the trace reads the store, as botsweep detect does, so that a world
// whose in-process counts differ from the CLI's can be followed on the
// CLI's own data (DETECT_TRACE_LABELS and DETECT_DIAG_BOTSCORES as there;
// Options.Components, which botsweep detect also sets, is not). Tuning
// seeds only.
func TestTraceStoreWorld(t *testing.T) {
	dir := os.Getenv("DETECT_TRACE_STORE")
	if dir == "" {
		t.Skip()
	}
	truth, err := sim.ReadTruth(filepath.Join(dir, "world", "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(dir, "store"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	traceWorld(t, dir, st, truth)
}
