package coord

import (
	"fmt"
	"strings"
	"testing"
)

// TestInterner checks dense indexes against a Go map through growth,
// with the empty string, strings longer than a chunk and repeats, and
// that the kept strings do not alias the caller's bytes.
func TestInterner(t *testing.T) {
	for _, tc := range []struct {
		name string
		strs func(i int) string
		n    int
	}{
		{"distinct ids", func(i int) string { return fmt.Sprint(1190000000000000000 + i) }, 30000},
		{"many repeats", func(i int) string { return fmt.Sprint("a", i%97) }, 5000},
		{"empty and long", func(i int) string { return strings.Repeat("x", (i%3)*internChunk/2) + fmt.Sprint(i%5) }, 12},
		{"empty only", func(int) string { return "" }, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in interner
			want := map[string]uint32{}
			for i := 0; i < tc.n; i++ {
				b := []byte(tc.strs(i))
				s := string(b)
				got := in.get(s)
				w, ok := want[s]
				if !ok {
					w = uint32(len(want))
					want[s] = w
				}
				if got != w {
					t.Fatalf("get(%.20q) = %d, want %d", s, got, w)
				}
			}
			if len(in.names) != len(want) {
				t.Fatalf("%d names, want %d", len(in.names), len(want))
			}
			for s, i := range want {
				if in.names[i] != s {
					t.Fatalf("name %d = %.20q, want %.20q", i, in.names[i], s)
				}
			}
		})
	}
}

// BenchmarkIntern compares the interner with the Go map and one string
// allocation per new id it replaced, on a share table's ids (19-digit
// contents, all new, and objects and accounts repeating).
func BenchmarkIntern(b *testing.B) {
	rows := shareTable(3, 1_000_000)
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			ids, accs := map[string]uint32{}, map[string]uint32{}
			var idNames, accNames []string
			add := func(m map[string]uint32, names *[]string, s string) {
				if _, ok := m[s]; !ok {
					s = strings.Clone(s)
					m[s] = uint32(len(*names))
					*names = append(*names, s)
				}
			}
			for _, r := range rows {
				add(ids, &idNames, r.obj)
				add(accs, &accNames, r.acc)
				add(ids, &idNames, r.content)
			}
		}
	})
	b.Run("interner", func(b *testing.B) {
		for b.Loop() {
			var ids, accs interner
			for _, r := range rows {
				ids.get(r.obj)
				accs.get(r.acc)
				ids.get(r.content)
			}
		}
	})
}
