package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/impact"
	"github.com/botsweep/botsweep/moderation"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newSweepCmd) }

// modFlags are the flags the moderation commands share.
type modFlags struct {
	storeDir    string
	actor       string
	at          string
	asJSON      bool
	maxPerSweep int
	maxPerDay   int
}

func (f *modFlags) register(c *cobra.Command, e *env, withBreaker bool) {
	c.Flags().StringVar(&f.storeDir, "store", "", "store directory")
	c.Flags().StringVar(&f.actor, "actor", "", "who acts, recorded in the log (default $USER)")
	c.Flags().StringVar(&f.at, "at", "", "time of the action, RFC 3339 or YYYY-MM-DD[THH:MM] UTC (default now)")
	c.Flags().BoolVar(&f.asJSON, "json", false, "print JSON")
	if withBreaker {
		c.Flags().IntVar(&f.maxPerSweep, "max-per-sweep", moderation.DefaultMaxPerSweep, "circuit breaker: most accounts one sweep may suspend (-1: no cap)")
		c.Flags().IntVar(&f.maxPerDay, "max-per-day", moderation.DefaultMaxPerDay, "circuit breaker: most suspensions in any 24 hours (-1: no cap)")
	}
}

// actorOf returns the acting name: --actor, else $USER, else "operator".
func (f *modFlags) actorOf(e *env) string {
	if f.actor != "" {
		return f.actor
	}
	if u := e.getenv("USER"); u != "" {
		return u
	}
	return "operator"
}

// modOpen opens the store read-write and the moderation log on it.
func modOpen(c *cobra.Command, e *env, f *modFlags, name string) (*storeHandle, *moderation.Log, error) {
	if f.storeDir == "" {
		return nil, nil, &usageError{fmt.Errorf("%s needs --store DIR", name)}
	}
	st, err := openStore(e, f.storeDir, false)
	if err != nil {
		return nil, nil, err
	}
	opts := moderation.Options{Now: e.now, MaxPerSweep: f.maxPerSweep, MaxPerDay: f.maxPerDay, Networks: st}
	log, err := moderation.Open(ctxOf(c), st, opts)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, log, nil
}

// modParseTime parses --at: RFC 3339, or a UTC date with optional time.
func modParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, &usageError{fmt.Errorf("--at %q is not a time (RFC 3339, e.g. 2019-12-22T23:00:00Z)", s)}
}

// modJSON writes v as indented JSON.
func modJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// sweepOutput is the --json shape of sweep.
type sweepOutput struct {
	*moderation.SweepResult
	Impact   *impact.Delta `json:"impact"`
	HeadSeq  uint64        `json:"head_seq"`
	HeadHash string        `json:"head_hash"`
}

func newSweepCmd(e *env) *cobra.Command {
	var f modFlags
	var networks []string
	var all, withAssoc, dryRun, override, coordinated bool
	var reason string
	var top int
	c := &cobra.Command{
		Use:   "sweep --store DIR (--network ID... | --all) [--with-associated] --reason CODE [--actor NAME] [--at TIME] [--dry-run] [--override] [--coordinated]",
		Short: "Suspend whole networks at once, with their follower impact",
		Long: `sweep suspends every core member of the named networks (with
--with-associated, their associated accounts too) in one atomic write to the
moderation log: after a crash the log holds all of the sweep or none of it.
Members already suspended are skipped. Each suspension records the actor,
time, reason code, network and the member's evidence.

--all sweeps the networks judged inauthentic only. A network whose verdict is
coordinated (reported, not an enforcement candidate) is refused by name
unless --coordinated says a person decided to sweep it anyway.

A circuit breaker caps suspensions per sweep (--max-per-sweep, default 10000)
and within any 24 hours (--max-per-day, default 20000); a sweep over a cap is
refused unless an admin passes --override, which is recorded in the log.

It prints what it did and the follower impact: accounts suspended, follow
edges removed, and the accounts that lose most followers. --dry-run does
all of this without writing.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if !all && len(networks) == 0 {
				return &usageError{errors.New("sweep needs --network ID... or --all")}
			}
			if reason == "" {
				return &usageError{errors.New("sweep needs --reason CODE (e.g. platform-manipulation)")}
			}
			at, err := modParseTime(f.at)
			if err != nil {
				return err
			}
			st, log, err := modOpen(c, e, &f, "sweep")
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := ctxOf(c)
			res, err := log.Sweep(ctx, moderation.SweepRequest{
				NetworkIDs: networks, All: all, WithAssociated: withAssoc, Reason: reason,
				Actor: f.actorOf(e), At: at, DryRun: dryRun, Override: override, Coordinated: coordinated,
			})
			if err != nil {
				return err
			}
			d, err := impact.SweepDelta(ctx, st, log, res.Sweep.Accounts, top)
			if err != nil {
				return err
			}
			seq, hash := log.Head()
			if f.asJSON {
				return modJSON(e.stdout, sweepOutput{res, d, seq, hash})
			}
			printSweep(e.stdout, res, d, seq, hash)
			return nil
		},
	}
	f.register(c, e, true)
	c.Flags().StringSliceVar(&networks, "network", nil, "network id to sweep (repeatable, or comma-separated)")
	c.Flags().BoolVar(&all, "all", false, "sweep every stored network judged inauthentic")
	c.Flags().BoolVar(&coordinated, "coordinated", false, "allow sweeping a named network whose verdict is coordinated (reported only), against the detector's verdict")
	c.Flags().BoolVar(&withAssoc, "with-associated", false, "also suspend associated accounts, not only core members")
	c.Flags().StringVar(&reason, "reason", "", "reason code recorded with each suspension, e.g. platform-manipulation")
	c.Flags().BoolVar(&dryRun, "dry-run", false, "show what the sweep would do without writing")
	c.Flags().BoolVar(&override, "override", false, "admin: override the circuit breakers (recorded in the log)")
	c.Flags().IntVar(&top, "top", 10, "how many of the accounts losing most followers to list")
	return c
}

func printSweep(w io.Writer, r *moderation.SweepResult, d *impact.Delta, seq uint64, hash string) {
	s := r.Sweep
	verb, id := "suspended", s.ID
	if r.DryRun {
		verb, id = "would suspend", "dry run"
	}
	if len(s.Accounts) == 0 {
		fmt.Fprintf(w, "nothing to sweep: every selected member of %s is already suspended (%d skipped)\n", strings.Join(s.Networks, ", "), len(r.Skipped))
		return
	}
	nets := "networks"
	if len(s.Networks) == 1 {
		nets = "network"
	}
	fmt.Fprintf(w, "%s: %s %d accounts of %d %s (%s) at %s by %s, reason %s\n",
		id, verb, len(s.Accounts), len(s.Networks), nets, strings.Join(s.Networks, ", "), s.At.Format(time.RFC3339), s.Actor, s.Reason)
	if len(r.Skipped) > 0 {
		fmt.Fprintf(w, "  skipped %d members already suspended\n", len(r.Skipped))
	}
	for _, n := range s.Networks {
		fmt.Fprintf(w, "  network %s: %d\n", n, r.ByNetwork[n])
	}
	b := r.Breaker
	capStr := func(n int) string {
		if n < 0 {
			return "no cap"
		}
		return fmt.Sprint(n)
	}
	fmt.Fprintf(w, "  breaker: %d this sweep (cap %s), %d in the 24 hours before (cap %s per day)", b.ThisSweep, capStr(b.MaxPerSweep), b.LastDay, capStr(b.MaxPerDay))
	switch {
	case b.Overridden:
		fmt.Fprint(w, " -- OVERRIDDEN by admin, recorded in the log")
	case r.Refused != "":
		fmt.Fprintf(w, " -- a real run would be REFUSED: %s", r.Refused)
	}
	fmt.Fprintln(w)
	if !r.DryRun {
		fmt.Fprintf(w, "  log: events %d..%d written; head seq %d %s\n", r.FirstSeq, r.LastSeq, seq, hash)
	}
	fmt.Fprintf(w, "follower impact (counted over the follow graph):\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  accounts suspended\t%d\n", d.Accounts)
	fmt.Fprintf(tw, "  follows removed\t%d\n", d.FollowsRemoved)
	fmt.Fprintf(tw, "  %s\t%d\n", impact.LosingPhrase, d.AccountsAffected)
	tw.Flush()
	if len(d.Top) > 0 {
		fmt.Fprintf(w, "  top accounts by followers lost:\n")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "    account\tbefore\tafter\tlost\tshare\t\n")
		for _, l := range d.Top {
			fmt.Fprintf(tw, "    %s\t%d\t%d\t%d\t%.2f%%\t\n", l.Account, l.FollowersBefore, l.FollowersAfter, l.Lost, 100*l.LostShare)
		}
		tw.Flush()
	}
}

// modResolve resolves --account (id or screen name) to an account id.
func modResolve(c *cobra.Command, st *storeHandle, account string) (string, error) {
	if account == "" {
		return "", &usageError{errors.New("--account ID_OR_SCREEN_NAME is required")}
	}
	id, _, err := impact.Resolve(ctxOf(c), st, account)
	if err != nil && botsweep.ErrorCode(err) == botsweep.ENOTFOUND {
		// An account known only to the log (e.g. suspended before its
		// profile was ingested) is still addressable by id.
		return strings.TrimPrefix(account, "@"), nil
	}
	return id, err
}
