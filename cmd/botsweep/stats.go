package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newStatsCmd) }

func newStatsCmd(e *env) *cobra.Command {
	var storeDir string
	var asJSON bool
	c := &cobra.Command{
		Use:   "stats --store DIR [--json]",
		Short: "Show what the store holds",
		Long: `stats prints the store's counts: accounts (every account known as an actor:
with a profile, posting or following), profiles (accounts with a profile
snapshot), posts of each kind, follows, rejected records over all ingests,
the reference records, and the times of the first and last post. --json
prints them as one JSON object (first_post and last_post RFC 3339, null when
no post has a time).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if storeDir == "" {
				return &usageError{errors.New("stats needs --store DIR")}
			}
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := st.Stats(ctxOf(c))
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			}
			w := bufio.NewWriter(e.stdout)
			row := func(name string, v any) { fmt.Fprintf(w, "%-14s %20v\n", name, v) }
			row("accounts", s.Accounts)
			row("profiles", s.Profiles)
			row("posts", s.Posts)
			row("originals", s.Originals)
			row("retweets", s.Retweets)
			row("replies", s.Replies)
			row("quotes", s.Quotes)
			if s.Likes > 0 {
				row("likes", s.Likes)
			}
			row("follows", s.Follows)
			row("rejected", s.Rejected)
			row("operations", s.Operations)
			row("registrations", s.Registrations)
			row("campaigns", s.Campaigns)
			tm := func(t *time.Time) string {
				if t == nil {
					return "-"
				}
				return t.Format(time.RFC3339)
			}
			row("first post", tm(s.FirstPost))
			row("last post", tm(s.LastPost))
			return w.Flush()
		},
	}
	c.Flags().StringVar(&storeDir, "store", "", "store directory")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
