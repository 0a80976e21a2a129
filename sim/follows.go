package sim

import (
	"math"
	"slices"
)

// followPackage is a follow probability per prominent account.
type followPackage map[string]float64

var (
	organicPackage = followPackage{"BarackObama": 0.25, "realDonaldTrump": 0.2, "jack": 0.05, "nytimes": 0.12, "CNN": 0.12,
		"FoxNews": 0.09, "BBCBreaking": 0.1, "Reuters": 0.06, "AP": 0.06, "washingtonpost": 0.07, "TheGlobus": 0.004,
		"lunaris_official": 0.02, "DEAHQ": 0.004, "NovaPulseMarkets": 0.004}
	// the farm follows one camp's package, realDonaldTrump most
	farmPackage = followPackage{"realDonaldTrump": 0.95, "FoxNews": 0.55, "jack": 0.4, "Reuters": 0.15, "BarackObama": 0.08}
	// the retweet network follows TheGlobus and the other camp
	networkPackage = followPackage{"TheGlobus": 0.97, "BarackObama": 0.5, "CNN": 0.3, "nytimes": 0.3, "jack": 0.35,
		"washingtonpost": 0.2, "realDonaldTrump": 0.04}
	campaignPackage = followPackage{"DEAHQ": 0.9, "AP": 0.2, "CNN": 0.1, "FoxNews": 0.1}
	spamPackage     = followPackage{"realDonaldTrump": 0.2, "BarackObama": 0.2, "jack": 0.3}
)

// follows generates the follow graph one follower at a time, calls emit for
// each edge and counts followers and friends on the accounts. Memory is
// O(accounts): edges are never kept.
func (w *world) follows(emit func(follower, followee int) error) error {
	r := newRNG()
	var buf []int
	for i := range w.accounts {
		r.seed(w.cfg.Seed, sFollow, uint64(i))
		buf = w.followees(r, i, buf[:0])
		slices.Sort(buf)
		buf = slices.Compact(buf)
		for _, j := range buf {
			if j == i {
				continue
			}
			if err := emit(i, j); err != nil {
				return err
			}
			w.accounts[i].friends++
			w.accounts[j].followers++
		}
	}
	return nil
}

func (w *world) addPackage(r *rng, out []int, p followPackage) []int {
	pg := w.byLabel[LabelProminent]
	for _, name := range sortedKeys(p) {
		if r.chance(p[name]) {
			if k := prominentByName(name); k >= 0 {
				out = append(out, pg.lo+k)
			}
		}
	}
	return out
}

// community returns the index range of i's community inside group g.
func (w *world) community(i int, g group) (int, int) {
	size := max(w.cfg.OrganicCommunity, 20)
	lo := g.lo + (i-g.lo)/size*size
	return lo, min(lo+size, g.hi)
}

// organicTarget draws a followee among the organic-like accounts by
// preferential attachment (fitness).
func (w *world) organicTarget(r *rng) int {
	return w.orgLo + w.fitness.sample(r)
}

func (w *world) followees(r *rng, i int, out []int) []int {
	cfg := &w.cfg
	label := w.label(i)
	g := w.byLabel[label]
	pg := w.byLabel[LabelProminent]
	switch label {
	case LabelProminent:
		// prominent accounts follow a few others and a few organics
		for j := pg.lo; j < pg.hi; j++ {
			if r.chance(0.15) {
				out = append(out, j)
			}
		}
		if w.orgHi > w.orgLo {
			for range r.IntN(20) {
				out = append(out, w.organicTarget(r))
			}
		}
		if prominents[i-pg.lo].role == roleGlobus {
			// TheGlobus follows a handful of its network back
			ng := w.byLabel[LabelNetwork]
			for k := 0; k < min(30, ng.hi-ng.lo); k++ {
				out = append(out, ng.lo+r.IntN(ng.hi-ng.lo))
			}
		}
	case LabelOrganic, LabelViral, LabelFandom, LabelCamouflage,
		LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie, LabelAged:
		k := int(r.lognormal(cfg.OrganicMeanFollows/math.Exp(0.5), 1))
		out = w.addPackage(r, out, organicPackage)
		out = w.familyFollows(r, i, label, out)
		if label == LabelFandom {
			out = append(out, pg.lo+prominentIndex(roleIdol))
		}
		if label == LabelCamouflage {
			out = append(out, pg.lo+prominentIndex(roleTarget))
		}
		if w.accounts[i].flags&fGlobusReader != 0 {
			out = append(out, pg.lo+prominentIndex(roleGlobus))
		}
		og := g
		among := label != LabelOrganic && label != LabelFandom && label != LabelActivist
		if among {
			og = w.byLabel[LabelOrganic] // they live among organics
		}
		clo, chi := w.community(i, og)
		if among {
			clo, chi = w.community(og.lo+r.IntN(max(og.hi-og.lo, 1)), og)
		}
		for range k {
			switch {
			case chi > clo && r.chance(0.55):
				out = append(out, clo+r.IntN(chi-clo))
			case w.orgHi > w.orgLo:
				out = append(out, w.organicTarget(r))
			}
		}
		if label == LabelCamouflage {
			// members follow some of each other, not all
			for range r.IntN(6) {
				out = append(out, g.lo+r.IntN(g.hi-g.lo))
			}
		}
	case LabelCampaign:
		out = w.addPackage(r, out, campaignPackage)
		for range r.IntN(15) {
			out = append(out, g.lo+r.IntN(g.hi-g.lo))
		}
		for range r.IntN(30) {
			if w.orgHi > w.orgLo {
				out = append(out, w.organicTarget(r))
			}
		}
	case LabelNetwork:
		out = w.addPackage(r, out, networkPackage)
		for range r.poisson(cfg.NetworkFollows) {
			out = append(out, g.lo+r.IntN(g.hi-g.lo))
		}
		for range r.IntN(8) {
			if w.orgHi > w.orgLo {
				out = append(out, w.organicTarget(r))
			}
		}
	case LabelAssociated:
		// follow ties mostly inside the network
		ng := w.byLabel[LabelNetwork]
		out = append(out, pg.lo+prominentIndex(roleGlobus))
		for range 5 + r.IntN(30) {
			switch {
			case ng.hi > ng.lo && r.chance(0.6):
				out = append(out, ng.lo+r.IntN(ng.hi-ng.lo))
			case r.chance(0.8):
				out = append(out, g.lo+r.IntN(g.hi-g.lo))
			case w.orgHi > w.orgLo:
				out = append(out, w.organicTarget(r))
			}
		}
	case LabelFarm:
		out = w.addPackage(r, out, farmPackage)
		for range r.IntN(4) {
			if w.orgHi > w.orgLo {
				out = append(out, w.organicTarget(r))
			}
		}
	case LabelLinkSpam:
		out = w.addPackage(r, out, spamPackage)
		for range 20 + r.IntN(100) {
			if w.orgHi > w.orgLo {
				out = append(out, w.organicTarget(r))
			}
		}
		for range r.IntN(10) {
			out = append(out, g.lo+r.IntN(g.hi-g.lo))
		}
	}
	// Organic accounts follow back a few bots now and then (and the
	// associated accounts attract some network follows above).
	return out
}

// familyFollows adds what a random-family label follows beyond an ordinary
// account: superfans and aged amplifiers follow TheGlobus, news junkies
// the news outlets, activists most of their room and other rooms' leads
// (follow trains).
func (w *world) familyFollows(r *rng, i int, label string, out []int) []int {
	pg := w.byLabel[LabelProminent]
	switch label {
	case LabelSuperfan:
		out = append(out, pg.lo+prominentIndex(roleGlobus))
	case LabelAged:
		if r.chance(0.7) {
			out = append(out, pg.lo+prominentIndex(roleGlobus))
		}
		g := w.byLabel[LabelAged]
		for range r.IntN(4) {
			out = append(out, g.lo+r.IntN(g.hi-g.lo))
		}
	case LabelNewsJunkie:
		for k, p := range prominents {
			if p.role == roleNews && r.chance(0.7) {
				out = append(out, pg.lo+k)
			}
		}
	case LabelActivist:
		lo, hi := w.room(i)
		dense := 0.5 + 0.45*r.Float64()
		for j := lo; j < hi; j++ {
			if r.chance(dense) {
				out = append(out, j)
			}
		}
		g := w.byLabel[LabelActivist]
		size := max(w.cfg.ActivistRoom, 4)
		for range r.IntN(10) {
			out = append(out, g.lo+r.IntN(g.hi-g.lo)/size*size)
		}
	}
	return out
}
