package score

import (
	"math"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

var probe = time.Date(2019, 5, 17, 0, 0, 0, 0, time.UTC)

func feature(t *testing.T, v []float64, name string) float64 {
	t.Helper()
	i := FeatureIndex(name)
	if i < 0 {
		t.Fatalf("no feature %q", name)
	}
	return v[i]
}

func TestProfileVector(t *testing.T) {
	base := botsweep.Account{
		ID: "1", ScreenName: "mario_rossi", Name: "Mario Rossi",
		CreatedAt: probe.AddDate(0, 0, -100), LastSeen: probe,
		Statuses: 1000, Followers: 50, Friends: 200, Favourites: 10, Listed: 1,
	}
	tests := []struct {
		name   string
		edit   func(a *botsweep.Account)
		opts   ExtractOptions
		checks map[string]float64 // NaN means Missing
	}{
		{
			name: "rates per day of age at the probe time",
			checks: map[string]float64{
				"age_days": 100, "statuses_per_day": 10, "followers_per_day": 0.5, "friends_per_day": 2,
				"followers_friends_ratio": 0.25, "favourites_statuses_ratio": 0.01,
			},
		},
		{
			name: "unknown observation time leaves age and rates missing",
			edit: func(a *botsweep.Account) { a.LastSeen = time.Time{} },
			checks: map[string]float64{
				"age_days": math.NaN(), "statuses_per_day": math.NaN(), "followers_friends_ratio": 0.25,
			},
		},
		{
			name:   "the injected clock stands in for a missing observation time",
			edit:   func(a *botsweep.Account) { a.LastSeen = time.Time{} },
			opts:   ExtractOptions{Now: func() time.Time { return probe.AddDate(0, 0, 100) }},
			checks: map[string]float64{"age_days": 200, "statuses_per_day": 5},
		},
		{
			name: "optional v1.1 fields are missing where the source does not carry them",
			checks: map[string]float64{
				"has_extended_profile": math.NaN(), "geo_enabled": math.NaN(), "has_banner": math.NaN(),
			},
		},
		{
			name: "optional v1.1 fields known and unset",
			edit: func(a *botsweep.Account) {
				a.Known = botsweep.KnownHasExtendedProfile | botsweep.KnownGeoEnabled | botsweep.KnownProfileBanner
			},
			checks: map[string]float64{"has_extended_profile": 0, "geo_enabled": 0, "has_banner": 0},
		},
		{
			name: "optional v1.1 fields known and set, each on its own",
			edit: func(a *botsweep.Account) {
				a.Known = botsweep.KnownGeoEnabled | botsweep.KnownProfileBanner
				a.HasExtendedProfile, a.GeoEnabled, a.ProfileBannerURL = true, true, "https://pbs.twimg.com/profile_banners/1/2"
			},
			checks: map[string]float64{"has_extended_profile": math.NaN(), "geo_enabled": 1, "has_banner": 1},
		},
		{
			name:   "an account younger than a day is rated over one day",
			edit:   func(a *botsweep.Account) { a.CreatedAt = probe.Add(-time.Hour) },
			checks: map[string]float64{"statuses_per_day": 1000},
		},
		{
			name: "handle and name",
			edit: func(a *botsweep.Account) { a.ScreenName = "anna8836251"; a.Name = "anna 2 🌹" },
			checks: map[string]float64{
				"screen_name_length": 11, "screen_name_digits": 7, "screen_name_trailing_digits": 7,
				"name_length": 8, "name_digits": 1, "name_words": 3, "name_non_letters": 1, "name_matches_handle": 0,
			},
		},
		{
			name:   "name contained in handle",
			edit:   func(a *botsweep.Account) { a.Name = "Mario Rossi"; a.ScreenName = "MarioRossi77" },
			checks: map[string]float64{"name_matches_handle": 1},
		},
		{
			name: "bio",
			edit: func(a *botsweep.Account) {
				a.Description = "I am a bot by @maker, see https://example.org #art #gen"
			},
			checks: map[string]float64{
				"description_has_url": 1, "description_mentions": 1, "description_hashtags": 2, "self_declared_bot": 1,
			},
		},
		{
			name:   "robotics is not a bot",
			edit:   func(a *botsweep.Account) { a.Description = "robotics researcher" },
			checks: map[string]float64{"self_declared_bot": 0},
		},
		{
			name:   "handle ending in bot",
			edit:   func(a *botsweep.Account) { a.ScreenName = "weather_bot" },
			checks: map[string]float64{"self_declared_bot": 1},
		},
		{
			name: "flags",
			edit: func(a *botsweep.Account) {
				a.DefaultProfileImage, a.Verified, a.URL, a.Location = true, true, "https://x.org", "Roma"
			},
			checks: map[string]float64{
				"default_profile_image": 1, "verified": 1, "has_url": 1, "has_location": 1, "default_profile": 0, "protected": 0,
			},
		},
		{
			name:   "no posts leaves behaviour missing",
			checks: map[string]float64{"retweet_share": math.NaN(), "burstiness": math.NaN(), "hour_entropy": math.NaN()},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := base
			if tc.edit != nil {
				tc.edit(&a)
			}
			v := ProfileVector(nil, &a, nil, tc.opts)
			if len(v) != len(Features) {
				t.Fatalf("len = %d, want %d", len(v), len(Features))
			}
			for name, want := range tc.checks {
				got := feature(t, v, name)
				if math.IsNaN(want) != math.IsNaN(got) || !math.IsNaN(want) && math.Abs(got-want) > 1e-9 {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
		})
	}
}

func TestHandleLikelihood(t *testing.T) {
	if w, r := handleLikelihood("annarossi"), handleLikelihood("xq7zk2vj9"); !(w > r) {
		t.Errorf("likelihood(annarossi) = %v, not above likelihood(xq7zk2vj9) = %v", w, r)
	}
}

func TestActivityFeatures(t *testing.T) {
	t0 := time.Date(2019, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		posts  func() []botsweep.Post
		checks map[string]float64
	}{
		{
			name: "periodic retweeter of one account",
			posts: func() []botsweep.Post {
				var ps []botsweep.Post
				for i := range 10 {
					ps = append(ps, botsweep.Post{Kind: botsweep.KindRetweet, RetweetOfAccount: "globus",
						CreatedAt: t0.Add(time.Duration(i) * time.Hour), Client: "AutoPoster"})
				}
				return ps
			},
			checks: map[string]float64{
				"retweet_share": 1, "top_retweeted_share": 1, "burstiness": -1, "min_gap_seconds": 3600,
				"top_client_share": 1, "unofficial_client_share": 1, "reply_share": 0,
			},
		},
		{
			name: "mixed originals and replies from the official app",
			posts: func() []botsweep.Post {
				var ps []botsweep.Post
				for i := range 6 {
					k := botsweep.KindOriginal
					if i%2 == 1 {
						k = botsweep.KindReply
					}
					ps = append(ps, botsweep.Post{Kind: k, CreatedAt: t0.Add(time.Duration(i*i) * time.Hour),
						Client: "Twitter for Android", URLs: []string{"https://x.org"}, Hashtags: []string{"a", "b"}})
				}
				return ps
			},
			checks: map[string]float64{
				"retweet_share": 0, "reply_share": 0.5, "top_retweeted_share": math.NaN(),
				"unofficial_client_share": 0, "url_share": 1, "hashtags_per_post": 2,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var act Activity
			for _, p := range tc.posts() {
				act.Add(&p)
			}
			a := botsweep.Account{ID: "1", CreatedAt: t0.AddDate(-1, 0, 0), LastSeen: t0}
			v := ProfileVector(nil, &a, &act, ExtractOptions{})
			for name, want := range tc.checks {
				got := feature(t, v, name)
				if math.IsNaN(want) != math.IsNaN(got) || !math.IsNaN(want) && math.Abs(got-want) > 1e-9 {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
		})
	}
}

func TestFeatureNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Features {
		if seen[f.Name] || f.Doc == "" {
			t.Errorf("feature %q duplicated or undocumented", f.Name)
		}
		seen[f.Name] = true
	}
}

func TestProfileVectorIsBitwiseStable(t *testing.T) {
	// Map iteration order must not reach feature values: trees split
	// between training values, so a last-bit difference can flip a score.
	a := botsweep.Account{ID: "1", ScreenName: "qwertyuiopasdfgh_123", Name: "Zz Yy Xx 🌹",
		Description: "many different letters here", CreatedAt: probe.AddDate(-1, 0, 0), LastSeen: probe}
	want := ProfileVector(nil, &a, nil, ExtractOptions{})
	for range 50 {
		got := ProfileVector(nil, &a, nil, ExtractOptions{})
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%s differs between calls: %v, %v", Features[i].Name, got[i], want[i])
			}
		}
	}
}
