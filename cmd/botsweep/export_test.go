package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/graphfile/graphfiletest"
	"github.com/botsweep/botsweep/store"
)

// TestExportFormats detects the mini world's networks and exports them in
// every format; networkx (when installed) and the structure checks must
// read the node and edge counts the CSV tables list.
func TestExportFormats(t *testing.T) {
	dir := miniStore(t)
	tmp := t.TempDir()
	if status, _, stderr := cli(t, "", "detect", "--store", dir, "--out", filepath.Join(tmp, "det")); status != 0 {
		t.Fatalf("detect: %s", stderr)
	}
	_, flagged := readTable(t, filepath.Join(tmp, "det", "accounts.csv"))
	accounts := map[string]bool{}
	for _, r := range flagged {
		accounts[r[0]] = true
	}
	csvOut := filepath.Join(tmp, "net.csv")
	status, stdout, stderr := cli(t, "", "export", "--store", dir, "--format", "csv", "--out", csvOut)
	if status != 0 {
		t.Fatalf("export csv: status %d: %s", status, stderr)
	}
	header, edges := readTable(t, csvOut)
	if strings.Join(header, ",") != "Source,Target,Type,Weight,co-retweet,co-link,co-domain,follow" {
		t.Errorf("edges header %q", header)
	}
	_, nodes := readTable(t, filepath.Join(tmp, "net.nodes.csv"))
	if len(nodes) != len(accounts) || len(edges) == 0 {
		t.Fatalf("%d nodes for %d flagged accounts, %d edges; stdout %s", len(nodes), len(accounts), len(edges), stdout)
	}
	for _, n := range nodes {
		if !accounts[n[0]] || n[3] != "inauthentic" && n[3] != "coordinated" || n[4] != "core" && n[4] != "associated" {
			t.Errorf("node row %q", n)
		}
	}
	for _, format := range []string{"gexf", "graphml"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(tmp, "net."+format)
			if status, _, stderr := cli(t, "", "export", "--store", dir, "--format", format, "--out", out); status != 0 {
				t.Fatalf("status %d: %s", status, stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if format == "gexf" {
				graphfiletest.CheckGEXF(t, b, len(nodes), len(edges))
			} else {
				graphfiletest.CheckGraphML(t, b, len(nodes), len(edges))
			}
			n, e, _, _ := graphfiletest.NetworkX(t, out, format, nodes[0][0])
			if n != len(nodes) || e != len(edges) {
				t.Errorf("networkx reads %d nodes and %d edges, want %d and %d", n, e, len(nodes), len(edges))
			}
		})
	}
}

func TestExportUsage(t *testing.T) {
	empty := t.TempDir()
	st, err := store.Open(empty, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	tests := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"no store", []string{"export", "--out", "x.gexf"}, 2, "--store"},
		{"unknown format", []string{"export", "--store", empty, "--out", "x", "--format", "dot"}, 2, "graphml, gexf or csv"},
		{"no networks", []string{"export", "--store", empty, "--out", filepath.Join(empty, "x.gexf")}, 1, "botsweep detect"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, stderr := cli(t, "", tc.args...)
			if status != tc.status || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("status %d stderr %q, want %d and %q", status, stderr, tc.status, tc.stderr)
			}
		})
	}
}
