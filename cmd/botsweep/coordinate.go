package main

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/coord"
	"github.com/botsweep/botsweep/detect"
	"github.com/botsweep/botsweep/graphfile"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/store"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newCoordinateCmd) }

func newCoordinateCmd(e *env) *cobra.Command {
	var (
		outDir, storeDir string
		shareFlags       ingest.ShareFlags
		opts             coord.Options
	)
	c := &cobra.Command{
		Use:   "coordinate FILE... --window 60s --min-participation 2 --out DIR",
		Short: "CooRTweet-compatible coordinated share pairs and groups from share tables",
		Long: `coordinate reads share tables (or any format ingest reads: a retweet is a
share of the retweeted post) into a temporary store, finds the coordinated
share pairs and groups under CooRTweet's definition (detect_groups with
time_window and min_participation, then the connected components of
generate_coordinated_network), runs detection for the verdicts, and writes

  DIR/result.csv   object_id,account_id,account_id_y,content_id,content_id_y,time_delta
  DIR/groups.csv   account_id,group_id,verdict
  DIR/network.gexf the coordinated network for Gephi (GEXF 1.3): accounts
                   with group, verdict (and role, handle, scores where
                   detection flagged them), edges weighted by share pairs

verdict is 'inauthentic' for an account that detection puts in an
inauthentic network, 'coordinated' otherwise. --store DIR keeps the store
(for 'botsweep export' and 'botsweep show') instead of a temporary one.
docs/COORDINATE.md defines every column and where botsweep and CooRTweet
differ.`,
		RunE: func(c *cobra.Command, args []string) error {
			if outDir == "" {
				return &usageError{errors.New("coordinate needs --out DIR")}
			}
			if len(args) == 0 {
				return &usageError{errors.New("coordinate needs at least one FILE (a share table, a directory or - for stdin)")}
			}
			if opts.Window < 0 {
				return &usageError{fmt.Errorf("--window %s: want a duration of 0 or more, like 60s", opts.Window)}
			}
			f, shares, err := shareFlags.Options()
			if err != nil {
				return err
			}
			inputs, err := expandInputs(args)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(outDir, 0o755); err != nil {
				return botsweep.Errorf(botsweep.EINVALID, "create output directory %s: %w", outDir, err)
			}
			dir := storeDir
			if dir == "" {
				tmp, err := os.MkdirTemp("", "botsweep-coordinate-")
				if err != nil {
					return botsweep.Errorf(botsweep.EINTERNAL, "temporary store: %w", err)
				}
				defer os.RemoveAll(tmp)
				dir = tmp
			}
			ctx := ctxOf(c)
			log := stageLogger(e)
			st, err := store.Open(dir, store.Options{Now: e.now})
			if err != nil {
				return err
			}
			defer st.Close()

			tbl := coord.NewTable()
			in := &ingester{e: e, st: st, format: f, shares: shares, maxRejects: ingest.DefaultMaxRejects, onPost: func(p *botsweep.Post) { tbl.AddPost(p) }}
			if err := in.run(ctx, inputs); err != nil {
				return err
			}
			log.Info("coordinate: share table", "rows", tbl.Len(), "accounts", tbl.Accounts(), "without_time", tbl.Skipped())
			res := coord.Detect(tbl, opts)
			log.Info("coordinate: coordinated share pairs", "pairs", len(res.Pairs))

			det, err := detect.Run(ctx, st, detect.Options{Window: max(opts.Window, 1), Now: e.now})
			if err != nil {
				return err
			}
			if err := st.PutNetworks(ctx, det.Networks); err != nil {
				return err
			}
			inauthentic := inauthenticAccounts(det.Networks)
			member := map[string]botsweep.Member{}
			for _, n := range det.Networks {
				for _, m := range n.Members {
					if _, dup := member[m.AccountID]; !dup {
						member[m.AccountID] = m
					}
				}
			}
			verdict := func(a string) botsweep.Verdict {
				if inauthentic[a] {
					return botsweep.VerdictInauthentic
				}
				return botsweep.VerdictCoordinated
			}

			var rb, gb, nb bytes.Buffer
			if err := coord.WriteResultCSV(&rb, res); err != nil {
				return botsweep.Errorf(botsweep.EINTERNAL, "encode result.csv: %w", err)
			}
			if err := coord.WriteGroupsCSV(&gb, res, verdict); err != nil {
				return botsweep.Errorf(botsweep.EINTERNAL, "encode groups.csv: %w", err)
			}
			g := res.Graph(func(n *graphfile.Node) {
				n.Verdict = string(verdict(n.ID))
				if m, ok := member[n.ID]; ok {
					n.Role, n.Handle, n.Score, n.BotScore = string(m.Role), m.ScreenName, m.Score, m.BotScore
				}
			})
			desc := fmt.Sprintf("coordinated network (CooRTweet definition, time window %s, min participation %d)", opts.Window, opts.MinParticipation)
			if err := graphfile.WriteGEXF(&nb, g, desc); err != nil {
				return botsweep.Errorf(botsweep.EINTERNAL, "encode network.gexf: %w", err)
			}
			for _, out := range []struct {
				name string
				b    []byte
			}{{"result.csv", rb.Bytes()}, {"groups.csv", gb.Bytes()}, {"network.gexf", nb.Bytes()}} {
				if err := detectWriteFile(filepath.Join(outDir, out.name), out.b); err != nil {
					return err
				}
			}
			members := res.Groups()
			groups, flagged := 0, 0
			for _, m := range members {
				groups = max(groups, m.Group)
				if inauthentic[tbl.Account(m.Account)] {
					flagged++
				}
			}
			fmt.Fprintf(e.stdout, "%d coordinated share pairs; %d accounts in %d groups (window %s, min participation %d); %d of them in inauthentic networks\n",
				len(res.Pairs), len(members), groups, opts.Window, opts.MinParticipation, flagged)
			fmt.Fprintf(e.stdout, "wrote result.csv, groups.csv and network.gexf (for Gephi) in %s\n", outDir)
			return st.Close()
		},
	}
	fl := c.Flags()
	fl.DurationVar(&opts.Window, "window", defaultCoordinateWindow, "time window: two shares of an object at most this far apart are a pair (CooRTweet's time_window)")
	fl.IntVar(&opts.MinParticipation, "min-participation", 2, "fewest shares an account needs, in the table and in pairs (CooRTweet's min_participation)")
	fl.StringVar(&outDir, "out", "", "output directory for result.csv and groups.csv (required)")
	fl.StringVar(&storeDir, "store", "", "keep the store in this directory instead of a temporary one")
	fl.StringVar(&shareFlags.Format, "format", "auto", "input format: auto or one of "+formatNames())
	fl.StringVar(&shareFlags.Preset, "preset", "", "a published export format: "+ingest.PresetNames())
	fl.StringVar(&shareFlags.Columns, "columns", "", "share-table columns: object=COL,account=COL,content=COL,time=COL[,text=COL,url=COL,handle=COL]")
	fl.StringVar(&shareFlags.TimeFormat, "time-format", "", "share-table times: unix, unix-ms, rfc3339, twitter or a Go layout (default unix)")
	return c
}

// defaultCoordinateWindow is coordinate's --window default.
const defaultCoordinateWindow = 60 * time.Second

// inauthenticAccounts returns the accounts that are members of networks
// judged inauthentic. A network without a verdict (stored before verdicts
// existed) reads as inauthentic, as botsweep.Network documents.
func inauthenticAccounts(nets []botsweep.Network) map[string]bool {
	out := map[string]bool{}
	for _, n := range nets {
		if n.Verdict != botsweep.VerdictInauthentic && n.Verdict != "" {
			continue
		}
		for _, m := range n.Members {
			out[m.AccountID] = true
		}
	}
	return out
}

// dropTime removes the time from log lines (the clock is injected; a CLI
// line needs no wall time).
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
