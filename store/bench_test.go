package store_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/store"
)

// benchTweets is the size of the generated v1.1 file the ingest benchmarks
// read (about 60 MB).
const benchTweets = 20000

var (
	benchOnce sync.Once
	benchData []byte
)

func v1File(b *testing.B) []byte {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		if err := ingest.WriteSyntheticV1(&buf, benchTweets, 1); err != nil {
			b.Fatal(err)
		}
		benchData = buf.Bytes()
	})
	return benchData
}

// naiveUser and naiveTweet hold the v1.1 fields botsweep uses.
type naiveUser struct {
	IDStr               string `json:"id_str"`
	ScreenName          string `json:"screen_name"`
	Name                string `json:"name"`
	Description         string `json:"description"`
	Location            string `json:"location"`
	URL                 string `json:"url"`
	ProfileImageURL     string `json:"profile_image_url_https"`
	CreatedAt           string `json:"created_at"`
	Followers           int64  `json:"followers_count"`
	Friends             int64  `json:"friends_count"`
	Statuses            int64  `json:"statuses_count"`
	Favourites          int64  `json:"favourites_count"`
	Listed              int64  `json:"listed_count"`
	Verified            bool   `json:"verified"`
	Protected           bool   `json:"protected"`
	DefaultProfile      bool   `json:"default_profile"`
	DefaultProfileImage bool   `json:"default_profile_image"`
	Lang                string `json:"lang"`
}

type naiveTweet struct {
	IDStr     string    `json:"id_str"`
	CreatedAt string    `json:"created_at"`
	Text      string    `json:"text"`
	FullText  string    `json:"full_text"`
	Lang      string    `json:"lang"`
	Source    string    `json:"source"`
	User      naiveUser `json:"user"`
	ReplyTo   string    `json:"in_reply_to_status_id_str"`
	ReplyToU  string    `json:"in_reply_to_user_id_str"`
	QuotedID  string    `json:"quoted_status_id_str"`
	Entities  struct {
		Hashtags []struct {
			Text string `json:"text"`
		} `json:"hashtags"`
		URLs []struct {
			ExpandedURL string `json:"expanded_url"`
		} `json:"urls"`
		Mentions []struct {
			IDStr      string `json:"id_str"`
			ScreenName string `json:"screen_name"`
		} `json:"user_mentions"`
	} `json:"entities"`
	RetweetCount    int64       `json:"retweet_count"`
	FavoriteCount   int64       `json:"favorite_count"`
	ReplyCount      int64       `json:"reply_count"`
	QuoteCount      int64       `json:"quote_count"`
	RetweetedStatus *naiveTweet `json:"retweeted_status"`
	QuotedStatus    *naiveTweet `json:"quoted_status"`
}

// BenchmarkIngestV1 compares a full ingest of v1.1 tweets (parse and store
// into Pebble) with a naive decode that stores nothing. Compare ns/op of
// the two sub-benchmarks of the same run; both report MB/s and records/s.
func BenchmarkIngestV1(b *testing.B) {
	data := v1File(b)
	b.Run("naive-decode-only", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			naiveDecode(b, data)
		}
		reportRates(b, cpu)
	})
	b.Run("ingest-parse-and-store", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			fullIngest(b, data)
		}
		reportRates(b, cpu)
	})
}

// BenchmarkIngestV1Ratio runs the naive decode and the full ingest
// alternately, so load from other processes hits both alike, and reports
// the ratio of their wall times (ingest/naive; the target is <= 0.5).
func BenchmarkIngestV1Ratio(b *testing.B) {
	data := v1File(b)
	var naive, full time.Duration
	for i := 0; i < b.N; i++ {
		t := time.Now()
		naiveDecode(b, data)
		naive += time.Since(t)
		t = time.Now()
		fullIngest(b, data)
		full += time.Since(t)
	}
	b.ReportMetric(full.Seconds()/naive.Seconds(), "ingest/naive")
	b.ReportMetric(float64(len(data))*float64(b.N)/naive.Seconds()/1e6, "naive-MB/s")
	b.ReportMetric(float64(len(data))*float64(b.N)/full.Seconds()/1e6, "ingest-MB/s")
	b.ReportMetric(float64(benchTweets)*float64(b.N)/full.Seconds(), "ingest-tweets/s")
}

// naiveDecode is the baseline: bufio.Scanner and encoding/json into a
// struct of the fields botsweep uses, nothing stored.
func naiveDecode(b *testing.B, data []byte) int {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	recs := 0
	for sc.Scan() {
		var t naiveTweet
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			b.Fatal(err)
		}
		recs++
	}
	return recs
}

// fullIngest parses data and stores it in a new Pebble store, as
// botsweep ingest does, and closes the store.
func fullIngest(b *testing.B, data []byte) {
	s, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	w, err := s.NewWriter(store.WriterOptions{})
	if err != nil {
		b.Fatal(err)
	}
	w.BeginFile("bench.jsonl", data, false)
	if _, err := ingest.Decode(context.Background(), bytes.NewReader(data), ingest.Options{Name: "bench.jsonl"}, w); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates reports tweets/s and the CPU time per op since cpu0: on a
// shared machine CPU time is steadier than wall time.
func reportRates(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(benchTweets)*float64(b.N)/b.Elapsed().Seconds(), "tweets/s")
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1e3/float64(b.N), "cpu-ms/op")
}

type discard struct{ botsweep.Dataset }

func (discard) Account(*botsweep.Account) error { return nil }
func (discard) Post(*botsweep.Post) error       { return nil }

// BenchmarkDecodeV1Only is the parse alone, into a sink that keeps nothing.
func BenchmarkDecodeV1Only(b *testing.B) {
	data := v1File(b)
	b.SetBytes(int64(len(data)))
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := ingest.Decode(context.Background(), bytes.NewReader(data), ingest.Options{Name: "bench.jsonl"}, &discard{}); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu)
}
