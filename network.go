package botsweep

import "time"

// Role is why an account is listed with a network.
type Role string

// The roles of flagged accounts.
const (
	// RoleCore members are in the network by their own coordinated behaviour.
	RoleCore Role = "core"
	// RoleAssociated accounts are tied to the network's core by specific
	// shared infrastructure rather than by co-action.
	RoleAssociated Role = "associated"
)

// Verdict is detection's judgement of a network, answered in two stages.
type Verdict string

// The verdicts.
const (
	// VerdictCoordinated groups co-act beyond what chance explains, but the
	// evidence does not show them inauthentic (or is too thin to say so).
	// They are reported to researchers and never proposed for a sweep.
	VerdictCoordinated Verdict = "coordinated"
	// VerdictInauthentic networks are coordinated and show automation,
	// mass-produced identity or shared control: enforcement candidates.
	VerdictInauthentic Verdict = "inauthentic"
)

// Network is a detected coordinated network with the evidence behind it.
type Network struct {
	// ID is stable for the same core membership across runs.
	ID    string  `json:"id"`
	Rank  int     `json:"rank"`  // 1 is the highest score
	Score float64 `json:"score"` // in [0,1]
	// Verdict says whether the network is an enforcement candidate
	// (inauthentic) or a coordinated group to report only. Empty in
	// networks stored before verdicts existed; read it as inauthentic.
	Verdict Verdict  `json:"verdict"`
	Size    int      `json:"size"` // number of members, core and associated
	Summary string   `json:"summary"`
	Members []Member `json:"members"`
	// Amplified are the accounts the network's retweets go to, most first.
	// They are reported as amplified, not as members.
	Amplified   []Amplified            `json:"amplified,omitempty"`
	Evidence    Evidence               `json:"evidence"`
	Attribution []AttributionCandidate `json:"attribution"`
	// StateBacked is true only where a high-confidence attribution chain
	// reaches an operation marked state backed.
	StateBacked bool      `json:"state_backed"`
	DetectedAt  time.Time `json:"detected_at"`
}

// Member is one flagged account of a network.
type Member struct {
	AccountID  string `json:"account_id"`
	ScreenName string `json:"screen_name"`
	Role       Role   `json:"role"`
	// Score is the confidence that this account belongs to the network, in
	// [0,1]: the network's score times the strength of the account's tie
	// to it (for core members, the share of its fused similarity weight
	// that lies inside the network; associated accounts count half).
	Score    float64  `json:"score"`
	BotScore *float64 `json:"bot_score,omitempty"` // from the account model, where one ran
	Reasons  []string `json:"reasons"`             // why it is in, for a person
}

// Amplified is an account whose posts a network retweets.
type Amplified struct {
	AccountID  string  `json:"account_id"`
	ScreenName string  `json:"screen_name"`
	Retweets   int     `json:"retweets"` // retweets by members of this account's posts
	Share      float64 `json:"share"`    // of all the members' retweets
}

// Evidence is what a reviewer checks to confirm a network.
type Evidence struct {
	// Signals are the fused layers that tie the members, strongest first.
	Signals []Signal `json:"signals"`
	// CoShared are the items members shared together, most unusual first.
	CoShared []CoSharedItem `json:"co_shared,omitempty"`
	// CreationHistogram counts member accounts by creation day.
	CreationHistogram []DayCount `json:"creation_histogram,omitempty"`
	// RetweetDelayHistogram counts member retweets by seconds after the
	// original, in the bucket bounds given.
	RetweetDelayHistogram []DelayBucket `json:"retweet_delay_histogram,omitempty"`
	Domains               []NameCount   `json:"domains,omitempty"`  // link and profile domains
	Clients               []NameCount   `json:"clients,omitempty"`  // client apps
	Hashtags              []NameCount   `json:"hashtags,omitempty"` // top hashtags
	// Followed are the accounts most members follow (a follower farm's
	// customers), with how many members follow each.
	Followed    []NameCount        `json:"followed,omitempty"`
	SampleTexts []string           `json:"sample_texts,omitempty"` // a few representative texts
	Features    map[string]float64 `json:"features,omitempty"`     // network-level scores behind Score
	// Verdict says in words why the network got its verdict.
	Verdict string `json:"verdict,omitempty"`
	// Coordination is the test of co-action beyond chance behind the
	// network (absent in networks stored before verdicts existed).
	Coordination *Coordination `json:"coordination,omitempty"`
	// Used lists the inauthenticity signals the data could measure for
	// this network (the features the verdict rests on).
	Used []string `json:"evidence_used,omitempty"`
	// Unavailable lists the features the data could not have shown, each
	// as "feature: reason" (a share table has no replies or profiles).
	Unavailable []string `json:"evidence_unavailable,omitempty"`
}

// Coordination is a group's co-action measured against a null model that
// keeps each account's activity and each item's popularity and timing.
type Coordination struct {
	Observed     float64 `json:"observed"`     // co-shares within the window among members
	Expected     float64 `json:"expected"`     // co-shares the null model predicts
	Lift         float64 `json:"lift"`         // observed over expected
	Significance float64 `json:"significance"` // -log10 of the Poisson tail of observed under expected
	// LeftMembers counts the accounts clustered with the network whose own
	// co-shares with it the null model explained (their items'
	// popularity): they left it before it was judged.
	LeftMembers int `json:"left_members,omitempty"`
}

// Signal is one similarity layer's contribution to a network.
type Signal struct {
	Layer       string  `json:"layer"`       // e.g. "co-retweet"
	Edges       int     `json:"edges"`       // member pairs (or member-hub ties) tied by this layer
	Weight      float64 `json:"weight"`      // share of the network's fused weight
	Description string  `json:"description"` // what it means, for a person
}

// CoSharedItem is one post, URL, domain or hashtag sequence shared by members.
type CoSharedItem struct {
	Kind        string  `json:"kind"` // "post", "url", "domain", "hashtag", "text"
	Item        string  `json:"item"`
	Members     int     `json:"members"`                  // members who shared it
	Total       int     `json:"total"`                    // all accounts who shared it
	MedianDelay float64 `json:"median_delay_s,omitempty"` // seconds after the first share or the original
	Unusualness float64 `json:"unusualness"`              // inverse-frequency weight
}

// DayCount counts items on one day (YYYY-MM-DD).
type DayCount struct {
	Day   string `json:"day"`
	Count int    `json:"count"`
}

// DelayBucket counts retweet delays in [LoS, HiS) seconds.
type DelayBucket struct {
	LoS   float64 `json:"lo_s"`
	HiS   float64 `json:"hi_s"`
	Count int     `json:"count"`
}

// NameCount is a name with how many times it occurs.
type NameCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Confidence is the tier of an attribution candidate.
type Confidence string

// The confidence tiers.
const (
	ConfidenceLow    Confidence = "low"
	ConfidenceMedium Confidence = "medium"
	ConfidenceHigh   Confidence = "high"
)

// AttributionCandidate ties a network to a prior operation.
type AttributionCandidate struct {
	Operation   string     `json:"name"` // the prior operation's name
	Attribution string     `json:"attribution"`
	StateBacked bool       `json:"state_backed"`
	Confidence  Confidence `json:"tier"`
	Chain       []Link     `json:"chain"`
	Summary     string     `json:"summary"` // the chain as one sentence
	// Basis is the kind of indicator the chain rests on: "account-id",
	// "screen-name", "domain", "registrant" or "client".
	Basis string `json:"basis,omitempty"`
	// Members is how many network members the chain starts from.
	Members int `json:"members,omitempty"`
	// Also are the weaker chains to the same operation, one sentence each.
	Also []string `json:"also,omitempty"`
}

// Link is one step of an attribution evidence chain.
type Link struct {
	From     string `json:"from"`     // e.g. "42 members"
	Relation string `json:"relation"` // e.g. "link"
	To       string `json:"to"`       // e.g. "globus-news.info"
}
