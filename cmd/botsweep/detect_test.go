package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/detect/detecttest"
	"github.com/botsweep/botsweep/store"
)

// miniStore writes detecttest's small world into a new store.
func miniStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := st.NewWriter(store.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := detecttest.MiniWorld(1)
	ctx := context.Background()
	if err := d.EachAccount(ctx, w.Account); err != nil {
		t.Fatal(err)
	}
	if err := d.EachPost(ctx, w.Post); err != nil {
		t.Fatal(err)
	}
	if err := d.EachFollow(ctx, w.Follow); err != nil {
		t.Fatal(err)
	}
	if err := d.EachCampaign(ctx, w.Campaign); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDetectAndShow(t *testing.T) {
	dir := miniStore(t)
	out := filepath.Join(t.TempDir(), "out")
	status, stdout, stderr := cli(t, "", "detect", "--store", dir, "--out", out)
	if status != 0 {
		t.Fatalf("detect: status %d, stderr %s", status, stderr)
	}
	if !strings.Contains(stdout, "2 inauthentic networks") {
		t.Errorf("stdout = %q", stdout)
	}
	f, err := os.Open(filepath.Join(out, "accounts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "account_id,screen_name,network_id,role,score" {
		t.Errorf("header = %q", got)
	}
	if len(rows) != 1+47 {
		t.Errorf("%d flagged accounts, want 47", len(rows)-1)
	}
	nets := readNetworksJSON(t, out)
	if len(nets) != 2 || nets[0].Attribution == nil {
		t.Fatalf("networks.json: %d networks, attribution %v", len(nets), nets[0].Attribution)
	}

	// The retweet network, whichever rank its score gives it.
	amp := nets[0]
	for _, n := range nets {
		if len(n.Amplified) > 0 {
			amp = n
		}
	}
	tests := []struct {
		name   string
		args   []string
		status int
		want   []string
	}{
		{"list", []string{"show", "networks", "--store", dir}, 0, []string{nets[0].ID, nets[1].ID}},
		{"ids in rank order", []string{"show", "networks", "--ids", "--store", dir}, 0, []string{nets[0].ID + "\n" + nets[1].ID + "\n"}},
		{"one", []string{"show", "network", amp.ID, "--store", dir}, 0, []string{"Amplified accounts", "@TheAmp", "Members and why they are in", "co-retweet"}},
		{"unknown", []string{"show", "network", "net-nope", "--store", dir}, 1, []string{"no network"}},
		{"no id", []string{"show", "network", "--store", dir}, 2, []string{"one network ID"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, stdout, stderr := cli(t, "", tc.args...)
			if status != tc.status {
				t.Fatalf("status %d, want %d; stderr %s", status, tc.status, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout+stderr, w) {
					t.Errorf("output lacks %q:\n%s%s", w, stdout, stderr)
				}
			}
		})
	}
}

func TestDetectUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no store", []string{"detect", "--out", "x"}, "--store"},
		{"bad window", []string{"detect", "--store", "x", "--out", "y", "--window", "soon"}, "--window"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, stderr := cli(t, "", tc.args...)
			if status != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("status %d stderr %q", status, stderr)
			}
		})
	}
}
