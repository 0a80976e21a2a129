package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/botsweep/botsweep/httpapi"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newTokenCmd) }

// newTokenCmd is `botsweep token create|list|revoke`: API tokens for serve.
func newTokenCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "token",
		Short: "Issue, list and revoke API tokens for 'botsweep serve'",
		Long: `API tokens carry a role: viewer (reads everything), analyst (also runs
sweeps within the circuit breaker, files and resolves appeals, downloads
archives) or admin (also overrides the breaker and manages tokens). The
store keeps only a SHA-256 hash of each token: 'token create' prints the
token once and it cannot be shown again. Tokens issued or revoked through
the API (POST/DELETE /api/tokens) are also recorded in the moderation log;
the CLI does not write there, so that backdated sweeps (--at) still fit the
log's time order.`,
	}
	c.AddCommand(newTokenCreateCmd(e), newTokenListCmd(e), newTokenRevokeCmd(e))
	return c
}

func newTokenCreateCmd(e *env) *cobra.Command {
	var dir, role, name string
	c := &cobra.Command{
		Use:   "create --store DIR --role ROLE --name NAME",
		Short: "Issue a token and print it once",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if dir == "" || name == "" || role == "" {
				return &usageError{fmt.Errorf("token create needs --store DIR, --role viewer|analyst|admin and --name NAME")}
			}
			r, err := httpapi.ParseRole(role)
			if err != nil {
				return &usageError{fmt.Errorf("%s", describe(err))}
			}
			st, err := openStore(e, dir, false)
			if err != nil {
				return err
			}
			defer st.Close()
			secret, tok, err := st.CreateToken(ctxOf(c), name, r.String())
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, secret)
			fmt.Fprintf(e.stderr, "botsweep: issued %s token %q; it is shown only this once\n", tok.Role, tok.Name)
			return nil
		},
	}
	c.Flags().StringVar(&dir, "store", "", "store directory")
	c.Flags().StringVar(&role, "role", "", "viewer, analyst or admin")
	c.Flags().StringVar(&name, "name", "", "unique name; recorded as the actor of the token's actions")
	return c
}

func newTokenListCmd(e *env) *cobra.Command {
	var dir string
	var asJSON bool
	c := &cobra.Command{
		Use:   "list --store DIR",
		Short: "List tokens by name and role (never their secrets)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if dir == "" {
				return &usageError{fmt.Errorf("token list needs --store DIR")}
			}
			st, err := openStore(e, dir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			toks, err := st.Tokens(ctxOf(c))
			if err != nil {
				return err
			}
			if asJSON {
				out := []httpapi.TokenView{}
				for _, t := range toks {
					out = append(out, httpapi.TokenView{Name: t.Name, Role: t.Role, Created: t.Created})
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROLE\tCREATED")
			for _, t := range toks {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Name, t.Role, t.Created.Format(time.RFC3339))
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVar(&dir, "store", "", "store directory")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newTokenRevokeCmd(e *env) *cobra.Command {
	var dir, name string
	c := &cobra.Command{
		Use:   "revoke --store DIR --name NAME",
		Short: "Revoke a token: it stops working at once",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if dir == "" || name == "" {
				return &usageError{fmt.Errorf("token revoke needs --store DIR and --name NAME")}
			}
			st, err := openStore(e, dir, false)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RevokeToken(ctxOf(c), name); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "revoked %s\n", name)
			return nil
		},
	}
	c.Flags().StringVar(&dir, "store", "", "store directory")
	c.Flags().StringVar(&name, "name", "", "the token's name")
	return c
}
