package botsweep

import (
	"context"
	"time"
)

// Clock returns the current time. Logic takes a Clock rather than reading
// the wall clock, so tests can fix time.
type Clock func() time.Time

// Sink receives decoded records. Readers in ingest and the simulator write
// to a Sink; the store and the in-memory Dataset are Sinks.
type Sink interface {
	Account(*Account) error
	Post(*Post) error
	Follow(Follow) error
	PriorOperation(*PriorOperation) error
	DomainRegistration(*DomainRegistration) error
	Campaign(*Campaign) error
}

// PostHinter is a Sink that may be told of the posts about to reach it,
// in order, before they do (a decoder's batch): it can start fetching what
// it will look them up in, so that the lookups of many posts overlap. A
// hint only helps; the Posts still arrive one by one through Post, and
// the hint's slice is valid only during the call.
type PostHinter interface {
	HintPosts(ps []Post)
}

// Source is read access to every ingested record. Each method calls fn for
// every record of its kind, in an unspecified but deterministic order, and
// stops at fn's first error, which it returns. The records passed to fn must
// not be kept after fn returns: copy what is needed.
type Source interface {
	EachAccount(ctx context.Context, fn func(*Account) error) error
	EachPost(ctx context.Context, fn func(*Post) error) error
	EachFollow(ctx context.Context, fn func(Follow) error) error
	EachPriorOperation(ctx context.Context, fn func(*PriorOperation) error) error
	EachDomainRegistration(ctx context.Context, fn func(*DomainRegistration) error) error
	EachCampaign(ctx context.Context, fn func(*Campaign) error) error
}

// EventLog is the durable append-only moderation log.
type EventLog interface {
	// AppendEvents appends events atomically: after a crash either all of
	// them or none are in the log. The events' Seq must follow the last one.
	AppendEvents(ctx context.Context, events []ModEvent) error
	// EachEvent calls fn for every event in Seq order.
	EachEvent(ctx context.Context, fn func(*ModEvent) error) error
}

// NetworkStore keeps the networks of the latest detection run, so later
// commands (sweep, show, archive, serve) can refer to them by id.
type NetworkStore interface {
	// PutNetworks replaces the stored networks with these, atomically.
	PutNetworks(ctx context.Context, networks []Network) error
	// Networks returns the stored networks in rank order.
	Networks(ctx context.Context) ([]Network, error)
}
