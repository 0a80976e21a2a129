package detect

import (
	"slices"
	"testing"
)

// TestQuietPooled checks pooledQuiet (Options.MemberQuietPooled): a
// cluster's quiet-window readings summed over its members against the sum
// of their own lifted baselines, and which members it marks.
func TestQuietPooled(t *testing.T) {
	type member struct {
		in, amp, otherIn, posts int32
		sleeps                  bool // covers none of the 20 amplified posts of its quiet hours, half of the 100 others
	}
	rep := func(n int, m member) []member { return slices.Repeat([]member{m}, n) }
	for _, tc := range []struct {
		name    string
		members []member
		marked  []bool // nil: none
	}{
		// Each member alone falls short of MemberQuietActs (2 of 40
		// retweets where its 100 other posts name a quiet window holding
		// none of them); twelve of them do not.
		{"twelve_camouflaged", rep(12, member{in: 2, amp: 40, posts: 100}), []bool{true, true, true, true, true, true, true, true, true, true, true, true}},
		{"one_alone", rep(1, member{in: 2, amp: 40, posts: 100}), nil},
		// People whose retweets keep to their day: one stray retweet
		// in the window among twelve members is within chance.
		{"twelve_people", append(rep(11, member{in: 0, amp: 40, posts: 100}), member{in: 1, amp: 40, posts: 100}), nil},
		// A window named by a few other posts predicts little: 1 of 10
		// retweets against 0 of 8 other posts is within the pseudo
		// posts' baseline, for twelve members too.
		{"few_other_posts", rep(12, member{in: 1, amp: 10, posts: 8}), nil},
		// In a cluster whose pool is significant, a member with no
		// retweet in its window, or one that sleeps through the posts
		// made there, is not marked.
		{"mixed", append(rep(10, member{in: 3, amp: 40, posts: 100}), member{in: 0, amp: 40, posts: 100}, member{in: 2, amp: 40, posts: 100, sleeps: true}),
			[]bool{true, true, true, true, true, true, true, true, true, true, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{MemberQuietPooled: true}.withDefaults()
			ms := make([]memberSigns, len(tc.members))
			for i, m := range tc.members {
				q := quietAmp{known: true, in: m.in, amp: m.amp, otherIn: m.otherIn, posts: m.posts, otherShare: float64(m.otherIn) / float64(m.posts)}
				if m.sleeps {
					q.nightOpp, q.nightGot, q.dayOpp, q.dayGot = 20, 0, 100, 50
				}
				ms[i] = memberSigns{quiet: q}
			}
			pooledQuiet(ms, o)
			for i, m := range ms {
				want := tc.marked != nil && tc.marked[i]
				if m.pooledQuiet != want {
					t.Errorf("member %d (%d of %d against %d of %d): marked %v, want %v", i, tc.members[i].in, tc.members[i].amp, tc.members[i].otherIn, tc.members[i].posts, m.pooledQuiet, want)
				}
				if want && !m.automated(o) {
					t.Errorf("member %d marked but not automated", i)
				}
				if !want && m.automated(o) {
					t.Errorf("member %d automated", i)
				}
			}
		})
	}
	// Off, memberEvidence marks no member: the field is read only where
	// the option set it.
	if (memberSigns{quiet: quietAmp{known: true, in: 2, amp: 40, posts: 100}}).automated(Options{}.withDefaults()) {
		t.Error("2 of 40 alone read as automated")
	}
}

// TestAwakePooled checks awakePooled and awakeLeans
// (Options.MemberAwakePooled): members' coverage of the amplified
// account's posts made inside their own quiet hours, pooled against
// MemberRestRatio times their coverage elsewhere. The first row holds six
// members like the camouflaged accounts of tuning world 10114 at 0.03 (3
// of 9 there against 46% of 213 elsewhere: short of
// MemberAwakeSignificance alone); the second one of them alone; the third
// twelve people who sleep through their nights but one, who retweeted one
// such post of nine; the fourth a member with no coverage outside, whose
// bound is unknown and which is not pooled.
func TestAwakePooled(t *testing.T) {
	type member struct{ nightGot, nightOpp, dayGot, dayOpp int32 }
	rep := func(n int, m member) []member { return slices.Repeat([]member{m}, n) }
	for _, tc := range []struct {
		name    string
		members []member
		pooled  bool
	}{
		{"six_camouflaged", rep(6, member{3, 9, 98, 213}), true},
		{"one_alone", rep(1, member{3, 9, 98, 213}), false},
		{"twelve_people", append(rep(11, member{0, 9, 98, 213}), member{1, 9, 98, 213}), false},
		{"no_coverage_outside", rep(6, member{3, 9, 0, 213}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{MemberAwakePooled: true}.withDefaults()
			quiet := map[int32]quietAmp{}
			var ids []int32
			for i, m := range tc.members {
				q := quietAmp{known: true, nightGot: m.nightGot, nightOpp: m.nightOpp, dayGot: m.dayGot, dayOpp: m.dayOpp}
				quiet[int32(i)] = q
				ids = append(ids, int32(i))
				if q.awakeThrough(o) {
					t.Errorf("member %d awake alone; the rows are for members short of it", i)
				}
			}
			if got := awakePooled(ids, quiet, o); got != tc.pooled {
				t.Errorf("pooled %v, want %v", got, tc.pooled)
			}
		})
	}
	if !(quietAmp{known: true, nightGot: 2, nightOpp: 9, dayGot: 98, dayOpp: 213}).awakeLeans(Options{}.withDefaults()) {
		t.Error("2 of 9 against a bound of 0.115 does not lean awake")
	}
	if (quietAmp{known: true, nightGot: 2, nightOpp: 9, dayGot: 98, dayOpp: 213}).awakeLeans(Options{MemberAwakeSignificance: -1}.withDefaults()) {
		t.Error("awake read with MemberAwakeSignificance negative")
	}
}

// TestAwakePooledCount checks Options.MemberAwakePooledCount: a member
// with 3 signs of a person (one fewer than MemberPersonSigns) looks like
// a person, and so does one the pooled night reading marks awake, unless
// the option is on; a member not marked is counted either way.
func TestAwakePooledCount(t *testing.T) {
	three := uint16(1<<signProfile | 1<<signAged | 1<<signReplies)
	for _, tc := range []struct {
		name        string
		pooledAwake bool
		count, want bool
	}{
		{"marked_option_off", true, false, true},
		{"marked_option_on", true, true, false},
		{"unmarked_option_on", false, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := memberSigns{shown: three, measured: three | 1<<signRhythm | 1<<signSlower | 1<<signAmpRest, pooledAwake: tc.pooledAwake}
			o := Options{MemberAwakePooled: true, MemberAwakePooledCount: tc.count}.withDefaults()
			if got := m.looksLikePerson(o); got != tc.want {
				t.Errorf("looksLikePerson %v, want %v", got, tc.want)
			}
			if m.person(o) {
				t.Error("3 signs leave as a person")
			}
		})
	}
}
