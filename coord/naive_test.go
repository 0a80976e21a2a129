package coord

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// row is one share row for the naive reference.
type row struct {
	obj, acc, content string
	at                int64 // unix nanoseconds
}

// naive follows CooRTweet's detect_groups step by step, on strings and
// every pair of each object's rows (its self-join), without sorting. It is
// the test oracle and the benchmark baseline. It returns the pairs as
// "object,account,account_y,content,content_y,delta" strings.
func naive(rows []row, window time.Duration, mp int) []string {
	n := map[string]int{}
	for _, r := range rows {
		n[r.acc]++
	}
	var x []row
	for _, r := range rows {
		if n[r.acc] >= mp {
			x = append(x, r)
		}
	}
	byObj := map[string][]row{}
	var objs []string
	for _, r := range x {
		if _, ok := byObj[r.obj]; !ok {
			objs = append(objs, r.obj)
		}
		byObj[r.obj] = append(byObj[r.obj], r)
	}
	type pair struct {
		a, b  row // a earlier in input order
		delta int64
	}
	var res []pair
	for _, o := range objs {
		g := byObj[o]
		for j := range g {
			for i := 0; i < j; i++ {
				d := g[i].at - g[j].at
				if d <= int64(window) && -d <= int64(window) {
					res = append(res, pair{g[i], g[j], d})
				}
			}
		}
	}
	kept := res[:0]
	for _, p := range res {
		if p.a.obj != p.a.content && p.a.obj != p.b.content && p.a.content != p.b.content && p.a.acc != p.b.acc {
			kept = append(kept, p)
		}
	}
	res = kept
	if mp >= 1 {
		cids := map[string]bool{}
		for _, p := range res {
			cids[p.a.content], cids[p.b.content] = true, true
		}
		cnt := map[string]int{}
		for _, r := range x {
			if cids[r.content] {
				cnt[r.acc]++
			}
		}
		filt := map[string]bool{}
		for _, r := range x {
			if cids[r.content] && cnt[r.acc] >= mp {
				filt[r.content] = true
			}
		}
		kept := res[:0]
		for _, p := range res {
			if filt[p.a.content] || filt[p.b.content] {
				kept = append(kept, p)
			}
		}
		res = kept
	}
	out := make([]string, 0, len(res))
	for _, p := range res {
		a, b, d := p.a, p.b, p.delta
		if d > 0 {
			a, b = b, a
		} else {
			d = -d
		}
		out = append(out, fmt.Sprintf("%s,%s,%s,%s,%s,%s", a.obj, a.acc, b.acc, a.content, b.content, Seconds(time.Duration(d))))
	}
	slices.Sort(out)
	return out
}

// naiveGroups returns the connected components of naive's pairs as sorted
// lists of accounts, the lists sorted too.
func naiveGroups(pairs []string) [][]string {
	adj := map[string][]string{}
	for _, p := range pairs {
		var f [6]string
		k := 0
		for i, start := 0, 0; i <= len(p); i++ {
			if i == len(p) || p[i] == ',' {
				f[k] = p[start:i]
				k++
				start = i + 1
			}
		}
		adj[f[1]] = append(adj[f[1]], f[2])
		adj[f[2]] = append(adj[f[2]], f[1])
	}
	seen := map[string]bool{}
	var out [][]string
	var nodes []string
	for a := range adj {
		nodes = append(nodes, a)
	}
	slices.Sort(nodes)
	for _, a := range nodes {
		if seen[a] {
			continue
		}
		var comp []string
		stack := []string{a}
		seen[a] = true
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			comp = append(comp, v)
			for _, w := range adj[v] {
				if !seen[w] {
					seen[w] = true
					stack = append(stack, w)
				}
			}
		}
		slices.Sort(comp)
		out = append(out, comp)
	}
	slices.SortFunc(out, func(x, y []string) int { return strings.Compare(x[0], y[0]) })
	return out
}
