package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/coord"
	"github.com/botsweep/botsweep/detect"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDetectCmd) }

// detectRun is the summary of a detection run stored for 'show networks'.
type detectRun struct {
	At          time.Time    `json:"at"`
	Window      string       `json:"window"`
	Estimated   string       `json:"estimated_window"`
	Inauthentic int          `json:"inauthentic"`
	Coordinated int          `json:"coordinated"`
	Flagged     int          `json:"flagged"`
	Stats       detect.Stats `json:"stats"`
}

func newDetectCmd(e *env) *cobra.Command {
	var (
		storeDir, outDir, window string
		opts                     detect.Options
		minParticipation         int
		cpuProfile               string
		verdictModelPath         string
	)
	c := &cobra.Command{
		Use:   "detect --store DIR --out DIR",
		Short: "Find coordinated networks and write networks.json, accounts.csv and coordinated.csv",
		Long: `detect reads everything in the store, builds similarity layers between
accounts (co-retweet, co-link, co-domain, hashtag sequences, near-duplicate
text, co-reply, co-post, follow lockstep), clusters the fused graph and
judges each cluster in two stages: coordinated (co-action beyond what a null
model of popularity and timing explains) and, if so, inauthentic (automation,
mass-produced identity or shared control, from the evidence the data could
measure). It writes DIR/networks.json (every network with its verdict and
evidence), DIR/accounts.csv (account_id,screen_name,network_id,role,score:
members of inauthentic networks, the enforcement candidates) and
DIR/coordinated.csv (account_id,group_id,significance: coordinated groups
that are reported only), and stores the networks for 'botsweep show' and
'botsweep sweep'. With --min-participation N it also reports CooRTweet's
groups at --window and N (the components of 'botsweep coordinate') that
pass the null model's test, as coordinated groups with their significance.
docs/DETECTION.md defines every layer and parameter.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if storeDir == "" || outDir == "" {
				return &usageError{fmt.Errorf("detect needs --store DIR and --out DIR")}
			}
			switch window {
			case "auto":
				opts.Window = -1
			default:
				d, err := time.ParseDuration(window)
				if err != nil || d <= 0 {
					return &usageError{fmt.Errorf("--window %q: want a positive duration like 60s, or auto", window)}
				}
				opts.Window = d
			}
			if verdictModelPath != "" {
				b, err := os.ReadFile(verdictModelPath)
				if err != nil {
					return &usageError{fmt.Errorf("--verdict-model: %w", err)}
				}
				m := &detect.VerdictModel{}
				if err := json.Unmarshal(b, m); err != nil || len(m.Features) != len(m.Weights) {
					return &usageError{fmt.Errorf("--verdict-model %s: not a verdict model (%v)", verdictModelPath, err)}
				}
				opts.Model = m
			}
			if minParticipation < 0 {
				return &usageError{fmt.Errorf("--min-participation %d: want 0 (off) or more", minParticipation)}
			}
			ctx := ctxOf(c)
			if cpuProfile != "" {
				stop, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				defer stop()
			}
			st, err := openStore(e, storeDir, false)
			if err != nil {
				return err
			}
			defer st.Close()
			if minParticipation > 0 {
				opts.Components = cooRTweetComponents(st.Store, minParticipation)
			}
			opts.Attribute = attributeHook(st.Store)
			bs, err := memberBotScores(ctx, e, st.Store)
			if err != nil {
				return err
			}
			opts.BotScores = bs
			opts.Now = e.now
			if e.stderrTTY {
				opts.Progress = func(s string) { fmt.Fprintf(e.stderr, "detect: %s\n", s) }
			} else {
				log := stageLogger(e)
				opts.Progress = func(s string) { log.Info("detect: " + s) }
			}
			res, err := detect.Run(ctx, st, opts)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(outDir, 0o755); err != nil {
				return botsweep.Errorf(botsweep.EINVALID, "create output directory %s: %w", outDir, err)
			}
			files := []struct {
				name  string
				write func(io.Writer, []botsweep.Network) error
			}{{"networks.json", detect.WriteNetworksJSON}, {"accounts.csv", detect.WriteAccountsCSV}, {"coordinated.csv", detect.WriteCoordinatedCSV}}
			for _, f := range files {
				var b bytes.Buffer
				if err := f.write(&b, res.Networks); err != nil {
					return botsweep.Errorf(botsweep.EINTERNAL, "encode %s: %w", f.name, err)
				}
				if err := detectWriteFile(filepath.Join(outDir, f.name), b.Bytes()); err != nil {
					return err
				}
			}
			if err := st.PutNetworks(ctx, res.Networks); err != nil {
				return err
			}
			run := detectRun{At: e.now().UTC(), Window: res.Window.String(), Estimated: res.EstimatedWindow.String(),
				Inauthentic: res.Stats.Inauthentic, Coordinated: res.Stats.Coordinated, Stats: res.Stats}
			for i := range res.Networks {
				if detect.Enforceable(&res.Networks[i]) {
					run.Flagged += len(res.Networks[i].Members)
				}
			}
			if err := st.PutDetectRun(ctx, run); err != nil {
				return err
			}
			printDetectRun(e.stdout, res, run, window)
			fmt.Fprintf(e.stdout, "wrote %s, %s and %s\n", filepath.Join(outDir, "networks.json"), filepath.Join(outDir, "accounts.csv"), filepath.Join(outDir, "coordinated.csv"))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&storeDir, "store", "", "store directory (required)")
	f.StringVar(&outDir, "out", "", "output directory for networks.json and accounts.csv (required)")
	f.StringVar(&window, "window", "60s", "co-retweet window, or auto to estimate it from the data")
	f.DurationVar(&opts.LinkWindow, "link-window", 10*time.Minute, "co-link and co-domain window")
	f.DurationVar(&opts.TextWindow, "text-window", time.Hour, "near-duplicate text and hashtag-sequence window")
	f.IntVar(&opts.MaxPartners, "max-partners", 12, "partners sampled per share inside a burst")
	f.IntVar(&minParticipation, "min-participation", 0, "also report CooRTweet's groups at --window and this min_participation that pass the null model (0: off)")
	f.IntVar(&opts.MinPairItems, "min-pair-items", 2, "fewest co-shared items for a pair to be tied")
	f.IntVar(&opts.MinNetworkSize, "min-size", 5, "smallest network reported")
	f.Float64Var(&opts.MinScore, "min-score", 0, "lowest inauthenticity score for the inauthentic verdict (0: the verdict model's calibrated threshold)")
	f.Float64Var(&opts.Resolution, "resolution", 1, "Louvain modularity resolution")
	f.Uint64Var(&opts.Seed, "seed", 1, "seed of the pseudo-random choices")
	f.IntVar(&opts.FollowPeelBlocks, "follow-blocks", 4, "dense follower blocks the FRAUDAR peel looks for")
	f.IntVar(&opts.MinFollowBlock, "min-follow-block", 20, "fewest followers a follow block needs")
	f.DurationVar(&opts.SyncBin, "sync-bin", 5*time.Minute, "synchronized-activity time bin (whole minutes)")
	f.IntVar(&opts.SyncMinBins, "sync-min-bins", 10, "fewest active bins for an account to be compared by the synchronized-activity layer (negative disables the layer)")
	f.IntVar(&opts.SyncMaxBins, "sync-max-bins", 5000, "most active bins for an account to be compared by the synchronized-activity layer")
	f.Float64Var(&opts.SyncMinJaccard, "sync-min-jaccard", 0.5, "weighted Jaccard of two accounts' activity bins from which the synchronized-activity layer ties them")
	f.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file (for 'go tool pprof')")
	_ = f.MarkHidden("cpuprofile")
	// Experimental share-table and membership options (detect.Options;
	// all false by default), hidden:
	// for the robustness harness's measurements (DETECT_FLAGS in
	// scripts/robustness.sh), not a documented interface.
	f.BoolVar(&opts.TableAmplification, "table-amplification", false, "measure amplification evidence on share tables (detect.Options.TableAmplification)")
	f.BoolVar(&opts.TableOwnRest, "table-own-rest", false, "read no_daily_rest on share tables against each member's items (detect.Options.TableOwnRest)")
	f.BoolVar(&opts.OneSidedShown, "one-sided-shown", false, "count a one-sided feature towards the signals only where it shows its sign (detect.Options.OneSidedShown)")
	f.BoolVar(&opts.MemberUnactedOff, "member-unacted-off", false, "do not judge a member with no co-action of its own on its measured signs alone (detect.Options.MemberUnactedOff)")
	f.BoolVar(&opts.MemberSparseTies, "member-sparse-ties", false, "count a member's few follow edges with its network's core as no tie where a core member would show that few by chance at most 10^-2 (detect.Options.MemberSparseTies)")
	f.BoolVar(&opts.MemberTextCoSelect, "member-text-coselect", false, "keep members whose texts meet the other members' beyond their popularity (detect.Options.MemberTextCoSelect)")
	f.BoolVar(&opts.MemberStepUp, "member-step-up", false, "judge each cluster's members by the Benjamini-Hochberg step-up rule instead of the Bonferroni bar (detect.Options.MemberStepUp)")
	f.Float64Var(&opts.MemberWiredSignificance, "member-wired-significance", 0, "keep in an enforced network the would-be leavers wired to one another by follows beyond chance, at this significance (detect.Options.MemberWiredSignificance; 0 off)")
	f.BoolVar(&opts.MemberActedRest, "member-acted-rest", false, "do not read round-the-clock coverage as automation for a member whose own retweet times leave a daily window empty (detect.Options.MemberActedRest)")
	f.BoolVar(&opts.MemberRestOverQuiet, "member-rest-over-quiet", false, "do not read retweets inside a member's quiet hours as automation where its amplification rests daily (detect.Options.MemberRestOverQuiet)")
	f.BoolVar(&opts.MemberRestOutweighsQuietOff, "member-rest-outweighs-quiet-off", false, "read retweets inside a member's quiet hours as automation even where its amplification rests daily on stronger evidence (detect.Options.MemberRestOutweighsQuietOff)")
	f.BoolVar(&opts.MemberQuietPooled, "member-quiet-pooled", false, "read the quiet-window reading of automation over a network's members pooled, counting a member whose own few retweets in its quiet hours exceed its own baseline where the pool is significant (detect.Options.MemberQuietPooled)")
	f.BoolVar(&opts.MemberAwakePooled, "member-awake-pooled", false, "read the awake test over a network's members pooled, withdrawing the rhythm sign of a member whose own few night retweets exceed its bound where the pool is significant (detect.Options.MemberAwakePooled)")
	f.BoolVar(&opts.MemberAwakePooledCount, "member-awake-pooled-count", false, "with --member-awake-pooled, do not count a member the pooled night reading marks awake among the members that look like people (detect.Options.MemberAwakePooledCount)")
	f.BoolVar(&opts.MemberQuietSigned, "member-quiet-signed", false, "where a member's amplification rests daily, read its retweets inside its quiet hours as automation only where that reading reaches the rest's significance (detect.Options.MemberQuietSigned)")
	f.BoolVar(&opts.MemberPartialContradicted, "member-partial-contradicted", false, "count a member's failed partial-coverage sign only where its own coverage contradicts it (detect.Options.MemberPartialContradicted)")
	f.BoolVar(&opts.MemberSlowerContradictedOff, "member-slower-contradicted-off", false, "count a member's failed slower sign wherever its delays were read, not only where they contradict it (detect.Options.MemberSlowerContradictedOff)")
	f.BoolVar(&opts.MemberRepliesPoweredOff, "member-replies-powered-off", false, "read a member's replies sign on all its posts (from 8), not only on its posts other than its amplification where a person would have replied on them (detect.Options.MemberRepliesPoweredOff)")
	f.BoolVar(&opts.MemberRhythmPowered, "member-rhythm-powered", false, "measure a member's rhythm sign on all its posts only where a daily rest could have shown in them (detect.Options.MemberRhythmPowered)")
	f.BoolVar(&opts.MemberActedRestLooksOnly, "member-acted-rest-looks-only", false, "with --member-acted-rest, read the acted rest only where members are counted as looking like people (detect.Options.MemberActedRestLooksOnly)")
	f.BoolVar(&opts.MemberAutomationOff, "member-automation-off", false, "do not measure acted_round_clock at stage 2; judge with the verdict model trained without it (detect.Options.MemberAutomationOff)")
	f.StringVar(&verdictModelPath, "verdict-model", "", "verdict model file (default: the embedded one; for training runs)")
	for _, n := range []string{"verdict-model", "member-automation-off", "table-amplification", "table-own-rest", "one-sided-shown", "member-unacted-off", "member-sparse-ties", "member-text-coselect", "member-step-up", "member-wired-significance", "member-acted-rest", "member-rest-over-quiet", "member-rest-outweighs-quiet-off", "member-rhythm-powered", "member-acted-rest-looks-only", "member-quiet-signed", "member-partial-contradicted", "member-slower-contradicted-off", "member-replies-powered-off", "member-quiet-pooled", "member-awake-pooled", "member-awake-pooled-count"} {
		_ = f.MarkHidden(n)
	}
	return c
}

// cooRTweetComponents computes the components of CooRTweet's coordinated
// share network (package coord) from the shares in src, for detect to test
// against its null model.
func cooRTweetComponents(src botsweep.Source, minParticipation int) detect.ComponentsFunc {
	return func(ctx context.Context, window time.Duration) (*detect.Components, error) {
		tbl := coord.NewTable()
		if err := src.EachPost(ctx, func(p *botsweep.Post) error {
			tbl.AddPost(p)
			return nil
		}); err != nil {
			return nil, err
		}
		res := coord.Detect(tbl, coord.Options{Window: window, MinParticipation: minParticipation})
		comp := &detect.Components{
			Definition: fmt.Sprintf("CooRTweet, window %s, min participation %d", window, minParticipation),
			Pairs:      len(res.Pairs),
			PairsOf:    map[string]int{},
		}
		for _, e := range res.Edges() {
			comp.PairsOf[tbl.Account(e.A)] += e.Weight
			comp.PairsOf[tbl.Account(e.B)] += e.Weight
		}
		for _, m := range res.Groups() {
			for len(comp.Groups) < m.Group {
				comp.Groups = append(comp.Groups, nil)
			}
			comp.Groups[m.Group-1] = append(comp.Groups[m.Group-1], tbl.Account(m.Account))
		}
		return comp, nil
	}
}

// startCPUProfile starts a CPU profile into path; stop ends it and closes
// the file.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "create CPU profile %s: %w", path, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "start CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// detectWriteFile writes b to path through a temporary file and a rename.
func detectWriteFile(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return botsweep.Errorf(botsweep.EINVALID, "write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return botsweep.Errorf(botsweep.EINVALID, "write %s: %w", path, err)
	}
	return nil
}

// printDetectRun prints what detection found and, when it found nothing,
// what it saw and why each cluster was set aside.
func printDetectRun(w io.Writer, res *detect.Result, run detectRun, windowFlag string) {
	fmt.Fprintf(w, "%d inauthentic networks (%d accounts flagged for enforcement), %d coordinated groups (reported only)\n",
		run.Inauthentic, run.Flagged, run.Coordinated)
	est := "none (too few retweets)"
	if res.EstimatedWindow > 0 {
		est = res.EstimatedWindow.String()
	}
	fmt.Fprintf(w, "co-retweet window %s (--window %s); estimated from the data: %s (use it with --window auto)\n", res.Window, windowFlag, est)
	for _, n := range res.Networks {
		fmt.Fprintf(w, "  #%d %s %s score %.3f size %d: %s\n", n.Rank, n.ID, n.Verdict, n.Score, n.Size, n.Summary)
	}
	if g := res.Stats.Groups; g != nil {
		fmt.Fprintf(w, "%s: %d share pairs, %d accounts in %d components; %d components (%d accounts) reported as coordinated groups, %d (%d accounts) explained by chance, %d (%d accounts) untestable, %d accounts already in networks\n",
			g.Definition, g.Pairs, g.Accounts, g.Components, g.Reported, g.ReportedAccounts, g.FailedNull, g.FailedNullAccounts, g.Unpaced, g.UnpacedAccounts, g.InNetworks)
		for _, f := range g.Failed {
			fmt.Fprintf(w, "  set aside: component of %d accounts: %s\n", f.Size, f.Reason)
		}
	}
	if len(res.Networks) > 0 {
		return
	}
	printSawNothing(w, res.Stats)
}

// printSawNothing says what a detection run that found nothing saw.
func printSawNothing(w io.Writer, s detect.Stats) {
	fmt.Fprintf(w, "nothing found. detect saw %d accounts and %d retweets", s.Accounts, s.Retweets)
	layers := make([]string, 0, len(s.Items))
	for l := range s.Items {
		layers = append(layers, l)
	}
	sort.Strings(layers)
	for _, l := range layers {
		if s.Items[l] > 0 || s.LayerPairs[l] > 0 {
			fmt.Fprintf(w, "; %s: %d items, %d pairs within the window", l, s.Items[l], s.LayerPairs[l])
		}
	}
	fmt.Fprintf(w, "; %d fused ties\n", s.FusedEdges)
	fmt.Fprintf(w, "clusters considered: %d of at least --min-size, %d smaller (set aside as too small)\n", s.Clusters, s.SmallClusters)
	for _, a := range s.SetAside {
		fmt.Fprintf(w, "  set aside: %d accounts: %s\n", a.Size, a.Reason)
	}
}
