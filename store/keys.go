package store

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
)

// Sub-namespaces and keys of the record side (see the package doc):
//
//	M "records"                          counters (see counters)
//	I 'a' <account id>                   -> dense account id (4 bytes BE)
//	I 'A' <dense account id>             -> account id
//	I 'p' <post id>                      -> dense post id (4 bytes BE), kind (1 byte)
//	I 's' <lowercase screen name> 0x00 <dense account id> -> empty (may be stale: check the record)
//	a <dense account id>                 -> account profile
//	p <kind> <dense post id>             -> post (all retweets are one range)
//	f <dense follower> <dense followee>  -> follow
//	r 'o' <sha256(name)[:16]>            -> prior operation
//	r 'd' <sha256(domain,registrant,registered_at)[:16]> -> domain registration
//	r 'c' <sha256(hashtag,emoji,starts,ends)[:16]>       -> campaign
//	x 'r' <file key (16)> <line (8 BE)> <sha256(reason)[:4]> -> reject
//
// The file key of a reject is the SHA-256 of the file's first 64 KiB (raw,
// before gunzip) with its size class, so the same bad file ingested again,
// under any name or from stdin, does not count its rejects twice.
const (
	subAccountID   byte = 'a'
	subAccountRev  byte = 'A'
	subPostID      byte = 'p'
	subScreenName  byte = 's'
	refOperation   byte = 'o'
	refRegistation byte = 'd'
	refCampaign    byte = 'c'
	subReject      byte = 'r'
	subRejectCount byte = 'c' // x 'c' <file key> -> rejects past the detail limit (8 bytes BE)
)

var countersKey = []byte{nsMeta, 'r', 'e', 'c', 'o', 'r', 'd', 's'}

func appendU32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }

func internKey(b []byte, sub byte, id string) []byte {
	b = append(b, nsIntern, sub)
	return append(b, id...)
}

func reverseKey(b []byte, sub byte, dense uint32) []byte {
	return appendU32(append(b, nsIntern, sub), dense)
}

func screenNameKey(b []byte, screen string, dense uint32) []byte {
	b = append(b, nsIntern, subScreenName)
	b = append(b, strings.ToLower(screen)...)
	b = append(b, 0)
	return appendU32(b, dense)
}

func accountKey(b []byte, dense uint32) []byte { return appendU32(append(b, nsAccount), dense) }

func postKey(b []byte, kind byte, dense uint32) []byte {
	return appendU32(append(b, nsPost, kind), dense)
}

func followKey(b []byte, follower, followee uint32) []byte {
	return appendU32(appendU32(append(b, nsFollow), follower), followee)
}

// refKey keys a reference record by the hash of its identifying fields.
func refKey(sub byte, parts ...string) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return append([]byte{nsReference, sub}, h.Sum(nil)[:16]...)
}

// FileKey identifies an input file for reject bookkeeping: the SHA-256 of
// its first bytes (Writer.BeginFile hashes up to HeadBytes of them).
type FileKey [16]byte

// HeadBytes is how much of a file's start identifies it (see FileKey).
const HeadBytes = 64 << 10

// NewFileKey returns the key of a file whose first bytes (up to HeadBytes)
// are head.
func NewFileKey(head []byte) FileKey {
	if len(head) > HeadBytes {
		head = head[:HeadBytes]
	}
	sum := sha256.Sum256(head)
	var k FileKey
	copy(k[:], sum[:])
	return k
}

func rejectKey(b []byte, file FileKey, line int64, reason string) []byte {
	b = append(b, nsReject, subReject)
	b = append(b, file[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(line))
	sum := sha256.Sum256([]byte(reason))
	return append(b, sum[:4]...)
}
