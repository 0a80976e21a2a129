package botsweep

// Deleter is a Sink that can also take back records their source deleted
// (Bluesky's delete operations). Readers of sources with deletes call it
// when their sink implements it, and otherwise count the deletes they could
// not apply.
type Deleter interface {
	// DeletePost removes the post (or like) with this id, if held.
	DeletePost(id string) error
	// Unfollow removes the follow, if held.
	Unfollow(f Follow) error
}

var _ Deleter = (*Dataset)(nil)

// DeletePost implements Deleter.
func (d *Dataset) DeletePost(id string) error {
	k := 0
	for _, p := range d.Posts {
		if p.ID != id {
			d.Posts[k] = p
			k++
		}
	}
	clear(d.Posts[k:])
	d.Posts = d.Posts[:k]
	return nil
}

// Unfollow implements Deleter.
func (d *Dataset) Unfollow(f Follow) error {
	k := 0
	for _, x := range d.Follows {
		if x != f {
			d.Follows[k] = x
			k++
		}
	}
	d.Follows = d.Follows[:k]
	return nil
}

// RecordFollower is a Sink for sources whose follows are records with ids
// of their own, deleted by id (Bluesky's app.bsky.graph.follow records,
// named by at:// URI): a delete can then be applied however long after
// the follow it comes, and before it.
type RecordFollower interface {
	// FollowRecord adds the follow f made by the record with this id.
	// A record already deleted (see UnfollowRecord) adds nothing.
	FollowRecord(id string, f Follow) error
	// UnfollowRecord deletes the follow record with this id: the follow
	// goes when no other held record makes it. Deleting a record not (yet)
	// held is remembered, so that it is not added later.
	UnfollowRecord(id string) error
}
