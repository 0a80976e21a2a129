package detect

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// creationWindows are the lengths of the creation intervals
// creationBursts scans, in days: from a day (a burst of the case's size)
// to two months (the case's bursts spread over two months). Longer
// intervals measure a group's age profile rather than a burst: activists
// whose accounts date from a platform's early years, when few of today's
// accounts were made, showed a "burst" a year long against a population
// created mostly later (tuning worlds 9606 at 0.03 and 9655 at 0.06 swept
// half their activist rooms with intervals up to 365 days).
var creationWindows = [...]int64{1, 2, 4, 7, 14, 30, 60}

// creationBursts is a group's creation-date test, a scan statistic: the
// interval of creationWindows' lengths, starting at a member's creation,
// in which the group's members were created most beyond what the world's
// other accounts' creation dates give a group of its size (the members
// inside besides the one it starts at, against the other dated members
// not yet in a burst × the share of the other accounts created in the
// interval; Poisson log-likelihood ratio, poissonLLR).
// Intervals beyond chance, by stage 1's MinSignificance plus log10 of the
// interval lengths scanned and its MinLift, are taken greedily, each
// one's members set aside before the next is sought, so a network made
// in two campaigns has two bursts. The world's own creation dates are the
// null: a young platform whose accounts were all created in the same
// months expects many members in any interval and shows no burst.
//
// It replaces counting accounts per calendar day against a floor of
// three: a network whose bursts hold one or two accounts each at a small
// world size (nineteen accounts over eighty days, created in pairs a few
// hours apart: tuning world 9523 at 0.03) has no such day, yet a
// two-month interval holds many times what a random group of accounts
// created over twelve years would. A member is
// in a burst only when its creation falls in an interval beyond chance:
// two people created hours apart years ago, beside a network made in one
// week, are a coincidence the scan's bar absorbs.
type creationBursts struct {
	// dated is the number of members with a creation date.
	dated int
	// in marks, per member (aligned with the members given), creation in
	// a burst beyond chance.
	in []bool
	// best is the most significant interval's test (0 when none).
	best coTest
	// noBaseline says fewer accounts outside the group than in it have a
	// creation date: the test was not made (measured says so).
	noBaseline bool
}

// measured reports whether the group's creation dates were tested: at
// least 5 dated members, and at least as many dated accounts outside it.
func (cb creationBursts) measured() bool { return cb.dated >= 5 && !cb.noBaseline }

// creationBurstsOf tests members' creation dates against the world's
// (opts gives the bars). Fewer than 5 dated members, or fewer dated
// accounts outside the group than in it, cannot be tested (measured says
// so).
func creationBurstsOf(w *world, members []int32, opts Options) creationBursts {
	return creationBurstsAt(w, members, opts, 0)
}

// creationBurstsAt is creationBurstsOf with the scan's bar raised by
// extra (log10: the other scans made on the same group).
func creationBurstsAt(w *world, members []int32, opts Options, extra float64) creationBursts {
	cb := creationBursts{in: make([]bool, len(members))}
	type dated struct {
		t int64
		i int
	}
	var times []dated
	for i, a := range members {
		if w.created[a] > 0 {
			times = append(times, dated{w.created[a], i})
		}
	}
	cb.dated = len(times)
	if cb.dated < 5 {
		return cb
	}
	slices.SortFunc(times, func(x, y dated) int { return cmp.Compare(x.t, y.t) })
	all := sortedCreated(w)
	others := float64(len(all) - cb.dated)
	if others < float64(cb.dated) {
		// The world's other accounts are the null; fewer of them than
		// the group's own (a stream's first hours, where mostly the
		// network's accounts have been seen) estimate no baseline, and
		// no baseline is no evidence either way.
		cb.noBaseline = true
		return cb
	}
	count := func(t0, t1 int64) int { // accounts created in [t0, t1]
		lo := sort.Search(len(all), func(i int) bool { return all[i] >= t0 })
		hi := sort.Search(len(all), func(i int) bool { return all[i] > t1 })
		return hi - lo
	}
	bar := opts.MinSignificance + math.Log10(float64(len(creationWindows))) + extra
	taken := make([]bool, len(times))
	for first := true; ; first = false {
		var best coTest
		bestFrom, bestTo := -1, -1
		free := make([]int, len(times)+1) // members not yet in a burst, before each index
		for k := range times {
			free[k+1] = free[k] + b2i(!taken[k])
		}
		for _, days := range creationWindows {
			span := days * 86400
			to := 0
			for from := range times {
				if taken[from] {
					continue
				}
				to = max(to, from)
				for to+1 < len(times) && times[to+1].t <= times[from].t+span {
					to++
				}
				inside := free[to+1] - free[from]
				// The member the interval starts at is in it by
				// construction: its partners are what is tested, against
				// the other members not yet in a burst.
				mine := to - from + 1
				chance := float64(free[len(times)]-1) * math.Max(float64(count(times[from].t, times[from].t+span)-mine)/others, 1/others)
				var t coTest
				t.add(float64(inside-1), chance)
				if t.Observed > t.Expected && t.llr > best.llr {
					best, bestFrom, bestTo = t, from, to
				}
			}
		}
		if first {
			cb.best = best
		}
		if bestFrom < 0 || best.significance() < bar || best.lift() < opts.MinLift {
			return cb
		}
		for k := bestFrom; k <= bestTo; k++ {
			if !taken[k] {
				taken[k] = true
				cb.in[times[k].i] = true
			}
		}
	}
}

// beyondChance reports whether some interval of the group's creation
// dates is a burst.
func (cb creationBursts) beyondChance() bool {
	return slices.Contains(cb.in, true)
}

// inBurst reports whether member i (an index into the members given) was
// created in a burst of its group.
func (cb creationBursts) inBurst(i int) bool { return cb.in[i] }

// outside reads member i's sign of an account of its own age: created
// outside every burst of its group. It is measured only where the member
// has a creation date (dated) and the world's other accounts give the
// scan a baseline: with no baseline (a stream's first hours) no burst
// could have been found, so being outside one is unknown, not shown.
func (cb creationBursts) outside(i int, dated bool) (measured, shown bool) {
	return dated && !cb.noBaseline, !cb.in[i]
}

// share is the creation_bursts feature: the share of dated members
// created in a burst, 0 when the group's creation dates are what chance
// gives.
func (cb creationBursts) share() float64 {
	if cb.dated == 0 {
		return 0
	}
	in := 0
	for _, b := range cb.in {
		if b {
			in++
		}
	}
	return float64(in) / float64(cb.dated)
}

// sortedCreated returns every account's known creation time, sorted,
// computing it on first use (w.createdSorted).
func sortedCreated(w *world) []int64 {
	if w.createdSorted == nil {
		w.createdSorted = make([]int64, 0, w.n())
		for _, t := range w.created {
			if t > 0 {
				w.createdSorted = append(w.createdSorted, t)
			}
		}
		slices.Sort(w.createdSorted)
	}
	return w.createdSorted
}

// actingBursts is the creation_bursts feature of a group (unless
// Options.MemberAutomationOff): the share of its dated members created in a
// burst found either among all its members (cb) or among the members that
// amplify round the clock by their own retweet times (acting, listed in
// automation.actedClock), scanned on their own. A network's accounts
// bought or made in a few batches, beside many more accounts of its own
// (aged amplifiers with spread creation dates) or a few people, show no
// burst among all the group's members: each batch is small against the
// chance the whole group gives. The acting members are chosen by their
// retweet times alone, never by their creation dates, so under the null
// (their dates drawn as the world's) their scan is as valid as the
// group's; the acting members' scan asks log10 2 more of its bar, for
// testing the group twice. It is only made where 5 or more acting members
// are dated and fewer than all the group's members act (otherwise it is
// the group's scan again). Member signs (creationBursts.outside) still
// read the group's own scan.
func actingBursts(w *world, members []int32, cb creationBursts, acting []int32, opts Options) float64 {
	if len(acting) < 5 || len(acting) >= len(members) || cb.dated == 0 {
		return cb.share()
	}
	sub := creationBurstsAt(w, acting, opts, math.Log10(2))
	if !sub.measured() || !sub.beyondChance() {
		return cb.share()
	}
	in := map[int32]bool{}
	for i, a := range members {
		if cb.in[i] {
			in[a] = true
		}
	}
	for i, a := range acting {
		if sub.in[i] {
			in[a] = true
		}
	}
	return float64(len(in)) / float64(cb.dated)
}
