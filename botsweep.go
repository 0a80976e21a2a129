// Package botsweep holds the domain types of botsweep, a system that finds
// coordinated networks of fake and automated accounts, takes them down with
// their associated accounts, recounts follower losses and publishes a
// disclosure archive.
//
// The root package has no dependencies on the packages that implement it:
// ingest, store, detect, moderation, impact and the rest all meet here.
package botsweep

import (
	"time"
)

// Account is a platform account as its latest profile snapshot describes it.
type Account struct {
	ID                  string    `json:"id"`                    // platform id string
	ScreenName          string    `json:"screen_name"`           // handle without '@'
	Name                string    `json:"name"`                  // display name
	Description         string    `json:"description,omitempty"` // profile bio
	Location            string    `json:"location,omitempty"`    // self-reported location
	URL                 string    `json:"url,omitempty"`         // profile URL, expanded where the source expands it
	URLDomain           string    `json:"url_domain,omitempty"`  // registrable domain of URL (eTLD+1)
	ProfileImageURL     string    `json:"profile_image_url,omitempty"`
	CreatedAt           time.Time `json:"created_at"`
	Followers           int64     `json:"followers_count"`
	Friends             int64     `json:"friends_count"`
	Statuses            int64     `json:"statuses_count"`
	Favourites          int64     `json:"favourites_count"`
	Listed              int64     `json:"listed_count"`
	Verified            bool      `json:"verified,omitempty"`
	Protected           bool      `json:"protected,omitempty"`
	DefaultProfile      bool      `json:"default_profile,omitempty"`
	DefaultProfileImage bool      `json:"default_profile_image,omitempty"`
	Lang                string    `json:"lang,omitempty"`
	// Known says which of the optional profile fields below the source
	// carried. A field not in Known is unknown (the source cannot say), not
	// false or empty: Twitter API v1.1 user objects carry them, v2/twarc2
	// objects, IO archives, CSV exports and the simulator do not.
	Known ProfileFields `json:"known_fields,omitempty"`
	// HasExtendedProfile is v1.1's has_extended_profile: the owner filled
	// in the extended profile (such as a birthday) in Twitter's apps.
	HasExtendedProfile bool `json:"has_extended_profile,omitempty"`
	// GeoEnabled is v1.1's geo_enabled: the owner turned on attaching
	// locations to posts.
	GeoEnabled bool `json:"geo_enabled,omitempty"`
	// ProfileBannerURL is v1.1's profile_banner_url, empty when the profile
	// has no banner (header image) and Known has KnownProfileBanner.
	ProfileBannerURL string `json:"profile_banner_url,omitempty"`
	// PlatformStatus is the platform's own status of the account, where the
	// source reports one: Bluesky's account events ("active",
	// "takendown", "suspended", "deactivated", "deleted", ...). Empty: not
	// reported. It is the platform's decision, not evidence of automation
	// or coordination: detection does not read it (docs/BLUESKY.md).
	PlatformStatus string `json:"platform_status,omitempty"`
	// CountsDerived says the source carries no Followers, Friends, Statuses
	// or Favourites (AT Protocol records do not): the store counts them
	// from the follows, posts and likes it holds when it reads the account
	// (followers and following from follows, Statuses from posts,
	// Favourites from likes), a lower bound on a partial capture, rather
	// than reading zeros as measured.
	CountsDerived bool `json:"counts_derived,omitempty"`
	// FirstSeen and LastSeen are the earliest and latest times a snapshot of
	// this profile was observed (probe time, or the time of the post that
	// embedded it). The snapshot observed last wins on re-ingest.
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// ProfileFields is a set of Account's optional profile fields, as bits.
type ProfileFields uint8

// The optional profile fields.
const (
	KnownHasExtendedProfile ProfileFields = 1 << iota // HasExtendedProfile
	KnownGeoEnabled                                   // GeoEnabled
	KnownProfileBanner                                // ProfileBannerURL (empty: no banner)
)

// Has reports whether every field of x is in f.
func (f ProfileFields) Has(x ProfileFields) bool { return f&x == x }

// PostKind tells originals, retweets, replies, quotes and likes apart.
type PostKind uint8

// The kinds of post.
const (
	KindOriginal PostKind = iota
	KindRetweet
	KindReply
	KindQuote
	// KindLike is a like (Bluesky's app.bsky.feed.like, a favourite): the
	// liked post is in RetweetOf and its author in RetweetOfAccount. A like
	// is a trace of its own, never counted as a post or a retweet.
	KindLike
)

// String returns the kind's lowercase name.
func (k PostKind) String() string {
	switch k {
	case KindOriginal:
		return "original"
	case KindRetweet:
		return "retweet"
	case KindReply:
		return "reply"
	case KindQuote:
		return "quote"
	case KindLike:
		return "like"
	}
	return "unknown"
}

// Mention is an account named in a post's text.
type Mention struct {
	ID         string `json:"id,omitempty"`
	ScreenName string `json:"screen_name,omitempty"`
}

// Post is one tweet: an original, a retweet, a reply or a quote; or a like
// (KindLike) of one.
// A reply may also quote; Kind then is KindReply.
type Post struct {
	ID        string    `json:"id"`
	AccountID string    `json:"account_id"`
	Kind      PostKind  `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
	Text      string    `json:"text,omitempty"`
	Lang      string    `json:"lang,omitempty"`
	Client    string    `json:"client,omitempty"` // client app name, HTML stripped

	RetweetOf        string `json:"retweet_of,omitempty"`         // id of the retweeted (or liked) post
	RetweetOfAccount string `json:"retweet_of_account,omitempty"` // its author's id
	ReplyTo          string `json:"reply_to,omitempty"`           // id of the post replied to
	ReplyToAccount   string `json:"reply_to_account,omitempty"`
	Quotes           string `json:"quotes,omitempty"` // id of the quoted post
	QuotesAccount    string `json:"quotes_account,omitempty"`

	Hashtags []string  `json:"hashtags,omitempty"` // without '#', as written
	URLs     []string  `json:"urls,omitempty"`     // expanded URLs
	Domains  []string  `json:"domains,omitempty"`  // registrable domains of URLs, same order
	Mentions []Mention `json:"mentions,omitempty"`

	HasGeo    bool    `json:"has_geo,omitempty"`
	Latitude  float64 `json:"latitude,omitempty"`
	Longitude float64 `json:"longitude,omitempty"`

	RetweetCount int64 `json:"retweet_count,omitempty"`
	LikeCount    int64 `json:"like_count,omitempty"`
	ReplyCount   int64 `json:"reply_count,omitempty"`
	QuoteCount   int64 `json:"quote_count,omitempty"`
}

// Follow says that Follower follows Followee.
type Follow struct {
	Follower string `json:"follower_id"`
	Followee string `json:"followee_id"`
}

// PriorOperation is an information operation disclosed before, with the
// indicators that tie new activity to it.
type PriorOperation struct {
	Name        string     `json:"name"`
	Disclosed   string     `json:"disclosed"`   // when it was disclosed, as given (e.g. "2018-10")
	Attribution string     `json:"attribution"` // who it was attributed to
	StateBacked bool       `json:"state_backed"`
	Indicators  Indicators `json:"indicators"`
	// Received is when botsweep ingested this record.
	Received time.Time `json:"received,omitempty"`
}

// Indicators are the infrastructure markers of an operation.
type Indicators struct {
	Domains     []string `json:"domains"`
	ScreenNames []string `json:"screen_names"`
	AccountIDs  []string `json:"account_ids"`
	// Clients are client app names the operation's accounts posted with
	// (optional; attribution counts them as weak links only).
	Clients []string `json:"clients,omitempty"`
}

// DomainRegistration is one row of domain registration records.
type DomainRegistration struct {
	Domain       string    `json:"domain"`
	Registrant   string    `json:"registrant"`
	RegisteredAt time.Time `json:"registered_at"`
	// Received is when botsweep ingested this record.
	Received time.Time `json:"received,omitempty"`
}

// Campaign is a sanctioned campaign: its hashtag and emoji inside its window
// never count as evidence of coordination.
type Campaign struct {
	Hashtag string    `json:"hashtag"` // without '#'
	Emoji   string    `json:"emoji"`
	Starts  time.Time `json:"starts"`
	Ends    time.Time `json:"ends"`
	Owner   string    `json:"owner"`
	Note    string    `json:"note"`
	// Received is when botsweep ingested this record.
	Received time.Time `json:"received,omitempty"`
}

// Covers reports whether t falls inside the campaign's window (inclusive).
func (c *Campaign) Covers(t time.Time) bool {
	return !t.Before(c.Starts) && !t.After(c.Ends)
}
