package detect

import (
	"math"
	"slices"
	"sort"
)

// creationWindow is how close two members' creation times must be to
// count as created together: within a day of each other, the window
// farmIdentity also uses.
const creationWindow = 86400

// creationBursts is a group's creation-date test: how many member pairs
// were created within creationWindow of each other, against how many the
// world's other accounts' creation dates give a group of this size by
// chance. Each member's expected partners are its (n−1) fellow members
// times the share of the other accounts created within the window around
// its own creation time, so a world whose accounts were all created in
// the same month (a young platform) expects many such pairs and a group
// drawn from it shows none beyond chance.
//
// It replaces counting accounts per calendar day against a floor of
// three: a network whose bursts hold one or two accounts each at a small
// world size (nineteen accounts over eighty days, created in pairs hours
// apart) has no such day, yet pairs created within a day of each other
// are a hundred times what a random group of accounts created over
// twelve years would show.
type creationBursts struct {
	// dated is the number of members with a creation date.
	dated int
	// partners is, per member (aligned with the members given), how many
	// other members were created within the window of it; -1 when its
	// creation date is unknown.
	partners []int
	// test is the pairs observed against the pairs expected by chance.
	test coTest
}

// creationBurstsOf tests members' creation dates against the world's.
// Fewer than 5 dated members cannot be tested (dated says so).
func creationBurstsOf(w *world, members []int32) creationBursts {
	cb := creationBursts{partners: make([]int, len(members))}
	var times []int64
	for i, a := range members {
		cb.partners[i] = -1
		if w.created[a] > 0 {
			times = append(times, w.created[a])
		}
	}
	cb.dated = len(times)
	if cb.dated < 5 {
		return cb
	}
	slices.Sort(times)
	all := sortedCreated(w)
	others := float64(len(all) - cb.dated)
	if others <= 0 {
		return cb
	}
	within := func(sorted []int64, t int64) int {
		lo := sort.Search(len(sorted), func(i int) bool { return sorted[i] >= t-creationWindow })
		hi := sort.Search(len(sorted), func(i int) bool { return sorted[i] > t+creationWindow })
		return hi - lo
	}
	var observed, expected float64
	for i, a := range members {
		t := w.created[a]
		if t <= 0 {
			continue
		}
		mine := within(times, t) // itself included
		cb.partners[i] = mine - 1
		p := float64(within(all, t)-mine) / others
		observed += float64(mine - 1)
		expected += float64(cb.dated-1) * math.Max(p, 1/others)
	}
	// Each pair is counted from both of its members.
	cb.test.add(observed/2, expected/2)
	return cb
}

// beyondChance reports whether the group's pairs created together exceed
// chance by the stage-1 bars (MinLift, MinSignificance).
func (cb creationBursts) beyondChance(opts Options) bool {
	return cb.dated >= 5 && cb.test.lift() >= opts.MinLift && cb.test.significance() >= opts.MinSignificance
}

// inBurst reports whether member i (an index into the members given) was
// created within the window of another member of a group whose pairs
// created together exceed chance.
func (cb creationBursts) inBurst(i int, opts Options) bool {
	return cb.partners[i] > 0 && cb.beyondChance(opts)
}

// share is the creation_bursts feature: the share of dated members
// created in a burst, 0 when the group's creation dates are what chance
// gives.
func (cb creationBursts) share(opts Options) float64 {
	if !cb.beyondChance(opts) {
		return 0
	}
	in := 0
	for _, k := range cb.partners {
		if k > 0 {
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
