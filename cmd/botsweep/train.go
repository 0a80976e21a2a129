package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/score"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newTrainCmd) }

func newTrainCmd(e *env) *cobra.Command {
	var (
		labelFiles, profiles, allBots []string
		allBotsWeight                 float64
		out                           string
		seed                          uint64
		folds                         int
		opts                          score.TrainOptions
	)
	c := &cobra.Command{
		Use:   "train --labels FILE --profiles PATH... [--all-bots PATH...] (--out model.json | --cv K)",
		Short: "Train the account-score model on labeled accounts, or cross-validate it",
		Long: `train fits the calibrated tree ensemble behind 'botsweep score'.

--labels files are TSV, one account_id<TAB>bot|human per line (the shape of
cresci-rtbust-2019's labels.tsv). --profiles files are in any format
'botsweep ingest' reads; their accounts with a label are the examples.
--all-bots files hold accounts that are all bots (botwiki-2019, say): they
train with weight --all-bots-weight but never fit the calibration and never
count in cross-validation, since their class balance is not the
population's.

The defaults (--trees 200 --bags 3 --colsample 0.5, depth 3, learning
rate 0.05) are the shipped model's; docs/SCORE.md says how they were chosen.

--cv K prints stratified K-fold cross-validated precision, recall, F1, AUC
and a reliability table for the model and two peers (a single tree and
logistic regression). --out writes the model file; with both, both happen.
The same inputs, options and --seed give the same model.`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &usageError{fmt.Errorf("unexpected argument %q (profile files go after --profiles)", args[0])}
			}
			if len(labelFiles) == 0 || len(profiles) == 0 {
				return &usageError{fmt.Errorf("--labels and --profiles are required")}
			}
			if out == "" && folds == 0 {
				return &usageError{fmt.Errorf("give --out FILE to write a model, --cv K to cross-validate, or both")}
			}
			if folds == 1 || folds < 0 {
				return &usageError{fmt.Errorf("--cv needs at least 2 folds")}
			}
			if allBotsWeight <= 0 {
				return &usageError{fmt.Errorf("--all-bots-weight must be positive")}
			}
			if opts.Trees < 0 || opts.Depth < 0 || opts.Bags < 0 || opts.LearningRate < 0 || opts.ColSample < 0 || opts.ColSample > 1 {
				return &usageError{fmt.Errorf("--trees, --depth, --bags and --learning-rate must be positive, --colsample in (0,1]")}
			}
			ctx := ctxOf(c)
			labels := map[string]bool{}
			for _, p := range labelFiles {
				l, err := score.ReadLabelsFile(p)
				if err != nil {
					return err
				}
				for id, bot := range l {
					if prev, ok := labels[id]; ok && prev != bot {
						return botsweep.Errorf(botsweep.EINVALID, "%s: account %s is labeled both bot and human across label files", p, id)
					}
					labels[id] = bot
				}
			}
			xo := score.ExtractOptions{Now: e.now}
			ds, err := loadInputs(ctx, e, profiles)
			if err != nil {
				return err
			}
			data, err := score.Examples(ctx, ds, labels, xo)
			if err != nil {
				return err
			}
			if missing := len(labels) - len(data); missing > 0 {
				fmt.Fprintf(e.stderr, "botsweep: %d labeled accounts have no profile in --profiles\n", missing)
			}
			nExtra := 0
			if len(allBots) > 0 {
				bds, err := loadInputs(ctx, e, allBots)
				if err != nil {
					return err
				}
				samples, err := score.Extract(ctx, bds, xo)
				if err != nil {
					return err
				}
				for _, s := range samples {
					if _, ok := labels[s.ID]; ok {
						continue // the labels file wins
					}
					data = append(data, score.Labeled{Sample: s, Bot: true, Extra: true, Weight: allBotsWeight})
					nExtra++
				}
			}
			opts.Seed = seed
			if folds > 0 {
				ms, err := score.CrossValidate(data, folds, seed, score.Boosted(opts), score.SingleTree(seed), score.Logistic())
				if err != nil {
					return err
				}
				if nExtra > 0 {
					fmt.Fprintf(e.stdout, "(%d all-bot accounts train in every fold, weight %g; they are not scored)\n", nExtra, allBotsWeight)
				}
				if err := score.WriteReport(e.stdout, folds, ms); err != nil {
					return err
				}
			}
			if out == "" {
				return nil
			}
			m, err := score.Train(data, opts)
			if err != nil {
				return err
			}
			m.Trained.Command = trainCommand(labelFiles, profiles, allBots, allBotsWeight, opts, seed, out)
			tmp := out + ".tmp"
			f, err := os.Create(tmp)
			if err != nil {
				return botsweep.Errorf(botsweep.EINVALID, "%w", err)
			}
			if _, err := m.WriteTo(f); err != nil {
				f.Close()
				os.Remove(tmp)
				return botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", out, err)
			}
			if err := f.Close(); err != nil {
				os.Remove(tmp)
				return botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", out, err)
			}
			if err := os.Rename(tmp, out); err != nil {
				return botsweep.Errorf(botsweep.EINTERNAL, "%w", err)
			}
			fmt.Fprintf(e.stderr, "botsweep: wrote %s: %s\n", out, m)
			return nil
		},
	}
	f := c.Flags()
	f.StringArrayVar(&labelFiles, "labels", nil, "labels TSV: account_id<TAB>bot|human (repeatable)")
	f.StringArrayVar(&profiles, "profiles", nil, "profile files of the labeled accounts, any ingestible format (repeatable)")
	f.StringArrayVar(&allBots, "all-bots", nil, "profile files whose accounts are all bots (repeatable)")
	f.Float64Var(&allBotsWeight, "all-bots-weight", 0.5, "training weight of each --all-bots account")
	f.StringVarP(&out, "out", "o", "", "write the model file here")
	f.Uint64Var(&seed, "seed", 1, "seed for folds, row and feature sampling")
	f.IntVar(&folds, "cv", 0, "cross-validate with this many stratified folds and print the figures")
	f.IntVar(&opts.Trees, "trees", 0, "boosting rounds of each booster (default 200)")
	f.IntVar(&opts.Depth, "depth", 0, "tree depth (default 3)")
	f.Float64Var(&opts.LearningRate, "learning-rate", 0, "shrinkage (default 0.05)")
	f.IntVar(&opts.Bags, "bags", 0, "boosters with seeds seed, seed+1, ... whose margins are averaged (default 3)")
	f.Float64Var(&opts.ColSample, "colsample", 0, "fraction of features offered to each tree (default 0.5)")
	return c
}

// trainCommand renders the training command, for the model file's record:
// the paths as given, the hyperparameter flags that were set, and the
// output's base name.
func trainCommand(labels, profiles, allBots []string, w float64, o score.TrainOptions, seed uint64, out string) string {
	parts := []string{"botsweep train"}
	for _, l := range labels {
		parts = append(parts, "--labels", filepath.ToSlash(l))
	}
	for _, p := range profiles {
		parts = append(parts, "--profiles", filepath.ToSlash(p))
	}
	for _, p := range allBots {
		parts = append(parts, "--all-bots", filepath.ToSlash(p))
	}
	if len(allBots) > 0 {
		parts = append(parts, fmt.Sprintf("--all-bots-weight %g", w))
	}
	if o.Trees > 0 {
		parts = append(parts, fmt.Sprintf("--trees %d", o.Trees))
	}
	if o.Depth > 0 {
		parts = append(parts, fmt.Sprintf("--depth %d", o.Depth))
	}
	if o.LearningRate > 0 {
		parts = append(parts, fmt.Sprintf("--learning-rate %g", o.LearningRate))
	}
	if o.Bags > 0 {
		parts = append(parts, fmt.Sprintf("--bags %d", o.Bags))
	}
	if o.ColSample > 0 {
		parts = append(parts, fmt.Sprintf("--colsample %g", o.ColSample))
	}
	parts = append(parts, fmt.Sprintf("--seed %d", seed), "--out", filepath.Base(out))
	return strings.Join(parts, " ")
}
