package botsweep

import "context"

// Dataset is an in-memory Sink and Source: the simulator's worlds at small
// scale and unit tests use it where a store would be overkill. Later
// snapshots of an account replace earlier ones; everything else is kept as
// written, duplicates included.
type Dataset struct {
	Accounts      []Account
	Posts         []Post
	Follows       []Follow
	Operations    []PriorOperation
	Registrations []DomainRegistration
	Campaigns     []Campaign

	accountIndex map[string]int
}

var (
	_ Sink   = (*Dataset)(nil)
	_ Source = (*Dataset)(nil)
)

// Account implements Sink; a later LastSeen replaces an earlier snapshot.
func (d *Dataset) Account(a *Account) error {
	if d.accountIndex == nil {
		d.accountIndex = make(map[string]int)
		for i := range d.Accounts {
			d.accountIndex[d.Accounts[i].ID] = i
		}
	}
	if i, ok := d.accountIndex[a.ID]; ok {
		if !a.LastSeen.Before(d.Accounts[i].LastSeen) {
			first := d.Accounts[i].FirstSeen
			d.Accounts[i] = *a
			if !first.IsZero() && first.Before(a.FirstSeen) {
				d.Accounts[i].FirstSeen = first
			}
		}
		return nil
	}
	d.accountIndex[a.ID] = len(d.Accounts)
	d.Accounts = append(d.Accounts, *a)
	return nil
}

// Post implements Sink.
func (d *Dataset) Post(p *Post) error { d.Posts = append(d.Posts, *p); return nil }

// Follow implements Sink.
func (d *Dataset) Follow(f Follow) error { d.Follows = append(d.Follows, f); return nil }

// PriorOperation implements Sink.
func (d *Dataset) PriorOperation(o *PriorOperation) error {
	d.Operations = append(d.Operations, *o)
	return nil
}

// DomainRegistration implements Sink.
func (d *Dataset) DomainRegistration(r *DomainRegistration) error {
	d.Registrations = append(d.Registrations, *r)
	return nil
}

// Campaign implements Sink.
func (d *Dataset) Campaign(c *Campaign) error { d.Campaigns = append(d.Campaigns, *c); return nil }

func each[T any](ctx context.Context, items []T, fn func(*T) error) error {
	for i := range items {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(&items[i]); err != nil {
			return err
		}
	}
	return nil
}

// EachAccount implements Source. An account marked CountsDerived gets
// its counts from the follows, posts and likes the dataset holds, as the
// store gives them.
func (d *Dataset) EachAccount(ctx context.Context, fn func(*Account) error) error {
	derived := false
	for i := range d.Accounts {
		derived = derived || d.Accounts[i].CountsDerived
	}
	if !derived {
		return each(ctx, d.Accounts, fn)
	}
	type counts struct{ followers, following, posts, likes int64 }
	held := map[string]*counts{}
	of := func(id string) *counts {
		c := held[id]
		if c == nil {
			c = &counts{}
			held[id] = c
		}
		return c
	}
	for _, f := range d.Follows {
		of(f.Follower).following++
		of(f.Followee).followers++
	}
	for i := range d.Posts {
		if d.Posts[i].Kind == KindLike {
			of(d.Posts[i].AccountID).likes++
		} else {
			of(d.Posts[i].AccountID).posts++
		}
	}
	return each(ctx, d.Accounts, func(a *Account) error {
		if !a.CountsDerived {
			return fn(a)
		}
		cp := *a
		c := of(a.ID)
		cp.Followers, cp.Friends, cp.Statuses, cp.Favourites = c.followers, c.following, c.posts, c.likes
		return fn(&cp)
	})
}

// EachPost implements Source.
func (d *Dataset) EachPost(ctx context.Context, fn func(*Post) error) error {
	return each(ctx, d.Posts, fn)
}

// EachFollow implements Source.
func (d *Dataset) EachFollow(ctx context.Context, fn func(Follow) error) error {
	return each(ctx, d.Follows, func(f *Follow) error { return fn(*f) })
}

// EachPriorOperation implements Source.
func (d *Dataset) EachPriorOperation(ctx context.Context, fn func(*PriorOperation) error) error {
	return each(ctx, d.Operations, fn)
}

// EachDomainRegistration implements Source.
func (d *Dataset) EachDomainRegistration(ctx context.Context, fn func(*DomainRegistration) error) error {
	return each(ctx, d.Registrations, fn)
}

// EachCampaign implements Source.
func (d *Dataset) EachCampaign(ctx context.Context, fn func(*Campaign) error) error {
	return each(ctx, d.Campaigns, fn)
}
