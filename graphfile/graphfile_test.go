package graphfile

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/graphfile/graphfiletest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func ptr(v float64) *float64 { return &v }

// sample is a small graph with every kind of value: two networks, an
// account without handle or bot score, names that need escaping.
func sample() *Graph {
	g := &Graph{
		Layers: []string{"co-retweet", "co-link", "follow"},
		Nodes: []Node{
			{ID: "3", Handle: "patriot_3", Group: "net-b", Verdict: "inauthentic", Role: "core", Score: 0.9, BotScore: ptr(0.97)},
			{ID: "1", Handle: "a<&>\"b", Group: "net-a", Verdict: "coordinated", Role: "core", Score: 0.5},
			{ID: "2", Group: "net-a", Verdict: "coordinated", Role: "associated", Score: 0.25, BotScore: ptr(0.1)},
			{ID: "4", Handle: "ünïcode", Group: "net-b", Verdict: "inauthentic", Role: "core", Score: 0.75, BotScore: ptr(0.5)},
		},
		Edges: []Edge{
			{Source: "3", Target: "4", Weight: 7, Layers: []float64{5, 1, 1}},
			{Source: "1", Target: "2", Weight: 2.5, Layers: []float64{2, 0.5, 0}},
		},
	}
	g.Sort()
	return g
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	g := sample()
	var gexf, graphml, nodes, edges bytes.Buffer
	if err := WriteGEXF(&gexf, g, "sample"); err != nil {
		t.Fatal(err)
	}
	if err := WriteGraphML(&graphml, g); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&nodes, &edges, g); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.gexf", gexf.Bytes())
	golden(t, "sample.graphml", graphml.Bytes())
	golden(t, "sample.nodes.csv", nodes.Bytes())
	golden(t, "sample.edges.csv", edges.Bytes())
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Graph)
		want string
	}{
		{"unknown node", func(g *Graph) { g.Edges[0].Target = "9" }, "unknown node"},
		{"loop", func(g *Graph) { g.Edges[0].Target = g.Edges[0].Source }, "loop"},
		{"duplicate node", func(g *Graph) { g.Nodes[1].ID = g.Nodes[0].ID }, "twice"},
		{"missing layer weight", func(g *Graph) { g.Edges[1].Layers = g.Edges[1].Layers[:1] }, "layer weights"},
		{"empty id", func(g *Graph) { g.Nodes[2].ID = "" }, "empty id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := sample()
			tc.edit(g)
			err := WriteGEXF(&bytes.Buffer{}, g, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestStructure(t *testing.T) {
	g := sample()
	var gexf, graphml bytes.Buffer
	if err := WriteGEXF(&gexf, g, "sample"); err != nil {
		t.Fatal(err)
	}
	if err := WriteGraphML(&graphml, g); err != nil {
		t.Fatal(err)
	}
	graphfiletest.CheckGEXF(t, gexf.Bytes(), len(g.Nodes), len(g.Edges))
	graphfiletest.CheckGraphML(t, graphml.Bytes(), len(g.Nodes), len(g.Edges))
}

func TestNetworkXReads(t *testing.T) {
	g := sample()
	dir := t.TempDir()
	for _, format := range []string{"gexf", "graphml"} {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			var err error
			if format == "gexf" {
				err = WriteGEXF(&b, g, "sample")
			} else {
				err = WriteGraphML(&b, g)
			}
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "g."+format)
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			n, e, w, attrs := graphfiletest.NetworkX(t, path, format, "3")
			if n != len(g.Nodes) || e != len(g.Edges) || w != 9.5 {
				t.Errorf("networkx reads %d nodes, %d edges, total weight %g; want %d, %d, 9.5", n, e, w, len(g.Nodes), len(g.Edges))
			}
			if want := "group=net-b|verdict=inauthentic|role=core|score=0.9"; attrs != want {
				t.Errorf("node 3 reads as %q, want %q", attrs, want)
			}
		})
	}
}
