package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
)

// ShareColumns names the columns of a share table: each row is one
// account's share of an object (a retweeted post, a link, a forwarded
// message) at a time. Names match the header case-insensitively.
type ShareColumns struct {
	Object  string // what was shared (required)
	Account string // who shared it (required)
	Content string // the share's own id (required)
	Time    string // when (required)
	Text    string // the share's text (optional)
	URL     string // a URL the share links to (optional)
	Handle  string // the account's screen name (optional)
}

// DefaultShareColumns are CooRTweet's column names, the share table
// botsweep reads without --columns.
var DefaultShareColumns = ShareColumns{Object: "object_id", Account: "account_id", Content: "content_id", Time: "timestamp_share"}

// shareFields are the --columns keys, the required ones first.
var shareFields = []string{"object", "account", "content", "time", "text", "url", "handle"}

func (c *ShareColumns) field(key string) *string {
	switch key {
	case "object":
		return &c.Object
	case "account":
		return &c.Account
	case "content":
		return &c.Content
	case "time":
		return &c.Time
	case "text":
		return &c.Text
	case "url":
		return &c.URL
	case "handle":
		return &c.Handle
	}
	return nil
}

// String formats the columns as ParseColumns reads them.
func (c ShareColumns) String() string {
	var parts []string
	for _, k := range shareFields {
		if v := *c.field(k); v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, ",")
}

// ParseColumns reads a --columns value,
// "object=COL,account=COL,content=COL,time=COL[,text=COL,url=COL,handle=COL]".
// Errors (EINVALID) name the unknown, repeated or missing key.
func ParseColumns(spec string) (ShareColumns, error) {
	var c ShareColumns
	bad := func(format string, args ...any) (ShareColumns, error) {
		return ShareColumns{}, botsweep.Errorf(botsweep.EINVALID, "--columns %q: "+format, append([]any{spec}, args...)...)
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || v == "" {
			return bad("%q is not KEY=COLUMN", part)
		}
		f := c.field(k)
		if f == nil {
			return bad("unknown key %q (keys: %s)", k, strings.Join(shareFields, ", "))
		}
		if seen[k] {
			return bad("%s is given twice", k)
		}
		seen[k] = true
		*f = v
	}
	for _, k := range shareFields[:4] {
		if !seen[k] {
			return bad("%s=COLUMN is missing (object, account, content and time are required)", k)
		}
	}
	return c, nil
}

// TimeFormat is how a share table writes its times: "unix" (seconds,
// fractions allowed), "unix-ms" (milliseconds), "rfc3339" (RFC 3339 /
// ISO 8601; no offset means UTC), "twitter" (Twitter's "Mon Jan 02
// 15:04:05 -0700 2006") or a Go time layout such as "2006-01-02 15:04:05"
// (UTC unless the layout has a zone). The zero value is "unix".
type TimeFormat struct {
	name   string
	layout string // for a Go layout
}

// ParseTimeFormat reads a --time-format value ("" is unix). A layout must
// hold a year and survive formatting and parsing a reference time.
func ParseTimeFormat(s string) (TimeFormat, error) {
	switch s = strings.TrimSpace(s); s {
	case "", "unix":
		return TimeFormat{}, nil
	case "unix-ms", "rfc3339", "twitter":
		return TimeFormat{name: s}, nil
	case "crowdtangle":
		return TimeFormat{name: s}, nil
	}
	if !strings.Contains(s, "2006") && !strings.Contains(s, "06") {
		return TimeFormat{}, botsweep.Errorf(botsweep.EINVALID,
			"--time-format %q: want unix, unix-ms, rfc3339, twitter or a Go layout with a year (2006), such as \"2006-01-02 15:04:05\"", s)
	}
	ref := time.Date(2019, 11, 3, 14, 5, 6, 0, time.UTC)
	if _, err := time.Parse(s, ref.Format(s)); err != nil {
		return TimeFormat{}, botsweep.Errorf(botsweep.EINVALID, "--time-format %q is not a usable Go layout: %w", s, err)
	}
	return TimeFormat{name: "layout", layout: s}, nil
}

// String returns the format as ParseTimeFormat reads it.
func (f TimeFormat) String() string {
	switch f.name {
	case "":
		return "unix"
	case "layout":
		return f.layout
	}
	return f.name
}

// Parse reads one time in the format, as UTC.
func (f TimeFormat) Parse(s string) (time.Time, bool) {
	switch f.name {
	case "":
		return parseUnix(s)
	case "unix-ms":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < -1e14 || n > 1e14 {
			return time.Time{}, false
		}
		return time.UnixMilli(n).UTC(), true
	case "rfc3339":
		for _, l := range rfc3339Layouts {
			if t, err := time.Parse(l, s); err == nil {
				return t.UTC(), true
			}
		}
		return time.Time{}, false
	case "twitter":
		return parseTwitterTime(s)
	case "crowdtangle":
		return parseCrowdTangleTime(s)
	}
	t, err := time.Parse(f.layout, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

var rfc3339Layouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"}

// usZones are the zone abbreviations CrowdTangle exports write after a
// time (the dashboard's time zone); Go's time.Parse would read an unknown
// abbreviation as UTC.
var usZones = map[string]int{
	"UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
	"PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "CET": 1, "CEST": 2, "BST": 1,
}

// parseCrowdTangleTime reads CrowdTangle's "2021-01-06 14:02:01 EST".
func parseCrowdTangleTime(s string) (time.Time, bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return time.Time{}, false
	}
	off, ok := usZones[s[i+1:]]
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02 15:04:05", s[:i])
	if err != nil {
		return time.Time{}, false
	}
	return t.Add(-time.Duration(off) * time.Hour).UTC(), true
}

// ShareTable says how to read a share table: its columns and time format.
type ShareTable struct {
	Columns ShareColumns
	Time    TimeFormat
	// OptionalMayLack lets the header lack the optional columns (a preset's
	// Message column may be absent from an export); otherwise every named
	// column must be there.
	OptionalMayLack bool
}

// Preset is a publicly documented export format botsweep reads as shares.
type Preset struct {
	Name   string
	Format Format      // the input format it implies
	Shares *ShareTable // for CSV presets, the columns and times
	Doc    string      // what it is and what becomes a share
}

// presets are the known presets.
var presets = []Preset{
	{
		Name:   "coortweet",
		Format: FormatShares,
		Shares: &ShareTable{Columns: DefaultShareColumns},
		Doc:    "CooRTweet's input: object_id,account_id,content_id,timestamp_share (unix seconds)",
	},
	{
		Name:   "crowdtangle",
		Format: FormatShares,
		Shares: &ShareTable{
			Columns: ShareColumns{Object: "Link", Account: "Facebook Id", Content: "URL", Time: "Post Created",
				Text: "Message", URL: "Link", Handle: "User Name"},
			Time:            TimeFormat{name: "crowdtangle"},
			OptionalMayLack: true,
		},
		Doc: "CrowdTangle's post CSV export: a post's Link is the object shared, by the page or group (Facebook Id), the post's URL its id, Post Created its time (\"2021-01-06 14:02:01 EST\"); posts without a link are rejected as no share",
	},
	{
		Name:   "telegram",
		Format: FormatTelegram,
		Doc:    "Telegram Desktop's JSON export (result.json): each forwarded message (forwarded_from) is a share of its source's message by the chat it was forwarded into",
	},
}

// Presets returns the known presets.
func Presets() []Preset { return append([]Preset(nil), presets...) }

// PresetNames is the known presets' names, comma-separated, for help texts.
func PresetNames() string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// ParsePreset returns the preset named s.
func ParsePreset(s string) (Preset, error) {
	for _, p := range presets {
		if strings.EqualFold(p.Name, strings.TrimSpace(s)) {
			return p, nil
		}
	}
	return Preset{}, botsweep.Errorf(botsweep.EINVALID, "unknown preset %q: botsweep knows %s", s, PresetNames())
}

// ShareFlags are the command-line settings for share tables that ingest
// and coordinate share: --format, --preset, --columns and --time-format.
type ShareFlags struct {
	Format, Preset, Columns, TimeFormat string
}

// Options turns the flags into the Format and Shares fields of Options:
// a preset fixes the format (and a CSV preset its columns and times);
// --columns or --time-format read the input as a share table with those
// columns (default DefaultShareColumns) and times (default unix), and
// override a preset's. Errors are EINVALID and name the flag.
func (f ShareFlags) Options() (Format, *ShareTable, error) {
	format, err := ParseFormat(f.Format)
	if err != nil {
		return "", nil, err
	}
	var shares *ShareTable
	if f.Preset != "" {
		p, err := ParsePreset(f.Preset)
		if err != nil {
			return "", nil, err
		}
		if format != FormatAuto && format != p.Format {
			return "", nil, botsweep.Errorf(botsweep.EINVALID, "--preset %s reads %s, not --format %s", p.Name, p.Format, format)
		}
		format = p.Format
		if p.Shares != nil {
			cp := *p.Shares
			shares = &cp
		}
	}
	if f.Columns == "" && f.TimeFormat == "" {
		return format, shares, nil
	}
	if format != FormatAuto && format != FormatShares {
		return "", nil, botsweep.Errorf(botsweep.EINVALID, "--columns and --time-format are for share tables (CSV), not --format %s", format)
	}
	if shares == nil {
		shares = &ShareTable{Columns: DefaultShareColumns}
	}
	if f.Columns != "" {
		if shares.Columns, err = ParseColumns(f.Columns); err != nil {
			return "", nil, err
		}
		shares.OptionalMayLack = false
	}
	if f.TimeFormat != "" {
		if shares.Time, err = ParseTimeFormat(f.TimeFormat); err != nil {
			return "", nil, err
		}
	}
	return FormatShares, shares, nil
}

// shareIndex is a share table's columns resolved against its header.
type shareIndex struct {
	object, account, content, time, text, url, handle int // -1: absent
	names                                             ShareColumns
	need                                              int // fields a row must have
}

// resolve finds the table's columns in a header, or says which are missing.
func (t *ShareTable) resolve(cols columns) (shareIndex, error) {
	ix := shareIndex{names: t.Columns}
	var missing []string
	find := func(name string, required bool) int {
		if name == "" {
			return -1
		}
		i, ok := cols[strings.ToLower(name)]
		if !ok {
			if required {
				missing = append(missing, name)
			}
			return -1
		}
		ix.need = max(ix.need, i+1)
		return i
	}
	c := t.Columns
	ix.object, ix.account, ix.content, ix.time = find(c.Object, true), find(c.Account, true), find(c.Content, true), find(c.Time, true)
	opt := !t.OptionalMayLack
	ix.text, ix.url, ix.handle = find(c.Text, opt), find(c.URL, opt), find(c.Handle, opt)
	if len(missing) > 0 {
		return ix, fmt.Errorf("the share table has no column %s (--columns %s)", strings.Join(missing, ", "), c)
	}
	return ix, nil
}
