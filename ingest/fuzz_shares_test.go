package ingest

import (
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
)

// FuzzShareFlags parses any --preset, --columns and --time-format values:
// no panic, errors are EINVALID and one line, and what parses formats back
// to values that parse the same.
func FuzzShareFlags(f *testing.F) {
	f.Add("", "object=a,account=b,content=c,time=d", "rfc3339")
	f.Add("crowdtangle", "", "")
	f.Add("telegram", "", "")
	f.Add("", "object=a,account=b,content=c,time=d,text=e,url=f,handle=g", "2006-01-02 15:04:05")
	f.Add("", "object=a,object=b", "unix-ms")
	f.Add("", "", "06")
	f.Fuzz(func(t *testing.T, preset, columns, timeFormat string) {
		_, shares, err := ShareFlags{Preset: preset, Columns: columns, TimeFormat: timeFormat}.Options()
		if err != nil {
			if botsweep.ErrorCode(err) != botsweep.EINVALID || strings.Contains(err.Error(), "\n") && !strings.ContainsAny(columns+timeFormat+preset, "\n") {
				t.Fatalf("error %v", err)
			}
			return
		}
		if shares == nil {
			return
		}
		if columns != "" {
			again, err := ParseColumns(shares.Columns.String())
			if err != nil || again != shares.Columns {
				t.Fatalf("columns %+v format as %q, which parses to %+v, %v", shares.Columns, shares.Columns.String(), again, err)
			}
		}
		if timeFormat != "" {
			again, err := ParseTimeFormat(shares.Time.String())
			if err != nil || again != shares.Time {
				t.Fatalf("time format %+v formats as %q, which parses to %+v, %v", shares.Time, shares.Time.String(), again, err)
			}
		}
	})
}

// FuzzTimeFormat parses any time in every named format: no panic, and a
// time that parses is UTC.
func FuzzTimeFormat(f *testing.F) {
	for _, s := range []string{"1572566400", "1572566400.5", "1572566400000", "2019-11-01T00:00:00Z", "2019-11-01 00:00:00",
		"Fri Nov 01 00:00:00 +0000 2019", "2021-01-06 14:02:01 EST", "-62135596800", "9e99"} {
		f.Add(s)
	}
	formats := []string{"unix", "unix-ms", "rfc3339", "twitter", "crowdtangle", "2006-01-02 15:04:05", "02/01/2006"}
	f.Fuzz(func(t *testing.T, s string) {
		for _, name := range formats {
			tf, err := ParseTimeFormat(name)
			if err != nil {
				t.Fatal(err)
			}
			if tm, ok := tf.Parse(s); ok && tm.Location().String() != "UTC" {
				t.Fatalf("%s parses %q to %v, not UTC", name, s, tm)
			}
		}
	})
}

// FuzzDecodeTelegram decodes any input as a Telegram Desktop export,
// under fuzzDecode's checks.
func FuzzDecodeTelegram(f *testing.F) {
	f.Add([]byte(`{"name": "C", "type": "public_channel", "id": 1, "messages": [{"id": 1, "type": "message", "date_unixtime": "1572566400", "from_id": "a", "forwarded_from": "S", "text": "x"}]}`))
	f.Add([]byte(`{"chats": {"list": [{"id": 2, "messages": [{"id": 3, "date": "2019-11-01T00:00:00", "from_id": "u1", "forwarded_from": null, "text": ["a", {"type": "link", "text": "b"}]}]}]}}`))
	f.Add([]byte(`{"messages": [{"id": {}, "forwarded_from": 5}, {"id": 2,`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, FormatTelegram, data)
	})
}
