// Package naive is the baseline the ingest benchmarks measure against:
// bufio.Scanner and encoding/json.Unmarshal of Twitter API v1.1 tweets into
// a struct of the fields botsweep uses, nothing stored. One definition, so
// the parse benchmark (ingest) and the full-ingest benchmark (store)
// compare with the same thing.
package naive

import (
	"bufio"
	"encoding/json"
	"io"
)

// user, entities and tweet hold the v1.1 fields botsweep uses.
type user struct {
	IDStr                string `json:"id_str"`
	ScreenName           string `json:"screen_name"`
	Name                 string `json:"name"`
	Description          string `json:"description"`
	Location             string `json:"location"`
	URL                  string `json:"url"`
	ProfileImageURLHTTPS string `json:"profile_image_url_https"`
	CreatedAt            string `json:"created_at"`
	Followers            int64  `json:"followers_count"`
	Friends              int64  `json:"friends_count"`
	Statuses             int64  `json:"statuses_count"`
	Favourites           int64  `json:"favourites_count"`
	Listed               int64  `json:"listed_count"`
	Verified             bool   `json:"verified"`
	Protected            bool   `json:"protected"`
	DefaultProfile       bool   `json:"default_profile"`
	DefaultProfileImage  bool   `json:"default_profile_image"`
	Lang                 string `json:"lang"`
	Entities             struct {
		URL struct {
			URLs []struct {
				ExpandedURL string `json:"expanded_url"`
			} `json:"urls"`
		} `json:"url"`
	} `json:"entities"`
}

type entities struct {
	Hashtags []struct {
		Text string `json:"text"`
	} `json:"hashtags"`
	URLs []struct {
		ExpandedURL string `json:"expanded_url"`
	} `json:"urls"`
	UserMentions []struct {
		IDStr      string `json:"id_str"`
		ScreenName string `json:"screen_name"`
	} `json:"user_mentions"`
}

type tweet struct {
	IDStr             string   `json:"id_str"`
	CreatedAt         string   `json:"created_at"`
	Text              string   `json:"text"`
	FullText          string   `json:"full_text"`
	Lang              string   `json:"lang"`
	Source            string   `json:"source"`
	InReplyToStatusID string   `json:"in_reply_to_status_id_str"`
	InReplyToUserID   string   `json:"in_reply_to_user_id_str"`
	QuotedStatusIDStr string   `json:"quoted_status_id_str"`
	User              user     `json:"user"`
	Entities          entities `json:"entities"`
	RetweetedStatus   *tweet   `json:"retweeted_status"`
	QuotedStatus      *tweet   `json:"quoted_status"`
	RetweetCount      int64    `json:"retweet_count"`
	FavoriteCount     int64    `json:"favorite_count"`
	ReplyCount        int64    `json:"reply_count"`
	QuoteCount        int64    `json:"quote_count"`
	Coordinates       *struct {
		Coordinates []float64 `json:"coordinates"`
	} `json:"coordinates"`
}

// DecodeV1 decodes every line of r as a v1.1 tweet and returns how many
// it decoded; the first malformed line stops it with its error.
func DecodeV1(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		var t tweet
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			return n, err
		}
		n++
	}
	return n, sc.Err()
}
