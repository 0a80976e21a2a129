package moderation

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"

	"github.com/botsweep/botsweep"
)

// GenesisHash is the PrevHash of the first event of every log: 64 zeros.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// chainTag starts every hashed encoding, so the format can be versioned.
const chainTag = "botsweep-modevent-v1"

// Canonical returns the canonical byte encoding of e that its hash covers:
// the tag "botsweep-modevent-v1", then the sequence number as 8 big-endian
// bytes, then kind, actor, time (RFC 3339 with nanoseconds, UTC), reason,
// subject, sweep id, network id, evidence, note, outcome and the previous
// hash, each as a uvarint length followed by its UTF-8 bytes. The Hash
// field itself is not covered.
func Canonical(e *botsweep.ModEvent) []byte {
	buf := make([]byte, 0, 256)
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	str(chainTag)
	buf = binary.BigEndian.AppendUint64(buf, e.Seq)
	str(string(e.Kind))
	str(e.Actor)
	str(e.At.UTC().Format(time.RFC3339Nano))
	str(e.Reason)
	str(e.Subject)
	str(e.SweepID)
	str(e.NetworkID)
	str(e.Evidence)
	str(e.Note)
	str(e.Outcome)
	str(e.PrevHash)
	return buf
}

// HashEvent returns the lowercase hex SHA-256 of e's canonical encoding.
func HashEvent(e *botsweep.ModEvent) string {
	sum := sha256.Sum256(Canonical(e))
	return hex.EncodeToString(sum[:])
}

// seal sets e's sequence number, previous hash and hash, normalising its
// time to UTC without a monotonic reading.
func seal(e *botsweep.ModEvent, seq uint64, prev string) {
	e.Seq = seq
	e.At = e.At.UTC().Round(0)
	e.PrevHash = prev
	e.Hash = HashEvent(e)
}
