package coord

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// FuzzDetect decodes bytes into a small share table (4 bytes a row:
// object, account, content and time from small ranges, so that loops,
// repeats and ties are common) and checks Detect against the naive
// reference.
func FuzzDetect(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 1, 3, 5, 6, 1, 2, 7, 8}, uint8(10), uint8(2))
	f.Add([]byte{0, 0, 0, 0, 0, 1, 1, 0, 0, 2, 0, 0, 1, 1, 2, 9}, uint8(0), uint8(1))
	f.Add([]byte{3, 1, 3, 1, 3, 2, 4, 1, 3, 1, 3, 1}, uint8(5), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, window, mp uint8) {
		var rows []row
		for i := 0; i+4 <= len(data) && len(rows) < 200; i += 4 {
			obj := fmt.Sprintf("x%d", data[i]%8)
			content := fmt.Sprintf("x%d", data[i+2]%32) // may be an object id
			rows = append(rows, row{obj: obj, acc: fmt.Sprintf("a%d", data[i+1]%6), content: content, at: int64(data[i+3]) * int64(time.Second)})
		}
		w := time.Duration(window%64) * time.Second
		m := int(mp%5) - 1
		got := pairsOf(Detect(tableOf(rows), Options{Window: w, MinParticipation: m}))
		want := naive(rows, w, m)
		if !slices.Equal(got, want) {
			t.Fatalf("window %s mp %d: %q", w, m, firstDiff(got, want))
		}
	})
}
