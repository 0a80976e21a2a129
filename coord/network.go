package coord

import (
	"cmp"
	"slices"
)

// Edge is an edge of the coordinated network between dense accounts A and
// B (A < B): Weight is the number of coordinated share pairs between them,
// CooRTweet's edge weight.
type Edge struct {
	A, B   uint32
	Weight int
}

// Edges returns the coordinated network's edges, sorted by (A, B).
func (r *Result) Edges() []Edge {
	keys := make([]uint64, len(r.Pairs))
	for i, p := range r.Pairs {
		a, b := r.t.acc[p.Older], r.t.acc[p.Newer]
		if a > b {
			a, b = b, a
		}
		keys[i] = uint64(a)<<32 | uint64(b)
	}
	slices.Sort(keys)
	var out []Edge
	for i, k := range keys {
		if i > 0 && k == keys[i-1] {
			out[len(out)-1].Weight++
			continue
		}
		out = append(out, Edge{A: uint32(k >> 32), B: uint32(k), Weight: 1})
	}
	return out
}

// Member is an account of the coordinated network and its group.
type Member struct {
	Account uint32 // dense account id (Table.Account names it)
	Group   int    // 1 is the largest group
}

// Groups returns the accounts of the coordinated network with their
// connected component. Groups are numbered from 1, largest first (ties by
// the smallest account name in them), and the members are listed by group,
// then account name.
func (r *Result) Groups() []Member {
	t := r.t
	parent := make([]int32, len(t.accs.names))
	for i := range parent {
		parent[i] = -1 // not in the network
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range r.Pairs {
		a, b := int32(t.acc[p.Older]), int32(t.acc[p.Newer])
		for _, x := range [2]int32{a, b} {
			if parent[x] < 0 {
				parent[x] = x
			}
		}
		if ra, rb := find(a), find(b); ra != rb {
			parent[ra] = rb
		}
	}
	var members []Member
	root := make(map[int32][]uint32)
	for a := range parent {
		if parent[a] >= 0 {
			rt := find(int32(a))
			root[rt] = append(root[rt], uint32(a))
		}
	}
	name := func(a uint32) string { return t.accs.names[a] }
	comps := make([][]uint32, 0, len(root))
	for _, c := range root {
		slices.SortFunc(c, func(x, y uint32) int { return cmp.Compare(name(x), name(y)) })
		comps = append(comps, c)
	}
	slices.SortFunc(comps, func(x, y []uint32) int {
		if c := cmp.Compare(len(y), len(x)); c != 0 {
			return c
		}
		return cmp.Compare(name(x[0]), name(y[0]))
	})
	for g, c := range comps {
		for _, a := range c {
			members = append(members, Member{Account: a, Group: g + 1})
		}
	}
	return members
}
