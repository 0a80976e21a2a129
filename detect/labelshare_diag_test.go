package detect

import (
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestDiagnoseLabelShares is a diagnostic, not a check: with
// DETECT_DIAG_SHARES=10139,10159 (and DETECT_DIAG_SCALE, default 0.03) it
// prints an LS line per account of the planted label DETECT_DIAG_LABEL
// (default link-spam): its posts, the posts with a URL, its texts and
// URLs, how many of them another account of the label also wrote or
// posted and how many an account outside it did (and the same for the
// URLs' domains), and the median gap between its post of a shared URL,
// text or domain and the nearest post of it by
// another account of the label. It reads the simulated data only, not
// the detector: what the per-member timing test (memberCoordination) has
// to go on. Tuning seeds only (docs/benchmarks/detect.md, "Round 12's
// failures, diagnosed").
func TestDiagnoseLabelShares(t *testing.T) {
	label := os.Getenv("DETECT_DIAG_LABEL")
	if label == "" {
		label = sim.LabelLinkSpam
	}
	diagWorlds(t, "DETECT_DIAG_SHARES", func(seed int64, scale float64, d *botsweep.Dataset, truth *sim.Truth) {
		idx := truth.Index()
		in := func(id string) bool { return idx[id].Label == label }
		type use struct {
			acct string
			at   time.Time
		}
		byURL, byText, byDomain := map[string][]use{}, map[string][]use{}, map[string][]use{}
		for _, p := range d.Posts {
			if p.Kind == botsweep.KindRetweet || p.Kind == botsweep.KindLike {
				continue
			}
			for _, u := range p.URLs {
				byURL[u] = append(byURL[u], use{p.AccountID, p.CreatedAt})
			}
			for _, u := range p.Domains {
				byDomain[u] = append(byDomain[u], use{p.AccountID, p.CreatedAt})
			}
			if p.Text != "" {
				byText[p.Text] = append(byText[p.Text], use{p.AccountID, p.CreatedAt})
			}
		}
		type row struct {
			posts, withURL                                                 int
			urls, urlsIn, urlsOut, texts, txIn, txOut, doms, domIn, domOut int
			gaps                                                           []float64
		}
		rows := map[string]*row{}
		for _, a := range d.Accounts {
			if in(a.ID) {
				rows[a.ID] = &row{}
			}
		}
		count := func(m map[string][]use, items, inn, out func(r *row) *int) {
			for _, us := range m {
				seen := map[string]bool{}
				for _, u := range us {
					r := rows[u.acct]
					if r == nil || seen[u.acct] {
						continue
					}
					seen[u.acct] = true
					*items(r)++
					var other, outside bool
					best := -1.0
					for _, v := range us {
						if v.acct == u.acct {
							continue
						}
						if in(v.acct) {
							other = true
							g := u.at.Sub(v.at).Abs().Seconds()
							if best < 0 || g < best {
								best = g
							}
						} else {
							outside = true
						}
					}
					if other {
						*inn(r)++
						r.gaps = append(r.gaps, best)
					}
					if outside {
						*out(r)++
					}
				}
			}
		}
		count(byURL, func(r *row) *int { return &r.urls }, func(r *row) *int { return &r.urlsIn }, func(r *row) *int { return &r.urlsOut })
		count(byText, func(r *row) *int { return &r.texts }, func(r *row) *int { return &r.txIn }, func(r *row) *int { return &r.txOut })
		count(byDomain, func(r *row) *int { return &r.doms }, func(r *row) *int { return &r.domIn }, func(r *row) *int { return &r.domOut })
		for _, p := range d.Posts {
			if r := rows[p.AccountID]; r != nil {
				r.posts++
				if len(p.URLs) > 0 {
					r.withURL++
				}
			}
		}
		ids := make([]string, 0, len(rows))
		for id := range rows {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			r := rows[id]
			sort.Float64s(r.gaps)
			med := -1.0
			if len(r.gaps) > 0 {
				med = r.gaps[len(r.gaps)/2]
			}
			fmt.Printf("LS\t%d\t%g\t%s\t%s\tposts=%d\twithURL=%d\turls=%d in=%d out=%d\ttexts=%d in=%d out=%d\tdomains=%d in=%d out=%d\tmedGap=%.0fs\n",
				seed, scale, id, label, r.posts, r.withURL, r.urls, r.urlsIn, r.urlsOut, r.texts, r.txIn, r.txOut, r.doms, r.domIn, r.domOut, med)
		}
	})
}
