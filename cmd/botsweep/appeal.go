package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/impact"
	"github.com/botsweep/botsweep/moderation"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newAppealCmd) }

func newAppealCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "appeal (file | resolve | list) --store DIR ...",
		Short: "File, resolve and list appeals against suspensions",
		Long: `appeal records appeals in the moderation log. 'appeal file' opens an appeal
for a suspended account; 'appeal resolve --outcome upheld|reinstated' closes
it, and reinstated also reinstates the account in the same atomic write, which
puts its follows back into every follower count. 'appeal list' shows the open
appeals. Accounts are given by id or screen name.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return &usageError{errors.New("appeal needs a subcommand: file, resolve or list")}
		},
	}
	c.AddCommand(newAppealFileCmd(e), newAppealResolveCmd(e), newAppealListCmd(e))
	return c
}

func newAppealFileCmd(e *env) *cobra.Command {
	var f modFlags
	var account, note string
	c := &cobra.Command{
		Use:   "file --store DIR --account ID_OR_SCREEN_NAME [--actor NAME] [--note TEXT] [--at TIME]",
		Short: "Open an appeal for a suspended account",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			at, err := modParseTime(f.at)
			if err != nil {
				return err
			}
			st, log, err := modOpen(c, e, &f, "appeal file")
			if err != nil {
				return err
			}
			defer st.Close()
			id, err := appealAccount(c, st, log, account)
			if err != nil {
				return err
			}
			ev, err := log.FileAppeal(ctxOf(c), moderation.AppealRequest{Account: id, Actor: f.actorOf(e), Note: note, At: at})
			if err != nil {
				return err
			}
			if f.asJSON {
				return modJSON(e.stdout, ev)
			}
			fmt.Fprintf(e.stdout, "appeal filed for %s by %s at %s (seq %d)\n", id, ev.Actor, ev.At.Format(time.RFC3339), ev.Seq)
			return nil
		},
	}
	f.register(c, e, false)
	c.Flags().StringVar(&account, "account", "", "the suspended account, by id or screen name")
	c.Flags().StringVar(&note, "note", "", "the appeal's text")
	return c
}

func newAppealResolveCmd(e *env) *cobra.Command {
	var f modFlags
	var account, note, outcome string
	c := &cobra.Command{
		Use:   "resolve --store DIR --account ID_OR_SCREEN_NAME --outcome upheld|reinstated [--actor NAME] [--note TEXT] [--at TIME]",
		Short: "Resolve an open appeal: uphold the suspension or reinstate",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if outcome == "" {
				return &usageError{errors.New("appeal resolve needs --outcome upheld|reinstated")}
			}
			at, err := modParseTime(f.at)
			if err != nil {
				return err
			}
			st, log, err := modOpen(c, e, &f, "appeal resolve")
			if err != nil {
				return err
			}
			defer st.Close()
			id, err := modResolve(c, st, account)
			if err != nil {
				return err
			}
			evs, err := log.ResolveAppeal(ctxOf(c), moderation.ResolveRequest{Account: id, Actor: f.actorOf(e), Outcome: outcome, Note: note, At: at})
			if err != nil {
				return err
			}
			if f.asJSON {
				return modJSON(e.stdout, evs)
			}
			fmt.Fprintf(e.stdout, "appeal of %s resolved: %s (seq %d)", id, outcome, evs[0].Seq)
			if len(evs) > 1 {
				fmt.Fprintf(e.stdout, "; account reinstated (seq %d), its follows count again", evs[1].Seq)
			}
			fmt.Fprintf(e.stdout, "; status now %s\n", log.Status(id))
			return nil
		},
	}
	f.register(c, e, false)
	c.Flags().StringVar(&account, "account", "", "the account, by id or screen name")
	c.Flags().StringVar(&outcome, "outcome", "", "upheld (the suspension stands) or reinstated")
	c.Flags().StringVar(&note, "note", "", "the reviewer's reasoning")
	return c
}

func newAppealListCmd(e *env) *cobra.Command {
	var f modFlags
	c := &cobra.Command{
		Use:   "list --store DIR [--json]",
		Short: "List open appeals, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if f.storeDir == "" {
				return &usageError{errors.New("appeal list needs --store DIR")}
			}
			st, err := openStore(e, f.storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			log, err := moderation.Open(ctxOf(c), st, moderation.Options{Now: e.now})
			if err != nil {
				return err
			}
			as := log.Appeals()
			if f.asJSON {
				return modJSON(e.stdout, as)
			}
			if len(as) == 0 {
				fmt.Fprintln(e.stdout, "no open appeals")
			}
			for _, a := range as {
				fmt.Fprintf(e.stdout, "%s\tseq %d\tfiled %s by %s\t%s\t%s\n", a.AccountID, a.Seq, a.FiledAt.Format(time.RFC3339), a.FiledBy, modDash(a.SweepID), a.Note)
			}
			return nil
		},
	}
	c.Flags().StringVar(&f.storeDir, "store", "", "store directory")
	c.Flags().BoolVar(&f.asJSON, "json", false, "print JSON")
	return c
}

func modDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// appealAccount resolves --account for an appeal by id or screen name. An
// account neither the store nor the moderation log knows is ENOTFOUND, not
// "not suspended".
func appealAccount(c *cobra.Command, st *storeHandle, log *moderation.Log, account string) (string, error) {
	if account == "" {
		return "", &usageError{errors.New("--account ID_OR_SCREEN_NAME is required")}
	}
	id, _, err := impact.Resolve(ctxOf(c), st, account)
	if err == nil {
		return id, nil
	}
	if botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
		return "", err
	}
	// An account known only to the log (suspended before its profile was
	// ingested) is still addressable by id.
	id = strings.TrimPrefix(strings.TrimSpace(account), "@")
	if len(log.History(id)) > 0 {
		return id, nil
	}
	return "", botsweep.Errorf(botsweep.ENOTFOUND, "no account %s in the store (neither an id nor a screen name it knows) and no moderation event about it: nothing to appeal", id)
}
