package detect

import "testing"

// TestGenericDomains checks genericDomains on hand-built link shares: a
// domain is generic for a network when the links of the accounts outside
// every core go to it more than assocDomainOthers times as often as the
// core's links do, each account's links weighing one account, whatever
// the number of accounts using it or the volume of the heaviest posters.
func TestGenericDomains(t *testing.T) {
	// Accounts 0-3 are network 0's core, 4-19 outsiders. Domains: 0 a
	// news site everyone links to at the same rate, 1 the network's own
	// site (one outsider link), 2 used only in the core, 3 never linked.
	owner := make([]int32, 20)
	for a := range owner {
		owner[a] = -1
		if a < 4 {
			owner[a] = 0
		}
	}
	w := &world{}
	add := func(a, d int32, k int) {
		for range k {
			w.domainShares = append(w.domainShares, Share{Item: d, Account: a})
		}
	}
	for a := int32(0); a < 4; a++ {
		add(a, 0, 2) // 8 of the core's 48 links
		add(a, 1, 8) // 32
		add(a, 2, 2) // 8
	}
	for a := int32(4); a < 20; a++ {
		add(a, 0, 1) // 16 of the outsiders' 97 links
		add(a, 9, 5) // elsewhere
	}
	add(4, 1, 1)
	check := func(name string, cases []struct {
		domain int32
		want   bool
	}) {
		generic := genericDomains(w, owner, 1)
		for _, tc := range cases {
			if got := generic(tc.domain, 0); got != tc.want {
				t.Errorf("%s: domain %d: generic %v, want %v", name, tc.domain, got, tc.want)
			}
		}
	}
	check("even volumes", []struct {
		domain int32
		want   bool
	}{
		{0, true},  // outsiders 1/6 per account > 0.25 × 1/6
		{1, false}, // outsiders (1/7)/16 ≤ 0.25 × 8/12
		{2, false}, // no outsider links
		{3, false}, // no core links: not judged
	})
	// Two outsiders posting 400 links each elsewhere (spam, or the
	// network's own site from accounts clustered nowhere: tuning worlds
	// 9647 and 9133 at 0.03). Pooled over links the news site would look
	// 10 times rarer among people than in the core (16/897 against
	// 8/48); per account it is as common as before.
	add(18, 9, 400)
	add(19, 9, 400)
	check("two heavy outsiders", []struct {
		domain int32
		want   bool
	}{
		{0, true},
		{1, false},
	})
}

// TestCoversNight checks quietAmp.coversNight: a member that covers the
// posts made in its own quiet hours as it covers the others' is automated,
// a member that covers them at the rate of its own posts there (or not at
// all) is not, and too few opportunities or an unknown day say nothing.
func TestCoversNight(t *testing.T) {
	opts := Options{MemberNightSignificance: 2}
	opts.defaults()
	// 100 other posts, 4 of them in its quiet hours: the night's rate is a
	// seventh of the day's (5/6 against 99/18), so the person's bound at
	// MemberQuietLift 2 is about 0.3 of its day coverage.
	day := quietAmp{known: true, posts: 100, otherIn: 4, dayOpp: 100, dayGot: 80}
	for _, tc := range []struct {
		name               string
		nightOpp, nightGot int32
		known              bool
		sig                float64
		want               bool
	}{
		{"covers its night like its day", 10, 8, true, 2, true},
		{"covers its night at its own rate", 10, 1, true, 2, false},
		{"misses its night", 30, 0, true, 2, false},
		{"too few night posts to tell", 2, 2, true, 2, false},
		{"unknown day", 10, 8, false, 2, false},
		{"off", 10, 8, true, 0, false},
	} {
		q := day
		q.known, q.nightOpp, q.nightGot = tc.known, tc.nightOpp, tc.nightGot
		o := opts
		o.MemberNightSignificance = tc.sig
		if got := q.coversNight(o); got != tc.want {
			t.Errorf("%s: coversNight %v, want %v", tc.name, got, tc.want)
		}
	}
}
