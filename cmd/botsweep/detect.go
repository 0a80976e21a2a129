package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect"
	"github.com/botsweep/botsweep/store"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDetectCmd) }

// detectAttribute, when set (by the attribution wiring), returns the hook
// that fills each detected network's attribution candidates from the store.
var detectAttribute func(e *env, st *store.Store) func(context.Context, *botsweep.Network) error

// detectBotScores, when set (by the bot-score wiring), returns member bot
// scores for the store's accounts.
var detectBotScores func(ctx context.Context, e *env, st *store.Store) (func(string) (float64, bool), error)

func newDetectCmd(e *env) *cobra.Command {
	var (
		storeDir, outDir, window string
		opts                     detect.Options
	)
	c := &cobra.Command{
		Use:   "detect --store DIR --out DIR",
		Short: "Find coordinated networks and write networks.json and accounts.csv",
		Long: `detect reads everything in the store, builds similarity layers between
accounts (co-retweet, co-link, co-domain, hashtag sequences, near-duplicate
text, follow lockstep), clusters the fused graph and keeps the clusters that
look coordinated. It writes DIR/networks.json (every network with its
evidence) and DIR/accounts.csv (account_id,screen_name,network_id,role,score)
and stores the networks for 'botsweep show' and 'botsweep sweep'.
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
			ctx := ctxOf(c)
			st, err := openStore(e, storeDir, false)
			if err != nil {
				return err
			}
			defer st.Close()
			if detectAttribute != nil {
				opts.Attribute = detectAttribute(e, st.Store)
			}
			if detectBotScores != nil {
				bs, err := detectBotScores(ctx, e, st.Store)
				if err != nil {
					return err
				}
				opts.BotScores = bs
			}
			opts.Now = e.now
			if e.stderrTTY {
				opts.Progress = func(s string) { fmt.Fprintf(e.stderr, "detect: %s\n", s) }
			}
			res, err := detect.Run(ctx, st, opts)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(outDir, 0o755); err != nil {
				return botsweep.Errorf(botsweep.EINVALID, "create output directory %s: %w", outDir, err)
			}
			var nb, ab bytes.Buffer
			if err := detect.WriteNetworksJSON(&nb, res.Networks); err != nil {
				return botsweep.Errorf(botsweep.EINTERNAL, "encode networks: %w", err)
			}
			if err := detect.WriteAccountsCSV(&ab, res.Networks); err != nil {
				return botsweep.Errorf(botsweep.EINTERNAL, "encode accounts: %w", err)
			}
			for name, b := range map[string][]byte{"networks.json": nb.Bytes(), "accounts.csv": ab.Bytes()} {
				if err := detectWriteFile(filepath.Join(outDir, name), b); err != nil {
					return err
				}
			}
			if err := st.PutNetworks(ctx, res.Networks); err != nil {
				return err
			}
			flagged := 0
			for _, n := range res.Networks {
				flagged += len(n.Members)
			}
			fmt.Fprintf(e.stdout, "%d networks, %d accounts flagged (co-retweet window %s; estimated from the data: %s)\n",
				len(res.Networks), flagged, res.Window, res.EstimatedWindow)
			for _, n := range res.Networks {
				fmt.Fprintf(e.stdout, "  #%d %s score %.3f size %d: %s\n", n.Rank, n.ID, n.Score, n.Size, n.Summary)
			}
			fmt.Fprintf(e.stdout, "wrote %s and %s\n", filepath.Join(outDir, "networks.json"), filepath.Join(outDir, "accounts.csv"))
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
	f.IntVar(&opts.MinPairItems, "min-pair-items", 2, "fewest co-shared items for a pair to be tied")
	f.IntVar(&opts.MinNetworkSize, "min-size", 5, "smallest network reported")
	f.Float64Var(&opts.MinScore, "min-score", 0.5, "lowest network score reported")
	f.Float64Var(&opts.Resolution, "resolution", 1, "Louvain modularity resolution")
	f.Uint64Var(&opts.Seed, "seed", 1, "seed of the pseudo-random choices")
	f.IntVar(&opts.FollowPeelBlocks, "follow-blocks", 4, "dense follower blocks the FRAUDAR peel looks for")
	f.IntVar(&opts.MinFollowBlock, "min-follow-block", 20, "fewest followers a follow block needs")
	f.DurationVar(&opts.SyncBin, "sync-bin", 5*time.Minute, "synchronized-activity time bin (whole minutes)")
	f.IntVar(&opts.SyncMinBins, "sync-min-bins", 10, "fewest active bins for an account to be compared by the synchronized-activity layer (negative disables the layer)")
	f.IntVar(&opts.SyncMaxBins, "sync-max-bins", 5000, "most active bins for an account to be compared by the synchronized-activity layer")
	f.Float64Var(&opts.SyncMinJaccard, "sync-min-jaccard", 0.5, "weighted Jaccard of two accounts' activity bins from which the synchronized-activity layer ties them")
	return c
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
