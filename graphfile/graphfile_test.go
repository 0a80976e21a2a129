package graphfile

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
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

// xmlElem is a generic XML element for the structure checks.
type xmlElem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []xmlElem  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (e *xmlElem) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (e *xmlElem) all(name string, fn func(*xmlElem)) {
	for i := range e.Children {
		c := &e.Children[i]
		if c.XMLName.Local == name {
			fn(c)
		}
		c.all(name, fn)
	}
}

// checkGEXF checks a GEXF document against the structure of the GEXF 1.3
// schema this package uses: the namespace and version, declared attribute
// ids for every attvalue (of the right class and type), unique node ids,
// and edges between declared nodes with numeric weights.
func checkGEXF(t *testing.T, b []byte, nodes, edges int) {
	t.Helper()
	var doc xmlElem
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Local != "gexf" || doc.XMLName.Space != GEXFNamespace || doc.attr("version") != "1.3" {
		t.Fatalf("root %v version %q", doc.XMLName, doc.attr("version"))
	}
	types := map[string]map[string]string{"node": {}, "edge": {}}
	doc.all("attributes", func(a *xmlElem) {
		for _, c := range a.Children {
			types[a.attr("class")][c.attr("id")] = c.attr("type")
		}
	})
	checkValue := func(class string, v *xmlElem) {
		typ, ok := types[class][v.attr("for")]
		if !ok {
			t.Errorf("%s attvalue for undeclared attribute %q", class, v.attr("for"))
		}
		if typ == "double" {
			if _, err := strconv.ParseFloat(v.attr("value"), 64); err != nil {
				t.Errorf("%s attribute %s: %v", class, v.attr("for"), err)
			}
		}
	}
	ids := map[string]bool{}
	doc.all("node", func(n *xmlElem) {
		if ids[n.attr("id")] {
			t.Errorf("node %q twice", n.attr("id"))
		}
		ids[n.attr("id")] = true
		n.all("attvalue", func(v *xmlElem) { checkValue("node", v) })
	})
	ne := 0
	doc.all("edge", func(e *xmlElem) {
		ne++
		if !ids[e.attr("source")] || !ids[e.attr("target")] {
			t.Errorf("edge %s-%s between undeclared nodes", e.attr("source"), e.attr("target"))
		}
		if _, err := strconv.ParseFloat(e.attr("weight"), 64); err != nil {
			t.Errorf("edge weight: %v", err)
		}
		e.all("attvalue", func(v *xmlElem) { checkValue("edge", v) })
	})
	if len(ids) != nodes || ne != edges {
		t.Errorf("%d nodes and %d edges, want %d and %d", len(ids), ne, nodes, edges)
	}
}

// checkGraphML checks a GraphML document's structure: the namespace, keys
// declared for the domain they are used in, unique node ids and edges
// between declared nodes.
func checkGraphML(t *testing.T, b []byte, nodes, edges int) {
	t.Helper()
	var doc xmlElem
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Local != "graphml" || doc.XMLName.Space != GraphMLNamespace {
		t.Fatalf("root %v", doc.XMLName)
	}
	keys := map[string]string{}
	doc.all("key", func(k *xmlElem) { keys[k.attr("id")] = k.attr("for") + "/" + k.attr("attr.type") })
	checkData := func(domain string, d *xmlElem) {
		k, ok := keys[d.attr("key")]
		if !ok || !strings.HasPrefix(k, domain+"/") {
			t.Errorf("%s data with key %q declared as %q", domain, d.attr("key"), k)
		}
		if strings.HasSuffix(k, "/double") {
			if _, err := strconv.ParseFloat(d.Text, 64); err != nil {
				t.Errorf("%s data %s: %v", domain, d.attr("key"), err)
			}
		}
	}
	ids := map[string]bool{}
	doc.all("node", func(n *xmlElem) {
		if ids[n.attr("id")] {
			t.Errorf("node %q twice", n.attr("id"))
		}
		ids[n.attr("id")] = true
		n.all("data", func(d *xmlElem) { checkData("node", d) })
	})
	ne := 0
	doc.all("edge", func(e *xmlElem) {
		ne++
		if !ids[e.attr("source")] || !ids[e.attr("target")] {
			t.Errorf("edge %s-%s between undeclared nodes", e.attr("source"), e.attr("target"))
		}
		e.all("data", func(d *xmlElem) { checkData("edge", d) })
	})
	if len(ids) != nodes || ne != edges {
		t.Errorf("%d nodes and %d edges, want %d and %d", len(ids), ne, nodes, edges)
	}
}

// networkx reads a GEXF or GraphML file with networkx and returns
// its node and edge counts, total edge weight and one node's attributes, or skips when
// python3 or networkx is absent.
func networkx(t *testing.T, path, format, node string) (nodes, edges int, weight float64, attrs string) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 absent")
	}
	if exec.Command(py, "-c", "import networkx").Run() != nil {
		t.Skip("networkx absent (apt-get install python3-networkx)")
	}
	script := `
import sys, networkx as nx
path, fmt, node = sys.argv[1:]
g = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
assert not g.is_directed(), "directed"
d = g.nodes[node]
print(g.number_of_nodes(), g.number_of_edges(), sum(float(e.get("weight", 0)) for _, _, e in g.edges(data=True)), "|".join("%s=%s" % (k, d[k]) for k in ("group", "verdict", "role", "score") if k in d))
`
	out, err := exec.Command(py, "-c", script, path, format, node).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx cannot read %s: %v\n%s", path, err, out)
	}
	if _, err := fmt.Sscan(string(out), &nodes, &edges, &weight, &attrs); err != nil {
		t.Fatalf("networkx output %q: %v", out, err)
	}
	return nodes, edges, weight, attrs
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
	checkGEXF(t, gexf.Bytes(), len(g.Nodes), len(g.Edges))
	checkGraphML(t, graphml.Bytes(), len(g.Nodes), len(g.Edges))
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
			n, e, w, attrs := networkx(t, path, format, "3")
			if n != len(g.Nodes) || e != len(g.Edges) || w != 9.5 {
				t.Errorf("networkx reads %d nodes, %d edges, total weight %g; want %d, %d, 9.5", n, e, w, len(g.Nodes), len(g.Edges))
			}
			if want := "group=net-b|verdict=inauthentic|role=core|score=0.9"; attrs != want {
				t.Errorf("node 3 reads as %q, want %q", attrs, want)
			}
		})
	}
}
