package store

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/zeebo/xxh3"
)

// The record encodings are compact binary, not JSON, so detection scans
// decode quickly: uvarint-prefixed strings, zig-zag varints for numbers,
// and platform ids packed by shape (decimal ids as a uvarint, lowercase hex
// ids as raw bytes). Every value starts with a version byte.

const codecVersion byte = 1

// accountVersion2 marks an account record that carries the optional
// profile fields (botsweep.Account.Known and the fields it names) after
// Lang. An account without them is still written as version 1, so stores
// and digests of data without those fields are unchanged, and version-1
// records decode with the fields unknown.
const accountVersion2 byte = 2

// accountVersion3 marks an account record that also carries
// botsweep.Account.PlatformStatus and CountsDerived after the version-2
// fields; it is written only when one of them is set.
const accountVersion3 byte = 3

// errCorrupt reports a record that does not decode.
var errCorrupt = errors.New("corrupt record")

// Tags of packed platform ids.
const (
	idEmpty   byte = 0
	idDecimal byte = 1 // canonical decimal uint64: uvarint
	idHex     byte = 2 // lowercase hex of even length: uvarint len, raw bytes
	idRaw     byte = 3 // anything else: uvarint len, bytes
)

// enc appends to a byte slice.
type enc struct{ b []byte }

func (e *enc) byte(c byte) { e.b = append(e.b, c) }
func (e *enc) uvarint(v uint64) {
	e.b = binary.AppendUvarint(e.b, v)
}
func (e *enc) varint(v int64) { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *enc) bool(v bool) {
	if v {
		e.byte(1)
	} else {
		e.byte(0)
	}
}
func (e *enc) float(f float64) { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f)) }

// time encodes the zero time as one 0 byte, any other as 1, seconds, nanos.
func (e *enc) time(t time.Time) {
	if t.IsZero() {
		e.byte(0)
		return
	}
	e.byte(1)
	e.varint(t.Unix())
	e.uvarint(uint64(t.Nanosecond()))
}

// id packs a platform id string by shape.
func (e *enc) id(s string) {
	if v, ok := decimalID(s); ok {
		e.byte(idDecimal)
		e.uvarint(v)
		return
	}
	switch {
	case s == "":
		e.byte(idEmpty)
	case isLowerHex(s):
		e.byte(idHex)
		e.uvarint(uint64(len(s) / 2))
		for i := 0; i < len(s); i += 2 {
			e.b = append(e.b, unhex(s[i])<<4|unhex(s[i+1]))
		}
	default:
		e.byte(idRaw)
		e.str(s)
	}
}

func (e *enc) strs(ss []string) {
	e.uvarint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func isCanonicalDecimal(s string) bool {
	_, ok := decimalID(s)
	return ok
}

// decimalID returns the value of s when it is a canonical decimal (no
// sign, no leading zero) of at most 19 digits, which always fits a
// uint64: the check and the parse in one pass, eight digits at a time
// (a share row's three 19-digit ids made the digit-by-digit loop the
// costliest function of a bulk ingest's writer, ~4.7% of its CPU).
func decimalID(s string) (uint64, bool) {
	if len(s) == 0 || len(s) > 19 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var v uint64
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		d, ok := eightDigits(x)
		if !ok {
			return 0, false
		}
		v = v*100000000 + d
	}
	for ; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + uint64(c)
	}
	return v, true
}

// eightDigits is the value of eight ASCII digits, the first in x's
// lowest byte, and whether all eight are digits ('0' to '9').
func eightDigits(x uint64) (uint64, bool) {
	// A byte is a digit when its high nibble is 3, and still 3 after
	// adding 6 (a byte past '9' carries into the high nibble; a byte of
	// 0xFA or more, whose high nibble is not 3 already, may carry into
	// the next byte, which cannot make the check pass).
	if x&0xF0F0F0F0F0F0F0F0|(x+0x0606060606060606)&0xF0F0F0F0F0F0F0F0>>4 != 0x3333333333333333 {
		return 0, false
	}
	x -= 0x3030303030303030
	x = x*10 + x>>8 // each 16-bit lane: two digits in its low byte
	x = x&0x000000FF000000FF*(100+1000000<<32) + x>>16&0x000000FF000000FF*(1+10000<<32)
	return x >> 32, true
}

func isLowerHex(s string) bool {
	if len(s) < 2 || len(s)%2 != 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}

const hexDigits = "0123456789abcdef"

// dec reads what enc wrote; the first error sticks and later reads return
// zero values.
type dec struct {
	b   []byte
	err error
}

func (d *dec) fail() { d.err = errCorrupt; d.b = nil }

func (d *dec) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *dec) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *dec) str() string { return string(d.bytes()) }
func (d *dec) bool() bool  { return d.byte() != 0 }
func (d *dec) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *dec) time() time.Time {
	if d.byte() == 0 {
		return time.Time{}
	}
	sec := d.varint()
	nsec := d.uvarint()
	if d.err != nil || nsec >= 1e9 {
		d.fail()
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

func (d *dec) id() string {
	switch d.byte() {
	case idEmpty:
		return ""
	case idDecimal:
		return strconv.FormatUint(d.uvarint(), 10)
	case idHex:
		raw := d.bytes()
		out := make([]byte, 2*len(raw))
		for i, c := range raw {
			out[2*i] = hexDigits[c>>4]
			out[2*i+1] = hexDigits[c&15]
		}
		return string(out)
	case idRaw:
		return d.str()
	}
	d.fail()
	return ""
}

func (d *dec) strs() []string {
	n := d.uvarint()
	if n == 0 || n > uint64(len(d.b)) {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

// encodeAccount appends an account record. FirstSeen and LastSeen come
// first so the writer can merge snapshots without decoding the rest.
func encodeAccount(b []byte, a *botsweep.Account) []byte {
	e := enc{b}
	v3 := a.PlatformStatus != "" || a.CountsDerived
	extra := v3 || a.Known != 0 || a.HasExtendedProfile || a.GeoEnabled || a.ProfileBannerURL != ""
	switch {
	case v3:
		e.byte(accountVersion3)
	case extra:
		e.byte(accountVersion2)
	default:
		e.byte(codecVersion)
	}
	e.time(a.FirstSeen)
	e.time(a.LastSeen)
	e.id(a.ID)
	e.str(a.ScreenName)
	e.str(a.Name)
	e.str(a.Description)
	e.str(a.Location)
	e.str(a.URL)
	e.str(a.URLDomain)
	e.str(a.ProfileImageURL)
	e.time(a.CreatedAt)
	e.varint(a.Followers)
	e.varint(a.Friends)
	e.varint(a.Statuses)
	e.varint(a.Favourites)
	e.varint(a.Listed)
	var flags byte
	for i, f := range []bool{a.Verified, a.Protected, a.DefaultProfile, a.DefaultProfileImage} {
		if f {
			flags |= 1 << i
		}
	}
	e.byte(flags)
	e.str(a.Lang)
	if extra {
		e.byte(byte(a.Known))
		flags = 0
		for i, f := range []bool{a.HasExtendedProfile, a.GeoEnabled} {
			if f {
				flags |= 1 << i
			}
		}
		e.byte(flags)
		e.str(a.ProfileBannerURL)
	}
	if v3 {
		e.str(a.PlatformStatus)
		e.bool(a.CountsDerived)
	}
	return e.b
}

// accountSeen decodes only FirstSeen and LastSeen of an account record,
// and hashes the rest of it (the content, times aside).
func accountSeen(v []byte) (first, last time.Time, content uint64, err error) {
	d := dec{b: v}
	ver := d.byte()
	if ver < codecVersion || ver > accountVersion3 {
		return first, last, 0, errCorrupt
	}
	first = d.time()
	last = d.time()
	return first, last, xxh3.HashSeed(d.b, uint64(ver)), d.err
}

func decodeAccount(v []byte, a *botsweep.Account) error {
	d := dec{b: v}
	ver := d.byte()
	if ver < codecVersion || ver > accountVersion3 {
		return errCorrupt
	}
	a.FirstSeen = d.time()
	a.LastSeen = d.time()
	a.ID = d.id()
	a.ScreenName = d.str()
	a.Name = d.str()
	a.Description = d.str()
	a.Location = d.str()
	a.URL = d.str()
	a.URLDomain = d.str()
	a.ProfileImageURL = d.str()
	a.CreatedAt = d.time()
	a.Followers = d.varint()
	a.Friends = d.varint()
	a.Statuses = d.varint()
	a.Favourites = d.varint()
	a.Listed = d.varint()
	flags := d.byte()
	a.Verified = flags&1 != 0
	a.Protected = flags&2 != 0
	a.DefaultProfile = flags&4 != 0
	a.DefaultProfileImage = flags&8 != 0
	a.Lang = d.str()
	a.Known, a.HasExtendedProfile, a.GeoEnabled, a.ProfileBannerURL = 0, false, false, ""
	a.PlatformStatus, a.CountsDerived = "", false
	if ver >= accountVersion2 {
		a.Known = botsweep.ProfileFields(d.byte())
		flags = d.byte()
		a.HasExtendedProfile = flags&1 != 0
		a.GeoEnabled = flags&2 != 0
		a.ProfileBannerURL = d.str()
	}
	if ver == accountVersion3 {
		a.PlatformStatus = d.str()
		a.CountsDerived = d.bool()
	}
	return d.err
}

// encodePost appends a post record; author is the author's dense id (0 in
// the canonical encoding the digest hashes).
func encodePost(b []byte, p *botsweep.Post, author uint32) []byte {
	e := enc{b}
	e.byte(codecVersion)
	e.byte(byte(p.Kind))
	e.b = binary.BigEndian.AppendUint32(e.b, author)
	e.id(p.ID)
	e.id(p.AccountID)
	e.time(p.CreatedAt)
	e.id(p.RetweetOf)
	e.id(p.RetweetOfAccount)
	e.id(p.ReplyTo)
	e.id(p.ReplyToAccount)
	e.id(p.Quotes)
	e.id(p.QuotesAccount)
	e.str(p.Text)
	e.str(p.Lang)
	e.str(p.Client)
	e.strs(p.Hashtags)
	e.strs(p.URLs)
	e.strs(p.Domains)
	e.uvarint(uint64(len(p.Mentions)))
	for _, m := range p.Mentions {
		e.id(m.ID)
		e.str(m.ScreenName)
	}
	e.bool(p.HasGeo)
	if p.HasGeo {
		e.float(p.Latitude)
		e.float(p.Longitude)
	}
	e.varint(p.RetweetCount)
	e.varint(p.LikeCount)
	e.varint(p.ReplyCount)
	e.varint(p.QuoteCount)
	return e.b
}

func decodePost(v []byte, p *botsweep.Post) error {
	d := dec{b: v}
	if d.byte() != codecVersion {
		return errCorrupt
	}
	p.Kind = botsweep.PostKind(d.byte())
	if len(d.b) < 4 {
		return errCorrupt
	}
	d.b = d.b[4:]
	p.ID = d.id()
	p.AccountID = d.id()
	p.CreatedAt = d.time()
	p.RetweetOf = d.id()
	p.RetweetOfAccount = d.id()
	p.ReplyTo = d.id()
	p.ReplyToAccount = d.id()
	p.Quotes = d.id()
	p.QuotesAccount = d.id()
	p.Text = d.str()
	p.Lang = d.str()
	p.Client = d.str()
	p.Hashtags = d.strs()
	p.URLs = d.strs()
	p.Domains = d.strs()
	p.Mentions = nil
	if n := d.uvarint(); n > 0 && n <= uint64(len(d.b)) {
		p.Mentions = make([]botsweep.Mention, n)
		for i := range p.Mentions {
			p.Mentions[i].ID = d.id()
			p.Mentions[i].ScreenName = d.str()
		}
	}
	p.HasGeo = d.bool()
	p.Latitude, p.Longitude = 0, 0
	if p.HasGeo {
		p.Latitude = d.float()
		p.Longitude = d.float()
	}
	p.RetweetCount = d.varint()
	p.LikeCount = d.varint()
	p.ReplyCount = d.varint()
	p.QuoteCount = d.varint()
	return d.err
}

func encodeFollow(b []byte, f botsweep.Follow) []byte {
	e := enc{b}
	e.byte(codecVersion)
	e.id(f.Follower)
	e.id(f.Followee)
	return e.b
}

func decodeFollow(v []byte) (botsweep.Follow, error) {
	d := dec{b: v}
	if d.byte() != codecVersion {
		return botsweep.Follow{}, errCorrupt
	}
	f := botsweep.Follow{Follower: d.id(), Followee: d.id()}
	return f, d.err
}

// Reference records start with their Received time so the digest and the
// writer's duplicate check can skip it.

func encodeOperation(b []byte, o *botsweep.PriorOperation) []byte {
	e := enc{b}
	e.byte(codecVersion)
	e.time(o.Received)
	e.str(o.Name)
	e.str(o.Disclosed)
	e.str(o.Attribution)
	e.bool(o.StateBacked)
	e.strs(o.Indicators.Domains)
	e.strs(o.Indicators.ScreenNames)
	e.strs(o.Indicators.AccountIDs)
	return e.b
}

func decodeOperation(v []byte, o *botsweep.PriorOperation) error {
	d := dec{b: v}
	if d.byte() != codecVersion {
		return errCorrupt
	}
	o.Received = d.time()
	o.Name = d.str()
	o.Disclosed = d.str()
	o.Attribution = d.str()
	o.StateBacked = d.bool()
	o.Indicators.Domains = d.strs()
	o.Indicators.ScreenNames = d.strs()
	o.Indicators.AccountIDs = d.strs()
	return d.err
}

func encodeRegistration(b []byte, r *botsweep.DomainRegistration) []byte {
	e := enc{b}
	e.byte(codecVersion)
	e.time(r.Received)
	e.str(r.Domain)
	e.str(r.Registrant)
	e.time(r.RegisteredAt)
	return e.b
}

func decodeRegistration(v []byte, r *botsweep.DomainRegistration) error {
	d := dec{b: v}
	if d.byte() != codecVersion {
		return errCorrupt
	}
	r.Received = d.time()
	r.Domain = d.str()
	r.Registrant = d.str()
	r.RegisteredAt = d.time()
	return d.err
}

func encodeCampaign(b []byte, c *botsweep.Campaign) []byte {
	e := enc{b}
	e.byte(codecVersion)
	e.time(c.Received)
	e.str(c.Hashtag)
	e.str(c.Emoji)
	e.time(c.Starts)
	e.time(c.Ends)
	e.str(c.Owner)
	e.str(c.Note)
	return e.b
}

func decodeCampaign(v []byte, c *botsweep.Campaign) error {
	d := dec{b: v}
	if d.byte() != codecVersion {
		return errCorrupt
	}
	c.Received = d.time()
	c.Hashtag = d.str()
	c.Emoji = d.str()
	c.Starts = d.time()
	c.Ends = d.time()
	c.Owner = d.str()
	c.Note = d.str()
	return d.err
}

// skipReceived returns a reference value without its version byte and
// Received time: the part that says whether two records are the same.
func skipReceived(v []byte) []byte {
	d := dec{b: v}
	d.byte()
	d.time()
	if d.err != nil {
		return v
	}
	return d.b
}

// reject is a stored reject.
type reject struct {
	File   string
	Line   int64
	Reason string
}

func encodeReject(b []byte, r reject) []byte {
	e := enc{b}
	e.byte(codecVersion)
	e.str(r.File)
	e.varint(r.Line)
	e.str(r.Reason)
	return e.b
}

func decodeReject(v []byte) (reject, error) {
	d := dec{b: v}
	if d.byte() != codecVersion {
		return reject{}, errCorrupt
	}
	r := reject{File: d.str(), Line: d.varint(), Reason: d.str()}
	return r, d.err
}
