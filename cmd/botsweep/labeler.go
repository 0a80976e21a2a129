package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/labeler"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newLabelerCmd) }

// newLabelerCmd is `botsweep labeler key|declaration`: what an operator
// needs to run serve as an AT Protocol labeler.
func newLabelerCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "labeler",
		Short: "Set up 'botsweep serve' as an AT Protocol (Bluesky) labeler",
		Long: `serve --labeler-key FILE --labeler-did DID publishes every sweep of Bluesky
accounts as signed labels (com.atproto.label.queryLabels and subscribeLabels).
'labeler key' makes the signing key; 'labeler declaration' writes the
app.bsky.labeler.service record to publish in the labeler's repository.
See docs/BLUESKY.md.`,
	}
	c.AddCommand(newLabelerKeyCmd(e), newLabelerDeclarationCmd(e))
	return c
}

func newLabelerKeyCmd(e *env) *cobra.Command {
	var out, alg string
	c := &cobra.Command{
		Use:   "key --out FILE [--alg k256|p256]",
		Short: "Create a label signing key and print its did:key",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if out == "" {
				return &usageError{fmt.Errorf("labeler key needs --out FILE")}
			}
			k, err := labeler.GenerateKey(alg)
			if err != nil {
				return &usageError{fmt.Errorf("%s", describe(err))}
			}
			did, err := labeler.WriteKey(out, k)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, did)
			fmt.Fprintf(e.stderr, "botsweep: wrote the private key to %s; publish %s as the #atproto_label key of the labeler's DID document\n", out, did)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "key file to create (mode 0600; an existing file is never overwritten)")
	c.Flags().StringVar(&alg, "alg", labeler.AlgK256, "key algorithm: k256 or p256")
	return c
}

func newLabelerDeclarationCmd(e *env) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "declaration [--out FILE]",
		Short: "Write the app.bsky.labeler.service record declaring botsweep's label values",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			b, err := json.MarshalIndent(labeler.Declaration(e.now()), "", "  ")
			if err != nil {
				return botsweep.Errorf(botsweep.EINTERNAL, "declaration: %w", err)
			}
			b = append(b, '\n')
			if out == "" {
				_, err = e.stdout.Write(b)
				return err
			}
			if err := os.WriteFile(out, b, 0o644); err != nil {
				return botsweep.Errorf(botsweep.EINVALID, "declaration: %w", err)
			}
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "file to write (default stdout)")
	return c
}

// labelerHandler is serve's labeler, or nil when no key is given.
func labelerHandler(keyFile, did string, log botsweep.EventLog) (http.Handler, error) {
	if keyFile == "" && did == "" {
		return nil, nil
	}
	if keyFile == "" || did == "" {
		return nil, &usageError{fmt.Errorf("a labeler needs both --labeler-key FILE and --labeler-did DID")}
	}
	k, err := labeler.ReadKey(keyFile)
	if err != nil {
		return nil, err
	}
	l, err := labeler.New(labeler.Options{DID: did, Key: k, Log: log})
	if err != nil {
		return nil, err
	}
	return l.Handler(), nil
}
