package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/attribution"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newShowCmd) }

func newShowCmd(e *env) *cobra.Command {
	var storeDir string
	var members int
	var idsOnly bool
	c := &cobra.Command{
		Use:   "show",
		Short: "Print stored detection results for a person",
	}
	c.PersistentFlags().StringVar(&storeDir, "store", "", "store directory (required)")
	list := &cobra.Command{
		Use:   "networks --store DIR",
		Short: "List the networks of the latest detection run, in rank order",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if storeDir == "" {
				return &usageError{fmt.Errorf("show networks needs --store DIR")}
			}
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			nets, err := st.Networks(ctxOf(c))
			if err != nil {
				return err
			}
			if len(nets) == 0 {
				var run detectRun
				ok, err := st.DetectRun(ctxOf(c), &run)
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(e.stdout, "no networks stored (run 'botsweep detect' first)")
					return nil
				}
				fmt.Fprintf(e.stdout, "detect ran at %s and found no networks (co-retweet window %s, estimated %s)\n", run.At.Format(time.RFC3339), run.Window, run.Estimated)
				printSawNothing(e.stdout, run.Stats)
				return nil
			}
			for _, n := range nets {
				if idsOnly {
					fmt.Fprintln(e.stdout, n.ID)
					continue
				}
				v := n.Verdict
				if v == "" {
					v = botsweep.VerdictInauthentic
				}
				fmt.Fprintf(e.stdout, "#%d %s %s score %.3f size %d: %s\n", n.Rank, n.ID, v, n.Score, n.Size, n.Summary)
			}
			return nil
		},
	}
	list.Flags().BoolVar(&idsOnly, "ids", false, "print only the network ids, one a line, in rank order (for scripts: NET=$(botsweep show networks --store st --ids | head -n 1))")
	one := &cobra.Command{
		Use:   "network ID --store DIR",
		Short: "Print one network's evidence",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{fmt.Errorf("show network needs one network ID (list them with 'botsweep show networks')")}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if storeDir == "" {
				return &usageError{fmt.Errorf("show network needs --store DIR")}
			}
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.Network(ctxOf(c), args[0])
			if err != nil {
				return err
			}
			printNetwork(e.stdout, n, members)
			return nil
		},
	}
	one.Flags().IntVar(&members, "members", 20, "members to list (0 for all)")
	c.AddCommand(list, one, newShowAccountCmd(e, &storeDir))
	return c
}

// printNetwork writes a network's evidence as plain text for a reviewer.
func printNetwork(w io.Writer, n *botsweep.Network, maxMembers int) {
	core, assoc := 0, 0
	for _, m := range n.Members {
		if m.Role == botsweep.RoleCore {
			core++
		} else {
			assoc++
		}
	}
	fmt.Fprintf(w, "Network %s (rank %d, score %.3f)\n", n.ID, n.Rank, n.Score)
	fmt.Fprintf(w, "%s\n", n.Summary)
	printVerdict(w, n)
	fmt.Fprintf(w, "Members: %d core, %d associated; detected %s\n", core, assoc, n.DetectedAt.UTC().Format("2006-01-02 15:04 MST"))
	if len(n.Amplified) > 0 {
		fmt.Fprintln(w, "\nAmplified accounts (not members):")
		for _, a := range n.Amplified {
			fmt.Fprintf(w, "  @%-20s %6d retweets  %5.1f%% of the members' retweets\n", a.ScreenName, a.Retweets, 100*a.Share)
		}
	}
	ev := n.Evidence
	if len(ev.Signals) > 0 {
		fmt.Fprintln(w, "\nSignals:")
		for _, s := range ev.Signals {
			fmt.Fprintf(w, "  %-22s %5.1f%% of the tie weight, %d ties: %s\n", s.Layer, 100*s.Weight, s.Edges, s.Description)
		}
	}
	if len(ev.Features) > 0 {
		fmt.Fprintln(w, "\nNetwork features (1 looks automated):")
		for _, k := range sortedFeatureKeys(ev.Features) {
			fmt.Fprintf(w, "  %-28s %.2f\n", k, ev.Features[k])
		}
	}
	if len(ev.CoShared) > 0 {
		fmt.Fprintln(w, "\nItems shared together (members / all sharers, median delay, unusualness):")
		for _, it := range ev.CoShared {
			fmt.Fprintf(w, "  %-7s %-40s %5d / %-6d %7.0fs  %.2f\n", it.Kind, trunc(it.Item, 40), it.Members, it.Total, it.MedianDelay, it.Unusualness)
		}
	}
	if len(ev.RetweetDelayHistogram) > 0 {
		fmt.Fprintln(w, "\nRetweet delay after the original:")
		for _, b := range ev.RetweetDelayHistogram {
			hi := fmt.Sprintf("%.0fs", b.HiS)
			if b.HiS >= 1e9 {
				hi = "more"
			}
			fmt.Fprintf(w, "  %6.0fs - %-7s %d\n", b.LoS, hi, b.Count)
		}
	}
	if len(ev.CreationHistogram) > 0 {
		fmt.Fprintln(w, "\nAccounts created per day (busiest 10):")
		days := append([]botsweep.DayCount(nil), ev.CreationHistogram...)
		sortDays(days)
		for _, d := range days[:min(10, len(days))] {
			fmt.Fprintf(w, "  %s %d\n", d.Day, d.Count)
		}
	}
	for _, l := range []struct {
		title string
		xs    []botsweep.NameCount
	}{{"Domains", ev.Domains}, {"Clients", ev.Clients}, {"Hashtags", ev.Hashtags}, {"Followed by most members", ev.Followed}} {
		if len(l.xs) == 0 {
			continue
		}
		var parts []string
		for _, x := range l.xs {
			parts = append(parts, fmt.Sprintf("%s (%d)", x.Name, x.Count))
		}
		fmt.Fprintf(w, "\n%s: %s\n", l.title, strings.Join(parts, ", "))
	}
	if len(ev.SampleTexts) > 0 {
		fmt.Fprintln(w, "\nSample texts:")
		for _, t := range ev.SampleTexts {
			fmt.Fprintf(w, "  %q\n", trunc(t, 140))
		}
	}
	fmt.Fprintf(w, "\nAttribution: %s\n", attribution.Statement(n))
	for _, a := range n.Attribution {
		backed := ""
		if a.StateBacked {
			backed = ", state backed"
		}
		fmt.Fprintf(w, "  [%s] operation %q (attributed to %s%s)\n", a.Confidence, a.Operation, a.Attribution, backed)
		for i, l := range a.Chain {
			fmt.Fprintf(w, "    %d. %s --%s--> %s\n", i+1, l.From, l.Relation, l.To)
		}
		for _, also := range a.Also {
			fmt.Fprintf(w, "    also: %s\n", also)
		}
	}
	fmt.Fprintln(w, "\nMembers and why they are in:")
	for i, m := range n.Members {
		if maxMembers > 0 && i == maxMembers {
			fmt.Fprintf(w, "  ... and %d more (--members 0 lists all)\n", len(n.Members)-i)
			break
		}
		bot := ""
		if m.BotScore != nil {
			bot = fmt.Sprintf(", bot score %.2f", *m.BotScore)
		}
		fmt.Fprintf(w, "  %s @%s (%s, %.2f%s): %s\n", m.AccountID, m.ScreenName, m.Role, m.Score, bot, strings.Join(m.Reasons, "; "))
	}
}

// printVerdict writes a network's verdict, its coordination test and the
// evidence used and unavailable.
func printVerdict(w io.Writer, n *botsweep.Network) {
	switch n.Verdict {
	case botsweep.VerdictCoordinated:
		fmt.Fprintln(w, "Verdict: coordinated (reported only; not an enforcement candidate)")
	case botsweep.VerdictInauthentic:
		fmt.Fprintln(w, "Verdict: inauthentic (coordinated and inauthentic: an enforcement candidate)")
	default:
		fmt.Fprintln(w, "Verdict: none recorded (detected before verdicts existed)")
		return
	}
	ev := n.Evidence
	if ev.Verdict != "" {
		fmt.Fprintf(w, "  why: %s\n", ev.Verdict)
	}
	if c := ev.Coordination; c != nil {
		fmt.Fprintf(w, "  coordination: %.0f co-shares within the window where chance predicts %.1f (lift %.3g, significance %.1f)\n", c.Observed, c.Expected, c.Lift, c.Significance)
		if c.LeftMembers > 0 {
			fmt.Fprintf(w, "  left: %d clustered accounts whose own co-shares with the group their items' popularity explains\n", c.LeftMembers)
		}
	}
	used := "none"
	if len(ev.Used) > 0 {
		used = strings.Join(ev.Used, ", ")
	}
	fmt.Fprintf(w, "  evidence used: %s\n", used)
	if len(ev.Unavailable) > 0 {
		fmt.Fprintln(w, "  evidence unavailable (the data could not show it):")
		for _, u := range ev.Unavailable {
			fmt.Fprintf(w, "    %s\n", u)
		}
	}
}

func sortedFeatureKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sortDays orders days busiest first, then by date.
func sortDays(d []botsweep.DayCount) {
	sort.Slice(d, func(i, j int) bool {
		if d[i].Count != d[j].Count {
			return d[i].Count > d[j].Count
		}
		return d[i].Day < d[j].Day
	})
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
