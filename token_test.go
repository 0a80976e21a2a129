package botsweep

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzValidateTokenName checks what an accepted token name can be: trimmed,
// valid UTF-8, at most MaxTokenNameLen characters, no control or format
// characters and no slash; and that validating it again changes nothing.
func FuzzValidateTokenName(f *testing.F) {
	for _, s := range []string{"alice", " bob ", "", "a\nb", "zoë", "\u202e", "a/b", strings.Repeat("x", 65), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		name, err := ValidateTokenName(in)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ValidateTokenName(%q) = %v, want EINVALID", in, err)
			}
			return
		}
		if name != strings.TrimSpace(name) || name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxTokenNameLen {
			t.Fatalf("accepted %q as %q", in, name)
		}
		for _, r := range name {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '/' {
				t.Fatalf("accepted %q with %U", name, r)
			}
		}
		if again, err := ValidateTokenName(name); err != nil || again != name {
			t.Fatalf("revalidating %q = %q, %v", name, again, err)
		}
	})
}
