package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/moderation"
	"github.com/spf13/cobra"
)

// newShowAccountCmd is `show account ID|@NAME`: one stored account with
// its counts (measured, or counted from the records held), the platform's
// own status of it (Bluesky account events) and botsweep's moderation
// status, which are not the same thing.
func newShowAccountCmd(e *env, storeDir *string) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "account ID|@NAME --store DIR",
		Short: "Print a stored account: profile, counts, platform status and moderation status",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if *storeDir == "" {
				return &usageError{fmt.Errorf("show account needs --store DIR")}
			}
			st, err := openStore(e, *storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := ctxOf(c)
			key := strings.TrimSpace(args[0])
			a, err := st.Account(ctx, strings.TrimPrefix(key, "@"))
			if botsweep.ErrorCode(err) == botsweep.ENOTFOUND {
				a, err = st.AccountByScreenName(ctx, key)
			}
			if err != nil {
				return err
			}
			log, err := moderation.Open(ctx, st, moderation.Options{Now: e.now})
			if err != nil {
				return err
			}
			mod := log.Status(a.ID)
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					Account          *botsweep.Account `json:"account"`
					ModerationStatus botsweep.Status   `json:"moderation_status"`
				}{a, mod})
			}
			printAccount(e.stdout, a, mod)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func printAccount(w io.Writer, a *botsweep.Account, mod botsweep.Status) {
	fmt.Fprintf(w, "%s @%s", a.ID, a.ScreenName)
	if a.Name != "" {
		fmt.Fprintf(w, " (%s)", a.Name)
	}
	fmt.Fprintln(w)
	if !a.CreatedAt.IsZero() {
		fmt.Fprintf(w, "  created     %s\n", a.CreatedAt.UTC().Format(time.RFC3339))
	}
	if a.Description != "" {
		fmt.Fprintf(w, "  description %s\n", a.Description)
	}
	if a.URL != "" {
		fmt.Fprintf(w, "  url         %s\n", a.URL)
	}
	src := "as the source reported them"
	if a.CountsDerived {
		src = "counted from the records held: a lower bound on a partial capture"
	}
	fmt.Fprintf(w, "  counts      %d followers, %d following, %d posts, %d likes (%s)\n", a.Followers, a.Friends, a.Statuses, a.Favourites, src)
	if a.PlatformStatus != "" {
		fmt.Fprintf(w, "  platform    %s (the platform's own status of the account, not evidence by itself)\n", a.PlatformStatus)
	}
	fmt.Fprintf(w, "  moderation  %s\n", mod)
	fmt.Fprintf(w, "  seen        %s to %s\n", a.FirstSeen.UTC().Format(time.RFC3339), a.LastSeen.UTC().Format(time.RFC3339))
}
