package kafka

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/botsweep/botsweep"
)

// Window keeps the posts of the last Span of event time, and the latest
// snapshot of every account that posted in it, in memory. It is a Sink (the
// stream tees every record into it) and a Source (detection reruns over
// it), so each rerun costs the window, not the whole history. Reference
// records (campaigns, prior operations, registrations) and follows come
// from Base, the store.
type Window struct {
	// Span is how much event time the window holds. Default 6h.
	Span time.Duration
	// Base supplies follows and reference records. Optional.
	Base botsweep.Source
	// Follows, when true, passes Base's follows through to detection
	// (slower; the follow layers see the whole graph). Default false.
	Follows bool

	mu       sync.Mutex
	posts    []botsweep.Post // in arrival order; evicted by event time
	ids      map[string]struct{}
	accounts map[string]*botsweep.Account
	latest   time.Time
}

var (
	_ botsweep.Sink   = (*Window)(nil)
	_ botsweep.Source = (*Window)(nil)
)

func (w *Window) span() time.Duration {
	if w.Span <= 0 {
		return 6 * time.Hour
	}
	return w.Span
}

// Latest returns the latest event time seen.
func (w *Window) Latest() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.latest
}

// Len returns how many posts the window holds.
func (w *Window) Len() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.posts)
}

// Account implements botsweep.Sink.
func (w *Window) Account(a *botsweep.Account) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.accounts == nil {
		w.accounts = make(map[string]*botsweep.Account)
	}
	if old, ok := w.accounts[a.ID]; ok && a.LastSeen.Before(old.LastSeen) {
		return nil
	}
	c := *a
	w.accounts[a.ID] = &c
	return nil
}

// Post implements botsweep.Sink; it evicts posts that fell out of the span.
func (w *Window) Post(p *botsweep.Post) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ids == nil {
		w.ids = make(map[string]struct{})
	}
	if _, dup := w.ids[p.ID]; dup {
		return nil // a redelivered event
	}
	w.ids[p.ID] = struct{}{}
	c := *p
	c.Hashtags = append([]string(nil), p.Hashtags...)
	c.URLs = append([]string(nil), p.URLs...)
	c.Domains = append([]string(nil), p.Domains...)
	c.Mentions = append([]botsweep.Mention(nil), p.Mentions...)
	w.posts = append(w.posts, c)
	if p.CreatedAt.After(w.latest) {
		w.latest = p.CreatedAt
		w.evict()
	}
	return nil
}

// evict drops posts older than latest-Span, keeping arrival order.
func (w *Window) evict() {
	cut := w.latest.Add(-w.span())
	keep := w.posts[:0]
	for _, p := range w.posts {
		if !p.CreatedAt.Before(cut) {
			keep = append(keep, p)
		} else {
			delete(w.ids, p.ID)
		}
	}
	for i := len(keep); i < len(w.posts); i++ {
		w.posts[i] = botsweep.Post{}
	}
	w.posts = keep
}

// Follow implements botsweep.Sink; follows stay in the store.
func (w *Window) Follow(botsweep.Follow) error { return nil }

// PriorOperation implements botsweep.Sink; reference records stay in the store.
func (w *Window) PriorOperation(*botsweep.PriorOperation) error { return nil }

// DomainRegistration implements botsweep.Sink.
func (w *Window) DomainRegistration(*botsweep.DomainRegistration) error { return nil }

// Campaign implements botsweep.Sink.
func (w *Window) Campaign(*botsweep.Campaign) error { return nil }

// snapshot copies the window under the lock so detection can run while
// the consumer goes on.
func (w *Window) snapshot() ([]botsweep.Post, []botsweep.Account) {
	w.mu.Lock()
	defer w.mu.Unlock()
	posts := append([]botsweep.Post(nil), w.posts...)
	seen := make(map[string]bool)
	var accts []botsweep.Account
	add := func(id string) {
		if a, ok := w.accounts[id]; ok && !seen[id] {
			seen[id] = true
			accts = append(accts, *a)
		}
	}
	for i := range posts {
		add(posts[i].AccountID)
		add(posts[i].RetweetOfAccount)
	}
	sort.Slice(accts, func(i, j int) bool { return accts[i].ID < accts[j].ID })
	return posts, accts
}

// Snapshot returns a Source over the window as it is now.
func (w *Window) Snapshot() botsweep.Source {
	posts, accts := w.snapshot()
	return &windowSource{w: w, posts: posts, accounts: accts}
}

// EachPost implements botsweep.Source over a snapshot taken now.
func (w *Window) EachPost(ctx context.Context, fn func(*botsweep.Post) error) error {
	return w.Snapshot().EachPost(ctx, fn)
}

// EachAccount implements botsweep.Source over a snapshot taken now.
func (w *Window) EachAccount(ctx context.Context, fn func(*botsweep.Account) error) error {
	return w.Snapshot().EachAccount(ctx, fn)
}

// EachFollow implements botsweep.Source.
func (w *Window) EachFollow(ctx context.Context, fn func(botsweep.Follow) error) error {
	if w.Base == nil || !w.Follows {
		return nil
	}
	return w.Base.EachFollow(ctx, fn)
}

// EachPriorOperation implements botsweep.Source.
func (w *Window) EachPriorOperation(ctx context.Context, fn func(*botsweep.PriorOperation) error) error {
	if w.Base == nil {
		return nil
	}
	return w.Base.EachPriorOperation(ctx, fn)
}

// EachDomainRegistration implements botsweep.Source.
func (w *Window) EachDomainRegistration(ctx context.Context, fn func(*botsweep.DomainRegistration) error) error {
	if w.Base == nil {
		return nil
	}
	return w.Base.EachDomainRegistration(ctx, fn)
}

// EachCampaign implements botsweep.Source.
func (w *Window) EachCampaign(ctx context.Context, fn func(*botsweep.Campaign) error) error {
	if w.Base == nil {
		return nil
	}
	return w.Base.EachCampaign(ctx, fn)
}

// windowSource is a consistent snapshot of a Window.
type windowSource struct {
	w        *Window
	posts    []botsweep.Post
	accounts []botsweep.Account
}

func (s *windowSource) EachPost(ctx context.Context, fn func(*botsweep.Post) error) error {
	d := botsweep.Dataset{Posts: s.posts}
	return d.EachPost(ctx, fn)
}

func (s *windowSource) EachAccount(ctx context.Context, fn func(*botsweep.Account) error) error {
	d := botsweep.Dataset{Accounts: s.accounts}
	return d.EachAccount(ctx, fn)
}

func (s *windowSource) EachFollow(ctx context.Context, fn func(botsweep.Follow) error) error {
	return s.w.EachFollow(ctx, fn)
}

func (s *windowSource) EachPriorOperation(ctx context.Context, fn func(*botsweep.PriorOperation) error) error {
	return s.w.EachPriorOperation(ctx, fn)
}

func (s *windowSource) EachDomainRegistration(ctx context.Context, fn func(*botsweep.DomainRegistration) error) error {
	return s.w.EachDomainRegistration(ctx, fn)
}

func (s *windowSource) EachCampaign(ctx context.Context, fn func(*botsweep.Campaign) error) error {
	return s.w.EachCampaign(ctx, fn)
}

// Tee is a Sink that writes every record to First, then Second. Flush
// flushes First (the durable one).
type Tee struct {
	First  Sink
	Second botsweep.Sink
}

// Account implements botsweep.Sink.
func (t Tee) Account(a *botsweep.Account) error {
	if err := t.First.Account(a); err != nil {
		return err
	}
	return t.Second.Account(a)
}

// Post implements botsweep.Sink.
func (t Tee) Post(p *botsweep.Post) error {
	if err := t.First.Post(p); err != nil {
		return err
	}
	return t.Second.Post(p)
}

// Follow implements botsweep.Sink.
func (t Tee) Follow(f botsweep.Follow) error {
	if err := t.First.Follow(f); err != nil {
		return err
	}
	return t.Second.Follow(f)
}

// PriorOperation implements botsweep.Sink.
func (t Tee) PriorOperation(o *botsweep.PriorOperation) error {
	if err := t.First.PriorOperation(o); err != nil {
		return err
	}
	return t.Second.PriorOperation(o)
}

// DomainRegistration implements botsweep.Sink.
func (t Tee) DomainRegistration(r *botsweep.DomainRegistration) error {
	if err := t.First.DomainRegistration(r); err != nil {
		return err
	}
	return t.Second.DomainRegistration(r)
}

// Campaign implements botsweep.Sink.
func (t Tee) Campaign(c *botsweep.Campaign) error {
	if err := t.First.Campaign(c); err != nil {
		return err
	}
	return t.Second.Campaign(c)
}

// Flush implements Sink.
func (t Tee) Flush(ctx context.Context) error { return t.First.Flush(ctx) }
