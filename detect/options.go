// Package detect finds coordinated networks of accounts: it reads every
// record through a botsweep.Source into compact arrays, derives behavioural
// traces, turns each trace into a similarity layer between accounts, fuses
// the layers into one weighted graph, clusters it (Louvain from package
// graph), scores each cluster as a network and writes the evidence behind
// it. docs/DETECTION.md documents every layer and parameter.
package detect

import (
	"context"
	"time"

	"github.com/botsweep/botsweep"
)

// Options configure Run. The zero value is valid: every field has a
// documented default.
type Options struct {
	// Now is the detection time written into each network. Default: the
	// latest post time seen (so runs on the same data are reproducible).
	Now botsweep.Clock
	// Window is the co-retweet window: two accounts co-retweet an object
	// when their retweets of it are at most Window apart. Default 60s.
	// A negative value asks Run to estimate a window from the data (see
	// EstimateWindow) and use it.
	Window time.Duration
	// LinkWindow is the window for co-link (same expanded URL) and co-domain
	// (same registrable domain) shares. Default 10m.
	LinkWindow time.Duration
	// TextWindow is the window for near-duplicate texts and identical
	// hashtag sequences. Default 1h.
	TextWindow time.Duration
	// MaxPartners caps how many later shares inside the window each share
	// is paired with. Beyond the cap the partners are a deterministic
	// sample (the nearest in time plus evenly spread ones), so a burst of
	// 20,000 accounts adds 20,000×MaxPartners pairs instead of 200 million.
	// Default 12 (0 or negative means the default; see Exact).
	MaxPartners int
	// Exact disables the partner cap (every pair inside the window counts).
	// For parity checks on small data only. Default false.
	Exact bool
	// MinPairItems is the fewest distinct shared items (over all co-action
	// layers) a pair of accounts needs for its edge to enter the fused graph,
	// unless the pair came from a capped burst. Default 2.
	MinPairItems int
	// MinNetworkSize is the smallest cluster reported as a network. Default 5.
	MinNetworkSize int
	// MinScore is the lowest inauthenticity score (the verdict model's
	// probability) from which a coordinated network is judged inauthentic,
	// an enforcement candidate. Default: the model's calibrated threshold
	// (Model.Threshold).
	MinScore float64
	// Model is the inauthenticity model of stage 2. Default: the embedded
	// model (DefaultVerdictModel).
	Model *VerdictModel
	// Stage 1 has no volume bar (no fewest co-shares per member): a bar on
	// co-shares per member grows with the group, (k−1)/2 member pairs per
	// member for k members acting alike, so the same behaviour passed at
	// one world size and not at the other (the retired MinCoShares, 50 per
	// member: docs/benchmarks/detect.md, "Scale-stable stage 1"). Chance
	// is the null model's question (MinLift, MinSignificance, and each
	// member's own test, MemberMinSignificance); enforcement is stage 2's.

	// MinLift is the least ratio of the members' co-shares within the
	// window to what the re-timed null expects on the same items, for
	// stage 1. Default 2.5, calibrated on the tuning worlds and share
	// tables 3001-3002 (docs/benchmarks/detect.md: ordinary crowds showed
	// 1.32 to 2.0, bot networks that stage 2 judges inauthentic at least
	// 3.35).
	MinLift float64
	// NullMinWithin is the fewest pairs of the outsiders' shares within the
	// window, over a layer's items, from which their pace estimates the
	// layer's typical item (the null model's shrinkage target, for items
	// few outsiders shared); with fewer, the pooled rate under Jeffreys'
	// prior, (within + ½) / (pairs + 1), does (nullPace.base), never 0.
	// Default 10: a count of fewer events has a relative error above a
	// third (Poisson, 1/√10). Not fitted to a world: on the crowd share
	// tables clustering left 0 to 3 outsider pairs within the window where
	// it took nearly the whole crowd, against hundreds to thousands
	// elsewhere.
	NullMinWithin float64
	// MinSignificance is the least log10 likelihood ratio of the observed
	// co-shares against the null model (shares re-timed to the pace of the
	// item's other sharers) for stage 1. Default 3.
	MinSignificance float64
	// MinCoSelectLift is the least ratio of the member pairs that
	// retweeted the same posts to what a popularity null expects (each
	// member choosing its retweets independently, with its own activity
	// and each post's popularity among the outsiders: detect/coselect.go),
	// from which a cluster is coordinated beyond chance when the timing
	// null does not see it (with significance MinSignificance). Default
	// 2.5, the timing null's MinLift: not tuned apart. On tuning worlds
	// 9400-9459 (scale 0.03, and 23 of them at 0.06) news-junkie groups,
	// whose members retweet the popular news the outsiders retweet too,
	// showed 0.37 to 1.63; the clusters holding a planted retweet network
	// or camouflaged network that the timing null set aside showed 3.99
	// to 52.6, fandoms and activist rooms (coordinated, not enforced) 1.6
	// to 500 (docs/benchmarks/detect.md, "Stage 1 co-selection").
	// The same bar, at MemberMinSignificance, tells each member's own
	// co-selection apart in memberCoordination (detect/memberco.go,
	// popularOnly): news junkies beside a camouflaged network showed 1.0
	// to 1.4 against its bots' 9.0 to 9.7 (world 9433 at 0.06), crowd
	// accounts beside a share table's botnet 1.1 to 2.2 against 4.3 to
	// 4.9 (crowd table 9501). Negative disables both.
	MinCoSelectLift float64
	// AccountCoSelectLift is MinCoSelectLift for the co-selection of
	// accounts (detect/coselect.go): the least ratio of the member pairs'
	// retweets of the same accounts (products of the two members' counts)
	// to what drawing each member's retweets from the accounts by their
	// popularity among the outsiders gives, from which a cluster that
	// neither the timing null nor the co-selection of posts finds
	// coordinated is (with significance MinSignificance). Default
	// MinCoSelectLift (2.5): not tuned apart. On tuning worlds 9000-9049,
	// 9400-9459, 9500-9559, 9600-9659, 9700-9759 and 9800-9859 at scale
	// 0.03 (and 9800-9859 at 0.06) the clusters stage 1 set aside showed
	// 0.8 to 1.84 (news junkies), an activist room 2.14 (9758) and 1.65
	// (9843 at 0.06), a camouflaged network 1.75 (9830); the retweet
	// networks it finds 7.3 (9840, 0.03), 12.1 (9840, 0.06) and 10.8
	// (9537) (docs/benchmarks/detect.md, "Stage 1: co-selection of
	// accounts"). Negative disables the test.
	AccountCoSelectLift float64
	// MinLockstep is the share of members in a dense follow block, or tied
	// by near-identical followee sets or by the synchronized-activity
	// layer, from which a cluster counts as coordinated without co-shares.
	// Default 0.5.
	MinLockstep float64
	// Components, when set, computes co-share components (the CLI wires
	// CooRTweet's, package coord, at --min-participation) at the co-retweet
	// window; each is tested against the null model and reported as a
	// coordinated group when its lift and significance reach MinLift and
	// MinSignificance, whatever its size or volume (detect/groups.go).
	// Optional: without it only clustering's networks are reported.
	Components ComponentsFunc
	// MergeDensity is how dense, relative to the pieces themselves, the
	// co-shares across two inauthentic clusters must be for them to be
	// merged as pieces of one network (detect/pieces.go): cross co-shares
	// per cross pair of members at least MergeDensity times the lower of
	// the two clusters' co-shares per member pair (and the cross co-shares
	// beyond chance by MinLift and MinSignificance). Default 0.5: pieces
	// that Louvain cut out of one network are about as tied across as
	// inside (density ratio near 1), separate operations touching a few
	// common items far less. Negative disables merging.
	MergeDensity float64
	// MemberMinSignificance is the least log10 likelihood ratio of a
	// member's own co-shares against its null (its shares re-timed to the
	// pace of each item's outsiders, detect/memberco.go), in its best
	// co-action layer and statistic, plus log10 of 2 × the members its
	// cluster tested × the layers with shares (Bonferroni), for the member
	// to stay in the cluster. Default 2 (a family-wise error of 1% per
	// cluster under the Chernoff bound, not tuned: docs/DETECTION.md,
	// "Per-member coordination", and docs/benchmarks/detect.md for what it
	// does on the tuning crowd tables); negative keeps every member.
	MemberMinSignificance float64
	// MinSignals is the fewest independent inauthenticity signals the data
	// must have measured for a network to be judged inauthentic; with fewer
	// it is "coordinated, insufficient evidence to enforce". Default 3.
	MinSignals int
	// OneSidedShown counts a one-sided model feature (VerdictModel.OneSided:
	// a sign only some networks show, whose absence the model reads as no
	// evidence either way) towards MinSignals only where it shows its sign
	// (a value above 0). A one-sided feature measured at 0 adds nothing
	// to the score, so counting it let a group whose every measured signal
	// pointed to people (clockwork_delays 0, quiet_hour_amplification 0)
	// reach MinSignals and be enforced on the model's prior. Off by
	// default (docs/benchmarks/detect.md, "Crowd share-table botnets").
	// No threshold: 0 is the value that shows nothing.
	OneSidedShown bool
	// ClockworkQuantile is the quantile of the outsiders' delay spreads
	// (accounts in no cluster: the interquartile range of the logs of
	// their delays from each shared item's origin, detect/automation.go)
	// below which a member's own spread counts as clockwork in
	// clockwork_delays. It is the null's false-positive rate per member,
	// not a tuned cut-off: a member sharing like the outsiders is
	// clockwork with this chance, so a group of people shows about this
	// share. Default 0.05 (docs/DETECTION.md; figures in
	// docs/benchmarks/detect.md, "Share tables: honest evidence coverage
	// and clockwork delays").
	ClockworkQuantile float64
	// ClockworkMinOutsiders is the fewest outsiders with enough delays
	// for clockwork_delays' null; with fewer the feature is unavailable.
	// Default 30 (the 0.05 quantile then rests on at least one account
	// below it).
	ClockworkMinOutsiders int
	// TableAmplification reads, on data without authors (a share table),
	// the items a cluster shares beyond their popularity among the
	// accounts in no cluster (tableAmplified) as the posts of the account
	// it amplifies for the stage-2 features: quiet_hour_amplification
	// and shared_delay_profile are measured (and membership reads the
	// same items, as by default: TableMembershipOff). Off by default. On tuning
	// tables it enforced 9 crowd-random botnets that were "insufficient
	// evidence" (1003, 1005, 9201, 9205, 9305, 9306, 9402, 9601, 9703)
	// and halved the superfans and ordinary accounts enforced on share
	// tables of randomized worlds 9600-9619, but there it also enforced
	// two activist rooms (51 accounts) and a fandom of 11 at scale 0.06,
	// whose weak evidence the model's prior carries over its threshold
	// once a third signal is measured, and it cost 60% more detection CPU
	// on a 1M-row synthetic table (docs/benchmarks/detect.md,
	// "Amplification evidence on share tables").
	TableAmplification bool
	// TableMembershipOff, when true, stops membership from reading the
	// same items (tableAmplified) on data without authors. By default
	// (false) each member of a cluster on a share table is judged on its
	// coverage of the items its cluster shares beyond their popularity
	// (amplification rest, partial coverage) as on data with authors,
	// while the stage-2 features stay as without TableAmplification;
	// data that names authors is not affected. On share tables of
	// randomized tuning worlds 9600-9619 (in process) it took 46 of 103
	// enforced superfans and 23 of 36 ordinary accounts out of networks
	// at scale 0.03, 72 of 145 and 59 of 93 at 0.06, for 2 and 9
	// retweet-network members and 5 and 21 aged amplifiers; on the 80
	// crowd tuning tables 2 of 2,945 botnet accounts. It was opt-in for
	// its cost (1.65-1.72x the detection CPU on a 5M-row synthetic share
	// table, every member of its coordinated crowd groups judged); the
	// evidence is now read only for the clusters whose membership can
	// change the report (memberEvidenceFor), with the same outputs
	// (docs/benchmarks/detect.md, "Share-table membership by default").
	// Ignored with TableAmplification, which implies it.
	TableMembershipOff bool
	// TableOwnRest reads no_daily_rest, on data without authors (a share
	// table), against each member's opportunities (ownDailyRest): a
	// member's quiet hours count as a rest of its own only where its
	// items kept appearing in them (at least restlessShare of them, the
	// share that already makes a member restless; no new threshold), and
	// are unknown where its items rested too, as a botnet's rest does
	// when the one source it shares sleeps. Off by default
	// (docs/benchmarks/detect.md, "Crowd share-table botnets").
	TableOwnRest bool
	// MemberTextCoSelect keeps, in each member's own stage-1 test
	// (memberCoordination), a member whose texts meet the other members'
	// texts beyond their popularity among the outsiders on the text
	// layers (textCoSelection, detect/memberco.go), where the timing
	// null, which borrows the layer's typical item for texts only
	// members wrote, sets it aside. No new threshold: the lift is
	// MinCoSelectLift, the significance MemberMinSignificance plus log10
	// of the members tested times the text layers. Off by default: on
	// tuning worlds 9600-9659, 9800-9859 and 9900-9959 it found six
	// link-spam runs whole and enforced no one more, but reported more
	// fandom, activist and live-event members as coordinated
	// (docs/benchmarks/detect.md, "Link-spam rings the timing null sets
	// aside").
	MemberTextCoSelect bool
	// MemberStepUp replaces, in each member's own stage-1 test
	// (memberCoordination), the Bonferroni bar over the members a cluster
	// tested with the Benjamini–Hochberg step-up rule at the same level:
	// with the tested members ordered by their significance (each still
	// corrected for its 2 × layers tests), the k best stay when the k-th
	// reaches MemberMinSignificance plus log10(2 × layers × tested / k),
	// for the largest such k (stepUpBar). It controls the share of members
	// kept by chance (false discovery rate) instead of the chance of
	// keeping any, so a cluster whose members are nearly all coordinated
	// keeps those whose few items clear a lower bar. No new threshold. It
	// only keeps members (the bar never rises). Off by default: on tuning
	// worlds it kept more of the networks' members but also enforced an
	// organic account and reported more people as coordinated
	// (docs/benchmarks/detect.md, "Members with few co-shared items").
	MemberStepUp bool
	// MemberPersonSigns is how many signs of a person (docs/DETECTION.md,
	// "Membership") a member of an inauthentic network must show, with no
	// sign of automation, to leave it: membership is decided per member.
	// One fewer is enough when its amplification rests daily or when at
	// most one sign measured for it fails to show a person
	// (memberSigns.person).
	// Default 4, calibrated on tuning seeds 1000-1015 (docs/benchmarks/
	// detect.md: 3 would also drop 3.5% of retweet-network bots, whose
	// custom profiles, aged accounts and daily rest look like superfans').
	MemberPersonSigns int
	// MemberMatchedPersonSigns is how many signs of a person a member must
	// show to leave when its amplification matches the network's in every
	// respect the data measured for it (memberSigns.actsAsNetwork: its
	// delay not slower than the network's, its coverage of the amplified
	// account not partial where a partial one could have been told apart,
	// no daily rest of its amplification). Its signs are then about the
	// account only (profile, age, replies, the rhythm of its other posts),
	// which a camouflaged account fakes, and the behaviour that tied it to
	// the network says it acts as the network does: a person who reads the
	// amplified account is slower, covers less or rests where the data can
	// show it. The value meant is MemberPersonSigns + 1 (one more sign
	// than otherwise, not tuned); the default is MemberPersonSigns (off):
	// on tuning worlds 9400-9459 at 5 it swept 8 superfans more (9456 at
	// 0.03: 4 to 8 of 12; 9454 at 0.03: 0 to 2) while camouflage runs
	// below issue 13's bar went from 49 to 13 of 110. The members
	// it keeps are no anchors for dropUntied's ties (aged amplifiers kept
	// that way tied a superfan of tuning world 9506 at 0.03 to its
	// network, TestSuperfansLeaveWithTheCoreRate). Measured on
	// tuning worlds 9600-9659 and 9700-9759 (docs/benchmarks/detect.md,
	// "Camouflaged members that act as the network").
	MemberMatchedPersonSigns int
	// MemberQuietActs and MemberQuietLift decide when a member's
	// amplification shows automation, which keeps it in the network
	// whatever its signs of a person: at least MemberQuietActs retweets of
	// the network's amplified account inside the member's own daily quiet
	// period (the quietest hours of its other posts), and MemberQuietLift
	// times what the share of its other posts in those hours predicts.
	// Defaults 3 and 2, calibrated on tuning seeds 1000-1015 and the
	// camouflage test worlds (docs/benchmarks/detect.md): camouflaged
	// members amplify at any hour; people and superfans in those worlds
	// made at most 2 such retweets.
	MemberQuietActs int
	MemberQuietLift float64
	// MemberNightSignificance, when positive, is the evidence, as −log10
	// of the exact binomial tail, that a member covers the amplified
	// account's posts made inside its own daily quiet period, retweeting
	// them before that period ends, at more than MemberQuietLift times the
	// coverage its own day predicts (its coverage elsewhere times the rate
	// of its other posts there against elsewhere), with at least
	// MemberQuietActs such retweets (quietAmp.coversNight): a sign of
	// automation that keeps it in the network. The per-member null is its
	// own day and its own coverage, so an amplified account that itself
	// rests while the member does (which hides automation from the count
	// of MemberQuietActs alone) is taken into account. 0 (the default)
	// leaves it off. At 2 (a p-value of 1%, the significance of the rest's
	// exact scan) it kept camouflaged members that trimHumans took for
	// people and flagged no person more among members on tuning worlds
	// 9400-9459 and 9000-9059 at scales 0.03 and 0.06, but the larger
	// camouflaged core made associate take news domains for its
	// infrastructure: world 9133 at 0.03 then flagged 4 organic and 1
	// live-event accounts associated by npr.org, espn.com and others that
	// genericDomains does not catch (docs/benchmarks/detect.md, "Planted
	// networks found in part").
	MemberNightSignificance float64
	// MemberAwakeSignificance is the evidence, as −log10 of the exact
	// binomial tail, from which a member's own amplification contradicts
	// the daily rest its other posts show (quietAmp.awakeThrough): of the
	// amplified account's posts made inside its quietest hours it
	// retweets, before they end, more than MemberRestRatio times its
	// coverage of the posts made outside them. A person sleeps through
	// those posts or retweets them in the morning (quietAmp.sleepsThrough);
	// an account whose rhythm is its cover content's, not its
	// amplification's, covers them as the others. The rhythm sign of a
	// person (signRhythm) then is not shown: a sign the data contradicts
	// is no sign. It is not automation (MemberNightSignificance is that
	// stronger claim), only the withdrawal of one sign, so a member with
	// other signs enough still leaves. Default 2, the significance of the
	// rest's own tests (MemberRestSignificance, a 1% tail), not tuned
	// apart; negative disables. On tuning worlds 9400-9459 and 9600-9659
	// at 0.03, among the members trimHumans took for people, 72 of 148
	// camouflaged accounts with their night measured reach it (world 9401:
	// 8 of 18 night posts covered against 162 of 225 elsewhere) and no superfan
	// (0 of 36), organic reader (0 of 15) or aged amplifier (0 of 38; max
	// 1.5) does (docs/benchmarks/detect.md, "Camouflaged members awake
	// through their own night").
	MemberAwakeSignificance float64
	// MemberPeopleShare is the share of a network's members that, on their
	// own evidence, look like people (MemberPersonSigns − 1 or more signs
	// of a person, and no automation of their own: a member amplifying
	// inside its own quiet period is not counted) from which the network is
	// reported as coordinated and never proposed for a sweep: its
	// inauthenticity would rest on pooled features alone. Default 0.5
	// (a majority), see docs/benchmarks/detect.md. The same share keeps
	// a group judged coordinated whole when that many of the members left
	// once its people leave still look like people (splitMixed: the least
	// visible people of a group of people, not a network they hid).
	MemberPeopleShare float64
	// MemberRestSignificance and MemberRestRatio decide when a member's
	// amplification shows a daily rest of its own (detect/amprest.go): the
	// posts of the amplified account it retweeted, by hour of the original,
	// leave a window of restHours hours where its coverage is at most
	// MemberRestRatio of its coverage outside the window, at a log10
	// likelihood ratio of at least MemberRestSignificance (Bonferroni-
	// corrected for the 24 windows). A person misses what the account posts
	// while the person sleeps; a scheduled or operated account covers every
	// hour alike. When every window could have shown such a gap and none
	// does, the member amplifies round the clock, a sign of automation.
	// Defaults 2 (a likelihood ratio of 100 after the correction) and 0.25,
	// calibrated on tuning seeds 9100-9119 at scales 0.03 and 0.06
	// (docs/benchmarks/detect.md, "Per-member evidence"): among members of
	// networks judged inauthentic on all their members, 161 of 218
	// superfans rest, 1 of 2,598 retweet-network members (and 5 of 316
	// aged amplifiers, some of which only act when awake). The same two
	// bars read the one window a member's other posts name as its quiet
	// hours (quietAmp.sleepsThrough, no correction: the window is not
	// chosen from its coverage): a member covering the amplified posts
	// made there at most MemberRestRatio as often as the others sleeps
	// through them, and its retweets inside those hours are not
	// automation (tuning worlds 9400-9459 and 9500-9559 at 0.03 and 0.06:
	// 9 activists and 3 fans, no planted account; docs/benchmarks/detect.md,
	// "An activist room half swept").
	MemberRestSignificance float64
	MemberRestRatio        float64
	// MemberPartialRatio and MemberPartialSignificance decide when a
	// member's coverage of the amplified account is a rate of its own
	// (partialCoverage, detect/amprest.go): at most MemberPartialRatio of
	// the pooled coverage of the other members of its network, at a log10
	// likelihood ratio of at least MemberPartialSignificance. Accounts run
	// by the network's schedule cover its amplified posts at the network's
	// rate; a person retweets the part it sees. Defaults 0.5 and 2,
	// calibrated on tuning seeds 9230, 9231, 9236, 9245 and 9254 at scales
	// 0.03 and 0.06 (docs/benchmarks/detect.md, "Superfans and
	// scale-stable verdicts"): 68 of 84 superfans inside networks show it,
	// 22 of 777 retweet-network members (whose coverage is spread around
	// the network's), 18 of 104 aged amplifiers.
	MemberPartialRatio        float64
	MemberPartialSignificance float64
	// MemberPartialPooled, when true, reads the partial-coverage sign
	// against every other member's pooled coverage only. By default it is
	// read again against the pooled coverage of the members that do not
	// leave as people (coreCoverage, detect/network.go), repeated while
	// members leave: the network's rate is the rate of the accounts it
	// runs, and superfans clustered with a network pull the pool toward
	// their own rate and hide one another's. On tuning worlds 9400-9459
	// and 9500-9559 in process (account model scores, as botsweep detect)
	// the default took 9 of 28 flagged superfans out of networks at 0.03
	// and 7 of 20 at 0.06, and let 16 (0.03) and 24 (0.06) more aged
	// amplifiers leave as people (458 to 442 flagged of 1,370 and 720 to
	// 696 of 2,098): the simulator's aged amplifiers cover the account at
	// a rate of their own like superfans do, and treating people as bots
	// is the worse failure (docs/benchmarks/detect.md, "Superfans and the
	// core's rate").
	MemberPartialPooled bool
	// MemberIgnoreFollowTies, when true, turns off the sign of a person
	// signUntied (followTies in detect/network.go), on by default: a
	// member with no follow edge, in either direction, with any member of
	// its network's core (the members that do not leave as people on
	// their other signs) shows one more sign of a person, where the data
	// holds the member's follows and a majority of the core (a majority,
	// not tuned) is tied to itself by follows. A network's accounts follow
	// one another; a person who reads the account the network amplifies
	// follows whom it reads. A tie is no evidence either way (the sign is
	// shown or unmeasured). On tuning worlds 9800-9859 and 9600-9659
	// through the CLI, with MemberUntiedSignificance at 2, superfans over
	// 1% of their group fell from 6 runs to 0 and from 12 to 4, no person
	// was flagged more, no planted family had more runs below issue 13's
	// bar, and 51 and 79 fewer aged amplifiers were flagged
	// (docs/benchmarks/detect.md, "Superfans tied to the network by
	// nothing but the amplified account").
	MemberIgnoreFollowTies bool
	// MemberUntiedSignificance makes a member's lack of follow ties with
	// its network's core (signUntied) direct evidence, as a daily rest of
	// its amplification is (one sign fewer is then enough to leave,
	// memberSigns.person), where an account of the network would have
	// shown a tie but for a chance of at most 10^−MemberUntiedSignificance:
	// its follow edges with the core counted as a Poisson variable at the
	// core members' own mean (a retweet network's members follow one
	// another by the tens; aged amplifiers bought one by one, by one or
	// two). Default 2, the significance of the rest's own tests
	// (MemberRestSignificance, a 1% chance), not tuned apart; negative
	// disables.
	MemberUntiedSignificance float64
	// MemberSparseTies (off by default) extends signUntied from a member
	// with no follow edge with its network's core to one with a few:
	// the sign is shown, as direct evidence, where a core member's edges
	// with the core, counted as a Poisson variable at the core members'
	// own mean, would be that few or fewer but for a chance of at most
	// 10^−MemberUntiedSignificance (the same test and level as for no
	// edge at all; no new threshold). A network that follows people as
	// cover ties a superfan to its core by one edge of its own making.
	// Off: through the CLI on tuning worlds 9900-9959 and 9600-9659
	// (beside the unacted-member rule) it took the runs with superfans
	// over 1% from 4 to 2 and from 4 to 3, but it also frees aged
	// amplifiers attached to a dense retweet network (543 to 450 and 481
	// to 398 flagged) (docs/benchmarks/detect.md, "People kept in
	// enforced networks").
	MemberSparseTies bool
	// MemberUnactedOff, when true, turns off the reading of a member with
	// no co-action of its own with its cluster, on by default: a member
	// that shares no item, on any share layer (a retweeted or liked post,
	// a URL, a domain, a hashtag sequence, a reply target, a post text),
	// with another member of its cluster is held by follow edges and its
	// identity alone, and is judged on what the data measured for it. It
	// leaves, with no sign of automation, where every sign of a person
	// measured for it shows (at least two measured). A delay read on its
	// retweets of accounts other than the one its cluster amplifies counts
	// neither way there: signSlower is about the network's amplification,
	// which such a member never took part in (two viral-news accounts of
	// tuning world 9946 at 0.03, kept in a camouflaged network on a custom
	// profile and an age outside its bursts, retweeted breaking news in
	// under a minute). A follower farm's silent members still fail their
	// default profiles, creation bursts or silence (signPostsLoud). No new
	// threshold. On tuning worlds through the CLI no person group had more
	// accounts flagged and no planted family more runs below issue 13's
	// bar (docs/benchmarks/detect.md, "People kept in enforced networks").
	MemberUnactedOff bool
	// MemberActedRest (off by default) reads a member's round-the-clock
	// coverage of the amplified account (ampRest.roundClock: no daily gap
	// by the hour of the originals, where a gap would have been seen) as
	// automation only where its own retweet times do not contradict it:
	// a member whose retweets, against the same opportunities moved by its
	// own median delay, leave a daily window empty (ampRest.actedRests, the
	// test of restAt at MemberRestSignificance and MemberRestRatio) acted
	// while awake and caught up on the night's posts later, as a person
	// who admires an account does. Unknown (too few acts to tell) is no
	// evidence either way: roundClock still holds. It withdraws the
	// automation reading only, it adds no sign of a person. No new
	// threshold. Off: the simulator's awake-only aged amplifiers catch up
	// the same way. Through the CLI on tuning worlds (round 11) it took
	// the fandom of 10056 at 0.03 from 6 of 12 flagged to 0 and found the
	// retweet network of 10051 at 0.06 (0 to 18 of 18; its score 0.580,
	// just over the threshold), but lost aged amplifiers (10002 at 0.03:
	// 9 to 0 of 13; at 0.06: 22 to 9 of 26) (docs/benchmarks/detect.md,
	// "Round 11's failures, diagnosed").
	MemberActedRest bool
	// MemberActedRestLooksOnly restricts MemberActedRest to the count of
	// members that look like people (memberSigns.looksLikePerson: the
	// share that holds a group as coordinated, peopleLike and splitMixed);
	// whether a member leaves a network judged inauthentic
	// (memberSigns.person) still reads roundClock as automation. Off by
	// default; it does nothing without MemberActedRest. In process on
	// tuning world 10056 at 0.03 it took the fandom from 6 of 12 flagged
	// to 0 with no aged amplifier lost there or in 10002, but an aged
	// network of 10037 at 0.06 was held whole as coordinated (44 to 0 of
	// 57 flagged) (docs/benchmarks/detect.md, "Round 11's failures,
	// diagnosed").
	MemberActedRestLooksOnly bool
	// MemberRestOverQuiet (off by default) does not read a member's
	// retweets inside its own quiet hours (quietAmp.automated) as
	// automation when its amplification itself rests daily
	// (ampRest.rests): the quiet hours are the quietest window of its
	// other posts, often a few dozen, while the rest is read on its
	// retweets of the amplified account against the posts it could have
	// retweeted, at MemberRestSignificance and MemberRestRatio. A member
	// whose coverage leaves a daily window empty sleeps; retweets in a
	// quiet window its other posts misplace are the edge of its day.
	// coversNight still holds. No new threshold. Off: in process on
	// tuning worlds (round 11) it freed the superfans of 10002 at 0.03
	// (2 to 0 of 12) and 10000 at 0.06 (1 to 0) but also a camouflaged
	// account of 10009 at 0.03 whose rest was at the bar (log10 LR 2.00)
	// (docs/benchmarks/detect.md, "Round 11's failures, diagnosed").
	MemberRestOverQuiet bool
	// MemberRestOutweighsQuietOff turns off the weighing of the two
	// readings of a member's day against each other
	// (memberSigns.restOutweighsQuiet, on by default): its retweets inside
	// its own quiet hours (quietAmp.automated) are not read as automation
	// where its amplification rests daily (ampRest.rests) and the rest's
	// evidence (ampRest.sig, a log10 likelihood ratio) less the
	// quiet-window reading's own (quietAmp.quietSig: the log10 likelihood
	// ratio of its retweets falling in those hours at a higher rate than
	// its other posts) is at least MemberRestSignificance. No new number:
	// the net evidence must reach the significance the rest already needs.
	// coversNight still holds. It asks of the rest what
	// MemberRestOverQuiet did not: it frees superfans whose hundreds of
	// retweets rest at log10 LR near 10 against a window a few dozen other
	// posts misplace, not a camouflaged account that rests at the bar
	// (tuning world 10009 at 0.03). Through the CLI on tuning seeds
	// 10000-10059 it took superfans from 5 flagged to 2 (runs over 1%: 3
	// to 1) with no bot count changed, and on 9600-9659 it changed no
	// person and 2 aged amplifiers of 9645 at 0.06 that rest daily
	// (docs/benchmarks/detect.md, "Superfans' two day readings weighed",
	// session 14).
	MemberRestOutweighsQuietOff bool
	// MemberQuietSigned (off by default) does not read a member's
	// retweets inside its own quiet hours (quietAmp.automated) as
	// automation where its amplification rests daily (ampRest.rests, at
	// MemberRestSignificance) and the quiet-window reading's own evidence,
	// quietAmp.quietSig (the log10 likelihood ratio of its retweets of the
	// amplified account falling in those hours at a higher rate than its
	// other posts do), is under MemberRestSignificance: of two readings of
	// the member's day that contradict each other, only the rest reached
	// the bar both must reach. No new number. A member whose
	// amplification does not rest stays automated on the quiet reading
	// alone; coversNight still holds, and the pooled
	// quiet_hour_amplification feature is unchanged. Off: in process on
	// tuning seeds 10100-10159 it freed a superfan of 10134 at 0.03 (3 of
	// 20 retweets in a window 1 of 59 other posts names: quietSig 1.00;
	// rest 2.53) and lost 4 camouflaged accounts at 0.06; on 10000-10059 it
	// freed an organic account and lost 2 camouflaged accounts; not
	// measured through the CLI beyond two worlds (docs/benchmarks/detect.md,
	// "Round 12's failures, diagnosed").
	MemberQuietSigned bool
	// MemberPartialContradicted (off by default) counts a member's failed
	// partial-coverage sign (signPartial) as measured only where its own
	// data contradicts it, not merely where it does not show it: its
	// coverage of the amplified account lies above MemberPartialRatio of
	// the core's by a log10 likelihood ratio of at least
	// MemberPartialSignificance (partialContradicted). A coverage a little
	// over the bound shows neither a coverage of its own nor the
	// network's, and a sign that could not have failed on evidence counts
	// neither way. No new number: the test reuses the sign's own bound and
	// significance. Off: through the CLI on tuning seeds it cost
	// camouflaged accounts (docs/benchmarks/detect.md, "Superfans: signs
	// that fail only on evidence").
	MemberPartialContradicted bool
	// MemberSlowerContradictedOff turns off (on by default since session
	// 15) the rule that counts a member's failed slower sign (signSlower)
	// as measured only where its own delays contradict it: more than half
	// of the retweets whose delays the sign reads came within the slower
	// bound (slowerBound: twice the network's median delay, and 300 s) by
	// a log10 likelihood ratio against a half of at least
	// MemberRestSignificance (slowerContradicted). A median delay a little
	// under the bound shows neither a slower member nor one as fast as the
	// network, and a sign that could not fail on evidence counts neither
	// way. No new number. Its guards: actsAsNetwork reads the sign by
	// power (memberSigns.ampPowered), and failRead keeps a powered failure
	// for a member tied to the core by its own follows. Measured with the
	// replies rule below (MemberRepliesPoweredOff), through the CLI on
	// tuning seeds 10100-10159, 10000-10059 and 9600-9659: superfan runs
	// over 1% went 3 to 1, 1 to 0 and 4 to 3, 3 organic accounts left, no
	// person group rose in any run; one run fell newly below the bar (the
	// associated accounts of 9659 at 0.03, 12 to 11 of 12), the other bot
	// losses (aged amplifiers above all) being in runs below the bar
	// already (docs/benchmarks/detect.md, "Superfans: signs that fail only
	// on evidence").
	MemberSlowerContradictedOff bool
	// MemberRepliesPoweredOff turns off (on by default since session 15)
	// the reading of the replies sign (signReplies) on a member's posts
	// other than its retweets of the account its cluster amplifies
	// (quietAmp.posts: a superfan whose posts are all retweets of that
	// account has no conversation to show on them), counting a member
	// without replies as measured only where those posts are enough that
	// an account replying at the world's typical rate would have shown one
	// but for a chance of at most 10^-MemberRestSignificance
	// (repliesPoweredPosts). The typical rate is the median reply share of
	// the world's accounts with at least rhythmMinPosts posts, read from
	// the data; no new number. Alone it changed no account on the superfan
	// worlds of the tuning seeds it was run on; with the slower rule see
	// MemberSlowerContradictedOff.
	MemberRepliesPoweredOff bool
	// MemberQuietPooled (off by default) reads the quiet-window reading
	// of automation (quietAmp.automated) over a cluster's members pooled
	// (pooledQuiet): their retweets of the amplified account inside their
	// own quiet hours, summed, against a Poisson count at the sum of what
	// each member's own other posts predict there (one pseudo post per
	// quarter day, times MemberQuietLift, the per-member reading's own
	// lift), judged at MemberRestSignificance. Where the pool reaches it, a
	// member whose own quiet retweets exceed its own lifted baseline (at
	// least one, and it does not sleep through the amplified posts of its
	// quiet hours) counts as automated though too few for
	// MemberQuietActs: a camouflaged account's 3 retweets in its quiet
	// hours are weak alone but not across its network. No new number.
	// Membership only (memberSigns.automated); the stage-2 feature
	// quiet_hour_amplification is unchanged. Off: through the CLI on
	// tuning seeds 10100-10159 and 10000-10059 it kept 8 camouflaged
	// accounts more and 1 aged amplifier, moved no run over issue 13's bar
	// and changed no person's verdict (docs/benchmarks/detect.md,
	// "Camouflaged members' quiet hours pooled", session 15).
	MemberQuietPooled bool
	// MemberAwakePooled (off by default) reads the awake test
	// (quietAmp.awakeThrough) over a cluster's members pooled
	// (awakePooled): the amplified account's posts made inside each
	// member's own quiet hours that the member retweeted before they
	// ended, summed, against a Poisson count at the sum of MemberRestRatio
	// times each member's own coverage elsewhere times its opportunities
	// there, judged at MemberAwakeSignificance. Where the pool reaches it,
	// a member whose own night coverage exceeds that bound (at least one
	// such retweet) is awake through its night as with awakeThrough: the
	// daily rest of its other posts is no sign of a person. A camouflaged
	// account covering 3 of the 9 posts of its night against 46% of the
	// others is short alone (tuning world 10114 at 0.03), not across the
	// six such members of its network. No new number. Off: through the
	// CLI on tuning seeds 10100-10159 and 10000-10059 camouflage runs
	// below issue 13's bar went from 20 to 13 and 20 to 14 with no
	// person's verdict changed, but three camouflaged networks were lost
	// whole (10114 at 0.03, 10004 at 0.03, 10016 at 0.06): the members it
	// keeps still count as looking like people (looksLikePerson), and the
	// share of them held the group as coordinated (docs/benchmarks/detect.md,
	// "Camouflaged members' quiet hours pooled", session 15).
	MemberAwakePooled bool
	// MemberAwakePooledCount (off by default; read only with
	// MemberAwakePooled) does not count a member the pooled night reading
	// marks awake (memberSigns.pooledAwake) among the members that look
	// like people (looksLikePerson), the count that holds a group as
	// coordinated and keeps a mixed cluster's core whole: its own night
	// and its network's contradict the day its other posts show. It
	// loosens the margin that keeps a fandom from being swept where the
	// verdict model errs. Off: through the CLI with MemberAwakePooled on
	// tuning seeds 10100-10159 and 10000-10059, camouflage runs below
	// issue 13's bar went from 20 to 12 and 20 to 14 with no person's
	// verdict changed, and 10016 at 0.06 was lost whole (the cluster kept
	// whole scored under the verdict threshold); on 9600-9659 it took
	// them from 32 to 24 but lost three networks whole, 9 accounts fewer
	// in all (docs/benchmarks/detect.md, "Camouflaged members' quiet
	// hours pooled", session 15).
	MemberAwakePooledCount bool
	// MemberRhythmPowered (off by default) counts a failed rhythm sign
	// of a member whose own day is read on all its posts (too few other
	// posts and no verdict from its retweet times: memberEvidence) as
	// measured only where a daily rest could have shown in them:
	// restPoweredPosts, the fewest posts at which an empty window of
	// restHours hours (of 24 tried) would be significant at
	// MemberRestSignificance against posts spread evenly (28 at the
	// defaults), instead of from rhythmMinPosts (8). Below it the sign
	// fails for most people (an hour entropy under 0.8 showed for 11% of
	// draws from a person's day at 8 posts, 48% at 20) and counted against
	// them (tuning world 10008 at 0.03: two organic accounts with 9 and 10
	// posts). A sign shown there still counts, the benefit of the doubt
	// this branch always gave: made unmeasured both ways, it took a sign
	// from superfans with few posts (tuning worlds 9619, 9634 and 9651 at
	// 0.03: 0 to 1, 2 to 3 and 1 to 3 of 12 flagged). No new number: the
	// bound follows from the rest test and its significance. Measured in
	// docs/benchmarks/detect.md ("Superfans' two day readings weighed",
	// session 14).
	MemberRhythmPowered bool
	// MemberAutomationOff turns off acted_round_clock at stage 2 (on by
	// default). Detection measures it (actedClockFeature: the share of
	// the members whose amplification reached a verdict by hour that
	// amplify round the clock by the originals' hours and by their own
	// retweet times; unmeasured under autoMinMembers such members) and,
	// where Model is nil, judges with the verdict model trained with it
	// (AutomationVerdictModel, detect/verdict_model_acted.json). It also
	// scans the creation dates of those round-the-clock members on their
	// own for creation_bursts (actingBursts), beside the whole group's
	// scan. No new threshold: the feature reads the per-member test of
	// restAt at MemberRestSignificance and MemberRestRatio; the second
	// scan asks the bar of the first plus log10 2 (two scans of one
	// group); the weights are trained, and the enforcement threshold is
	// the model it replaces (0.574: the fresh training clusters alone gave
	// 0.500, which flagged people in tuning worlds 9648 and 9914 at 0.06).
	// Through the CLI on tuning worlds (9600-9659, 9900-9959,
	// 10000-10059) it left the fandom of 10056 at 0.03 (6 to 0 of 12)
	// and the organic accounts of 10008 at 0.03 (3 to 0), with no person
	// group flagged more; it does not find the retweet network of 10051
	// at 0.06 (docs/benchmarks/detect.md, "Member automation at stage 2").
	// Off gives the model without the feature (DefaultVerdictModel).
	MemberAutomationOff bool
	// MemberTiedSignificance raises by one the signs of a person
	// (MemberPersonSigns + 1, or MemberMatchedPersonSigns where that is
	// higher) that a member must show to leave a network judged
	// inauthentic (memberSigns.person; not the count of members that look
	// like people, which holds a group as coordinated: a fandom's members
	// follow one another and amplify as one too), where its amplification
	// acts as the network's in every respect measured
	// (memberSigns.actsAsNetwork) and
	// its own follows tie it to the network's core beyond chance: its
	// follows of core members against a Poisson count at the rate at which
	// outsiders' follows land on that core, times its own number of
	// follows, leave a chance of at most 10^−MemberTiedSignificance
	// (ownFollowTies in detect/network.go). Its identity signs (a custom
	// profile, an age, replies, the rhythm of its other posts) are what a
	// camouflaged account fakes; following the accounts the network runs,
	// and amplifying as they do, is what it cannot help. Groups judged
	// coordinated whole are split without it (splitMixed), as with
	// MemberMatchedPersonSigns. Default 2, the significance of the rest's
	// own tests (MemberRestSignificance, a 1% chance), not tuned apart;
	// negative disables. On tuning worlds 9900-9959 and 9600-9659 through
	// the CLI it took camouflage runs below issue 13's bar from 52 to 33
	// and from 53 to 32 and flagged no person more
	// (docs/benchmarks/detect.md, "Camouflaged members tied to the core by
	// their own follows").
	MemberTiedSignificance float64
	// MemberWiredSignificance, when positive, keeps in a network judged
	// inauthentic (trimHumans) the members that would leave as people but
	// are wired to one another by follows beyond chance, a second core:
	// among the leavers followed by at most as many accounts outside them
	// as inside, the 2-core of their follow graph, per connected
	// component of at least MinNetworkSize members, holds more follow
	// edges than the configuration null of the data's follow graph
	// expects from its members' follow counts, at a chance of at most
	// 10^−MemberWiredSignificance; a member is kept on its own follows of
	// the set, not on being followed (wiredLeavers in detect/wired.go).
	// Aged or purchased accounts an operator wires among themselves, not
	// to the network they sit beside, and that nobody else follows, are
	// such a second core. 0 (the default) is off: people of one follow
	// community with few followers outside it would be wired beyond this
	// null too, and on tuning world 9633 at 0.03 an earlier version kept
	// a superfan. Set to 2 in measurements, the significance of the
	// rest's and the tie's own tests, not tuned apart
	// (docs/benchmarks/detect.md, "Aged amplifiers wired among
	// themselves").
	MemberWiredSignificance float64
	// Resolution is Louvain's modularity resolution. Default 1.
	Resolution float64
	// Seed fixes every pseudo-random choice (Louvain's visiting order, burst
	// sampling). Default 1.
	Seed uint64
	// FollowPeelBlocks is how many dense follower→followee blocks the
	// FRAUDAR peel looks for. Default 4.
	FollowPeelBlocks int
	// MinFollowBlock is the fewest followers a follow block needs. Default 20.
	MinFollowBlock int
	// FollowSetMinLR is the least evidence, in log10 likelihood ratio, that
	// two accounts co-follow beyond what the popularity of the accounts
	// they follow explains (detect/followsets.go: each account keeps its
	// number of follows and draws them in proportion to the followees'
	// in-degree) for the follow-set layer to tie them. Default 1, a
	// likelihood ratio of 10, "strong" on Jeffreys' scale; not fitted to
	// any world (docs/DETECTION.md, "Follow lockstep").
	FollowSetMinLR float64
	// FarmSeedMin is the fewest silent accounts tied by a follow layer in
	// a community Louvain left below MinNetworkSize for it to seed a
	// follower farm (farmSeeds, detect/followfarm.go): the seed recruits
	// the silent accounts outside every cluster whose follows and identity
	// its own explain at FollowMemberMinLR, and becomes a cluster when it
	// reaches MinNetworkSize. Default 2, a pair (the least that can show
	// co-following); negative disables it. On tuning worlds 9400-9459 it
	// found the farms of 12-17 accounts missed whole at scale 0.03
	// (docs/benchmarks/detect.md, "Planted networks found in part"). The
	// same least number of silent follow-tied accounts makes a farm's
	// piece that followMembership left below MinNetworkSize, or among
	// posting accounts, grow the same way (farmPieces); negative disables
	// both.
	FarmSeedMin int
	// FollowMemberMinLR is the least evidence, in log10 likelihood ratio,
	// that an account's follows are explained by a follower farm's follows
	// rather than by the followees' popularity (followProfile.memberLR) for
	// a member tied to its cluster by follows alone to stay in it, and for a
	// silent account to join a silent network (a follower farm) as
	// associated. Default 1, the same "strong" ratio of 10 as
	// FollowSetMinLR, not fitted to any world.
	FollowMemberMinLR float64
	// SilentShare is the least share of a network's members that never
	// post for it to be judged a follower farm's, whose silent followers of
	// its package may join it as associated (farmExpand, farmFollowers).
	// Default 0.7: a farm's accounts follow and do not post, and a
	// retweet network's members all post; set by hand, not fitted.
	SilentShare float64
	// SyncBin is the width of the activity time bins of the
	// synchronized-activity layer; rounded down to whole minutes, at least
	// one. Default 5m.
	SyncBin time.Duration
	// SyncMinBins is the fewest distinct active bins an account needs to be
	// compared in the synchronized-activity layer (fewer say nothing about
	// a rhythm). Default 10; negative disables the layer.
	SyncMinBins int
	// SyncMaxBins is the most active bins an account may have to be
	// compared (an account active in nearly every bin matches anyone).
	// Default 5000.
	SyncMaxBins int
	// SyncMinJaccard is the weighted Jaccard of two accounts' bin sets
	// (each bin weighing its unusualness) from which they are tied by the
	// synchronized-activity layer. Default 0.5.
	SyncMinJaccard float64
	// BotScores gives member bot scores, where a model ran (account id to
	// probability). Optional.
	BotScores func(accountID string) (float64, bool)
	// Attribute, when set, is called for every network before Run returns,
	// to fill its attribution candidates. Optional.
	Attribute func(ctx context.Context, n *botsweep.Network) error
	// Progress, when set, receives stage names as Run goes. Optional.
	Progress func(stage string)
}

func (o *Options) defaults() {
	if o.Window == 0 {
		o.Window = 60 * time.Second
	}
	if o.LinkWindow == 0 {
		o.LinkWindow = 10 * time.Minute
	}
	if o.TextWindow == 0 {
		o.TextWindow = time.Hour
	}
	if o.MaxPartners <= 0 {
		o.MaxPartners = 12
	}
	if o.MinPairItems == 0 {
		o.MinPairItems = 2
	}
	if o.MinNetworkSize == 0 {
		o.MinNetworkSize = 5
	}
	if o.Model == nil && !o.MemberAutomationOff {
		m, err := AutomationVerdictModel()
		if err != nil {
			panic(err) // the embedded model is tested
		}
		o.Model = m
	}
	if o.Model == nil {
		m, err := DefaultVerdictModel()
		if err != nil {
			panic(err) // the embedded model is tested
		}
		o.Model = m
	}
	if o.MinScore == 0 {
		o.MinScore = o.Model.Threshold
	}
	if o.MinLift == 0 {
		o.MinLift = 2.5
	}
	if o.MinCoSelectLift == 0 {
		o.MinCoSelectLift = 2.5
	}
	if o.AccountCoSelectLift == 0 {
		o.AccountCoSelectLift = o.MinCoSelectLift
	}
	if o.NullMinWithin == 0 {
		o.NullMinWithin = 10
	}
	if o.MinSignificance == 0 {
		o.MinSignificance = 3
	}
	if o.MinLockstep == 0 {
		o.MinLockstep = 0.5
	}
	if o.MergeDensity == 0 {
		o.MergeDensity = 0.5
	}
	if o.MemberMinSignificance == 0 {
		o.MemberMinSignificance = 2
	}
	if o.MinSignals == 0 {
		o.MinSignals = 3
	}
	if o.ClockworkQuantile == 0 {
		o.ClockworkQuantile = 0.05
	}
	if o.ClockworkMinOutsiders == 0 {
		o.ClockworkMinOutsiders = 30
	}
	if o.MemberPersonSigns == 0 {
		o.MemberPersonSigns = 4
	}
	if o.MemberMatchedPersonSigns == 0 {
		o.MemberMatchedPersonSigns = o.MemberPersonSigns
	}
	if o.MemberQuietActs == 0 {
		o.MemberQuietActs = 3
	}
	if o.MemberQuietLift == 0 {
		o.MemberQuietLift = 2
	}
	if o.FarmSeedMin == 0 {
		o.FarmSeedMin = 2
	}
	if o.MemberPeopleShare == 0 {
		o.MemberPeopleShare = 0.5
	}
	if o.MemberRestSignificance == 0 {
		o.MemberRestSignificance = 2
	}
	if o.MemberRestRatio == 0 {
		o.MemberRestRatio = 0.25
	}
	if o.MemberAwakeSignificance == 0 {
		o.MemberAwakeSignificance = 2
	}
	if o.MemberUntiedSignificance == 0 {
		o.MemberUntiedSignificance = 2
	}
	if o.MemberTiedSignificance == 0 {
		o.MemberTiedSignificance = 2
	}
	if o.MemberPartialRatio == 0 {
		o.MemberPartialRatio = 0.5
	}
	if o.MemberPartialSignificance == 0 {
		o.MemberPartialSignificance = 2
	}
	if o.Resolution == 0 {
		o.Resolution = 1
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.FollowPeelBlocks == 0 {
		o.FollowPeelBlocks = 4
	}
	if o.SyncBin == 0 {
		o.SyncBin = 5 * time.Minute
	}
	if o.SyncMinBins == 0 {
		o.SyncMinBins = 10
	}
	if o.SyncMaxBins == 0 {
		o.SyncMaxBins = 5000
	}
	if o.SyncMinJaccard == 0 {
		o.SyncMinJaccard = 0.5
	}
	if o.MinFollowBlock == 0 {
		o.MinFollowBlock = 20
	}
	if o.FollowSetMinLR == 0 {
		o.FollowSetMinLR = 1
	}
	if o.FollowMemberMinLR == 0 {
		o.FollowMemberMinLR = 1
	}
	if o.SilentShare == 0 {
		o.SilentShare = 0.7
	}
}
