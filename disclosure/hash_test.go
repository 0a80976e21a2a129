package disclosure

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestText: free text is rebuilt by token; identifiers of hashed accounts
// become their stand-ins, never inside other words or numbers.
func TestText(t *testing.T) {
	h := NewHasher([]byte("a test key of thirty-two bytes or more"))
	r := newResolver(h)
	r.add("1190000000000000101", "layla_h4821", "Layla Haddad", 12, true, DefaultHashBelow)
	r.add("12", "twelve_acct", "Short Id Person", 40, true, DefaultHashBelow)
	r.add("77", "globusnews", "Globus", 3, true, DefaultHashBelow)
	r.add("99", "BigNews", "Big News Desk", 90000, true, DefaultHashBelow)
	r.add("5", "annie_b", "Ann", 3, true, DefaultHashBelow)
	r.addMember("4242", "unprofiled_9")
	r.finish()
	L, T, G, U := h.ID("1190000000000000101"), h.ID("12"), h.ID("77"), h.ID("4242")
	tests := []struct{ name, in, want string }{
		{"retweet prefix", "RT @layla_h4821: hello", "RT @" + L + ": hello"},
		{"case-insensitive handle", "ask @LAYLA_h4821.", "ask @" + L + "."},
		{"handle in a profile URL", "https://twitter.com/layla_h4821/status/1", "https://twitter.com/" + L + "/status/1"},
		{"handle in a bare x.com URL", "see x.com/Layla_H4821", "see x.com/" + L},
		{"id in an i/user URL", "https://twitter.com/i/user/12", "https://twitter.com/i/user/" + T},
		{"identified account kept", "RT @BigNews: https://twitter.com/BigNews", "RT @BigNews: https://twitter.com/BigNews"},
		{"long id as a word", "user 1190000000000000101 said", "user " + L + " said"},
		{"short id as a word", "account 12.", "account " + T + "."},
		{"short id inside a date", "on 2026-12-02 at 12:30", "on 2026-12-02 at 12:30"},
		{"short id as a percentage", "12% off, $12, 12.5 and 3/12", "12% off, $12, 12.5 and 3/12"},
		{"id inside a longer number", "11900000000000001012", "11900000000000001012"},
		{"handle inside a longer word", "layla_h48210", "layla_h48210"},
		{"handle as a bare word", "follow layla_h4821 now", "follow " + L + " now"},
		{"plain-word handle as a word is a word", "globusnews reports", "globusnews reports"},
		{"plain-word handle in a URL host is kept", "https://globusnews.com/a and globusnews.com", "https://globusnews.com/a and globusnews.com"},
		{"plain-word handle in another site's path", "https://instagram.com/globusnews/ and https://globusnews.com/about", "https://instagram.com/" + G + "/ and https://globusnews.com/about"},
		{"plain-word handle as a mention", "@globusnews said", "@" + G + " said"},
		{"member without a profile", "@unprofiled_9 and unprofiled_9", "@" + U + " and " + U},
		{"unknown handle", "@nobody_here", "@" + h.Handle("nobody_here")},
		{"email is not a mention, its handle-like domain label is a word", "mail layla@layla_h4821.com", "mail layla@" + L + ".com"},
		{"handle-like host of another site", "https://layla_h4821.example.com/about", "https://" + L + ".example.com/about"},
		{"numbers in another site's URL are that site's", "https://news.example.com/12?id=12", "https://news.example.com/12?id=12"},
		{"display name", "I am Layla Haddad, hi", "I am " + L + ", hi"},
		{"display name case-insensitive", "LAYLA HADDAD!", L + "!"},
		{"single-word display name is a word", "Ann and Annual and Globus", "Ann and Annual and Globus"},
		{"display name of an identified account", "Big News Desk", "Big News Desk"},
		{"nothing to rebuild", "plain text 🌙", "plain text 🌙"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.text(tt.in); got != tt.want {
				t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.want)
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

// FuzzText: rebuilding any text never panics, keeps valid UTF-8 valid, and
// leaves no handle-like handle or id of a hashed account as a word.
func FuzzText(f *testing.F) {
	for _, s := range []string{
		"RT @layla_h4821: hi", "https://twitter.com/layla_h4821/status/1", "2026-12-02 12% off $12",
		"id 1190000000000000101.", "Layla Haddad says", "x.com/i/user/12", "@@layla_h4821@", "\xff@layla_h4821",
		"https://layla_h4821.example.com/@layla_h4821?u=layla_h4821", "é@layla_h4821 ñ",
	} {
		f.Add(s)
	}
	h := NewHasher([]byte("a fuzzing key of thirty-two bytes or more"))
	r := newResolver(h)
	r.add("1190000000000000101", "layla_h4821", "Layla Haddad", 12, true, DefaultHashBelow)
	r.add("12", "twelve_acct", "Short Id", 40, true, DefaultHashBelow)
	r.add("99", "BigNews", "Big News", 90000, true, DefaultHashBelow)
	r.finish()
	f.Fuzz(func(t *testing.T, s string) {
		out := r.text(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("text(%q) = %q: invalid UTF-8", s, out)
		}
		for i := 0; i < len(out); {
			j, k := nextWord(out, i)
			if j < 0 {
				break
			}
			w := strings.ToLower(out[j:k])
			if w == "layla_h4821" || w == "twelve_acct" || w == "1190000000000000101" {
				t.Fatalf("text(%q) = %q keeps %q", s, out, w)
			}
			i = k
		}
	})
}

// FuzzReadKeyFile: any file content gives an error or a key of the
// allowed size without trailing line breaks.
func FuzzReadKeyFile(f *testing.F) {
	f.Add([]byte("x\n"))
	f.Add([]byte(strings.Repeat("k", 40) + "\r\n"))
	f.Add([]byte("\n\n\n"))
	f.Add(make([]byte, MaxKeyFileBytes+1))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content []byte) {
		p := filepath.Join(dir, "key")
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		key, err := ReadKeyFile(p, KeyFileOptions{})
		if err != nil {
			return
		}
		if len(key) < MinKeyBytes || len(key) > MaxKeyFileBytes || key[len(key)-1] == '\n' || key[len(key)-1] == '\r' {
			t.Fatalf("content %q gave key %q", content, key)
		}
	})
}
