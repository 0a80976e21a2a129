package impact

import (
	"context"
	"sort"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/moderation"
)

// Loss is one account's follower loss from one sweep.
type Loss struct {
	Account         string  `json:"account"` // screen name, or id where unknown
	AccountID       string  `json:"account_id"`
	FollowersBefore int64   `json:"followers_before"` // active followers before the sweep
	FollowersAfter  int64   `json:"followers_after"`
	Lost            int64   `json:"lost"`
	LostShare       float64 `json:"lost_share"`
}

// LosingPhrase is how every surface (sweep output, impact, the API and
// the dashboard) words the count of accounts that lost followers; see
// losesFollowers for what it counts.
const LosingPhrase = "remaining accounts that lost followers"

// losesFollowers is the one definition of an account that lost followers
// to suspensions: at least one of its followers was suspended, and it is
// not suspended itself (a suspended bot whose fellow bots were swept is
// not a loss anyone reports). Delta.AccountsAffected, the report's
// Totals.AccountsAffected and SweepSummary.AccountsAffected all count it.
func losesFollowers(lost int64, suspended bool) bool { return lost > 0 && !suspended }

// Delta is the follower impact of suspending a set of accounts.
type Delta struct {
	Accounts       int   `json:"accounts_suspended"`
	FollowsRemoved int64 `json:"follows_removed"` // follow edges from the suspended accounts
	// AccountsAffected counts the remaining accounts that lost followers
	// to this sweep (see LosingPhrase).
	AccountsAffected int    `json:"accounts_affected"`
	Top              []Loss `json:"top"` // most followers lost first
}

// SweepDelta counts, in one pass over the follows, what suspending
// accounts costs every active account in followers, on top of the
// suspensions already in log (accounts already suspended are not counted
// again). It serves both sweeps just made (pass the log as it was before)
// and dry runs. top bounds the ranking (default 10).
func SweepDelta(ctx context.Context, src botsweep.Source, log *moderation.Log, accounts []string, top int) (*Delta, error) {
	if top <= 0 {
		top = 10
	}
	newly := make(map[string]bool, len(accounts))
	for _, a := range accounts {
		newly[a] = true
	}
	already := map[string]bool{}
	for _, a := range log.Suspended() {
		if !newly[a] {
			already[a] = true
		}
	}
	type acc struct{ active, lost int64 }
	index := map[string]int32{}
	var accs []acc
	var ids []string
	d := &Delta{Accounts: len(newly), Top: []Loss{}}
	err := src.EachFollow(ctx, func(f botsweep.Follow) error {
		if already[f.Follower] {
			return nil
		}
		x, ok := index[f.Followee]
		if !ok {
			x = int32(len(accs))
			index[f.Followee] = x
			accs = append(accs, acc{})
			ids = append(ids, f.Followee)
		}
		accs[x].active++
		if newly[f.Follower] {
			accs[x].lost++
			d.FollowsRemoved++
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "count follows")
	}
	var hit []int32
	for x := range accs {
		id := ids[x]
		if !losesFollowers(accs[x].lost, newly[id] || already[id]) {
			continue
		}
		hit = append(hit, int32(x))
	}
	d.AccountsAffected = len(hit)
	sort.Slice(hit, func(i, j int) bool {
		a, b := accs[hit[i]], accs[hit[j]]
		if a.lost != b.lost {
			return a.lost > b.lost
		}
		return ids[hit[i]] < ids[hit[j]]
	})
	if len(hit) > top {
		hit = hit[:top]
	}
	want := map[string]int{}
	for i, x := range hit {
		a := accs[x]
		want[ids[x]] = i
		l := Loss{Account: ids[x], AccountID: ids[x], FollowersBefore: a.active, FollowersAfter: a.active - a.lost, Lost: a.lost}
		l.LostShare = float64(a.lost) / float64(a.active)
		d.Top = append(d.Top, l)
	}
	if len(want) > 0 {
		err = src.EachAccount(ctx, func(a *botsweep.Account) error {
			if i, ok := want[a.ID]; ok && a.ScreenName != "" {
				d.Top[i].Account = a.ScreenName
			}
			return nil
		})
		if err != nil {
			return nil, wrap(err, "read accounts")
		}
	}
	return d, nil
}
