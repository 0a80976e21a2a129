package testutil

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"
)

// ReadCSV reads a CSV file whose first row is a header and returns the
// header and the other rows; it fails the test on any error.
func ReadCSV(t testing.TB, path string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s is empty", path)
	}
	return recs[0], recs[1:]
}

// Partition turns rows of (member, group) into each group's sorted member
// list, the lists sorted by their first member: two partitions of the same
// members are equal exactly when their Partitions are, whatever the group
// names.
func Partition(rows [][]string) [][]string {
	by := map[string][]string{}
	for _, r := range rows {
		by[r[1]] = append(by[r[1]], r[0])
	}
	out := make([][]string, 0, len(by))
	for _, c := range by {
		slices.Sort(c)
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y []string) int { return strings.Compare(x[0], y[0]) })
	return out
}
