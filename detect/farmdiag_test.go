package detect

import (
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
	"github.com/botsweep/botsweep/store"
)

// TestDiagnoseFarmMembers is a diagnostic, not a check: with
// DETECT_FARM_SEEDS (and DETECT_DIAG_SCALE, default 0.03) it runs detection
// on those randomized worlds in process, or with DETECT_FARM_STORE=DIR on
// the store DIR/S that botsweep ingest wrote from the world DIR/W (the
// CLI's account order), and prints the people flagged per label and, for
// each label of DETECT_FARM_LABELS (default follower-farm), the network
// holding most of it and every planted account outside that network: where
// it is, its posts, follows, creation day and profile, and its follow and
// identity evidence (log10) against that network's core.
// DETECT_FARM_TRACE=1 prints the label's clusters after each step of
// buildNetworks, DETECT_FARM_POOL=1 the silent followers of the label's
// package by label. Tuning seeds only.
func TestDiagnoseFarmMembers(t *testing.T) {
	only := os.Getenv("DETECT_FARM_LABELS")
	if only == "" {
		only = "follower-farm"
	}
	fn := func(seed int64, scale float64, d botsweep.Source, truth *sim.Truth) {
		idx := truth.Index()
		var w *world
		trace := func(ww *world, stage string, clusters []cluster) {
			w = ww
			if os.Getenv("DETECT_FARM_TRACE") == "" {
				return
			}
			for _, lab := range strings.Split(only, ",") {
				var parts []string
				for _, cl := range clusters {
					k := 0
					for _, a := range cl.members {
						if idx[w.acct.names[a]].Label == lab {
							k++
						}
					}
					if k > 0 {
						parts = append(parts, fmt.Sprintf("%d/%d", k, len(cl.members)))
					}
				}
				fmt.Printf("  TRACE %-22s %s %v\n", stage, lab, parts)
			}
		}
		res, err := runTraced(d, Options{}, trace)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		ppl := map[string]int{}
		for _, n := range res.Networks {
			if n.Verdict != botsweep.VerdictInauthentic {
				continue
			}
			for _, m := range n.Members {
				if l := idx[m.AccountID].Label; sim.KindOf(l) != "bot" {
					ppl[l]++
				}
			}
		}
		fmt.Fprintf(&b, "== seed %d scale %g PEOPLE %v\n", seed, scale, ppl)
		for _, lab := range strings.Split(only, ",") {
			var planted []int32
			for _, r := range truth.Rows {
				if r.Label == lab {
					if a, ok := w.acct.lookup(r.AccountID); ok {
						planted = append(planted, a)
					}
				}
			}
			if len(planted) == 0 {
				continue
			}
			where := map[int32]string{}
			best, bestK := -1, 0
			for i, n := range res.Networks {
				k := 0
				for _, m := range n.Members {
					a, _ := w.acct.lookup(m.AccountID)
					where[a] = fmt.Sprintf("net%d/%s/%s", i, n.Verdict, m.Role)
					if idx[m.AccountID].Label == lab {
						k++
					}
				}
				if k > bestK && n.Verdict == botsweep.VerdictInauthentic {
					best, bestK = i, k
				}
			}
			fmt.Fprintf(&b, "== seed %d scale %g %s planted %d best net %d has %d\n", seed, scale, lab, len(planted), best, bestK)
			var core []int32
			if best >= 0 {
				n := res.Networks[best]
				comp := map[string]int{}
				for _, m := range n.Members {
					comp[idx[m.AccountID].Label+"/"+string(m.Role)]++
					if m.Role == botsweep.RoleCore {
						a, _ := w.acct.lookup(m.AccountID)
						core = append(core, a)
					}
				}
				fmt.Fprintf(&b, "  best %v %v\n", comp, n.Evidence.Features)
			}
			fm := followModelOf(w)
			if os.Getenv("DETECT_FARM_POOL") != "" {
				indeg := make([]int, w.n())
				for _, f := range w.follows {
					indeg[f.to]++
				}
				pp := newFollowProfile(fm, planted)
				pkg := map[int32]bool{}
				for _, j := range pp.common {
					pkg[j] = true
				}
				type st struct{ n, zero, img, hnd, prof int }
				pool := map[string]*st{}
				seen := map[int32]bool{}
				for _, f := range w.follows {
					a := f.from
					if !pkg[f.to] || seen[a] || w.posts[a] > 0 || w.established[a] {
						continue
					}
					seen[a] = true
					l := idx[w.acct.names[a]].Label
					if pool[l] == nil {
						pool[l] = &st{}
					}
					x := pool[l]
					x.n++
					if indeg[a] == 0 {
						x.zero++
					}
					if w.hasProfile[a] {
						x.prof++
						if w.defaultImg[a] {
							x.img++
						}
						if w.defaultHnd[a] {
							x.hnd++
						}
					}
				}
				for l, x := range pool {
					fmt.Fprintf(&b, "  POOL %-28s n=%d nofollowers=%d prof=%d defImg=%d defHnd=%d\n", l, x.n, x.zero, x.prof, x.img, x.hnd)
				}
			}
			var prof *followProfile
			var ident *farmIdentity
			if len(core) >= 2 {
				prof, ident = newFollowProfile(fm, core), newFarmIdentity(w, core)
			}
			for _, a := range planted {
				if strings.HasPrefix(where[a], fmt.Sprintf("net%d/", best)) {
					continue
				}
				lr, id := 0.0, 0.0
				if prof != nil {
					lr, id = prof.memberLR(a, false), ident.memberLR(a, false)
				}
				fmt.Fprintf(&b, "  MISS %s where=%q posts=%d est=%v follows=%d created=%d defImg=%v defHnd=%v lr=%.2f id=%.2f\n",
					w.acct.names[a], where[a], w.posts[a], w.established[a], len(fm.sets.set(a)), w.created[a]/86400, w.defaultImg[a], w.defaultHnd[a], lr, id)
			}
		}
		fmt.Print(b.String())
	}
	if dir := os.Getenv("DETECT_FARM_STORE"); dir != "" {
		st, err := store.Open(dir+"/S", store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fh, err := os.Open(dir + "/W/truth.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		rd := csv.NewReader(fh)
		recs, _ := rd.ReadAll()
		truth := &sim.Truth{}
		for _, r := range recs[1:] {
			truth.Rows = append(truth.Rows, sim.TruthRow{AccountID: r[0], Label: r[2]})
		}
		fn(0, 0, st, truth)
		return
	}
	diagWorlds(t, "DETECT_FARM_SEEDS", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) { fn(seed, scale, d, truth) })
}
