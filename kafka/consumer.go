// Package kafka streams platform events from a Kafka topic into a botsweep
// store with franz-go, and reruns detection over a sliding window so that a
// new network is flagged within minutes of its first burst.
//
// Delivery: a batch of records is decoded, written to the sink and flushed
// (durable) before its offsets are committed, and rebalances are blocked
// while a batch is in flight. A crash between the flush and the commit
// redelivers the batch, which the store deduplicates by post and account
// id; so restarts and rebalances lose nothing and duplicate nothing.
//
// Stopping (the context of Run cancelled) finishes the batch in flight:
// once a batch is written, its flush and commit run to the end, so a
// stopped consumer's Stats say exactly what the group has committed. A
// commit the group refuses because it moved on (a rebalance, an expired
// session) is not fatal: the batch stays uncommitted, the partitions'
// next owner (or this member's next commit, offsets being cumulative)
// covers it, and the store deduplicates what is delivered again.
package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Sink is where consumed records go: a botsweep.Sink whose writes become
// durable when Flush returns.
type Sink interface {
	botsweep.Sink
	Flush(ctx context.Context) error
}

// Options configure a Consumer.
type Options struct {
	// Brokers are the seed brokers, host:port. Required.
	Brokers []string
	// Topic to consume. Required.
	Topic string
	// Group is the consumer group; its committed offsets are where a
	// restarted consumer resumes. Required.
	Group string
	// Format of the messages: twitter-v1 or twarc2 JSON, one event per
	// message; "" sniffs each batch. Default "".
	Format ingest.Format
	// MaxPollRecords bounds one batch. Default 2000.
	MaxPollRecords int
	// OnReject is called for each message that is not a valid event; the
	// reject's File is "topic/partition" and its Line the offset.
	// Returning an error stops the consumer. Default: count and go on.
	OnReject func(ingest.Reject) error
	// OnBatch, if set, is called after each batch is stored and committed,
	// with the records it held. The stream command runs detection from it.
	OnBatch func(ctx context.Context, records int) error
	// Now stamps reference records. Default time.Now.
	Now botsweep.Clock
	// ClientOpts are extra franz-go options (TLS, SASL, a test dialer).
	ClientOpts []kgo.Opt
	// Logger receives a warning for each commit the group refused.
	// Default slog.Default().
	Logger *slog.Logger
}

// Stats counts what a Consumer did.
type Stats struct {
	Messages  int64 // messages polled
	Records   int64 // domain records written to the sink
	Rejected  int64 // messages that were not valid events
	Committed int64 // messages whose offsets were committed
	Batches   int64
	// Refused counts batches whose commit the group refused because it
	// had moved on (rebalance, expired session): stored, left
	// uncommitted, delivered again to whoever owns the partition.
	Refused int64
}

// Consumer reads a topic as a member of a consumer group.
type Consumer struct {
	opts   Options
	sink   Sink
	client *kgo.Client
	stats  struct{ messages, records, rejected, committed, batches, refused atomic.Int64 }
}

// New connects a Consumer. It does not consume until Run.
func New(opts Options, sink Sink) (*Consumer, error) {
	if len(opts.Brokers) == 0 || opts.Topic == "" || opts.Group == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "kafka: --brokers, --topic and --group are all required")
	}
	if opts.MaxPollRecords <= 0 {
		opts.MaxPollRecords = 2000
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	kopts := append([]kgo.Opt{
		kgo.SeedBrokers(opts.Brokers...),
		kgo.ConsumeTopics(opts.Topic),
		kgo.ConsumerGroup(opts.Group),
		kgo.DisableAutoCommit(),
		kgo.BlockRebalanceOnPoll(),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
	}, opts.ClientOpts...)
	cl, err := kgo.NewClient(kopts...)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "kafka: %w", err)
	}
	return &Consumer{opts: opts, sink: sink, client: cl}, nil
}

// Stats returns the counts so far.
func (c *Consumer) Stats() Stats {
	return Stats{
		Messages: c.stats.messages.Load(), Records: c.stats.records.Load(), Rejected: c.stats.rejected.Load(),
		Committed: c.stats.committed.Load(), Batches: c.stats.batches.Load(), Refused: c.stats.refused.Load(),
	}
}

// Close leaves the group and closes the connection. Uncommitted records are
// redelivered to whoever takes the partitions over.
func (c *Consumer) Close() { c.client.Close() }

// Run consumes until ctx is done (returning nil, after the batch in flight
// is flushed and committed) or a batch fails to be stored or committed
// (returning that error; its offsets stay uncommitted). A commit the group
// refuses after a rebalance is counted in Stats.Refused and consumption
// goes on.
func (c *Consumer) Run(ctx context.Context) error {
	for {
		fetches := c.client.PollRecords(ctx, c.opts.MaxPollRecords)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			c.client.AllowRebalance()
			return nil
		}
		for _, fe := range fetches.Errors() {
			if fe.Err == context.Canceled || fe.Err == context.DeadlineExceeded {
				continue
			}
			c.client.AllowRebalance()
			return botsweep.Errorf(botsweep.EINTERNAL, "kafka fetch %s/%d: %w", fe.Topic, fe.Partition, fe.Err)
		}
		recs := fetches.Records()
		if len(recs) == 0 {
			c.client.AllowRebalance()
			continue
		}
		err := c.process(ctx, recs)
		c.client.AllowRebalance()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
}

// process stores one batch and then commits its offsets.
func (c *Consumer) process(ctx context.Context, recs []*kgo.Record) error {
	c.stats.messages.Add(int64(len(recs)))
	// One JSON line per message, so one Decode parses the batch on every
	// core; line i is recs[i], which maps rejects back to offsets.
	var buf bytes.Buffer
	for _, r := range recs {
		v := bytes.TrimSpace(r.Value)
		if bytes.ContainsAny(v, "\r\n") {
			var compact bytes.Buffer
			if err := json.Compact(&compact, v); err == nil {
				v = compact.Bytes()
			} else {
				// Not JSON: keep it on its own line so it is rejected alone.
				v = bytes.ReplaceAll(bytes.ReplaceAll(v, []byte("\r"), []byte(" ")), []byte("\n"), []byte(" "))
			}
		}
		if len(v) == 0 {
			v = []byte("{}")
		}
		buf.Write(v)
		buf.WriteByte('\n')
	}
	onReject := func(rj ingest.Reject) error {
		c.stats.rejected.Add(1)
		if rj.Line >= 1 && rj.Line <= len(recs) {
			r := recs[rj.Line-1]
			rj.File, rj.Line = fmt.Sprintf("%s/%d", r.Topic, r.Partition), int(r.Offset)
		}
		if c.opts.OnReject != nil {
			return c.opts.OnReject(rj)
		}
		return nil
	}
	opts := ingest.Options{Format: c.opts.Format, Name: c.opts.Topic, Now: c.opts.Now, OnReject: onReject}
	res, err := ingest.Decode(ctx, &buf, opts, c.sink)
	if err != nil && ingest.IsUnknownFormat(err) {
		// The batch as a whole is in no known format: decode each message
		// on its own, so the good ones are kept and each bad one rejected.
		res, err = c.decodeEach(ctx, recs, opts)
	}
	if err != nil {
		return err
	}
	c.stats.records.Add(res.Records)
	// The batch is written: finish it even if Run is being stopped, so
	// that what Stats counts as committed is what the group holds.
	finish := context.WithoutCancel(ctx)
	if err := c.sink.Flush(finish); err != nil {
		return err
	}
	if err := c.client.CommitRecords(finish, recs...); err != nil {
		if !groupMovedOn(err) {
			return botsweep.Errorf(botsweep.EINTERNAL, "kafka commit: %w", err)
		}
		c.stats.refused.Add(1)
		c.opts.Logger.Warn("kafka commit refused: the group moved on; the batch is stored and will be delivered again",
			"topic", c.opts.Topic, "group", c.opts.Group, "records", len(recs), "err", err)
		return nil
	}
	c.stats.committed.Add(int64(len(recs)))
	c.stats.batches.Add(1)
	if c.opts.OnBatch != nil {
		return c.opts.OnBatch(ctx, int(res.Records))
	}
	return nil
}

// groupMovedOn reports whether a commit failed because this member's view
// of the group is stale (a rebalance completed or its session expired):
// the partitions may belong to another member now, which resumes from the
// last committed offsets.
func groupMovedOn(err error) bool {
	return errors.Is(err, kerr.IllegalGeneration) || errors.Is(err, kerr.UnknownMemberID) ||
		errors.Is(err, kerr.RebalanceInProgress) || errors.Is(err, kerr.FencedInstanceID)
}

// decodeEach decodes every message of a batch on its own.
func (c *Consumer) decodeEach(ctx context.Context, recs []*kgo.Record, opts ingest.Options) (ingest.Result, error) {
	var total ingest.Result
	for _, r := range recs {
		o := opts
		o.Name, o.Workers = fmt.Sprintf("%s/%d", r.Topic, r.Partition), 1
		o.OnReject = func(rj ingest.Reject) error {
			rj.Line = int(r.Offset)
			c.stats.rejected.Add(1)
			if c.opts.OnReject != nil {
				return c.opts.OnReject(rj)
			}
			return nil
		}
		res, err := ingest.Decode(ctx, bytes.NewReader(r.Value), o, c.sink)
		if err != nil && ingest.IsUnknownFormat(err) {
			err = o.OnReject(ingest.Reject{File: o.Name, Reason: botsweep.ErrorMessage(err)})
		}
		if err != nil {
			return total, err
		}
		total.Records += res.Records
		total.Rejected += res.Rejected
	}
	return total, nil
}
