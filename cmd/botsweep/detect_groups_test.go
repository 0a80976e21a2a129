package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/internal/testutil"
)

// TestDetectGroupsParityWithCooRTweet runs ingest and detect
// --min-participation on the real coortweet-russian table at CooRTweet's
// reference parameters. Every group in coordinated.csv must be exactly one
// of CooRTweet's components (same members), carry a significance of at
// least 3, and the components not reported must be exactly those the
// detect output sets aside as explained by chance: reported plus set
// aside accounts and components equal CooRTweet's. Clustering's own
// groups (coordinated only, never enforced) may be reported beside them.
// Without the flag detect reports nothing on this table at 60 s.
func TestDetectGroupsParityWithCooRTweet(t *testing.T) {
	russianDir := testutil.SharedData(t, "coortweet-russian")
	st := filepath.Join(t.TempDir(), "store")
	if status, _, stderr := cli(t, "", "ingest", "--store", st, filepath.Join(russianDir, "russian_coord_tweets.csv")); status != 0 {
		t.Fatalf("ingest: status %d, stderr %s", status, stderr)
	}
	summary := regexp.MustCompile(`(\d+) components \((\d+) accounts\) reported as coordinated groups, (\d+) \((\d+) accounts\) explained by chance, (\d+) \((\d+) accounts\) untestable`)
	for _, p := range []struct {
		window string
		mp     int
	}{{"10s", 2}, {"60s", 2}, {"300s", 3}, {"60s", 0}} {
		t.Run(fmt.Sprintf("tw%s_mp%d", p.window, p.mp), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			status, stdout, stderr := cli(t, "", "detect", "--store", st, "--out", out, "--window", p.window, "--min-participation", fmt.Sprint(p.mp))
			if status != 0 {
				t.Fatalf("status %d, stderr %s", status, stderr)
			}
			header, rows := readTable(t, filepath.Join(out, "coordinated.csv"))
			if strings.Join(header, ",") != "account_id,group_id,significance" {
				t.Errorf("coordinated.csv header %q", header)
			}
			if _, flagged := readTable(t, filepath.Join(out, "accounts.csv")); len(flagged) != 0 {
				t.Errorf("%d accounts flagged for enforcement on a share table without profiles", len(flagged))
			}
			if p.mp == 0 {
				if len(rows) != 0 || strings.Contains(stdout, "CooRTweet, window") {
					t.Errorf("without --min-participation: %d rows in coordinated.csv, output %q", len(rows), stdout)
				}
				return
			}
			_, ref := readTable(t, filepath.Join(russianDir, "coortweet-reference", fmt.Sprintf("groups_tw%s_mp%d.csv", strings.TrimSuffix(p.window, "s"), p.mp)))
			want := testutil.Partition(ref)
			isRef := map[string]bool{}
			for _, c := range want {
				isRef[strings.Join(c, " ")] = true
			}
			// Clustering's own networks are reported too where they pass
			// stage 1 (it has no volume bar); parity is the components'.
			nets := readNetworksJSON(t, out)
			component := map[string]bool{}
			for _, nw := range nets {
				if nw.Verdict != botsweep.VerdictCoordinated || nw.Evidence.Coordination == nil {
					t.Errorf("network %s: verdict %q, coordination %v", nw.ID, nw.Verdict, nw.Evidence.Coordination)
				}
				component[nw.ID] = strings.Contains(nw.Summary, "co-share component")
			}
			if len(nets) != len(testutil.Partition(rows)) {
				t.Errorf("networks.json holds %d networks, coordinated.csv %d groups", len(nets), len(testutil.Partition(rows)))
			}
			var compRows [][]string
			for _, r := range rows {
				if component[r[1]] {
					compRows = append(compRows, r)
				}
			}
			got := testutil.Partition(compRows)
			for _, c := range got {
				if !isRef[strings.Join(c, " ")] {
					t.Errorf("group of %d accounts (%s...) is not one of CooRTweet's components", len(c), c[0])
				}
			}
			sig := map[string]string{}
			for _, r := range rows {
				s, err := strconv.ParseFloat(r[2], 64)
				if err != nil || s < 3 {
					t.Errorf("account %s: significance %q, want a number >= 3", r[0], r[2])
				}
				if prev, ok := sig[r[1]]; ok && prev != r[2] {
					t.Errorf("group %s has significances %s and %s", r[1], prev, r[2])
				}
				sig[r[1]] = r[2]
			}
			m := summary.FindStringSubmatch(stdout)
			if m == nil {
				t.Fatalf("no component summary in %q", stdout)
			}
			n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
			if n(1) != len(got) || n(2) != len(compRows) {
				t.Errorf("summary says %d groups of %d accounts reported, coordinated.csv has %d and %d", n(1), n(2), len(got), len(rows))
			}
			if n(1)+n(3)+n(5) != len(want) || n(2)+n(4)+n(6) != len(ref) {
				t.Errorf("%d+%d+%d components, %d+%d+%d accounts; CooRTweet has %d and %d", n(1), n(3), n(5), n(2), n(4), n(6), len(want), len(ref))
			}
			t.Logf("%s; %d groups of clustering's", m[0], len(nets)-len(got))
		})
	}
}
