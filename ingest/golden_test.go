package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixedNow is the Received stamp of reference records in tests.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// recorder is a Sink that renders every record and reject as one JSON line,
// in the order received.
type recorder struct{ lines []string }

func (r *recorder) add(kind string, v any) error {
	b, err := json.Marshal(map[string]any{kind: v})
	if err != nil {
		return err
	}
	r.lines = append(r.lines, string(b))
	return nil
}

func (r *recorder) Account(a *botsweep.Account) error { return r.add("account", a) }
func (r *recorder) Post(p *botsweep.Post) error {
	return r.add("post", struct {
		Kind string `json:"kind_name"`
		*botsweep.Post
	}{p.Kind.String(), p})
}
func (r *recorder) Follow(f botsweep.Follow) error { return r.add("follow", f) }
func (r *recorder) PriorOperation(o *botsweep.PriorOperation) error {
	return r.add("prior_operation", o)
}
func (r *recorder) DomainRegistration(d *botsweep.DomainRegistration) error {
	return r.add("domain_registration", d)
}
func (r *recorder) Campaign(c *botsweep.Campaign) error { return r.add("campaign", c) }

// render decodes data and renders records, rejects and the result.
func render(t testing.TB, name string, data []byte, opts Options) (string, Result, error) {
	rec := &recorder{}
	opts.Name = name
	opts.Now = func() time.Time { return fixedNow }
	opts.OnReject = func(r Reject) error { return rec.add("reject", r) }
	res, err := Decode(context.Background(), bytes.NewReader(data), opts, rec)
	rec.add("result", res)
	return strings.Join(rec.lines, "\n") + "\n", res, err
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		file   string
		format Format
	}{
		{"v1.jsonl", FormatTwitterV1},
		{"probes.json", FormatProfileProbes},
		{"twarc2.jsonl", FormatTwarc2},
		{"io-users.csv", FormatIOUsers},
		{"io-tweets.csv", FormatIOTweets},
		{"follows.csv", FormatFollows},
		{"shares.csv", FormatShares},
		{"retweet-pairs.csv", FormatRetweetPairs},
		{"prior-operations.json", FormatPriorOperations},
		{"domain-registrations.csv", FormatDomainRegistrations},
		{"campaigns.json", FormatCampaigns},
		{"jetstream.jsonl", FormatJetstream},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "golden", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, res, err := render(t, tc.file, data, Options{})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if res.Format != tc.format {
				t.Errorf("sniffed %s, want %s", res.Format, tc.format)
			}
			if res.Bytes != int64(len(data)) {
				t.Errorf("Bytes = %d, want %d", res.Bytes, len(data))
			}
			// The same with the format given, and on one worker.
			again, _, err := render(t, tc.file, data, Options{Format: tc.format, Workers: 1})
			if err != nil || again != got {
				t.Errorf("with --format %s on one worker: err %v, output differs", tc.format, err)
			}
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./ingest -run Golden -update)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (go test ./ingest -run Golden -update to accept):\n%s", golden, diffLines(string(want), got))
			}
		})
	}
}

// diffLines shows the first differing line of two renderings.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\nwant " + a + "\ngot  " + b
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
