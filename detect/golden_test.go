package detect

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/botsweep/botsweep/detect/detecttest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func TestGoldenNetworks(t *testing.T) {
	d, _ := detecttest.MiniWorld(1)
	now := time.Date(2019, 12, 22, 20, 0, 0, 0, time.UTC)
	run := func() ([]byte, []byte) {
		res, err := Run(context.Background(), d, Options{Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		var nj, ac bytes.Buffer
		if err := WriteNetworksJSON(&nj, res.Networks); err != nil {
			t.Fatal(err)
		}
		if err := WriteAccountsCSV(&ac, res.Networks); err != nil {
			t.Fatal(err)
		}
		return nj.Bytes(), ac.Bytes()
	}
	nj, ac := run()
	nj2, ac2 := run()
	if !bytes.Equal(nj, nj2) || !bytes.Equal(ac, ac2) {
		t.Fatal("two runs on the same data differ")
	}
	for name, got := range map[string][]byte{"networks.golden.json": nj, "accounts.golden.csv": ac} {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file (run go test -run Golden -update and review the diff)", name)
		}
	}
}
