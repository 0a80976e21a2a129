package ingest

import (
	"strings"
	"testing"
)

// TestCheckID covers each reason checkID gives, for ids that start with
// digits (its fast path) and ids that do not.
func TestCheckID(t *testing.T) {
	for _, tc := range []struct {
		id, want string // want: a substring of the reason, "" for valid
	}{
		{"", ""},
		{"0", ""},
		{"1234567890123456789", ""},
		{strings.Repeat("9", maxDigits), ""},
		{strings.Repeat("9", maxDigits+1), "digits; numeric ids have at most"},
		{"1190000000000000000/1190000000000000001", ""},
		{"abc", ""},
		{"1a.b", ""},
		{"é1", ""},
		{"-12", "negative number"},
		{"12.5", "fractional number"},
		{"-12.5", "fractional number"},
		{"12 3", "space or control character"},
		{"123\x01", "space or control character"},
		{"x\x7f", "space or control character"},
		{"12/../x", "'..' path segment"},
		{"1\xff", "not valid UTF-8"},
		{"\xff", "not valid UTF-8"},
	} {
		got := checkID("post", tc.id, MaxPostIDBytes)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("checkID(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
}
