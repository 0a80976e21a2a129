package kafka_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/kafka"
	"github.com/botsweep/botsweep/store"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// BenchmarkStream measures the stream path end to end: v1.1 tweets
// consumed from an in-process Kafka cluster (kfake, over loopback TCP),
// decoded, stored in Pebble with an fsync per batch, offsets committed.
// The peer, measured in the same iteration on the same bytes, is `botsweep
// ingest` of those tweets from a file (no broker, one fsync at the end).
func BenchmarkStream(b *testing.B) {
	const n = 20000
	var file bytes.Buffer
	if err := ingest.WriteSyntheticV1(&file, n, 1); err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimRight(file.Bytes(), "\n"), []byte("\n"))
	b.SetBytes(int64(file.Len()))
	var streamNS, fileNS int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(4, topic))
		if err != nil {
			b.Fatal(err)
		}
		prod, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...), kgo.ProducerBatchMaxBytes(512<<10))
		if err != nil {
			b.Fatal(err)
		}
		recs := make([]*kgo.Record, len(lines))
		for j, l := range lines {
			recs[j] = &kgo.Record{Topic: topic, Value: l}
		}
		if err := prod.ProduceSync(context.Background(), recs...).FirstErr(); err != nil {
			b.Fatal(err)
		}
		prod.Close()
		st, err := store.Open(b.TempDir(), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		w, err := st.NewWriter(store.WriterOptions{})
		if err != nil {
			b.Fatal(err)
		}
		sink := &storeSink{Writer: w}
		cons, err := kafka.New(kafka.Options{Brokers: c.ListenAddrs(), Topic: topic, Group: "bench", MaxPollRecords: 5000,
			ClientOpts: []kgo.Opt{kgo.FetchMaxWait(20 * time.Millisecond)}}, sink)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		b.StartTimer()
		t0 := time.Now()
		go func() { done <- cons.Run(ctx) }()
		for cons.Stats().Committed < n {
			select {
			case err := <-done:
				b.Fatalf("consumer stopped after %+v: %v", cons.Stats(), err)
			case <-time.After(time.Millisecond):
			}
		}
		streamNS += time.Since(t0).Nanoseconds()
		b.StopTimer()
		cancel()
		<-done
		cons.Close()
		w.Close()
		st.Close()
		c.Close()

		// Peer: the same tweets from a file into a fresh store.
		st2, err := store.Open(b.TempDir(), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		w2, err := st2.NewWriter(store.WriterOptions{})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := ingest.Decode(context.Background(), bytes.NewReader(file.Bytes()), ingest.Options{}, w2); err != nil {
			b.Fatal(err)
		}
		if err := w2.Close(); err != nil {
			b.Fatal(err)
		}
		fileNS += time.Since(t1).Nanoseconds()
		st2.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/(float64(streamNS)/1e9), "stream-events/s")
	b.ReportMetric(float64(n)*float64(b.N)/(float64(fileNS)/1e9), "file-events/s")
	b.ReportMetric(float64(streamNS)/float64(fileNS), "stream/file")
}
