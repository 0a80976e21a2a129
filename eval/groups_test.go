package eval

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

func loadRun2(t *testing.T) (*sim.Truth, *Detected) {
	t.Helper()
	truth, err := sim.ReadTruth(filepath.Join("testdata", "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	det, err := ReadDetected(filepath.Join("testdata", "run2"))
	if err != nil {
		t.Fatal(err)
	}
	return truth, det
}

func groupScore(r *Report, l string) GroupScore {
	for _, g := range r.Groups {
		if g.Label == l {
			return g
		}
	}
	return GroupScore{}
}

// TestGroupsWithCoordinated: run2 enforces the retweet network's core
// (3 of 4, the fourth only in a coordinated group with the fans) and its
// associated account, reports the fandom as coordinated only, and a
// viral-news and campaign pair in coordinated.csv alone.
func TestGroupsWithCoordinated(t *testing.T) {
	truth, det := loadRun2(t)
	if len(det.Coordinated) != 5 || len(det.Groups) != 2 || det.Groups[1].Verdict != "coordinated" || len(det.Groups[0].Members) != 4 {
		t.Fatalf("read %d coordinated rows, %d networks", len(det.Coordinated), len(det.Groups))
	}
	r := Evaluate(truth, det)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"precision over accounts.csv", r.Precision, 1},
		{"network flagged", groupScore(r, sim.LabelNetwork).FlaggedRate, 0.75},
		{"network coordinated only", groupScore(r, sim.LabelNetwork).CoordinatedRate, 0.25},
		{"network reported", groupScore(r, sim.LabelNetwork).ReportedRate, 1},
		{"network groups", float64(groupScore(r, sim.LabelNetwork).Groups), 2},
		{"network in one group", groupScore(r, sim.LabelNetwork).Largest, 0.75},
		{"fandom flagged", groupScore(r, sim.LabelFandom).FlaggedRate, 0},
		{"fandom coordinated", groupScore(r, sim.LabelFandom).CoordinatedRate, 1},
		{"fandom in one group", groupScore(r, sim.LabelFandom).Largest, 1},
		{"fandom group size", float64(groupScore(r, sim.LabelFandom).LargestGroupSize), 3},
		{"viral coordinated", groupScore(r, sim.LabelViral).CoordinatedRate, 1},
		{"organic untouched", groupScore(r, sim.LabelOrganic).ReportedRate, 0},
		{"coordinated groups", float64(r.CoordinatedGroups), 2},
		{"fandom FP rate (enforcement only)", group(r, sim.LabelFandom).Rate, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !near(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	verdicts := map[string]string{sim.LabelNetwork: LabelEnforced, sim.LabelFandom: LabelReported, sim.LabelOrganic: LabelMissed}
	for l, want := range verdicts {
		if got := groupScore(r, l).Verdict; got != want {
			t.Errorf("%s verdict %q, want %q", l, got, want)
		}
	}
}

func TestCompositions(t *testing.T) {
	truth, det := loadRun2(t)
	cs := Compositions(truth, det)
	byID := map[string]Composition{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	if len(cs) != 3 {
		t.Fatalf("%d groups, want N1, G1, G2", len(cs))
	}
	n1, g1, g2 := byID["N1"], byID["G1"], byID["G2"]
	if n1.Size != 4 || n1.Bots != 4 || n1.Labels[sim.LabelNetwork] != 3 || n1.Verdict != "inauthentic" || n1.Features["creation_bursts"] != 0.8 ||
		n1.Operation != sim.LabelNetwork || n1.OperationPurity != 1 || !near(n1.Purity, 0.75) {
		t.Errorf("N1 %+v", n1)
	}
	if g1.Size != 3 || g1.Humans != 2 || g1.Bots != 1 || g1.Label != sim.LabelFandom || !near(g1.Purity, 2.0/3) || !near(g1.BotShare, 1.0/3) {
		t.Errorf("G1 %+v", g1)
	}
	if g2.Verdict != "coordinated" || g2.Size != 2 || g2.Humans != 2 {
		t.Errorf("G2 (coordinated.csv only) %+v", g2)
	}
	path := filepath.Join(t.TempDir(), "c.jsonl")
	if err := WriteCompositions(path, "w1", cs); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	lines := 0
	for sc := bufio.NewScanner(f); sc.Scan(); lines++ {
		if !strings.Contains(sc.Text(), `"world":"w1"`) {
			t.Errorf("line %q lacks its world", sc.Text())
		}
	}
	if lines != 3 {
		t.Errorf("%d lines", lines)
	}
}

func TestCompareScales(t *testing.T) {
	truth, det := loadRun2(t)
	a := Evaluate(truth, det)
	// the same world at another scale where the fandom is enforced
	det2 := *det
	det2.Accounts = append(append([]Flagged{}, det.Accounts...), Flagged{AccountID: "8", NetworkID: "N9"}, Flagged{AccountID: "9", NetworkID: "N9"})
	b := Evaluate(truth, &det2)
	st, all := CompareScales(a, b)
	if all {
		t.Fatal("a flipped fandom verdict counted stable")
	}
	for _, s := range st {
		want := s.Label != sim.LabelFandom
		if s.Stable != want {
			t.Errorf("%s stable %v, want %v (%s vs %s)", s.Label, s.Stable, want, s.VerdictA, s.VerdictB)
		}
	}
	if _, all := CompareScales(a, a); !all {
		t.Error("a run compared with itself is unstable")
	}
	var sb strings.Builder
	if err := WriteStability(&sb, st, all); err != nil || !strings.Contains(sb.String(), "stable across the two runs: false") {
		t.Errorf("text %q %v", sb.String(), err)
	}
}

func TestRobustnessTable(t *testing.T) {
	truth, det := loadRun2(t)
	a := Evaluate(truth, det)
	empty, _ := ParseAccounts(strings.NewReader("account_id,network_id\n"))
	b := Evaluate(truth, empty)
	nobot := Evaluate(&sim.Truth{Rows: []sim.TruthRow{{AccountID: "8", Label: sim.LabelFandom, Kind: sim.KindOrganic}}},
		&Detected{Accounts: []Flagged{{AccountID: "8", NetworkID: "X"}}})
	flips := []Stability{
		{Label: sim.LabelFandom, VerdictA: LabelEnforced, VerdictB: LabelReported},
		{Label: sim.LabelNetwork, VerdictA: LabelMissed, VerdictB: LabelReported},
		{Label: sim.LabelNetwork, VerdictA: LabelEnforced, VerdictB: LabelEnforced, Stable: true},
	}
	tab := Robustness([]WorldResult{{Report: a}, {Report: b}, {Report: nobot, Stability: flips}})
	var net, fan LabelRobustness
	for _, l := range tab.Labels {
		switch l.Label {
		case sim.LabelNetwork:
			net = l
		case sim.LabelFandom:
			fan = l
		}
	}
	if net.Flagged.Worlds != 2 || net.Flagged.Min != 0 || net.Flagged.Max != 0.75 || !near(net.Flagged.Median, 0.375) {
		t.Errorf("retweet-network %+v", net.Flagged)
	}
	if fan.Flagged.Worlds != 3 || fan.Flagged.Max != 1 || fan.Flagged.Median != 0 {
		t.Errorf("fandom %+v", fan.Flagged)
	}
	if fan.Flips != 1 || fan.EnforcementFlips != 1 || fan.Compared != 1 {
		t.Errorf("fandom flips %d, enforcement flips %d of %d, want 1, 1 of 1", fan.Flips, fan.EnforcementFlips, fan.Compared)
	}
	if net.Flips != 1 || net.EnforcementFlips != 0 || net.Compared != 2 {
		t.Errorf("retweet-network flips %d, enforcement flips %d of %d, want 1, 0 of 2", net.Flips, net.EnforcementFlips, net.Compared)
	}
	if tab.NoBotWorlds != 1 || tab.NoBotFlagged != 1 {
		t.Errorf("no-bot worlds %d flagged %d", tab.NoBotWorlds, tab.NoBotFlagged)
	}
	if tab.Labels[0].Kind != "bot" {
		t.Errorf("bots not first: %+v", tab.Labels[0])
	}
	var sb strings.Builder
	if err := tab.WriteText(&sb); err != nil || !strings.Contains(sb.String(), "| fandom | organic | 3 |") ||
		!strings.Contains(sb.String(), "| 1 / 1 | 1 |") || !strings.Contains(sb.String(), "enforced at one scale only") {
		t.Errorf("table %q %v", sb.String(), err)
	}
}

func TestParseCoordinatedErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"no group", "account_id,significance\n1,0.1\n", `lacks "group_id"`},
		{"bad significance", "account_id,group_id,significance\n1,G,low\n", "line 2: significance"},
		{"empty id", "account_id,group_id\n,G\n", "line 2: empty account_id"},
		{"ragged quote", "account_id,group_id\n\"1,G\n", "line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCoordinated(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	rows, err := ParseCoordinated(strings.NewReader("group_id,account_id\nG,1\nG,1\nH,1\n"))
	if err != nil || len(rows) != 2 {
		t.Errorf("reordered columns, duplicate row: %v %v", rows, err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "accounts.csv"), []byte("account_id,network_id\n"), 0o644)
	os.WriteFile(filepath.Join(dir, FileCoordinated), []byte("account_id\n1\n"), 0o644)
	if _, err := ReadDetected(dir); err == nil || !strings.Contains(err.Error(), "coordinated.csv") {
		t.Errorf("bad coordinated.csv: %v", err)
	}
}

func FuzzParseCoordinated(f *testing.F) {
	f.Add("account_id,group_id,significance\n1,G1,0.01\n2,G1,1e-9\n")
	f.Add("group_id,account_id\n\"G,1\",2\n")
	f.Add("account_id,group_id,significance\n1,G,NaN\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ParseCoordinated(strings.NewReader(s))
		if err != nil {
			return
		}
		truth := &sim.Truth{Rows: []sim.TruthRow{{AccountID: "1", Label: sim.LabelFandom, Kind: sim.KindOrganic}}}
		r := Evaluate(truth, &Detected{Coordinated: rows})
		for _, g := range r.Groups {
			if g.ReportedRate < 0 || g.ReportedRate > 1 || g.Largest > 1 {
				t.Fatalf("rates out of range: %+v", g)
			}
		}
		if r.Flagged != 0 {
			t.Fatalf("coordinated rows counted as flagged: %d", r.Flagged)
		}
	})
}

func TestFromNetworks(t *testing.T) {
	truth, _ := loadRun2(t)
	nets := []botsweep.Network{
		{ID: "N1", Verdict: botsweep.VerdictInauthentic, Score: 0.9, Members: []botsweep.Member{{AccountID: "1", Role: botsweep.RoleCore}, {AccountID: "5", Role: botsweep.RoleAssociated}}},
		{ID: "G1", Verdict: botsweep.VerdictCoordinated, Members: []botsweep.Member{{AccountID: "8"}, {AccountID: "9"}},
			Evidence: botsweep.Evidence{Features: map[string]float64{"coordination": 0.7}}},
		{ID: "OLD", Members: []botsweep.Member{{AccountID: "6"}}},
	}
	d := FromNetworks(nets)
	if len(d.Accounts) != 3 || d.Accounts[1].Role != "associated" {
		t.Fatalf("flagged %+v: want N1's two members and OLD's one", d.Accounts)
	}
	r := Evaluate(truth, d)
	if g := groupScore(r, sim.LabelFandom); g.FlaggedRate != 0 || g.CoordinatedRate != 1 || g.Verdict != LabelReported {
		t.Errorf("fandom %+v", g)
	}
	cs := Compositions(truth, d)
	if len(cs) != 3 || cs[1].Features["coordination"] != 0.7 || cs[2].Verdict != "inauthentic" || cs[2].Labels[sim.LabelFarm] != 1 {
		t.Errorf("compositions %+v", cs)
	}
}
