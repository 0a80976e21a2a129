package detect

// ampShares names, for each cluster, the retweets by which its members
// amplify: those of the account outside the cluster its members retweet
// most (topAmplified), or, where the data names no author of the items they
// share (a share table), those of the items the cluster shares beyond
// their popularity (tableAmplified). amplificationRest judges each member's
// coverage of those items against its own opportunities, and
// quietHourAmplification its hours against its own day.
type ampShares struct {
	w       *world
	top, of []int32
	// share holds, per index of world.retweetShares, whether the share
	// amplifies its account's cluster where that cluster amplifies by
	// items (nil until tableAmplified marks any).
	share []bool
	// items holds, per cluster amplifying by items rather than by an
	// author, the items it amplifies (nil for the others).
	items [][]int32
}

// authorAmp is ampShares by author: a member amplifies when it retweets its
// cluster's top amplified account (top and of from topAmplified).
func authorAmp(w *world, top, of []int32) *ampShares {
	return &ampShares{w: w, top: top, of: of, items: make([][]int32, len(top))}
}

// amplifies reports whether share s, the k-th of world.retweetShares,
// amplifies its account's cluster.
func (a *ampShares) amplifies(k int, s Share) bool {
	c := a.of[s.Account]
	if c < 0 {
		return false
	}
	if t := a.top[c]; t >= 0 {
		return a.w.objAuthor[s.Item] == t
	}
	return a.share != nil && a.share[k]
}

// tableAmplified adds to amp, for each cluster whose members retweet no
// item with a known author (top[c] < 0: a share table names none), the
// items the cluster amplifies: those more of its members share than their
// popularity explains. The null is stage 1's co-selection null: had the
// members chosen their n retweets by each item's popularity among the
// accounts in no cluster (π_i, its share of their retweets with one pseudo
// retweet per item), item i would draw n·π_i of them; it is amplified when
// k_i, the members that shared it, is at least 2 and above
// Options.MinCoSelectLift times that at Options.MinSignificance (Poisson
// log10 likelihood ratio against that lift). The opportunities of a member
// are then these items (ampRest), the same opportunities a named author's
// posts give: a botnet retweeting one source shares the source's posts
// far beyond their popularity, and a crowd group's popular items are what
// popularity explains (no opportunity, the feature unknown).
//
// need, when not nil, marks the clusters whose items are wanted: the others
// get none, while the null (the accounts in no cluster of of, and each
// cluster's retweets) is the same whatever need says, so a marked
// cluster's items are those it gets with need nil.
func tableAmplified(w *world, top, of []int32, amp *ampShares, need []bool, opts Options) {
	nc := len(top)
	byItems := make([]bool, nc)
	any := false
	for c := range top {
		byItems[c] = top[c] < 0 && (need == nil || need[c])
		any = any || byItems[c]
	}
	if !any {
		return
	}
	nObj := len(w.objTime)
	outN := make([]int32, nObj)
	tot := make([]float64, nc)
	var outTotal float64
	items := 0
	var last int32 = -1
	for _, s := range w.retweetShares {
		if s.Item != last {
			items++
			last = s.Item
		}
		if c := of[s.Account]; c >= 0 {
			tot[c]++
		} else if !w.established[s.Account] {
			outN[s.Item]++
			outTotal++
		}
	}
	if items == 0 {
		return
	}
	denom := outTotal + float64(items)
	count := make([]int32, nc)
	stamp := make([]int32, w.n()) // last item an account was counted on, plus one
	var touched []int32
	sh := w.retweetShares
	for lo := 0; lo < len(sh); {
		hi := lo
		for hi < len(sh) && sh[hi].Item == sh[lo].Item {
			hi++
		}
		touched = touched[:0]
		item := sh[lo].Item
		for k := lo; k < hi; k++ {
			a := sh[k].Account
			c := of[a]
			if c < 0 || !byItems[c] || stamp[a] == item+1 {
				continue
			}
			stamp[a] = item + 1
			if count[c] == 0 {
				touched = append(touched, c)
			}
			count[c]++
		}
		pi := (float64(outN[item]) + 1) / denom
		for _, c := range touched {
			k := float64(count[c])
			e := opts.MinCoSelectLift * tot[c] * pi
			if k >= 2 && k > e && poissonLR(k, e) >= opts.MinSignificance {
				amp.items[c] = append(amp.items[c], item)
				if amp.share == nil {
					amp.share = make([]bool, len(sh))
				}
				for j := lo; j < hi; j++ {
					if of[sh[j].Account] == c {
						amp.share[j] = true
					}
				}
			}
			count[c] = 0
		}
		lo = hi
	}
}
