package detect

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/botsweep/botsweep"
)

// Stage 1: coordination beyond chance.
//
// The null model re-times the members' shares of each item to the pace of
// the item's outsiders (its sharers in no cluster, so that the pieces of
// one network are not each other's baseline): had the members acted
// independently, their shares of an item would lie within the window of
// each other as often as the outsiders' shares of that item do. For an item k members shared,
// the null expects C(k, 2)·q member pairs within the window, q being the
// share of the outsiders' pairs of shares of the item that lie within it,
// shrunk towards the layer's typical item (the mean q over items with
// outsiders) with coPseudoPairs pairs, and that typical q alone for items
// only members shared. The observed pairs are counted on the members' own
// share times. A crowd retweeting the day's news or popular posts shares
// them at the pace everyone else does (lift near 1, whatever its size); a
// network acting on command shares together far faster than the people
// who read the same posts, and a fandom shares its idol's posts faster than
// the few outsiders who see them (both coordinated: stage 2 tells them
// apart).

// coPseudoPairs is the weight, in pairs of shares, of the layer-wide share
// of pairs within the window when an item's outsiders are few.
const coPseudoPairs = 10

// coTest is a cluster's coordination test, summed over the co-action
// layers.
type coTest struct {
	Observed float64 // co-shares within the window among members
	Expected float64 // co-shares the null model predicts on the same items
	llr      float64 // Poisson log-likelihood ratio of the observed co-shares, item by item
}

// lift is the ratio of the observed co-shares to those the null model
// expects on the items the members co-shared (0 when nothing was
// observed).
func (c coTest) lift() float64 {
	if c.Observed == 0 {
		return 0
	}
	return c.Observed / math.Max(c.Expected, 1e-9)
}

// significance is the log10 likelihood ratio of the observed co-shares
// against the null model, item by item (Poisson), capped at 300: the
// -log10 of the Chernoff bound on the null's tail. Co-shares are not
// independent, so it ranks groups rather than giving a calibrated p-value;
// the verdict also asks for a lift.
func (c coTest) significance() float64 {
	if c.Observed <= c.Expected {
		return 0
	}
	return math.Min(300, math.Max(0, c.llr)/math.Ln10)
}

// coordinationTests computes each cluster's coordination test over the
// co-action layers that carry shares (memberOf gives each account's
// cluster, -1 outside every cluster; nc is the number of clusters;
// clustered marks the accounts that are not outsiders of the null model,
// nil for those of memberOf).
func coordinationTests(w *world, layers []*layer, memberOf []int32, nc int, clustered []bool, opts Options) []coTest {
	out := make([]coTest, nc)
	stamp := make([]int32, w.n())
	// part is one cluster's share of one item.
	type part struct {
		c         int32
		k, obs    float64 // members who shared it, member pairs within the window
		m         float64 // outsiders (accounts in no cluster) who shared it
		outWithin float64 // outsiders' pairs within the window
	}
	var parts []part
	var ts []int64
	for _, l := range layers {
		sh := l.shares
		if len(sh) == 0 || l.window <= 0 {
			continue
		}
		var pace nullPace
		parts = parts[:0]
		eachItemSplit(sh, l.window, memberOf, clustered, stamp, &pace, func(buf []mt, out []int64, pOut float64) {
			m := float64(len(out))
			if len(buf) < 2 {
				return
			}
			sortMT(buf)
			for s := 0; s < len(buf); {
				e := s
				for e < len(buf) && buf[e].c == buf[s].c {
					e++
				}
				if e-s >= 2 {
					ts = ts[:0]
					for q := s; q < e; q++ {
						ts = append(ts, buf[q].t)
					}
					parts = append(parts, part{c: buf[s].c, k: float64(e - s), obs: float64(pairsWithin(ts, l.window)), m: m, outWithin: pOut})
				}
				s = e
			}
		})
		if pace.allPairs == 0 && len(parts) == 0 {
			continue
		}
		base := pace.base(opts.NullMinWithin)
		for _, p := range parts {
			m := p.m
			e := p.k * (p.k - 1) / 2 * nullQ(p.outWithin, m, base)
			out[p.c].add(p.obs, e)
		}
	}
	return out
}

// add counts one item's observed co-shares against the e the null model
// expects for it.
func (c *coTest) add(obs, e float64) {
	c.Observed += obs
	c.Expected += e
	c.llr += poissonLLR(obs, e)
}

// poissonLLR is the natural-log likelihood ratio of a Poisson count obs
// at its own mean against mean e.
func poissonLLR(obs, e float64) float64 {
	if obs <= 0 {
		return e
	}
	return obs*math.Log(obs/e) - obs + e
}

// nullQ is the null model's probability that two shares of an item lie
// within the window: the share of the item's m outsiders' pairs of shares
// that do (outWithin of them), shrunk towards the layer's typical item
// (base) with coPseudoPairs pairs.
func nullQ(outWithin, m, base float64) float64 {
	return max(1e-9, (outWithin+coPseudoPairs*base)/(m*(m-1)/2+coPseudoPairs))
}

// pairsWithin counts the pairs of sorted times at most window apart.
func pairsWithin(ts []int64, window int64) int64 {
	var n int64
	j := 0
	for i := range ts {
		for ts[i]-ts[j] > window {
			j++
		}
		n += int64(i - j)
	}
	return n
}

// Stage 2: inauthenticity, by a learned and calibrated model.

// VerdictModel is a logistic model of a coordinated cluster's
// inauthenticity from its network features. A general feature enters as
// 2·(value − 0.5) when measured (a low value is evidence of authenticity)
// and a one-sided feature as its value (a sign only some networks show,
// such as never posting: its absence says nothing); either enters as 0 (no
// evidence either way) when the data could not show it, so that an
// unmeasurable signal never counts for or against a group. Weights are
// trained non-negative: more automation evidence never lowers the score.
type VerdictModel struct {
	// Features are the feature names, in the order of Weights.
	Features []string `json:"features"`
	// OneSided are the features that count only when present.
	OneSided []string `json:"one_sided"`
	// Weights are the logistic coefficients of the features.
	Weights []float64 `json:"weights"`
	// Bias is the intercept.
	Bias float64 `json:"bias"`
	// Threshold is the calibrated probability from which a cluster is
	// judged inauthentic (chosen on the training clusters, see Calibration).
	Threshold float64 `json:"threshold"`
	// Evidence lists the features that count as independent measured
	// signals of inauthenticity for Options.MinSignals.
	Evidence []string `json:"evidence"`
	// Calibration records how the model was trained and how it scored.
	Calibration map[string]any `json:"calibration"`
}

//go:embed verdict_model.json
var verdictModelJSON []byte

//go:embed verdict_model_acted.json
var actedModelJSON []byte

// DefaultVerdictModel returns the embedded verdict model trained without
// acted_round_clock (TestTrainVerdictModel, see docs/DETECTION.md): the
// one Options.MemberAutomationOff judges with, and the bar a retrained
// model does not go below.
func DefaultVerdictModel() (*VerdictModel, error) {
	return parseVerdictModel(verdictModelJSON)
}

// AutomationVerdictModel returns the embedded verdict model trained with
// acted_round_clock (TestTrainVerdictModel with BOTSWEEP_TRAIN_ACTED=1):
// the one detection judges with unless Options.MemberAutomationOff.
func AutomationVerdictModel() (*VerdictModel, error) {
	return parseVerdictModel(actedModelJSON)
}

// parseVerdictModel reads an embedded verdict model.
func parseVerdictModel(b []byte) (*VerdictModel, error) {
	var m VerdictModel
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "embedded verdict model: %w", err)
	}
	if len(m.Features) != len(m.Weights) {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "embedded verdict model: %d features, %d weights", len(m.Features), len(m.Weights))
	}
	return &m, nil
}

// inputs turns features into the model's inputs.
func (m *VerdictModel) inputs(f map[string]float64) []float64 {
	x := make([]float64, len(m.Features))
	for i, name := range m.Features {
		v, ok := f[name]
		switch {
		case !ok:
		case slices.Contains(m.OneSided, name):
			x[i] = v
		default:
			x[i] = 2 * (v - 0.5)
		}
	}
	return x
}

// Probability is the model's probability that a cluster with these
// features is inauthentic.
func (m *VerdictModel) Probability(f map[string]float64) float64 {
	z := m.Bias
	for i, x := range m.inputs(f) {
		z += m.Weights[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// judgement is the two-stage verdict on one cluster.
type judgement struct {
	test        coTest
	sel         coSelection // co-selection tests (coSelectionTests)
	bySelection bool        // coordinated by a co-selection test alone
	byAccounts  bool        // coordinated by the co-selection of accounts alone
	coordinated bool
	prob        float64 // model probability of inauthenticity
	used        []string
	// absent are the one-sided evidence features measured at 0, not
	// counted as signals under Options.OneSidedShown.
	absent      []string
	unavailable []string
	verdict     botsweep.Verdict // empty when not coordinated
	reason      string
}

// judge decides a cluster's verdict from its coordination test and
// features. Every threshold comes from opts (and the model's calibration).
//
// Stage 1 asks the null model only (lift and significance) or a lockstep
// layer: it has no bar on volume. Co-shares per member grow with the
// group for the same behaviour ((k−1)/2 member pairs per member), so such
// a bar passed a fandom or a retweet network at one world size and not
// at the other; that chance leaves a few coincidences in any cluster is
// what the null's expectation and each member's own test
// (memberCoordination) answer. The size is only reported, as co-shares
// per member pair, in the reason of a group that fails.
//
// established says stage 1 was already passed by the group this cluster
// was trimmed from (buildNetworks' second pass: the members that remain
// once people left a group judged coordinated on all its members). The
// group's co-action beyond chance is not undone by the people leaving it:
// their pairs no longer count, and what remains is tested on fewer items.
func judge(test coTest, sel coSelection, size int, f map[string]float64, cov coverage, opts Options, established bool) judgement {
	j := judgement{test: test, sel: sel, coordinated: established}
	perPair := test.Observed / math.Max(float64(size)*float64(size-1)/2, 1)
	// Lockstep layers are tests against chance by construction: a follow
	// block far denser than the graph, followee sets or unusual activity
	// bins that overlap beyond a Jaccard threshold. A follower farm
	// co-follows and a lockstep network acts in the same minutes on
	// different items: neither co-shares.
	lockstep := max(f[FeatFollowBlock], f[FeatFollowSet], f[FeatSyncActivity])
	// The co-selection test (coSelectionTests) is asked last: a group it
	// alone finds coordinated shares at the pace of its items, but chose
	// its items beyond what their popularity gives.
	switch {
	case test.lift() >= opts.MinLift && test.significance() >= opts.MinSignificance:
		j.coordinated = true
	case lockstep >= opts.MinLockstep:
		j.coordinated = true
	case opts.MinCoSelectLift > 0 && sel.posts.lift() >= opts.MinCoSelectLift && sel.posts.significance() >= opts.MinSignificance:
		j.coordinated, j.bySelection = true, true
	case opts.AccountCoSelectLift > 0 && sel.accounts.lift() >= opts.AccountCoSelectLift && sel.accounts.significance() >= opts.MinSignificance:
		j.coordinated, j.bySelection, j.byAccounts = true, true, true
	}
	for _, name := range opts.Model.Evidence {
		v, ok := f[name]
		switch {
		case !ok:
		case opts.OneSidedShown && v <= 0 && slices.Contains(opts.Model.OneSided, name):
			j.absent = append(j.absent, name)
		default:
			j.used = append(j.used, name)
		}
	}
	for name, why := range cov {
		j.unavailable = append(j.unavailable, name+": "+why)
	}
	sort.Strings(j.unavailable)
	if !j.coordinated {
		j.reason = fmt.Sprintf("not coordinated beyond chance (%.2f co-shares within the window per member pair, lift %.3g, significance %.1f; co-selection lift %.3g, significance %.1f; of accounts %.3g, significance %.1f)", perPair, test.lift(), test.significance(), sel.posts.lift(), sel.posts.significance(), sel.accounts.lift(), sel.accounts.significance())
		return j
	}

	j.prob = opts.Model.Probability(f)
	switch {
	case len(j.used) < opts.MinSignals:
		j.verdict = botsweep.VerdictCoordinated
		j.reason = fmt.Sprintf("coordinated; insufficient evidence to enforce (%d independent signals measured, %d needed)", len(j.used), opts.MinSignals)
		if len(j.absent) > 0 {
			j.reason += fmt.Sprintf("; measured without their sign: %s", strings.Join(j.absent, ", "))
		}
	case j.prob < opts.MinScore:
		j.verdict = botsweep.VerdictCoordinated
		j.reason = fmt.Sprintf("coordinated; not inauthentic (score %.3f below %.3f)", j.prob, opts.MinScore)
	default:
		j.verdict = botsweep.VerdictInauthentic
		j.reason = fmt.Sprintf("coordinated and inauthentic (score %.3f, %d signals: %s)", j.prob, len(j.used), strings.Join(j.used, ", "))
	}
	switch {
	case j.byAccounts:
		j.reason += fmt.Sprintf("; coordinated by co-selection of accounts: the members retweeted the same accounts %.3g times as much as drawing them by their popularity among outsiders gives (significance %.1f; co-selection of posts %.3g, timing lift %.3g)", j.sel.accounts.lift(), j.sel.accounts.significance(), j.sel.posts.lift(), j.test.lift())
	case j.bySelection:
		j.reason += fmt.Sprintf("; coordinated by co-selection: %.0f member pairs retweeted the same posts, %.3g times what the posts' popularity among outsiders gives (significance %.1f; timing lift %.3g)", j.sel.posts.Observed, j.sel.posts.lift(), j.sel.posts.significance(), j.test.lift())
	}
	return j
}

// nullPace is the pace of the null model's outsiders in one layer: how
// often two of their shares of an item fall within the window, summed over
// items.
type nullPace struct {
	allPairs, allWithin, qSum float64
	qItems                    int
}

// base is the null's chance that two shares of one item fall within the
// window: the mean over items with two or more outsider shares, else the
// pooled rate. Where the outsiders' pairs within the window number fewer
// than minWithin (Options.NullMinWithin), neither is an estimate: it is
// the pooled rate under Jeffreys' prior, (within + ½) / (pairs + 1). A
// rate counted from no event is not zero, and a null expecting nothing
// makes any group significant: a crowd share table whose outsiders held
// 14 pairs of shares, none within the window, gave a base of 0 and a crowd
// group of 1,263 accounts a lift of 2·10^7 (docs/DETECTION.md).
func (p *nullPace) base(minWithin float64) float64 {
	if p.allWithin < minWithin {
		return (p.allWithin + 0.5) / (p.allPairs + 1)
	}
	b := p.allWithin / max(p.allPairs, 1)
	if p.qItems > 0 {
		b = p.qSum / float64(p.qItems)
	}
	return b
}

// eachItemSplit walks a layer's shares (sorted by item, then time) item by
// item, counting an account once per item. Members of a cluster (memberOf
// ≥ 0) go to fn as (cluster, time, account) shares in share order;
// outsiders (in no cluster and not clustered; a nil clustered leaves it to
// memberOf) are added to pace, and fn gets their sorted share times out
// and their pairs within the window pOut. stamp is scratch space, one
// entry per account; fn may reorder members, which is reused for the next
// item, and must not keep out.
func eachItemSplit(sh []Share, window int64, memberOf []int32, clustered []bool, stamp []int32, pace *nullPace, fn func(members []mt, out []int64, pOut float64)) {
	for i := range stamp {
		stamp[i] = -1
	}
	var buf []mt
	var times []int64
	for lo := 0; lo < len(sh); {
		hi := lo
		for hi < len(sh) && sh[hi].Item == sh[lo].Item {
			hi++
		}
		item := sh[lo].Item
		times, buf = times[:0], buf[:0]
		for k := lo; k < hi; k++ {
			a := sh[k].Account
			if stamp[a] == item {
				continue
			}
			stamp[a] = item
			if c := memberOf[a]; c >= 0 {
				buf = append(buf, mt{c: c, a: a, t: sh[k].Time})
			} else if clustered == nil || !clustered[a] {
				times = append(times, sh[k].Time) // sorted: shares are by item, then time
			}
		}
		lo = hi
		m := float64(len(times))
		var pOut float64
		if len(times) >= 2 {
			pOut = float64(pairsWithin(times, window))
			pace.allPairs += m * (m - 1) / 2
			pace.allWithin += pOut
			pace.qSum += pOut / (m * (m - 1) / 2)
			pace.qItems++
		}
		fn(buf, times, pOut)
	}
}
