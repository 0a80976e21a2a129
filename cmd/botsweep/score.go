package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/score"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newScoreCmd) }

func newScoreCmd(e *env) *cobra.Command {
	var storeDir, modelPath string
	var reasons int
	c := &cobra.Command{
		Use:   "score [PATH...]",
		Short: "Score accounts: the probability that each is automated, with reasons",
		Long: `score prints one CSV row per account, with the header
account_id,score,reasons: score is a calibrated probability in [0,1] that
the account is automated (0.5 is the decision threshold), reasons the
features that push it to its side of 0.5. Accounts come from --store DIR or
from files in any format 'botsweep ingest' reads ("-" for stdin); behaviour
features are used where posts were ingested too. Account age is measured at
the time each profile was observed. The embedded model (docs/SCORE.md) is
used unless --model gives another.`,
		RunE: func(c *cobra.Command, args []string) error {
			if (storeDir == "") == (len(args) == 0) {
				return &usageError{fmt.Errorf("give either --store DIR or profile files to score")}
			}
			m, err := loadModel(modelPath)
			if err != nil {
				return err
			}
			ctx := ctxOf(c)
			var src botsweep.Source
			if storeDir != "" {
				st, err := openStore(e, storeDir, true)
				if err != nil {
					return err
				}
				defer st.Close()
				src = st
			} else {
				ds, err := loadInputs(ctx, e, args)
				if err != nil {
					return err
				}
				src = ds
			}
			if reasons <= 0 {
				reasons = -1 // none; 0 would mean the package default
			}
			w := bufio.NewWriterSize(e.stdout, 64<<10)
			w.WriteString("account_id,score,reasons\n")
			err = score.ScoreSource(ctx, src, m, score.ScoreOptions{
				ExtractOptions: score.ExtractOptions{Now: e.now},
				Reasons:        reasons,
			}, func(r score.Result) error {
				w.WriteString(csvField(r.AccountID, false))
				w.WriteByte(',')
				w.WriteString(strconv.FormatFloat(r.Score, 'f', 4, 64))
				w.WriteByte(',')
				w.WriteString(csvField(r.Reasons, true))
				return w.WriteByte('\n')
			})
			if err != nil {
				return err
			}
			return w.Flush()
		},
	}
	c.Flags().StringVar(&storeDir, "store", "", "score every account in this store directory")
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	c.Flags().IntVar(&reasons, "reasons", 3, "features to name per account (0 for none)")
	return c
}

// csvField renders s as a CSV field, quoted when always is set or s needs it.
func csvField(s string, always bool) string {
	if always || strings.ContainsAny(s, ",\"\r\n") || strings.HasPrefix(s, " ") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// loadModel reads the model file at path, or the embedded one when path is "".
func loadModel(path string) (*score.Model, error) {
	if path == "" {
		return score.Default()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.ENOTFOUND, "model: %w", err)
	}
	defer f.Close()
	m, err := score.Parse(f)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "%s: %s", path, botsweep.ErrorMessage(err))
	}
	return m, nil
}

// loadInputs ingests files ("-" for stdin) of any ingestible format into
// one in-memory dataset; rejected records are counted on stderr.
func loadInputs(ctx context.Context, e *env, paths []string) (*botsweep.Dataset, error) {
	ds := &botsweep.Dataset{}
	for _, p := range paths {
		var r io.Reader
		if p == "-" {
			r = e.stdin
		} else {
			f, err := os.Open(p)
			if err != nil {
				return nil, botsweep.Errorf(botsweep.ENOTFOUND, "%w", err)
			}
			defer f.Close()
			r = f
		}
		res, err := ingest.Decode(ctx, r, ingest.Options{Name: p, Now: e.now}, ds)
		if err != nil {
			return nil, err
		}
		if res.Rejected > 0 {
			fmt.Fprintf(e.stderr, "botsweep: %s: %d records rejected\n", p, res.Rejected)
		}
	}
	return ds, nil
}
