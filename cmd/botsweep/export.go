package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/graphfile"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newExportCmd) }

func newExportCmd(e *env) *cobra.Command {
	var (
		storeDir, format, out string
		opts                  graphfile.BuildOptions
	)
	c := &cobra.Command{
		Use:   "export --store DIR --format graphml|gexf|csv --out FILE",
		Short: "Write the coordination network as GraphML, GEXF or CSV",
		Long: `export writes the networks of the latest detection run as one graph: a node
per member account (attributes group = network id, verdict, role, handle,
score, bot_score) and an edge between members that co-retweeted,
co-linked or co-shared domains within the windows, or follow each other,
with the total weight and one weight per layer.

  --format gexf      GEXF 1.3, for Gephi
  --format graphml   GraphML, for igraph, networkx and Gephi
  --format csv       FILE gets the edges (Source,Target,Type,Weight,layers...),
                     FILE with .nodes.csv for .csv the nodes

docs/COORDINATE.md describes every attribute.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if storeDir == "" || out == "" {
				return &usageError{errors.New("export needs --store DIR and --out FILE")}
			}
			switch format {
			case "gexf", "graphml", "csv":
			default:
				return &usageError{fmt.Errorf("--format %q: want graphml, gexf or csv", format)}
			}
			ctx := ctxOf(c)
			st, err := openStore(e, storeDir, true)
			if err != nil {
				return err
			}
			defer st.Close()
			nets, err := detectedNetworks(ctx, st, "the store has no detected networks: run 'botsweep detect' first")
			if err != nil {
				return err
			}
			g, err := graphfile.FromNetworks(ctx, st, nets, opts)
			if err != nil {
				return err
			}
			var b bytes.Buffer
			files := []string{out}
			switch format {
			case "gexf":
				err = graphfile.WriteGEXF(&b, g, fmt.Sprintf("botsweep coordination network: %d networks", len(nets)))
			case "graphml":
				err = graphfile.WriteGraphML(&b, g)
			case "csv":
				var nb bytes.Buffer
				if err = graphfile.WriteCSV(&nb, &b, g); err == nil {
					nodes := nodesPath(out)
					files = append(files, nodes)
					err = detectWriteFile(nodes, nb.Bytes())
				}
			}
			if err != nil {
				return botsweep.Errorf(botsweep.EINTERNAL, "encode %s: %w", format, err)
			}
			if err := detectWriteFile(out, b.Bytes()); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%d networks: %d nodes, %d edges; wrote %s\n", len(nets), len(g.Nodes), len(g.Edges), strings.Join(files, " and "))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&storeDir, "store", "", "store directory (required)")
	f.StringVar(&format, "format", "gexf", "graphml, gexf or csv")
	f.StringVar(&out, "out", "", "output file (required)")
	f.DurationVar(&opts.Window, "window", 60*time.Second, "co-retweet window")
	f.DurationVar(&opts.LinkWindow, "link-window", 10*time.Minute, "co-link and co-domain window")
	f.IntVar(&opts.MinItems, "min-items", 2, "fewest co-shared items for a layer to tie two accounts")
	return c
}

// nodesPath is where --format csv writes the nodes beside the edges FILE.
func nodesPath(edges string) string {
	return strings.TrimSuffix(edges, ".csv") + ".nodes.csv"
}
