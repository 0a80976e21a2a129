// Package beam computes botsweep's co-action step as an Apache Beam
// pipeline, so it runs on Flink, Spark or Dataflow when the shares outgrow
// one machine. It is its own Go module: the main botsweep binary does not
// carry the Beam SDK.
//
// The pipeline computes the co-share network under the same definition as
// the single-machine engine (detect.CoShareEdges, the coordination-network-
// toolkit and CooRTweet definition): accounts a != b are linked when both
// shared the same item at most Window apart; an edge's Items is the number
// of distinct such items; edges with fewer than MinItems items are dropped.
//
//	shares ─► key by item ─► GroupByKey ─► pairs inside the window, once per item
//	       ─► SumPerKey(pair) ─► filter Items ≥ MinItems ─► edges
//
// Each item's pairs are enumerated on one worker, sorted by time with a
// sliding window, so a worker holds one item's shares at a time. With
// MaxPartners 0 (the default) the result equals detect.CoShareEdges
// exactly. For items shared by huge cliques, MaxPartners caps each share's
// partners at the nearest later shares of other accounts. That is not
// detect's sample (the nearest half, the rest spread over the window), so
// once the cap applies the two engines keep different pairs; both keep
// only exact pairs and undercount items (docs/COORDINATE.md, "Beam and
// detect").
package beam

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
)

// Share is one share of an item (a retweet of a post, a link to a URL) by
// an account at a time in unix seconds.
type Share struct {
	Item    string
	Account string
	Time    int64
}

// Edge is a co-share edge between accounts A < B.
type Edge struct {
	A, B  string
	Items int
}

// String renders the edge as a CSV row a,b,items.
func (e Edge) String() string { return fmt.Sprintf("%s,%s,%d", e.A, e.B, e.Items) }

// Options configure CoShare.
type Options struct {
	// Window is the co-share window in seconds. Default 60.
	Window int64
	// MinItems is the fewest shared items an edge needs. Default 1.
	MinItems int
	// MaxPartners caps how many later shares of other accounts inside the
	// window each share is paired with, nearest in time first; 0 pairs
	// every share inside the window (exact, equal to detect.CoShareEdges).
	// Default 0.
	MaxPartners int
}

func init() {
	beam.RegisterType(reflect.TypeOf((*Share)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Edge)(nil)).Elem())
	register.Function1x2(keyByItem)
	register.Emitter2[string, Share]()
	register.DoFn3x0[string, func(*Share) bool, func(string, int)](&pairsFn{})
	register.Emitter2[string, int]()
	register.Iter1[Share]()
	register.DoFn3x0[string, int, func(Edge)](&edgeFn{})
	register.Emitter1[Edge]()
}

func keyByItem(s Share) (string, Share) { return s.Item, s }

// pairsFn emits each pair of accounts that shared one item within the
// window, once per item, as "a\x00b" with a count of 1.
type pairsFn struct {
	Window      int64
	MaxPartners int
}

// ProcessElement pairs one item's shares.
func (f *pairsFn) ProcessElement(_ string, iter func(*Share) bool, emit func(string, int)) {
	var shares []Share
	var s Share
	for iter(&s) {
		shares = append(shares, s)
	}
	for _, key := range ItemPairs(shares, f.Window, f.MaxPartners) {
		emit(key, 1)
	}
}

// ItemPairs returns the distinct account pairs ("a\x00b", a < b) among one
// item's shares that are at most window seconds apart. It is the per-item
// step of the pipeline, exported so workers and tests share one definition.
func ItemPairs(shares []Share, window int64, maxPartners int) []string {
	sort.Slice(shares, func(i, j int) bool {
		if shares[i].Time != shares[j].Time {
			return shares[i].Time < shares[j].Time
		}
		return shares[i].Account < shares[j].Account
	})
	seen := make(map[string]struct{})
	var out []string
	for i := range shares {
		partners := 0
		for j := i + 1; j < len(shares) && shares[j].Time-shares[i].Time <= window; j++ {
			a, b := shares[i].Account, shares[j].Account
			if a == b {
				continue
			}
			if maxPartners > 0 && partners >= maxPartners {
				break
			}
			partners++
			if a > b {
				a, b = b, a
			}
			key := a + "\x00" + b
			if _, dup := seen[key]; !dup {
				seen[key] = struct{}{}
				out = append(out, key)
			}
		}
	}
	return out
}

// edgeFn turns a pair's item count into an Edge, dropping light ones.
type edgeFn struct {
	MinItems int
}

// ProcessElement emits the edge when it has enough items.
func (f *edgeFn) ProcessElement(key string, items int, emit func(Edge)) {
	if items < f.MinItems {
		return
	}
	a, b, _ := strings.Cut(key, "\x00")
	emit(Edge{A: a, B: b, Items: items})
}

// CoShare adds the co-share step to a pipeline: shares is a PCollection of
// Share, the result a PCollection of Edge.
func CoShare(s beam.Scope, shares beam.PCollection, opts Options) beam.PCollection {
	if opts.Window <= 0 {
		opts.Window = 60
	}
	if opts.MinItems <= 0 {
		opts.MinItems = 1
	}
	s = s.Scope("CoShare")
	byItem := beam.ParDo(s, keyByItem, shares)
	grouped := beam.GroupByKey(s, byItem)
	pairs := beam.ParDo(s, &pairsFn{Window: opts.Window, MaxPartners: opts.MaxPartners}, grouped)
	counts := stats.SumPerKey(s, pairs)
	return beam.ParDo(s, &edgeFn{MinItems: opts.MinItems}, counts)
}
