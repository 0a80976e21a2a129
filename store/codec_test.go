package store

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

func TestPackedIDs(t *testing.T) {
	tests := []struct {
		name string
		id   string
		size int // encoded bytes
	}{
		{"empty", "", 1},
		{"decimal", "1190000000000000000", 10},
		{"zero", "0", 2},
		{"leading zero packs as hex", "0123", 4},
		{"20 digits pack as hex", "18446744073709551615", 12},
		{"odd-length digits stay raw", "012", 5},
		{"lowercase hex", "85d2d12251a735ce05255061f7f231e2", 18},
		{"uppercase hex stays raw", "85D2", 6},
		{"odd hex stays raw", "abc", 5},
		{"retweet pair id", "rt:1:2", 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := enc{}
			e.id(tt.id)
			if len(e.b) != tt.size {
				t.Errorf("encoded in %d bytes, want %d", len(e.b), tt.size)
			}
			d := dec{b: e.b}
			if got := d.id(); got != tt.id || d.err != nil || len(d.b) != 0 {
				t.Errorf("decoded %q (%v), want %q", got, d.err, tt.id)
			}
		})
	}
}

func TestCountersRoundTrip(t *testing.T) {
	c := counters{NextAccount: 7, NextPost: 9, Accounts: 6, Profiles: 2, Posts: [4]int64{1, 2, 3, 4}, Follows: 5,
		Rejected: 1, Operations: 2, Registrations: 3, Campaigns: 4,
		FirstPost: time.Date(2019, 1, 1, 0, 0, 0, 5, time.UTC), LastPost: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	var got counters
	if err := got.decode(c.encode(nil)); err != nil || !reflect.DeepEqual(got, c) {
		t.Errorf("got %+v, %v", got, err)
	}
}

// FuzzDecodeRecords feeds arbitrary bytes to every record decoder: a
// corrupt value is an error, never a panic.
func FuzzDecodeRecords(f *testing.F) {
	p := &botsweep.Post{ID: "1", AccountID: "ab", Kind: botsweep.KindQuote, Hashtags: []string{"x"},
		Mentions: []botsweep.Mention{{ID: "2", ScreenName: "y"}}, HasGeo: true, CreatedAt: time.Unix(5, 6)}
	f.Add(encodePost(nil, p, 3))
	f.Add(encodeAccount(nil, &botsweep.Account{ID: "1", ScreenName: "s", FirstSeen: time.Unix(1, 0)}))
	f.Add(encodeAccount(nil, &botsweep.Account{ID: "did:plc:x", PlatformStatus: "takendown", CountsDerived: true}))
	f.Add(encodeFollow(nil, botsweep.Follow{Follower: "1", Followee: "ff"}))
	f.Add(encodeOperation(nil, &botsweep.PriorOperation{Name: "n", Indicators: botsweep.Indicators{Domains: []string{"d"}}}))
	f.Add(encodeCampaign(nil, &botsweep.Campaign{Hashtag: "h"}))
	f.Add(encodeRegistration(nil, &botsweep.DomainRegistration{Domain: "d"}))
	f.Add(encodeReject(nil, reject{File: "f", Line: 3, Reason: "r"}))
	f.Add([]byte{1, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, b []byte) {
		var a botsweep.Account
		var p botsweep.Post
		var o botsweep.PriorOperation
		var r botsweep.DomainRegistration
		var c botsweep.Campaign
		var cs counters
		decodeAccount(b, &a)
		accountSeen(b)
		if decodePost(b, &p) == nil {
			// What decodes re-encodes to a value that decodes the same.
			// Compared by encoding: a NaN coordinate (which no reader
			// produces, but raw bytes can hold) is never DeepEqual to
			// itself.
			var q botsweep.Post
			enc := encodePost(nil, &p, 0)
			if err := decodePost(enc, &q); err != nil || !bytes.Equal(encodePost(nil, &q, 0), enc) {
				t.Errorf("post does not round-trip: %+v / %+v (%v)", p, q, err)
			}
		}
		decodeFollow(b)
		decodeOperation(b, &o)
		decodeRegistration(b, &r)
		decodeCampaign(b, &c)
		decodeReject(b)
		cs.decode(b)
		skipReceived(b)
	})
}

// TestAccountRoundTrip: accounts with and without the optional profile
// fields round-trip; without them the record stays version 1, byte for byte
// what botsweep wrote before those fields existed, so old stores decode and
// digests of data without them do not change.
func TestAccountRoundTrip(t *testing.T) {
	base := botsweep.Account{ID: "548707617", ScreenName: "s", Name: "n", Description: "d", Location: "l",
		URL: "https://x.example/", URLDomain: "x.example", ProfileImageURL: "i", CreatedAt: time.Unix(1333909945, 0).UTC(),
		Followers: 582, Friends: 499, Statuses: 33761, Favourites: 3087, Listed: 3, Verified: true, DefaultProfile: true,
		Lang: "it", FirstSeen: time.Unix(1558091919, 0).UTC(), LastSeen: time.Unix(1558091919, 0).UTC()}
	// A version-1 record as written before the optional fields existed.
	old := []byte{0x1, 0x1, 0x9e, 0xe2, 0xf4, 0xcd, 0xb, 0x0, 0x1, 0x9e, 0xe2, 0xf4, 0xcd, 0xb, 0x0, 0x1, 0xa1, 0xba, 0xd2, 0x85, 0x2,
		0x1, 's', 0x1, 'n', 0x1, 'd', 0x1, 'l', 0x12, 'h', 't', 't', 'p', 's', ':', '/', '/', 'x', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '/',
		0x9, 'x', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x1, 'i', 0x1, 0xf2, 0xe6, 0x8e, 0xf8, 0x9, 0x0,
		0x8c, 0x9, 0xe6, 0x7, 0xc2, 0x8f, 0x4, 0x9e, 0x30, 0x6, 0x5, 0x2, 'i', 't'}
	if got := encodeAccount(nil, &base); !reflect.DeepEqual(got, old) {
		t.Errorf("account without optional fields encodes as\n%#v\nwant the version-1 bytes\n%#v", got, old)
	}
	var a botsweep.Account
	if err := decodeAccount(old, &a); err != nil || !reflect.DeepEqual(a, base) {
		t.Errorf("version-1 record decodes to %+v, %v; want %+v", a, err, base)
	}

	for _, tc := range []botsweep.Account{
		{Known: botsweep.KnownHasExtendedProfile | botsweep.KnownGeoEnabled | botsweep.KnownProfileBanner,
			HasExtendedProfile: true, GeoEnabled: true, ProfileBannerURL: "https://pbs.twimg.com/profile_banners/548707617/1467574670"},
		{Known: botsweep.KnownHasExtendedProfile | botsweep.KnownGeoEnabled | botsweep.KnownProfileBanner}, // all known, all false
		{Known: botsweep.KnownGeoEnabled, GeoEnabled: true},
		{PlatformStatus: "takendown"},
		{CountsDerived: true},
		{PlatformStatus: "deactivated", CountsDerived: true, Known: botsweep.KnownGeoEnabled},
	} {
		want := base
		want.Known, want.HasExtendedProfile, want.GeoEnabled, want.ProfileBannerURL = tc.Known, tc.HasExtendedProfile, tc.GeoEnabled, tc.ProfileBannerURL
		want.PlatformStatus, want.CountsDerived = tc.PlatformStatus, tc.CountsDerived
		b := encodeAccount(nil, &want)
		wantVer := accountVersion2
		if tc.PlatformStatus != "" || tc.CountsDerived {
			wantVer = accountVersion3
		}
		if b[0] != wantVer {
			t.Errorf("account %+v has version %d, want %d", tc, b[0], wantVer)
		}
		// Decoding into a used Account clears what the record lacks.
		got := botsweep.Account{ProfileBannerURL: "stale", Known: 255, PlatformStatus: "stale", CountsDerived: true}
		if err := decodeAccount(b, &got); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, %v; want %+v", got, err, want)
		}
		if first, last, _, err := accountSeen(b); err != nil || !first.Equal(want.FirstSeen) || !last.Equal(want.LastSeen) {
			t.Errorf("accountSeen = %v, %v, %v", first, last, err)
		}
		// A version-1 record decoded into a used Account: optional fields unknown.
		if err := decodeAccount(old, &got); err != nil || !reflect.DeepEqual(got, base) {
			t.Errorf("version-1 record after a version-2 one decodes to %+v, %v", got, err)
		}
	}
	if err := decodeAccount(append([]byte{4}, old[1:]...), &a); err == nil {
		t.Error("unknown record version decodes")
	}
}

// TestDecimalID checks the one-pass decimal id parse against the rule it
// stands for: canonical decimals of at most 19 digits, parsed as
// strconv.ParseUint does.
func TestDecimalID(t *testing.T) {
	// Random digit strings of every length, some with one byte replaced
	// (the eight-at-a-time check must see it wherever it is).
	r := rand.New(rand.NewPCG(14, 1))
	var cases []string
	for n := 1; n <= 21; n++ {
		for k := 0; k < 200; k++ {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte('0' + r.IntN(10))
			}
			if k%2 == 1 {
				b[r.IntN(n)] = byte(r.IntN(256))
			}
			cases = append(cases, string(b))
		}
	}
	for _, s := range append(cases, []string{
		"", "0", "7", "00", "01", "10", "1234567890123456789", "9999999999999999999",
		"12345678901234567890", "-1", "+1", "1a", "a1", "12 ", "1.5", "1190000000000000000/1190000000000000001",
		"\x00", "٣", "18446744073709551615",
		"12345678", "123456789", "1234567/", "1234567:", "1234\xfa678", "12345678\xff", "1\xfa\xff45678901",
	}...) {
		v, ok := decimalID(s)
		want := len(s) > 0 && len(s) <= 19 && (s[0] != '0' || len(s) == 1)
		for i := 0; want && i < len(s); i++ {
			want = s[i] >= '0' && s[i] <= '9'
		}
		if ok != want {
			t.Errorf("decimalID(%q) ok %v, want %v", s, ok, want)
			continue
		}
		if ok {
			if w, err := strconv.ParseUint(s, 10, 64); err != nil || v != w {
				t.Errorf("decimalID(%q) = %d, want %d (%v)", s, v, w, err)
			}
		}
	}
}
