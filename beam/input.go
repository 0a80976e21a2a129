package beam

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
)

func init() {
	register.DoFn3x0[context.Context, string, func(Share)](&parseFn{})
	register.Emitter1[Share]()
	register.Function1x1(FormatEdge)
}

// parseFn turns one input line into shares: a share-table CSV row
// (object_id,account_id,content_id,timestamp_share) or a v1.1 tweet JSON
// line, whose retweets are shares of the retweeted post. Headers are
// skipped; malformed lines are counted in the "rejected" metric.
type parseFn struct{}

var rejected = beam.NewCounter("botsweep", "rejected")

// shareSink collects the retweets ingest decodes from one line.
type shareSink struct {
	botsweep.Dataset
	out []Share
}

func (s *shareSink) Post(p *botsweep.Post) error {
	if p.Kind == botsweep.KindRetweet && p.RetweetOf != "" {
		s.out = append(s.out, Share{Item: p.RetweetOf, Account: p.AccountID, Time: p.CreatedAt.Unix()})
	}
	return nil
}

// ProcessElement parses one line.
func (f *parseFn) ProcessElement(ctx context.Context, line string, emit func(Share)) {
	line = strings.TrimSpace(line)
	switch {
	case line == "" || strings.HasPrefix(line, `"object_id"`) || strings.HasPrefix(line, "object_id"):
		return
	case strings.HasPrefix(line, "{"):
		var sink shareSink
		_, err := ingest.Decode(ctx, bytes.NewReader([]byte(line)), ingest.Options{Format: ingest.FormatTwitterV1, Workers: 1,
			OnReject: func(ingest.Reject) error { rejected.Inc(ctx, 1); return nil }}, &sink)
		if err != nil {
			rejected.Inc(ctx, 1)
			return
		}
		for _, s := range sink.out {
			emit(s)
		}
	default:
		cols := strings.Split(line, ",")
		if len(cols) != 4 {
			rejected.Inc(ctx, 1)
			return
		}
		for i := range cols {
			cols[i] = strings.Trim(cols[i], `"`)
		}
		ts, err := strconv.ParseInt(cols[3], 10, 64)
		if err != nil || cols[0] == "" || cols[1] == "" {
			rejected.Inc(ctx, 1)
			return
		}
		emit(Share{Item: cols[0], Account: cols[1], Time: ts})
	}
}

// FormatEdge renders an edge as a CSV row a,b,items.
func FormatEdge(e Edge) string { return e.String() }

// Pipeline builds the whole job: read share-table CSVs or v1.1 tweet JSON
// lines matching input (local paths, gs://, hdfs:// as the runner
// supports), compute the co-share edges and write them as CSV rows
// a,b,items to output (sharded by the runner).
func Pipeline(input, output string, opts Options) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	lines := textio.Read(s, input)
	shares := beam.ParDo(s, &parseFn{}, lines)
	edges := CoShare(s, shares, opts)
	textio.Write(s, output, beam.ParDo(s, FormatEdge, edges))
	return p
}
