package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/botsweep/botsweep"
)

const (
	goodTweetA = `{"created_at":"Sun Nov 24 21:30:00 +0000 2019","id_str":"1","text":"a","user":{"id_str":"10","screen_name":"a"}}`
	goodTweetB = `{"created_at":"Sun Nov 24 21:31:00 +0000 2019","id_str":"2","text":"b","user":{"id_str":"11","screen_name":"b"}}`
)

// collect decodes input and returns the dataset, result, rejects and error.
func collect(t testing.TB, r io.Reader, opts Options) (*botsweep.Dataset, Result, []Reject, error) {
	t.Helper()
	ds := &botsweep.Dataset{}
	var rejects []Reject
	if opts.OnReject == nil {
		opts.OnReject = func(r Reject) error { rejects = append(rejects, r); return nil }
	}
	if opts.Name == "" {
		opts.Name = "in"
	}
	res, err := Decode(context.Background(), r, opts, ds)
	return ds, res, rejects, err
}

func TestRejectKeepsNeighbours(t *testing.T) {
	for _, tc := range []struct {
		name   string
		input  string
		format Format
		line   int
		reason string
		posts  []string
	}{
		{"v1 broken JSON", goodTweetA + "\n{\"id_str\": \"x\",\n" + goodTweetB + "\n", "", 2, `invalid JSON in "id_str" at byte`, []string{"1", "2"}},
		{"v1 no id", goodTweetA + "\n{\"text\":\"t\",\"user\":{\"id_str\":\"1\"}}\r\n" + goodTweetB, "", 2, "tweet has no id", []string{"1", "2"}},
		{"v1 blank lines skipped", "\n\n" + goodTweetA + "\n\n  \n[]\n" + goodTweetB + "\n", "", 6, "record is a JSON array, not an object", []string{"1", "2"}},
		{"shares bad time", "object_id,account_id,content_id,timestamp_share\no,a,c1,1572566401\no,a,c2,abc\no,a,c3,1572566403\n", "", 3, `timestamp_share "abc" is not unix seconds`, []string{"c1/o", "c3/o"}},
		{"shares quoted multi-line field", "object_id,account_id,content_id,timestamp_share\no,a,c1,1572566401\n\"o\nx\",a,,1572566402\no,a,c3,1572566403\n", "", 3, "row has an empty content_id", []string{"c1/o", "c3/o"}},
		{"retweet pairs short row", "retweeted_id,user_id\n1,2\n3\n4,5\n", "", 3, "row has 1 fields, the header has 2", []string{"rt:1:2", "rt:4:5"}},
		{"probe array bad element", `[{"created_at":"Fri May 17 11:18:39 +0000 2019","user":{"id_str":"1"}},` + "\n" + `{"created_at":"x","user":{"id_str":"2"}},` + "\n" + `{"user":{"id_str":"3"}}]`, FormatProfileProbes, 2, `probe created_at "x" is not a Twitter time`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 2, 4} {
				ds, res, rejects, err := collect(t, strings.NewReader(tc.input), Options{Format: tc.format, Workers: workers})
				if err != nil {
					t.Fatal(err)
				}
				if len(rejects) != 1 || rejects[0].Line != tc.line || !strings.Contains(rejects[0].Reason, tc.reason) || rejects[0].File != "in" {
					t.Fatalf("workers %d: rejects %v, want one at line %d with %q", workers, rejects, tc.line, tc.reason)
				}
				if res.Rejected != 1 {
					t.Errorf("Rejected = %d", res.Rejected)
				}
				var ids []string
				for _, p := range ds.Posts {
					ids = append(ids, p.ID)
				}
				if tc.posts != nil && fmt.Sprint(ids) != fmt.Sprint(tc.posts) {
					t.Errorf("posts %v, want %v", ids, tc.posts)
				}
			}
		})
	}
}

// TestParallelOrderAndLines checks, across many chunks, that records come
// out in input order and reject lines are exact, for every worker count.
func TestParallelOrderAndLines(t *testing.T) {
	var buf bytes.Buffer
	WriteSyntheticV1(&buf, 12000, 3)
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	var in strings.Builder
	var wantLines []int
	for i, l := range lines {
		if i%997 == 500 {
			in.WriteString(`{"broken":` + "\n")
			wantLines = append(wantLines, strings.Count(in.String(), "\n"))
		}
		in.WriteString(l + "\n")
	}
	seq, res1, rej1, err := collect(t, strings.NewReader(in.String()), Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, r := range rej1 {
		got = append(got, r.Line)
	}
	if fmt.Sprint(got) != fmt.Sprint(wantLines) {
		t.Fatalf("reject lines %v, want %v", got, wantLines)
	}
	for _, w := range []int{2, 3, 8} {
		par, res, rej, err := collect(t, strings.NewReader(in.String()), Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if res != res1 || fmt.Sprint(rej) != fmt.Sprint(rej1) || len(par.Posts) != len(seq.Posts) {
			t.Fatalf("workers %d: result %+v vs %+v", w, res, res1)
		}
		for i := range par.Posts {
			if par.Posts[i].ID != seq.Posts[i].ID {
				t.Fatalf("workers %d: post %d is %s, want %s", w, i, par.Posts[i].ID, seq.Posts[i].ID)
			}
		}
	}
}

func TestGzipAndStdinReaders(t *testing.T) {
	plain := goodTweetA + "\n" + goodTweetB + "\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(plain))
	zw.Close()
	var csvgz bytes.Buffer
	zw = gzip.NewWriter(&csvgz)
	zw.Write([]byte("follower_id,followee_id\n1,2\n"))
	zw.Close()
	for _, tc := range []struct {
		name    string
		r       func() io.Reader
		records int64
	}{
		{"plain", func() io.Reader { return strings.NewReader(plain) }, 4},
		{"gzip", func() io.Reader { return bytes.NewReader(gz.Bytes()) }, 4},
		{"gzip one byte at a time", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(gz.Bytes())) }, 4},
		{"pipe-like half reads", func() io.Reader { return iotest.HalfReader(strings.NewReader(plain)) }, 4},
		{"gzip csv", func() io.Reader { return bytes.NewReader(csvgz.Bytes()) }, 1},
		{"BOM", func() io.Reader { return strings.NewReader("\uFEFF" + plain) }, 4},
		{"no final newline", func() io.Reader { return strings.NewReader(strings.TrimSuffix(plain, "\n")) }, 4},
		{"CRLF", func() io.Reader { return strings.NewReader(strings.ReplaceAll(plain, "\n", "\r\n")) }, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, res, rejects, err := collect(t, tc.r(), Options{Name: "-"})
			if err != nil || len(rejects) > 0 || res.Records != tc.records {
				t.Fatalf("err %v, rejects %v, result %+v; want %d records", err, rejects, res, tc.records)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(goodTweetA+"\n", 100)))
	zw.Close()
	corrupt := append([]byte(nil), gz.Bytes()...)
	corrupt[len(corrupt)/2] ^= 0xff
	for _, tc := range []struct {
		name  string
		input []byte
		opts  Options
		code  string
		msg   string
	}{
		{"unknown format name", []byte(goodTweetA), Options{Format: "tweets"}, botsweep.EINVALID, "botsweep knows"},
		{"unknown content", []byte("hello world\n"), Options{}, botsweep.EINVALID, "twitter-v1, profile-probes"},
		{"unknown CSV header", []byte("a,b,c\n1,2,3\n"), Options{}, botsweep.EINVALID, "fits none of the known headers"},
		{"given CSV format, wrong header", []byte("a,b\n1,2\n"), Options{Format: FormatFollows}, botsweep.EINVALID, "needs the columns follower_id,followee_id"},
		{"truncated gzip", gz.Bytes()[:gz.Len()/2], Options{}, botsweep.EINVALID, "gzip"},
		{"corrupt gzip", corrupt, Options{}, botsweep.EINVALID, "gzip"},
		{"bad gzip header", []byte{0x1f, 0x8b, 0, 0}, Options{}, botsweep.EINVALID, "gzip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := collect(t, bytes.NewReader(tc.input), tc.opts)
			if botsweep.ErrorCode(err) != tc.code || !strings.Contains(botsweep.ErrorMessage(err), tc.msg) {
				t.Fatalf("err = %v, want code %s containing %q", err, tc.code, tc.msg)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestEmptyInput(t *testing.T) {
	for _, in := range []string{"", "\n\n", "[]", " [ ]\n", "\uFEFF"} {
		_, res, rej, err := collect(t, strings.NewReader(in), Options{})
		if err != nil || res.Records != 0 || len(rej) != 0 {
			t.Errorf("%q: err %v, result %+v, rejects %v", in, err, res, rej)
		}
	}
}

func TestStrictStops(t *testing.T) {
	input := goodTweetA + "\nnot json\n" + goodTweetB + "\n"
	stop := errors.New("strict")
	for _, w := range []int{1, 2} {
		ds, _, _, err := collect(t, strings.NewReader(input), Options{Workers: w, OnReject: func(Reject) error { return stop }})
		if !errors.Is(err, stop) {
			t.Fatalf("err = %v, want the OnReject error", err)
		}
		if len(ds.Posts) != 1 {
			t.Errorf("workers %d: %d posts written before the stop, want 1", w, len(ds.Posts))
		}
	}
}

// failSink fails after n records.
type failSink struct {
	botsweep.Dataset
	n int
}

var errSink = errors.New("sink full")

func (f *failSink) Post(p *botsweep.Post) error {
	if f.n--; f.n < 0 {
		return errSink
	}
	return f.Dataset.Post(p)
}

func TestSinkErrorAndCancel(t *testing.T) {
	var buf bytes.Buffer
	WriteSyntheticV1(&buf, 20000, 4)
	for _, w := range []int{1, 2} {
		_, err := Decode(context.Background(), bytes.NewReader(buf.Bytes()), Options{Workers: w}, &failSink{n: 5000})
		if !errors.Is(err, errSink) {
			t.Errorf("workers %d: err = %v, want the sink's", w, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err = Decode(ctx, bytes.NewReader(buf.Bytes()), Options{Workers: w}, &botsweep.Dataset{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("workers %d: err = %v, want context.Canceled", w, err)
		}
	}
}

func TestLongLines(t *testing.T) {
	long := `{"id_str":"9","text":"` + strings.Repeat("x", 5000) + `","created_at":"Sun Nov 24 21:30:00 +0000 2019","user":{"id_str":"1"}}`
	input := goodTweetA + "\n" + long + "\n" + goodTweetB + "\n"
	for _, w := range []int{1, 2} {
		ds, _, rej, err := collect(t, strings.NewReader(input), Options{Workers: w, MaxRecordBytes: 1024})
		if err != nil || len(rej) != 1 || rej[0].Line != 2 || !strings.Contains(rej[0].Reason, "longer than the 1 KiB limit") || len(ds.Posts) != 2 {
			t.Fatalf("workers %d: err %v rejects %v posts %d", w, err, rej, len(ds.Posts))
		}
		// Long but allowed: a line beyond the read buffer.
		huge := `{"id_str":"9","text":"` + strings.Repeat("y", 600<<10) + `","created_at":"Sun Nov 24 21:30:00 +0000 2019","user":{"id_str":"1"}}`
		ds, _, rej, err = collect(t, strings.NewReader(goodTweetA+"\n"+huge+"\n"+goodTweetB), Options{Workers: w})
		if err != nil || len(rej) != 0 || len(ds.Posts) != 3 || len(ds.Posts[1].Text) != 600<<10 {
			t.Fatalf("workers %d: huge line: err %v rejects %v posts %d", w, err, rej, len(ds.Posts))
		}
	}
	arr := `[{"created_at":"Fri May 17 11:18:39 +0000 2019","user":{"id_str":"1","description":"` + strings.Repeat("z", 3000) + `"}},` + "\n" +
		`{"created_at":"Fri May 17 11:18:39 +0000 2019","user":{"id_str":"2"}}]`
	ds, _, rej, err := collect(t, strings.NewReader(arr), Options{MaxRecordBytes: 1024})
	if err != nil || len(rej) != 1 || rej[0].Line != 1 || len(ds.Accounts) != 1 {
		t.Fatalf("array: err %v rejects %v accounts %d", err, rej, len(ds.Accounts))
	}
}

func TestArrayFraming(t *testing.T) {
	probe := func(id string) string {
		return `{"created_at":"Fri May 17 11:18:39 +0000 2019","user":{"id_str":"` + id + `"}}`
	}
	for _, tc := range []struct {
		name     string
		input    string
		accounts int
		reasons  []string
	}{
		{"clean", "[" + probe("1") + "," + probe("2") + "]", 2, nil},
		{"trailing comma tolerated", "[" + probe("1") + ",\n]", 1, nil},
		{"empty element", "[" + probe("1") + ",,\n" + probe("2") + "]", 2, []string{"empty array element"}},
		{"unclosed", "[" + probe("1") + ",\n" + probe("2"), 2, []string{"the JSON array is not closed"}},
		{"trailing data", "[" + probe("1") + "]\nxyz", 1, []string{"unexpected data after the end of the JSON array"}},
		{"scalar element", "[" + probe("1") + ", 42, " + probe("2") + "]", 2, []string{"record is a JSON number"}},
		{"strings with brackets", `[{"created_at":"Fri May 17 11:18:39 +0000 2019","user":{"id_str":"1","name":"a ] , [ \" }"}}]`, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, _, rej, err := collect(t, strings.NewReader(tc.input), Options{Format: FormatProfileProbes})
			if err != nil {
				t.Fatal(err)
			}
			var reasons []string
			for _, r := range rej {
				reasons = append(reasons, r.Reason)
			}
			if len(ds.Accounts) != tc.accounts || len(reasons) != len(tc.reasons) {
				t.Fatalf("accounts %d, rejects %q; want %d, %q", len(ds.Accounts), reasons, tc.accounts, tc.reasons)
			}
			for i := range reasons {
				if !strings.Contains(reasons[i], tc.reasons[i]) {
					t.Errorf("reject %q, want %q", reasons[i], tc.reasons[i])
				}
			}
		})
	}
}

// TestSharesPipelineMatchesSerial checks that a share table parsed beside
// the sink (the default) gives the records, rejects and lines of the
// serial parse, across many batches, and stops cleanly on a sink error
// or a cancelled context.
func TestSharesPipelineMatchesSerial(t *testing.T) {
	for _, tc := range []struct {
		name      string
		rows, bad int
		seed      uint64
	}{
		{"one batch", 1500, 7, 1},
		{"many batches", 30000, 211, 2},
		{"every row bad now and then", 9000, 3, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSyntheticShares(&buf, tc.rows, tc.seed); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			var in strings.Builder
			for i, l := range lines {
				if i > 0 && i%tc.bad == 0 {
					in.WriteString("o,a,c,not-a-time\n")
				}
				in.WriteString(l + "\n")
			}
			seq, res1, rej1, err := collect(t, strings.NewReader(in.String()), Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(rej1) == 0 || len(seq.Posts) != tc.rows {
				t.Fatalf("serial: %d rejects, %d posts of %d rows", len(rej1), len(seq.Posts), tc.rows)
			}
			par, res, rej, err := collect(t, strings.NewReader(in.String()), Options{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			if res != res1 || fmt.Sprint(rej) != fmt.Sprint(rej1) || len(par.Posts) != len(seq.Posts) {
				t.Fatalf("pipelined: result %+v, %d rejects; serial %+v, %d rejects", res, len(rej), res1, len(rej1))
			}
			for i := range par.Posts {
				if !reflect.DeepEqual(par.Posts[i], seq.Posts[i]) {
					t.Fatalf("post %d: %+v, serial %+v", i, par.Posts[i], seq.Posts[i])
				}
			}
			_, err = Decode(context.Background(), strings.NewReader(in.String()), Options{}, &failSink{n: tc.rows / 2})
			if !errors.Is(err, errSink) {
				t.Errorf("err = %v, want the sink's", err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := Decode(ctx, strings.NewReader(in.String()), Options{}, &botsweep.Dataset{}); !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		})
	}
}
