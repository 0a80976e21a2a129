package main

import (
	"encoding/json"
	"fmt"

	"github.com/botsweep/botsweep/eval"
	"github.com/botsweep/botsweep/sim"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newEvalCmd) }

func newEvalCmd(e *env) *cobra.Command {
	var truthPath, detected, clusters, world, truthB, detectedB string
	var asJSON bool
	c := &cobra.Command{
		Use:   "eval --truth truth.csv --detected DIR [--json] [--clusters FILE.jsonl] [--compare-truth T2 --compare-detected DIR2]",
		Short: "Score a detection run against a simulated world's ground truth",
		Long: `eval compares DIR/accounts.csv (and DIR/networks.json), as written by
'botsweep detect --out DIR', with truth.csv as written by 'botsweep simulate'.
It prints, per planted bot label, precision, recall and F1, how many detected
networks the planted network is split into and the share of it in the largest;
the false-positive rate of each organic group (the hard negatives fandom,
viral-news and campaign among them); overall precision over all flagged
accounts; what became of every label, bot or human (share enforced in
accounts.csv, share only in coordinated groups of coordinated.csv or
networks.json, share in one group, verdict); and a one-line summary. --json
prints the same as one JSON object.

--clusters FILE.jsonl writes one JSON object per detected group (every
verdict) with the truth composition of its members and its network-level
features: training data for a verdict model. --compare-truth and
--compare-detected evaluate a second run (the same world at another scale)
and print whether each label's verdict held.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if truthPath == "" || detected == "" {
				return &usageError{fmt.Errorf("--truth FILE and --detected DIR are required")}
			}
			truth, err := sim.ReadTruth(truthPath)
			if err != nil {
				return err
			}
			det, err := eval.ReadDetected(detected)
			if err != nil {
				return err
			}
			rep := eval.Evaluate(truth, det)
			if clusters != "" {
				if world == "" {
					world = truthPath
				}
				if err := eval.WriteCompositions(clusters, world, eval.Compositions(truth, det)); err != nil {
					return err
				}
			}
			if (truthB == "") != (detectedB == "") {
				return &usageError{fmt.Errorf("--compare-truth and --compare-detected go together")}
			}
			if truthB != "" {
				tb, err := sim.ReadTruth(truthB)
				if err != nil {
					return err
				}
				db, err := eval.ReadDetected(detectedB)
				if err != nil {
					return err
				}
				st, all := eval.CompareScales(rep, eval.Evaluate(tb, db))
				if asJSON {
					enc := json.NewEncoder(e.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(struct {
						Report    *eval.Report     `json:"report"`
						Stability []eval.Stability `json:"stability"`
						Stable    bool             `json:"stable"`
					}{rep, st, all})
				}
				if err := rep.WriteText(e.stdout); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout)
				return eval.WriteStability(e.stdout, st, all)
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			return rep.WriteText(e.stdout)
		},
	}
	c.Flags().StringVar(&truthPath, "truth", "", "truth.csv of the simulated world")
	c.Flags().StringVar(&detected, "detected", "", "directory written by 'botsweep detect --out'")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&clusters, "clusters", "", "write every detected group's truth composition to this JSON-lines file")
	c.Flags().StringVar(&world, "world", "", "name of the world in --clusters lines (default: the --truth path)")
	c.Flags().StringVar(&truthB, "compare-truth", "", "truth.csv of the same world at another scale")
	c.Flags().StringVar(&detectedB, "compare-detected", "", "detect output of that world")
	return c
}
