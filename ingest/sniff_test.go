package ingest

import (
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name string
		head string
		want Format // "" means an EINVALID error
	}{
		{"v1 tweet", goodTweetA + "\n", FormatTwitterV1},
		{"v1 user object", `{"id":1,"id_str":"1","screen_name":"x"}`, FormatTwitterV1},
		{"v1 probe line", `{"created_at": "Fri May 17 11:18:39 +0000 2019", "user": {"id": 1}}`, FormatTwitterV1},
		{"v1 stream notice first", `{"delete":{"status":{"id":1}}}` + "\n" + goodTweetA, FormatTwitterV1},
		{"v1 truncated head", goodTweetA[:78], FormatTwitterV1},
		{"v1 leading blank lines and BOM", "\uFEFF\n\n  " + goodTweetA, FormatTwitterV1},
		{"v1 key only nested", `{"user":{"text":"x"},"created_at":"x"}`, FormatTwitterV1},
		{"profile probes array", `[{"created_at": "Fri May 17 11:18:39 +0000 2019", "user": {"id": 1}}]`, FormatProfileProbes},
		{"profile probes pretty", "[\n  {\n    \"user\": {\"id\": 1},\n    \"created_at\": \"x\"", FormatProfileProbes},
		{"array of tweets", "[" + goodTweetA + "]", FormatTwitterV1},
		{"twarc2 page", `{"data":[{"id":"1","author_id":"2","text":"x"}],"includes":{"users":[]}}`, FormatTwarc2},
		{"twarc2 flattened", `{"id":"1","author_id":"2","text":"x","created_at":"2021-01-01T00:00:00Z"}`, FormatTwarc2},
		{"prior operations", `[{"name":"x","disclosed":"2018","attribution":"y","state_backed":true,"indicators":{}}]`, FormatPriorOperations},
		{"campaigns", `[{"hashtag":"TakeBackDay","emoji":"💊","starts":"2019-10-20T00:00:00Z","ends":"2019-10-27T00:00:00Z"}]`, FormatCampaigns},
		{"follows", "follower_id,followee_id\n1,2\n", FormatFollows},
		{"follows CRLF quoted BOM", "\uFEFF\"follower_id\",\"followee_id\"\r\n\"1\",\"2\"\r\n", FormatFollows},
		{"follows column order", "followee_id,follower_id\n", FormatFollows},
		{"shares", `"object_id","account_id","content_id","timestamp_share"` + "\n", FormatShares},
		{"retweet pairs", "retweeted_id,user_id\n1,2\n", FormatRetweetPairs},
		{"domain registrations", "domain,registrant,registered_at\n", FormatDomainRegistrations},
		{"io users", "userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language\n", FormatIOUsers},
		{"io tweets", "tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,retweet_count,hashtags,urls,user_mentions,poll_choices\n", FormatIOTweets},
		{"header case and spaces", " Follower_ID , Followee_ID \n", FormatFollows},

		{"empty", "", ""},
		{"white space", " \n\t", ""},
		{"empty array", "[ ]", ""},
		{"array of numbers", "[1,2,3]", ""},
		{"unknown object", `{"foo":1,"bar":{"text":"x"}}`, ""},
		{"unknown array object", `[{"foo":1}]`, ""},
		{"unknown CSV", "a,b,c\n", ""},
		{"partial shares header", "object_id,account_id\n", ""},
		{"voterfraud users", "user_id,user_community,user_active_status,closeness_centrality_detractor_cluster\n", ""},
		{"caverlee TSV", "6301\t2006-09-18 01:07:50\t2009-11-20 23:52:41\t3\t28\t6\t9\t0\n", ""},
		{"plain text", "hello, world\n", ""},
		{"gzip magic", "\x1f\x8b\x08\x00", ""},
		{"binary", "\x00\x01\x02,\x03", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Sniff([]byte(tc.head))
			if tc.want == "" {
				if botsweep.ErrorCode(err) != botsweep.EINVALID || !strings.Contains(err.Error(), "twitter-v1, profile-probes, twarc2") {
					t.Fatalf("Sniff = %q, %v; want an EINVALID error naming the formats", got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Sniff = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if got, err := ParseFormat(""); err != nil || got != FormatAuto {
		t.Errorf("ParseFormat(\"\") = %q, %v", got, err)
	}
	if _, err := ParseFormat("csv"); botsweep.ErrorCode(err) != botsweep.EINVALID {
		t.Errorf("ParseFormat(csv) err = %v", err)
	}
}
