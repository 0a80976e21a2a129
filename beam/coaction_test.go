package beam_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/botsweep/botsweep"
	bsbeam "github.com/botsweep/botsweep/beam"
	"github.com/botsweep/botsweep/detect"
	"github.com/botsweep/botsweep/sim"
)

func TestMain(m *testing.M) {
	beam.Init()
	os.Exit(m.Run())
}

// world returns a small simulated world's retweets as shares, and the
// single-machine engine's co-share edges for them as "a,b,items" rows.
func world(t *testing.T, seed int64, window time.Duration, minItems int) ([]bsbeam.Share, []string) {
	t.Helper()
	cfg, err := sim.Default("globus")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed, cfg.Scale = seed, 0.02
	var d botsweep.Dataset
	if _, err := sim.Generate(context.Background(), cfg, &d); err != nil {
		t.Fatal(err)
	}
	var shares []bsbeam.Share
	items, accts := map[string]int32{}, map[string]int32{}
	var acctName []string
	var dense []detect.Share
	for _, p := range d.Posts {
		if p.Kind != botsweep.KindRetweet {
			continue
		}
		shares = append(shares, bsbeam.Share{Item: p.RetweetOf, Account: p.AccountID, Time: p.CreatedAt.Unix()})
		if _, ok := items[p.RetweetOf]; !ok {
			items[p.RetweetOf] = int32(len(items))
		}
		if _, ok := accts[p.AccountID]; !ok {
			accts[p.AccountID] = int32(len(acctName))
			acctName = append(acctName, p.AccountID)
		}
		dense = append(dense, detect.Share{Item: items[p.RetweetOf], Account: accts[p.AccountID], Time: p.CreatedAt.Unix()})
	}
	var want []string
	for _, e := range detect.CoShareEdges(dense, window, minItems) {
		a, b := acctName[e.A], acctName[e.B]
		if a > b {
			a, b = b, a
		}
		want = append(want, fmt.Sprintf("%s,%s,%d", a, b, e.Items))
	}
	sort.Strings(want)
	return shares, want
}

func TestCoShareMatchesSingleMachineEngine(t *testing.T) {
	tests := []struct {
		name     string
		seed     int64
		window   time.Duration
		minItems int
	}{
		{"seed 1, 60 s, any weight", 1, 60 * time.Second, 1},
		{"seed 7, 5 min, at least 2 items", 7, 5 * time.Minute, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shares, want := world(t, tt.seed, tt.window, tt.minItems)
			if len(want) == 0 {
				t.Fatal("the world has no co-share edges: the comparison would prove nothing")
			}
			p, s := beam.NewPipelineWithRoot()
			col := beam.CreateList(s, shares)
			edges := bsbeam.CoShare(s, col, bsbeam.Options{Window: int64(tt.window / time.Second), MinItems: tt.minItems})
			rows := beam.ParDo(s, bsbeam.FormatEdge, edges)
			wantAny := make([]any, len(want))
			for i, w := range want {
				wantAny[i] = w
			}
			passert.Equals(s, rows, wantAny...)
			if _, err := prism.Execute(context.Background(), p); err != nil {
				t.Fatalf("pipeline: %v", err)
			}
			t.Logf("%d shares, %d edges identical to detect.CoShareEdges", len(shares), len(want))
		})
	}
}

func TestPipelineReadsFilesAndWritesEdges(t *testing.T) {
	shares, want := world(t, 3, time.Minute, 1)
	dir := t.TempDir()
	in := filepath.Join(dir, "shares.csv")
	var b strings.Builder
	b.WriteString("object_id,account_id,content_id,timestamp_share\n")
	for i, s := range shares {
		fmt.Fprintf(&b, "%q,%q,\"c%d\",%d\n", s.Item, s.Account, i, s.Time)
	}
	b.WriteString("a malformed row\n")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "edges")
	p := bsbeam.Pipeline(in, out, bsbeam.Options{Window: 60})
	if _, err := prism.Execute(context.Background(), p); err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	files, _ := filepath.Glob(out + "*")
	var got []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			got = append(got, sc.Text())
		}
		fh.Close()
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("pipeline wrote %d edges, engine has %d; first got %v want %v", len(got), len(want), head(got), head(want))
	}
}

func head(s []string) []string {
	if len(s) > 3 {
		return s[:3]
	}
	return s
}

func TestItemPairs(t *testing.T) {
	shares := []bsbeam.Share{
		{Item: "p", Account: "c", Time: 100},
		{Item: "p", Account: "a", Time: 0},
		{Item: "p", Account: "b", Time: 60},
		{Item: "p", Account: "a", Time: 61}, // a twice: pairs counted once per item
		{Item: "p", Account: "d", Time: 500},
	}
	got := bsbeam.ItemPairs(shares, 60, 0)
	sort.Strings(got)
	want := []string{"a\x00b", "a\x00c", "b\x00c"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("ItemPairs = %q, want %q", got, want)
	}
	if capped := bsbeam.ItemPairs(shares, 60, 1); len(capped) >= len(got) {
		t.Fatalf("a partner cap of 1 kept %d pairs of %d", len(capped), len(got))
	}
}
