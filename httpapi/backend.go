package httpapi

import (
	"context"
	"io"
	"time"

	"github.com/botsweep/botsweep"
)

// The API meets the rest of botsweep at the small interfaces below. Each is
// optional in Options except Tokens: an endpoint whose backend is missing
// answers 404 with a message that says what is not configured.

// NetworkLister gives the networks of the latest detection run in rank
// order; botsweep.NetworkStore implementations satisfy it.
type NetworkLister interface {
	Networks(ctx context.Context) ([]botsweep.Network, error)
}

// AccountLookup finds an account by platform id or screen name; ENOTFOUND
// when there is none.
type AccountLookup interface {
	Account(ctx context.Context, idOrScreenName string) (*botsweep.Account, error)
}

// AccountFunc adapts a function to AccountLookup.
type AccountFunc func(ctx context.Context, idOrScreenName string) (*botsweep.Account, error)

// Account implements AccountLookup.
func (f AccountFunc) Account(ctx context.Context, key string) (*botsweep.Account, error) {
	return f(ctx, key)
}

// ScoreLookup gives an account's bot score in [0,1]; ok is false when the
// model has not scored it.
type ScoreLookup interface {
	BotScore(ctx context.Context, accountID string) (score float64, ok bool, err error)
}

// CampaignLister lists the sanctioned campaigns; botsweep.Source satisfies it.
type CampaignLister interface {
	EachCampaign(ctx context.Context, fn func(*botsweep.Campaign) error) error
}

// GraphSource is what the member graph is drawn from: posts and follows.
// botsweep.Source satisfies it.
type GraphSource interface {
	EachPost(ctx context.Context, fn func(*botsweep.Post) error) error
	EachFollow(ctx context.Context, fn func(botsweep.Follow) error) error
}

// SweepRequest asks for one atomic batch of suspensions.
type SweepRequest struct {
	Networks       []string `json:"networks"`                  // network ids
	All            bool     `json:"all,omitempty"`             // every stored network instead
	WithAssociated bool     `json:"with_associated,omitempty"` // also associated members, not just core
	Reason         string   `json:"reason"`                    // reason code, e.g. platform-manipulation
	DryRun         bool     `json:"dry_run,omitempty"`         // compute, apply nothing
	Override       bool     `json:"override,omitempty"`        // pass the circuit breaker (admin only)
	// Actor is set by the API from the caller's token, never from the body.
	Actor string `json:"-"`
}

// SweepResult is what a sweep did or, for a dry run, would do.
type SweepResult struct {
	DryRun bool           `json:"dry_run"`
	Sweep  botsweep.Sweep `json:"sweep"`
	// Skipped counts accounts left out because they are suspended already.
	Skipped int `json:"skipped"`
	// Impact is the follower impact of the sweep on the remaining accounts.
	Impact *SweepImpact `json:"impact,omitempty"`
	// Breaker describes the circuit breaker after (or, dry, as if after) the sweep.
	Breaker *BreakerState `json:"breaker,omitempty"`
}

// BreakerState is the circuit breaker's budget.
type BreakerState struct {
	PerSweep   int  `json:"per_sweep"`  // cap on accounts in one sweep
	PerDay     int  `json:"per_day"`    // cap on accounts per day
	UsedToday  int  `json:"used_today"` // accounts suspended today
	Overridden bool `json:"overridden"` // an admin overrode it for this sweep
	WouldTrip  bool `json:"would_trip"` // the sweep exceeds a cap
}

// SweepImpact summarises what a sweep costs the remaining accounts in followers.
type SweepImpact struct {
	Suspended      int           `json:"suspended"`       // accounts suspended by the sweep
	AccountsLosing int           `json:"accounts_losing"` // remaining accounts that lose followers
	FollowsRemoved int64         `json:"follows_removed"` // follow edges no longer counted
	Top            []AccountLoss `json:"top"`             // the biggest losers, most first
}

// AccountLoss is one account's follower change.
type AccountLoss struct {
	AccountID       string  `json:"account_id"`
	ScreenName      string  `json:"screen_name"`
	FollowersBefore int64   `json:"followers_before"`
	FollowersAfter  int64   `json:"followers_after"`
	Lost            int64   `json:"lost"`
	LostShare       float64 `json:"lost_share"` // Lost / FollowersBefore
}

// AppealRequest files an appeal for a suspended account.
type AppealRequest struct {
	Account string `json:"account"` // id or screen name
	Note    string `json:"note"`
	Actor   string `json:"-"`
}

// ResolveRequest resolves an account's open appeal.
type ResolveRequest struct {
	Account string `json:"-"`       // from the path
	Outcome string `json:"outcome"` // "upheld" or "reinstated"
	Note    string `json:"note"`
	Actor   string `json:"-"`
}

// Appeal is an open appeal.
type Appeal struct {
	AccountID string    `json:"account_id"`
	FiledBy   string    `json:"filed_by"`
	FiledAt   time.Time `json:"filed_at"`
	Note      string    `json:"note,omitempty"`
	SweepID   string    `json:"sweep_id,omitempty"`
}

// Moderation is the moderation log as the API uses it. Errors carry codes:
// a circuit breaker refusal is ELIMIT, suspending a suspended account or
// resolving without an open appeal ECONFLICT.
type Moderation interface {
	Status(ctx context.Context, accountID string) (botsweep.Status, error)
	History(ctx context.Context, accountID string) ([]botsweep.ModEvent, error)
	Sweeps(ctx context.Context) ([]botsweep.Sweep, error)
	Sweep(ctx context.Context, req SweepRequest) (*SweepResult, error)
	Appeals(ctx context.Context) ([]Appeal, error)
	FileAppeal(ctx context.Context, req AppealRequest) (*botsweep.ModEvent, error)
	ResolveAppeal(ctx context.Context, req ResolveRequest) (*botsweep.ModEvent, error)
	// Comment records an administrative action (such as issuing a token) in
	// the log with its actor; subject names what it concerns.
	Comment(ctx context.Context, actor, subject, note string) error
}

// LogHead is implemented by a Moderation backend that can name its
// moderation log's head (sequence number and hash) cheaply. The API then
// computes follower impact once per head and serves it from a cache, since
// impact changes only when the log does.
type LogHead interface {
	LogHead(ctx context.Context) (string, error)
}

// AccountImpact is one account's follower history across sweeps, in the
// JSON shape the impact package writes (which may carry more fields).
type AccountImpact struct {
	Account         string      `json:"account"` // screen name, or the id where unknown
	AccountID       string      `json:"account_id"`
	ScreenName      string      `json:"screen_name,omitempty"`
	FollowersBefore int64       `json:"followers_before"` // before the first sweep
	FollowersAfter  int64       `json:"followers_after"`  // now
	Lost            int64       `json:"lost"`
	LostShare       float64     `json:"lost_share"`
	BySweep         []SweepLoss `json:"by_sweep"`
}

// SweepLoss is what one sweep cost an account.
type SweepLoss struct {
	SweepID         string    `json:"sweep_id"`
	At              time.Time `json:"at"`
	FollowersBefore int64     `json:"followers_before"` // just before the sweep
	FollowersAfter  int64     `json:"followers_after"`  // just after it
	Removed         int64     `json:"removed"`          // followers the sweep suspended
}

// PurgeReport shows who lost followers to the sweeps and whether the loss
// tracks each account's share of fake followers, in the JSON shape the
// impact package writes (which carries more fields).
type PurgeReport struct {
	TopAbsolute []AccountLoss `json:"top_absolute"`
	TopRelative []AccountLoss `json:"top_relative"`
	// Prominent are well-known accounts of different camps side by side.
	Prominent []AccountLoss `json:"prominent"`
	Tracking  Tracking      `json:"tracking"`
	Findings  []string      `json:"findings"` // the answers in sentences
}

// Tracking tests whether losses track the share of fake followers.
type Tracking struct {
	// CorrFlagged is Pearson's r between the share of followers lost and
	// the share that were flagged accounts; null when either is constant.
	CorrFlagged *float64 `json:"corr_lost_flagged"`
	Verdict     string   `json:"verdict"`
}

// Impact computes follower impact from the follow graph. Its results are
// written as JSON as they are: AccountImpact and PurgeReport describe the
// fields the dashboard reads.
type Impact interface {
	AccountImpact(ctx context.Context, accountID string) (any, error)
	Report(ctx context.Context) (any, error)
}

// ArchiveRequest asks for a disclosure archive.
type ArchiveRequest struct {
	Networks []string `json:"networks"`
	Policy   string   `json:"policy"` // "state-backed" (default) or "any-swept"
}

// Archiver writes a disclosure archive as one zip file to w. A refusal by
// policy is EFORBIDDEN or EINVALID with the rule that refused.
type Archiver interface {
	WriteArchive(ctx context.Context, w io.Writer, req ArchiveRequest) error
}
