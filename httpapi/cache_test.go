package httpapi

import (
	"fmt"
	"testing"
)

func TestLRU(t *testing.T) {
	tests := []struct {
		name     string
		max      int
		puts     []string
		touch    string // read between the puts and the last put
		last     string
		wantGone []string
		wantKept []string
	}{
		{"under the bound keeps all", 4, []string{"a", "b"}, "", "c", nil, []string{"a", "b", "c"}},
		{"over the bound drops the oldest", 2, []string{"a", "b"}, "", "c", []string{"a"}, []string{"b", "c"}},
		{"a read makes an entry recent", 2, []string{"a", "b"}, "a", "c", []string{"b"}, []string{"a", "c"}},
		{"bound of zero means one", 0, []string{"a"}, "", "b", []string{"a"}, []string{"b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLRU[string, int](tt.max)
			for i, k := range tt.puts {
				c.put(k, i)
			}
			if tt.touch != "" {
				if _, ok := c.get(tt.touch); !ok {
					t.Fatalf("%s missing before the bound was reached", tt.touch)
				}
			}
			c.put(tt.last, 99)
			for _, k := range tt.wantGone {
				if _, ok := c.get(k); ok {
					t.Errorf("%s still cached", k)
				}
			}
			for _, k := range tt.wantKept {
				if _, ok := c.get(k); !ok {
					t.Errorf("%s evicted", k)
				}
			}
		})
	}
	t.Run("many keys stay bounded", func(t *testing.T) {
		c := newLRU[string, int](64)
		for i := 0; i < 10000; i++ {
			c.put(fmt.Sprint(i), i)
		}
		if c.len() != 64 {
			t.Fatalf("len %d, want 64", c.len())
		}
		if v, ok := c.get("9999"); !ok || v != 9999 {
			t.Fatalf("newest entry = %d, %v", v, ok)
		}
	})
}
