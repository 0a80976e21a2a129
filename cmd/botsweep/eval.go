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
	var truthPath, detected string
	var asJSON bool
	c := &cobra.Command{
		Use:   "eval --truth truth.csv --detected DIR [--json]",
		Short: "Score a detection run against a simulated world's ground truth",
		Long: `eval compares DIR/accounts.csv (and DIR/networks.json), as written by
'botsweep detect --out DIR', with truth.csv as written by 'botsweep simulate'.
It prints, per planted bot label, precision, recall and F1, how many detected
networks the planted network is split into and the share of it in the largest;
the false-positive rate of each organic group (the hard negatives fandom,
viral-news and campaign among them); overall precision over all flagged
accounts; and a one-line summary. --json prints the same as one JSON object.`,
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
	return c
}
