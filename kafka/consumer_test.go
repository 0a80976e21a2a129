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

// consumeUntil runs a consumer until it has committed at least want
// messages (or the test's patience runs out), then stops it.
func consumeUntil(t *testing.T, c *kfake.Cluster, group string, sink kafka.Sink, want int64, maxPoll int) (kafka.Stats, error) {
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
	done := make(chan error, 1)
	go func() { done <- cons.Run(ctx) }()
	// No deadline: a stuck consumer is caught by go test's -timeout, and a
	// slow machine only makes this wait longer.
	for cons.Stats().Committed < want {
		select {
		case err := <-done:
			return cons.Stats(), err
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	return cons.Stats(), <-done
}

func TestRestartLosesAndDuplicatesNothing(t *testing.T) {
	const n = 3000
	c := cluster(t, 3, n)
	dir := t.TempDir()

	// First run: stop after roughly a third.
	st, sink := openStore(t, dir)
	s1, err := consumeUntil(t, c, "g", sink, n/3, 200)
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	// Second run, fault injected: the store has the batch, the offsets
	// are not committed; the consumer stops with the error.
	sink.failFlush.Store(1)
	s2, err := consumeUntil(t, c, "g", sink, n, 200)
	if err == nil {
		t.Fatalf("second run ended without the injected error")
	}
	// Third run: resumes from the committed offsets, gets the failed
	// batch again (the store dedupes it), and finishes.
	s3, err := consumeUntil(t, c, "g", sink, n+1-s1.Committed-s2.Committed, 200)
	if err != nil {
		t.Fatalf("third run: %v", err)
	}
	if got := s1.Committed + s2.Committed + s3.Committed; got != n+1 {
		t.Errorf("committed %d messages over three runs, want %d (each once)", got, n+1)
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
				t.Errorf("member: %v", err)
			}
		}()
		return m
	}
	committed := func() (sum int64) {
		for _, m := range members {
			sum += m.cons.Stats().Committed
		}
		return sum
	}
	start()
	start()
	for committed() < n/4 {
		time.Sleep(10 * time.Millisecond)
	}
	start() // rebalance
	for committed() < n+1 {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	for _, m := range members {
		m.cons.Close()
	}
	if got := committed(); got != n+1 {
		t.Errorf("committed %d, want %d", got, n+1)
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
	for id, k := range seen {
		if k != 1 {
			t.Fatalf("post %s stored by %d members", id, k)
		}
	}
}
