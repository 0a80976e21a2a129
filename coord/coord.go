// Package coord finds coordinated share pairs and groups under CooRTweet's
// definition (R package CooRTweet v2.1.3: detect_groups followed by
// generate_coordinated_network), on compact arrays.
//
// A share table row says that an account shared an object (a retweeted
// post, a URL, a hashtag) in a content of its own at a time. Two rows of the
// same object are a coordinated share pair when they are at most Window
// apart, after CooRTweet's filters:
//
//  1. Accounts with fewer than MinParticipation rows are dropped.
//  2. Pairs whose object is one of their contents, whose two contents are
//     the same, or whose two accounts are the same (loops) are dropped.
//  3. An account qualifies when at least MinParticipation of its rows have
//     a content that is in some remaining pair; a pair is kept when either
//     of its contents belongs to a row of a qualifying account.
//
// Each pair is ordered older first (by time; rows with equal times in input
// order). The coordinated network's nodes are the accounts of the kept
// pairs, an edge's weight is the number of kept pairs between its two
// accounts, and the groups are the network's connected components.
//
// The engine sorts each object's rows by time and slides a window over
// them, so it does work in proportion to the rows and the pairs it outputs,
// where CooRTweet's self-join compares every two rows of an object.
package coord

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
)

// Table holds share rows on compact arrays. Object and content ids share
// one intern table so that an object can be compared with a content.
type Table struct {
	ids  interner // object and content ids
	accs interner

	obj, acc, content []uint32
	at                []int64 // unix nanoseconds
	skipped           int
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{}
}

// Add appends one share row: account shared object in content at time at.
func (t *Table) Add(object, account, content string, at time.Time) {
	t.obj = append(t.obj, t.ids.get(object))
	t.acc = append(t.acc, t.accs.get(account))
	t.content = append(t.content, t.ids.get(content))
	t.at = append(t.at, at.UnixNano())
}

// AddPost appends a share row for an ingested post that shares another
// (a retweet: Post.RetweetOf is the object, the post the content) and
// reports whether it did. A share-table row's post id is
// ingest.ShareID(content, object); the content id is recovered from it.
// Posts that share nothing are ignored; shares without a time cannot be
// placed in a window and are counted in Skipped.
func (t *Table) AddPost(p *botsweep.Post) bool {
	if p.RetweetOf == "" || p.AccountID == "" {
		return false
	}
	if p.CreatedAt.IsZero() {
		t.skipped++
		return false
	}
	content := strings.TrimSuffix(p.ID, "/"+p.RetweetOf)
	t.Add(p.RetweetOf, p.AccountID, content, p.CreatedAt)
	return true
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.obj) }

// Skipped is the number of shares AddPost left out for want of a time.
func (t *Table) Skipped() int { return t.skipped }

// Accounts is the number of distinct accounts.
func (t *Table) Accounts() int { return len(t.accs.names) }

// Account returns the name of dense account a.
func (t *Table) Account(a uint32) string { return t.accs.names[a] }

// Options configure Detect.
type Options struct {
	// Window is CooRTweet's time_window: two shares of an object at most
	// this far apart are a pair. CooRTweet's default is 10 s.
	Window time.Duration
	// MinParticipation is CooRTweet's min_participation (default there 2);
	// 0 or less keeps every account.
	MinParticipation int
}

// Pair is one coordinated share pair: the table rows of the older and the
// newer share of the same object.
type Pair struct {
	Older, Newer uint32
}

// Result is the coordinated share pairs of a table.
type Result struct {
	t *Table
	// Pairs are the kept pairs, grouped by object (in order of the ids'
	// first appearance) and, within an object, by the older share's time.
	Pairs []Pair
}

// Detect finds the coordinated share pairs of t.
func Detect(t *Table, opts Options) *Result {
	n := len(t.obj)
	window := int64(opts.Window)
	mp := opts.MinParticipation
	nAcc := len(t.accs.names)

	// 1. Pre-filter accounts by their number of rows.
	rowsOf := make([]int32, nAcc)
	for _, a := range t.acc {
		rowsOf[a]++
	}
	alive := func(r uint32) bool { return mp <= 0 || int(rowsOf[t.acc[r]]) >= mp }

	// 2. Order the surviving rows by object (counting sort, stable), then
	//    by time within the object (ties in row order).
	nIDs := len(t.ids.names)
	start := make([]int32, nIDs+1)
	for r := 0; r < n; r++ {
		if alive(uint32(r)) {
			start[t.obj[r]+1]++
		}
	}
	for i := 1; i <= nIDs; i++ {
		start[i] += start[i-1]
	}
	order := make([]uint32, start[nIDs])
	next := slices.Clone(start[:nIDs])
	for r := 0; r < n; r++ {
		if alive(uint32(r)) {
			o := t.obj[r]
			order[next[o]] = uint32(r)
			next[o]++
		}
	}
	next = nil
	// Equal times keep input order: rows are numbered in input order.
	byTime := func(a, b uint32) int {
		if c := cmp.Compare(t.at[a], t.at[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}

	// 3. Slide the window over each object's shares, dropping loops. A
	//    first pass sorts and bounds the pairs, so they are allocated once.
	slide := func(g []uint32, fn func(i int, later []uint32)) {
		end := 0
		for i, ri := range g {
			end = max(end, i+1)
			for end < len(g) && t.at[g[end]]-t.at[ri] <= window {
				end++
			}
			fn(i, g[i+1:end])
		}
	}
	bound := 0
	for o := 0; o < nIDs; o++ {
		g := order[start[o]:start[o+1]]
		if len(g) < 2 {
			continue
		}
		slices.SortFunc(g, byTime)
		slide(g, func(_ int, later []uint32) { bound += len(later) })
	}
	pairs := make([]Pair, 0, bound)
	for o := 0; o < nIDs; o++ {
		g := order[start[o]:start[o+1]]
		if len(g) < 2 {
			continue
		}
		obj := uint32(o)
		slide(g, func(i int, later []uint32) {
			ri := g[i]
			ci, ai := t.content[ri], t.acc[ri]
			if ci == obj {
				return
			}
			for _, rj := range later {
				cj := t.content[rj]
				if cj == obj || cj == ci || t.acc[rj] == ai {
					continue
				}
				pairs = append(pairs, Pair{Older: ri, Newer: rj})
			}
		})
	}
	order, start = nil, nil

	// 4. Refine by participation in the pairs.
	if mp >= 1 && len(pairs) > 0 {
		inPairs := make([]bool, nIDs)
		for _, p := range pairs {
			inPairs[t.content[p.Older]] = true
			inPairs[t.content[p.Newer]] = true
		}
		cnt := make([]int32, nAcc)
		for r := 0; r < n; r++ {
			if alive(uint32(r)) && inPairs[t.content[r]] {
				cnt[t.acc[r]]++
			}
		}
		qualified := make([]bool, nIDs)
		for r := 0; r < n; r++ {
			if alive(uint32(r)) && inPairs[t.content[r]] && int(cnt[t.acc[r]]) >= mp {
				qualified[t.content[r]] = true
			}
		}
		kept := pairs[:0]
		for _, p := range pairs {
			if qualified[t.content[p.Older]] || qualified[t.content[p.Newer]] {
				kept = append(kept, p)
			}
		}
		pairs = slices.Clip(kept)
	}
	return &Result{t: t, Pairs: pairs}
}

// Table is the table the result was computed from.
func (r *Result) Table() *Table { return r.t }

// Row is one coordinated share pair as CooRTweet's detect_groups returns
// it: the older share's account and content, then the newer's, and the
// time between them.
type Row struct {
	ObjectID, AccountID, AccountIDY, ContentID, ContentIDY string
	TimeDelta                                              time.Duration
}

// Row returns pair i as names.
func (r *Result) Row(i int) Row {
	t, p := r.t, r.Pairs[i]
	return Row{
		ObjectID:   t.ids.names[t.obj[p.Older]],
		AccountID:  t.accs.names[t.acc[p.Older]],
		AccountIDY: t.accs.names[t.acc[p.Newer]],
		ContentID:  t.ids.names[t.content[p.Older]],
		ContentIDY: t.ids.names[t.content[p.Newer]],
		TimeDelta:  time.Duration(t.at[p.Newer] - t.at[p.Older]),
	}
}
