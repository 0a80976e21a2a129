package moderation

import (
	"context"
	"fmt"
	"sort"

	"github.com/botsweep/botsweep"
)

// HeadReader is implemented by event logs that also record the sequence
// number and hash of their last event (the head) beside the events, so that
// removing events from the end of the log is detected too.
type HeadReader interface {
	// EventHead returns the recorded head; ok is false when none is recorded.
	EventHead(ctx context.Context) (seq uint64, hash string, ok bool, err error)
}

// The kinds of problem Verify reports.
const (
	ProblemAltered    = "altered"     // the event's content does not match its hash
	ProblemRemoved    = "removed"     // the sequence number is missing from the log
	ProblemReordered  = "reordered"   // the event is stored out of sequence order
	ProblemDuplicate  = "duplicate"   // two stored events carry the same sequence number
	ProblemBrokenLink = "broken-link" // prev_hash does not match the previous event's hash
	ProblemHead       = "head"        // the recorded head disagrees with the last event
)

// Problem is one integrity fault found in the log.
type Problem struct {
	Seq     uint64 `json:"seq"`     // the event the problem is about
	Problem string `json:"problem"` // one of the Problem* kinds
	Detail  string `json:"detail"`  // what is wrong, for a person
}

// String renders the problem as "seq N: kind: detail".
func (p Problem) String() string {
	return fmt.Sprintf("seq %d: %s: %s", p.Seq, p.Problem, p.Detail)
}

// VerifyReport is the outcome of checking a log's hash chain.
type VerifyReport struct {
	OK       bool      `json:"ok"`
	Events   int       `json:"events"`    // events stored
	HeadSeq  uint64    `json:"head_seq"`  // sequence number of the last event
	HeadHash string    `json:"head_hash"` // its hash: publish it to anchor the log
	Problems []Problem `json:"problems"`
}

// Verify reads every event of log and checks the hash chain: each event's
// hash covers its canonical encoding, each links to its predecessor's hash,
// sequence numbers run 1, 2, 3... without gaps in storage order, and the
// last event matches the recorded head where log is a HeadReader. It returns
// every problem it finds; an error only when the log cannot be read.
func Verify(ctx context.Context, log botsweep.EventLog) (*VerifyReport, error) {
	var events []botsweep.ModEvent
	if err := log.EachEvent(ctx, func(e *botsweep.ModEvent) error {
		events = append(events, *e)
		return nil
	}); err != nil {
		return nil, err
	}
	var head *chainHead
	if hr, ok := log.(HeadReader); ok {
		seq, hash, ok, err := hr.EventHead(ctx)
		if err != nil {
			return nil, err
		}
		if ok {
			head = &chainHead{seq, hash}
		}
	}
	return verifyEvents(events, head), nil
}

type chainHead struct {
	seq  uint64
	hash string
}

// verifyEvents checks events in storage order against the chain rules.
func verifyEvents(events []botsweep.ModEvent, head *chainHead) *VerifyReport {
	r := &VerifyReport{Events: len(events), Problems: []Problem{}}
	add := func(seq uint64, kind, format string, args ...any) {
		r.Problems = append(r.Problems, Problem{Seq: seq, Problem: kind, Detail: fmt.Sprintf(format, args...)})
	}
	// Order: every event should sit at the position its seq names.
	bySeq := make(map[uint64]*botsweep.ModEvent, len(events))
	var maxSeq uint64
	sorted := make([]uint64, 0, len(events))
	for i := range events {
		e := &events[i]
		if _, dup := bySeq[e.Seq]; dup {
			add(e.Seq, ProblemDuplicate, "a second event with this sequence number is stored at position %d", i+1)
			continue
		}
		bySeq[e.Seq] = e
		sorted = append(sorted, e.Seq)
		if e.Seq > maxSeq {
			maxSeq = e.Seq
		}
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	// rank of each seq among the stored ones, to tell reordering from gaps.
	rank := make(map[uint64]int, len(sorted))
	for i, s := range sorted {
		rank[s] = i
	}
	seen := make(map[uint64]bool, len(events))
	pos := 0
	for i := range events {
		e := &events[i]
		if seen[e.Seq] {
			continue
		}
		seen[e.Seq] = true
		if rank[e.Seq] != pos {
			add(e.Seq, ProblemReordered, "stored at position %d of the log, after events with higher sequence numbers or before lower ones (expected position %d)", i+1, rank[e.Seq]+1)
		}
		pos++
	}
	// Gaps: sequence numbers never stored.
	last := maxSeq
	if head != nil && head.seq > last {
		last = head.seq
	}
	for s := uint64(1); s <= last; s++ {
		if _, ok := bySeq[s]; ok {
			continue
		}
		if s > maxSeq {
			add(s, ProblemRemoved, "missing from the end of the log (the recorded head is seq %d)", head.seq)
		} else {
			add(s, ProblemRemoved, "missing from the log (the chain jumps from seq %d to seq %d)", prevPresent(bySeq, s), nextPresent(bySeq, s, maxSeq))
		}
	}
	// Hashes and links, in sequence order.
	for _, s := range sorted {
		e := bySeq[s]
		if got := HashEvent(e); got != e.Hash {
			add(s, ProblemAltered, "content does not match its hash (stored %s, computed %s)", short(e.Hash), short(got))
		}
		if s == 1 {
			if e.PrevHash != GenesisHash {
				add(s, ProblemBrokenLink, "first event's prev_hash is %s, not the genesis hash", short(e.PrevHash))
			}
			continue
		}
		prev, ok := bySeq[s-1]
		if !ok {
			continue // reported as removed
		}
		if e.PrevHash != prev.Hash {
			add(s, ProblemBrokenLink, "prev_hash %s does not match seq %d's hash %s (an earlier event was rewritten or replaced)", short(e.PrevHash), s-1, short(prev.Hash))
		}
	}
	if head != nil {
		if maxSeq > head.seq {
			add(head.seq+1, ProblemHead, "events up to seq %d were written after the recorded head (seq %d), outside botsweep", maxSeq, head.seq)
		} else if e, ok := bySeq[head.seq]; ok && e.Hash != head.hash {
			add(head.seq, ProblemHead, "last event's hash %s differs from the recorded head hash %s", short(e.Hash), short(head.hash))
		}
	}
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Seq < r.Problems[j].Seq })
	if len(sorted) > 0 {
		e := bySeq[sorted[len(sorted)-1]]
		r.HeadSeq, r.HeadHash = e.Seq, e.Hash
	}
	r.OK = len(r.Problems) == 0
	return r
}

func nextPresent(bySeq map[uint64]*botsweep.ModEvent, s, max uint64) uint64 {
	for ; s <= max; s++ {
		if _, ok := bySeq[s]; ok {
			return s
		}
	}
	return max
}

func prevPresent(bySeq map[uint64]*botsweep.ModEvent, s uint64) uint64 {
	for s > 0 {
		s--
		if _, ok := bySeq[s]; ok {
			return s
		}
	}
	return 0
}

// short abbreviates a hash for messages.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	if h == "" {
		return "(empty)"
	}
	return h
}
