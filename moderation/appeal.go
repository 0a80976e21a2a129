package moderation

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
)

// AppealRequest files an appeal against an account's suspension.
type AppealRequest struct {
	Account string    // account id (required)
	Actor   string    // who files it: the account holder or their representative (required)
	Note    string    // the appeal's text
	At      time.Time // zero: the clock's now
}

// FileAppeal records an appeal. Only a suspended account can appeal:
// ENOTFOUND for an account the log has no event about, ECONFLICT for one
// reinstated since. Only one appeal per account can be open at a time
// (ECONFLICT otherwise).
func (l *Log) FileAppeal(ctx context.Context, r AppealRequest) (*botsweep.ModEvent, error) {
	if r.Account == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no account given")
	}
	if strings.TrimSpace(r.Actor) == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no actor given (who files the appeal?)")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.suspended[r.Account] {
		if len(l.byAccount[r.Account]) == 0 {
			return nil, botsweep.Errorf(botsweep.ENOTFOUND, "no account %s in the moderation log: it has never been suspended, so there is nothing to appeal", r.Account)
		}
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "account %s is not suspended (reinstated since): nothing to appeal", r.Account)
	}
	if i, ok := l.openAppeal[r.Account]; ok {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "account %s already has an open appeal (seq %d)", r.Account, l.events[i].Seq)
	}
	at, err := l.eventTime(r.At)
	if err != nil {
		return nil, err
	}
	e := botsweep.ModEvent{Kind: botsweep.EventAppealFiled, Actor: r.Actor, At: at, Subject: r.Account, Note: r.Note}
	if s := l.lastSuspension(r.Account); s != nil {
		e.Reason, e.SweepID, e.NetworkID = s.Reason, "", s.NetworkID
		e.Evidence = "appeals suspension seq " + uitoa(s.Seq)
	}
	ev := []botsweep.ModEvent{e}
	if err := l.commit(ctx, ev); err != nil {
		return nil, err
	}
	return &ev[0], nil
}

// ResolveRequest resolves an account's open appeal.
type ResolveRequest struct {
	Account string    // account id (required)
	Actor   string    // the reviewer (required)
	Outcome string    // OutcomeUpheld or OutcomeReinstated (required)
	Note    string    // the reviewer's reasoning
	At      time.Time // zero: the clock's now
}

// ResolveAppeal closes the account's open appeal (ECONFLICT when there is
// none). With OutcomeReinstated it also reinstates the account, in the same
// atomic write, which puts its follows back into every count.
func (l *Log) ResolveAppeal(ctx context.Context, r ResolveRequest) ([]botsweep.ModEvent, error) {
	if r.Account == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no account given")
	}
	if strings.TrimSpace(r.Actor) == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no actor given (who resolves the appeal?)")
	}
	if r.Outcome != botsweep.OutcomeUpheld && r.Outcome != botsweep.OutcomeReinstated {
		return nil, botsweep.Errorf(botsweep.EINVALID, "outcome %q is not %s or %s", r.Outcome, botsweep.OutcomeUpheld, botsweep.OutcomeReinstated)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	i, ok := l.openAppeal[r.Account]
	if !ok {
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "account %s has no open appeal", r.Account)
	}
	filed := l.events[i]
	at, err := l.eventTime(r.At)
	if err != nil {
		return nil, err
	}
	ev := []botsweep.ModEvent{{Kind: botsweep.EventAppealResolved, Actor: r.Actor, At: at, Subject: r.Account,
		Reason: filed.Reason, NetworkID: filed.NetworkID, Outcome: r.Outcome, Note: r.Note,
		Evidence: "resolves appeal seq " + uitoa(filed.Seq)}}
	if r.Outcome == botsweep.OutcomeReinstated && l.suspended[r.Account] {
		ev = append(ev, botsweep.ModEvent{Kind: botsweep.EventReinstate, Actor: r.Actor, At: at, Subject: r.Account,
			Reason: "appeal-granted", NetworkID: filed.NetworkID, Note: r.Note,
			Evidence: "appeal seq " + uitoa(filed.Seq) + " granted"})
	}
	if err := l.commit(ctx, ev); err != nil {
		return nil, err
	}
	return ev, nil
}

func uitoa(u uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			return string(b[i:])
		}
	}
}

// Appeal is an open appeal.
type Appeal struct {
	AccountID string    `json:"account_id"`
	Seq       uint64    `json:"seq"` // of the appeal_filed event
	FiledBy   string    `json:"filed_by"`
	FiledAt   time.Time `json:"filed_at"`
	Note      string    `json:"note,omitempty"`
	SweepID   string    `json:"sweep_id,omitempty"`   // the sweep behind the suspension, if any
	NetworkID string    `json:"network_id,omitempty"` // the network behind it, if any
}

// Appeals returns the open appeals, oldest first.
func (l *Log) Appeals() []Appeal {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Appeal, 0, len(l.openAppeal))
	for acct, i := range l.openAppeal {
		e := &l.events[i]
		a := Appeal{AccountID: acct, Seq: e.Seq, FiledBy: e.Actor, FiledAt: e.At, Note: e.Note, NetworkID: e.NetworkID}
		if s := l.lastSuspension(acct); s != nil {
			a.SweepID = s.SweepID
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}
