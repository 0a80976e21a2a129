package main

import (
	"encoding/json"
	"fmt"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/attribution"
	"github.com/botsweep/botsweep/disclosure"
	"github.com/botsweep/botsweep/moderation"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newArchiveCmd) }

func newArchiveCmd(e *env) *cobra.Command {
	var storeDir, outDir, keyFile, policy, release string
	var networks []string
	var asJSON, allowReadableKey bool
	c := &cobra.Command{
		Use:   "archive --store DIR --network ID... --out DIR --key-file FILE",
		Short: "Write the disclosure archive of swept networks (information-operations format)",
		Long: `archive writes the disclosure release of the named networks to --out:
<release>_users_csv_hashed.csv and <release>_tweets_csv_hashed.csv in the
platform's information-operations column lists, a zip of each, and
README.md (networks, counts, date range, attribution, policy, hashing).

Only networks a sweep suspended are released, and only their members that
are suspended now, with all their posts. The default --policy state-backed
releases only networks whose attribution establishes state backing;
--policy any-swept releases any swept network. A refusal releases nothing.

Accounts with fewer than 5,000 followers are replaced everywhere by
base64(HMAC-SHA256(key, user id)), the key read from --key-file (required;
there is no default key). See docs/DISCLOSURE.md.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if storeDir == "" || outDir == "" || len(networks) == 0 {
				return &usageError{fmt.Errorf("archive needs --store DIR, --network ID and --out DIR")}
			}
			pol, err := disclosure.ParsePolicy(policy)
			if err != nil {
				return err
			}
			key, err := disclosure.ReadKeyFile(keyFile, disclosure.KeyFileOptions{AllowReadable: allowReadableKey})
			if err != nil {
				return err
			}
			ctx := ctxOf(c)
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			nets, err := detectedNetworks(ctx, st, fmt.Sprintf("store %s holds no networks: run 'botsweep detect --store %s' first", storeDir, storeDir))
			if err != nil {
				return err
			}
			// Networks stored before attribution was wired have none:
			// attribute them now from the store's reference data.
			var unattributed []int
			for i := range nets {
				if nets[i].Attribution == nil {
					unattributed = append(unattributed, i)
				}
			}
			if len(unattributed) > 0 {
				sub := make([]botsweep.Network, len(unattributed))
				for k, i := range unattributed {
					sub[k] = nets[i]
				}
				if err := attribution.Run(ctx, st, sub, attribution.Options{}); err != nil {
					return err
				}
				for k, i := range unattributed {
					nets[i] = sub[k]
				}
			}
			log, err := moderation.Open(ctx, st, moderation.Options{Now: e.now})
			if err != nil {
				return err
			}
			enf := disclosure.NewEnforcement(log.Sweeps(), log.Status)
			selected, err := disclosure.Select(nets, networks, enf, pol)
			if err != nil {
				return err
			}
			m, err := disclosure.Write(ctx, outDir, st, selected, enf, disclosure.Options{
				Key: key, Policy: pol, Release: release, Now: e.now, LogHead: logHead(log),
			})
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(m)
			}
			fmt.Fprintf(e.stdout, "release %s (policy %s): %d accounts (%d hashed), %d tweets from %d network(s) written to %s\n",
				m.Release, m.Policy, m.Users, m.Hashed, m.Tweets, len(m.Networks), outDir)
			for _, f := range m.Files {
				fmt.Fprintf(e.stdout, "  %s  %d bytes  sha256 %s\n", f.Name, f.Bytes, f.SHA256)
			}
			fmt.Fprintf(e.stdout, "  README.md\n")
			return nil
		},
	}
	c.Flags().StringVar(&storeDir, "store", "", "store directory")
	c.Flags().StringSliceVar(&networks, "network", nil, "network id to release (repeat, or comma-separated)")
	c.Flags().StringVar(&outDir, "out", "", "directory to write the release to")
	c.Flags().StringVar(&keyFile, "key-file", "", "file holding the release key for hashing accounts (required)")
	c.Flags().StringVar(&policy, "policy", string(disclosure.PolicyStateBacked), "release policy: state-backed or any-swept")
	c.Flags().StringVar(&release, "release", "", "release name, the prefix of the file names (default botsweep_YYYY_MM)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the release manifest as JSON")
	c.Flags().BoolVar(&allowReadableKey, "allow-readable-key", false, "accept a --key-file that group or others may read")
	c.AddCommand(newArchiveKeyCmd(e))
	return c
}

// newArchiveKeyCmd is `botsweep archive key --out FILE`: a new release key.
func newArchiveKeyCmd(e *env) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "key --out FILE",
		Short: "Create a new release key file (mode 0600) for archive --key-file",
		Long: `key writes a new release key to --out: 32 random bytes, hex-encoded, in
a file only its owner may read or write (mode 0600). It never overwrites an
existing file. Keep the key secret: whoever holds it can link the stand-ins
of every release made with it. See docs/DISCLOSURE.md.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if out == "" {
				return &usageError{fmt.Errorf("archive key needs --out FILE")}
			}
			if err := disclosure.WriteKeyFile(out, nil); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote a new release key (%d random bytes, hex) to %s with mode 0600 (owner read/write only); keep it secret and use it with --key-file %s\n", disclosure.MinKeyBytes, out, out)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "file to create (must not exist)")
	return c
}

// logHead is the moderation log's head as a release publishes it.
func logHead(log *moderation.Log) *disclosure.LogHead {
	seq, hash := log.Head()
	return &disclosure.LogHead{Seq: seq, Hash: hash}
}
