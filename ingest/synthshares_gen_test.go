package ingest

import (
	"os"
	"strconv"
	"testing"
)

func TestGenSharesFile(t *testing.T) {
	out := os.Getenv("GEN_SHARES")
	if out == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("GEN_N"))
	f, _ := os.Create(out)
	defer f.Close()
	if err := WriteSyntheticShares(f, n, 1); err != nil {
		t.Fatal(err)
	}
}
