package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/kafka"
	"github.com/botsweep/botsweep/store"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newStreamCmd) }

// syncWriter adapts the store's writer to kafka.Sink: Flush is durable.
type syncWriter struct{ *store.Writer }

func (w syncWriter) Flush(context.Context) error { return w.Writer.Sync() }

func newStreamCmd(e *env) *cobra.Command {
	var (
		brokers, topic, group, dir, format, webhook string
		span, every, window                         time.Duration
		follows                                     bool
	)
	c := &cobra.Command{
		Use:   "stream --brokers HOST:PORT,... --topic T --group G --store DIR",
		Short: "Consume platform events from Kafka into the store and flag networks as they form",
		Long: `stream consumes v1.1 or v2 (twarc2) JSON events from a Kafka topic as a member
of a consumer group. Each batch is stored durably before its offsets are
committed, so restarts and rebalances lose nothing and duplicate nothing.
Detection reruns over a sliding window of event time (--span) every --every
of event time; a new or grown network raises an ALERT line on stderr and,
with --webhook, a JSON POST. Stop it with Ctrl-C.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := ctxOf(c)
			f, err := ingest.ParseFormat(format)
			if err != nil {
				return err
			}
			st, err := createStore(e, dir)
			if err != nil {
				return err
			}
			defer st.Close()
			w, err := st.NewWriter(store.WriterOptions{})
			if err != nil {
				return err
			}
			defer w.Close()
			win := &kafka.Window{Span: span, Base: st, Follows: follows}
			det := &kafka.Detector{
				Window: win, Every: every, Webhook: webhook,
				Detect: func(ctx context.Context, src botsweep.Source) ([]botsweep.Network, error) {
					opts := kafka.StreamDetectOptions()
					opts.Window = window
					res, err := detect.Run(ctx, src, opts)
					if err != nil {
						return nil, err
					}
					return res.Networks, nil
				},
				OnAlert: func(a kafka.Alert) { fmt.Fprintln(e.stderr, a.String()) },
				OnWebhookError: func(a kafka.Alert, err error) {
					fmt.Fprintf(e.stderr, "botsweep: alert %s not delivered: %s\n", a.NetworkID, describe(err))
				},
			}
			cons, err := kafka.New(kafka.Options{
				Brokers: splitList(brokers), Topic: topic, Group: group, Format: f, Now: e.now,
				OnReject: func(r ingest.Reject) error {
					fmt.Fprintf(e.stderr, "botsweep: rejected %s\n", r)
					return nil
				},
				OnBatch: func(ctx context.Context, _ int) error {
					_, err := det.MaybeRun(ctx)
					return err
				},
			}, kafka.Tee{First: syncWriter{w}, Second: win})
			if err != nil {
				return err
			}
			defer cons.Close()
			fmt.Fprintf(e.stderr, "botsweep: consuming %s as group %s from %s\n", topic, group, brokers)
			err = cons.Run(ctx)
			s := cons.Stats()
			fmt.Fprintf(e.stderr, "botsweep: %d messages, %d records stored, %d rejected, %d committed\n",
				s.Messages, s.Records, s.Rejected, s.Committed)
			return err
		},
	}
	fl := c.Flags()
	fl.StringVar(&brokers, "brokers", "", "seed brokers, host:port,...")
	fl.StringVar(&topic, "topic", "", "topic to consume")
	fl.StringVar(&group, "group", "botsweep", "consumer group")
	fl.StringVar(&dir, "store", "", "store directory")
	fl.StringVar(&format, "format", "auto", "message format: auto, twitter-v1 or twarc2")
	fl.DurationVar(&span, "span", 6*time.Hour, "event time the detection window holds")
	fl.DurationVar(&every, "every", 10*time.Minute, "event time between detection runs")
	fl.DurationVar(&window, "window", 60*time.Second, "co-retweet window for detection")
	fl.BoolVar(&follows, "follows", false, "let streaming detection use the store's follow graph (slower)")
	fl.StringVar(&webhook, "webhook", "", "URL that receives each alert as a JSON POST")
	return c
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
