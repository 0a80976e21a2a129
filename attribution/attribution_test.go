package attribution_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/attribution"
)

const registrant = "Gulf Digital Consulting FZE"

// reference is a small world of reference data: a state-backed operation
// from 2018-10 and one that is not state backed.
func reference() *attribution.Reference {
	return &attribution.Reference{
		Operations: []botsweep.PriorOperation{
			{
				Name: "Gulf 2018-10", Disclosed: "2018-10", Attribution: "a Gulf government", StateBacked: true,
				Indicators: botsweep.Indicators{
					Domains:     []string{"gulfvoice-media.com", "http://www.gulf-daily-truth.net/x", "bit.ly", "nytimes.com", "twitter.com"},
					ScreenNames: []string{"@GulfVoiceNews", "desert_truth"},
					AccountIDs:  []string{"900001", "900002"},
					Clients:     []string{"GulfPoster", "Twitter Web App", "Twitter for iPhone"},
				},
			},
			{
				Name: "Spam 2019-01", Disclosed: "2019-01", Attribution: "a commercial spammer", StateBacked: false,
				Indicators: botsweep.Indicators{Domains: []string{"cheap-pills.biz"}, AccountIDs: []string{"800001"}},
			},
		},
		Registrations: []botsweep.DomainRegistration{
			{Domain: "globus-news.info", Registrant: registrant},
			{Domain: "gulfvoice-media.com", Registrant: registrant},
			{Domain: "pills-outlet.biz", Registrant: "Spam Holdings Ltd"},
			{Domain: "cheap-pills.biz", Registrant: "Spam Holdings Ltd"},
			// a chain through a shortener the operation lists
			{Domain: "shortchain.org", Registrant: "Link Owner LLC"},
			{Domain: "bit.ly", Registrant: "Link Owner LLC"},
		},
	}
}

// network returns a network of n members with ids 1..n and screen names
// bot1..botn, and traces in which the first k members link domain.
func network(n int) *botsweep.Network {
	net := &botsweep.Network{ID: "N1"}
	for i := 1; i <= n; i++ {
		net.Members = append(net.Members, botsweep.Member{AccountID: fmt.Sprint(i), ScreenName: fmt.Sprintf("bot%d", i), Role: botsweep.RoleCore})
	}
	return net
}

func linking(tr *attribution.Traces, k int, domain string) *attribution.Traces {
	for i := 1; i <= k; i++ {
		tr.AddPost(&botsweep.Post{ID: fmt.Sprintf("p%d-%s", i, domain), AccountID: fmt.Sprint(i), URLs: []string{"https://" + domain + "/story"}})
	}
	return tr
}

func profiles(tr *attribution.Traces, k int, url string) *attribution.Traces {
	for i := 1; i <= k; i++ {
		tr.AddAccount(&botsweep.Account{ID: fmt.Sprint(i), URL: url})
	}
	return tr
}

func clients(tr *attribution.Traces, k int, client string) *attribution.Traces {
	for i := 1; i <= k; i++ {
		tr.AddPost(&botsweep.Post{ID: fmt.Sprintf("c%d", i), AccountID: fmt.Sprint(i), Client: client})
	}
	return tr
}

func TestTiers(t *testing.T) {
	tests := []struct {
		name        string
		net         func() *botsweep.Network
		traces      func() *attribution.Traces
		wantOp      string
		wantTier    botsweep.Confidence
		wantBasis   string
		wantMembers int
		wantState   bool
		wantSummary string // when set, the exact sentence
	}{
		{
			name: "account id overlap is high",
			net: func() *botsweep.Network {
				n := network(3)
				n.Members[1].AccountID = "900002"
				return n
			},
			traces: attribution.NewTraces, wantOp: "Gulf 2018-10", wantTier: botsweep.ConfidenceHigh,
			wantBasis: "account-id", wantMembers: 1, wantState: true,
			wantSummary: `1 member (900002) is listed as an account of operation "Gulf 2018-10" (disclosed 2018-10).`,
		},
		{
			name: "screen name overlap is high, case and @ ignored",
			net: func() *botsweep.Network {
				n := network(3)
				n.Members[0].ScreenName = "gulfvoicenews"
				return n
			},
			traces: attribution.NewTraces, wantOp: "Gulf 2018-10", wantTier: botsweep.ConfidenceHigh,
			wantBasis: "screen-name", wantMembers: 1, wantState: true,
		},
		{
			name:   "direct domain overlap with many members is high",
			net:    func() *botsweep.Network { return network(12) },
			traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 10, "news.gulfvoice-media.com") },
			wantOp: "Gulf 2018-10", wantTier: botsweep.ConfidenceHigh, wantBasis: "domain", wantMembers: 10, wantState: true,
			wantSummary: `10 members link gulfvoice-media.com, a domain of operation "Gulf 2018-10" (disclosed 2018-10).`,
		},
		{
			name: "direct domain overlap with few members is medium",
			net:  func() *botsweep.Network { return network(12) },
			traces: func() *attribution.Traces {
				return profiles(attribution.NewTraces(), 2, "http://gulf-daily-truth.net/")
			},
			wantOp: "Gulf 2018-10", wantTier: botsweep.ConfidenceMedium, wantBasis: "domain", wantMembers: 2,
		},
		{
			name: "registrant chain with many members is high",
			net:  func() *botsweep.Network { return network(50) },
			traces: func() *attribution.Traces {
				return linking(profiles(attribution.NewTraces(), 30, "globus-news.info"), 42, "globus-news.info")
			},
			wantOp: "Gulf 2018-10", wantTier: botsweep.ConfidenceHigh, wantBasis: "registrant", wantMembers: 42, wantState: true,
			wantSummary: `42 members link globus-news.info, registered by Gulf Digital Consulting FZE, who also registered gulfvoice-media.com, a domain of operation "Gulf 2018-10" (disclosed 2018-10).`,
		},
		{
			name:   "registrant chain with some members is medium",
			net:    func() *botsweep.Network { return network(50) },
			traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 5, "globus-news.info") },
			wantOp: "Gulf 2018-10", wantTier: botsweep.ConfidenceMedium, wantBasis: "registrant", wantMembers: 5,
		},
		{
			name:   "registrant chain with one member is low",
			net:    func() *botsweep.Network { return network(50) },
			traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 1, "globus-news.info") },
			wantOp: "Gulf 2018-10", wantTier: botsweep.ConfidenceLow, wantBasis: "registrant", wantMembers: 1,
		},
		{
			name:   "specific client app is low",
			net:    func() *botsweep.Network { return network(50) },
			traces: func() *attribution.Traces { return clients(attribution.NewTraces(), 50, "GulfPoster") },
			wantOp: "Gulf 2018-10", wantTier: botsweep.ConfidenceLow, wantBasis: "client", wantMembers: 50,
		},
		{
			name: "high chain to an operation not state backed claims nothing",
			net: func() *botsweep.Network {
				n := network(3)
				n.Members[2].AccountID = "800001"
				return n
			},
			traces: attribution.NewTraces, wantOp: "Spam 2019-01", wantTier: botsweep.ConfidenceHigh, wantBasis: "account-id", wantMembers: 1,
		},
		{
			name:   "registrant chain to an operation not state backed",
			net:    func() *botsweep.Network { return network(20) },
			traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 20, "pills-outlet.biz") },
			wantOp: "Spam 2019-01", wantTier: botsweep.ConfidenceHigh, wantBasis: "registrant", wantMembers: 20,
		},
		{
			name: "no shared infrastructure, no candidate",
			net:  func() *botsweep.Network { return network(20) },
			traces: func() *attribution.Traces {
				return clients(linking(attribution.NewTraces(), 20, "my-own-blog.org"), 20, "OtherTool")
			},
		},
	}
	a := attribution.New(reference(), attribution.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net := tt.net()
			a.Attribute(net, tt.traces())
			if net.StateBacked != tt.wantState {
				t.Errorf("StateBacked = %v, want %v", net.StateBacked, tt.wantState)
			}
			if tt.wantOp == "" {
				if len(net.Attribution) != 0 {
					t.Fatalf("candidates = %+v, want none", net.Attribution)
				}
				if got := attribution.Statement(net); !strings.HasPrefix(got, "unknown") {
					t.Errorf("Statement = %q, want unknown", got)
				}
				return
			}
			if len(net.Attribution) == 0 {
				t.Fatal("no candidate")
			}
			c := net.Attribution[0]
			if c.Operation != tt.wantOp || c.Confidence != tt.wantTier || c.Basis != tt.wantBasis || c.Members != tt.wantMembers {
				t.Errorf("candidate = %s/%s/%s/%d, want %s/%s/%s/%d (%s)", c.Operation, c.Confidence, c.Basis, c.Members,
					tt.wantOp, tt.wantTier, tt.wantBasis, tt.wantMembers, c.Summary)
			}
			if tt.wantSummary != "" && c.Summary != tt.wantSummary {
				t.Errorf("summary =\n%s\nwant\n%s", c.Summary, tt.wantSummary)
			}
			if len(c.Chain) < 2 || c.Chain[len(c.Chain)-1].To == "" {
				t.Errorf("chain = %+v", c.Chain)
			}
			stmt := attribution.Statement(net)
			if tt.wantState != strings.HasPrefix(stmt, "state-backed") {
				t.Errorf("Statement = %q", stmt)
			}
		})
	}
}

func TestRegistrantChainLinks(t *testing.T) {
	a := attribution.New(reference(), attribution.Options{})
	net := network(50)
	a.Attribute(net, linking(attribution.NewTraces(), 42, "globus-news.info"))
	want := []botsweep.Link{
		{From: "42 members", Relation: "link", To: "globus-news.info"},
		{From: "globus-news.info", Relation: "registered by", To: registrant},
		{From: registrant, Relation: "also registered", To: "gulfvoice-media.com"},
		{From: "gulfvoice-media.com", Relation: "is a domain of", To: `operation "Gulf 2018-10" (disclosed 2018-10)`},
	}
	got := net.Attribution[0].Chain
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("chain =\n%v\nwant\n%v", got, want)
	}
}

func TestWeakerChainsGoToAlso(t *testing.T) {
	a := attribution.New(reference(), attribution.Options{})
	net := network(50)
	net.Members[0].AccountID = "900001"
	a.Attribute(net, clients(linking(attribution.NewTraces(), 42, "globus-news.info"), 3, "GulfPoster"))
	if len(net.Attribution) != 1 {
		t.Fatalf("want one candidate per operation, got %d", len(net.Attribution))
	}
	c := net.Attribution[0]
	if c.Basis != "registrant" || c.Members != 41 && c.Members != 42 {
		t.Errorf("best = %s with %d members", c.Basis, c.Members)
	}
	if len(c.Also) != 2 || !strings.HasPrefix(c.Also[0], "[high]") || !strings.HasPrefix(c.Also[1], "[low]") {
		t.Errorf("Also = %q", c.Also)
	}
}

func TestGenericInfrastructureNeverLinks(t *testing.T) {
	privacy := []string{
		"REDACTED FOR PRIVACY", "Domains By Proxy, LLC", "DomainsByProxy.com", "WhoisGuard, Inc.",
		"Privacy Protect, LLC (PrivacyProtect.org)", "Withheld for Privacy ehf", "Contact Privacy Inc. Customer 0149511181",
		"Perfect Privacy, LLC", "Whois Privacy Protection Service, Inc.", "Super Privacy Service LTD c/o Dynadot",
		"PrivacyGuardian.org llc", "Data Protected", "GDPR Masked", "Statutory Masking Enabled", "", "N/A",
	}
	type tc struct {
		name   string
		ref    func(*attribution.Reference)
		opts   attribution.Options
		traces func() *attribution.Traces
	}
	var tests []tc
	for _, d := range []string{"nytimes.com", "twitter.com", "bit.ly"} {
		tests = append(tests, tc{
			name:   "operation and network share big site or shortener " + d,
			traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 50, d) },
		})
	}
	for _, d := range []string{"www.facebook.com", "youtu.be", "tinyurl.com", "ow.ly", "bbc.co.uk", "reuters.com", "news.google.com"} {
		tests = append(tests, tc{
			name: "generic domain " + d + " listed by an operation",
			ref: func(r *attribution.Reference) {
				r.Operations[0].Indicators.Domains = append(r.Operations[0].Indicators.Domains, d)
			},
			traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 50, d) },
		})
	}
	tests = append(tests, tc{
		name:   "registrant chain ending in a shortener",
		traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 50, "shortchain.org") },
	})
	tests = append(tests, tc{
		name: "registrant chain starting at a generic domain",
		ref: func(r *attribution.Reference) {
			r.Registrations = append(r.Registrations, botsweep.DomainRegistration{Domain: "medium.com", Registrant: registrant})
		},
		traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 50, "medium.com") },
	})
	for _, p := range privacy {
		tests = append(tests, tc{
			name: "privacy-redacted registrant " + p,
			ref: func(r *attribution.Reference) {
				r.Registrations = append(r.Registrations,
					botsweep.DomainRegistration{Domain: "innocent-blog.com", Registrant: p},
					botsweep.DomainRegistration{Domain: "gulfvoice-media.com", Registrant: p})
			},
			traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 50, "innocent-blog.com") },
		})
	}
	tests = append(tests, tc{
		name: "bulk registrant with more domains than the cap",
		ref: func(r *attribution.Reference) {
			for i := 0; i < 5; i++ {
				r.Registrations = append(r.Registrations, botsweep.DomainRegistration{Domain: fmt.Sprintf("brand%d.com", i), Registrant: registrant})
			}
		},
		opts:   attribution.Options{MaxRegistrantDomains: 4},
		traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 50, "globus-news.info") },
	})
	tests = append(tests, tc{
		name:   "extra generic registrant from options",
		opts:   attribution.Options{ExtraGenericRegistrants: []string{"gulf digital"}},
		traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 50, "globus-news.info") },
	})
	tests = append(tests, tc{
		name:   "extra generic domain from options",
		opts:   attribution.Options{ExtraGenericDomains: []string{"gulfvoice-media.com"}},
		traces: func() *attribution.Traces { return linking(attribution.NewTraces(), 50, "gulfvoice-media.com") },
	})
	for _, c := range []string{"Twitter Web App", "Twitter for iPhone", "twitter for android", "TweetDeck", "Hootsuite Inc.", "Mobile Web (M2)", "Twitter Web Client", "Twitter for Android Tablets"} {
		tests = append(tests, tc{
			name: "generic client app " + c,
			ref: func(r *attribution.Reference) {
				r.Operations[0].Indicators.Clients = append(r.Operations[0].Indicators.Clients, c)
			},
			traces: func() *attribution.Traces { return clients(attribution.NewTraces(), 50, c) },
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := reference()
			if tt.ref != nil {
				tt.ref(ref)
			}
			a := attribution.New(ref, tt.opts)
			net := network(50)
			a.Attribute(net, tt.traces())
			if len(net.Attribution) != 0 || net.StateBacked {
				t.Errorf("generic infrastructure linked: %+v", net.Attribution)
			}
		})
	}
}

func TestGenericLists(t *testing.T) {
	g := attribution.NewGeneric(nil, nil, nil)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"news site", g.Domain("nytimes.com"), true},
		{"subdomain of generic", g.Domain("edition.cnn.com"), true},
		{"shortener", g.Domain("bit.ly"), true},
		{"specific domain", g.Domain("globus-news.info"), false},
		{"domain ending like a generic one", g.Domain("notbit.ly"), false},
		{"redacted registrant", g.Registrant("REDACTED FOR PRIVACY"), true},
		{"registrant with punctuation", g.Registrant("Domains-By-Proxy, LLC"), true},
		{"named registrant", g.Registrant("Gulf Digital Consulting FZE"), false},
		{"platform client", g.Client("Twitter for iPad"), true},
		{"empty client", g.Client(" "), true},
		{"specific client", g.Client("GulfPoster"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

// TestRun attributes networks straight from a Source: profile domains from
// accounts, link domains from posts, client apps of an operation's known
// accounts from their posts.
func TestRun(t *testing.T) {
	ref := reference()
	ds := &botsweep.Dataset{Operations: ref.Operations, Registrations: ref.Registrations}
	t0 := time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC)
	var bots, others botsweep.Network
	bots.ID, others.ID = "globus", "fans"
	for i := 0; i < 30; i++ {
		id := fmt.Sprint(1000 + i)
		_ = ds.Account(&botsweep.Account{ID: id, ScreenName: "g" + id, URL: "https://globus-news.info/about", CreatedAt: t0})
		_ = ds.Post(&botsweep.Post{ID: "p" + id, AccountID: id, Client: "Twitter Web App", URLs: []string{"https://bit.ly/x"}, Domains: []string{"bit.ly"}})
		bots.Members = append(bots.Members, botsweep.Member{AccountID: id, ScreenName: "g" + id, Role: botsweep.RoleCore})
		fid := fmt.Sprint(2000 + i)
		_ = ds.Account(&botsweep.Account{ID: fid, ScreenName: "f" + fid, URL: "https://twitter.com/idol"})
		_ = ds.Post(&botsweep.Post{ID: "q" + fid, AccountID: fid, Client: "FanApp", Domains: []string{"nytimes.com"}})
		others.Members = append(others.Members, botsweep.Member{AccountID: fid, ScreenName: "f" + fid, Role: botsweep.RoleCore})
	}
	// A known account of the spam operation posted with FanApp.
	_ = ds.Post(&botsweep.Post{ID: "s1", AccountID: "800001", Client: "FanApp"})
	nets := []botsweep.Network{bots, others}
	if err := attribution.Run(context.Background(), ds, nets, attribution.Options{}); err != nil {
		t.Fatal(err)
	}
	if !nets[0].StateBacked || len(nets[0].Attribution) != 1 || nets[0].Attribution[0].Basis != "registrant" || nets[0].Attribution[0].Members != 30 {
		t.Errorf("globus attribution = %+v", nets[0].Attribution)
	}
	if nets[1].StateBacked || len(nets[1].Attribution) != 1 || nets[1].Attribution[0].Confidence != botsweep.ConfidenceLow || nets[1].Attribution[0].Operation != "Spam 2019-01" {
		t.Errorf("fans attribution = %+v", nets[1].Attribution)
	}
}
