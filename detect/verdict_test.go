package detect

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// Seeds of the verdict model, declared before measuring (docs/benchmarks/detect.md):
// tuning worlds train the model; confirmation worlds only measure it.
var (
	verdictTuneSeeds    = []int64{1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012}
	verdictConfirmSeeds = []int64{2001, 2002, 2003, 2004, 2005, 2006}
)

// randomWorld draws a simulator configuration from wide ranges around a
// scenario's defaults. holdOut removes the held-out families (fandoms and
// link spam) for training worlds.
func randomWorld(t testing.TB, seed int64, holdOut bool) sim.Config {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(seed), 99))
	scenarios := sim.Scenarios()
	cfg, err := sim.Default(scenarios[rng.IntN(len(scenarios))])
	if err != nil {
		t.Fatal(err)
	}
	f := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	cfg.Seed = seed
	cfg.Scale = f(0.05, 0.15)
	cfg.GlobusReaders *= f(0.5, 2)
	cfg.NetworkCoverage = math.Min(0.95, cfg.NetworkCoverage*f(0.5, 1.3))
	cfg.NetworkDelayMedian *= f(0.5, 4)
	cfg.NetworkCustomProfile = math.Min(0.9, cfg.NetworkCustomProfile+f(0, 0.5))
	cfg.CamouflageShare = math.Min(0.8, cfg.CamouflageShare*f(0.6, 1.5))
	cfg.CamouflageDelayMedian *= f(0.5, 3)
	cfg.FandomParticipation = math.Min(0.95, cfg.FandomParticipation*f(0.6, 1.5))
	cfg.FandomDelayMedian *= f(0.3, 2)
	cfg.ViralDelayMedian *= f(0.3, 2)
	cfg.OrganicMeanPosts *= f(0.5, 2)
	cfg.ReplyShare *= f(0.3, 2)
	if holdOut {
		cfg.Fandom, cfg.LinkSpam = 0, 0
	}
	return cfg
}

// clusterSample is one judged cluster with its ground truth.
type clusterSample struct {
	f     map[string]float64
	bot   bool
	label string
}

// collectClusters runs detection on a simulated world and returns every
// cluster it judged (both passes), labelled by its majority.
func collectClusters(t testing.TB, cfg sim.Config) []clusterSample {
	t.Helper()
	d, label := simulated(t, cfg)
	return collect(t, d, label)
}

// simulated generates cfg's world in memory and returns it with each
// account's ground-truth label.
func simulated(t testing.TB, cfg sim.Config) (*botsweep.Dataset, func(id string) string) {
	t.Helper()
	d := &botsweep.Dataset{}
	truth, err := sim.Generate(context.Background(), cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	idx := truth.Index()
	return d, func(id string) string { return idx[id].Label }
}

// collect runs detection on src and labels each judged cluster by its
// members' labels (label gives an account's, "" unknown).
func collect(t testing.TB, src botsweep.Source, label func(string) string) []clusterSample {
	return collectWith(t, src, label, Options{})
}

// collectWith is collect under opts.
func collectWith(t testing.TB, src botsweep.Source, label func(string) string, opts Options) []clusterSample {
	var out []clusterSample
	debugCluster = func(w *world, members []int32, f map[string]float64, j judgement) {
		by := map[string]int{}
		bots := 0
		for _, a := range members {
			l := label(w.acct.names[a])
			by[l]++
			if sim.KindOf(l) == "bot" {
				bots++
			}
		}
		top, best := "", 0
		for l, k := range by {
			if k > best || (k == best && l < top) {
				top, best = l, k
			}
		}
		// Every judged cluster trains the model, coordinated or not: human
		// groups that stage 1 sets aside still show what people look like.
		out = append(out, clusterSample{f: f, bot: 2*bots > len(members), label: top})
		t.Logf("  cluster %d %s (bot %v): lift %.3g significance %.1f co-shares per member %.1f p %.3f", len(members), top, 2*bots > len(members), j.test.lift(), j.test.significance(), j.test.Observed/float64(len(members)), j.prob)
	}
	defer func() { debugCluster = nil }()
	if _, err := Run(context.Background(), src, opts); err != nil {
		t.Fatal(err)
	}
	return out
}

// shareTableWorld is a share table with a crowd and a botnet (no authors,
// no origin times, no profiles), its sizes drawn from the seed.
func shareTableWorld(seed int64) *synthSource {
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	s := &synthSource{total: 150_000 + rng.IntN(150_000), cliqueSize: 300 + rng.IntN(700), cliquePosts: 100 + rng.IntN(200),
		seed: uint64(seed), shareTable: true, crowd: 5000 + rng.IntN(10000), cliqueDelay: 30 + 200*rng.Float64()}
	s.cliqueShares = s.cliqueSize * s.cliquePosts * (4 + rng.IntN(5)) / 10
	return s
}

// shareLabel labels the synthetic share table's accounts.
func shareLabel(id string) string {
	if strings.HasPrefix(id, "c") {
		return "retweet-network"
	}
	return "organic"
}

// fitLogistic fits an L2-regularised logistic regression with
// non-negative weights by projected gradient descent, each class weighted
// to half the loss.
func fitLogistic(x [][]float64, y []bool, lambda float64, iters int) ([]float64, float64) {
	d := len(x[0])
	w := make([]float64, d)
	var b float64
	pos := 0
	for _, v := range y {
		if v {
			pos++
		}
	}
	wPos, wNeg := 0.5/float64(max(pos, 1)), 0.5/float64(max(len(y)-pos, 1))
	for range iters {
		g := make([]float64, d)
		var gb float64
		for i, xi := range x {
			z := b
			for k, v := range xi {
				z += w[k] * v
			}
			p := 1 / (1 + math.Exp(-z))
			target, wt := 0.0, wNeg
			if y[i] {
				target, wt = 1, wPos
			}
			e := wt * (p - target)
			for k, v := range xi {
				g[k] += e * v
			}
			gb += e
		}
		for k := range w {
			w[k] = max(0, w[k]-2*(g[k]+lambda*w[k])) // non-negative: monotone in the evidence
		}
		b -= 2 * gb
	}
	return w, b
}

// TestTrainVerdictModel trains the embedded verdict model on clusters from
// the tuning worlds (randomized simulator worlds without fandoms and link
// spam, and randomized share tables) and writes detect/verdict_model.json.
// It is long; run it with
//
//	BOTSWEEP_TRAIN_VERDICT=1 go test -run TestTrainVerdictModel -v ./detect
func TestTrainVerdictModel(t *testing.T) {
	if os.Getenv("BOTSWEEP_TRAIN_VERDICT") == "" {
		t.Skip("set BOTSWEEP_TRAIN_VERDICT=1 to retrain the verdict model")
	}
	base, err := DefaultVerdictModel()
	if err != nil {
		t.Fatal(err)
	}
	var samples []clusterSample
	source := any(verdictTuneSeeds)
	if files := os.Getenv("BOTSWEEP_TRAIN_CLUSTERS"); files != "" {
		source = strings.Split(files, ",")
		for _, name := range strings.Split(files, ",") {
			got, err := readClusterSamples(name)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d coordinated clusters", name, len(got))
			samples = append(samples, got...)
		}
	}
	for _, seed := range verdictTuneSeeds {
		if os.Getenv("BOTSWEEP_TRAIN_CLUSTERS") != "" {
			break // trained on the robustness harness's clusters
		}
		cfg := randomWorld(t, seed, true)
		got := collectClusters(t, cfg)
		t.Logf("world %d (%s, scale %.2f): %d coordinated clusters", seed, cfg.Scenario, cfg.Scale, len(got))
		samples = append(samples, got...)
		if seed%3 == 0 {
			st := collect(t, shareTableWorld(seed), shareLabel)
			t.Logf("share table %d: %d coordinated clusters", seed, len(st))
			samples = append(samples, st...)
		}
	}
	// Hold out whole families (BOTSWEEP_TRAIN_HOLDOUT=camouflage,...):
	// their clusters are left out of training and only scored.
	var held []clusterSample
	if h := os.Getenv("BOTSWEEP_TRAIN_HOLDOUT"); h != "" {
		keep := samples[:0:0]
		for _, s := range samples {
			if slices.Contains(strings.Split(h, ","), s.label) {
				held = append(held, s)
			} else {
				keep = append(keep, s)
			}
		}
		samples = keep
	}
	m := &VerdictModel{
		Features: withAutomation(stage2Features(base.Features)),
		OneSided: withAutomation(base.OneSided),
		Evidence: withAutomation(stage2Features(withSilent(base.Evidence))),
	}
	// BOTSWEEP_TRAIN_ACTED=1 adds acted_round_clock (two-sided) and writes
	// verdict_model_acted.json (the default; not with
	// Options.MemberAutomationOff) instead; "onesided" counts it only when
	// present. Its clusters must have been judged with the feature
	// measured (botsweep detect --verdict-model FILE, without
	// --member-automation-off).
	out := "verdict_model.json"
	if v := os.Getenv("BOTSWEEP_TRAIN_ACTED"); v != "" {
		out = "verdict_model_acted.json"
		m.Features = append(m.Features, FeatActedClock)
		m.Evidence = append(m.Evidence, FeatActedClock)
		if v == "onesided" {
			m.OneSided = append(m.OneSided, FeatActedClock)
		}
	}
	x := make([][]float64, len(samples))
	y := make([]bool, len(samples))
	pos := 0
	for i, s := range samples {
		x[i] = m.inputs(s.f)
		y[i] = s.bot
		if s.bot {
			pos++
		}
	}
	if pos == 0 || pos == len(samples) {
		t.Fatalf("%d clusters, %d bot: need both classes", len(samples), pos)
	}
	m.Weights, m.Bias = fitLogistic(x, y, 0.01, 3000)
	for i := range m.Weights {
		m.Weights[i] = round3(m.Weights[i])
	}
	m.Bias = round3(m.Bias)
	// Threshold: the calibrated probability 0.5, raised above every
	// training human cluster's score (with a margin of 0.05) when one
	// scores higher: treating people as bots is the worst failure.
	m.Threshold = 0.5
	var humanMax float64
	tp, fp, fn := 0, 0, 0
	for i, s := range samples {
		p := m.Probability(s.f)
		if !y[i] {
			humanMax = max(humanMax, p)
		}
	}
	for _, s := range samples {
		if p := m.Probability(s.f); !s.bot && p >= humanMax-0.1 {
			t.Logf("human cluster near the top: %s, score %.3f", s.label, p)
		}
	}
	if humanMax+0.05 > m.Threshold {
		m.Threshold = round3(math.Min(0.95, humanMax+0.05))
	}
	// A retrained model does not enforce below the embedded model it
	// is measured against (base): a lower bar is a change in what is
	// enforced, to be confirmed on worlds of its own, not a by-product of
	// fresh training clusters (the acted model's clusters gave 0.500
	// against 0.574, and 0.500 flagged people in tuning worlds 9648 and
	// 9914 at 0.06; docs/benchmarks/detect.md, "Member automation at
	// stage 2").
	m.Threshold = max(m.Threshold, base.Threshold)
	bins := make([][2]int, 5) // calibration: clusters and bot clusters per probability fifth
	for _, s := range samples {
		p := m.Probability(s.f)
		b := min(int(p*5), 4)
		bins[b][0]++
		if s.bot {
			bins[b][1]++
		}
		switch {
		case p >= m.Threshold && s.bot:
			tp++
		case p >= m.Threshold:
			fp++
		case s.bot:
			fn++
		}
	}
	var calib []string
	for b, c := range bins {
		calib = append(calib, fmt.Sprintf("[%.1f,%.1f): %d clusters, %d bot", float64(b)/5, float64(b+1)/5, c[0], c[1]))
	}
	m.Calibration = map[string]any{
		"trained_by":        trainedBy(),
		"trained_on":        source,
		"held_out_families": heldOut(),
		"clusters":          len(samples),
		"bot_clusters":      pos,
		"max_human_score":   round3(humanMax),
		"at_threshold":      map[string]int{"true_positive": tp, "false_positive": fp, "false_negative": fn},
		"reliability":       calib,
	}
	if len(held) > 0 {
		// A hold-out run only reports: the held-out families' clusters
		// scored by a model that never saw them.
		above := 0
		for _, s := range held {
			p := m.Probability(s.f)
			if p >= m.Threshold {
				above++
			}
			t.Logf("HELD OUT %s (bot %v): score %.3f (threshold %.3f); %v", s.label, s.bot, p, m.Threshold, s.f)
		}
		t.Logf("held out %s: %d clusters, %d at or above the threshold %.3f; trained on %d clusters (%d bot), weights %v", os.Getenv("BOTSWEEP_TRAIN_HOLDOUT"), len(held), above, m.Threshold, len(samples), pos, m.Weights)
		return
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("trained on %d clusters (%d bot): weights %v bias %.3f threshold %.3f; tp %d fp %d fn %d; %v", len(samples), pos, m.Weights, m.Bias, m.Threshold, tp, fp, fn, calib)
}

// stage2Features drops the co-action measures from a list of features:
// synchrony and follow lockstep say how tightly a group acts together,
// which is stage 1's question (a fandom or an activist follow train is as
// synchronous as a botnet), not whether its accounts are inauthentic.
func stage2Features(names []string) []string {
	var out []string
	for _, n := range names {
		if n != FeatSynchrony && n != FeatFollowBlock && n != FeatFollowSet {
			out = append(out, n)
		}
	}
	return out
}

// withAutomation adds the automation features measured against
// per-member baselines (detect/automation.go) to a list of features, once.
// Both are one-sided: an operator may schedule within waking hours or
// draw each account's delays from its own distribution, so their absence
// says nothing.
func withAutomation(names []string) []string {
	out := slices.Clone(names)
	for _, n := range []string{FeatQuietAmp, FeatSharedDelays, FeatClockwork} {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// withSilent adds silent to a list of evidence features, once: measured
// only where never posting could have been seen (the data holds posts and
// most members are known besides them, by a profile or a follow), it is a
// signal of its own, independent of creation dates and profiles.
func withSilent(names []string) []string {
	if slices.Contains(names, FeatSilent) {
		return slices.Clone(names)
	}
	return append(slices.Clone(names), FeatSilent)
}

// heldOut is the families the training worlds left out: fandoms and link
// spam for the simulated tuning worlds, none for the robustness harness's
// clusters (every family, tuning seeds).
func heldOut() []string {
	if os.Getenv("BOTSWEEP_TRAIN_CLUSTERS") != "" {
		return []string{}
	}
	return []string{"fandom", "link-spam"}
}

// trainedBy is the command that reproduces the training run.
func trainedBy() string {
	cmd := "BOTSWEEP_TRAIN_VERDICT=1 go test -run TestTrainVerdictModel -v ./detect"
	if v := os.Getenv("BOTSWEEP_TRAIN_ACTED"); v != "" {
		cmd = "BOTSWEEP_TRAIN_ACTED=" + v + " " + cmd
	}
	if f := os.Getenv("BOTSWEEP_TRAIN_CLUSTERS"); f != "" {
		cmd = "BOTSWEEP_TRAIN_CLUSTERS=" + f + " " + cmd
	}
	return cmd
}

// readClusterSamples reads the judged clusters of robustness runs (the
// clusters.jsonl that `botsweep eval --clusters` writes, optionally
// gzipped): features, and bot when most members are bots.
func readClusterSamples(name string) ([]clusterSample, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer gz.Close()
		r = gz
	}
	var out []clusterSample
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var c struct {
			Features map[string]float64 `json:"features"`
			BotShare float64            `json:"bot_share"`
			Label    string             `json:"label"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		out = append(out, clusterSample{f: c.Features, bot: c.BotShare > 0.5, label: c.Label})
	}
	return out, sc.Err()
}

// TestVerdictConfirmation runs the confirmation worlds (every family,
// fandoms and link spam included) and checks the bars. Long; run it with
//
//	BOTSWEEP_CONFIRM_VERDICT=1 go test -run TestVerdictConfirmation -v ./detect
func TestVerdictConfirmation(t *testing.T) {
	if os.Getenv("BOTSWEEP_CONFIRM_VERDICT") == "" {
		t.Skip("set BOTSWEEP_CONFIRM_VERDICT=1 to run the confirmation worlds")
	}
	for _, seed := range verdictConfirmSeeds {
		cfg := randomWorld(t, seed, false)
		m := evalWorldConfig(t, cfg, Options{})
		minRecall, minTogether, maxFP := 1.0, 1.0, 0.0
		for l, r := range m.recall {
			minRecall = min(minRecall, r)
			minTogether = min(minTogether, m.together[l])
		}
		for _, fp := range m.fpRate {
			maxFP = max(maxFP, fp)
		}
		t.Logf("CONFIRM seed %d %s scale %.2f: min recall %.3f, min together %.3f, precision %.4f (%d flagged), max hard-negative FP %.4f; recall %v fp %v",
			seed, cfg.Scenario, cfg.Scale, minRecall, minTogether, m.precision, m.flagged, maxFP, m.recall, m.fpRate)
	}
}

// TestVerdictModelEmbedded checks the embedded model is usable: features
// and weights agree, the threshold is a probability, and more automation
// evidence never lowers the score.
func TestVerdictModelEmbedded(t *testing.T) {
	for name, load := range map[string]func() (*VerdictModel, error){"default": DefaultVerdictModel, "acted": AutomationVerdictModel} {
		t.Run(name, func(t *testing.T) { checkVerdictModel(t, load) })
	}
}

// checkVerdictModel checks one embedded verdict model (TestVerdictModelEmbedded).
func checkVerdictModel(t *testing.T, load func() (*VerdictModel, error)) {
	m, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range m.Weights {
		if w < 0 {
			t.Errorf("%s weight %v: weights are non-negative", m.Features[i], w)
		}
	}
	if m.Threshold <= 0 || m.Threshold >= 1 {
		t.Fatalf("threshold %v", m.Threshold)
	}
	if len(m.Evidence) == 0 {
		t.Fatal("no evidence features")
	}
	none := m.Probability(map[string]float64{})
	if math.Abs(none-1/(1+math.Exp(-m.Bias))) > 1e-9 {
		t.Errorf("no measured features: %v, want the bias alone", none)
	}
}

// TestShareTableCrowdAndBotnet runs detection on share tables (no authors,
// origin times or profiles) holding an ordinary crowd and a botnet, on
// seeds the model was not trained on: the botnet must be the enforcement
// candidates with precision and recall at least 0.99, on evidence a table
// can show (never duplicated content or silence), and the crowd must not
// be one giant group in either verdict.
func TestShareTableCrowdAndBotnet(t *testing.T) {
	if testing.Short() {
		t.Skip("share-table worlds take a while")
	}
	for _, seed := range []int64{3003, 3004} { // 3001 and 3002 set MinLift
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			src := shareTableWorld(seed)
			res, err := Run(context.Background(), src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			flagged, bots, biggestCrowd := 0, 0, 0
			for _, n := range res.Networks {
				crowd := 0
				for _, m := range n.Members {
					if shareLabel(m.AccountID) == "organic" {
						crowd++
					} else if Enforceable(&n) {
						bots++
					}
					if Enforceable(&n) {
						flagged++
					}
				}
				biggestCrowd = max(biggestCrowd, crowd)
				t.Logf("network %s %s size %d (crowd %d): %s; clockwork_delays %v; %+v", n.ID, n.Verdict, n.Size, crowd, n.Evidence.Verdict, n.Evidence.Features[FeatClockwork], *n.Evidence.Coordination)
				// A table holds no texts and knows accounts only by their
				// shares: neither may count towards the verdict.
				for _, name := range []string{FeatDuplicate, FeatSilent} {
					if slices.Contains(n.Evidence.Used, name) {
						t.Errorf("network %s counts %s, which a share table cannot show", n.ID, name)
					}
				}
			}
			prec, rec := float64(bots)/float64(max(flagged, 1)), float64(bots)/float64(src.cliqueSize)
			t.Logf("seed %d: %d crowd, %d bots: %d networks, flagged %d (precision %.4f recall %.4f), largest crowd share in one group %d; stats %+v",
				seed, src.crowd, src.cliqueSize, len(res.Networks), flagged, prec, rec, biggestCrowd, res.Stats.SetAside)
			if prec < 0.99 || rec < 0.99 {
				t.Errorf("botnet precision %.4f recall %.4f, want both >= 0.99", prec, rec)
			}
			if float64(biggestCrowd) > 0.1*float64(src.crowd) {
				t.Errorf("%d of %d crowd accounts in one group", biggestCrowd, src.crowd)
			}
		})
	}
}
