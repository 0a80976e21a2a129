// Command botsweep-beam runs botsweep's co-action step as an Apache Beam
// pipeline on any Beam runner:
//
//	botsweep-beam --input 'shares/*.csv' --output edges.csv --window 60 --runner prism
//	botsweep-beam --input gs://bucket/tweets-*.jsonl --output gs://bucket/edges \
//	    --runner dataflow --project P --region R --staging_location gs://bucket/staging
//
// Input lines are share-table CSV rows (object_id,account_id,content_id,
// timestamp_share) or v1.1 tweet JSON lines; output rows are a,b,items.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs" // gs:// paths for Dataflow
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	bsbeam "github.com/botsweep/botsweep/beam"
)

var (
	input       = flag.String("input", "", "input files (glob): share-table CSV or v1.1 tweet JSON lines")
	output      = flag.String("output", "", "output file prefix for the edges (a,b,items)")
	window      = flag.Int64("window", 60, "co-share window in seconds")
	minItems    = flag.Int("min-items", 1, "fewest shared items an edge needs")
	maxPartners = flag.Int("max-partners", 0, "cap on each share's partners inside the window (0: exact)")
)

func main() {
	flag.Parse()
	beam.Init()
	if *input == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "botsweep-beam: --input and --output are required")
		os.Exit(2)
	}
	p := bsbeam.Pipeline(*input, *output, bsbeam.Options{Window: *window, MinItems: *minItems, MaxPartners: *maxPartners})
	if err := beamx.Run(context.Background(), p); err != nil {
		fmt.Fprintf(os.Stderr, "botsweep-beam: %v\n", err)
		os.Exit(1)
	}
}
