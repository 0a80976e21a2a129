package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDigestCmd) }

func newDigestCmd(e *env) *cobra.Command {
	var storeDir string
	c := &cobra.Command{
		Use:   "digest --store DIR",
		Short: "Print a SHA-256 of the store's ingested content",
		Long: `digest prints a hex SHA-256 over everything ingest stored (accounts, posts,
follows, reference records, rejects and the counts), encoded canonically by
platform id. It does not depend on the order of ingest or on internal ids,
so two stores with the same content have the same digest: an ingest that
was killed and run again matches one that ran through.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if storeDir == "" {
				return &usageError{errors.New("digest needs --store DIR")}
			}
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			d, err := st.Digest(ctxOf(c))
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stdout, d)
			return err
		},
	}
	c.Flags().StringVar(&storeDir, "store", "", "store directory")
	return c
}
