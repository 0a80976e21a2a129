package botsweep

import "time"

// EventKind is the kind of a moderation event.
type EventKind string

// The kinds of moderation event.
const (
	EventSuspend        EventKind = "suspend"
	EventReinstate      EventKind = "reinstate"
	EventAppealFiled    EventKind = "appeal_filed"
	EventAppealResolved EventKind = "appeal_resolved"
	EventComment        EventKind = "comment"
)

// Reason codes for moderation events.
const (
	ReasonPlatformManipulation = "platform-manipulation"
)

// ModEvent is one entry of the append-only moderation log.
type ModEvent struct {
	Seq       uint64    `json:"seq"` // position in the log, from 1
	Kind      EventKind `json:"kind"`
	Actor     string    `json:"actor"`
	At        time.Time `json:"at"`
	Reason    string    `json:"reason,omitempty"`
	Subject   string    `json:"subject"` // account id
	SweepID   string    `json:"sweep_id,omitempty"`
	NetworkID string    `json:"network_id,omitempty"`
	Evidence  string    `json:"evidence,omitempty"` // short pointer to or summary of the evidence
	Note      string    `json:"note,omitempty"`
	Outcome   string    `json:"outcome,omitempty"` // for appeal_resolved: "upheld" or "reinstated"
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
	// Recorded is when the log wrote the event, by the log's injected
	// clock; At may be given explicitly (the time the action took effect,
	// e.g. a sweep dated to the night of a takedown). The circuit breaker
	// counts suspensions by Recorded, so a backdated sweep still uses
	// today's budget. Not covered by Hash; zero in events written before
	// it existed (their At stands in).
	Recorded time.Time `json:"recorded,omitzero"`
}

// Status is an account's moderation status, derived from the log.
type Status string

// The statuses.
const (
	StatusActive    Status = "active"
	StatusSuspended Status = "suspended"
)

// Sweep is one atomic batch of suspensions.
type Sweep struct {
	ID       string    `json:"id"`
	Actor    string    `json:"actor"`
	At       time.Time `json:"at"`
	Reason   string    `json:"reason"`
	Networks []string  `json:"networks"`
	Accounts []string  `json:"accounts"` // the accounts this sweep suspended, in log order
	// Note summarises the sweep as recorded in its header event.
	Note string `json:"note,omitempty"`
	// Override is true when an admin overrode a circuit breaker for it.
	Override bool `json:"override,omitempty"`
}

// Appeal outcomes.
const (
	OutcomeUpheld     = "upheld"     // the suspension stands
	OutcomeReinstated = "reinstated" // the account is reinstated
)
