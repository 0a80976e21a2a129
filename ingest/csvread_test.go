package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// csvOracle reads data with encoding/csv as the fast reader is meant to:
// every record (or parse error) with the line it starts on.
func csvOracle(data []byte) []string {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return append(out, fmt.Sprintf("error at %d", pe.StartLine))
		}
		line, _ := r.FieldPos(0)
		out = append(out, fmt.Sprintf("%d %q", line, rec))
	}
}

func fastRead(data []byte, max int) []string {
	r := newCSVReader(bufio.NewReaderSize(bytes.NewReader(data), 16), max)
	var out []string
	for {
		rec, line, err := r.Read()
		if err == io.EOF {
			return out
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return append(out, fmt.Sprintf("error at %d", pe.StartLine))
		}
		var tl *lineTooLong
		if errors.As(err, &tl) {
			out = append(out, fmt.Sprintf("%d too long", tl.line))
			continue
		}
		if err != nil {
			return append(out, err.Error())
		}
		out = append(out, fmt.Sprintf("%d %q", line, rec))
	}
}

func TestCSVReaderMatchesEncodingCSV(t *testing.T) {
	tests := []struct{ name, in string }{
		{"plain", "a,b,c\n1,2,3\n"},
		{"no final newline", "a,b\n1,2"},
		{"crlf", "a,b\r\n1,2\r\n"},
		{"cr at eof", "a,b\r\n1,2\r"},
		{"cr inside", "a,b\r\n1\r2,3\n"},
		{"empty lines", "a,b\n\n\r\n1,2\n\n"},
		{"empty fields", ",,\n,\n"},
		{"quoted later", "a,b\n1,2\n\"x,y\",3\n4,5\n"},
		{"quoted newline", "a,b\n\"x\ny\",3\n4,5\n"},
		{"lazy quote", "a,b\n1,x\"y\n"},
		{"long lines", strings.Repeat("x", 40) + ",y\n" + strings.Repeat("z", 17) + "\n1,2\n"},
		{"bad utf8", "a,\xff\xfe\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := strings.Join(csvOracle([]byte(tt.in)), "\n")
			got := strings.Join(fastRead([]byte(tt.in), 1<<20), "\n")
			if got != want {
				t.Errorf("fast reader:\n%s\nencoding/csv:\n%s", got, want)
			}
		})
	}
}

func TestCSVReaderBoundsLines(t *testing.T) {
	in := "a,b\n" + strings.Repeat("x", 1000) + "\n1,2\n" + strings.Repeat("y", 64)
	got := fastRead([]byte(in), 100)
	want := []string{`1 ["a" "b"]`, "2 too long", `3 ["1" "2"]`, `4 ["` + strings.Repeat("y", 64) + `"]`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzCSVReader checks the fast reader against encoding/csv on any input.
func FuzzCSVReader(f *testing.F) {
	f.Add([]byte("a,b,c\n1,2,3\n"))
	f.Add([]byte("a,b\r\n\"1\r\n2\",3\r\n\n4"))
	f.Add([]byte("x\r"))
	f.Add([]byte("a\"b,c\n\"d\"\"e\",f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := strings.Join(csvOracle(data), "\n")
		got := strings.Join(fastRead(data, 1<<20), "\n")
		if got != want {
			t.Errorf("input %q\nfast reader:\n%s\nencoding/csv:\n%s", data, got, want)
		}
	})
}

func TestJSONErrorNamesField(t *testing.T) {
	tests := []struct {
		name, rec, wantPath string
		wantLines           int
	}{
		{"top-level field", `{"a": 1, "state_backed": nope}`, `"state_backed"`, 0},
		{"nested in array", "{\"indicators\": {\"domains\": [\"a\",\n nope]}}", `"indicators.domains[1]"`, 1},
		{"key with escape", `{"a\"b": {"c": tru}}`, `"a\"b.c"`, 0},
		{"no field", `nope`, ``, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &parseState{}
			_, reason := st.parseJSON([]byte(tt.rec))
			if reason == "" {
				t.Fatal("no error")
			}
			if tt.wantPath != "" && !strings.Contains(reason, "in "+tt.wantPath+" at byte") {
				t.Errorf("reason %q lacks the field %s", reason, tt.wantPath)
			}
			if tt.wantPath == "" && strings.Contains(reason, " in \"") {
				t.Errorf("reason %q names a field", reason)
			}
			if st.errLines != tt.wantLines {
				t.Errorf("error %d lines into the record, want %d", st.errLines, tt.wantLines)
			}
		})
	}
}
