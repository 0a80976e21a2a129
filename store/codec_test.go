package store

import (
	"reflect"
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
			var q botsweep.Post
			if err := decodePost(encodePost(nil, &p, 0), &q); err != nil || !reflect.DeepEqual(p, q) {
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
