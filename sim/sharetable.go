package sim

import (
	"bufio"
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/botsweep/botsweep"
)

// FileShares is the share table WriteShareTable writes.
const FileShares = "shares.csv"

// sharesHeader is the CooRTweet input shape.
const sharesHeader = "object_id,account_id,content_id,timestamp_share\n"

// shareWriter writes share-table rows.
type shareWriter struct {
	bw  *bufio.Writer
	buf []byte
	n   int
}

func (s *shareWriter) row(object, account, content uint64, sec int64) error {
	s.buf = strconv.AppendUint(s.buf[:0], object, 10)
	s.buf = append(s.buf, ',')
	s.buf = strconv.AppendUint(s.buf, account, 10)
	s.buf = append(s.buf, ',')
	s.buf = strconv.AppendUint(s.buf, content, 10)
	s.buf = append(s.buf, ',')
	s.buf = strconv.AppendInt(s.buf, sec, 10)
	s.buf = append(s.buf, '\n')
	s.n++
	_, err := s.bw.Write(s.buf)
	return err
}

// sharesOutput keeps only a world's retweets, as share-table rows.
type sharesOutput struct{ w *shareWriter }

func (sharesOutput) references(*world) error       { return nil }
func (sharesOutput) follow(*world, int, int) error { return nil }
func (sharesOutput) account(*world, int) error     { return nil }
func (o sharesOutput) post(w *world, t *tweet) error {
	if t.kind != botsweep.KindRetweet || t.rt == nil {
		return nil
	}
	return o.w.row(t.rt.id, w.accounts[t.author].id, t.id, t.ms/1000)
}

// WriteShareTable writes a world as a share table only: dir/shares.csv
// (object_id,account_id,content_id,timestamp_share, the CooRTweet input
// shape: each row is account_id sharing object_id as its post content_id
// at unix second timestamp_share), truth.csv and scenario.json. The crowd
// scenario has its own generator (ordinary accounts sharing popular posts
// with human delays and a botnet retweeting one source); any other
// scenario writes the retweets of its full world. It returns the truth
// and the number of rows.
func WriteShareTable(ctx context.Context, cfg Config, dir string) (*Truth, int, error) {
	if err := cfg.Validate(); err != nil {
		return nil, 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, 0, botsweep.Errorf(botsweep.EINVALID, "output directory: %w", err)
	}
	fh, err := os.Create(filepath.Join(dir, FileShares))
	if err != nil {
		return nil, 0, botsweep.Errorf(botsweep.EINTERNAL, "create %s: %w", FileShares, err)
	}
	defer fh.Close()
	sw := &shareWriter{bw: bufio.NewWriterSize(fh, 1<<20)}
	if _, err := sw.bw.WriteString(sharesHeader); err != nil {
		return nil, 0, botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", FileShares, err)
	}
	var truth *Truth
	if cfg.Scenario == "crowd" || cfg.Scenario == "crowd-random" {
		truth, err = crowd(ctx, cfg, sw)
	} else {
		truth, err = run(ctx, cfg, sharesOutput{sw})
	}
	if err != nil {
		return nil, 0, err
	}
	if err := sw.bw.Flush(); err != nil {
		return nil, 0, botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", FileShares, err)
	}
	if err := fh.Close(); err != nil {
		return nil, 0, botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", FileShares, err)
	}
	if err := writeFiles(dir, truth, cfg); err != nil {
		return nil, 0, err
	}
	return truth, sw.n, nil
}

// crowdPost is one post of a crowd world's source.
type crowdPost struct {
	id  uint64
	sec int64
}

// crowd generates the crowd scenario's share table: CrowdSources popular
// sources posting at human times, Organic ordinary accounts each sharing
// about CrowdMeanShares posts chosen by popularity (a quarter from their
// own three favourite sources) with human delays, and Network bots
// retweeting most posts of source 0 within minutes. Memory is
// O(accounts + posts); rows stream out account by account.
func crowd(ctx context.Context, cfg Config, sw *shareWriter) (*Truth, error) {
	nSrc := cfg.scaled(cfg.CrowdSources)
	nCrowd, nBots := cfg.scaled(cfg.Organic), cfg.scaled(cfg.Network)
	if nSrc == 0 {
		nSrc = 1
	}
	n := nSrc + nCrowd + nBots
	if n > maxAccounts {
		return nil, botsweep.Errorf(botsweep.EINVALID, "simulator config: %d accounts, at most %d (lower --scale)", n, maxAccounts)
	}
	start, end := unixS(cfg.Start), unixS(cfg.End)
	type acct struct {
		id      uint64
		screen  string
		tz      int
		created int64
	}
	accts := make([]acct, n)
	ids := map[uint64]struct{}{}
	names := map[string]struct{}{}
	label := func(i int) string {
		switch {
		case i < nSrc:
			return LabelProminent
		case i < nSrc+nCrowd:
			return LabelCrowd
		}
		return LabelCrowdBotnet
	}
	w := &world{cfg: cfg, start: start, end: end}
	for i := range accts {
		r := newRNG().seed(cfg.Seed, sCrowd, uint64(i))
		a := &accts[i]
		a.tz = pick(r, cfg.TimeZones)
		switch label(i) {
		case LabelCrowdBotnet:
			a.created = w.burstCreated(r)
			a.screen = pick(r, firstNames) + strconv.Itoa(10000000+r.IntN(90000000))
		default:
			a.created = w.organicCreated(r)
			a.screen = organicHandle(r, cfg.DigitHandleShare)
		}
		if i < nSrc {
			a.created = min(a.created, start-365*day)
		}
		a.screen = uniqueHandle(r, a.screen, names)
		names[strings.ToLower(a.screen)] = struct{}{}
		a.id = freeKey(ids, accountID(r, a.created))
	}
	// sources' posts and their popularity
	var posts []crowdPost
	var weight []float64
	bySource := make([][]int32, nSrc)
	for k := range nSrc {
		r := newRNG().seed(cfg.Seed, sCrowd, 1<<30+uint64(k))
		fit := math.Pow(1-r.Float64(), -1/1.2)
		used := map[int64]struct{}{}
		for range r.poisson(cfg.CrowdSourcePostsPerDay * float64(end-start) / float64(day)) {
			sec := r.humanTime(start, end, accts[k].tz)
			ms := freeKey(used, sec*1000+r.Int64N(1000))
			bySource[k] = append(bySource[k], int32(len(posts)))
			posts = append(posts, crowdPost{id: snowflake(ms, uint64(k)), sec: ms / 1000})
			weight = append(weight, fit*r.lognormal(1, 1))
		}
	}
	if len(posts) == 0 {
		return nil, botsweep.Errorf(botsweep.EINVALID, "simulator config: the crowd's sources make no posts (crowd_source_posts_per_day %v)", cfg.CrowdSourcePostsPerDay)
	}
	pop := newAlias(weight)
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	pr := newRNG().seed(cfg.Seed, sCrowd, 1<<31)
	pr.Shuffle(n, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
	truth := &Truth{Rows: make([]TruthRow, 0, n)}
	r := newRNG()
	seen := map[int32]struct{}{}
	used := map[int64]struct{}{}
	for c, pi := range perm {
		if c%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		i := int(pi)
		a := &accts[i]
		l := label(i)
		truth.Rows = append(truth.Rows, TruthRow{AccountID: strconv.FormatUint(a.id, 10), ScreenName: a.screen, Label: l, Kind: KindOf(l)})
		r.seed(cfg.Seed, sCrowd, 1<<32+uint64(i))
		clear(seen)
		clear(used)
		share := func(p int32, sec int64) error {
			if _, dup := seen[p]; dup || sec >= end || sec < a.created {
				return nil
			}
			seen[p] = struct{}{}
			ms := freeKey(used, sec*1000+r.Int64N(1000))
			return sw.row(posts[p].id, a.id, snowflake(ms, uint64(i)), ms/1000)
		}
		switch l {
		case LabelCrowd:
			median := cfg.CrowdDelayMedian * r.lognormal(1, 0.5)
			favs := [3]int{r.IntN(nSrc), r.IntN(nSrc), r.IntN(nSrc)}
			k := int(r.lognormal(cfg.CrowdMeanShares/math.Exp(0.5), 1) + 0.5)
			for range k {
				var p int32
				if fs := bySource[favs[r.IntN(3)]]; len(fs) > 0 && r.chance(0.25) {
					p = fs[r.IntN(len(fs))]
				} else {
					p = int32(pop.sample(r))
				}
				sec := posts[p].sec + int64(max(r.lognormal(median, 1.3), 5))
				if !awake(sec, a.tz) {
					sec = r.nextMorning(sec, a.tz) + r.Int64N(3*3600)
				}
				if err := share(p, sec); err != nil {
					return nil, err
				}
			}
		case LabelCrowdBotnet:
			coverage := min(max(cfg.NetworkCoverage+cfg.NetworkCoverageSpread*r.NormFloat64(), 0.05), 1)
			median := cfg.NetworkDelayMedian * r.lognormal(1, 0.4)
			for _, p := range bySource[0] {
				if posts[p].sec < a.created+3600 || !r.chance(coverage) {
					continue
				}
				delay := max(r.lognormal(median, cfg.NetworkDelaySigma), 4)
				if r.chance(cfg.NetworkDelayTail) {
					delay = 3600 + r.Float64()*11*3600
				}
				if err := share(p, posts[p].sec+int64(delay)); err != nil {
					return nil, err
				}
			}
			for range r.poisson(3) { // a little cover
				p := int32(pop.sample(r))
				if err := share(p, posts[p].sec+int64(max(r.lognormal(3600, 1), 60))); err != nil {
					return nil, err
				}
			}
		}
	}
	return truth, nil
}
