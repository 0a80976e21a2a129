package disclosure_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/disclosure"
	"github.com/botsweep/botsweep/sim"
)

// TestPropertyNoRawIdentifier releases every planted network of random
// simulated worlds (varied seeds and scenarios), alone and all together,
// with evidence that names small accounts the way detection does ("88% of
// the core follow @handle"), and searches every byte written (CSV cells,
// READMEs, zip contents) for a raw identifier of any account with fewer
// than 5,000 followers: its id as a number, its handle after "@", in a
// profile URL or as a handle-like word, its distinctive display name. It
// also checks a tweet reads the same in every release.
func TestPropertyNoRawIdentifier(t *testing.T) {
	if testing.Short() {
		t.Skip("generates three worlds")
	}
	seeds := []int64{5, 23, 977}
	for i, seed := range seeds {
		scenario := sim.Scenarios()[i%len(sim.Scenarios())]
		t.Run(fmt.Sprintf("%s/seed-%d", scenario, seed), func(t *testing.T) {
			checkWorld(t, scenario, seed)
		})
	}
}

func checkWorld(t *testing.T, scenario string, seed int64) {
	ctx := context.Background()
	cfg, err := sim.Default(scenario)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed, cfg.Scale = seed, 0.02
	var ds botsweep.Dataset
	truth, err := sim.Generate(ctx, cfg, &ds)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	// At this scale no account reaches 5,000 followers: the prominent
	// accounts get the followers they have at full scale.
	prominent := map[string]bool{}
	for _, r := range truth.Rows {
		if r.Label == sim.LabelProminent {
			prominent[r.AccountID] = true
		}
	}
	for i := range ds.Accounts {
		if prominent[ds.Accounts[i].ID] {
			ds.Accounts[i].Followers = 100000 + int64(rng.IntN(1000000))
		}
	}
	var small, big []*botsweep.Account
	for i := range ds.Accounts {
		if a := &ds.Accounts[i]; a.Followers < disclosure.DefaultHashBelow {
			small = append(small, a)
		} else {
			big = append(big, a)
		}
	}
	if len(small) == 0 || len(big) == 0 {
		t.Fatalf("world has %d small and %d big accounts", len(small), len(big))
	}
	pick := func() *botsweep.Account { return small[rng.IntN(len(small))] }

	// One network per planted label, with evidence naming small accounts.
	byLabel := map[string]*botsweep.Network{}
	var labels []string
	for _, r := range truth.Rows {
		switch r.Label {
		case sim.LabelOrganic, sim.LabelProminent:
			continue
		}
		n, ok := byLabel[r.Label]
		if !ok {
			n = &botsweep.Network{ID: "net-" + r.Label, Score: 0.9, Verdict: botsweep.VerdictInauthentic}
			byLabel[r.Label] = n
			labels = append(labels, r.Label)
		}
		role := botsweep.RoleCore
		if r.Label == sim.LabelAssociated {
			role = botsweep.RoleAssociated
		}
		n.Members = append(n.Members, botsweep.Member{AccountID: r.AccountID, ScreenName: r.ScreenName, Role: role})
	}
	sort.Strings(labels)
	var nets []botsweep.Network
	var sweeps []botsweep.Sweep
	for _, l := range labels {
		n := byLabel[l]
		f, g, m := pick(), pick(), n.Members[rng.IntN(len(n.Members))]
		n.Size = len(n.Members)
		n.Summary = fmt.Sprintf("%d accounts led by @%s; 88%% of the core follow @%s", n.Size, m.ScreenName, f.ScreenName)
		n.Amplified = []botsweep.Amplified{{AccountID: big[0].ID, ScreenName: big[0].ScreenName, Share: 0.5}, {AccountID: g.ID, ScreenName: g.ScreenName, Share: 0.2}}
		n.Evidence.Followed = []botsweep.NameCount{{Name: "@" + f.ScreenName, Count: 9}, {Name: g.ID, Count: 3}}
		n.Evidence.Signals = []botsweep.Signal{{Layer: "co-retweet", Weight: 1, Edges: 10}}
		n.Attribution = []botsweep.AttributionCandidate{{
			Operation: "op", Confidence: botsweep.ConfidenceMedium, Basis: "screen-name",
			Summary: fmt.Sprintf("1 member uses the screen name %s of operation op; member %s", m.ScreenName, m.AccountID),
			Chain:   []botsweep.Link{{From: "1 member", Relation: "use the screen names", To: "@" + m.ScreenName + ", twitter.com/" + g.ScreenName}},
		}}
		nets = append(nets, *n)
		s := botsweep.Sweep{ID: "S-" + l, Networks: []string{n.ID}}
		for _, mem := range n.Members {
			s.Accounts = append(s.Accounts, mem.AccountID)
		}
		sweeps = append(sweeps, s)
	}
	enf := disclosure.NewEnforcement(sweeps, nil)

	// The identifiers that must never appear.
	ids, handles, names := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, a := range small {
		ids[a.ID] = true
		handles[strings.ToLower(a.ScreenName)] = true
		if n := strings.ToLower(strings.TrimSpace(a.Name)); len(strings.FieldsFunc(n, notWord)) > 1 || handleLikeWord(n) {
			names[n] = true
		}
	}
	inStore := map[string]bool{}
	for _, a := range ds.Accounts {
		inStore[a.ID] = true
	}
	for _, n := range nets {
		for _, m := range n.Members {
			if !inStore[m.AccountID] { // no profile: follower count unknown
				ids[m.AccountID] = true
				handles[strings.ToLower(m.ScreenName)] = true
			}
		}
	}

	texts := map[string]string{} // tweet id -> text and urls, from the first release holding it
	releases := [][]botsweep.Network{nets}
	for _, k := range rng.Perm(len(nets))[:min(2, len(nets))] {
		releases = append(releases, []botsweep.Network{nets[k]})
	}
	key := []byte("a property-test key of 32 bytes or more")
	for k, sel := range releases {
		dir := filepath.Join(t.TempDir(), "r")
		if _, err := disclosure.Write(ctx, dir, &ds, sel, enf, disclosure.Options{Key: key, Policy: disclosure.PolicyAnySwept, Release: "prop", Now: func() time.Time { return cfg.End }}); err != nil {
			t.Fatalf("release %d: %v", k, err)
		}
		for name, b := range releaseFiles(t, dir) {
			for _, leak := range findLeaks(string(b), ids, handles, names) {
				t.Errorf("release %d (%d networks), %s: %s", k, len(sel), name, leak)
			}
		}
		rows := readCSV(t, filepath.Join(dir, disclosure.TweetsFile("prop")))
		for _, row := range rows[1:] {
			cell := row[12] + " | " + row[28]
			if prev, ok := texts[row[0]]; ok && prev != cell {
				t.Errorf("tweet %s reads %q in one release and %q in another", row[0], prev, cell)
			}
			texts[row[0]] = cell
		}
	}
	if len(texts) == 0 {
		t.Fatal("no tweets released")
	}
}

// releaseFiles reads every file of a release, and every zip's entries
// (named zip!entry).
func releaseFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
		if strings.HasSuffix(e.Name(), ".zip") {
			for n, inner := range unzip(t, p) {
				out[e.Name()+"!"+n] = inner
			}
		}
	}
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func notWord(r rune) bool { return !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) }

func handleLikeWord(w string) bool {
	return len(strings.FieldsFunc(w, notWord)) == 1 && strings.ContainsAny(w, "0123456789_")
}

// findLeaks scans text word by word, independently of the writer.
func findLeaks(text string, ids, handles, names map[string]bool) []string {
	text = strings.ToLower(text)
	first := map[string]bool{}
	for n := range names {
		if w := strings.FieldsFunc(n, notWord); len(w) > 0 {
			first[w[0]] = true
		}
	}
	type word struct{ start, end int }
	var words []word
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if notWord(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if notWord(r) {
				break
			}
			j += n
		}
		words = append(words, word{i, j})
		i = j
	}
	var leaks []string
	for k, w := range words {
		low := text[w.start:w.end]
		before := text[max(0, w.start-12):w.start]
		switch {
		case ids[low]:
			leaks = append(leaks, fmt.Sprintf("id %s in %q", low, excerpt(text, w.start, w.end)))
		case handles[low] && (strings.HasSuffix(before, "@") || strings.HasSuffix(before, "twitter.com/") || strings.HasSuffix(before, "x.com/") || handleLikeWord(low) ||
			(strings.HasSuffix(before, "/") && !strings.HasSuffix(before, "//"))):
			leaks = append(leaks, fmt.Sprintf("handle %s in %q", low, excerpt(text, w.start, w.end)))
		}
		if !first[low] {
			continue
		}
		for n := 1; n <= 5 && k+n <= len(words); n++ {
			end := words[k+n-1].end
			if names[text[w.start:end]] {
				leaks = append(leaks, fmt.Sprintf("display name in %q", excerpt(text, w.start, end)))
			}
		}
		if len(leaks) > 5 {
			break
		}
	}
	return leaks
}

func excerpt(s string, i, j int) string { return s[max(0, i-30):min(len(s), j+30)] }
