package disclosure

import (
	"testing"
)

func TestScrub(t *testing.T) {
	s := newScrubber()
	s.addToken("layla_h4821", "H1")
	s.addToken("1190000000000000101", "H1")
	s.addName("Layla Haddad", "H1")
	s.addName("🌙 Moon", "H2")
	s.addName("🇶🇦🇶🇦", "H3")
	s.addName("Ann", "H4")
	s.finish()
	tests := []struct{ name, in, want string }{
		{"retweet prefix", "RT @layla_h4821: hello", "RT @H1: hello"},
		{"case-insensitive handle", "ask @LAYLA_h4821.", "ask @H1."},
		{"handle in URL", "https://twitter.com/layla_h4821/status/1", "https://twitter.com/H1/status/1"},
		{"id as a word", "user 1190000000000000101 said", "user H1 said"},
		{"id inside a longer number is not the id", "11900000000000001012", "11900000000000001012"},
		{"handle inside a longer word is not the handle", "layla_h48210", "layla_h48210"},
		{"display name", "I am Layla Haddad, hi", "I am H1, hi"},
		{"display name case-insensitive", "LAYLA HADDAD!", "H1!"},
		{"display name not inside a word", "Annual report by Ann.", "Annual report by H4."},
		{"display name starting with emoji", "hi 🌙 Moon here", "hi H2 here"},
		{"display name of emoji only", "🇶🇦🇶🇦 forever", "H3 forever"},
		{"nothing to scrub", "plain text", "plain text"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Scrub(tt.in); got != tt.want {
				t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestListCell(t *testing.T) {
	tests := []struct {
		name  string
		items []string
		want  string
	}{
		{"empty", nil, "[]"},
		{"plain", []string{"a", "b"}, "[a, b]"},
		{"comma quoted", []string{"http://x/?a=1,2", "b"}, `['http://x/?a=1,2', 'b']`},
		{"quote escaped", []string{"it's"}, `['it\'s']`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := listCell(tt.items); got != tt.want {
				t.Errorf("listCell = %s, want %s", got, tt.want)
			}
		})
	}
}
