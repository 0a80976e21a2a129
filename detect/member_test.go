package detect

import (
	"fmt"
	"testing"
)

// TestQuietAmpAutomated: amplification inside a member's own quiet hours
// is automation only when it is more than the member's own habits put
// there, and never when its day is unknown.
func TestQuietAmpAutomated(t *testing.T) {
	var opts Options
	opts.defaults()
	tests := []struct {
		name string
		q    quietAmp
		want bool
	}{
		{"day unknown", quietAmp{known: false, in: 50, amp: 100}, false},
		{"asleep person never amplifies at night", quietAmp{known: true, in: 0, amp: 100}, false},
		{"a few at night, none of its other posts there", quietAmp{known: true, in: int32(opts.MemberQuietActs), amp: 100}, true},
		{"too few to tell", quietAmp{known: true, in: int32(opts.MemberQuietActs) - 1, amp: 100}, false},
		{"at its own habits' rate", quietAmp{known: true, in: 5, amp: 100, otherShare: 0.05}, false},
		{"twice its own habits' rate", quietAmp{known: true, in: 10, amp: 100, otherShare: 0.05}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.automated(opts); got != tc.want {
				t.Errorf("automated(%+v) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

// TestQuietWindow finds the quietest restHours of an account's own day,
// wherever it lies in UTC, and says when there are too few posts to tell.
func TestQuietWindow(t *testing.T) {
	day := func(quietFrom int) [24]int32 {
		var h [24]int32
		for i := range h {
			h[i] = 5
		}
		for i := range restHours {
			h[(quietFrom+i)%24] = 0
		}
		return h
	}
	tests := []struct {
		name      string
		hours     [24]int32
		posts     int32
		wantStart int
		wantOK    bool
	}{
		{"asleep 02-08 UTC", day(2), 90, 2, true},
		{"asleep across midnight", day(21), 90, 21, true},
		{"too few posts", day(2), restMinPosts - 1, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, share, ok := quietWindow(&tc.hours, tc.posts)
			if ok != tc.wantOK || (ok && (start != tc.wantStart || share != 0)) {
				t.Errorf("quietWindow = %d, %.3f, %v; want %d, 0, %v", start, share, ok, tc.wantStart, tc.wantOK)
			}
		})
	}
}

// TestAmplificationRest: a member whose amplification skips the posts made
// in one daily window, while covering the rest of the day, rests; one that
// covers every hour alike where a gap would have shown amplifies round the
// clock; one whose only silent hours are hours the account never posts
// in, or with too few retweets, is unknown (neither).
func TestAmplificationRest(t *testing.T) {
	var opts Options
	opts.defaults()
	day := func(posts, every int, asleepFrom, asleepHours int, noPostsFrom, noPostsHours int) (opp, got [24]int32) {
		for h := range 24 {
			if (h-noPostsFrom+24)%24 < noPostsHours {
				continue
			}
			opp[h] = int32(posts)
			if (h-asleepFrom+24)%24 >= asleepHours {
				got[h] = int32(posts / every)
			}
		}
		return opp, got
	}
	tests := []struct {
		name              string
		opp, got          [24]int32
		rests, roundClock bool
	}{}
	add := func(name string, rests, round bool, opp, got [24]int32) {
		tests = append(tests, struct {
			name              string
			opp, got          [24]int32
			rests, roundClock bool
		}{name, opp, got, rests, round})
	}
	o, g := day(12, 3, 0, 8, 0, 0)
	add("asleep 00-08 UTC, a third of the rest", true, false, o, g)
	o, g = day(12, 3, 20, 8, 0, 0)
	add("asleep across midnight", true, false, o, g)
	o, g = day(12, 3, 0, 0, 0, 0)
	add("a third of every hour", false, true, o, g)
	o, g = day(12, 3, 0, 8, 0, 8)
	add("asleep only while the account sleeps too", false, false, o, g)
	o, g = day(1, 1, 0, 0, 0, 0)
	g = [24]int32{9: 1, 14: 1, 20: 1}
	add("too few retweets to tell", false, false, o, g)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := restOf(&tc.opp, &tc.got, opts)
			if r.rests != tc.rests || r.roundClock != tc.roundClock {
				t.Errorf("restOf = rests %v roundClock %v (sig %.2f ratio %.2f), want %v %v", r.rests, r.roundClock, r.sig, r.ratio, tc.rests, tc.roundClock)
			}
		})
	}
}

// TestRestAtActionTime: covering the posts of every hour is round-the-clock
// amplification only when the member's own retweets fall at every hour too.
// A person who catches up in the morning on what the account posted
// overnight covers the night's posts but acts while awake (a daily gap in
// its own retweet times): not round the clock, and not resting either (its
// coverage by the original's hour shows no gap), so unknown. An account
// that retweets at any hour, minutes or an hour after the post, stays round
// the clock. An amplifier whose retweets only follow the amplified
// account's own day (nothing at night because the account posts nothing)
// keeps no day of its own (actedRests false); the person catching up does.
// Varied over post rates, coverages and sleep windows.
func TestRestAtActionTime(t *testing.T) {
	var opts Options
	opts.defaults()
	for _, posts := range []int32{6, 12, 30} {
		for _, every := range []int32{1, 2, 3} {
			for _, sleep := range []int{0, 7, 22} {
				var opp, got, catchUp, anyHour [24]int32
				wake := (sleep + 8) % 24
				for h := range 24 {
					opp[h] = posts
					got[h] = posts / every
					asleep := (h-sleep+24)%24 < 8
					if asleep {
						catchUp[wake] += posts / every // retweeted on waking
					} else {
						catchUp[h] += posts / every
					}
					anyHour[(h+1)%24] += posts / every // an hour later, at any hour
				}
				name := fmt.Sprintf("posts %d every %d asleep from %d", posts, every, sleep)
				t.Run(name, func(t *testing.T) {
					if r := restOf(&opp, &got, opts); !r.roundClock {
						t.Fatalf("by the original's hour alone both cover every hour: roundClock %v, want true", r.roundClock)
					}
					if r := restAt(&opp, &got, &catchUp, 0, opts); r.roundClockActed || r.rests || !r.actedRests {
						t.Errorf("catching up in the morning: rests %v roundClockActed %v actedRests %v, want false false true", r.rests, r.roundClockActed, r.actedRests)
					}
					if r := restAt(&opp, &got, &anyHour, 1, opts); !r.roundClockActed || r.actedRests || !r.actedKnown {
						t.Errorf("retweeting at any hour: roundClockActed %v actedRests %v actedKnown %v, want true false true", r.roundClockActed, r.actedRests, r.actedKnown)
					}
					// The amplified account sleeps 8 hours; the amplifier
					// retweets each of its posts an hour later: its retweet
					// times show the account's night, not one of its own.
					var sOpp, sGot, sAt [24]int32
					for h := range 24 {
						if (h-sleep+24)%24 >= 8 {
							sOpp[h], sGot[h] = posts, posts/every
							sAt[(h+1)%24] += posts / every
						}
					}
					if r := restAt(&sOpp, &sGot, &sAt, 1, opts); r.actedRests || r.rests {
						t.Errorf("following the account's own day: rests %v actedRests %v, want neither", r.rests, r.actedRests)
					}
				})
			}
		}
	}
}

// TestMemberPerson: membership rests on each member's own evidence, and a
// sign the data could not measure counts neither way.
func TestMemberPerson(t *testing.T) {
	var opts Options
	opts.defaults()
	bit := func(bs ...int) uint16 {
		var b uint16
		for _, x := range bs {
			b |= 1 << x
		}
		return b
	}
	all := bit(signProfile, signAged, signReplies, signSlower, signRhythm)
	tests := []struct {
		name string
		m    memberSigns
		want bool
	}{
		{"four signs", memberSigns{measured: all, shown: bit(signProfile, signAged, signReplies, signRhythm)}, true},
		{"three of five", memberSigns{measured: all, shown: bit(signProfile, signAged, signRhythm)}, false},
		{"three of five, amplification rests", memberSigns{measured: all | bit(signAmpRest), shown: bit(signProfile, signAged, signAmpRest)}, true},
		{"three of six, partial coverage of its own", memberSigns{measured: all | bit(signPartial), shown: bit(signProfile, signAged, signPartial)}, true},
		{"two of six, partial coverage of its own", memberSigns{measured: all | bit(signPartial), shown: bit(signProfile, signPartial)}, false},
		{"three of four measured", memberSigns{measured: bit(signProfile, signAged, signReplies, signSlower), shown: bit(signProfile, signAged, signReplies)}, true},
		{"two of two measured", memberSigns{measured: bit(signProfile, signAged), shown: bit(signProfile, signAged)}, false},
		{"four signs, amplifies round the clock", memberSigns{measured: all, shown: bit(signProfile, signAged, signReplies, signRhythm), rest: ampRest{roundClock: true}}, false},
		{"four signs, amplifies in its own quiet hours", memberSigns{measured: all, shown: bit(signProfile, signAged, signReplies, signRhythm), quiet: quietAmp{known: true, in: 10, amp: 50}}, false},
		{"nothing measured", memberSigns{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.m.person(opts); got != tc.want {
				t.Errorf("person(%+v) = %v, want %v", tc.m, got, tc.want)
			}
		})
	}
}
