package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// FileCoordinated is the file of coordinated-only groups detect writes
// next to accounts.csv.
const FileCoordinated = "coordinated.csv"

// coordinatedHeader is the header of coordinated.csv.
var coordinatedHeader = []string{"account_id", "group_id", "significance"}

// Coordinated is one row of coordinated.csv: an account in a group that
// co-acts beyond chance but is not an enforcement candidate.
type Coordinated struct {
	AccountID    string
	GroupID      string
	Significance float64
}

// DetectedNetwork is one network of networks.json as eval reads it: its
// verdict, score, members and network-level features.
type DetectedNetwork struct {
	ID       string             `json:"id"`
	Verdict  string             `json:"verdict"`
	Score    float64            `json:"score"`
	Members  []string           `json:"members"`
	Features map[string]float64 `json:"features,omitempty"`
}

// ParseCoordinated parses coordinated.csv content (header
// account_id,group_id,significance; columns found by name). An account
// listed twice in one group keeps its first row.
func ParseCoordinated(r io.Reader) ([]Coordinated, error) {
	cr, get, err := readHeader(r, coordinatedHeader, "account_id", "group_id")
	if err != nil {
		return nil, err
	}
	var out []Coordinated
	seen := map[[2]string]bool{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, botsweep.Errorf(botsweep.EINVALID, "line %d: %w", line, err)
		}
		c := Coordinated{AccountID: get(rec, "account_id"), GroupID: get(rec, "group_id")}
		if c.AccountID == "" || c.GroupID == "" {
			return nil, botsweep.Errorf(botsweep.EINVALID, "line %d: empty account_id or group_id", line)
		}
		if c.Significance, err = optNumber(line, "significance", get(rec, "significance")); err != nil {
			return nil, err
		}
		k := [2]string{c.AccountID, c.GroupID}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, c)
	}
}

// ParseNetworks returns the networks of a networks.json (a JSON array, or
// an object with a "networks" array) with their members' account ids.
func ParseNetworks(b []byte) ([]DetectedNetwork, error) {
	type member struct {
		AccountID string `json:"account_id"`
	}
	type net struct {
		ID       string   `json:"id"`
		Verdict  string   `json:"verdict"`
		Score    float64  `json:"score"`
		Members  []member `json:"members"`
		Evidence struct {
			Features map[string]float64 `json:"features"`
		} `json:"evidence"`
	}
	var arr []net
	if err := json.Unmarshal(b, &arr); err != nil {
		var obj struct {
			Networks []net `json:"networks"`
		}
		if err2 := json.Unmarshal(b, &obj); err2 != nil {
			return nil, botsweep.Errorf(botsweep.EINVALID, "not a JSON array of networks: %w", err)
		}
		arr = obj.Networks
	}
	out := make([]DetectedNetwork, 0, len(arr))
	for _, n := range arr {
		d := DetectedNetwork{ID: n.ID, Verdict: n.Verdict, Score: n.Score, Features: n.Evidence.Features}
		if d.Verdict == "" {
			d.Verdict = string(botsweep.VerdictInauthentic) // stored before verdicts existed
		}
		for _, m := range n.Members {
			d.Members = append(d.Members, m.AccountID)
		}
		out = append(out, d)
	}
	return out, nil
}

// readCoordinated reads DIR/coordinated.csv when present.
func readCoordinated(dir string) ([]Coordinated, error) {
	path := filepath.Join(dir, FileCoordinated)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "detected: %w", err)
	}
	defer f.Close()
	rows, err := ParseCoordinated(bufio.NewReader(f))
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "%s: %s", path, botsweep.ErrorMessage(err))
	}
	return rows, nil
}

// Label verdicts: what detection made of most of a label's accounts.
const (
	// LabelEnforced: at least half its accounts are in accounts.csv.
	LabelEnforced = "enforced"
	// LabelReported: at least half are reported (accounts.csv or a
	// coordinated group), fewer than half enforced.
	LabelReported = "coordinated"
	// LabelMissed: fewer than half are reported at all.
	LabelMissed = "none"
)

// GroupScore is what detection made of one truth label, bot or human.
type GroupScore struct {
	Label    string `json:"label"`
	Kind     string `json:"kind"`
	Accounts int    `json:"accounts"`
	// Flagged are its accounts in accounts.csv (enforcement candidates),
	// Coordinated those only in coordinated groups (coordinated.csv or a
	// network of networks.json with verdict coordinated).
	Flagged          int     `json:"flagged"`
	FlaggedRate      float64 `json:"flagged_rate"`
	Coordinated      int     `json:"coordinated"`
	CoordinatedRate  float64 `json:"coordinated_rate"`
	ReportedRate     float64 `json:"reported_rate"`
	Groups           int     `json:"groups"`        // detected groups (any verdict) holding any of its accounts
	Largest          float64 `json:"largest_share"` // share of its accounts in the group holding most of them
	LargestGroup     string  `json:"largest_group,omitempty"`
	LargestGroupSize int     `json:"largest_group_size,omitempty"`
	Verdict          string  `json:"verdict"` // LabelEnforced, LabelReported or LabelMissed
}

// labelVerdict classifies a label by its rates.
func labelVerdict(flagged, reported float64) string {
	switch {
	case flagged >= 0.5:
		return LabelEnforced
	case reported >= 0.5:
		return LabelReported
	}
	return LabelMissed
}

// membership is every (account, group) tie a detection reports, with
// each group's verdict.
type membership struct {
	groups  map[string][]string // account -> group ids, in first-seen order
	verdict map[string]string   // group id -> verdict
	size    map[string]int      // group id -> members
}

func (d *Detected) membership() *membership {
	m := &membership{groups: map[string][]string{}, verdict: map[string]string{}, size: map[string]int{}}
	seen := map[[2]string]bool{}
	add := func(acc, group, verdict string) {
		if _, ok := m.verdict[group]; !ok {
			m.verdict[group] = verdict
		}
		k := [2]string{acc, group}
		if seen[k] {
			return
		}
		seen[k] = true
		m.groups[acc] = append(m.groups[acc], group)
		m.size[group]++
	}
	for _, n := range d.Groups {
		for _, a := range n.Members {
			add(a, n.ID, n.Verdict)
		}
	}
	for _, f := range d.Accounts {
		add(f.AccountID, f.NetworkID, string(botsweep.VerdictInauthentic))
	}
	for _, c := range d.Coordinated {
		add(c.AccountID, c.GroupID, string(botsweep.VerdictCoordinated))
	}
	return m
}

// scoreGroups fills the per-label statistics of every truth label.
func scoreGroups(truth *sim.Truth, det *Detected, order []string, kind map[string]string) []GroupScore {
	flagged := map[string]bool{}
	for _, f := range det.Accounts {
		flagged[f.AccountID] = true
	}
	m := det.membership()
	type acc struct {
		n, flagged, coord int
		in                map[string]int
	}
	by := map[string]*acc{}
	for _, r := range truth.Rows {
		a := by[r.Label]
		if a == nil {
			a = &acc{in: map[string]int{}}
			by[r.Label] = a
		}
		a.n++
		gs := m.groups[r.AccountID]
		switch {
		case flagged[r.AccountID]:
			a.flagged++
		case len(gs) > 0:
			a.coord++
		}
		for _, g := range gs {
			a.in[g]++
		}
	}
	var out []GroupScore
	for _, l := range order {
		a := by[l]
		if a == nil {
			continue
		}
		g := GroupScore{Label: l, Kind: kind[l], Accounts: a.n, Flagged: a.flagged, Coordinated: a.coord, Groups: len(a.in)}
		g.FlaggedRate = round(ratio(a.flagged, a.n))
		g.CoordinatedRate = round(ratio(a.coord, a.n))
		g.ReportedRate = round(ratio(a.flagged+a.coord, a.n))
		best, bestN := "", 0
		for _, id := range sortedLabels(a.in) {
			if c := a.in[id]; c > bestN {
				best, bestN = id, c
			}
		}
		g.Largest = round(ratio(bestN, a.n))
		if best != "" {
			g.LargestGroup, g.LargestGroupSize = best, m.size[best]
		}
		g.Verdict = labelVerdict(g.FlaggedRate, g.ReportedRate)
		out = append(out, g)
	}
	return out
}

// Composition is one detected group (any verdict) described by the truth
// of its members: what a verdict model trains on.
type Composition struct {
	// World names the world the group was detected in (set by the caller).
	World   string  `json:"world,omitempty"`
	ID      string  `json:"id"`
	Verdict string  `json:"verdict"`
	Score   float64 `json:"score"`
	Size    int     `json:"size"`
	// Labels counts members by truth label ("(unknown)" for accounts
	// absent from the truth); Bots and Humans by kind.
	Labels map[string]int `json:"labels"`
	Bots   int            `json:"bots"`
	Humans int            `json:"humans"`
	// BotShare is Bots / Size; Label is the plurality label and Purity its
	// share.
	BotShare float64 `json:"bot_share"`
	Label    string  `json:"label"`
	Purity   float64 `json:"purity"`
	// Operation is the plurality planted operation (see Operation: the
	// retweet network's associated and aged accounts count as it) and
	// OperationPurity its share.
	Operation       string  `json:"operation"`
	OperationPurity float64 `json:"operation_purity"`
	// Features are the network-level features of networks.json, when given.
	Features map[string]float64 `json:"features,omitempty"`
}

// Compositions returns the truth composition of every detected group:
// networks.json's networks (every verdict), then accounts.csv networks and
// coordinated.csv groups networks.json does not list, in order.
func Compositions(truth *sim.Truth, det *Detected) []Composition {
	idx := truth.Index()
	var out []Composition
	pos := map[string]int{}
	add := func(id, verdict string, score float64, features map[string]float64) int {
		if i, ok := pos[id]; ok {
			return i
		}
		pos[id] = len(out)
		out = append(out, Composition{ID: id, Verdict: verdict, Score: score, Labels: map[string]int{}, Features: features})
		return len(out) - 1
	}
	seen := map[[2]string]bool{}
	member := func(i int, acc string) {
		k := [2]string{out[i].ID, acc}
		if seen[k] {
			return
		}
		seen[k] = true
		c := &out[i]
		c.Size++
		row, ok := idx[acc]
		switch {
		case !ok:
			c.Labels[unknownLabel]++
		case row.Kind == sim.KindBot:
			c.Labels[row.Label]++
			c.Bots++
		default:
			c.Labels[row.Label]++
			c.Humans++
		}
	}
	for _, n := range det.Groups {
		i := add(n.ID, n.Verdict, n.Score, n.Features)
		for _, a := range n.Members {
			member(i, a)
		}
	}
	for _, f := range det.Accounts {
		member(add(f.NetworkID, string(botsweep.VerdictInauthentic), 0, nil), f.AccountID)
	}
	for _, c := range det.Coordinated {
		member(add(c.GroupID, string(botsweep.VerdictCoordinated), 0, nil), c.AccountID)
	}
	for i := range out {
		c := &out[i]
		best, bestN := "", 0
		for _, l := range sortedLabels(c.Labels) {
			if c.Labels[l] > bestN {
				best, bestN = l, c.Labels[l]
			}
		}
		c.Label, c.Purity, c.BotShare = best, round(ratio(bestN, c.Size)), round(ratio(c.Bots, c.Size))
		ops := map[string]int{}
		for l, n := range c.Labels {
			ops[Operation(l)] += n
		}
		best, bestN = "", 0
		for _, op := range sortedLabels(ops) {
			if ops[op] > bestN {
				best, bestN = op, ops[op]
			}
		}
		c.Operation, c.OperationPurity = best, round(ratio(bestN, c.Size))
	}
	return out
}

// Stability compares what detection made of each label in two runs on the
// same world at two scales (or two seeds): the verdict must not flip.
type Stability struct {
	Label    string  `json:"label"`
	Kind     string  `json:"kind"`
	VerdictA string  `json:"verdict_a"`
	VerdictB string  `json:"verdict_b"`
	FlaggedA float64 `json:"flagged_rate_a"`
	FlaggedB float64 `json:"flagged_rate_b"`
	Stable   bool    `json:"stable"`
}

// EnforcementFlip reports whether the label was enforced in one run and
// not in the other: a flip that changes what the platform does to its
// accounts, not only what it reports.
func (s Stability) EnforcementFlip() bool {
	return (s.VerdictA == LabelEnforced) != (s.VerdictB == LabelEnforced)
}

// CompareScales returns the per-label stability of two reports, over the
// labels both truths hold, and whether every verdict held.
func CompareScales(a, b *Report) ([]Stability, bool) {
	bl := map[string]GroupScore{}
	for _, g := range b.Groups {
		bl[g.Label] = g
	}
	all := true
	var out []Stability
	for _, g := range a.Groups {
		h, ok := bl[g.Label]
		if !ok {
			continue
		}
		s := Stability{Label: g.Label, Kind: g.Kind, VerdictA: g.Verdict, VerdictB: h.Verdict,
			FlaggedA: g.FlaggedRate, FlaggedB: h.FlaggedRate, Stable: g.Verdict == h.Verdict}
		all = all && s.Stable
		out = append(out, s)
	}
	return out, all
}

// WriteStability writes the comparison for a person.
func WriteStability(w io.Writer, st []Stability, all bool) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%-28s %-8s %-12s %-12s %9s %9s %s\n", "label", "kind", "verdict A", "verdict B", "flagged A", "flagged B", "stable")
	for _, s := range st {
		fmt.Fprintf(bw, "%-28s %-8s %-12s %-12s %9.4f %9.4f %v\n", s.Label, s.Kind, s.VerdictA, s.VerdictB, s.FlaggedA, s.FlaggedB, s.Stable)
	}
	fmt.Fprintf(bw, "verdicts stable across the two runs: %v\n", all)
	return bw.Flush()
}

// WriteCompositions writes compositions as JSON lines to path, each
// tagged with world.
func WriteCompositions(path, world string, cs []Composition) error {
	f, err := os.Create(path)
	if err != nil {
		return botsweep.Errorf(botsweep.EINVALID, "clusters: %w", err)
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	for i := range cs {
		cs[i].World = world
		if err := enc.Encode(&cs[i]); err != nil {
			f.Close()
			return botsweep.Errorf(botsweep.EINTERNAL, "clusters: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return botsweep.Errorf(botsweep.EINTERNAL, "clusters: %w", err)
	}
	if err := f.Close(); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "clusters: %w", err)
	}
	return nil
}

// FromNetworks builds a Detected from detection's networks in memory (no
// files): every network is a group with its verdict, members and
// features, and the members of inauthentic networks (or of networks with
// no verdict, stored before verdicts existed) are the flagged accounts,
// as accounts.csv would list them. Training code can call
// Compositions(truth, FromNetworks(nets)) on a world it just detected.
func FromNetworks(nets []botsweep.Network) *Detected {
	d := &Detected{}
	for _, n := range nets {
		g := DetectedNetwork{ID: n.ID, Verdict: string(n.Verdict), Score: n.Score, Features: n.Evidence.Features}
		if g.Verdict == "" {
			g.Verdict = string(botsweep.VerdictInauthentic)
		}
		for _, m := range n.Members {
			g.Members = append(g.Members, m.AccountID)
			if g.Verdict == string(botsweep.VerdictInauthentic) {
				d.Accounts = append(d.Accounts, Flagged{AccountID: m.AccountID, ScreenName: m.ScreenName, NetworkID: n.ID, Role: string(m.Role), Score: m.Score})
			}
		}
		d.Networks = append(d.Networks, n.ID)
		d.Groups = append(d.Groups, g)
	}
	return d
}
