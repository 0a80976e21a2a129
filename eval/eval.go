// Package eval measures detection against a simulated world's ground truth:
// per-label precision, recall and F1, how planted networks are split across
// detected networks, and false-positive rates of the hard negatives.
package eval

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// Flagged is one row of a detection's accounts.csv.
type Flagged struct {
	AccountID  string
	ScreenName string
	NetworkID  string
	Role       string
	Score      float64
}

// Detected is what a detection run wrote: its flagged accounts and the ids
// of its networks.
type Detected struct {
	Accounts []Flagged
	// Networks are the network ids of networks.json, in its order (may be
	// empty when the file is absent).
	Networks []string
	// Groups are the networks of networks.json with their verdicts and
	// members (empty when the file is absent).
	Groups []DetectedNetwork
	// Coordinated are the rows of coordinated.csv (empty when absent).
	Coordinated []Coordinated
}

// accountsHeader is the header of accounts.csv.
var accountsHeader = []string{"account_id", "screen_name", "network_id", "role", "score"}

// ReadDetected reads DIR/accounts.csv and, when present, DIR/networks.json
// and DIR/coordinated.csv.
func ReadDetected(dir string) (*Detected, error) {
	f, err := os.Open(filepath.Join(dir, "accounts.csv"))
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "detected: %w", err)
	}
	defer f.Close()
	d, err := ParseAccounts(bufio.NewReader(f))
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "%s: %s", filepath.Join(dir, "accounts.csv"), botsweep.ErrorMessage(err))
	}
	b, err := os.ReadFile(filepath.Join(dir, "networks.json"))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, botsweep.Errorf(botsweep.EINVALID, "detected: %w", err)
	default:
		nets, err := ParseNetworks(b)
		if err != nil {
			return nil, botsweep.Errorf(botsweep.EINVALID, "%s: %s", filepath.Join(dir, "networks.json"), botsweep.ErrorMessage(err))
		}
		d.Groups = nets
		for _, n := range nets {
			d.Networks = append(d.Networks, n.ID)
		}
	}
	if d.Coordinated, err = readCoordinated(dir); err != nil {
		return nil, err
	}
	return d, nil
}

// ParseAccounts parses accounts.csv content (header
// account_id,screen_name,network_id,role,score; columns found by name).
func ParseAccounts(r io.Reader) (*Detected, error) {
	cr, get, err := readHeader(r, accountsHeader, "account_id", "network_id")
	if err != nil {
		return nil, err
	}
	d := &Detected{}
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, botsweep.Errorf(botsweep.EINVALID, "line %d: %w", line, err)
		}
		fl := Flagged{AccountID: get(rec, "account_id"), ScreenName: get(rec, "screen_name"),
			NetworkID: get(rec, "network_id"), Role: get(rec, "role")}
		if fl.AccountID == "" {
			return nil, botsweep.Errorf(botsweep.EINVALID, "line %d: empty account_id", line)
		}
		if fl.Score, err = optNumber(line, "score", get(rec, "score")); err != nil {
			return nil, err
		}
		if j, dup := seen[fl.AccountID]; dup {
			// an account listed twice keeps its first (highest-ranked) row
			_ = j
			continue
		}
		seen[fl.AccountID] = len(d.Accounts)
		d.Accounts = append(d.Accounts, fl)
	}
	return d, nil
}

// optNumber parses an optional numeric field: empty is 0, NaN and text
// are errors naming the line.
func optNumber(line int, name, s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) {
		return 0, botsweep.Errorf(botsweep.EINVALID, "line %d: %s %q is not a number", line, name, s)
	}
	return x, nil
}

// readHeader opens a CSV with a header row, checks the required columns
// and returns the reader and a getter of trimmed fields by column name.
func readHeader(r io.Reader, want []string, required ...string) (*csv.Reader, func(rec []string, name string) string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, botsweep.Errorf(botsweep.EINVALID, "empty file, want header %s", strings.Join(want, ","))
	}
	if err != nil {
		return nil, nil, botsweep.Errorf(botsweep.EINVALID, "line 1: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, h := range required {
		if _, ok := col[h]; !ok {
			return nil, nil, botsweep.Errorf(botsweep.EINVALID, "header lacks %q, want %s", h, strings.Join(want, ","))
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	return cr, get, nil
}

// ParseNetworkIDs returns the network ids of a networks.json: a JSON array
// of networks, or an object with a "networks" array.
func ParseNetworkIDs(b []byte) ([]string, error) {
	nets, err := ParseNetworks(b)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(nets))
	for _, n := range nets {
		ids = append(ids, n.ID)
	}
	return ids, nil
}

// LabelScore is detection quality for one planted bot label.
type LabelScore struct {
	Label     string  `json:"label"`
	Accounts  int     `json:"accounts"` // planted accounts with the label
	Flagged   int     `json:"flagged"`  // of them, flagged in any network
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Networks is how many detected networks hold at least one of the
	// label's accounts (1 is ideal; more means the network was split).
	Networks int `json:"networks"`
	// Largest is the share of the label's accounts in the detected network
	// holding most of them.
	Largest float64 `json:"largest_share"`
	// LargestNetwork is that network's id and LargestPurity the share of
	// its members that carry the label.
	LargestNetwork string  `json:"largest_network,omitempty"`
	LargestPurity  float64 `json:"largest_purity"`
	// AsAssociated counts the label's flagged accounts with role associated.
	AsAssociated int `json:"as_associated"`
}

// GroupRate is the false-positive rate of an organic group.
type GroupRate struct {
	Label    string  `json:"label"`
	Accounts int     `json:"accounts"`
	Flagged  int     `json:"flagged"`
	Rate     float64 `json:"fp_rate"`
}

// NetworkScore describes one detected network by the truth of its members.
type NetworkScore struct {
	ID       string         `json:"id"`
	Size     int            `json:"size"`
	Label    string         `json:"label"`  // plurality label of its members
	Purity   float64        `json:"purity"` // share of the plurality label
	BotShare float64        `json:"bot_share"`
	Labels   map[string]int `json:"labels"`
}

// Report is the evaluation of one detection run.
type Report struct {
	Accounts  int `json:"accounts"`   // accounts in the truth
	Bots      int `json:"bots"`       // of them, kind bot
	Flagged   int `json:"flagged"`    // accounts flagged
	FlaggedTP int `json:"flagged_tp"` // flagged accounts of kind bot
	// Unknown counts flagged accounts absent from the truth (counted as
	// false positives).
	Unknown   int     `json:"unknown"`
	Precision float64 `json:"precision"` // over all flagged accounts
	Recall    float64 `json:"recall"`    // over all bots
	F1        float64 `json:"f1"`
	Networks  int     `json:"networks"` // detected networks
	// Purity is the size-weighted mean purity of the detected networks.
	Purity        float64        `json:"purity"`
	Labels        []LabelScore   `json:"labels"`
	HardNegatives []GroupRate    `json:"hard_negatives"`
	Organic       []GroupRate    `json:"organic"` // every organic label, hard negatives included
	Detected      []NetworkScore `json:"detected_networks"`
	// Groups is what detection made of every truth label, bot or human:
	// enforced (accounts.csv), coordinated only, the share in one group.
	Groups []GroupScore `json:"groups"`
	// CoordinatedGroups counts the coordinated-only groups reported
	// (coordinated.csv, or networks.json networks with that verdict).
	CoordinatedGroups int    `json:"coordinated_groups"`
	Summary           string `json:"summary"`
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func round(x float64) float64 { return math.Round(x*10000) / 10000 }

// Evaluate scores a detection against the truth.
//
// Per bot label: recall is the share of its accounts flagged; precision is
// the share of the label's operation (see Operation) among the members of
// the detected networks whose plurality operation it is, so a network that
// mixes in organic accounts or another operation costs precision. Overall
// precision is the share of kind-bot accounts among all flagged accounts.
func Evaluate(truth *sim.Truth, det *Detected) *Report {
	idx := truth.Index()
	rep := &Report{Accounts: len(truth.Rows)}
	labelTotal := map[string]int{}
	kind := map[string]string{} // label -> kind, as the truth gives it
	for _, r := range truth.Rows {
		labelTotal[r.Label]++
		if _, ok := kind[r.Label]; !ok {
			kind[r.Label] = r.Kind
		}
		if r.Kind == sim.KindBot {
			rep.Bots++
		}
	}
	isBot := func(l string) bool { return kind[l] == sim.KindBot }
	// Labels in report order: the simulator's first, in its order, then
	// any other world's, sorted.
	var order []string
	for _, l := range sim.Labels() {
		if labelTotal[l] > 0 {
			order = append(order, l)
		}
	}
	for _, l := range sortedLabels(labelTotal) {
		if !contains(sim.Labels(), l) {
			order = append(order, l)
		}
	}
	// members per network, by label
	type netAcc struct {
		labels map[string]int
		size   int
		order  int
	}
	nets := map[string]*netAcc{}
	var netOrder []string
	for _, id := range det.Networks {
		if _, ok := nets[id]; !ok {
			nets[id] = &netAcc{labels: map[string]int{}, order: len(netOrder)}
			netOrder = append(netOrder, id)
		}
	}
	flaggedByLabel := map[string]int{}
	assocByLabel := map[string]int{}
	for _, f := range det.Accounts {
		rep.Flagged++
		row, ok := idx[f.AccountID]
		label := row.Label
		if !ok {
			rep.Unknown++
			label = unknownLabel
		} else if row.Kind == sim.KindBot {
			rep.FlaggedTP++
		}
		flaggedByLabel[label]++
		if f.Role == string(botsweep.RoleAssociated) {
			assocByLabel[label]++
		}
		n, ok := nets[f.NetworkID]
		if !ok {
			n = &netAcc{labels: map[string]int{}, order: len(netOrder)}
			nets[f.NetworkID] = n
			netOrder = append(netOrder, f.NetworkID)
		}
		n.labels[label]++
		n.size++
	}
	rep.Networks = len(netOrder)
	rep.Precision = ratio(rep.FlaggedTP, rep.Flagged)
	rep.Recall = ratio(rep.FlaggedTP, rep.Bots)
	rep.F1 = f1(rep.Precision, rep.Recall)

	// plurality operation of each network (ties go to the known label
	// that sorts first)
	assigned := map[string][2]int{} // operation -> (its members, all members) over networks assigned to it
	var weighted float64
	for _, id := range netOrder {
		n := nets[id]
		ns := NetworkScore{ID: id, Size: n.size, Labels: n.labels}
		ops := map[string]int{}
		bots := 0
		for l, c := range n.labels {
			ops[Operation(l)] += c
			if isBot(l) {
				bots += c
			}
		}
		best, bestN := "", -1
		for _, op := range sortedLabels(ops) {
			if c := ops[op]; c > bestN || (c == bestN && best == unknownLabel) {
				best, bestN = op, c
			}
		}
		if n.size > 0 {
			ns.Label, ns.Purity, ns.BotShare = best, round(ratio(bestN, n.size)), round(ratio(bots, n.size))
			a := assigned[best]
			assigned[best] = [2]int{a[0] + bestN, a[1] + n.size}
			weighted += float64(bestN)
		}
		rep.Detected = append(rep.Detected, ns)
	}
	rep.Purity = round(ratio(int(weighted), rep.Flagged))

	for _, l := range order {
		if !isBot(l) {
			continue
		}
		ls := LabelScore{Label: l, Accounts: labelTotal[l], Flagged: flaggedByLabel[l], AsAssociated: assocByLabel[l]}
		ls.Recall = ratio(ls.Flagged, ls.Accounts)
		op := assigned[Operation(l)]
		ls.Precision = ratio(op[0], op[1])
		ls.F1 = f1(ls.Precision, ls.Recall)
		best, bestN := "", 0
		for _, id := range netOrder {
			if c := nets[id].labels[l]; c > 0 {
				ls.Networks++
				if c > bestN {
					best, bestN = id, c
				}
			}
		}
		ls.Largest = ratio(bestN, ls.Accounts)
		if best != "" {
			ls.LargestNetwork = best
			ls.LargestPurity = round(ratio(bestN, nets[best].size))
		}
		ls.Precision, ls.Recall, ls.F1, ls.Largest = round(ls.Precision), round(ls.Recall), round(ls.F1), round(ls.Largest)
		rep.Labels = append(rep.Labels, ls)
	}
	// Hard negatives: the simulator's, and any organic group another
	// world's truth names beyond plain organic and prominent accounts.
	hard := map[string]bool{}
	for _, l := range sim.HardNegatives() {
		hard[l] = true
	}
	for _, l := range order {
		if !isBot(l) && !contains(sim.Labels(), l) {
			hard[l] = true
		}
	}
	for _, l := range order {
		if isBot(l) {
			continue
		}
		g := GroupRate{Label: l, Accounts: labelTotal[l], Flagged: flaggedByLabel[l]}
		g.Rate = round(ratio(g.Flagged, g.Accounts))
		rep.Organic = append(rep.Organic, g)
		if hard[l] {
			rep.HardNegatives = append(rep.HardNegatives, g)
		}
	}
	rep.Groups = scoreGroups(truth, det, order, kind)
	m := det.membership()
	for _, v := range m.verdict {
		if v == string(botsweep.VerdictCoordinated) {
			rep.CoordinatedGroups++
		}
	}
	rep.Precision, rep.Recall, rep.F1 = round(rep.Precision), round(rep.Recall), round(rep.F1)
	rep.Summary = summary(rep)
	return rep
}

// unknownLabel stands for flagged accounts absent from the truth.
const unknownLabel = "(unknown)"

// Operation returns the planted operation a label belongs to: the retweet
// network's associated accounts and its aged amplifiers belong to the
// retweet network; every other label is its own.
func Operation(label string) string {
	if label == sim.LabelAssociated || label == sim.LabelAged {
		return sim.LabelNetwork
	}
	return label
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func sortedLabels(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func summary(r *Report) string {
	s := fmt.Sprintf("flagged %d accounts in %d networks: precision %.3f recall %.3f F1 %.3f", r.Flagged, r.Networks, r.Precision, r.Recall, r.F1)
	for _, l := range r.Labels {
		if l.Label == sim.LabelNetwork {
			s += fmt.Sprintf("; %s F1 %.3f in %d network(s), largest holds %.0f%%", l.Label, l.F1, l.Networks, 100*l.Largest)
		}
	}
	var parts []string
	for _, g := range r.HardNegatives {
		parts = append(parts, fmt.Sprintf("%s %.3f", g.Label, g.Rate))
	}
	if len(parts) > 0 {
		s += "; hard-negative FP rate " + strings.Join(parts, ", ")
	}
	return s
}

// WriteText writes the report for a person: a table per section, the
// summary line last.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "truth: %d accounts, %d bots; detected: %d accounts in %d networks (%d not in the truth)\n\n",
		r.Accounts, r.Bots, r.Flagged, r.Networks, r.Unknown)
	fmt.Fprintf(bw, "%-28s %8s %8s %9s %7s %7s %9s %8s %7s\n", "bot label", "accounts", "flagged", "precision", "recall", "F1", "networks", "largest", "purity")
	for _, l := range r.Labels {
		fmt.Fprintf(bw, "%-28s %8d %8d %9.3f %7.3f %7.3f %9d %7.0f%% %7.3f\n", l.Label, l.Accounts, l.Flagged, l.Precision, l.Recall, l.F1, l.Networks, 100*l.Largest, l.LargestPurity)
	}
	fmt.Fprintf(bw, "\n%-28s %8s %8s %9s\n", "organic group", "accounts", "flagged", "FP rate")
	hard := map[string]bool{}
	for _, g := range r.HardNegatives {
		hard[g.Label] = true
	}
	for _, g := range r.Organic {
		mark := ""
		if hard[g.Label] {
			mark = " (hard negative)"
		}
		fmt.Fprintf(bw, "%-28s %8d %8d %9.4f%s\n", g.Label, g.Accounts, g.Flagged, g.Rate, mark)
	}
	if len(r.Detected) > 0 {
		fmt.Fprintf(bw, "\n%-24s %6s %-28s %7s %9s\n", "detected network", "size", "plurality label", "purity", "bot share")
		for i, n := range r.Detected {
			if i == 20 {
				fmt.Fprintf(bw, "... %d more\n", len(r.Detected)-20)
				break
			}
			fmt.Fprintf(bw, "%-24s %6d %-28s %7.3f %9.3f\n", n.ID, n.Size, n.Label, n.Purity, n.BotShare)
		}
	}
	if len(r.Groups) > 0 {
		fmt.Fprintf(bw, "\n%-28s %-7s %8s %8s %11s %7s %8s %s\n", "every label", "kind", "accounts", "flagged", "coordinated", "groups", "largest", "verdict")
		for _, g := range r.Groups {
			fmt.Fprintf(bw, "%-28s %-7s %8d %7.1f%% %10.1f%% %7d %7.0f%% %s\n", g.Label, g.Kind, g.Accounts, 100*g.FlaggedRate, 100*g.CoordinatedRate, g.Groups, 100*g.Largest, g.Verdict)
		}
		fmt.Fprintf(bw, "coordinated-only groups reported: %d\n", r.CoordinatedGroups)
	}
	fmt.Fprintf(bw, "\noverall: precision %.3f recall %.3f F1 %.3f, size-weighted purity %.3f\n", r.Precision, r.Recall, r.F1, r.Purity)
	fmt.Fprintf(bw, "summary: %s\n", r.Summary)
	return bw.Flush()
}
