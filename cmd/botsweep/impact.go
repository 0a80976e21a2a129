package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/botsweep/botsweep/impact"
	"github.com/botsweep/botsweep/moderation"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newImpactCmd) }

func newImpactCmd(e *env) *cobra.Command {
	var storeDir, account string
	var report, asJSON bool
	var prominent []string
	var top int
	var minFollowers int64
	c := &cobra.Command{
		Use:   "impact --store DIR (--account SCREEN_NAME_OR_ID | --report) [--json]",
		Short: "Recount followers after the sweeps: per account, or the purge report",
		Long: `impact recounts followers from the follow graph and the moderation log,
never estimating: followers_before counts every follower, followers_after
only those active now (reinstated accounts count again), lost is the
difference, and by_sweep gives each sweep's before, after and removed.

--account prints one account (JSON keys account, account_id, screen_name,
status, followers_before, followers_after, lost, lost_share,
flagged_followers, flagged_share, by_sweep).

--report prints the purge report: totals per sweep, who lost most in
absolute and relative terms (accounts with at least --min-followers
followers), whether the loss tracks each account's share of followers
flagged as members of the detected networks (Pearson r, against account
size too), and the prominent accounts side by side (--prominent, default
realDonaldTrump, BarackObama, jack, TheGlobus) with why one lost more.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if storeDir == "" {
				return &usageError{errors.New("impact needs --store DIR")}
			}
			if (account == "") == !report {
				return &usageError{errors.New("impact needs either --account SCREEN_NAME_OR_ID or --report")}
			}
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := ctxOf(c)
			log, err := moderation.Open(ctx, st, moderation.Options{Now: e.now})
			if err != nil {
				return err
			}
			nets, err := st.Networks(ctx)
			if err != nil {
				return err
			}
			opts := impact.Options{Networks: nets, Prominent: prominent, Top: top, MinFollowers: minFollowers}
			if account != "" {
				a, err := impact.Account(ctx, st, log, account, opts)
				if err != nil {
					return err
				}
				if asJSON {
					return modJSON(e.stdout, a)
				}
				printAccountImpact(e.stdout, a)
				return nil
			}
			r, err := impact.Compute(ctx, st, log, opts)
			if err != nil {
				return err
			}
			if asJSON {
				return modJSON(e.stdout, r)
			}
			printReport(e.stdout, r)
			return nil
		},
	}
	c.Flags().StringVar(&storeDir, "store", "", "store directory")
	c.Flags().StringVar(&account, "account", "", "one account, by screen name or id")
	c.Flags().BoolVar(&report, "report", false, "the purge report over every account")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringSliceVar(&prominent, "prominent", nil, "accounts to set side by side in the report (default realDonaldTrump,BarackObama,jack,TheGlobus)")
	c.Flags().IntVar(&top, "top", 10, "length of the report's rankings")
	c.Flags().Int64Var(&minFollowers, "min-followers", 100, "fewest followers for the relative ranking and the correlations")
	return c
}

func printAccountImpact(w io.Writer, a *impact.AccountImpact) {
	fmt.Fprintf(w, "%s (id %s, %s)\n", a.Account, a.AccountID, a.Status)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  followers before\t%d\n", a.FollowersBefore)
	fmt.Fprintf(tw, "  followers after\t%d\n", a.FollowersAfter)
	fmt.Fprintf(tw, "  lost\t%d (%.2f%%)\n", a.Lost, 100*a.LostShare)
	fmt.Fprintf(tw, "  flagged followers\t%d (%.2f%%)\n", a.Flagged, 100*a.FlaggedShare)
	tw.Flush()
	if len(a.BySweep) == 0 {
		fmt.Fprintln(w, "  no sweeps yet")
		return
	}
	fmt.Fprintln(w, "  by sweep:")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "    sweep\tat\tbefore\tafter\tremoved\tstill removed\treinstated since\t\n")
	for _, s := range a.BySweep {
		fmt.Fprintf(tw, "    %s\t%s\t%d\t%d\t%d\t%d\t%d\t\n", s.SweepID, s.At, s.FollowersBefore, s.FollowersAfter, s.Removed, s.StillRemoved, s.Reinstated)
	}
	tw.Flush()
	// Every change between sweeps, in words.
	prevAfter, prevName := a.FollowersBefore, "followers before any suspension"
	for _, s := range a.BySweep {
		if line := betweenSweeps(prevAfter, s.FollowersBefore, s.ReinstatedBefore, s.SuspendedBefore); line != "" {
			fmt.Fprintf(w, "  between %s (%d) and %s's before (%d): %s\n", prevName, prevAfter, s.SweepID, s.FollowersBefore, line)
		}
		prevAfter, prevName = s.FollowersAfter, s.SweepID+"'s after"
	}
	if line := betweenSweeps(prevAfter, a.FollowersAfter, a.ReinstatedSinceLastSweep, a.SuspendedSinceLastSweep); line != "" {
		fmt.Fprintf(w, "  between %s (%d) and now (%d): %s\n", prevName, prevAfter, a.FollowersAfter, line)
	}
}

// betweenSweeps words the change of an account's followers from one
// count to the next: reinstated followers and suspensions outside sweeps.
// It returns "" when nothing happened in between.
func betweenSweeps(from, to, reinstated, suspended int64) string {
	if reinstated == 0 && suspended == 0 && from == to {
		return ""
	}
	var parts []string
	if reinstated > 0 {
		parts = append(parts, fmt.Sprintf("+%d reinstated", reinstated))
	}
	if suspended > 0 {
		parts = append(parts, fmt.Sprintf("-%d suspended outside sweeps", suspended))
	}
	if from+reinstated-suspended != to {
		parts = append(parts, fmt.Sprintf("%+d unexplained", to-(from+reinstated-suspended)))
	}
	return strings.Join(parts, ", ")
}

func printReport(w io.Writer, r *impact.Report) {
	fmt.Fprintln(w, "Purge report (follower counts recomputed from the follow graph)")
	fmt.Fprintln(w)
	for _, f := range r.Findings {
		fmt.Fprintf(w, "- %s\n", f)
	}
	fmt.Fprintln(w)
	if len(r.Sweeps) > 0 {
		fmt.Fprintln(w, "Sweeps:")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "  sweep\tat\tsuspended\tstill\tfollows removed\t%s\tnetworks\t\n", impact.LosingPhrase)
		for _, s := range r.Sweeps {
			net := fmt.Sprint(s.Networks)
			if s.Override {
				net += " (breaker overridden)"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\t%d\t%s\t\n", s.ID, s.At, s.Suspended, s.StillSuspended, s.FollowsRemoved, s.AccountsAffected, net)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	table := func(title string, as []impact.AccountImpact) {
		if len(as) == 0 {
			return
		}
		fmt.Fprintln(w, title)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "  account\tbefore\tafter\tlost\tlost %%\tflagged %%\t\n")
		for _, a := range as {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%.2f\t%.2f\t\n", a.Account, a.FollowersBefore, a.FollowersAfter, a.Lost, 100*a.LostShare, 100*a.FlaggedShare)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	table("Most followers lost:", r.TopAbsolute)
	table(fmt.Sprintf("Largest share lost (at least %d followers):", r.Tracking.MinFollowers), r.TopRelative)
	table("Prominent accounts side by side:", r.Prominent)
	t := r.Tracking
	fmt.Fprintf(w, "Does the loss track fake followers? (%d accounts, flagged = %s)\n", t.Accounts, t.Flagged)
	corr := func(p *float64) string {
		if p == nil {
			return "n/a"
		}
		return fmt.Sprintf("%.4f", *p)
	}
	fmt.Fprintf(w, "  r(lost share, flagged share) = %s\n  r(lost share, log10 followers) = %s\n", corr(t.CorrFlagged), corr(t.CorrSize))
	fmt.Fprintf(w, "  removed edges from unflagged followers: %d; edges from flagged followers still active: %d\n", t.LostNotFlagged, t.FlaggedNotLost)
	fmt.Fprintf(w, "  %s\n", t.Verdict)
}
