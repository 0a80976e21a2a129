package detect

import "slices"

// wiredLeavers finds, in each cluster, the members that would leave as
// people but are wired to one another by follows beyond what their
// follow counts explain (Options.MemberWiredSignificance): a second
// core. followTies counts a tie to such a member as a tie to the
// network, not to a person.
//
// The null is the configuration model of the data's follow graph: an
// edge from a to b is expected with probability out(a)·in(b)/E, E the
// data's follow edges. A set S of accounts then expects
// out(S)·in(S)/E − Σ out(a)·in(a)/E edges among itself, and the edges it
// holds are read as a Poisson count at that mean (poissonLR, −log10 of
// the chance bound). The set read is the 2-core of the leavers' follow
// graph (undirected; members with at least two distinct leaver
// neighbours, peeled until stable), one connected component at a time,
// with at least Options.MinNetworkSize members: a single follow edge
// that joins a person to the set does not carry the person in. Only
// closed members are read: those with at most as many followers outside
// the leavers as inside (a person has an audience of its own). A member
// of a wired set is kept only if it follows another member of it (its
// own act): one the set follows and that follows none of it is not (a
// network follows people to look like them). A closed leaver outside the
// 2-core that follows a member of a wired set is kept too.
type wiredLeavers struct {
	out, in [][]int      // per cluster, per member: follow edges out and in, over the whole data
	adj     [][][2]int32 // per cluster: directed follow edges between two leavers (member positions)
}

func newWiredLeavers(clusters []cluster) *wiredLeavers {
	w := &wiredLeavers{out: make([][]int, len(clusters)), in: make([][]int, len(clusters)), adj: make([][][2]int32, len(clusters))}
	for c, cl := range clusters {
		w.out[c] = make([]int, len(cl.members))
		w.in[c] = make([]int, len(cl.members))
	}
	return w
}

// degree counts one follow edge from member i of cluster cf to member j
// of cluster ct (a negative cluster: an account outside the clusters
// read).
func (w *wiredLeavers) degree(cf, i, ct, j int32) {
	if cf >= 0 {
		w.out[cf][i]++
	}
	if ct >= 0 {
		w.in[ct][j]++
	}
}

// edge records a follow edge from leaver i to leaver j of cluster c.
func (w *wiredLeavers) edge(c, i, j int32) { w.adj[c] = append(w.adj[c], [2]int32{i, j}) }

// tied returns the leavers of cluster c wired to one another beyond the
// configuration null at opts.MemberWiredSignificance, e being the data's
// follow edges.
func (w *wiredLeavers) tied(c int, e int, opts Options) []int32 {
	if len(w.adj[c]) == 0 || e == 0 {
		return nil
	}
	nb := map[int32]map[int32]bool{}
	link := func(a, b int32) {
		if nb[a] == nil {
			nb[a] = map[int32]bool{}
		}
		nb[a][b] = true
	}
	// A member whose followers are mostly accounts outside the leavers
	// has an audience of its own and is not read.
	inside := map[int32]int{}
	for _, ab := range w.adj[c] {
		if ab[0] != ab[1] {
			inside[ab[1]]++
		}
	}
	closed := func(a int32) bool { return w.in[c][a] <= 2*inside[a] }
	for _, ab := range w.adj[c] {
		if ab[0] != ab[1] && closed(ab[0]) && closed(ab[1]) {
			link(ab[0], ab[1])
			link(ab[1], ab[0])
		}
	}
	// 2-core: peel members with fewer than two neighbours left.
	for changed := true; changed; {
		changed = false
		for a, ns := range nb {
			if len(ns) >= 2 {
				continue
			}
			for b := range ns {
				delete(nb[b], a)
			}
			delete(nb, a)
			changed = true
		}
	}
	var keys []int32
	for a := range nb {
		keys = append(keys, a)
	}
	slices.Sort(keys)
	seen := map[int32]bool{}
	var out []int32
	for _, a := range keys {
		if seen[a] {
			continue
		}
		comp := []int32{a}
		seen[a] = true
		for k := 0; k < len(comp); k++ {
			for b := range nb[comp[k]] {
				if !seen[b] {
					seen[b] = true
					comp = append(comp, b)
				}
			}
		}
		if len(comp) < opts.MinNetworkSize {
			continue
		}
		in := map[int32]bool{}
		for _, m := range comp {
			in[m] = true
		}
		held := 0
		for _, ab := range w.adj[c] {
			if ab[0] != ab[1] && in[ab[0]] && in[ab[1]] {
				held++
			}
		}
		var outS, inS, self float64
		for _, m := range comp {
			outS += float64(w.out[c][m])
			inS += float64(w.in[c][m])
			self += float64(w.out[c][m]) * float64(w.in[c][m])
		}
		exp := max((outS*inS-self)/float64(e), 1e-9)
		if float64(held) > exp && poissonLR(float64(held), exp) >= opts.MemberWiredSignificance {
			// A member is tied by its own follows: one the others
			// follow and that follows none of them is not (a network
			// follows people to look like them).
			follows := map[int32]bool{}
			for _, ab := range w.adj[c] {
				if ab[0] != ab[1] && in[ab[1]] {
					follows[ab[0]] = true
				}
			}
			for _, m := range comp {
				if follows[m] {
					out = append(out, m)
				}
			}
			// A closed leaver that follows a member of the wired core is
			// tied to it too; one the core follows is not (a network
			// follows people to look like them).
			for _, ab := range w.adj[c] {
				if b := ab[0]; in[ab[1]] && !in[b] && !seen[b] && closed(b) {
					seen[b] = true
					out = append(out, b)
				}
			}
		}
	}
	return out
}
