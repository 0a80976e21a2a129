package kafka_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/kafka"
	"github.com/botsweep/botsweep/store"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

const topic = "platform-events"

// tweet is a v1.1 tweet object as the platform's firehose sends it.
func tweet(i int) string {
	at := time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
	return fmt.Sprintf(`{"id_str":"%d","created_at":%q,"text":"post %d #tag","user":{"id_str":"u%d","screen_name":"user%d","name":"User %d","created_at":"Mon Jan 02 15:04:05 +0000 2017","followers_count":3,"friends_count":4,"statuses_count":5},"entities":{"hashtags":[{"text":"tag"}],"urls":[],"user_mentions":[]},"source":"<a href=\"x\">Twitter Web App</a>","lang":"en"}`,
		1000+i, at.Format("Mon Jan 02 15:04:05 -0700 2006"), i, i%50, i%50, i%50)
}

// cluster starts an in-process Kafka cluster with the topic and n events
// (plus one malformed message at offset 0 of partition 0's stream).
func cluster(t *testing.T, partitions int32, n int) *kfake.Cluster {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topic))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	prod, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...), kgo.RecordPartitioner(kgo.RoundRobinPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	var recs []*kgo.Record
	recs = append(recs, &kgo.Record{Topic: topic, Value: []byte(`{"id_str": "broken`)})
	for i := 0; i < n; i++ {
		recs = append(recs, &kgo.Record{Topic: topic, Value: []byte(tweet(i))})
	}
	if err := prod.ProduceSync(context.Background(), recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	return c
}

// storeSink is a real store's writer as a kafka.Sink, with an optional
// fault injected into Flush.
type storeSink struct {
	*store.Writer
	failFlush atomic.Int32 // fail this many flushes (after writing) before succeeding
}

func (s *storeSink) Flush(context.Context) error {
	if err := s.Writer.Sync(); err != nil {
		return err
	}
	if s.failFlush.Load() > 0 {
		s.failFlush.Add(-1)
		return errors.New("injected crash after the store write, before the offset commit")
	}
	return nil
}

func openStore(t *testing.T, dir string) (*store.Store, *storeSink) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := st.NewWriter(store.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close(); st.Close() })
	return st, &storeSink{Writer: w}
}

func postIDs(t *testing.T, st *store.Store) map[string]int {
	t.Helper()
	ids := map[string]int{}
	if err := st.EachPost(context.Background(), func(p *botsweep.Post) error { ids[p.ID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	return ids
}

// drained reports whether group has committed every partition of the
// topic up to its end offset, as the broker sees it (not the consumers'
// own counters, which a test must not trust to end its waits).
func drained(t *testing.T, c *kfake.Cluster, group string) bool {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	ctx := context.Background()
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatalf("end offsets: %v", err)
	}
	committed, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		t.Fatalf("committed offsets of %s: %v", group, err)
	}
	all := true
	ends.Each(func(end kadm.ListedOffset) {
		at, ok := committed.Lookup(end.Topic, end.Partition)
		if !ok || at.Err != nil || at.At < end.Offset {
			all = false
		}
	})
	return all
}

// consumeUntil runs a consumer until done says so (checked every 10 ms)
// or the consumer stops by itself, then stops it.
func consumeUntil(t *testing.T, c *kfake.Cluster, group string, sink kafka.Sink, maxPoll int, done func(kafka.Stats) bool) (kafka.Stats, error) {
	t.Helper()
	cons, err := kafka.New(kafka.Options{
		Brokers: c.ListenAddrs(), Topic: topic, Group: group, MaxPollRecords: maxPoll,
		ClientOpts: []kgo.Opt{kgo.FetchMaxWait(50 * time.Millisecond)},
	}, sink)
	if err != nil {
		t.Fatal(err)
	}
	defer cons.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ended := make(chan error, 1)
	go func() { ended <- cons.Run(ctx) }()
	// No deadline: a stuck consumer is caught by go test's -timeout, and a
	// slow machine only makes this wait longer. Every condition waited on
	// is one the broker reaches (see drained), never a count that a lost
	// race could leave short.
	for !done(cons.Stats()) {
		select {
		case err := <-ended:
			return cons.Stats(), err
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	err = <-ended // Run has returned: the batch in flight is finished
	return cons.Stats(), err
}

func TestRestartLosesAndDuplicatesNothing(t *testing.T) {
	const n = 3000
	c := cluster(t, 3, n)
	dir := t.TempDir()

	// First run: stop after roughly a third. Stopping finishes the batch
	// in flight, so its Committed is what the group holds.
	st, sink := openStore(t, dir)
	s1, err := consumeUntil(t, c, "g", sink, 200, func(s kafka.Stats) bool { return s.Committed >= n/3 })
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	// Second run, fault injected: the store has the batch, the offsets
	// are not committed; the consumer stops with the error.
	sink.failFlush.Store(1)
	s2, err := consumeUntil(t, c, "g", sink, 200, func(kafka.Stats) bool { return false })
	if err == nil {
		t.Fatalf("second run ended without the injected error")
	}
	// Third run: resumes from the committed offsets, gets the failed
	// batch again (the store dedupes it), and runs until the group has
	// committed the whole topic.
	s3, err := consumeUntil(t, c, "g", sink, 200, func(kafka.Stats) bool { return drained(t, c, "g") })
	if err != nil {
		t.Fatalf("third run: %v", err)
	}
	if got := s1.Committed + s2.Committed + s3.Committed; got != n+1 {
		t.Errorf("committed %d messages over three runs, want %d (each once): runs %+v, %+v, %+v", got, n+1, s1, s2, s3)
	}
	if s2.Messages <= s2.Committed {
		t.Errorf("the injected fault left no batch uncommitted: run 2 %+v", s2)
	}
	if polled := s1.Messages + s2.Messages + s3.Messages; polled <= n+1 {
		t.Errorf("polled %d messages, want more than %d: the failed batch must be delivered again", polled, n+1)
	}
	ids := postIDs(t, st)
	if len(ids) != n {
		t.Fatalf("store has %d posts, want %d", len(ids), n)
	}
	for i := 0; i < n; i++ {
		if ids[fmt.Sprint(1000+i)] != 1 {
			t.Fatalf("post %d stored %d times", 1000+i, ids[fmt.Sprint(1000+i)])
		}
	}
	if rej := s1.Rejected + s2.Rejected + s3.Rejected; rej < 1 {
		t.Errorf("the malformed message was not rejected")
	}
}

func TestRebalanceLosesAndDuplicatesNothing(t *testing.T) {
	const n = 4000
	c := cluster(t, 4, n)
	// Two members of one group, each with its own store; a third joins
	// midway and forces a rebalance. Every event must land in exactly one
	// store.
	type member struct {
		st   *store.Store
		sink *storeSink
		cons *kafka.Consumer
	}
	var members []*member
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	failed := make(chan error, 3)
	start := func() *member {
		st, sink := openStore(t, t.TempDir())
		cons, err := kafka.New(kafka.Options{
			Brokers: c.ListenAddrs(), Topic: topic, Group: "rebalance", MaxPollRecords: 100,
			ClientOpts: []kgo.Opt{kgo.FetchMaxWait(50 * time.Millisecond)},
		}, sink)
		if err != nil {
			t.Fatal(err)
		}
		m := &member{st: st, sink: sink, cons: cons}
		members = append(members, m)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := cons.Run(ctx); err != nil {
				failed <- err
			}
		}()
		return m
	}
	stats := func() (sum kafka.Stats) {
		for _, m := range members {
			s := m.cons.Stats()
			sum.Committed += s.Committed
			sum.Refused += s.Refused
		}
		return sum
	}
	// waitFor returns when cond holds, or fails the test at once if a
	// member stopped with an error (its partitions would wait forever).
	stop := func() {
		cancel()
		wg.Wait()
		for _, m := range members {
			m.cons.Close()
		}
	}
	waitFor := func(cond func() bool) {
		for !cond() {
			select {
			case err := <-failed:
				stop()
				t.Fatalf("a member stopped: %v", err)
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	start()
	start()
	waitFor(func() bool { return stats().Committed >= n/4 })
	start() // rebalance
	waitFor(func() bool { return drained(t, c, "rebalance") })
	stop()
	got := stats()
	if got.Refused == 0 && got.Committed != n+1 {
		t.Errorf("committed %d, want %d", got.Committed, n+1)
	}
	seen := map[string]int{}
	for _, m := range members {
		for id, k := range postIDs(t, m.st) {
			seen[id] += k
		}
	}
	if len(seen) != n {
		t.Fatalf("stores hold %d distinct posts, want %d", len(seen), n)
	}
	// Rebalances wait for the batch in flight to be committed, so each
	// event lands in one store, unless the group refused a commit (an
	// expired session on a starved machine): then that batch is delivered
	// again, at least once, and only those may be doubled.
	doubled := 0
	for id, k := range seen {
		if k != 1 {
			doubled++
			if got.Refused == 0 {
				t.Errorf("post %s stored by %d members, and no commit was refused", id, k)
			}
		}
	}
	if max := int(got.Refused) * 100; doubled > max {
		t.Errorf("%d posts stored twice, more than the %d batches of 100 whose commits were refused", doubled, got.Refused)
	}
}
