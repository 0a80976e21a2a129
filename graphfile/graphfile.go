// Package graphfile writes a coordination network in the formats
// researchers open it with: GEXF 1.3 (Gephi), GraphML (igraph, networkx,
// Gephi) and a pair of CSV tables (Gephi's spreadsheet import, R, pandas).
//
// A Graph is undirected: accounts as nodes with their network or group,
// verdict, role, scores and handle; edges with a total weight and one
// weight per layer (co-retweet, co-link, follow...). Writers are
// deterministic: the same graph gives the same bytes.
package graphfile

import (
	"cmp"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Node is an account of the network.
type Node struct {
	ID      string // the platform's account id
	Handle  string // screen name without '@', "" when unknown
	Group   string // the detected network's id, or the coordinated group's number
	Verdict string // "coordinated" or "inauthentic"
	Role    string // "core" or "associated", "" when not a network member
	// Score is the confidence that the account belongs to its network.
	Score float64
	// BotScore is the account model's score, when one ran.
	BotScore *float64
}

// Label is what a drawing shows for the node: @handle, or the id.
func (n Node) Label() string {
	if n.Handle != "" {
		return "@" + n.Handle
	}
	return n.ID
}

// Edge ties two accounts. Layers holds one weight per Graph.Layers entry.
type Edge struct {
	Source, Target string
	Weight         float64
	Layers         []float64
}

// Graph is an undirected coordination network.
type Graph struct {
	// Layers name the per-layer edge weights, in Edge.Layers order.
	Layers []string
	Nodes  []Node
	Edges  []Edge
}

// Sort orders nodes by group then id and edges by source then target, so
// that files do not depend on the order the graph was built in.
func (g *Graph) Sort() {
	slices.SortFunc(g.Nodes, func(a, b Node) int {
		if c := cmp.Compare(a.Group, b.Group); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	slices.SortFunc(g.Edges, func(a, b Edge) int {
		if c := cmp.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return cmp.Compare(a.Target, b.Target)
	})
}

// Validate checks that every edge joins two distinct known nodes, that node
// ids are unique and that each edge has one weight per layer.
func (g *Graph) Validate() error {
	ids := make(map[string]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		if n.ID == "" {
			return fmt.Errorf("a node has an empty id")
		}
		if ids[n.ID] {
			return fmt.Errorf("node %q is listed twice", n.ID)
		}
		ids[n.ID] = true
	}
	for _, e := range g.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			return fmt.Errorf("edge %s-%s joins an unknown node", e.Source, e.Target)
		}
		if e.Source == e.Target {
			return fmt.Errorf("edge %s-%s is a loop", e.Source, e.Target)
		}
		if len(e.Layers) != len(g.Layers) {
			return fmt.Errorf("edge %s-%s has %d layer weights for %d layers", e.Source, e.Target, len(e.Layers), len(g.Layers))
		}
	}
	return nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// nodeAttrs are the node attributes every format writes, in order, with
// their value for a node ("" and false: absent).
var nodeAttrs = []struct {
	name, typ string
	value     func(Node) (string, bool)
}{
	{"group", "string", func(n Node) (string, bool) { return n.Group, n.Group != "" }},
	{"verdict", "string", func(n Node) (string, bool) { return n.Verdict, n.Verdict != "" }},
	{"role", "string", func(n Node) (string, bool) { return n.Role, n.Role != "" }},
	{"handle", "string", func(n Node) (string, bool) { return n.Handle, n.Handle != "" }},
	{"score", "double", func(n Node) (string, bool) { return num(n.Score), true }},
	{"bot_score", "double", func(n Node) (string, bool) {
		if n.BotScore == nil {
			return "", false
		}
		return num(*n.BotScore), true
	}},
}

// GEXF 1.3 elements.
type (
	gexfDoc struct {
		XMLName xml.Name  `xml:"gexf"`
		NS      string    `xml:"xmlns,attr"`
		Version string    `xml:"version,attr"`
		Meta    gexfMeta  `xml:"meta"`
		Graph   gexfGraph `xml:"graph"`
	}
	gexfMeta struct {
		Creator     string `xml:"creator"`
		Description string `xml:"description"`
	}
	gexfGraph struct {
		EdgeType string      `xml:"defaultedgetype,attr"`
		Mode     string      `xml:"mode,attr"`
		Attrs    []gexfAttrs `xml:"attributes"`
		Nodes    []gexfNode  `xml:"nodes>node"`
		Edges    []gexfEdge  `xml:"edges>edge"`
	}
	gexfAttrs struct {
		Class string     `xml:"class,attr"`
		Attr  []gexfAttr `xml:"attribute"`
	}
	gexfAttr struct {
		ID    string `xml:"id,attr"`
		Title string `xml:"title,attr"`
		Type  string `xml:"type,attr"`
	}
	gexfNode struct {
		ID     string      `xml:"id,attr"`
		Label  string      `xml:"label,attr"`
		Values []gexfValue `xml:"attvalues>attvalue"`
	}
	gexfEdge struct {
		ID     string      `xml:"id,attr"`
		Source string      `xml:"source,attr"`
		Target string      `xml:"target,attr"`
		Weight string      `xml:"weight,attr"`
		Values []gexfValue `xml:"attvalues>attvalue"`
	}
	gexfValue struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	}
)

// GEXFNamespace is the GEXF 1.3 namespace.
const GEXFNamespace = "http://gexf.net/1.3"

// WriteGEXF writes g as GEXF 1.3. Node attributes are group, verdict,
// role, handle, score and bot_score; each layer is a double edge attribute
// named after it, and the edge's weight is its total weight.
func WriteGEXF(w io.Writer, g *Graph, description string) error {
	if err := g.Validate(); err != nil {
		return err
	}
	doc := gexfDoc{NS: GEXFNamespace, Version: "1.3",
		Meta:  gexfMeta{Creator: "botsweep", Description: description},
		Graph: gexfGraph{EdgeType: "undirected", Mode: "static"}}
	na := gexfAttrs{Class: "node"}
	for _, a := range nodeAttrs {
		na.Attr = append(na.Attr, gexfAttr{ID: a.name, Title: a.name, Type: a.typ})
	}
	ea := gexfAttrs{Class: "edge"}
	for _, l := range g.Layers {
		ea.Attr = append(ea.Attr, gexfAttr{ID: l, Title: l, Type: "double"})
	}
	doc.Graph.Attrs = []gexfAttrs{na, ea}
	for _, n := range g.Nodes {
		gn := gexfNode{ID: n.ID, Label: n.Label()}
		for _, a := range nodeAttrs {
			if v, ok := a.value(n); ok {
				gn.Values = append(gn.Values, gexfValue{For: a.name, Value: v})
			}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	for i, e := range g.Edges {
		ge := gexfEdge{ID: strconv.Itoa(i), Source: e.Source, Target: e.Target, Weight: num(e.Weight)}
		for j, l := range g.Layers {
			ge.Values = append(ge.Values, gexfValue{For: l, Value: num(e.Layers[j])})
		}
		doc.Graph.Edges = append(doc.Graph.Edges, ge)
	}
	return writeXML(w, doc)
}

// GraphML elements.
type (
	graphmlDoc struct {
		XMLName xml.Name     `xml:"graphml"`
		NS      string       `xml:"xmlns,attr"`
		Keys    []graphmlKey `xml:"key"`
		Graph   graphmlGraph `xml:"graph"`
	}
	graphmlKey struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	graphmlGraph struct {
		ID          string        `xml:"id,attr"`
		EdgeDefault string        `xml:"edgedefault,attr"`
		Nodes       []graphmlNode `xml:"node"`
		Edges       []graphmlEdge `xml:"edge"`
	}
	graphmlNode struct {
		ID   string        `xml:"id,attr"`
		Data []graphmlData `xml:"data"`
	}
	graphmlEdge struct {
		Source string        `xml:"source,attr"`
		Target string        `xml:"target,attr"`
		Data   []graphmlData `xml:"data"`
	}
	graphmlData struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
)

// GraphMLNamespace is the GraphML namespace.
const GraphMLNamespace = "http://graphml.graphdrawing.org/xmlns"

// WriteGraphML writes g as GraphML: node keys label, group, verdict, role,
// handle, score and bot_score; edge keys weight and one double per layer.
func WriteGraphML(w io.Writer, g *Graph) error {
	if err := g.Validate(); err != nil {
		return err
	}
	doc := graphmlDoc{NS: GraphMLNamespace, Graph: graphmlGraph{ID: "coordination", EdgeDefault: "undirected"}}
	doc.Keys = append(doc.Keys, graphmlKey{ID: "label", For: "node", Name: "label", Type: "string"})
	for _, a := range nodeAttrs {
		doc.Keys = append(doc.Keys, graphmlKey{ID: a.name, For: "node", Name: a.name, Type: a.typ})
	}
	doc.Keys = append(doc.Keys, graphmlKey{ID: "weight", For: "edge", Name: "weight", Type: "double"})
	for i, l := range g.Layers {
		doc.Keys = append(doc.Keys, graphmlKey{ID: "layer" + strconv.Itoa(i), For: "edge", Name: l, Type: "double"})
	}
	for _, n := range g.Nodes {
		gn := graphmlNode{ID: n.ID, Data: []graphmlData{{Key: "label", Value: n.Label()}}}
		for _, a := range nodeAttrs {
			if v, ok := a.value(n); ok {
				gn.Data = append(gn.Data, graphmlData{Key: a.name, Value: v})
			}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	for _, e := range g.Edges {
		ge := graphmlEdge{Source: e.Source, Target: e.Target, Data: []graphmlData{{Key: "weight", Value: num(e.Weight)}}}
		for i := range g.Layers {
			ge.Data = append(ge.Data, graphmlData{Key: "layer" + strconv.Itoa(i), Value: num(e.Layers[i])})
		}
		doc.Graph.Edges = append(doc.Graph.Edges, ge)
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// NodesHeader and EdgesHeader start the CSV tables (Gephi's spreadsheet
// import names: Id, Label, Source, Target, Type, Weight); EdgesHeader is
// followed by one column per layer.
var (
	NodesHeader = []string{"Id", "Label", "group", "verdict", "role", "handle", "score", "bot_score"}
	EdgesHeader = []string{"Source", "Target", "Type", "Weight"}
)

// WriteCSV writes g's nodes and edges as two CSV tables. Absent values are
// empty cells.
func WriteCSV(nodes, edges io.Writer, g *Graph) error {
	if err := g.Validate(); err != nil {
		return err
	}
	nw := csv.NewWriter(nodes)
	nw.Write(NodesHeader)
	for _, n := range g.Nodes {
		rec := []string{n.ID, n.Label()}
		for _, a := range nodeAttrs {
			v, _ := a.value(n)
			rec = append(rec, v)
		}
		nw.Write(rec)
	}
	nw.Flush()
	if err := nw.Error(); err != nil {
		return err
	}
	ew := csv.NewWriter(edges)
	ew.Write(append(slices.Clone(EdgesHeader), g.Layers...))
	for _, e := range g.Edges {
		rec := []string{e.Source, e.Target, "Undirected", num(e.Weight)}
		for _, v := range e.Layers {
			rec = append(rec, num(v))
		}
		ew.Write(rec)
	}
	ew.Flush()
	return ew.Error()
}
