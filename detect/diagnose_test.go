package detect

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/score"
	"github.com/botsweep/botsweep/sim"
)

// TestDiagnoseRandomWorlds is a diagnostic, not a check: with
// DETECT_DIAG_SEEDS=9416,9440 (and DETECT_DIAG_SCALE, default 0.03) it runs
// detection on those randomized worlds in process and prints, for every
// network and every cluster set aside, its ground-truth composition and
// verdict or reason (DETECT_DIAG_NIGHT sets Options.MemberNightSignificance,
// DETECT_DIAG_SHOWN=1 Options.OneSidedShown, DETECT_DIAG_WIRED
// Options.MemberWiredSignificance;
// DETECT_DIAG_ACTEDREST=1 Options.MemberActedRest, DETECT_DIAG_RESTQUIET=1
// Options.MemberRestOverQuiet, DETECT_DIAG_OUTWEIGH_OFF=1
// Options.MemberRestOutweighsQuietOff, DETECT_DIAG_RHYTHMPOW=1
// Options.MemberRhythmPowered, DETECT_DIAG_AUTOMATION_OFF=1
// Options.MemberAutomationOff;
// DETECT_DIAG_BOTSCORES=1 scores members with the embedded account model,
// as botsweep detect does). Run it with -v on tuning seeds only.
func TestDiagnoseRandomWorlds(t *testing.T) {
	opts := diagMemberToggles(Options{OneSidedShown: os.Getenv("DETECT_DIAG_SHOWN") == "1"})
	if v, err := strconv.ParseFloat(os.Getenv("DETECT_DIAG_NIGHT"), 64); err == nil {
		opts.MemberNightSignificance = v
	}
	diagWorlds(t, "DETECT_DIAG_SEEDS", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		if os.Getenv("DETECT_DIAG_BOTSCORES") == "1" {
			opts.BotScores = diagBotScores(t, d)
		}
		diagnose(t, fmt.Sprintf("seed %d scale %g", seed, scale), d, truth, opts)
	})
}

// diagBotScores scores d's accounts with the embedded account model, as
// botsweep detect annotates members (Options.BotScores).
func diagBotScores(t *testing.T, d botsweep.Source) func(string) (float64, bool) {
	t.Helper()
	m, err := score.Default()
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]float64{}
	err = score.ScoreSource(context.Background(), d, m, score.ScoreOptions{ExtractOptions: score.ExtractOptions{Now: time.Now}, Reasons: -1}, func(r score.Result) error {
		scores[r.AccountID] = r.Score
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return func(id string) (float64, bool) { s, ok := scores[id]; return s, ok }
}

// TestDiagnoseCrowdWorlds is TestDiagnoseRandomWorlds for crowd-random
// share tables (DETECT_DIAG_CROWD=9402,9405): each world's shares.csv, as
// botsweep simulate writes it and the robustness protocol ingests it
// alone, decoded in process. Tuning seeds only.
func TestDiagnoseCrowdWorlds(t *testing.T) {
	diagCrowdWorlds(t, "DETECT_DIAG_CROWD", func(seed int64, d *botsweep.Dataset, truth *sim.Truth) {
		diagnose(t, fmt.Sprintf("crowd seed %d", seed), d, truth, diagOptions())
	})
}

// diagCrowdWorlds calls fn on each crowd-random share table whose seed the
// environment variable env lists (comma-separated, tuning seeds only),
// decoded with crowdShareTable; it skips the test when env is unset.
func diagCrowdWorlds(t *testing.T, env string, fn func(seed int64, d *botsweep.Dataset, truth *sim.Truth)) {
	t.Helper()
	spec := os.Getenv(env)
	if spec == "" {
		t.Skip()
	}
	for _, f := range strings.Split(spec, ",") {
		seed, _ := strconv.ParseInt(f, 10, 64)
		d, truth := crowdShareTable(t, seed)
		fn(seed, d, truth)
	}
}

// TestDiagnoseRandomTables is TestDiagnoseCrowdWorlds for randomized
// worlds written as share tables (DETECT_DIAG_TABLES=9601,9602 at
// DETECT_DIAG_SCALE, default 0.03): only their retweets, as
// object_id,account_id,content_id,timestamp_share rows, so that the human
// groups that share one account fast (fandoms, superfans, live-event
// crowds) are judged on what a share table holds. Tuning seeds only.
func TestDiagnoseRandomTables(t *testing.T) {
	seeds, scale := diagSeeds(t, "DETECT_DIAG_TABLES")
	for _, seed := range seeds {
		cfg := sim.Random(seed)
		cfg.Scale = scale
		d, truth := shareTableOf(t, cfg)
		diagnose(t, fmt.Sprintf("table seed %d scale %g", seed, scale), d, truth, diagOptions())
	}
}

// diagOptions is the Options of the share-table diagnostics:
// DETECT_DIAG_TABLEAMP=1 sets TableAmplification, =off
// TableMembershipOff (=member, share-table membership alone, is the
// default); DETECT_DIAG_OWNREST=1 sets TableOwnRest, DETECT_DIAG_SHOWN=1
// OneSidedShown.
func diagOptions() Options {
	v := os.Getenv("DETECT_DIAG_TABLEAMP")
	return Options{TableAmplification: v == "1", TableMembershipOff: v == "off", TableOwnRest: os.Getenv("DETECT_DIAG_OWNREST") == "1", OneSidedShown: os.Getenv("DETECT_DIAG_SHOWN") == "1"}
}

// diagMemberToggles sets on opts the membership options the diagnostics
// switch from the environment: DETECT_DIAG_ACTEDREST=1 MemberActedRest,
// DETECT_DIAG_QUIETSIG=1 MemberQuietSigned, DETECT_DIAG_RESTQUIET=1
// MemberRestOverQuiet, DETECT_DIAG_OUTWEIGH_OFF=1
// MemberRestOutweighsQuietOff, DETECT_DIAG_RHYTHMPOW=1 MemberRhythmPowered,
// DETECT_DIAG_CONTRA=1 or DETECT_DIAG_PARTIALCONTRA=1
// MemberPartialContradicted, DETECT_DIAG_SLOWERCONTRA_OFF=1
// MemberSlowerContradictedOff, DETECT_DIAG_REPLIESPOW_OFF=1
// MemberRepliesPoweredOff,
// DETECT_DIAG_LOOKSONLY=1 MemberActedRestLooksOnly,
// DETECT_DIAG_AUTOMATION_OFF=1 MemberAutomationOff, and DETECT_DIAG_WIRED
// MemberWiredSignificance (diagWired).
func diagMemberToggles(opts Options) Options {
	on := func(env string) bool { return os.Getenv(env) == "1" }
	opts.MemberActedRest = on("DETECT_DIAG_ACTEDREST")
	opts.MemberQuietSigned = on("DETECT_DIAG_QUIETSIG")
	opts.MemberQuietPooled = on("DETECT_DIAG_QUIETPOOL")
	opts.MemberAwakePooled = on("DETECT_DIAG_AWAKEPOOL")
	opts.MemberAwakePooledCount = on("DETECT_DIAG_AWAKECOUNT")
	opts.MemberRestOverQuiet = on("DETECT_DIAG_RESTQUIET")
	opts.MemberRestOutweighsQuietOff = on("DETECT_DIAG_OUTWEIGH_OFF")
	opts.MemberRhythmPowered = on("DETECT_DIAG_RHYTHMPOW")
	opts.MemberPartialContradicted = on("DETECT_DIAG_CONTRA") || on("DETECT_DIAG_PARTIALCONTRA")
	opts.MemberSlowerContradictedOff = on("DETECT_DIAG_SLOWERCONTRA_OFF")
	opts.MemberRepliesPoweredOff = on("DETECT_DIAG_REPLIESPOW_OFF")
	opts.MemberActedRestLooksOnly = on("DETECT_DIAG_LOOKSONLY")
	opts.MemberAutomationOff = on("DETECT_DIAG_AUTOMATION_OFF")
	opts.MemberStepUp = on("DETECT_DIAG_STEPUP")
	opts.MemberWiredSignificance = diagWired()
	return opts
}

// diagWired is Options.MemberWiredSignificance for the diagnostics:
// DETECT_DIAG_WIRED, 0 (off) when unset.
func diagWired() float64 {
	v, _ := strconv.ParseFloat(os.Getenv("DETECT_DIAG_WIRED"), 64)
	return v
}

// diagSeeds reads the seeds the environment variable env lists
// (comma-separated) and DETECT_DIAG_SCALE (default 0.03); without env the
// test is skipped.
func diagSeeds(t *testing.T, env string) (seeds []int64, scale float64) {
	t.Helper()
	spec := os.Getenv(env)
	if spec == "" {
		t.Skip()
	}
	scale, _ = strconv.ParseFloat(os.Getenv("DETECT_DIAG_SCALE"), 64)
	if scale == 0 {
		scale = 0.03
	}
	for _, f := range strings.Split(spec, ",") {
		seed, _ := strconv.ParseInt(f, 10, 64)
		seeds = append(seeds, seed)
	}
	return seeds, scale
}

// diagWorlds simulates the randomized worlds whose seeds the environment
// variable env lists (comma-separated) at DETECT_DIAG_SCALE (default
// 0.03) and hands each world's data and truth to fn; without env the test
// is skipped. For diagnostics on tuning seeds only.
func diagWorlds(t *testing.T, env string, fn func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth)) {
	t.Helper()
	seeds, scale := diagSeeds(t, env)
	for _, seed := range seeds {
		cfg := sim.Random(seed)
		cfg.Scale = scale
		d := &botsweep.Dataset{}
		truth, err := sim.Generate(context.Background(), cfg, d)
		if err != nil {
			t.Fatal(err)
		}
		fn(seed, scale, d, truth)
	}
}

// crowdShareTable simulates the crowd-random share table of seed and
// decodes its shares.csv, the only file the robustness protocol ingests.
func crowdShareTable(t *testing.T, seed int64) (*botsweep.Dataset, *sim.Truth) {
	t.Helper()
	return shareTableOf(t, sim.RandomCrowd(seed))
}

// shareTableOf writes the world of cfg as a share table
// (sim.WriteShareTable) and decodes its shares.csv.
func shareTableOf(t *testing.T, cfg sim.Config) (*botsweep.Dataset, *sim.Truth) {
	t.Helper()
	dir := t.TempDir()
	truth, _, err := sim.WriteShareTable(context.Background(), cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(filepath.Join(dir, sim.FileShares))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	d := &botsweep.Dataset{}
	if _, err := ingest.Decode(context.Background(), fh, ingest.Options{Name: sim.FileShares}, d); err != nil {
		t.Fatal(err)
	}
	return d, truth
}

// diagnose runs detection on d and prints the world's planted networks and
// people by label, then every network's and set-aside cluster's
// ground-truth composition with its verdict or reason.
func diagnose(t *testing.T, name string, d *botsweep.Dataset, truth *sim.Truth, opts Options) {
	t.Helper()
	idx := truth.Index()
	tot, ppl := map[string]int{}, map[string]int{}
	for _, r := range truth.Rows {
		if sim.KindOf(r.Label) == "bot" {
			tot[r.Label]++
		} else {
			ppl[r.Label]++
		}
	}
	comp := func(names []string) string {
		m := map[string]int{}
		for _, n := range names {
			m[idx[n].Label]++
		}
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		var out []string
		for _, k := range ks {
			out = append(out, fmt.Sprintf("%s:%d", k, m[k]))
		}
		return strings.Join(out, " ")
	}
	res, err := Run(context.Background(), d, opts)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "== %s bots %v people %v\n", name, tot, ppl)
	for _, n := range res.Networks {
		var names []string
		for _, m := range n.Members {
			names = append(names, m.AccountID)
		}
		fmt.Fprintf(&b, "  NET %s %.3f [%s] %s; %v\n", n.Verdict, n.Score, comp(names), n.Evidence.Verdict, n.Evidence.Features)
	}
	for _, a := range res.Stats.SetAside {
		if a.Members == nil {
			fmt.Fprintf(&b, "  ASIDE %d: %s\n", a.Size, a.Reason)
			continue
		}
		fmt.Fprintf(&b, "  ASIDE [%s]: %s\n", comp(a.Members), a.Reason)
	}
	fmt.Print(b.String())
}
