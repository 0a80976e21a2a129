package detect

import (
	"context"
	"runtime"
	"sort"
	"strings"
	"sync"

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
	aggs := make([]evidenceAgg, len(nets))
	for i := range aggs {
		aggs[i] = newEvidenceAgg()
	}
	for i, nb := range nets {
		for _, a := range append(append([]int32(nil), nb.core...), nb.assoc...) {
			if d := w.profDomain[a]; d >= 0 {
				aggs[i].domains[w.domains.names[d]+" (profile)"]++
			}
		}
	}
	var err error
	if ps, ok := src.(botsweep.PostViewPartsSource); ok {
		err = evidenceFromViews(ctx, ps, owner, aggs)
	} else {
		err = src.EachPost(ctx, func(p *botsweep.Post) error {
			if i, ok := owner[p.AccountID]; ok {
				aggs[i].add(p)
			}
			return nil
		})
	}
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

// evidenceAgg counts a network's clients, hashtags, domains and texts.
type evidenceAgg struct {
	clients, tags, domains, texts map[string]int
}

func newEvidenceAgg() evidenceAgg {
	return evidenceAgg{map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}}
}

// add counts one post of a member.
func (g *evidenceAgg) add(p *botsweep.Post) {
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
}

// addAll adds another aggregate's counts.
func (g *evidenceAgg) addAll(o evidenceAgg) {
	for _, m := range [4][2]map[string]int{{g.clients, o.clients}, {g.tags, o.tags}, {g.domains, o.domains}, {g.texts, o.texts}} {
		for k, n := range m[1] {
			m[0][k] += n
		}
	}
}

// evidenceParts is how many parts evidenceFromViews reads a
// PostViewPartsSource's posts in, concurrently: one per processor the
// runtime may use, at most 8.
func evidenceParts() int { return min(runtime.GOMAXPROCS(0), 8) }

// evidenceFromViews counts the members' posts of a PostViewPartsSource:
// a post is decoded only when its author is a member (the author's id is
// looked up once per account, by the source's dense id), and the parts
// are read on goroutines of their own, each into aggregates of its own,
// summed at the end (counts do not depend on the order).
func evidenceFromViews(ctx context.Context, src botsweep.PostViewPartsSource, owner map[string]int, aggs []evidenceAgg) error {
	scans, err := src.PostViewParts(ctx, evidenceParts())
	if err != nil {
		return err
	}
	part := make([][]evidenceAgg, len(scans))
	errs := make([]error, len(scans))
	var wg sync.WaitGroup
	for k, scan := range scans {
		part[k] = make([]evidenceAgg, len(aggs))
		for i := range part[k] {
			part[k][i] = newEvidenceAgg()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// byAuthor: the source's dense author id -> network + 1, 0
			// unknown, -1 none.
			var byAuthor []int
			var p botsweep.Post
			errs[k] = scan(ctx, func(v botsweep.PostView) error {
				d := int(v.Author())
				if d >= len(byAuthor) {
					byAuthor = append(byAuthor, make([]int, d+1-len(byAuthor))...)
				}
				if byAuthor[d] == 0 {
					byAuthor[d] = -1
					if i, ok := owner[v.AuthorID()]; ok {
						byAuthor[d] = i + 1
					}
				}
				if byAuthor[d] < 0 {
					return nil
				}
				if err := v.Decode(&p); err != nil {
					return err
				}
				part[k][byAuthor[d]-1].add(&p)
				return nil
			})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, p := range part {
		for i := range aggs {
			aggs[i].addAll(p[i])
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
