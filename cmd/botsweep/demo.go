package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/disclosure"
	"github.com/botsweep/botsweep/sim"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDemoCmd) }

// demoScale is the default size of the demo's world: small enough that the
// whole pipeline runs well under a minute on two cores.
const demoScale = 0.04

func newDemoCmd(e *env) *cobra.Command {
	var (
		dir, addr string
		seed      int64
		scale     float64
		noServe   bool
	)
	c := &cobra.Command{
		Use:   "demo [--dir DIR] [--scale X] [--seed N] [--no-serve] [--addr HOST:PORT]",
		Short: "Run the whole pipeline on a simulated 2019 world and serve the dashboard",
		Long: `demo simulates the 2019 case (the globus scenario, small by default), then
ingests it into a store, detects networks, scores the detection against the
ground truth, sweeps one network with its associated accounts (the
second-ranked one that is not state backed) so the audit trail and the
follower impact have something to show, and serves the dashboard. The top
network and the state-backed one (the Globus network) are left waiting in
the review queue: sweeping it, from the dashboard or the CLI, and disclosing it are
the user's decisions; the demo prints the commands and writes a release
key for the archive.
Each stage is the subcommand of the same name, run in-process; a stage with
nothing to do (no network attributed to a state-backed operation, say) says
so and the demo goes on.

The world, store and outputs go to --dir (kept) or a temporary directory
(removed on exit). --no-serve stops after the report.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := ctxOf(c)
			keep := dir != ""
			if !keep {
				tmp, err := os.MkdirTemp("", "botsweep-demo-")
				if err != nil {
					return botsweep.Errorf(botsweep.EINTERNAL, "temporary directory: %w", err)
				}
				dir = tmp
				defer os.RemoveAll(tmp)
			}
			worldDir := filepath.Join(dir, "world")
			storeDir := filepath.Join(dir, "store")
			detDir := filepath.Join(dir, "detected")
			archDir := filepath.Join(dir, "archive")
			out := e.stdout
			step := func(name string) { fmt.Fprintf(out, "\n== %s ==\n", name) }
			// stage runs a subcommand in-process.
			stage := func(name string, args ...string) (bool, error) {
				step(name)
				if status := run(ctx, e, append([]string{name}, args...)); status != 0 {
					return false, botsweep.Errorf(botsweep.EINTERNAL, "demo: 'botsweep %s' failed (exit status %d)", name, status)
				}
				return true, nil
			}

			step("simulate")
			cfg, err := sim.Default("globus")
			if err != nil {
				return err
			}
			cfg.Seed, cfg.Scale = seed, scale
			start := e.now()
			truth, err := sim.WriteWorld(ctx, cfg, worldDir)
			if err != nil {
				return err
			}
			bots := 0
			for _, r := range truth.Rows {
				if r.Kind == sim.KindBot {
					bots++
				}
			}
			fmt.Fprintf(out, "simulated the %s world (seed %d, scale %g): %d accounts, %d of them planted bots, in %s\n",
				cfg.Scenario, cfg.Seed, cfg.Scale, len(truth.Rows), bots, e.now().Sub(start).Round(time.Millisecond))
			fmt.Fprintf(out, "files in %s\n", worldDir)

			var inputs []string
			for _, f := range []string{sim.FileUsers, sim.FileTweets, sim.FileFollows, sim.FileOperations, sim.FileDomains, sim.FileCampaigns} {
				inputs = append(inputs, filepath.Join(worldDir, f))
			}
			if _, err := stage("ingest", append([]string{"--store", storeDir}, inputs...)...); err != nil {
				return err
			}
			detected, err := stage("detect", "--store", storeDir, "--out", detDir)
			if err != nil {
				return err
			}
			step("eval")
			if detected {
				if status := run(ctx, e, []string{"eval", "--truth", filepath.Join(worldDir, sim.FileTruth), "--detected", detDir}); status != 0 {
					return botsweep.Errorf(botsweep.EINTERNAL, "demo: 'botsweep eval' failed")
				}
			} else {
				fmt.Fprintln(out, "(skipped: nothing detected to evaluate)")
			}
			at := cfg.End.UTC().Format(time.RFC3339) // the Sunday night of the takedown
			nets := readDemoNetworks(filepath.Join(detDir, "networks.json"))
			sweepID, waiting := demoPick(nets)
			if sweepID != "" {
				if _, err := stage("sweep", "--store", storeDir, "--network", sweepID, "--with-associated", "--reason", botsweep.ReasonPlatformManipulation,
					"--actor", "demo", "--at", at); err != nil {
					return err
				}
				if _, err := stage("impact", "--store", storeDir, "--report"); err != nil {
					return err
				}
			} else {
				step("sweep")
				fmt.Fprintln(out, "(skipped: no network besides the top one to sweep)")
			}
			step("archive")
			// The key the archive command will need (a kept --dir keeps its
			// earlier key: stand-ins stay linkable across its releases).
			keyFile := filepath.Join(dir, "release.key")
			if _, err := os.Stat(keyFile); errors.Is(err, fs.ErrNotExist) {
				if err := disclosure.WriteKeyFile(keyFile, nil); err != nil {
					return err
				}
			}
			if len(waiting) > 0 {
				fmt.Fprintf(out, "(not yet: %s waits in the review queue, unswept; sweep it from the dashboard or with\n"+
					"  botsweep sweep --store %s --network %s --with-associated --reason %s --actor YOU\n"+
					"then disclose it with\n"+
					"  botsweep archive --store %s --network %s --out %s --key-file %s)\n",
					demoNames(waiting), storeDir, waiting[0].ID, botsweep.ReasonPlatformManipulation, storeDir, waiting[0].ID, archDir, keyFile)
			} else {
				fmt.Fprintln(out, "(skipped: nothing detected)")
			}
			if noServe {
				fmt.Fprintf(out, "\ndemo done; world, store and outputs in %s\n", dir)
				if !keep {
					fmt.Fprintln(out, "(temporary: pass --dir DIR to keep them)")
				}
				return nil
			}
			// A kept --dir may hold the admin token of an earlier demo, whose
			// secret was shown only then: revoke it and issue a new one.
			var quiet bytes.Buffer
			run(ctx, &env{stdout: &quiet, stderr: &quiet, now: e.now, getenv: e.getenv, db: e.db}, []string{"token", "revoke", "--store", storeDir, "--name", "demo-admin"})
			if _, err := stage("token", "create", "--store", storeDir, "--role", "admin", "--name", "demo-admin"); err != nil {
				return err
			}
			_, err = stage("serve", "--store", storeDir, "--addr", addr)
			return err
		},
	}
	c.Flags().StringVar(&dir, "dir", "", "keep the world, store and outputs in this directory (default: a temporary one, removed)")
	c.Flags().Float64Var(&scale, "scale", demoScale, "world size; 1 is the 5,000-bot case")
	c.Flags().Int64Var(&seed, "seed", 1, "random seed of the world")
	c.Flags().BoolVar(&noServe, "no-serve", false, "exit after the report instead of serving the dashboard")
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address the dashboard listens on")
	return c
}

// readDemoNetworks reads networks.json (nil when detect wrote none).
func readDemoNetworks(path string) []botsweep.Network {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var nets []botsweep.Network
	if json.Unmarshal(b, &nets) != nil {
		return nil
	}
	return nets
}

// demoPick chooses what the demo sweeps and what it leaves to the user:
// the top-ranked network and every state-backed one wait in the queue (the
// big decision, and the archive that follows it, are the user's); the
// highest-ranked of the rest is swept so the audit trail, the impact report
// and the dashboard have a sweep to show. sweep is "" when nothing is left.
func demoPick(nets []botsweep.Network) (sweep string, waiting []botsweep.Network) {
	sort.SliceStable(nets, func(i, j int) bool { return nets[i].Rank < nets[j].Rank })
	for i, n := range nets {
		if i == 0 || n.StateBacked {
			waiting = append(waiting, n)
		} else if sweep == "" {
			sweep = n.ID
		}
	}
	// The state-backed network comes first: it is the one the printed
	// archive command can disclose, whatever the ranking put on top.
	sort.SliceStable(waiting, func(i, j int) bool { return waiting[i].StateBacked && !waiting[j].StateBacked })
	return sweep, waiting
}

// demoNames describes the waiting networks: id and, where known, the
// account they amplify.
func demoNames(nets []botsweep.Network) string {
	var parts []string
	for _, n := range nets {
		p := "network " + n.ID
		if len(n.Amplified) > 0 {
			p += " (amplifying @" + n.Amplified[0].ScreenName + ")"
		}
		if n.StateBacked {
			p += ", state-backed,"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " and ")
}
