// Package attribution links detected networks to prior operations through
// shared infrastructure: the domains members link in their profiles and
// posts, the registrants of those domains, account ids, screen names and
// client apps. Every link is an evidence chain a reviewer can follow, with
// a confidence tier by the rules in docs/ATTRIBUTION.md. Generic
// infrastructure (big sites, link shorteners, privacy-redacted registrants,
// the platform's own apps) never counts.
package attribution

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/botsweep/botsweep"
)

// Options configure an Attributor. The zero value is valid.
type Options struct {
	// HighMembers is how many distinct members must link a domain for a
	// direct-domain or registrant chain to be high confidence. Default 10.
	HighMembers int
	// MediumMembers is how many distinct members must link a domain for a
	// registrant chain to be medium confidence; fewer make it low.
	// Default 3.
	MediumMembers int
	// MaxRegistrantDomains: a registrant holding more domains than this in
	// the registration records is bulk infrastructure (a registrar,
	// reseller or brand-protection service) and never links. Default 50.
	MaxRegistrantDomains int
	// ExtraGenericDomains, ExtraGenericRegistrants (substrings) and
	// ExtraGenericClients extend the built-in generic lists.
	ExtraGenericDomains     []string
	ExtraGenericRegistrants []string
	ExtraGenericClients     []string
}

func (o *Options) defaults() {
	if o.HighMembers <= 0 {
		o.HighMembers = 10
	}
	if o.MediumMembers <= 0 {
		o.MediumMembers = 3
	}
	if o.MediumMembers > o.HighMembers {
		o.MediumMembers = o.HighMembers
	}
	if o.MaxRegistrantDomains <= 0 {
		o.MaxRegistrantDomains = 50
	}
}

// Reference is the reference data attribution matches against: prior
// operations and domain registration records.
type Reference struct {
	Operations    []botsweep.PriorOperation
	Registrations []botsweep.DomainRegistration
	// OperationClients are client apps seen on the known accounts of each
	// operation (by operation name), beyond those its indicators list.
	OperationClients map[string][]string
}

// LoadReference reads the prior operations and domain registrations of src.
func LoadReference(ctx context.Context, src botsweep.Source) (*Reference, error) {
	ref := &Reference{}
	if err := src.EachPriorOperation(ctx, func(o *botsweep.PriorOperation) error {
		c := *o
		c.Indicators.Domains = append([]string(nil), o.Indicators.Domains...)
		c.Indicators.ScreenNames = append([]string(nil), o.Indicators.ScreenNames...)
		c.Indicators.AccountIDs = append([]string(nil), o.Indicators.AccountIDs...)
		c.Indicators.Clients = append([]string(nil), o.Indicators.Clients...)
		ref.Operations = append(ref.Operations, c)
		return nil
	}); err != nil {
		return nil, wrap(err, "read prior operations")
	}
	if err := src.EachDomainRegistration(ctx, func(r *botsweep.DomainRegistration) error {
		ref.Registrations = append(ref.Registrations, *r)
		return nil
	}); err != nil {
		return nil, wrap(err, "read domain registrations")
	}
	return ref, nil
}

func wrap(err error, what string) error {
	if botsweep.ErrorCode(err) != botsweep.EINTERNAL {
		return err
	}
	return botsweep.Errorf(botsweep.EINTERNAL, "%s: %w", what, err)
}

// Attributor matches networks against a Reference. It is safe for
// concurrent use once built.
type Attributor struct {
	opts    Options
	generic *Generic
	ops     []botsweep.PriorOperation

	opDomains  map[string][]int // registrable domain -> operations listing it
	opIDs      map[string][]int
	opNames    map[string][]int // lowercased screen name
	opClients  map[string][]int // normalised client name
	registrant map[string][]string
	// byRegistrant: normalised registrant -> its domains, sorted.
	byRegistrant map[string][]string
	regName      map[string]string // normalised -> name as first written
}

// New builds an Attributor over ref.
func New(ref *Reference, opts Options) *Attributor {
	opts.defaults()
	a := &Attributor{
		opts:         opts,
		generic:      NewGeneric(opts.ExtraGenericDomains, opts.ExtraGenericRegistrants, opts.ExtraGenericClients),
		opDomains:    make(map[string][]int),
		opIDs:        make(map[string][]int),
		opNames:      make(map[string][]int),
		opClients:    make(map[string][]int),
		registrant:   make(map[string][]string),
		byRegistrant: make(map[string][]string),
		regName:      make(map[string]string),
	}
	if ref == nil {
		ref = &Reference{}
	}
	a.ops = ref.Operations
	add := func(m map[string][]int, k string, i int) {
		if k == "" {
			return
		}
		for _, j := range m[k] {
			if j == i {
				return
			}
		}
		m[k] = append(m[k], i)
	}
	for i := range a.ops {
		ind := &a.ops[i].Indicators
		for _, d := range ind.Domains {
			add(a.opDomains, domainOf(d), i)
		}
		for _, id := range ind.AccountIDs {
			add(a.opIDs, strings.TrimSpace(id), i)
		}
		for _, s := range ind.ScreenNames {
			add(a.opNames, normScreen(s), i)
		}
		for _, c := range ind.Clients {
			add(a.opClients, normName(c), i)
		}
		for _, c := range ref.OperationClients[a.ops[i].Name] {
			add(a.opClients, normName(c), i)
		}
	}
	seen := make(map[[2]string]bool)
	for _, r := range ref.Registrations {
		d := domainOf(r.Domain)
		n := normName(r.Registrant)
		if d == "" || seen[[2]string{d, n}] {
			continue
		}
		seen[[2]string{d, n}] = true
		if _, ok := a.regName[n]; !ok {
			a.regName[n] = strings.TrimSpace(r.Registrant)
		}
		a.registrant[d] = append(a.registrant[d], n)
		a.byRegistrant[n] = append(a.byRegistrant[n], d)
	}
	for _, ds := range a.byRegistrant {
		sort.Strings(ds)
	}
	return a
}

// Generic returns the generic-infrastructure lists the Attributor applies.
func (a *Attributor) Generic() *Generic { return a.generic }

// domainOf returns the registrable domain of a domain or URL as written in
// reference data, falling back to the normalised name.
func domainOf(s string) string {
	if d := botsweep.RegistrableDomain(s); d != "" {
		return d
	}
	return normDomain(s)
}

func normScreen(s string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
}

// Traces are the indicators of one network's members that attribution
// reads: which members link which domains and post with which clients.
type Traces struct {
	domains map[string]map[string]struct{}
	clients map[string]map[string]struct{}
}

// NewTraces returns empty traces.
func NewTraces() *Traces {
	return &Traces{domains: make(map[string]map[string]struct{}), clients: make(map[string]map[string]struct{})}
}

func addSet(m map[string]map[string]struct{}, k, member string) {
	if k == "" {
		return
	}
	s := m[k]
	if s == nil {
		s = make(map[string]struct{})
		m[k] = s
	}
	s[member] = struct{}{}
}

// AddAccount records a member's profile domain.
func (t *Traces) AddAccount(acc *botsweep.Account) {
	d := acc.URLDomain
	if d == "" {
		d = botsweep.RegistrableDomain(acc.URL)
	}
	addSet(t.domains, normDomain(d), acc.ID)
}

// AddPost records the link domains and client app of a member's post.
func (t *Traces) AddPost(p *botsweep.Post) {
	if len(p.Domains) > 0 {
		for _, d := range p.Domains {
			addSet(t.domains, normDomain(d), p.AccountID)
		}
	} else {
		for _, u := range p.URLs {
			addSet(t.domains, botsweep.RegistrableDomain(u), p.AccountID)
		}
	}
	if c := strings.TrimSpace(p.Client); c != "" {
		addSet(t.clients, c, p.AccountID)
	}
}

// finding is one evidence chain from a network to an operation.
type finding struct {
	op      int
	tier    botsweep.Confidence
	basis   string
	members int
	chain   []botsweep.Link
	summary string
}

var tierRank = map[botsweep.Confidence]int{botsweep.ConfidenceLow: 1, botsweep.ConfidenceMedium: 2, botsweep.ConfidenceHigh: 3}

var basisRank = map[string]int{"account-id": 5, "screen-name": 4, "domain": 3, "registrant": 2, "client": 1}

// better orders findings strongest first: tier, then members, then basis.
func better(x, y *finding) bool {
	if tierRank[x.tier] != tierRank[y.tier] {
		return tierRank[x.tier] > tierRank[y.tier]
	}
	if x.members != y.members {
		return x.members > y.members
	}
	if basisRank[x.basis] != basisRank[y.basis] {
		return basisRank[x.basis] > basisRank[y.basis]
	}
	return x.summary < y.summary
}

func (a *Attributor) opLabel(i int) string {
	o := &a.ops[i]
	if o.Disclosed != "" {
		return fmt.Sprintf("operation %q (disclosed %s)", o.Name, o.Disclosed)
	}
	return fmt.Sprintf("operation %q", o.Name)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func list(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:max], ", "), len(items)-max)
}

type domainCount struct {
	domain  string
	members map[string]struct{}
}

// Candidates returns the attribution candidates of net from its members'
// traces, strongest first: one per prior operation it shares non-generic
// indicators with, each with its strongest chain and the others in Also.
func (a *Attributor) Candidates(net *botsweep.Network, tr *Traces) []botsweep.AttributionCandidate {
	if tr == nil {
		tr = NewTraces()
	}
	var fs []finding

	// Direct account-id and screen-name overlap.
	idHits := make(map[int][]string)
	nameHits := make(map[int][]string)
	for _, m := range net.Members {
		for _, i := range a.opIDs[strings.TrimSpace(m.AccountID)] {
			idHits[i] = append(idHits[i], m.AccountID)
		}
		if m.ScreenName != "" {
			for _, i := range a.opNames[normScreen(m.ScreenName)] {
				nameHits[i] = append(nameHits[i], "@"+m.ScreenName)
			}
		}
	}
	for i, ids := range idHits {
		n := len(ids)
		sort.Strings(ids)
		fs = append(fs, finding{op: i, tier: botsweep.ConfidenceHigh, basis: "account-id", members: n,
			chain: []botsweep.Link{
				{From: plural(n, "member", "members"), Relation: "are the accounts", To: list(ids, 5)},
				{From: list(ids, 5), Relation: "listed as accounts of", To: a.opLabel(i)},
			},
			summary: fmt.Sprintf("%s (%s) %s listed as %s of %s.", plural(n, "member", "members"), list(ids, 5), isAre(n), accounts(n), a.opLabel(i))})
	}
	for i, names := range nameHits {
		n := len(names)
		sort.Strings(names)
		fs = append(fs, finding{op: i, tier: botsweep.ConfidenceHigh, basis: "screen-name", members: n,
			chain: []botsweep.Link{
				{From: plural(n, "member", "members"), Relation: "use the screen names", To: list(names, 5)},
				{From: list(names, 5), Relation: "listed as screen names of", To: a.opLabel(i)},
			},
			summary: fmt.Sprintf("%s (%s) use screen names listed by %s.", plural(n, "member", "members"), list(names, 5), a.opLabel(i))})
	}

	// Domains: direct overlap and registrant chains.
	var domains []domainCount
	for d, ms := range tr.domains {
		if a.generic.Domain(d) {
			continue
		}
		domains = append(domains, domainCount{d, ms})
	}
	sort.Slice(domains, func(i, j int) bool {
		if len(domains[i].members) != len(domains[j].members) {
			return len(domains[i].members) > len(domains[j].members)
		}
		return domains[i].domain < domains[j].domain
	})
	type regKey struct {
		reg string
		op  int
	}
	type regAgg struct {
		netDomains []string            // network domains registered by reg
		members    map[string]struct{} // members linking any of them
		opDomains  map[string]bool     // the operation's domains reg registered
	}
	regs := make(map[regKey]*regAgg)
	for _, dc := range domains {
		d, n := dc.domain, len(dc.members)
		direct := make(map[int]bool)
		for _, i := range a.opDomains[d] {
			direct[i] = true
			tier := botsweep.ConfidenceMedium
			if n >= a.opts.HighMembers {
				tier = botsweep.ConfidenceHigh
			}
			fs = append(fs, finding{op: i, tier: tier, basis: "domain", members: n,
				chain: []botsweep.Link{
					{From: plural(n, "member", "members"), Relation: "link", To: d},
					{From: d, Relation: "is a domain of", To: a.opLabel(i)},
				},
				summary: fmt.Sprintf("%s link %s, a domain of %s.", plural(n, "member", "members"), d, a.opLabel(i))})
		}
		for _, r := range a.registrant[d] {
			if a.generic.Registrant(r) || len(a.byRegistrant[r]) > a.opts.MaxRegistrantDomains {
				continue
			}
			for _, d2 := range a.byRegistrant[r] {
				if d2 == d || a.generic.Domain(d2) {
					continue
				}
				for _, i := range a.opDomains[d2] {
					if direct[i] {
						continue // the direct overlap already ties d to this operation
					}
					k := regKey{r, i}
					g := regs[k]
					if g == nil {
						g = &regAgg{members: make(map[string]struct{}), opDomains: make(map[string]bool)}
						regs[k] = g
					}
					if len(g.netDomains) == 0 || g.netDomains[len(g.netDomains)-1] != d {
						g.netDomains = append(g.netDomains, d)
						for m := range dc.members {
							g.members[m] = struct{}{}
						}
					}
					g.opDomains[d2] = true
				}
			}
		}
	}
	for k, g := range regs {
		n := len(g.members)
		tier := botsweep.ConfidenceLow
		switch {
		case n >= a.opts.HighMembers:
			tier = botsweep.ConfidenceHigh
		case n >= a.opts.MediumMembers:
			tier = botsweep.ConfidenceMedium
		}
		var od []string
		for d := range g.opDomains {
			od = append(od, d)
		}
		sort.Strings(od)
		name := a.regName[k.reg]
		nd := list(g.netDomains, 3)
		fs = append(fs, finding{op: k.op, tier: tier, basis: "registrant", members: n,
			chain: []botsweep.Link{
				{From: plural(n, "member", "members"), Relation: "link", To: nd},
				{From: nd, Relation: "registered by", To: name},
				{From: name, Relation: "also registered", To: list(od, 3)},
				{From: list(od, 3), Relation: domainsOf(len(od)), To: a.opLabel(k.op)},
			},
			summary: fmt.Sprintf("%s link %s, registered by %s, who also registered %s, %s %s.",
				plural(n, "member", "members"), nd, name, list(od, 3), aDomainOf(len(od)), a.opLabel(k.op))})
	}

	// Client apps: weak links only.
	var clients []string
	for c := range tr.clients {
		if !a.generic.Client(c) {
			clients = append(clients, c)
		}
	}
	sort.Strings(clients)
	for _, c := range clients {
		n := len(tr.clients[c])
		for _, i := range a.opClients[normName(c)] {
			fs = append(fs, finding{op: i, tier: botsweep.ConfidenceLow, basis: "client", members: n,
				chain: []botsweep.Link{
					{From: plural(n, "member", "members"), Relation: "post with the client app", To: c},
					{From: c, Relation: "was used by", To: a.opLabel(i)},
				},
				summary: fmt.Sprintf("%s post with the client app %q, also used by %s.", plural(n, "member", "members"), c, a.opLabel(i))})
		}
	}

	// One candidate per operation: its strongest chain, the rest in Also.
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].op != fs[j].op {
			return fs[i].op < fs[j].op
		}
		return better(&fs[i], &fs[j])
	})
	var out []botsweep.AttributionCandidate
	var best []finding
	for i := 0; i < len(fs); {
		j := i
		for j < len(fs) && fs[j].op == fs[i].op {
			j++
		}
		f := fs[i]
		o := &a.ops[f.op]
		c := botsweep.AttributionCandidate{
			Operation: o.Name, Attribution: o.Attribution, StateBacked: o.StateBacked,
			Confidence: f.tier, Chain: f.chain, Summary: f.summary, Basis: f.basis, Members: f.members,
		}
		for _, g := range fs[i+1 : j] {
			if len(c.Also) == 8 {
				c.Also = append(c.Also, fmt.Sprintf("and %d more chains", j-i-1-8))
				break
			}
			c.Also = append(c.Also, fmt.Sprintf("[%s] %s", g.tier, g.summary))
		}
		out = append(out, c)
		best = append(best, f)
		i = j
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return better(&best[idx[x]], &best[idx[y]]) })
	sorted := make([]botsweep.AttributionCandidate, len(out))
	for i, k := range idx {
		sorted[i] = out[k]
	}
	return sorted
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func accounts(n int) string {
	if n == 1 {
		return "an account"
	}
	return "accounts"
}

func domainsOf(n int) string {
	if n == 1 {
		return "is a domain of"
	}
	return "are domains of"
}

func aDomainOf(n int) string {
	if n == 1 {
		return "a domain of"
	}
	return "domains of"
}

// Attribute sets net.Attribution to its candidates and net.StateBacked to
// whether a high-confidence chain reaches a state-backed operation.
func (a *Attributor) Attribute(net *botsweep.Network, tr *Traces) {
	net.Attribution = a.Candidates(net, tr)
	if net.Attribution == nil {
		net.Attribution = []botsweep.AttributionCandidate{}
	}
	net.StateBacked = EstablishesStateBacking(net.Attribution)
}

// EstablishesStateBacking reports whether any candidate is a
// high-confidence chain to an operation marked state backed: the only
// case in which botsweep claims state backing.
func EstablishesStateBacking(cands []botsweep.AttributionCandidate) bool {
	for _, c := range cands {
		if c.Confidence == botsweep.ConfidenceHigh && c.StateBacked {
			return true
		}
	}
	return false
}

// Statement is the network's attribution in one sentence for a person:
// state backing where established, otherwise "unknown" with the strongest
// candidate, if any, and why it falls short.
func Statement(net *botsweep.Network) string {
	for _, c := range net.Attribution {
		if c.Confidence == botsweep.ConfidenceHigh && c.StateBacked {
			who := c.Attribution
			if who == "" {
				who = "a state actor"
			}
			return fmt.Sprintf("state-backed: linked with high confidence to operation %q, attributed to %s. %s", c.Operation, who, c.Summary)
		}
	}
	if len(net.Attribution) == 0 {
		return "unknown: no shared non-generic infrastructure with any prior operation."
	}
	c := net.Attribution[0]
	why := "the operation is not marked state backed"
	if c.Confidence != botsweep.ConfidenceHigh {
		why = fmt.Sprintf("the strongest chain is only %s confidence", c.Confidence)
	}
	return fmt.Sprintf("unknown: closest candidate is operation %q (%s confidence), but %s. %s", c.Operation, c.Confidence, why, c.Summary)
}

// Run attributes every network in nets from src (see Build) and sets each
// network's Attribution and StateBacked.
func Run(ctx context.Context, src botsweep.Source, nets []botsweep.Network, opts Options) error {
	idx, err := Build(ctx, src, opts)
	if err != nil {
		return err
	}
	for i := range nets {
		idx.Attribute(&nets[i])
	}
	return nil
}

// Index holds, for every account of a Source, only the indicators that can
// tie it to a prior operation: the profile and link domains that are an
// operation's domain or were registered by a registrant of one, and the
// non-generic client apps. It attributes any network of that Source
// without another scan, so detection can call it once per network.
type Index struct {
	a       *Attributor
	domains map[string][]uint32 // account id -> relevant domains (interned)
	clients map[string][]uint32 // account id -> non-generic clients (interned)
	names   []string
	intern  map[string]uint32
}

// Build loads the reference data of src, then reads every account and post
// once, keeping only what attribution can use. With no prior operations it
// reads nothing more: no network can be attributed.
func Build(ctx context.Context, src botsweep.Source, opts Options) (*Index, error) {
	ref, err := LoadReference(ctx, src)
	if err != nil {
		return nil, err
	}
	idx := &Index{
		domains: make(map[string][]uint32), clients: make(map[string][]uint32),
		intern: make(map[string]uint32),
	}
	if len(ref.Operations) == 0 {
		idx.a = New(ref, opts)
		return idx, nil
	}
	pre := New(ref, opts)
	relevant := pre.relevantDomains()

	opIDs := make(map[string][]string)
	opNames := make(map[string][]string)
	for _, o := range ref.Operations {
		for _, id := range o.Indicators.AccountIDs {
			opIDs[strings.TrimSpace(id)] = append(opIDs[strings.TrimSpace(id)], o.Name)
		}
		for _, sn := range o.Indicators.ScreenNames {
			opNames[normScreen(sn)] = append(opNames[normScreen(sn)], o.Name)
		}
	}
	opAccount := make(map[string][]string) // account id -> operations listing it
	for id, ops := range opIDs {
		opAccount[id] = ops
	}
	if err := src.EachAccount(ctx, func(acc *botsweep.Account) error {
		d := acc.URLDomain
		if d == "" {
			d = botsweep.RegistrableDomain(acc.URL)
		}
		if d = normDomain(d); relevant[d] {
			idx.domains[acc.ID] = idx.add(idx.domains[acc.ID], d)
		}
		if ops := opNames[normScreen(acc.ScreenName)]; len(ops) > 0 {
			opAccount[acc.ID] = append(opAccount[acc.ID], ops...)
		}
		return nil
	}); err != nil {
		return nil, wrap(err, "read accounts")
	}
	opClients := make(map[string]map[string]bool)
	genericClient := make(map[string]bool)
	if err := src.EachPost(ctx, func(p *botsweep.Post) error {
		if len(p.Domains) > 0 {
			for _, d := range p.Domains {
				if d = normDomain(d); relevant[d] {
					idx.domains[p.AccountID] = idx.add(idx.domains[p.AccountID], d)
				}
			}
		} else {
			for _, u := range p.URLs {
				if d := botsweep.RegistrableDomain(u); relevant[d] {
					idx.domains[p.AccountID] = idx.add(idx.domains[p.AccountID], d)
				}
			}
		}
		c := strings.TrimSpace(p.Client)
		if c == "" {
			return nil
		}
		for _, o := range opAccount[p.AccountID] {
			if opClients[o] == nil {
				opClients[o] = make(map[string]bool)
			}
			opClients[o][c] = true
		}
		generic, ok := genericClient[c]
		if !ok {
			generic = pre.generic.Client(c)
			genericClient[c] = generic
		}
		if !generic {
			idx.clients[p.AccountID] = idx.add(idx.clients[p.AccountID], c)
		}
		return nil
	}); err != nil {
		return nil, wrap(err, "read posts")
	}
	ref.OperationClients = make(map[string][]string)
	for o, cs := range opClients {
		for c := range cs {
			ref.OperationClients[o] = append(ref.OperationClients[o], c)
		}
		sort.Strings(ref.OperationClients[o])
	}
	idx.a = New(ref, opts)
	return idx, nil
}

func (idx *Index) add(list []uint32, name string) []uint32 {
	id, ok := idx.intern[name]
	if !ok {
		id = uint32(len(idx.names))
		idx.names = append(idx.names, name)
		idx.intern[name] = id
	}
	for _, x := range list {
		if x == id {
			return list
		}
	}
	return append(list, id)
}

// Traces returns the traces of net's members from the index.
func (idx *Index) Traces(net *botsweep.Network) *Traces {
	tr := NewTraces()
	for _, m := range net.Members {
		for _, d := range idx.domains[m.AccountID] {
			addSet(tr.domains, idx.names[d], m.AccountID)
		}
		for _, c := range idx.clients[m.AccountID] {
			addSet(tr.clients, idx.names[c], m.AccountID)
		}
	}
	return tr
}

// Attribute sets net's Attribution and StateBacked from the index. It is
// safe for concurrent use.
func (idx *Index) Attribute(net *botsweep.Network) {
	idx.a.Attribute(net, idx.Traces(net))
}

// relevantDomains are the domains a chain can start from: the operations'
// non-generic domains and every non-generic domain registered by a
// non-generic, non-bulk registrant of one of them.
func (a *Attributor) relevantDomains() map[string]bool {
	rel := make(map[string]bool)
	for d := range a.opDomains {
		if a.generic.Domain(d) {
			continue
		}
		rel[d] = true
		for _, r := range a.registrant[d] {
			if a.generic.Registrant(r) || len(a.byRegistrant[r]) > a.opts.MaxRegistrantDomains {
				continue
			}
			for _, d2 := range a.byRegistrant[r] {
				if !a.generic.Domain(d2) {
					rel[d2] = true
				}
			}
		}
	}
	return rel
}
