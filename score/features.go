// Package score gives every account a calibrated probability that it is
// automated, with the features behind it.
//
// It has three parts: features computed from an account's profile (and,
// where its posts were ingested, its behaviour); a small pure-Go
// gradient-boosted-trees trainer with deterministic folds and isotonic
// calibration; and a versioned JSON model file, one of which is embedded as
// the default (see Default). docs/SCORE.md describes all three.
package score

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/botsweep/botsweep"
)

// Missing is the value of a feature that cannot be computed for an account
// (behaviour when no posts were ingested, rates when its age is unknown).
// Trees send missing values down a learnt default branch.
var Missing = math.NaN()

// Kind tells how a feature's value is rendered in reasons.
type Kind uint8

// The kinds of feature.
const (
	Numeric Kind = iota // rendered "name high" or "name low" against the training median
	Flag                // 0 or 1; rendered "name" or "no name"
)

// Feature describes one input of the model.
type Feature struct {
	Name string
	Kind Kind
	// Behaviour is true for features computed from posts rather than the
	// profile; they are Missing for accounts without ingested posts.
	Behaviour bool
	// Doc says what the feature is, for docs/SCORE.md.
	Doc string
}

// Features lists every feature in the order of the vectors Extract returns.
// A model file names the features it was trained on; scoring maps them by
// name, so features may be added here without invalidating old models.
var Features = []Feature{
	{Name: "statuses", Doc: "statuses_count"},
	{Name: "followers", Doc: "followers_count"},
	{Name: "friends", Doc: "friends_count (accounts followed)"},
	{Name: "favourites", Doc: "favourites_count (likes given)"},
	{Name: "listed", Doc: "listed_count"},
	{Name: "age_days", Doc: "days from account creation to the observation (probe) time"},
	{Name: "statuses_per_day", Doc: "statuses / max(age_days, 1)"},
	{Name: "followers_per_day", Doc: "followers / max(age_days, 1)"},
	{Name: "friends_per_day", Doc: "friends / max(age_days, 1)"},
	{Name: "favourites_per_day", Doc: "favourites / max(age_days, 1)"},
	{Name: "listed_per_day", Doc: "listed / max(age_days, 1)"},
	{Name: "followers_friends_ratio", Doc: "followers / max(friends, 1)"},
	{Name: "favourites_statuses_ratio", Doc: "favourites / max(statuses, 1)"},
	{Name: "listed_followers_ratio", Doc: "listed / max(followers, 1)"},
	{Name: "screen_name_length", Doc: "characters in the handle"},
	{Name: "screen_name_digits", Doc: "digits in the handle"},
	{Name: "screen_name_entropy", Doc: "Shannon entropy (bits) of the handle's lowercased characters"},
	{Name: "screen_name_likelihood", Doc: "mean log-probability per character of the handle under an English letter-frequency model, digits and underscores 1%, long consonant runs penalised (low = random-looking)"},
	{Name: "screen_name_trailing_digits", Doc: "length of the run of digits that ends the handle"},
	{Name: "name_length", Doc: "characters in the display name"},
	{Name: "name_digits", Doc: "digits in the display name"},
	{Name: "name_words", Doc: "words in the display name"},
	{Name: "name_non_letters", Doc: "display-name characters that are neither letters, digits nor spaces (emoji, symbols)"},
	{Name: "name_matches_handle", Kind: Flag, Doc: "the display name, lowercased without spaces, equals the handle or is contained in it"},
	{Name: "description_length", Doc: "characters in the bio"},
	{Name: "description_has_url", Kind: Flag, Doc: "the bio contains a link"},
	{Name: "description_mentions", Doc: "@-mentions in the bio"},
	{Name: "description_hashtags", Doc: "#hashtags in the bio"},
	{Name: "self_declared_bot", Kind: Flag, Doc: "handle, name or bio declares a bot (\"bot\" as a word or handle suffix)"},
	{Name: "has_url", Kind: Flag, Doc: "the profile has a URL"},
	{Name: "has_location", Kind: Flag, Doc: "the profile has a location"},
	{Name: "default_profile", Kind: Flag, Doc: "the profile theme was never changed"},
	{Name: "default_profile_image", Kind: Flag, Doc: "the avatar is the default egg/silhouette"},
	{Name: "verified", Kind: Flag, Doc: "the account is verified"},
	{Name: "protected", Kind: Flag, Doc: "the account's posts are protected"},
	{Name: "has_extended_profile", Kind: Flag, Doc: "the owner filled in the extended profile (v1.1 has_extended_profile; missing where the source does not carry it)"},
	{Name: "geo_enabled", Kind: Flag, Doc: "the owner turned on locations for posts (v1.1 geo_enabled; missing where the source does not carry it)"},
	{Name: "has_banner", Kind: Flag, Doc: "the profile has a banner (header) image (v1.1 profile_banner_url; missing where the source does not carry it)"},
	{Name: "retweet_share", Behaviour: true, Doc: "share of ingested posts that are retweets"},
	{Name: "reply_share", Behaviour: true, Doc: "share of ingested posts that are replies"},
	{Name: "top_retweeted_share", Behaviour: true, Doc: "share of the account's retweets that go to its most retweeted account"},
	{Name: "burstiness", Behaviour: true, Doc: "(σ-μ)/(σ+μ) of inter-post times: -1 periodic, 0 Poisson, 1 bursty"},
	{Name: "min_gap_seconds", Behaviour: true, Doc: "median of the shortest 10% of inter-post times, in seconds"},
	{Name: "hour_entropy", Behaviour: true, Doc: "Shannon entropy (bits) of posts' UTC hour of day"},
	{Name: "top_client_share", Behaviour: true, Doc: "share of posts sent from the account's most used client app"},
	{Name: "unofficial_client_share", Behaviour: true, Doc: "share of posts from client apps that are not the platform's own web or mobile apps"},
	{Name: "url_share", Behaviour: true, Doc: "share of posts carrying a link"},
	{Name: "hashtags_per_post", Behaviour: true, Doc: "hashtags per post"},
}

// FeatureIndex returns the position of the named feature in Features, or -1.
func FeatureIndex(name string) int {
	for i, f := range Features {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// ExtractOptions configure feature extraction. The zero value is valid.
type ExtractOptions struct {
	// Now is the observation time for accounts whose snapshot carries none
	// (LastSeen zero). Account age is always measured at the time the
	// profile was observed, never at the time of scoring. Default: such
	// accounts get Missing for age and every per-day rate.
	Now botsweep.Clock
	// MinPosts is the least number of ingested posts an account needs for
	// behaviour features; with fewer they are Missing. Default 5.
	MinPosts int
}

// ProfileVector fills dst (len(Features), allocated when nil) with the
// account's features, behaviour taken from act (nil: behaviour Missing).
func ProfileVector(dst []float64, a *botsweep.Account, act *Activity, opts ExtractOptions) []float64 {
	if len(dst) != len(Features) {
		dst = make([]float64, len(Features))
	}
	i := 0
	put := func(v float64) { dst[i] = v; i++ }
	flag := func(b bool) {
		if b {
			put(1)
		} else {
			put(0)
		}
	}
	statuses, followers, friends := float64(a.Statuses), float64(a.Followers), float64(a.Friends)
	favourites, listed := float64(a.Favourites), float64(a.Listed)
	put(statuses)
	put(followers)
	put(friends)
	put(favourites)
	put(listed)

	observed := a.LastSeen
	if observed.IsZero() && opts.Now != nil {
		observed = opts.Now()
	}
	age := Missing
	if !observed.IsZero() && !a.CreatedAt.IsZero() {
		age = max(observed.Sub(a.CreatedAt).Hours()/24, 0)
	}
	put(age)
	for _, c := range []float64{statuses, followers, friends, favourites, listed} {
		if math.IsNaN(age) {
			put(Missing)
		} else {
			put(c / max(age, 1))
		}
	}
	put(followers / max(friends, 1))
	put(favourites / max(statuses, 1))
	put(listed / max(followers, 1))

	sn := a.ScreenName
	put(float64(utf8.RuneCountInString(sn)))
	put(float64(countDigits(sn)))
	put(entropy(strings.ToLower(sn)))
	put(handleLikelihood(sn))
	put(float64(trailingDigits(sn)))

	put(float64(utf8.RuneCountInString(a.Name)))
	put(float64(countDigits(a.Name)))
	put(float64(len(strings.Fields(a.Name))))
	put(float64(countNonLetters(a.Name)))
	flag(nameMatchesHandle(a.Name, sn))

	d := a.Description
	put(float64(utf8.RuneCountInString(d)))
	flag(strings.Contains(d, "http://") || strings.Contains(d, "https://") || strings.Contains(d, "www."))
	put(float64(countPrefixed(d, '@')))
	put(float64(countPrefixed(d, '#')))
	flag(selfDeclaredBot(sn, a.Name, d))
	flag(a.URL != "")
	flag(strings.TrimSpace(a.Location) != "")
	flag(a.DefaultProfile)
	flag(a.DefaultProfileImage)
	flag(a.Verified)
	flag(a.Protected)
	known := func(f botsweep.ProfileFields, b bool) {
		if a.Known.Has(f) {
			flag(b)
		} else {
			put(Missing)
		}
	}
	known(botsweep.KnownHasExtendedProfile, a.HasExtendedProfile)
	known(botsweep.KnownGeoEnabled, a.GeoEnabled)
	known(botsweep.KnownProfileBanner, a.ProfileBannerURL != "")

	minPosts := opts.MinPosts
	if minPosts <= 0 {
		minPosts = 5
	}
	if act == nil || act.Posts < minPosts {
		for i < len(dst) {
			put(Missing)
		}
		return dst
	}
	act.vector(put)
	return dst
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func trailingDigits(s string) int {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] >= '0' && s[i] <= '9'; i-- {
		n++
	}
	return n
}

func countNonLetters(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

func countPrefixed(s string, c byte) int {
	n := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == c && (i == 0 || !isWordByte(s[i-1])) && isWordByte(s[i+1]) {
			n++
		}
	}
	return n
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// entropy is the Shannon entropy in bits of s's runes.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	runes := []rune(s)
	slices.Sort(runes)
	// Counts in rune order, so the sum is the same on every run.
	var counts []int
	for i, r := range runes {
		if i == 0 || r != runes[i-1] {
			counts = append(counts, 0)
		}
		counts[len(counts)-1]++
	}
	n := len(runes)
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

func nameMatchesHandle(name, handle string) bool {
	n := strings.ToLower(strings.Join(strings.Fields(name), ""))
	h := strings.ToLower(handle)
	if n == "" || h == "" {
		return false
	}
	return n == h || (len(n) >= 4 && strings.Contains(h, n))
}

// selfDeclaredBot reports whether the handle ends in "bot" or the name or
// bio uses "bot" (or "robot") as a word.
func selfDeclaredBot(handle, name, desc string) bool {
	h := strings.ToLower(handle)
	if strings.HasSuffix(h, "bot") || strings.HasSuffix(h, "_bot") || strings.HasPrefix(h, "bot_") {
		return true
	}
	for _, s := range []string{name, desc} {
		words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		for _, w := range words {
			if w == "bot" || w == "robot" || w == "bots" || w == "twitterbot" {
				return true
			}
		}
	}
	return false
}

// letterFreq is the frequency (percent) of each letter a-z in English text.
var letterFreq = [26]float64{
	8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.8, 4.0, 2.4,
	6.7, 7.5, 1.9, 0.1, 6.0, 6.3, 9.1, 2.8, 1.0, 2.4, 0.15, 2.0, 0.07,
}

// handleLikelihood is the mean natural-log probability per character of
// the handle under a unigram English letter model in which a digit or an
// underscore has probability 1%, less 0.5 for every consonant beyond the
// third in a run. Random strings score low, names and words high.
func handleLikelihood(s string) float64 {
	if s == "" {
		return 0
	}
	total, n, run := 0.0, 0, 0
	for _, r := range strings.ToLower(s) {
		n++
		switch {
		case r >= 'a' && r <= 'z':
			total += math.Log(letterFreq[r-'a'] / 100)
			if strings.ContainsRune("aeiouy", r) {
				run = 0
			} else if run++; run > 3 {
				total -= 0.5
			}
		default:
			total += math.Log(0.01)
			run = 0
		}
	}
	return total / float64(n)
}
