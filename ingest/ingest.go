// Package ingest reads platform exports and reference files and writes them
// to a botsweep.Sink as domain records.
//
// Each input format has its own reader; Decode tells them apart by content
// (Sniff), undoes gzip, parses JSON-lines input on several goroutines and
// emits every record in input order. A malformed line, row or array element
// is reported through Options.OnReject with its file, line and a reason, and
// the records around it are kept. docs/FORMATS.md describes every format and
// what it maps to.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/botsweep/botsweep"
)

// Format names an input format.
type Format string

// The input formats. FormatAuto asks Decode to sniff the format from the
// content.
const (
	FormatAuto                Format = "auto"
	FormatTwitterV1           Format = "twitter-v1"
	FormatProfileProbes       Format = "profile-probes"
	FormatTwarc2              Format = "twarc2"
	FormatIOUsers             Format = "io-users"
	FormatIOTweets            Format = "io-tweets"
	FormatFollows             Format = "follows"
	FormatShares              Format = "shares"
	FormatRetweetPairs        Format = "retweet-pairs"
	FormatPriorOperations     Format = "prior-operations"
	FormatDomainRegistrations Format = "domain-registrations"
	FormatCampaigns           Format = "campaigns"
	FormatTelegram            Format = "telegram"
)

var allFormats = []Format{
	FormatTwitterV1, FormatProfileProbes, FormatTwarc2,
	FormatIOUsers, FormatIOTweets,
	FormatFollows, FormatShares, FormatRetweetPairs,
	FormatPriorOperations, FormatDomainRegistrations, FormatCampaigns,
	FormatTelegram,
	FormatJetstream, FormatFirehose, FormatRepoCAR,
}

// Formats returns every format Decode knows, FormatAuto excluded.
func Formats() []Format {
	return append([]Format(nil), allFormats...)
}

// formatList is the known formats as a comma-separated list, for errors.
func formatList() string {
	names := make([]string, len(allFormats))
	for i, f := range allFormats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// ParseFormat returns the Format named s ("" means FormatAuto), or an
// EINVALID error naming the known formats.
func ParseFormat(s string) (Format, error) {
	if s == "" || s == string(FormatAuto) {
		return FormatAuto, nil
	}
	for _, f := range allFormats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", botsweep.Errorf(botsweep.EINVALID, "unknown format %q: botsweep knows auto, %s", s, formatList())
}

// Reject is one bad record: where it is and why it was skipped.
type Reject struct {
	File   string `json:"file"`
	Line   int    `json:"line"` // 1-based line of the record's first line
	Reason string `json:"reason"`
}

// String formats the reject as "file:line: reason".
func (r Reject) String() string { return fmt.Sprintf("%s:%d: %s", r.File, r.Line, r.Reason) }

// DefaultMaxRecordBytes is the default Options.MaxRecordBytes: far above
// any tweet, user or twarc2 page, and small enough that a rogue record
// cannot take much memory.
const DefaultMaxRecordBytes = 16 << 20

// Options configure Decode. The zero value sniffs the format, stamps
// reference records with time.Now, keeps going past bad records and parses
// on every core.
type Options struct {
	// Format of the input; "" or FormatAuto sniffs it from the content.
	Format Format
	// Name is the file name used in rejects ("-" for stdin). Default "-".
	Name string
	// Now stamps Received on reference records (prior operations, domain
	// registrations, campaigns); it is called once per Decode. Default
	// time.Now.
	Now botsweep.Clock
	// OnReject is called, in input order, for each bad record. A non-nil
	// return stops Decode with that error (--strict). Default: ignore.
	OnReject func(Reject) error
	// Workers is the parse parallelism for JSON input; CSV input is
	// parsed on one goroutine beside the one writing to the sink unless
	// Workers is 1. Default runtime.GOMAXPROCS(0); 1 parses on the
	// calling goroutine.
	Workers int
	// MaxRecordBytes caps one line or array element; a longer one is
	// rejected and skipped without being held in memory (a quoted CSV
	// field that spans lines is not capped). Default DefaultMaxRecordBytes.
	MaxRecordBytes int
	// Shares says how to read a share table (FormatShares): its columns
	// and time format. Default (nil): DefaultShareColumns, unix seconds.
	Shares *ShareTable
	// MaxRejects is how many rejects of one input are passed to OnReject
	// with their detail; the rest are only counted in Result.Rejected.
	// Default DefaultMaxRejects; negative means no limit.
	MaxRejects int
	// Jetstream carries Jetstream reading state (handles, profiles, the
	// cursor) across Decode calls of one stream; nil gives each Decode its
	// own.
	Jetstream *JetstreamState
}

// DefaultMaxRejects is the default Options.MaxRejects.
const DefaultMaxRejects = 10000

// Result summarises one Decode.
type Result struct {
	Format   Format `json:"format"`             // the format read (sniffed or given)
	Records  int64  `json:"records"`            // records written to the sink
	Rejected int64  `json:"rejected"`           // bad records (the first MaxRejects reported through OnReject)
	Repaired int64  `json:"repaired,omitempty"` // records kept with invalid UTF-8 text replaced
	Bytes    int64  `json:"bytes"`              // bytes of content read, after gunzip
}

// Decode reads one input stream (gzip detected by its magic bytes and
// undone) and writes every valid record to sink in input order, from one
// goroutine. The records passed to sink are valid only during the call.
//
// A tweet yields its author's Account snapshot before the Post, and a
// retweet or quote yields the embedded original (author, then post) before
// them. Share tables, retweet pairs and follows yield only Posts or Follows:
// their accounts are known by id only. An empty input yields no records and
// no error.
//
// Errors: EINVALID for an unknown or unsniffable format, a CSV header that
// lacks the format's columns, or unreadable gzip; the error of OnReject or
// of sink when they fail; ctx's error when it is done.
func Decode(ctx context.Context, r io.Reader, opts Options, sink botsweep.Sink) (res Result, err error) {
	if opts.Name == "" {
		opts.Name = "-"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxRecordBytes <= 0 {
		opts.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if opts.MaxRejects == 0 {
		opts.MaxRejects = DefaultMaxRejects
	}
	res = Result{Format: opts.Format}
	if res.Format == "" {
		res.Format = FormatAuto
	}
	if res.Format != FormatAuto {
		if _, err := ParseFormat(string(res.Format)); err != nil {
			return res, err
		}
	}

	raw := getReader(r)
	defer func() { raw.Reset(nil); readerPool.Put(raw) }()
	var in io.Reader = raw
	if magic, _ := raw.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			return res, botsweep.Errorf(botsweep.EINVALID, "%s: reading gzip: %w", opts.Name, err)
		}
		defer zr.Close()
		in = zr
	}
	cr := &countReader{r: in, name: opts.Name, gzip: in != io.Reader(raw)}
	br := getReader(cr)
	defer func() {
		res.Bytes = cr.n - int64(br.Buffered())
		br.Reset(nil)
		readerPool.Put(br)
	}()

	// Skip a byte-order mark; look at the head for sniffing and framing.
	if bom, _ := br.Peek(3); bytes.Equal(bom, utf8BOM) {
		br.Discard(3)
	}
	head, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return res, cr.wrap(err)
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 || isEmptyArray(trimmed) {
		return res, nil // nothing to read
	}
	if res.Format == FormatAuto {
		f, err := Sniff(head)
		if err != nil {
			return res, withName(opts.Name, err)
		}
		res.Format = f
	}

	d := &decoder{ctx: ctx, opts: &opts, sink: sink, res: &res, now: opts.Now().UTC()}
	switch res.Format {
	case FormatJetstream:
		err = d.decodeJetstream(br)
	case FormatFirehose:
		err = d.decodeFirehose(br)
	case FormatRepoCAR:
		err = d.decodeRepoCAR(br)
	case FormatTwitterV1, FormatProfileProbes, FormatTwarc2, FormatPriorOperations, FormatCampaigns:
		err = d.decodeJSON(br, jsonParserFor(res.Format))
	case FormatTelegram:
		err = d.decodeTelegram(br)
	default:
		err = d.decodeCSV(br, res.Format)
	}
	if err != nil {
		return res, cr.wrap(err)
	}
	return res, nil
}

// readerPool recycles Decode's read buffers, so that decoding many small
// inputs (Kafka messages) does not allocate them each time.
var readerPool sync.Pool

func getReader(r io.Reader) *bufio.Reader {
	if br, ok := readerPool.Get().(*bufio.Reader); ok {
		br.Reset(r)
		return br
	}
	return bufio.NewReaderSize(r, 256<<10)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// sniffBytes is how much of the content Decode looks at to sniff.
const sniffBytes = 64 << 10

// isEmptyArray reports whether b (left-trimmed) is an empty JSON array and
// nothing else.
func isEmptyArray(b []byte) bool {
	if len(b) == 0 || b[0] != '[' {
		return false
	}
	rest := bytes.TrimSpace(b[1:])
	return len(rest) == 1 && rest[0] == ']'
}

func withName(name string, err error) error {
	if e, ok := err.(*botsweep.Error); ok {
		return botsweep.Errorf(e.Code, "%s: %s", name, e.Message)
	}
	return err
}

// countReader counts bytes read and marks read errors so Decode can tell
// them from sink and reject errors.
type countReader struct {
	r    io.Reader
	n    int64
	name string
	gzip bool
	err  error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// wrap turns a read error of the input into a clear EINVALID error.
func (c *countReader) wrap(err error) error {
	if err != nil && c.err != nil && err == c.err {
		if c.gzip {
			return botsweep.Errorf(botsweep.EINVALID, "%s: reading gzip: %w", c.name, err)
		}
		return botsweep.Errorf(botsweep.EINVALID, "%s: reading: %w", c.name, err)
	}
	return err
}

// decoder holds one Decode's state.
type decoder struct {
	ctx    context.Context
	opts   *Options
	sink   botsweep.Sink
	res    *Result
	now    time.Time
	shares *shareIndex // a share table's columns
}

// emit writes a parsed batch to the sink and rejects to OnReject, in order.
func (d *decoder) emit(b *batch) error {
	d.res.Repaired += b.repaired
	b.repaired = 0
	if h, ok := d.sink.(botsweep.PostHinter); ok && len(b.posts) > 1 {
		h.HintPosts(b.posts)
	}
	for _, it := range b.items {
		var err error
		switch it.kind {
		case itemAccount:
			err = d.sink.Account(&b.accounts[it.idx])
		case itemPost:
			err = d.sink.Post(&b.posts[it.idx])
		case itemFollow:
			err = d.sink.Follow(b.follows[it.idx])
		case itemOperation:
			err = d.sink.PriorOperation(&b.ops[it.idx])
		case itemRegistration:
			err = d.sink.DomainRegistration(&b.regs[it.idx])
		case itemCampaign:
			err = d.sink.Campaign(&b.camps[it.idx])
		case itemReject:
			d.res.Rejected++
			if d.opts.OnReject != nil && (d.opts.MaxRejects < 0 || d.res.Rejected <= int64(d.opts.MaxRejects)) {
				if err := d.opts.OnReject(b.rejects[it.idx]); err != nil {
					return err
				}
			}
			continue
		}
		if err != nil {
			return err
		}
		d.res.Records++
	}
	return nil
}

type itemKind uint8

const (
	itemAccount itemKind = iota
	itemPost
	itemFollow
	itemOperation
	itemRegistration
	itemCampaign
	itemReject
)

type item struct {
	kind itemKind
	idx  int32
}

// batch is the parsed output of a run of input records, in order. Its
// slices are reused from batch to batch.
type batch struct {
	file     string
	items    []item
	accounts []botsweep.Account
	posts    []botsweep.Post
	follows  []botsweep.Follow
	ops      []botsweep.PriorOperation
	regs     []botsweep.DomainRegistration
	camps    []botsweep.Campaign
	rejects  []Reject
	repaired int64             // records kept with invalid UTF-8 replaced
	domains  map[string]string // host -> registrable domain cache
	pk       packer            // string packing scratch
}

func (b *batch) reset() {
	b.items = b.items[:0]
	clear(b.accounts)
	b.accounts = b.accounts[:0]
	clear(b.posts)
	b.posts = b.posts[:0]
	b.follows = b.follows[:0]
	clear(b.ops)
	b.ops = b.ops[:0]
	clear(b.regs)
	b.regs = b.regs[:0]
	clear(b.camps)
	b.camps = b.camps[:0]
	b.rejects = b.rejects[:0]
	b.repaired = 0
}

// mark is a position in a batch, to undo a record's partial output.
type mark struct{ items, accounts, posts, follows, ops, regs, camps int }

func (b *batch) mark() mark {
	return mark{len(b.items), len(b.accounts), len(b.posts), len(b.follows), len(b.ops), len(b.regs), len(b.camps)}
}

func (b *batch) undo(m mark) {
	b.items = b.items[:m.items]
	clear(b.accounts[m.accounts:])
	b.accounts = b.accounts[:m.accounts]
	clear(b.posts[m.posts:])
	b.posts = b.posts[:m.posts]
	b.follows = b.follows[:m.follows]
	b.ops = b.ops[:m.ops]
	b.regs = b.regs[:m.regs]
	b.camps = b.camps[:m.camps]
}

func (b *batch) newAccount() *botsweep.Account {
	b.items = append(b.items, item{itemAccount, int32(len(b.accounts))})
	b.accounts = append(b.accounts, botsweep.Account{})
	return &b.accounts[len(b.accounts)-1]
}

func (b *batch) newPost() *botsweep.Post {
	b.items = append(b.items, item{itemPost, int32(len(b.posts))})
	b.posts = append(b.posts, botsweep.Post{})
	return &b.posts[len(b.posts)-1]
}

func (b *batch) addFollow(f botsweep.Follow) {
	b.items = append(b.items, item{itemFollow, int32(len(b.follows))})
	b.follows = append(b.follows, f)
}

func (b *batch) newOperation() *botsweep.PriorOperation {
	b.items = append(b.items, item{itemOperation, int32(len(b.ops))})
	b.ops = append(b.ops, botsweep.PriorOperation{})
	return &b.ops[len(b.ops)-1]
}

func (b *batch) newRegistration() *botsweep.DomainRegistration {
	b.items = append(b.items, item{itemRegistration, int32(len(b.regs))})
	b.regs = append(b.regs, botsweep.DomainRegistration{})
	return &b.regs[len(b.regs)-1]
}

func (b *batch) newCampaign() *botsweep.Campaign {
	b.items = append(b.items, item{itemCampaign, int32(len(b.camps))})
	b.camps = append(b.camps, botsweep.Campaign{})
	return &b.camps[len(b.camps)-1]
}

func (b *batch) reject(line int, reason string) {
	b.items = append(b.items, item{itemReject, int32(len(b.rejects))})
	b.rejects = append(b.rejects, Reject{File: b.file, Line: line, Reason: reason})
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}
