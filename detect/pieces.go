package detect

// Pieces of one network.
//
// Louvain can split one network into pieces (a botnet whose accounts each
// retweet a part of the same source's posts has no single dense core at
// the resolution modularity resolves). Where the data names the amplified
// account, buildNetworks merges pieces that amplify the same account; a
// share table does not name it. What it does show is the co-action itself:
// pieces of one network share the same items within the window of each
// other as often as their own members do. mergePieces merges inauthentic
// clusters whose cross co-shares (a member of one and a member of the
// other sharing an item within the window) pass stage 1's test against
// the same null model (lift at least MinLift, significance at least
// MinSignificance) and whose density (cross co-shares per cross pair of
// members) is at least MergeDensity times the lower of the two clusters'
// own densities (co-shares per member pair). Two operations that touch a
// few of the same items are each far denser inside than across, and stay
// apart.

// mergePieces returns clusters with the pieces of one network merged
// (members of merged clusters concatenated in order, the merged cluster in
// the place of its first piece). clustered marks the accounts that are not
// outsiders of the null model, as in coordinationTests.
func mergePieces(w *world, layers []*layer, clusters []cluster, clustered []bool, opts Options) []cluster {
	if len(clusters) < 2 {
		return clusters
	}
	memberOf := clusterIndex(w.n(), clusters)
	within := make([]float64, len(clusters)) // member pairs within the window, over items
	ties := map[[2]int32]*coTest{}           // cross co-shares of two clusters
	stamp := make([]int32, w.n())
	type part struct {
		c, d      int32
		obs, kk   float64 // cross pairs within the window, kc·kd
		m         float64 // outsiders who shared the item
		outWithin float64 // their pairs within the window
	}
	var parts []part
	for _, l := range layers {
		sh := l.shares
		if len(sh) == 0 || l.window <= 0 {
			continue
		}
		var pace nullPace
		parts = parts[:0]
		eachItemSplit(sh, l.window, memberOf, clustered, stamp, &pace, func(buf []mt, out []int64, pOut float64) {
			m := float64(len(out))
			if len(buf) < 2 {
				return
			}
			sortMT(buf)
			// Runs of one cluster's (sorted) times.
			var runs [][2]int
			for s := 0; s < len(buf); {
				e := s
				for e < len(buf) && buf[e].c == buf[s].c {
					e++
				}
				runs = append(runs, [2]int{s, e})
				if e-s >= 2 {
					ts := make([]int64, 0, e-s)
					for q := s; q < e; q++ {
						ts = append(ts, buf[q].t)
					}
					within[buf[s].c] += float64(pairsWithin(ts, l.window))
				}
				s = e
			}
			for x := range runs {
				for y := x + 1; y < len(runs); y++ {
					a, b := buf[runs[x][0]:runs[x][1]], buf[runs[y][0]:runs[y][1]]
					// Cross pairs at most window apart: for each time of a,
					// the times of b in [t-window, t+window] (both sorted).
					var obs int64
					lo, hi := 0, 0
					for _, s := range a {
						for lo < len(b) && b[lo].t < s.t-l.window {
							lo++
						}
						for hi < len(b) && b[hi].t <= s.t+l.window {
							hi++
						}
						obs += int64(hi - lo)
					}
					parts = append(parts, part{c: a[0].c, d: b[0].c, obs: float64(obs), kk: float64(len(a) * len(b)), m: m, outWithin: pOut})
				}
			}
		})
		base := pace.base(opts.NullMinWithin)
		for _, p := range parts {
			e := p.kk * nullQ(p.outWithin, p.m, base)
			t := ties[[2]int32{p.c, p.d}]
			if t == nil {
				t = &coTest{}
				ties[[2]int32{p.c, p.d}] = t
			}
			t.add(p.obs, e)
		}
	}
	parent := make([]int, len(clusters))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	density := func(c int) float64 {
		k := float64(len(clusters[c].members))
		return within[c] / max(k*(k-1)/2, 1)
	}
	merged := false
	for key, t := range ties {
		c, d := int(key[0]), int(key[1])
		test := *t
		cross := t.Observed / float64(len(clusters[c].members)*len(clusters[d].members))
		if test.lift() < opts.MinLift || test.significance() < opts.MinSignificance || cross < opts.MergeDensity*min(density(c), density(d)) {
			continue
		}
		if rc, rd := find(c), find(d); rc != rd {
			parent[max(rc, rd)] = min(rc, rd)
			merged = true
		}
	}
	if !merged {
		return clusters
	}
	return mergeByRoot(clusters, find)
}

// mergeByRoot merges the clusters that share a root under find (a
// union-find over their indexes) into one cluster each, in the order of
// each root's first cluster: members, internal weights, people and the
// count of members that left, concatenated.
func mergeByRoot(clusters []cluster, find func(int) int) []cluster {
	var out []cluster
	at := map[int]int{} // root -> index in out
	for c, cl := range clusters {
		r := find(c)
		i, ok := at[r]
		if !ok {
			i = len(out)
			at[r] = i
			out = append(out, cluster{})
		}
		out[i].absorb(cl)
	}
	return out
}
