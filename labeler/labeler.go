// Package labeler publishes botsweep's moderation log as AT Protocol
// labels: every account a sweep suspends gets a signed label, every
// reinstatement a signed negation. Labels are derived from the log, in log
// order, so they are exactly as durable and auditable as the sweeps behind
// them. Handler serves them as com.atproto.label.queryLabels and
// com.atproto.label.subscribeLabels; docs/BLUESKY.md lists the values.
package labeler

import (
	"context"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bluesky-social/indigo/atproto/atcrypto"
	"github.com/bluesky-social/indigo/atproto/labeling"
	"github.com/bluesky-social/indigo/atproto/syntax"
	"github.com/botsweep/botsweep"
)

// The label values botsweep declares.
const (
	// ValueInauthenticNetwork marks a core member of a swept network: an
	// account in it by its own coordinated, inauthentic behaviour.
	ValueInauthenticNetwork = "inauthentic-network"
	// ValueCoordinated marks an associated account swept with a network:
	// tied to its core (shared infrastructure, a follower farm, the
	// network's amplifiers) rather than in it by its own co-action.
	ValueCoordinated = "coordinated"
)

// Values returns the declared label values.
func Values() []string { return []string{ValueInauthenticNetwork, ValueCoordinated} }

// Key algorithms.
const (
	AlgK256 = "k256"
	AlgP256 = "p256"
)

// GenerateKey makes a new signing key, k256 ("" too) or p256.
func GenerateKey(alg string) (atcrypto.PrivateKeyExportable, error) {
	switch alg {
	case "", AlgK256:
		return atcrypto.GeneratePrivateKeyK256()
	case AlgP256:
		return atcrypto.GeneratePrivateKeyP256()
	}
	return nil, botsweep.Errorf(botsweep.EINVALID, "key algorithm %q: want %s or %s", alg, AlgK256, AlgP256)
}

// WriteKey writes key to path (mode 0600, never over an existing file) as
// its multibase string, and returns the public key's did:key.
func WriteKey(path string, key atcrypto.PrivateKeyExportable) (string, error) {
	pub, err := key.PublicKey()
	if err != nil {
		return "", botsweep.Errorf(botsweep.EINTERNAL, "labeler key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", botsweep.Errorf(botsweep.EINVALID, "labeler key file: %w", err)
	}
	if _, err := f.WriteString(key.Multibase() + "\n"); err != nil {
		f.Close()
		return "", botsweep.Errorf(botsweep.EINTERNAL, "labeler key file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", botsweep.Errorf(botsweep.EINTERNAL, "labeler key file %s: %w", path, err)
	}
	return pub.DIDKey(), nil
}

// ReadKey reads a key file WriteKey wrote.
func ReadKey(path string) (atcrypto.PrivateKeyExportable, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "labeler key file: %w", err)
	}
	k, err := atcrypto.ParsePrivateMultibase(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "labeler key file %s: %w", path, err)
	}
	return k, nil
}

// Label is a signed label with its position in the labeler's stream.
type Label struct {
	Seq int64
	labeling.Label
}

// Options configure a Labeler.
type Options struct {
	// DID is the labeler's own DID, each label's src. Required.
	DID string
	// Key signs the labels. Required.
	Key atcrypto.PrivateKey
	// Log is the moderation log the labels come from. Required.
	Log botsweep.EventLog
	// Poll is how often subscribeLabels streams look for new events.
	// Default 1s.
	Poll time.Duration
}

// Labeler derives signed labels from the moderation log. It is safe for
// concurrent use.
type Labeler struct {
	opts Options

	mu     sync.Mutex
	labels []Label
	seen   uint64                     // last log Seq read
	held   map[string]map[string]bool // subject -> values in force
	// Skipped counts suspensions whose subject is not a DID (an account
	// of another platform: nothing to label on Bluesky).
	skipped int64
}

// New returns a Labeler; call Sync (Query and the handler do) to read the log.
func New(opts Options) (*Labeler, error) {
	if _, err := syntax.ParseDID(opts.DID); err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "labeler DID %q: %w", opts.DID, err)
	}
	if opts.Key == nil || opts.Log == nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "labeler: Options.Key and Options.Log are required")
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	return &Labeler{opts: opts, held: map[string]map[string]bool{}}, nil
}

// Sync reads the log's events after the last one read and appends their
// labels, signed.
func (l *Labeler) Sync(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	err := l.opts.Log.EachEvent(ctx, func(e *botsweep.ModEvent) error {
		if e.Seq <= l.seen {
			return nil
		}
		l.seen = e.Seq
		return l.apply(e)
	})
	if err != nil {
		return botsweep.Errorf(botsweep.ErrorCode(err), "labeler: read moderation log: %w", err)
	}
	return nil
}

// apply turns one event into labels.
func (l *Labeler) apply(e *botsweep.ModEvent) error {
	switch e.Kind {
	case botsweep.EventSuspend:
		if e.NetworkID == "" {
			return nil // not a network's sweep: no declared value fits
		}
		if _, err := syntax.ParseDID(e.Subject); err != nil {
			l.skipped++
			return nil
		}
		val := ValueInauthenticNetwork
		if strings.HasPrefix(e.Evidence, string(botsweep.RoleAssociated)+" ") {
			val = ValueCoordinated
		}
		if l.held[e.Subject][val] {
			return nil
		}
		if l.held[e.Subject] == nil {
			l.held[e.Subject] = map[string]bool{}
		}
		l.held[e.Subject][val] = true
		return l.add(e.Subject, val, false, e.At)
	case botsweep.EventReinstate:
		vals := l.held[e.Subject]
		for _, v := range Values() {
			if vals[v] {
				delete(vals, v)
				if err := l.add(e.Subject, v, true, e.At); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (l *Labeler) add(subject, val string, neg bool, at time.Time) error {
	lb := labeling.Label{
		CreatedAt: at.UTC().Format("2006-01-02T15:04:05.000Z"), SourceDID: l.opts.DID, URI: subject, Val: val,
		Version: labeling.ATPROTO_LABEL_VERSION,
	}
	if neg {
		t := true
		lb.Negated = &t
	}
	if err := lb.Sign(l.opts.Key); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "labeler: sign: %w", err)
	}
	l.labels = append(l.labels, Label{Seq: int64(len(l.labels) + 1), Label: lb})
	return nil
}

// After returns the labels with Seq greater than cursor, at most limit
// (all when limit <= 0), and the latest Seq.
func (l *Labeler) After(cursor int64, limit int) ([]Label, int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cursor < 0 {
		cursor = 0
	}
	if cursor >= int64(len(l.labels)) {
		return nil, int64(len(l.labels))
	}
	out := l.labels[cursor:]
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return append([]Label(nil), out...), int64(len(l.labels))
}

// Query returns the labels whose uri matches one of patterns (a pattern
// ending in '*' matches as a prefix), from one of sources (any when
// empty), after cursor, at most limit, and the cursor of the next page
// ("" at the end).
func (l *Labeler) Query(patterns, sources []string, cursor int64, limit int) ([]Label, int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Label
	for i := int(max(cursor, 0)); i < len(l.labels); i++ {
		lb := l.labels[i]
		if !matches(lb.URI, patterns) || (len(sources) > 0 && !contains(sources, lb.SourceDID)) {
			continue
		}
		out = append(out, lb)
		if len(out) == limit {
			return out, lb.Seq
		}
	}
	return out, 0
}

func matches(uri string, patterns []string) bool {
	for _, p := range patterns {
		if p == "*" || p == uri || (strings.HasSuffix(p, "*") && strings.HasPrefix(uri, strings.TrimSuffix(p, "*"))) {
			return true
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Skipped returns how many suspensions had no DID to label.
func (l *Labeler) Skipped() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.skipped
}
