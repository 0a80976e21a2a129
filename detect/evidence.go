package detect

import (
	"context"
	"sort"
	"strings"

	"github.com/botsweep/botsweep"
)

// secondPass reads the posts again for the flagged accounts only and fills
// the evidence that needs post details: clients, hashtags, link and profile
// domains and sample texts.
func secondPass(ctx context.Context, src botsweep.Source, w *world, nets []*netBuild) error {
	if len(nets) == 0 {
		return nil
	}
	owner := map[string]int{}
	for i, nb := range nets {
		for _, a := range nb.core {
			owner[w.acct.names[a]] = i
		}
		for _, a := range nb.assoc {
			owner[w.acct.names[a]] = i
		}
	}
	type agg struct {
		clients, tags, domains, texts map[string]int
	}
	aggs := make([]agg, len(nets))
	for i := range aggs {
		aggs[i] = agg{map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}}
	}
	for i, nb := range nets {
		for _, a := range append(append([]int32(nil), nb.core...), nb.assoc...) {
			if d := w.profDomain[a]; d >= 0 {
				aggs[i].domains[w.domains.names[d]+" (profile)"]++
			}
		}
	}
	err := src.EachPost(ctx, func(p *botsweep.Post) error {
		i, ok := owner[p.AccountID]
		if !ok {
			return nil
		}
		g := &aggs[i]
		if p.Client != "" {
			g.clients[p.Client]++
		}
		for _, h := range p.Hashtags {
			g.tags[strings.ToLower(h)]++
		}
		for _, d := range p.Domains {
			if d != "" {
				g.domains[d]++
			}
		}
		if p.Kind != botsweep.KindRetweet && p.Text != "" {
			g.texts[p.Text]++
		}
		return nil
	})
	if err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "read posts for evidence: %w", err)
	}
	for i, nb := range nets {
		ev := &nb.net.Evidence
		ev.Clients = topCounts(aggs[i].clients, 10)
		ev.Hashtags = topCounts(aggs[i].tags, 10)
		ev.Domains = topCounts(aggs[i].domains, 10)
		for _, nc := range topCounts(aggs[i].texts, 5) {
			ev.SampleTexts = append(ev.SampleTexts, nc.Name)
		}
	}
	return nil
}

// topCounts returns the k most frequent names, ties by name.
func topCounts(m map[string]int, k int) []botsweep.NameCount {
	out := make([]botsweep.NameCount, 0, len(m))
	for name, c := range m {
		out = append(out, botsweep.NameCount{Name: name, Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	if len(out) > k {
		out = out[:k]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
