package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"github.com/botsweep/botsweep/store"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestAnyShareTable ingests the same three shares written in
// different column names, time formats and presets, and requires the same
// posts each time; bad rows are reported with file:line and reason.
func TestIngestAnyShareTable(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		content  string
		args     []string
		rejected int64
		reason   string // in stderr, after file:line
	}{
		{"coortweet default", "s.csv",
			"object_id,account_id,content_id,timestamp_share\no1,a1,c1,1572566400\no1,a2,c2,1572566410\no2,a1,c3,1572566420\n",
			nil, 0, ""},
		{"columns and rfc3339", "s.csv",
			"author,post_url,shared_at,id\na1,o1,2019-11-01T00:00:00Z,c1\na2,o1,2019-11-01T01:00:10+01:00,c2\na1,o2,2019-11-01T00:00:20Z,c3\na3,o3,yesterday,c4\n",
			[]string{"--columns", "object=post_url,account=author,content=id,time=shared_at", "--time-format", "rfc3339"}, 1, `s.csv:5: shared_at "yesterday" is not a rfc3339 time`},
		{"milliseconds", "s.csv",
			"object_id,account_id,content_id,timestamp_share\no1,a1,c1,1572566400000\no1,a2,c2,1572566410000\no2,a1,c3,1572566420000\n",
			[]string{"--time-format", "unix-ms"}, 0, ""},
		{"go layout", "s.csv",
			"o,a,c,t\no1,a1,c1,01/11/2019 00:00:00\no1,a2,c2,01/11/2019 00:00:10\no2,a1,c3,01/11/2019 00:00:20\n",
			[]string{"--columns", "object=o,account=a,content=c,time=t", "--time-format", "02/01/2006 15:04:05"}, 0, ""},
		{"crowdtangle preset", "ct.csv",
			"Page Name,User Name,Facebook Id,Post Created,Type,URL,Message,Link\n" +
				"P1,p1,a1,2019-10-31 20:00:00 EDT,Link,c1,\"hello, world\",o1\n" +
				"P2,p2,a2,2019-10-31 20:00:10 EDT,Link,c2,hi,o1\n" +
				"P1,p1,a1,2019-10-31 20:00:20 EDT,Link,c3,x,o2\n" +
				"P3,p3,a3,2019-10-31 20:00:30 EDT,Status,c4,no link,\n",
			[]string{"--preset", "crowdtangle"}, 1, "ct.csv:5: row has an empty Link"},
		{"telegram preset", "result.json",
			`{"name": "Chan", "type": "public_channel", "id": 77, "messages": [
 {"id": 1, "type": "message", "date": "2019-11-01T00:00:00", "date_unixtime": "1572566400", "from": "A", "from_id": "a1", "forwarded_from": "Src", "text": "same"},
 {"id": 2, "type": "message", "date": "2019-11-01T00:00:10", "date_unixtime": "1572566410", "from": "B", "from_id": "a2", "forwarded_from": "Src", "text": ["sa", {"type": "bold", "text": "me"}]},
 {"id": 3, "type": "message", "date": "2019-11-01T00:00:20", "date_unixtime": "1572566420", "from": "A", "from_id": "a1", "forwarded_from": "Other", "text": "x"},
 {"id": 4, "type": "message", "date": "2019-11-01T00:00:30", "date_unixtime": "1572566430", "from": "A", "from_id": "a1", "text": "not a forward"},
 {"id": 5, "type": "message", "date_unixtime": "soon", "from_id": "a3", "forwarded_from": "Src", "text": "t"}
]}`,
			[]string{"--preset", "telegram"}, 1, `result.json:6: date_unixtime "soon" is not unix seconds`},
		{"telegram sniffed", "result.json",
			`{"name": "Chan", "type": "public_channel", "id": 77, "messages": [
 {"id": 1, "type": "message", "date_unixtime": "1572566400", "from_id": "a1", "forwarded_from": "Src", "text": "same"},
 {"id": 2, "type": "message", "date_unixtime": "1572566410", "from_id": "a2", "forwarded_from": "Src", "text": "same"},
 {"id": 3, "type": "message", "date_unixtime": "1572566420", "from_id": "a1", "forwarded_from": "Other", "text": "x"}
]}`,
			nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tt.file, tt.content)
			st := filepath.Join(dir, "store")
			args := append([]string{"ingest", "--store", st}, tt.args...)
			_, errs := runIngest(t, "", 0, append(args, path)...)
			got := statsOf(t, st)
			if got.Retweets != 3 || got.Posts != 3 || got.Rejected != tt.rejected {
				t.Errorf("stats %+v, want 3 shares and %d rejected\n%s", got, tt.rejected, errs)
			}
			if got.FirstPost == nil || got.FirstPost.UTC().Format("2006-01-02T15:04:05Z") != "2019-11-01T00:00:00Z" {
				t.Errorf("first post %v, want 2019-11-01T00:00:00Z", got.FirstPost)
			}
			if tt.reason != "" && !strings.Contains(errs, tt.reason) {
				t.Errorf("stderr lacks %q:\n%s", tt.reason, errs)
			}
		})
	}
}

func TestIngestShareFlagErrors(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "s.csv", "a,b,c,d\n1,2,3,4\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing key", []string{"--columns", "object=a,account=b,content=c"}, "time=COLUMN is missing"},
		{"unknown key", []string{"--columns", "object=a,account=b,content=c,time=d,colour=e"}, `unknown key "colour"`},
		{"bad layout", []string{"--time-format", "hh:mm"}, `--time-format "hh:mm"`},
		{"unknown preset", []string{"--preset", "myspace"}, `unknown preset "myspace"`},
		{"column not in header", []string{"--columns", "object=a,account=b,content=c,time=when"}, "no column when"},
		{"columns for a json format", []string{"--format", "twitter-v1", "--columns", "object=a,account=b,content=c,time=d"}, "--columns and --time-format are for share tables"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"ingest", "--store", filepath.Join(t.TempDir(), "s")}, tt.args...)
			status, _, errs := cli(t, "", append(args, path)...)
			if status == 0 || !strings.Contains(errs, tt.want) {
				t.Errorf("status %d, stderr %q, want an error with %q", status, errs, tt.want)
			}
		})
	}
}

// TestIngestRejectsCapped feeds a small gzip of many bad lines: the store
// keeps the first --max-rejects in detail and counts the rest, and a
// second ingest of the same file counts nothing twice.
func TestIngestRejectsCapped(t *testing.T) {
	var raw bytes.Buffer
	raw.WriteString("follower_id,followee_id\n")
	const bad = 200000
	for range bad {
		raw.WriteString("x\n")
	}
	dir := t.TempDir()
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(raw.Bytes())
	zw.Close()
	path := filepath.Join(dir, "bad.csv.gz")
	if err := os.WriteFile(path, zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	st := filepath.Join(dir, "store")
	for range 2 {
		_, errs := runIngest(t, "", 0, "ingest", "--store", st, "--max-rejects", "100", path)
		if !strings.Contains(errs, fmt.Sprintf("%d rejected", bad)) || !strings.Contains(errs, "counted, not listed") {
			t.Errorf("stderr:\n%s", errs)
		}
	}
	if got := statsOf(t, st); got.Rejected != bad {
		t.Errorf("rejected %d, want %d", got.Rejected, bad)
	}
	s := openStoreForTest(t, st)
	var stored int
	if err := s.EachReject(t.Context(), func(store.Reject) error { stored++; return nil }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if stored != 100 {
		t.Errorf("%d rejects stored in detail, want 100", stored)
	}
}

// TestIngestBadValues feeds each bad value of the audit and requires the
// documented policy: rejected with its reason, or kept and counted.
func TestIngestBadValues(t *testing.T) {
	long := strings.Repeat("9", 5000)
	tests := []struct {
		name, file, content, want string
		rejected                  int64
	}{
		{"negative id", "s.csv", "object_id,account_id,content_id,timestamp_share\no,-12,c,1572566400\n", "account id \"-12\" is a negative number", 1},
		{"26 digits", "s.csv", "object_id,account_id,content_id,timestamp_share\no,12345678901234567890123456,c,1572566400\n", "has 26 digits", 1},
		{"path climbing", "f.csv", "follower_id,followee_id\nabc/../..,2\n", "has a '..' path segment", 1},
		{"fraction", "f.csv", "follower_id,followee_id\n12.5,2\n", "is a fractional number", 1},
		{"5000 chars", "f.csv", "follower_id,followee_id\n" + long + "x,2\n", "5001 bytes long", 1},
		{"year 1800", "s.csv", "object_id,account_id,content_id,timestamp_share\no,a,c,-5364662400\n", "is before 1990", 1},
		{"year 0001", "r.csv", "object_id,account_id,content_id,timestamp_share\no,a,c,-62135596800\n", "is before 1990", 1},
		{"year 9999", "s.csv", "object_id,account_id,content_id,timestamp_share\no,a,c,253402300799\n", "", 1},
		{"self-follow", "f.csv", "follower_id,followee_id\n7,7\n", "account 7 follows itself", 1},
		{"invalid utf-8 text kept", "t.csv", "author,url,id,at,txt\na,o,c,1572566400,caf\xe9\n", "1 records kept with invalid UTF-8", 0},
		{"invalid utf-8 id", "f.csv", "follower_id,followee_id\n\xff,2\n", "not valid UTF-8", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tt.file, tt.content)
			st := filepath.Join(dir, "store")
			args := []string{"ingest", "--store", st}
			if tt.file == "t.csv" {
				args = append(args, "--columns", "object=url,account=author,content=id,time=at,text=txt")
			}
			_, errs := runIngest(t, "", 0, append(args, path)...)
			if got := statsOf(t, st); got.Rejected != tt.rejected {
				t.Errorf("rejected %d, want %d\n%s", got.Rejected, tt.rejected, errs)
			}
			if tt.want != "" && !strings.Contains(errs, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, errs)
			}
		})
	}
}
