package sim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

func writeSmall(t *testing.T, seed int64, scenario string) (string, *Truth) {
	t.Helper()
	cfg, err := Default(scenario)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed, cfg.Scale = seed, 0.01
	// a shorter window and quieter prominent accounts keep the files small
	cfg.Start = time.Date(2019, 10, 1, 0, 0, 0, 0, time.UTC)
	cfg.NewsPostsPerDay, cfg.ProminentPostsPerDay = 3, 2
	dir := t.TempDir()
	truth, err := WriteWorld(context.Background(), cfg, dir)
	if err != nil {
		t.Fatalf("WriteWorld: %v", err)
	}
	return dir, truth
}

var worldFiles = []string{FileTweets, FileUsers, FileFollows, FileTruth, FileOperations, FileDomains, FileCampaigns, FileConfig}

func TestWriteWorldDeterministic(t *testing.T) {
	a, _ := writeSmall(t, 42, "globus")
	b, _ := writeSmall(t, 42, "globus")
	c, _ := writeSmall(t, 43, "globus")
	for _, f := range worldFiles {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, f))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
		z, _ := os.ReadFile(filepath.Join(c, f))
		if f == FileTweets && bytes.Equal(x, z) {
			t.Errorf("%s is the same for different seeds", f)
		}
	}
}

func TestWriteWorldFilesParse(t *testing.T) {
	for _, scenario := range Scenarios() {
		t.Run(scenario, func(t *testing.T) {
			dir, truth := writeSmall(t, 5, scenario)
			ids := map[string]bool{}
			for _, r := range truth.Rows {
				ids[r.AccountID] = true
			}
			// truth.csv reads back as written
			got, err := ReadTruth(filepath.Join(dir, FileTruth))
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Rows) != len(truth.Rows) {
				t.Fatalf("truth.csv has %d rows, want %d", len(got.Rows), len(truth.Rows))
			}
			// users.jsonl: one user object per account, counts as in follows.csv
			followers := map[string]int64{}
			checkCSV(t, filepath.Join(dir, FileFollows), "follower_id,followee_id", func(rec []string) {
				if !ids[rec[0]] || !ids[rec[1]] {
					t.Fatalf("follow %v has an unknown end", rec)
				}
				followers[rec[1]]++
			})
			users := 0
			eachLine(t, filepath.Join(dir, FileUsers), func(line []byte) {
				var u struct {
					IDStr          string  `json:"id_str"`
					ScreenName     string  `json:"screen_name"`
					Text           *string `json:"text"`
					Followers      int64   `json:"followers_count"`
					CreatedAt      string  `json:"created_at"`
					DefaultProfile *bool   `json:"default_profile"`
					Entities       struct {
						URL struct {
							URLs []struct {
								Expanded string `json:"expanded_url"`
							} `json:"urls"`
						} `json:"url"`
					} `json:"entities"`
					URL *string `json:"url"`
				}
				if err := json.Unmarshal(line, &u); err != nil {
					t.Fatalf("user line: %v", err)
				}
				if !ids[u.IDStr] || u.ScreenName == "" || u.Text != nil || u.DefaultProfile == nil {
					t.Fatalf("bad user object %s", line)
				}
				if _, err := time.Parse(twitterTime, u.CreatedAt); err != nil {
					t.Fatalf("user created_at %q: %v", u.CreatedAt, err)
				}
				if u.Followers != followers[u.IDStr] {
					t.Fatalf("@%s followers_count %d, follows.csv says %d", u.ScreenName, u.Followers, followers[u.IDStr])
				}
				if (u.URL != nil) != (len(u.Entities.URL.URLs) == 1) {
					t.Fatalf("@%s: url and entities.url disagree", u.ScreenName)
				}
				users++
			})
			if users != len(truth.Rows) {
				t.Fatalf("users.jsonl has %d users, truth %d", users, len(truth.Rows))
			}
			kinds := map[string]int{}
			eachLine(t, filepath.Join(dir, FileTweets), func(line []byte) {
				var tw struct {
					IDStr     string `json:"id_str"`
					CreatedAt string `json:"created_at"`
					Text      string `json:"text"`
					Source    string `json:"source"`
					ReplyTo   any    `json:"in_reply_to_status_id_str"`
					ReplyUser any    `json:"in_reply_to_user_id_str"`
					ReplyName any    `json:"in_reply_to_screen_name"`
					User      *struct {
						IDStr string `json:"id_str"`
					} `json:"user"`
					Quoted *struct {
						IDStr string `json:"id_str"`
					} `json:"quoted_status"`
					QuotedID  string `json:"quoted_status_id_str"`
					Retweeted *struct {
						IDStr string `json:"id_str"`
						User  *struct {
							IDStr string `json:"id_str"`
						} `json:"user"`
					} `json:"retweeted_status"`
					Entities struct {
						Hashtags []struct {
							Text    string `json:"text"`
							Indices []int  `json:"indices"`
						} `json:"hashtags"`
						URLs []struct {
							URL      string `json:"url"`
							Expanded string `json:"expanded_url"`
							Indices  []int  `json:"indices"`
						} `json:"urls"`
						Mentions []struct {
							ScreenName string `json:"screen_name"`
							IDStr      string `json:"id_str"`
							Indices    []int  `json:"indices"`
						} `json:"user_mentions"`
					} `json:"entities"`
				}
				if err := json.Unmarshal(line, &tw); err != nil {
					t.Fatalf("tweet line: %v\n%s", err, line)
				}
				if tw.User == nil || !ids[tw.User.IDStr] {
					t.Fatalf("tweet %s without a known user", tw.IDStr)
				}
				if _, err := time.Parse(twitterTime, tw.CreatedAt); err != nil {
					t.Fatalf("created_at %q: %v", tw.CreatedAt, err)
				}
				if !strings.HasPrefix(tw.Source, "<a href=\"") || !strings.HasSuffix(tw.Source, "</a>") {
					t.Fatalf("source %q is not an anchor", tw.Source)
				}
				runes := []rune(tw.Text)
				for _, h := range tw.Entities.Hashtags {
					if string(runes[h.Indices[0]:h.Indices[1]]) != "#"+h.Text {
						t.Fatalf("hashtag indices %v wrong in %q", h.Indices, tw.Text)
					}
				}
				for _, u := range tw.Entities.URLs {
					if string(runes[u.Indices[0]:u.Indices[1]]) != u.URL || u.Expanded == "" {
						t.Fatalf("url indices %v wrong in %q", u.Indices, tw.Text)
					}
				}
				for _, m := range tw.Entities.Mentions {
					if string(runes[m.Indices[0]:m.Indices[1]]) != "@"+m.ScreenName || !ids[m.IDStr] {
						t.Fatalf("mention %v wrong in %q", m, tw.Text)
					}
				}
				switch {
				case tw.Retweeted != nil:
					if tw.Retweeted.User == nil || !strings.HasPrefix(tw.Text, "RT @") {
						t.Fatalf("retweet %s lacks a full retweeted_status", tw.IDStr)
					}
					kinds["retweet"]++
				case tw.Quoted != nil:
					if tw.Quoted.IDStr != tw.QuotedID {
						t.Fatalf("quote %s: quoted_status_id_str %q, quoted_status %q", tw.IDStr, tw.QuotedID, tw.Quoted.IDStr)
					}
					kinds["quote"]++
				case tw.ReplyTo != nil:
					if tw.ReplyUser == nil || tw.ReplyName == nil {
						t.Fatalf("reply %s lacks in_reply_to_user_id_str or screen name", tw.IDStr)
					}
					kinds["reply"]++
				default:
					kinds["original"]++
				}
			})
			for _, k := range []string{"original", "retweet", "reply", "quote"} {
				if kinds[k] == 0 {
					t.Errorf("no %s in tweets.jsonl", k)
				}
			}
			checkCSV(t, filepath.Join(dir, FileDomains), "domain,registrant,registered_at", func(rec []string) {
				if _, err := time.Parse(time.RFC3339, rec[2]); err != nil {
					t.Fatalf("registered_at %q: %v", rec[2], err)
				}
			})
			var ops []botsweep.PriorOperation
			readJSON(t, filepath.Join(dir, FileOperations), &ops)
			if len(ops) == 0 {
				t.Error("no prior operations")
			}
			var camps []botsweep.Campaign
			readJSON(t, filepath.Join(dir, FileCampaigns), &camps)
			if len(camps) != 1 || camps[0].Emoji == "" || camps[0].Starts.IsZero() {
				t.Errorf("campaigns.json: %+v", camps)
			}
			cfg, err := LoadConfig(filepath.Join(dir, FileConfig))
			if err != nil || cfg.Scenario != scenario || cfg.Seed != 5 {
				t.Errorf("scenario.json reads back as %+v, %v", cfg.Scenario, err)
			}
		})
	}
}

func eachLine(t *testing.T, path string, fn func([]byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if !json.Valid(sc.Bytes()) {
			t.Fatalf("%s: invalid JSON line %q", path, sc.Bytes())
		}
		fn(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

func checkCSV(t *testing.T, path, header string, fn func([]string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil || strings.Join(head, ",") != header {
		t.Fatalf("%s header %v, want %s", path, head, header)
	}
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, r := range recs {
		fn(r)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string // error substring; "" is valid
	}{
		{"default", func(*Config) {}, ""},
		{"zero scale", func(c *Config) { c.Scale = 0 }, "scale"},
		{"window reversed", func(c *Config) { c.End = c.Start }, "not after start"},
		{"coverage above one", func(c *Config) { c.NetworkCoverage = 1.5 }, "network_coverage"},
		{"negative network", func(c *Config) { c.Network = -1 }, "network must be"},
		{"no time zones", func(c *Config) { c.TimeZones = nil }, "time_zones"},
		{"bursts reversed", func(c *Config) { c.NetworkBurstEnd = c.NetworkBurstStart }, "network_burst_end"},
		{"camouflage share one", func(c *Config) { c.CamouflageShare = 1 }, "camouflage_share"},
		{"no bots is fine", func(c *Config) { c.Network, c.Farm, c.LinkSpam, c.Camouflage, c.Associated = 0, 0, 0, 0, 0 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Default("")
			if err != nil {
				t.Fatal(err)
			}
			tt.change(&c)
			err = c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if err != nil && botsweep.ErrorCode(err) != botsweep.EINVALID {
				t.Errorf("code %q", botsweep.ErrorCode(err))
			}
		})
	}
	if _, err := Default("nope"); err == nil {
		t.Error("unknown scenario accepted")
	}
	path := filepath.Join(t.TempDir(), "s.json")
	os.WriteFile(path, []byte(`{"scenario":"camouflage","network":77,"network_delay_median_s":900}`), 0o644)
	c, err := LoadConfig(path)
	if err != nil || c.Network != 77 || c.NetworkDelayMedian != 900 || c.Camouflage != 1500 {
		t.Errorf("LoadConfig: %+v %v", c.Network, err)
	}
	os.WriteFile(path, []byte(`{"network":"many"}`), 0o644)
	if _, err := LoadConfig(path); err == nil {
		t.Error("bad scenario file accepted")
	}
}

func TestConfigChangesTheWorld(t *testing.T) {
	// a slower, sparser network: delays follow the configuration
	cfg, _ := Default("globus")
	cfg.Scale, cfg.Seed = 0.02, 3
	cfg.NetworkDelayMedian, cfg.NetworkDelayTail, cfg.NetworkCoverage = 1800, 0, 0.4
	ds := &botsweep.Dataset{}
	truth, err := Generate(context.Background(), cfg, ds)
	if err != nil {
		t.Fatal(err)
	}
	label := map[string]string{}
	for _, r := range truth.Rows {
		label[r.AccountID] = r.Label
	}
	at := map[string]time.Time{}
	for _, p := range ds.Posts {
		at[p.ID] = p.CreatedAt
	}
	var delays []float64
	for _, p := range ds.Posts {
		if label[p.AccountID] == LabelNetwork && p.Kind == botsweep.KindRetweet && label[p.RetweetOfAccount] == LabelProminent {
			delays = append(delays, p.CreatedAt.Sub(at[p.RetweetOf]).Seconds())
		}
	}
	if m := median(delays); m < 900 || m > 3600 {
		t.Errorf("median delay %.0fs with network_delay_median_s 1800", m)
	}
}

func FuzzParseTruth(f *testing.F) {
	f.Add("account_id,screen_name,label,kind\n1,a,organic,organic\n")
	f.Add("kind,label,account_id\nbot,x,2\n")
	f.Add("account_id,label,kind\n\"1\n")
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := ParseTruth(strings.NewReader(s))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteTruth(&buf, tr.Rows); err != nil {
			t.Fatal(err)
		}
		back, err := ParseTruth(&buf)
		if err != nil || len(back.Rows) != len(tr.Rows) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
