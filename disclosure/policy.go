// Package disclosure writes the information-operations archive of a
// takedown: the users and tweets CSVs in the platform's column lists, a
// README for the release and a zip of each file. Accounts with fewer than
// 5,000 followers are replaced everywhere by a keyed hash of their id. A
// release policy decides which networks may be disclosed at all; see
// docs/DISCLOSURE.md.
package disclosure

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/attribution"
)

// Policy decides which swept networks may be released.
type Policy string

// The release policies.
const (
	// PolicyStateBacked releases only networks whose attribution
	// establishes state backing (a high-confidence chain to an operation
	// marked state backed). The default.
	PolicyStateBacked Policy = "state-backed"
	// PolicyAnySwept releases any swept network, for research data sharing.
	PolicyAnySwept Policy = "any-swept"
)

// ParsePolicy returns the policy named s; "" is the default, state-backed.
func ParsePolicy(s string) (Policy, error) {
	switch Policy(strings.TrimSpace(s)) {
	case "", PolicyStateBacked:
		return PolicyStateBacked, nil
	case PolicyAnySwept:
		return PolicyAnySwept, nil
	}
	return "", botsweep.Errorf(botsweep.EINVALID, "unknown release policy %q: use %q or %q", s, PolicyStateBacked, PolicyAnySwept)
}

// Describe says what the policy releases, for the README.
func (p Policy) Describe() string {
	if p == PolicyAnySwept {
		return "any-swept: any network taken down in a sweep is released, whatever its attribution (research data sharing)."
	}
	return "state-backed: only networks whose attribution establishes state backing (a high-confidence evidence chain to a prior operation marked state backed) are released."
}

// Enforcement is what the moderation log says about networks and
// accounts: which networks a sweep suspended accounts of, and each
// account's current status.
type Enforcement struct {
	sweeps map[string][]string        // network id -> sweep ids, in log order
	status map[string]botsweep.Status // account id -> current status
}

// NewEnforcement builds an Enforcement from sweeps and a status function
// (such as moderation's (*Log).Status). A nil status treats every account
// a sweep listed as suspended.
func NewEnforcement(sweeps []botsweep.Sweep, status func(accountID string) botsweep.Status) *Enforcement {
	e := &Enforcement{sweeps: make(map[string][]string), status: make(map[string]botsweep.Status)}
	for _, s := range sweeps {
		for _, n := range s.Networks {
			e.sweeps[n] = appendOnce(e.sweeps[n], s.ID)
		}
		for _, a := range s.Accounts {
			st := botsweep.StatusSuspended
			if status != nil {
				st = status(a)
			}
			e.status[a] = st
		}
	}
	return e
}

// EnforcementFromEvents folds a moderation event log: a suspend event
// suspends its subject and marks its network swept; a reinstate event, or
// an appeal resolved with outcome "reinstated", makes it active again.
func EnforcementFromEvents(ctx context.Context, log botsweep.EventLog) (*Enforcement, error) {
	e := &Enforcement{sweeps: make(map[string][]string), status: make(map[string]botsweep.Status)}
	err := log.EachEvent(ctx, func(ev *botsweep.ModEvent) error {
		switch ev.Kind {
		case botsweep.EventSuspend:
			e.status[ev.Subject] = botsweep.StatusSuspended
			if ev.NetworkID != "" {
				id := ev.SweepID
				if id == "" {
					id = fmt.Sprintf("event-%d", ev.Seq)
				}
				e.sweeps[ev.NetworkID] = appendOnce(e.sweeps[ev.NetworkID], id)
			}
		case botsweep.EventReinstate:
			e.status[ev.Subject] = botsweep.StatusActive
		case botsweep.EventAppealResolved:
			if ev.Outcome == "reinstated" {
				e.status[ev.Subject] = botsweep.StatusActive
			}
		}
		return nil
	})
	if err != nil {
		if botsweep.ErrorCode(err) == botsweep.EINTERNAL {
			return nil, botsweep.Errorf(botsweep.EINTERNAL, "read moderation log: %w", err)
		}
		return nil, err
	}
	return e, nil
}

func appendOnce(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// Swept returns the ids of the sweeps that suspended accounts of network id.
func (e *Enforcement) Swept(id string) []string { return e.sweeps[id] }

// Suspended reports whether the account is suspended now.
func (e *Enforcement) Suspended(accountID string) bool {
	return e.status[accountID] == botsweep.StatusSuspended
}

// Select returns the networks named by ids from all, in the order given,
// after the release rules: every id must name a stored network; a network
// that no sweep suspended is never released; under PolicyStateBacked a
// network whose attribution does not establish state backing is refused.
// Nothing is selected unless every network passes. A refusal is an
// EFORBIDDEN error naming the rule and the reason for each network.
func Select(all []botsweep.Network, ids []string, enf *Enforcement, policy Policy) ([]botsweep.Network, error) {
	if len(ids) == 0 {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no network to release: name at least one with --network ID")
	}
	if _, err := ParsePolicy(string(policy)); err != nil {
		return nil, err
	}
	if policy == "" {
		policy = PolicyStateBacked
	}
	byID := make(map[string]int, len(all))
	for i := range all {
		byID[all[i].ID] = i
	}
	var out []botsweep.Network
	var missing, refusals []string
	seen := make(map[string]bool)
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		i, ok := byID[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		n := all[i]
		if len(enf.Swept(id)) == 0 {
			refusals = append(refusals, fmt.Sprintf("network %s refused by rule \"never release an unswept network\": no sweep has suspended its accounts", id))
			continue
		}
		if policy == PolicyStateBacked && !(n.StateBacked && attribution.EstablishesStateBacking(n.Attribution)) {
			refusals = append(refusals, fmt.Sprintf("network %s refused by policy %q: its attribution does not establish state backing (%s); to share it for research use --policy %s",
				id, PolicyStateBacked, strings.TrimSuffix(attribution.Statement(&n), "."), PolicyAnySwept))
			continue
		}
		out = append(out, n)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, botsweep.Errorf(botsweep.ENOTFOUND, "network %s not found in the store (run botsweep detect, and check the id in networks.json)", strings.Join(missing, ", "))
	}
	if len(refusals) > 0 {
		return nil, botsweep.Errorf(botsweep.EFORBIDDEN, "release refused, nothing written: %s", strings.Join(refusals, "; "))
	}
	return out, nil
}

// attributionStatement is the network's attribution in one sentence.
func attributionStatement(n *botsweep.Network) string { return attribution.Statement(n) }
