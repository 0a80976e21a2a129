package httpapi

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/botsweep/botsweep"
)

// Graph is a network's member graph as the dashboard draws it: members,
// the accounts they amplify and the domains they share, tied by what the
// posts and follows actually show.
type Graph struct {
	NetworkID string      `json:"network_id"`
	Members   int         `json:"members"` // members in the network
	Shown     int         `json:"shown"`   // members drawn (capped, highest tie first)
	Nodes     []GraphNode `json:"nodes"`
	Edges     []GraphEdge `json:"edges"`
}

// GraphNode is an account or a domain.
type GraphNode struct {
	ID    string  `json:"id"`
	Label string  `json:"label"`
	Kind  string  `json:"kind"` // "core", "associated", "amplified", "followed" or "domain"
	Score float64 `json:"score,omitempty"`
}

// GraphEdge ties two nodes.
type GraphEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	// Kind is the layer the tie shows: "retweet" (member → amplified
	// account: co-retweet), "link" (member → domain: shared links),
	// "follow" (member → member: follow lockstep) or "follow-set" (member →
	// an account many members follow: near-identical followee sets).
	Kind   string `json:"kind"`
	Weight int    `json:"weight"`
}

// maxHubs caps the amplified accounts, followed accounts and domains drawn.
const maxHubs = 12

// minFollowSetShare is the share of the drawn members (at least two) that
// must follow an outside account for it to be drawn as a followed hub.
const minFollowSetShare = 0.2

func (s *Server) handleGraph(w http.ResponseWriter, r *http.Request) error {
	n, err := s.network(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	// A new detection run may reuse an id for changed members: key the
	// cache by the run's time as well.
	key := n.ID + "@" + n.DetectedAt.UTC().Format(time.RFC3339Nano)
	g, ok := s.graphs.get(key)
	if !ok {
		v, err, _ := s.flight.Do("graph\x00"+key, func() (any, error) {
			g, err := s.buildGraph(context.WithoutCancel(r.Context()), n)
			if err != nil {
				return nil, err
			}
			s.graphs.put(key, g)
			return g, nil
		})
		if err != nil {
			return err
		}
		g = v.(*Graph)
	}
	writeJSON(w, http.StatusOK, g)
	return nil
}

// buildGraph scans posts (and follows) once for the network's members.
// Without a GraphSource it draws members tied to the amplified accounts
// the network's evidence names, unweighted.
func (s *Server) buildGraph(ctx context.Context, n *botsweep.Network) (*Graph, error) {
	members := append([]botsweep.Member(nil), n.Members...)
	sort.SliceStable(members, func(i, j int) bool { return members[i].Score > members[j].Score })
	if len(members) > s.opts.MaxGraphMembers {
		members = members[:s.opts.MaxGraphMembers]
	}
	g := &Graph{NetworkID: n.ID, Members: len(n.Members), Shown: len(members), Nodes: []GraphNode{}, Edges: []GraphEdge{}}
	in := make(map[string]bool, len(members))
	for _, m := range members {
		in[m.AccountID] = true
		label := m.ScreenName
		if label == "" {
			label = m.AccountID
		}
		g.Nodes = append(g.Nodes, GraphNode{ID: m.AccountID, Label: "@" + label, Kind: string(m.Role), Score: m.Score})
	}
	hub := map[string]bool{}
	for i, a := range n.Amplified {
		if i == maxHubs {
			break
		}
		if in[a.AccountID] {
			continue
		}
		hub[a.AccountID] = true
		g.Nodes = append(g.Nodes, GraphNode{ID: a.AccountID, Label: "@" + a.ScreenName, Kind: "amplified", Score: a.Share})
	}
	domains := map[string]bool{}
	for i, d := range n.Evidence.Domains {
		if i == maxHubs {
			break
		}
		domains[d.Name] = true
		g.Nodes = append(g.Nodes, GraphNode{ID: "domain:" + d.Name, Label: d.Name, Kind: "domain"})
	}
	if s.opts.Graph == nil {
		for _, m := range members {
			for id := range hub {
				g.Edges = append(g.Edges, GraphEdge{Source: m.AccountID, Target: id, Kind: "retweet", Weight: 1})
			}
		}
		sortEdges(g.Edges)
		return g, nil
	}
	type key struct{ from, to, kind string }
	weights := map[key]int{}
	err := s.opts.Graph.EachPost(ctx, func(p *botsweep.Post) error {
		if !in[p.AccountID] {
			return nil
		}
		if p.Kind == botsweep.KindRetweet && hub[p.RetweetOfAccount] {
			weights[key{p.AccountID, p.RetweetOfAccount, "retweet"}]++
		}
		for _, d := range p.Domains {
			if domains[d] {
				weights[key{p.AccountID, "domain:" + d, "link"}]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	follows := 0
	// followers of each outside account, among the drawn members: the
	// follow-set layer (a follower farm's members follow the same
	// customers, not each other).
	followedBy := map[string][]string{}
	err = s.opts.Graph.EachFollow(ctx, func(f botsweep.Follow) error {
		if !in[f.Follower] {
			return nil
		}
		if in[f.Followee] {
			if follows < 20000 {
				weights[key{f.Follower, f.Followee, "follow"}]++
				follows++
			}
			return nil
		}
		if !hub[f.Followee] {
			followedBy[f.Followee] = append(followedBy[f.Followee], f.Follower)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range topFollowed(followedBy, len(members)) {
		label := id
		if s.opts.Accounts != nil {
			if a, err := s.opts.Accounts.Account(ctx, id); err == nil && a.ScreenName != "" {
				label = a.ScreenName
			}
		}
		g.Nodes = append(g.Nodes, GraphNode{ID: id, Label: "@" + label, Kind: "followed",
			Score: float64(len(followedBy[id])) / float64(len(members))})
		for _, m := range followedBy[id] {
			weights[key{m, id, "follow-set"}] = 1
		}
	}
	for k, w := range weights {
		g.Edges = append(g.Edges, GraphEdge{Source: k.from, Target: k.to, Kind: k.kind, Weight: w})
	}
	sortEdges(g.Edges)
	return g, nil
}

// topFollowed picks the outside accounts followed by the most drawn
// members, at most maxHubs, each followed by at least two members and
// minFollowSetShare of them, most followed first (ties by id).
func topFollowed(followedBy map[string][]string, members int) []string {
	min := int(minFollowSetShare * float64(members))
	if min < 2 {
		min = 2
	}
	var ids []string
	for id, fs := range followedBy {
		if len(fs) >= min {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if a, b := len(followedBy[ids[i]]), len(followedBy[ids[j]]); a != b {
			return a > b
		}
		return ids[i] < ids[j]
	})
	if len(ids) > maxHubs {
		ids = ids[:maxHubs]
	}
	return ids
}

func sortEdges(es []GraphEdge) {
	sort.Slice(es, func(i, j int) bool {
		if es[i].Source != es[j].Source {
			return es[i].Source < es[j].Source
		}
		if es[i].Target != es[j].Target {
			return es[i].Target < es[j].Target
		}
		return es[i].Kind < es[j].Kind
	})
}
