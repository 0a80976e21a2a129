package main

import (
	"fmt"
	"net"

	"github.com/botsweep/botsweep/disclosure"
	"github.com/botsweep/botsweep/httpapi"
	"github.com/botsweep/botsweep/httpapi/backends"
	"github.com/botsweep/botsweep/web"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newServeCmd) }

// newServeCmd is `botsweep serve`: the JSON API, the dashboard, /metrics
// and /healthz over one store.
func newServeCmd(e *env) *cobra.Command {
	var dir, addr, keyFile, logFormat string
	var maxPerSweep, maxPerDay int
	var allowReadableKey bool
	c := &cobra.Command{
		Use:   "serve --store DIR [--addr 127.0.0.1:8080]",
		Short: "Serve the JSON API and the analyst dashboard",
		Long: `serve answers the JSON API (OpenAPI document at /openapi.json), the
analyst dashboard at /, Prometheus metrics at /metrics and /healthz.

Every endpoint but /healthz needs a bearer token: issue one with
'botsweep token create --store DIR --role viewer|analyst|admin --name NAME'.
Sweeps, appeals and token changes made through the API are written to the
moderation log with the token's name as the actor.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if dir == "" {
				return &usageError{fmt.Errorf("serve needs --store DIR")}
			}
			logger, err := newLogger(e.stderr, logFormat)
			if err != nil {
				return err
			}
			var key []byte
			if keyFile != "" {
				var err error
				if key, err = disclosure.ReadKeyFile(keyFile, disclosure.KeyFileOptions{AllowReadable: allowReadableKey, Flag: "--archive-key-file"}); err != nil {
					return err
				}
			}
			st, err := openStore(e, dir, false)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := ctxOf(c)
			if stopReaders, err := serveReaders(ctx, st.Store); err != nil {
				logger.Warn("read-only commands cannot read the store while serve runs", "error", err)
			} else {
				defer stopReaders()
			}
			model, err := loadModel("")
			if err != nil {
				return err
			}
			opts, _, err := backends.Options(ctx, backends.Config{Store: st.Store, Log: st, Networks: st, Tokens: st, Now: e.now, MaxPerSweep: maxPerSweep, MaxPerDay: maxPerDay, ArchiveKey: key, Model: model})
			if err != nil {
				return err
			}
			opts.Dashboard = web.Handler()
			opts.Logger = logger
			srv, err := httpapi.New(opts)
			if err != nil {
				return err
			}
			toks, err := st.Tokens(ctx)
			if err != nil {
				return err
			}
			var unmark func()
			defer func() {
				if unmark != nil {
					unmark()
				}
			}()
			return srv.ListenAndServe(ctx, addr, func(a net.Addr) {
				url := fmt.Sprintf("http://%s/", a)
				if unmark, err = writeServeMarker(dir, url); err != nil {
					logger.Warn("other commands will not know where the API is", "error", err)
				}
				fmt.Fprintf(e.stderr, "botsweep: serving %s (API, dashboard, /metrics, /healthz); Ctrl-C stops\n", url)
				if len(toks) == 0 {
					fmt.Fprintf(e.stderr, "botsweep: no API tokens yet: stop serve, then botsweep token create --store %s --role admin --name NAME\n", dir)
				}
			})
		},
	}
	c.Flags().StringVar(&dir, "store", "", "store directory")
	c.Flags().StringVar(&logFormat, "log-format", "text", "request log on stderr: text or json (one line per request)")
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen address host:port (port 0 picks a free one)")
	c.Flags().StringVar(&keyFile, "archive-key-file", "", "release key for disclosure archive downloads (none: downloads disabled)")
	c.Flags().BoolVar(&allowReadableKey, "allow-readable-key", false, "accept an --archive-key-file that group or others may read")
	c.Flags().IntVar(&maxPerSweep, "max-per-sweep", 0, "circuit breaker: most accounts one sweep may suspend (0: default, -1: no cap)")
	c.Flags().IntVar(&maxPerDay, "max-per-day", 0, "circuit breaker: most suspensions in any 24 hours (0: default, -1: no cap)")
	return c
}
