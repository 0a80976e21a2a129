package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// fuzzDecode decodes data as format and checks that nothing panics, that
// errors are one-line EINVALID errors, that Records and Rejected count what
// the sink and OnReject saw, and that reject lines lie inside the input.
// (The parallel path is checked against the sequential one by
// TestParallelOrderAndLines; fuzz inputs fit one chunk.) It stays cheap:
// the fuzzer minimises every new input by running it thousands of times.
func fuzzDecode(t *testing.T, format Format, data []byte) {
	sink := &discardSink{}
	rejects := int64(0)
	lines := bytes.Count(data, []byte("\n")) + 1
	opts := Options{Format: format, Name: "fuzz", MaxRecordBytes: 4096, Now: func() time.Time { return fixedNow },
		OnReject: func(r Reject) error {
			rejects++
			if r.Line < 1 || r.Line > lines || r.Reason == "" || r.File != "fuzz" {
				t.Errorf("bad reject %+v (input has %d lines)", r, lines)
			}
			return nil
		}}
	res, err := Decode(context.Background(), bytes.NewReader(data), opts, sink)
	if err != nil {
		if botsweep.ErrorCode(err) != botsweep.EINVALID {
			t.Fatalf("error without EINVALID code: %v", err)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
	}
	if res.Records != sink.n || res.Rejected != rejects {
		t.Fatalf("result %+v but the sink saw %d records and OnReject %d", res, sink.n, rejects)
	}
	if err == nil && res.Bytes > int64(len(data)) {
		t.Fatalf("Bytes %d > input %d", res.Bytes, len(data))
	}
}

// seed adds the golden fixture (whole when small, else its first lines
// with the header, one seed each) and extra inputs to the corpus. Seeds stay
// small because the fuzzer minimises every input that finds new coverage.
func seed(f *testing.F, fixture string, extra ...string) {
	if b, err := os.ReadFile(filepath.Join("testdata", "golden", fixture)); err == nil {
		if len(b) <= 2048 {
			f.Add(b)
		} else {
			lines := bytes.Split(b, []byte("\n"))
			for i := 1; i < len(lines) && i <= 12; i++ {
				if len(lines[i]) > 0 {
					if bytes.HasPrefix(lines[0], []byte("{")) {
						f.Add(lines[i])
					} else {
						f.Add(append(append(append([]byte(nil), lines[0]...), '\n'), lines[i]...))
					}
				}
			}
		}
	}
	for _, e := range extra {
		f.Add([]byte(e))
	}
}

func FuzzDecodeV1(f *testing.F) {
	seed(f, "v1.jsonl", goodTweetA, "{}", `{"user":{}}`, `{"text":"x","id":1.5e300,"user":{"id":-1},"created_at":"Sun Nov 24 21:30:00 +9999 2019"}`)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatTwitterV1, data) })
}

func FuzzDecodeProfileProbes(f *testing.F) {
	seed(f, "probes.json", "[", "[{", `[{"user":{"id":1}},`, `["\"]`)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatProfileProbes, data) })
}

func FuzzDecodeTwarc2(f *testing.F) {
	seed(f, "twarc2.jsonl", `{"data":{}}`, `{"includes":{"users":[1]}}`)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatTwarc2, data) })
}

func FuzzDecodePriorOperations(f *testing.F) {
	seed(f, "prior-operations.json", `[{"name":"x","indicators":{"account_ids":[1e400]}}]`)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatPriorOperations, data) })
}

func FuzzDecodeCampaigns(f *testing.F) {
	seed(f, "campaigns.json", `[{"hashtag":"#","starts":"2019-10-20T00:00:00Z","ends":"2019-10-20T00:00:00Z"}]`)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatCampaigns, data) })
}

func FuzzDecodeCSVFollows(f *testing.F) {
	seed(f, "follows.csv", "follower_id,followee_id\n\"1\n")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatFollows, data) })
}

func FuzzDecodeCSVShares(f *testing.F) {
	seed(f, "shares.csv", "object_id,account_id,content_id,timestamp_share\no,a,c,1e300\n")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatShares, data) })
}

func FuzzDecodeCSVRetweetPairs(f *testing.F) {
	seed(f, "retweet-pairs.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatRetweetPairs, data) })
}

func FuzzDecodeCSVIOUsers(f *testing.F) {
	seed(f, "io-users.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatIOUsers, data) })
}

func FuzzDecodeCSVIOTweets(f *testing.F) {
	seed(f, "io-tweets.csv", "tweetid,userid,tweet_time,hashtags\n1,2,2019-01-01,\"['a\\\n")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatIOTweets, data) })
}

func FuzzDecodeCSVDomainRegistrations(f *testing.F) {
	seed(f, "domain-registrations.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, FormatDomainRegistrations, data) })
}

// FuzzDecodeAuto sniffs whatever comes; every fixture seeds it.
func FuzzDecodeAuto(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	for _, p := range files {
		if !strings.HasSuffix(p, ".golden") {
			seed(f, filepath.Base(p))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Sniff(data); err != nil && botsweep.ErrorCode(err) != botsweep.EINVALID {
			t.Fatalf("Sniff error without EINVALID: %v", err)
		}
		fuzzDecode(t, FormatAuto, data)
	})
}

// FuzzDomainCache checks the cached host path against RegistrableDomain.
func FuzzDomainCache(f *testing.F) {
	for _, u := range []string{"https://www.bbc.co.uk/x", "http://a.com", "HTTP://WWW.Example.COM/?q#f", "www.x.com/a",
		"http://user@host.com/", "http://h.com:80/", "http://[::1]/", "http://a.com/%zz", "http://a.com/x y", "ftp://x.y.z.co.jp", "http://.com/", "http://a..com/"} {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, u string) {
		b := &batch{}
		for range 2 { // miss, then hit
			if got, want := b.domain(u), botsweep.RegistrableDomain(u); got != want {
				t.Fatalf("domain(%q) = %q, want %q", u, got, want)
			}
		}
	})
}
