package detect

import (
	"context"
	"math"
	"testing"

	botsweep "github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
)

// TestRestOutweighsQuiet checks the comparison of a member's two readings
// of its day (on unless Options.MemberRestOutweighsQuietOff): the quiet-window reading
// gives way only where the daily rest of its amplification outweighs it
// by the rest's own significance. The counts are those of tuning worlds
// 10002 and 10000 (superfans resting at log10 LR 9.85 and 10.97 against
// windows named by 53 and 40 other posts) and 10009 at 0.03 (a
// camouflaged account resting at the bar with 13 of 71 retweets in a
// window named by 344 other posts).
func TestRestOutweighsQuiet(t *testing.T) {
	opts := Options{}.withDefaults()
	off := Options{MemberRestOutweighsQuietOff: true}.withDefaults()
	q := func(in, amp, otherIn, posts int32) quietAmp {
		return quietAmp{known: true, in: in, amp: amp, otherIn: otherIn, posts: posts, otherShare: float64(otherIn) / float64(posts)}
	}
	cases := []struct {
		name      string
		quiet     quietAmp
		rests     bool
		sig       float64
		outweighs bool
	}{
		{"superfan 10002", q(14, 326, 1, 53), true, 9.85, true},
		{"superfan 10000", q(9, 234, 0, 40), true, 10.97, true},
		{"camouflage 10009 at the bar", q(13, 71, 26, 344), true, 2.00, false},
		{"no rest", q(14, 326, 1, 53), false, 0, false},
		{"strong rest, stronger quiet reading", q(100, 300, 2, 400), true, 9.85, false},
		{"unknown day", quietAmp{in: 14, amp: 326}, true, 2.5, true},
	}
	for _, c := range cases {
		m := memberSigns{quiet: c.quiet, rest: ampRest{rests: c.rests, sig: c.sig}}
		if c.quiet.known && c.name != "strong rest, stronger quiet reading" && !c.quiet.automated(opts) {
			t.Fatalf("%s: the quiet-window reading does not hold; the case tests nothing", c.name)
		}
		if got := m.restOutweighsQuiet(opts); got != c.outweighs {
			t.Errorf("%s: restOutweighsQuiet %v (rest %.2f, quiet %.2f), want %v", c.name, got, c.sig, c.quiet.quietSig(), c.outweighs)
		}
		// The option only ever removes the quiet-window reading, and only
		// where the rest outweighs it.
		if m.quiet.automated(opts) {
			if m.automated(off) == false {
				t.Errorf("%s: automated without the option is false though the quiet reading holds", c.name)
			}
			if got := m.automated(opts); got == c.outweighs {
				t.Errorf("%s: automated with the option %v, want %v", c.name, got, !c.outweighs)
			}
		}
	}
}

// TestQuietSig checks the quiet-window reading's evidence: 0 where the
// member's retweets fall in its quiet hours no more often than its other
// posts or its day is unknown, and larger the more other posts name the
// window at the same shares.
func TestQuietSig(t *testing.T) {
	if s := (quietAmp{known: true, in: 5, amp: 100, otherIn: 10, posts: 100}).quietSig(); s != 0 {
		t.Errorf("share below its other posts': %v, want 0", s)
	}
	if s := (quietAmp{in: 50, amp: 100, posts: 10}).quietSig(); s != 0 {
		t.Errorf("unknown day: %v, want 0", s)
	}
	prev := 0.0
	for _, posts := range []int32{40, 80, 160, 320} {
		s := quietAmp{known: true, in: 10, amp: 100, otherIn: posts / 40, posts: posts}.quietSig()
		if s <= prev {
			t.Errorf("%d other posts: %.3f, not above %.3f at fewer", posts, s, prev)
		}
		prev = s
	}
}

// TestRestPoweredPosts checks the fewest posts at which an empty daily
// window could be told from chance (Options.MemberRhythmPowered) against
// its definition, at several significances.
func TestRestPoweredPosts(t *testing.T) {
	chance := func(n int32) float64 { return 24 * math.Pow(1-float64(restHours)/24, float64(n)) }
	for _, sig := range []float64{1, 2, 3} {
		opts := Options{MemberRestSignificance: sig}.withDefaults()
		n := restPoweredPosts(opts)
		if chance(n) > math.Pow(10, -sig) || chance(n-1) <= math.Pow(10, -sig) {
			t.Errorf("significance %v: %d posts (chance %.4f, at one fewer %.4f)", sig, n, chance(n), chance(n-1))
		}
	}
	if n := restPoweredPosts(Options{}.withDefaults()); n != 28 {
		t.Errorf("defaults: %d posts, want 28", n)
	}
}

// TestRestOutweighsQuietWorlds: on tuning worlds where superfans were held
// as automated by retweets inside a quiet window their few other posts
// name, though their amplification rests daily on far stronger evidence
// (10002 at 0.03, 10000 at 0.06), weighing the two readings frees them;
// with MemberRestOutweighsQuietOff they are flagged as before. A
// camouflaged network of 10009 at 0.03, one of whose accounts rests at the
// bar with a quiet reading nearly as strong, loses no account. Members are
// scored with the account model, as botsweep detect does.
func TestRestOutweighsQuietWorlds(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and detects three worlds twice")
	}
	cases := []struct {
		seed        int64
		scale       float64
		label       string
		on, off     int // flagged accounts of label with the rule and without
		onlyIfEqual bool
	}{
		{10002, 0.03, sim.LabelSuperfan, 0, 2, false},
		{10000, 0.06, sim.LabelSuperfan, 0, 1, false},
		{10009, 0.03, sim.LabelCamouflage, -1, -1, true},
	}
	for _, c := range cases {
		cfg := sim.Random(c.seed)
		cfg.Scale = c.scale
		d := &botsweep.Dataset{}
		truth, err := sim.Generate(context.Background(), cfg, d)
		if err != nil {
			t.Fatal(err)
		}
		idx := truth.Index()
		scores := diagBotScores(t, d)
		count := func(off bool) int {
			res, err := Run(context.Background(), d, Options{BotScores: scores, MemberRestOutweighsQuietOff: off})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, nw := range res.Networks {
				if nw.Verdict != botsweep.VerdictInauthentic {
					continue
				}
				for _, x := range nw.Members {
					if idx[x.AccountID].Label == c.label {
						n++
					}
				}
			}
			return n
		}
		on, off := count(false), count(true)
		if c.onlyIfEqual {
			if on != off || on == 0 {
				t.Errorf("seed %d scale %g: %d %s accounts flagged with the rule, %d without; want the same, not 0", c.seed, c.scale, on, c.label, off)
			}
			continue
		}
		if on != c.on || off != c.off {
			t.Errorf("seed %d scale %g: %s flagged %d with the rule and %d without, want %d and %d", c.seed, c.scale, c.label, on, off, c.on, c.off)
		}
	}
}
