package sim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteJetstream(t *testing.T) {
	for _, tc := range []struct {
		name  string
		seed  int64
		scale float64
	}{
		{"seed 1", 1, 0.01},
		{"seed 7", 7, 0.015},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Default("globus")
			if err != nil {
				t.Fatal(err)
			}
			cfg.Seed, cfg.Scale = tc.seed, tc.scale
			a, b := t.TempDir(), t.TempDir()
			truth, err := WriteJetstream(context.Background(), cfg, a)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := WriteJetstream(context.Background(), cfg, b); err != nil {
				t.Fatal(err)
			}
			ja, _ := os.ReadFile(filepath.Join(a, FileJetstream))
			jb, _ := os.ReadFile(filepath.Join(b, FileJetstream))
			if len(ja) == 0 || !bytes.Equal(ja, jb) {
				t.Fatalf("two runs of one config differ (%d vs %d bytes)", len(ja), len(jb))
			}
			for _, f := range []string{FileTruth, FileOperations, FileDomains, FileCampaigns, FileConfig} {
				if _, err := os.Stat(filepath.Join(a, f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
			}
			dids := map[string]bool{}
			for _, r := range truth.Rows {
				if !strings.HasPrefix(r.AccountID, "did:plc:") || len(r.AccountID) != len("did:plc:")+24 || !strings.HasSuffix(r.ScreenName, ".bsky.social") {
					t.Fatalf("truth row %+v is not keyed by a did:plc", r)
				}
				dids[r.AccountID] = false
			}
			var last int64
			kinds := map[string]int{}
			sc := bufio.NewScanner(bytes.NewReader(ja))
			sc.Buffer(nil, 1<<20)
			for n := 1; sc.Scan(); n++ {
				var ev struct {
					DID    string `json:"did"`
					TimeUS int64  `json:"time_us"`
					Kind   string `json:"kind"`
					Commit struct {
						Collection string `json:"collection"`
					} `json:"commit"`
				}
				if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
					t.Fatalf("line %d: %v", n, err)
				}
				if ev.TimeUS < last {
					t.Fatalf("line %d: time_us %d before %d", n, ev.TimeUS, last)
				}
				last = ev.TimeUS
				if _, ok := dids[ev.DID]; !ok && ev.DID != VerifierDID {
					t.Fatalf("line %d: did %s is not in truth.csv", n, ev.DID)
				}
				if (ev.DID == VerifierDID) != (ev.Commit.Collection == "app.bsky.graph.verification") {
					t.Fatalf("line %d: %s from %s", n, ev.Commit.Collection, ev.DID)
				}
				if ev.DID != VerifierDID {
					dids[ev.DID] = true
				}
				kinds[ev.Kind+" "+ev.Commit.Collection]++
			}
			for d, seen := range dids {
				if !seen {
					t.Errorf("account %s has no event", d)
				}
			}
			if kinds["identity "] != len(truth.Rows) || kinds["commit app.bsky.actor.profile"] != len(truth.Rows) {
				t.Errorf("identity/profile events %v for %d accounts", kinds, len(truth.Rows))
			}
			if kinds["commit app.bsky.graph.verification"] == 0 {
				t.Errorf("no verification records for the verified accounts: %v", kinds)
			}
			if kinds["commit app.bsky.feed.repost"] == 0 || kinds["commit app.bsky.feed.like"] != kinds["commit app.bsky.feed.repost"] || kinds["commit app.bsky.graph.follow"] == 0 {
				t.Errorf("event kinds %v", kinds)
			}
		})
	}
}

func TestHandle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"TheGlobus", "theglobus.bsky.social"},
		{"nord_press_en", "nord-press-en.bsky.social"},
		{"_x_", "x.bsky.social"},
		{"___", "user.bsky.social"},
	} {
		if got := Handle(tc.in); got != tc.want {
			t.Errorf("Handle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
