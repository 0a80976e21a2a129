package detect

// Daily rest on a share table, against the account's own opportunities.
//
// no_daily_rest asks whether a member has a quiet period of its own: few
// of its shares in its quietest restHours hours of the day. Where the
// data names no author and no post time of the items (a share table),
// a member that only shares one source's items within minutes rests
// whenever that source does: its quiet hours are its items' quiet hours,
// and the data could not have shown whether it would have shared an item
// posted then. ownDailyRest reads the rest against the hours its items
// appeared (each item's origin, its first share on a share table): a
// member rests of its own when its items kept appearing in its quiet
// hours (at least restlessShare of them, the same share that makes a
// member restless) and it shared them later; when its items themselves
// rested there, its rest is unknown. A member whose shares fill its
// quiet hours (restlessShare or more) is restless either way.

// originHoursOf returns, per account (dense id), the hours of day (UTC)
// at which the items of its retweets appeared (world.origin), computing
// them on first use (w.originHours).
func originHoursOf(w *world) [][24]int32 {
	if w.originHours == nil {
		w.originHours = make([][24]int32, w.n())
		for _, s := range w.retweetShares {
			if ot := w.origin(s.Item); ot > 0 {
				w.originHours[s.Account][(ot/3600)%24]++
			}
		}
	}
	return w.originHours
}

// ownDailyRest is hasDailyRest read against the account's opportunities
// (the hours its items appeared, oh): rest is known only where the items
// kept appearing in the account's quiet hours.
func ownDailyRest(w *world, oh [][24]int32, a int32) (rest, known bool) {
	start, q, ok := quietWindow(&w.hours[a], w.posts[a])
	if !ok {
		return false, false
	}
	if q >= restlessShare {
		return false, true
	}
	var in, all int32
	for h := range 24 {
		all += oh[a][h]
	}
	for h := range restHours {
		in += oh[a][(start+h)%24]
	}
	if all == 0 || float64(in) < restlessShare*float64(all) {
		return false, false
	}
	return true, true
}

// tableOwnRest replaces the cluster's no_daily_rest (features) with the
// share of its members without a daily rest of their own against their
// opportunities (ownDailyRest), for Options.TableOwnRest on data without
// authors; unavailable when fewer than autoMinMembers members could tell.
func tableOwnRest(w *world, members []int32, f map[string]float64, cov coverage) {
	oh := originHoursOf(w)
	var known, restless int
	for _, a := range members {
		if rest, ok := ownDailyRest(w, oh, a); ok {
			known++
			if !rest {
				restless++
			}
		}
	}
	delete(f, FeatNoRest)
	delete(cov, FeatNoRest)
	if known >= autoMinMembers {
		f[FeatNoRest] = round3(float64(restless) / float64(known))
	} else {
		cov[FeatNoRest] = "too few members whose items kept appearing in their quiet hours (a share table: the rest may be their items')"
	}
}
