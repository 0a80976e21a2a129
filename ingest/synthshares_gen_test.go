package ingest

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
)

func TestWriteSyntheticShares(t *testing.T) {
	for _, tt := range []struct {
		name string
		n    int
		seed uint64
	}{{"small", 10, 1}, {"mid", 5000, 2}, {"other seed", 5000, 9}} {
		t.Run(tt.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := WriteSyntheticShares(&a, tt.n, tt.seed); err != nil {
				t.Fatal(err)
			}
			WriteSyntheticShares(&b, tt.n, tt.seed)
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("same seed wrote different bytes")
			}
			res, err := Decode(context.Background(), &a, Options{Name: "s.csv"}, &discardSink{})
			if err != nil || res.Format != FormatShares || res.Records != int64(tt.n) || res.Rejected != 0 {
				t.Fatalf("decode: %+v, %v", res, err)
			}
		})
	}
}

// TestGenSharesFile writes the share table of the end-to-end benchmark
// (docs/benchmarks/ingest.md) when GEN_SHARES names the file and GEN_N the
// rows; otherwise it is skipped.
func TestGenSharesFile(t *testing.T) {
	out := os.Getenv("GEN_SHARES")
	if out == "" {
		t.Skip("GEN_SHARES is not set")
	}
	n, err := strconv.Atoi(os.Getenv("GEN_N"))
	if err != nil {
		t.Fatal("GEN_N: ", err)
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := WriteSyntheticShares(f, n, 1); err != nil {
		t.Fatal(err)
	}
}
