package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
)

// csvSpec describes a CSV format: the columns its header must have and how
// a row becomes records.
type csvSpec struct {
	format   Format
	required []string
	// excluded columns tell a format from one whose columns it shares.
	excluded []string
	row      func(d *decoder, row csvRow, b *batch) string
}

// csvSpecs are the CSV formats, most specific first.
var csvSpecs = []csvSpec{
	{format: FormatIOTweets, required: []string{"tweetid", "userid", "tweet_time"}, row: ioTweetRow},
	{format: FormatIOUsers, required: []string{"userid", "user_screen_name"}, excluded: []string{"tweetid"}, row: ioUserRow},
	{format: FormatShares, required: []string{"object_id", "account_id", "content_id", "timestamp_share"}, row: mappedShareRow},
	{format: FormatDomainRegistrations, required: []string{"domain", "registrant", "registered_at"}, row: registrationRow},
	{format: FormatFollows, required: []string{"follower_id", "followee_id"}, row: followRow},
	{format: FormatRetweetPairs, required: []string{"retweeted_id", "user_id"}, excluded: []string{"user_community"}, row: retweetPairRow},
}

func specFor(f Format) *csvSpec {
	for i := range csvSpecs {
		if csvSpecs[i].format == f {
			return &csvSpecs[i]
		}
	}
	return nil
}

// columns maps normalised header names to their index.
type columns map[string]int

func headerColumns(header []string) columns {
	cols := make(columns, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		h = strings.Trim(h, `"'`)
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	return cols
}

// matches reports whether cols fit the spec.
func (s *csvSpec) matches(cols columns) bool {
	for _, c := range s.required {
		if _, ok := cols[c]; !ok {
			return false
		}
	}
	for _, c := range s.excluded {
		if _, ok := cols[c]; ok {
			return false
		}
	}
	return true
}

// csvRow is one data row with its header.
type csvRow struct {
	cols   columns
	fields []string
	line   int
}

// get returns the named column's field, trimmed, or "" when the header or
// the row lacks it.
func (r csvRow) get(name string) string {
	i, ok := r.cols[name]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// raw returns the named column's field as written.
func (r csvRow) raw(name string) string {
	i, ok := r.cols[name]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return r.fields[i]
}

// csvBatchItems is how many items a CSV batch collects before it is emitted.
const csvBatchItems = 2048

// decodeCSV reads a CSV format: a header row, then one record per row.
func (d *decoder) decodeCSV(br *bufio.Reader, f Format) error {
	spec := specFor(f)
	if spec == nil {
		return botsweep.Errorf(botsweep.EINVALID, "%s: format %q is not a CSV format", d.opts.Name, f)
	}
	cr := newCSVReader(br, d.opts.MaxRecordBytes)
	header, _, err := cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return botsweep.Errorf(botsweep.EINVALID, "%s: %s: malformed CSV header: %w", d.opts.Name, f, pe.Err)
		}
		var tl *lineTooLong
		if errors.As(err, &tl) {
			return botsweep.Errorf(botsweep.EINVALID, "%s: %s: the CSV header %s", d.opts.Name, f, tl)
		}
		if err == io.EOF {
			return nil
		}
		return err
	}
	header = slices.Clone(header)
	cols := headerColumns(header)
	rowFn := spec.row
	need := 0
	if f == FormatShares && d.opts.Shares != nil {
		ix, err := d.opts.Shares.resolve(cols)
		if err != nil {
			return botsweep.Errorf(botsweep.EINVALID, "%s: %w; its header is %s", d.opts.Name, err, quoteShort([]byte(strings.Join(header, ","))))
		}
		d.shares, need = &ix, ix.need
		rowFn = mappedShareRow
	} else {
		for _, c := range spec.required {
			if _, ok := cols[c]; !ok {
				return botsweep.Errorf(botsweep.EINVALID, "%s: the %s header needs the columns %s; it has %s",
					d.opts.Name, f, strings.Join(spec.required, ","), quoteShort([]byte(strings.Join(header, ","))))
			}
		}
		for _, c := range spec.required {
			if cols[c]+1 > need {
				need = cols[c] + 1
			}
		}
		if f == FormatShares {
			ix, _ := (&ShareTable{Columns: DefaultShareColumns}).resolve(cols)
			d.shares = &ix
			rowFn = mappedShareRow
		}
	}
	rows := &csvRows{d: d, cr: cr, cols: cols, header: header, need: need, row: rowFn}
	if d.opts.Workers == 1 {
		return rows.serial()
	}
	return rows.pipelined()
}

// csvRows turns the records of a CSV input into batches.
type csvRows struct {
	d      *decoder
	cr     *csvReader
	cols   columns
	header []string
	need   int
	row    func(*decoder, csvRow, *batch) string
}

// fill reads records into b until it holds csvBatchItems items or the
// input ends (eof). It only reads the decoder's options, so it may run
// beside emit.
func (r *csvRows) fill(b *batch) (eof bool, err error) {
	for len(b.items) < csvBatchItems {
		fields, line, err := r.cr.Read()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			var pe *csv.ParseError
			var tl *lineTooLong
			switch {
			case errors.As(err, &pe):
				b.reject(pe.StartLine, "malformed CSV: "+pe.Err.Error())
			case errors.As(err, &tl):
				b.reject(tl.line, tl.Error())
			default:
				return false, err
			}
			continue
		}
		if len(fields) < r.need {
			b.reject(line, fmt.Sprintf("row has %d fields, the header has %d", len(fields), len(r.header)))
			continue
		}
		m := b.mark()
		reason := r.row(r.d, csvRow{cols: r.cols, fields: fields, line: line}, b)
		if reason == "" {
			reason = r.d.check(b, m)
		}
		if reason != "" {
			b.undo(m)
			b.reject(line, reason)
		}
	}
	return false, nil
}

func (r *csvRows) newBatch() *batch {
	b := batchPool.Get().(*batch)
	b.reset()
	b.file = r.d.opts.Name
	return b
}

func putBatch(b *batch) { b.reset(); batchPool.Put(b) }

// serial parses and emits on the calling goroutine (Options.Workers 1).
func (r *csvRows) serial() error {
	b := r.newBatch()
	defer putBatch(b)
	for {
		eof, err := r.fill(b)
		if err != nil {
			return err
		}
		if !eof {
			if err := r.d.ctx.Err(); err != nil {
				return err
			}
		}
		if err := r.d.emit(b); err != nil || eof {
			return err
		}
		b.reset()
	}
}

// pipelined parses on one goroutine while the calling one emits the
// batch before to the sink: the sink (interning, encoding) and the parse
// each take about half of a share row's time. Batches are emitted in
// input order, so rejects and records reach the sink as in serial.
func (r *csvRows) pipelined() error {
	const depth = 2
	full := make(chan *batch, depth)
	free := make(chan *batch, depth+1)
	stop := make(chan struct{})
	var parseErr error
	go func() {
		defer close(full)
		for {
			var b *batch
			select {
			case b = <-free:
			default:
				b = r.newBatch()
			}
			eof, err := r.fill(b)
			if err != nil {
				parseErr = err
				putBatch(b)
				return
			}
			select {
			case full <- b:
			case <-stop:
				putBatch(b)
				return
			}
			if eof {
				return
			}
		}
	}()
	var err error
	for b := range full {
		if err == nil {
			if err = r.d.ctx.Err(); err == nil {
				err = r.d.emit(b)
			}
			if err != nil {
				close(stop)
			}
		}
		b.reset()
		select {
		case free <- b:
		default:
			putBatch(b)
		}
	}
	for len(free) > 0 {
		putBatch(<-free)
	}
	if err != nil {
		return err
	}
	return parseErr
}

func followRow(d *decoder, r csvRow, b *batch) string {
	f := botsweep.Follow{Follower: r.get("follower_id"), Followee: r.get("followee_id")}
	switch {
	case f.Follower == "":
		return "row has an empty follower_id"
	case f.Followee == "":
		return "row has an empty followee_id"
	}
	b.addFollow(f)
	return ""
}

// mappedShareRow reads a share-table row through d.shares.
func mappedShareRow(d *decoder, r csvRow, b *batch) string {
	ix := d.shares
	field := func(i int) string {
		if i < 0 || i >= len(r.fields) {
			return ""
		}
		return strings.TrimSpace(r.fields[i])
	}
	obj, acc, id, ts := field(ix.object), field(ix.account), field(ix.content), field(ix.time)
	switch {
	case id == "":
		return "row has an empty " + ix.names.Content
	case acc == "":
		return "row has an empty " + ix.names.Account
	case obj == "":
		return "row has an empty " + ix.names.Object
	}
	tf := TimeFormat{}
	if d.opts.Shares != nil {
		tf = d.opts.Shares.Time
	}
	t, ok := tf.Parse(ts)
	if !ok {
		if tf.name == "" {
			return fmt.Sprintf("%s %q is not unix seconds", ix.names.Time, ts)
		}
		return fmt.Sprintf("%s %q is not a %s time", ix.names.Time, ts, tf)
	}
	if t.IsZero() { // year 1: checkTime takes a zero time for none
		return fmt.Sprintf("post time %s is before %d", t.Format(time.RFC3339), EarliestTime.Year())
	}
	if h := field(ix.handle); h != "" {
		a := b.newAccount()
		a.ID, a.ScreenName = acc, h
	}
	p := b.newPost()
	p.ID, p.AccountID, p.Kind, p.RetweetOf, p.CreatedAt = ShareID(id, obj), acc, botsweep.KindRetweet, obj, t
	if ix.text >= 0 && ix.text < len(r.fields) {
		p.Text = r.fields[ix.text]
	}
	if u := field(ix.url); u != "" {
		p.URLs = []string{u}
		p.Domains = []string{b.domain(u)}
	}
	return ""
}

// ShareID is the post id of a share-table row: content_id and object_id
// joined by '/'. A share table may list one content as a share of two
// objects (40 rows of the CooRTweet sample data do); each is a distinct
// share and is kept, while a row repeated exactly dedupes.
func ShareID(contentID, objectID string) string { return contentID + "/" + objectID }

// parseUnix parses unix seconds, integral or fractional.
func parseUnix(s string) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < -1e11 || n > 1e11 {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f < -1e11 || f > 1e11 {
		return time.Time{}, false
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
}

// RetweetPairID is the synthetic post id a retweet-pairs row gets: the
// same pair always gives the same id.
func RetweetPairID(retweetedID, userID string) string {
	return "rt:" + retweetedID + ":" + userID
}

func retweetPairRow(d *decoder, r csvRow, b *batch) string {
	obj, acc := r.get("retweeted_id"), r.get("user_id")
	switch {
	case obj == "":
		return "row has an empty retweeted_id"
	case acc == "":
		return "row has an empty user_id"
	}
	p := b.newPost()
	p.ID, p.AccountID, p.Kind, p.RetweetOf = RetweetPairID(obj, acc), acc, botsweep.KindRetweet, obj
	return ""
}

func registrationRow(d *decoder, r csvRow, b *batch) string {
	dom := strings.ToLower(r.get("domain"))
	if dom == "" {
		return "row has an empty domain"
	}
	var at time.Time
	if s := r.get("registered_at"); s != "" {
		t, ok := parseFlexTime(s)
		if !ok {
			return fmt.Sprintf("registered_at %q is not a time (want RFC 3339 or 2006-01-02)", s)
		}
		at = t
	}
	reg := b.newRegistration()
	reg.Domain, reg.Registrant, reg.RegisteredAt, reg.Received = dom, r.get("registrant"), at, d.now
	return ""
}
