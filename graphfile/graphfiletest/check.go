// Package graphfiletest checks graph files the way their readers do: the
// structure of GEXF and GraphML documents, and reading them with networkx.
package graphfiletest

import (
	"encoding/xml"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

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

// CheckGEXF checks a GEXF document against the structure of the GEXF 1.3
// schema this package uses: the namespace and version, declared attribute
// ids for every attvalue (of the right class and type), unique node ids,
// and edges between declared nodes with numeric weights.
func CheckGEXF(t testing.TB, b []byte, nodes, edges int) {
	t.Helper()
	var doc xmlElem
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Local != "gexf" || doc.XMLName.Space != "http://gexf.net/1.3" || doc.attr("version") != "1.3" {
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

// CheckGraphML checks a GraphML document's structure: the namespace, keys
// declared for the domain they are used in, unique node ids and edges
// between declared nodes.
func CheckGraphML(t testing.TB, b []byte, nodes, edges int) {
	t.Helper()
	var doc xmlElem
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Local != "graphml" || doc.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" {
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

// networkxPython returns a python3 that imports networkx: the one on PATH,
// else Debian's /usr/bin/python3 (where python3-networkx installs, which a
// PATH python such as pyenv's does not see), or "" when neither does.
func networkxPython() string {
	var candidates []string
	if py, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, py)
	}
	candidates = append(candidates, "/usr/bin/python3")
	for _, py := range candidates {
		if exec.Command(py, "-c", "import networkx").Run() == nil {
			return py
		}
	}
	return ""
}

// NetworkX reads a GEXF or GraphML file with networkx and returns
// its node and edge counts, total edge weight and one node's attributes, or skips when
// python3 or networkx is absent.
func NetworkX(t testing.TB, path, format, node string) (nodes, edges int, weight float64, attrs string) {
	t.Helper()
	py := networkxPython()
	if py == "" {
		t.Skip("no python3 with networkx (apt-get install python3-networkx)")
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
