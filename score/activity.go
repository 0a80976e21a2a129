package score

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/botsweep/botsweep"
)

// Activity summarises one account's ingested posts for the behaviour
// features. The zero value is an account with no posts; Add accumulates.
type Activity struct {
	Posts    int // posts seen
	Retweets int
	Replies  int
	WithURL  int // posts carrying at least one link
	Hashtags int // hashtags over all posts

	retweeted map[string]int // retweeted account -> retweets
	clients   map[string]int // client app -> posts (posts with a client only)
	hours     [24]int
	times     []int64 // post times, unix seconds
}

// Add counts one post of the account; a like (botsweep.KindLike) is not a
// post and is not counted.
func (a *Activity) Add(p *botsweep.Post) {
	if p.Kind == botsweep.KindLike {
		return
	}
	a.Posts++
	switch p.Kind {
	case botsweep.KindRetweet:
		a.Retweets++
		target := p.RetweetOfAccount
		if target == "" {
			target = "post:" + p.RetweetOf
		}
		if a.retweeted == nil {
			a.retweeted = map[string]int{}
		}
		a.retweeted[target]++
	case botsweep.KindReply:
		a.Replies++
	}
	if len(p.URLs) > 0 {
		a.WithURL++
	}
	a.Hashtags += len(p.Hashtags)
	if p.Client != "" {
		if a.clients == nil {
			a.clients = map[string]int{}
		}
		a.clients[p.Client]++
	}
	if !p.CreatedAt.IsZero() {
		t := p.CreatedAt.UTC()
		a.hours[t.Hour()]++
		a.times = append(a.times, t.Unix())
	}
}

// officialClients are the platform's own apps; posts from anything else
// (schedulers, scripts, third-party automation) count as unofficial.
var officialClients = []string{
	"twitter web client", "twitter web app", "twitter for iphone", "twitter for android",
	"twitter for ipad", "twitter for mac", "twitter for windows", "twitter lite",
	"mobile web", "tweetdeck", "twitter for android tablets", "bluesky",
}

func isOfficialClient(c string) bool {
	return slices.Contains(officialClients, strings.ToLower(strings.TrimSpace(c)))
}

// vector emits the behaviour features in the order of Features.
func (a *Activity) vector(put func(float64)) {
	n := float64(a.Posts)
	put(float64(a.Retweets) / n)
	put(float64(a.Replies) / n)
	if a.Retweets > 0 {
		top := 0
		for _, c := range a.retweeted {
			top = max(top, c)
		}
		put(float64(top) / float64(a.Retweets))
	} else {
		put(Missing)
	}
	burst, minGap := Missing, Missing
	if len(a.times) >= 3 {
		ts := slices.Clone(a.times)
		slices.Sort(ts)
		gaps := make([]float64, len(ts)-1)
		for i := range gaps {
			gaps[i] = float64(ts[i+1] - ts[i])
		}
		mean, sd := meanSD(gaps)
		if mean+sd > 0 {
			burst = (sd - mean) / (sd + mean)
		}
		slices.Sort(gaps)
		k := max(len(gaps)/10, 1)
		minGap = gaps[(k-1)/2]
	}
	put(burst)
	put(minGap)
	if len(a.times) > 0 {
		h := 0.0
		for _, c := range a.hours {
			if c > 0 {
				p := float64(c) / float64(len(a.times))
				h -= p * math.Log2(p)
			}
		}
		put(h)
	} else {
		put(Missing)
	}
	if len(a.clients) > 0 {
		total, top, unofficial := 0, 0, 0
		for c, k := range a.clients {
			total += k
			top = max(top, k)
			if !isOfficialClient(c) {
				unofficial += k
			}
		}
		put(float64(top) / float64(total))
		put(float64(unofficial) / float64(total))
	} else {
		put(Missing)
		put(Missing)
	}
	put(float64(a.WithURL) / n)
	put(float64(a.Hashtags) / n)
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)))
}

// CollectActivity reads every post of src and returns each posting
// account's Activity, keyed by account id.
func CollectActivity(ctx context.Context, src botsweep.Source) (map[string]*Activity, error) {
	acts := map[string]*Activity{}
	err := src.EachPost(ctx, func(p *botsweep.Post) error {
		a := acts[p.AccountID]
		if a == nil {
			a = &Activity{}
			acts[p.AccountID] = a
		}
		a.Add(p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return acts, nil
}

// Sample is one account's feature vector.
type Sample struct {
	ID     string
	Vector []float64 // in the order of Features
}

// Extract computes the feature vector of every account in src, in src's
// account order, with behaviour from src's posts.
func Extract(ctx context.Context, src botsweep.Source, opts ExtractOptions) ([]Sample, error) {
	acts, err := CollectActivity(ctx, src)
	if err != nil {
		return nil, err
	}
	var out []Sample
	err = src.EachAccount(ctx, func(a *botsweep.Account) error {
		out = append(out, Sample{ID: a.ID, Vector: ProfileVector(nil, a, acts[a.ID], opts)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Result is one account's score.
type Result struct {
	AccountID string
	Score     float64 // calibrated probability of automation
	Reasons   string  // the top features behind Score, "; "-separated
}

// ScoreOptions configure ScoreSource. The zero value is valid.
type ScoreOptions struct {
	ExtractOptions
	// Reasons is how many features to name per account. Default 3;
	// negative names none.
	Reasons int
}

// ScoreSource scores every account of src with m, calling fn in src's
// account order. Behaviour features come from src's posts.
func ScoreSource(ctx context.Context, src botsweep.Source, m *Model, opts ScoreOptions, fn func(Result) error) error {
	acts, err := CollectActivity(ctx, src)
	if err != nil {
		return err
	}
	k := opts.Reasons
	if k == 0 {
		k = 3
	}
	var vec []float64
	return src.EachAccount(ctx, func(a *botsweep.Account) error {
		vec = ProfileVector(vec, a, acts[a.ID], opts.ExtractOptions)
		r := Result{AccountID: a.ID}
		if k > 0 {
			var cs []Contribution
			r.Score, cs = m.Explain(vec)
			r.Reasons = m.Reasons(r.Score, cs, k)
		} else {
			r.Score = m.Score(vec)
		}
		return fn(r)
	})
}
