package eval

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

var update = flag.Bool("update", false, "rewrite golden files")

func load(t *testing.T, run string) *Report {
	t.Helper()
	truth, err := sim.ReadTruth(filepath.Join("testdata", "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	det, err := ReadDetected(filepath.Join("testdata", run))
	if err != nil {
		t.Fatal(err)
	}
	return Evaluate(truth, det)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-3 }

func label(r *Report, l string) LabelScore {
	for _, x := range r.Labels {
		if x.Label == l {
			return x
		}
	}
	return LabelScore{}
}

func group(r *Report, l string) GroupRate {
	for _, x := range r.Organic {
		if x.Label == l {
			return x
		}
	}
	return GroupRate{}
}

func TestEvaluateHandMade(t *testing.T) {
	r := load(t, "run1")
	tests := []struct {
		name      string
		got, want float64
	}{
		{"overall precision", r.Precision, 6.0 / 9},
		{"overall recall", r.Recall, 6.0 / 7},
		{"networks", float64(r.Networks), 4},
		{"unknown", float64(r.Unknown), 1},
		{"purity", r.Purity, 6.0 / 9},
		{"network recall", label(r, sim.LabelNetwork).Recall, 0.75},
		{"network precision", label(r, sim.LabelNetwork).Precision, 4.0 / 6},
		{"network F1", label(r, sim.LabelNetwork).F1, 2 * (4.0 / 6) * 0.75 / (4.0/6 + 0.75)},
		{"network split", float64(label(r, sim.LabelNetwork).Networks), 2},
		{"network largest share", label(r, sim.LabelNetwork).Largest, 0.5},
		{"network largest purity", label(r, sim.LabelNetwork).LargestPurity, 0.5},
		{"associated recall", label(r, sim.LabelAssociated).Recall, 1},
		{"associated precision is the operation's", label(r, sim.LabelAssociated).Precision, 4.0 / 6},
		{"associated role", float64(label(r, sim.LabelAssociated).AsAssociated), 1},
		{"farm precision", label(r, sim.LabelFarm).Precision, 2.0 / 3},
		{"farm recall", label(r, sim.LabelFarm).Recall, 1},
		{"fandom FP rate", group(r, sim.LabelFandom).Rate, 0.5},
		{"viral FP rate", group(r, sim.LabelViral).Rate, 0},
		{"campaign FP rate", group(r, sim.LabelCampaign).Rate, 0},
		{"organic FP rate", group(r, sim.LabelOrganic).Rate, 0.5},
		{"hard negatives listed", float64(len(r.HardNegatives)), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !near(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if label(r, sim.LabelLinkSpam).Label != "" {
		t.Error("a label absent from the truth is scored")
	}
	if !strings.Contains(r.Summary, "precision 0.667") || !strings.Contains(r.Summary, "fandom 0.500") {
		t.Errorf("summary %q", r.Summary)
	}
}

func TestEvaluateGolden(t *testing.T) {
	r := load(t, "run1")
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"run1.txt": text.Bytes(), "run1.json": append(js, '\n')} {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from golden:\n%s", name, got)
		}
	}
}

func TestEvaluateExtremes(t *testing.T) {
	truth, err := sim.ParseTruth(strings.NewReader("account_id,screen_name,label,kind\n1,a,retweet-network,bot\n2,b,retweet-network,bot\n3,c,organic,organic\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name              string
		accounts          string
		precision, recall float64
	}{
		{"perfect", "account_id,screen_name,network_id,role,score\n1,a,N,core,1\n2,b,N,core,1\n", 1, 1},
		{"nothing flagged", "account_id,screen_name,network_id,role,score\n", 0, 0},
		{"only organic", "account_id,screen_name,network_id,role,score\n3,c,N,core,1\n", 0, 0},
		{"columns reordered", "network_id,account_id\nN,1\n", 1, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			det, err := ParseAccounts(strings.NewReader(tt.accounts))
			if err != nil {
				t.Fatal(err)
			}
			r := Evaluate(truth, det)
			if !near(r.Precision, tt.precision) || !near(r.Recall, tt.recall) {
				t.Errorf("precision %v recall %v, want %v %v", r.Precision, r.Recall, tt.precision, tt.recall)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"no account column", "id,network_id\n1,N\n", `lacks "account_id"`},
		{"bad score", "account_id,network_id,score\n1,N,high\n", "line 2: score"},
		{"empty id", "account_id,network_id\n,N\n", "line 2: empty account_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAccounts(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := ParseNetworkIDs([]byte(`{"networks":[{"id":"A"}]}`)); err != nil {
		t.Errorf("object form: %v", err)
	}
	if _, err := ParseNetworkIDs([]byte(`nope`)); err == nil {
		t.Error("garbage networks.json accepted")
	}
	if _, err := ReadDetected(t.TempDir()); err == nil || !strings.Contains(err.Error(), "accounts.csv") {
		t.Errorf("missing accounts.csv: %v", err)
	}
}

func FuzzParseAccounts(f *testing.F) {
	f.Add("account_id,screen_name,network_id,role,score\n1,a,N1,core,0.5\n")
	f.Add("network_id,account_id\n\"N,1\",2\n")
	f.Add("account_id\n\"unterminated\n")
	f.Fuzz(func(t *testing.T, s string) {
		det, err := ParseAccounts(strings.NewReader(s))
		if err != nil {
			return
		}
		truth := &sim.Truth{Rows: []sim.TruthRow{{AccountID: "1", Label: sim.LabelNetwork, Kind: sim.KindBot}}}
		r := Evaluate(truth, det)
		if r.Precision < 0 || r.Precision > 1 || r.Recall < 0 || r.Recall > 1 {
			t.Fatalf("rates out of range: %+v", r)
		}
	})
}

// TestEvaluateOtherWorldLabels: a truth from another simulator, with labels
// botsweep's does not know, is scored by the kinds it gives: bot labels get
// the full per-label statistics, organic groups beyond organic/prominent
// are reported as hard negatives.
func TestEvaluateOtherWorldLabels(t *testing.T) {
	truth := &sim.Truth{}
	add := func(prefix, label, kind string, n int) {
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("%s%d", prefix, i)
			truth.Rows = append(truth.Rows, sim.TruthRow{AccountID: id, ScreenName: id, Label: label, Kind: kind})
		}
	}
	add("a", "op-alpha", sim.KindBot, 4)
	add("b", "op-beta", sim.KindBot, 2)
	add("o", sim.LabelOrganic, sim.KindOrganic, 10)
	add("h", "health-drive", sim.KindOrganic, 5)
	det := &Detected{Networks: []string{"N1", "N2"}}
	flag := func(id, net string) {
		det.Accounts = append(det.Accounts, Flagged{AccountID: id, NetworkID: net, Role: "core"})
	}
	flag("a0", "N1")
	flag("a1", "N1")
	flag("a2", "N1")
	flag("h0", "N1")
	flag("b0", "N2")
	flag("b1", "N2")
	r := Evaluate(truth, det)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"overall precision", r.Precision, 5.0 / 6},
		{"overall recall", r.Recall, 5.0 / 6},
		{"alpha recall", label(r, "op-alpha").Recall, 0.75},
		{"alpha precision", label(r, "op-alpha").Precision, 0.75},
		{"alpha networks", float64(label(r, "op-alpha").Networks), 1},
		{"alpha largest share", label(r, "op-alpha").Largest, 0.75},
		{"alpha largest purity", label(r, "op-alpha").LargestPurity, 0.75},
		{"beta precision", label(r, "op-beta").Precision, 1},
		{"beta recall", label(r, "op-beta").Recall, 1},
		{"drive FP rate", group(r, "health-drive").Rate, 0.2},
		{"organic FP rate", group(r, sim.LabelOrganic).Rate, 0},
		{"hard negatives listed", float64(len(r.HardNegatives)), 1},
		{"N1 bot share", r.Detected[0].BotShare, 0.75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !near(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if len(r.HardNegatives) == 1 && r.HardNegatives[0].Label != "health-drive" {
		t.Errorf("hard negative %q, want health-drive", r.HardNegatives[0].Label)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "health-drive") || !strings.Contains(b.String(), "(hard negative)") || !strings.Contains(b.String(), "op-alpha") {
		t.Errorf("text report misses another world's labels:\n%s", b.String())
	}
}
