package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/moderation"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newAuditCmd) }

func newAuditCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "audit (verify | log) --store DIR",
		Short: "Verify the moderation log's hash chain, or print the log",
		Long: `audit verify checks the moderation log's hash chain: every event's SHA-256
over its canonical encoding, every link to the previous event's hash, the
sequence numbers in storage order and the recorded head. It names each
altered, removed or reordered event by its sequence number and exits 1 when
the chain is broken. The head hash it prints anchors the whole log: publish
it, and any later rewrite is detectable.

audit log prints the events, all or one account's (--account).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return &usageError{errors.New("audit needs a subcommand: verify or log")}
		},
	}
	c.AddCommand(newAuditVerifyCmd(e), newAuditLogCmd(e))
	return c
}

func newAuditVerifyCmd(e *env) *cobra.Command {
	var storeDir string
	var asJSON bool
	c := &cobra.Command{
		Use:   "verify --store DIR [--json]",
		Short: "Check the hash chain; name every altered, removed or reordered event",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if storeDir == "" {
				return &usageError{errors.New("audit verify needs --store DIR")}
			}
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			r, err := moderation.Verify(ctxOf(c), st)
			if err != nil {
				return err
			}
			if asJSON {
				if err := modJSON(e.stdout, r); err != nil {
					return err
				}
			} else if r.OK {
				fmt.Fprintf(e.stdout, "ok: %d events, chain intact; head seq %d %s\n", r.Events, r.HeadSeq, r.HeadHash)
			} else {
				fmt.Fprintf(e.stdout, "BROKEN: %d events, %d problems\n", r.Events, len(r.Problems))
				for _, p := range r.Problems {
					fmt.Fprintf(e.stdout, "  %s\n", p)
				}
			}
			if !r.OK {
				return &exitError{status: 1, err: botsweep.Errorf(botsweep.ECONFLICT, "moderation log fails verification: %d problems, first %s", len(r.Problems), r.Problems[0])}
			}
			return nil
		},
	}
	c.Flags().StringVar(&storeDir, "store", "", "store directory")
	c.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return c
}

func newAuditLogCmd(e *env) *cobra.Command {
	var storeDir, account string
	var asJSON bool
	c := &cobra.Command{
		Use:   "log --store DIR [--account ID_OR_SCREEN_NAME] [--json]",
		Short: "Print the moderation log, or one account's history",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if storeDir == "" {
				return &usageError{errors.New("audit log needs --store DIR")}
			}
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			log, err := moderation.Open(ctxOf(c), st, moderation.Options{Now: e.now})
			if err != nil {
				return err
			}
			var evs []botsweep.ModEvent
			if account != "" {
				id, err := modResolve(c, st, account)
				if err != nil {
					return err
				}
				evs = log.History(id)
			} else {
				evs = log.Events()
			}
			if evs == nil {
				evs = []botsweep.ModEvent{}
			}
			if asJSON {
				return modJSON(e.stdout, evs)
			}
			for _, ev := range evs {
				fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ev.Seq, ev.At.Format(time.RFC3339), ev.Kind, modDash(ev.Subject),
					ev.Actor, modDash(ev.Reason), modDash(ev.SweepID), modDash(ev.Note+ev.Outcome))
			}
			return nil
		},
	}
	c.Flags().StringVar(&storeDir, "store", "", "store directory")
	c.Flags().StringVar(&account, "account", "", "only this account's events (id or screen name)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
