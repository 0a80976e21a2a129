package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/valyala/fastjson"
)

// rawRec is one framed input record: bytes buf[off:end] of its chunk,
// starting on line. A non-empty reason rejects it without parsing.
type rawRec struct {
	off, end int
	line     int
	reason   string
}

// chunk is a run of framed records parsed together by one worker.
type chunk struct {
	buf  []byte
	recs []rawRec
	out  *batch
	done chan struct{}
}

// Chunk limits: a chunk is handed to a worker once it holds this many bytes
// or records.
const (
	chunkBytes   = 512 << 10
	chunkRecords = 4096
)

var chunkPool = sync.Pool{New: func() any { return &chunk{buf: make([]byte, 0, 16<<10)} }}

func getChunk() *chunk {
	c := chunkPool.Get().(*chunk)
	c.buf = c.buf[:0]
	c.recs = c.recs[:0]
	c.done = make(chan struct{})
	if c.out == nil {
		c.out = batchPool.Get().(*batch)
	}
	return c
}

func putChunk(c *chunk) {
	if cap(c.buf) > 4*chunkBytes {
		c.buf = nil // a huge record grew it; let it go
	}
	c.out.reset()
	chunkPool.Put(c)
}

// framer fills chunks with records from the input.
type framer interface {
	// fill appends records to c until it is full; eof reports the input is
	// exhausted.
	fill(c *chunk) (eof bool, err error)
}

// recordParser parses one JSON record into b and returns a reject reason,
// or "" when the record was good. On a reject, what it added is undone.
type recordParser func(st *parseState, rec []byte, b *batch) string

// parseState is one worker's reusable parsing state.
type parseState struct {
	p        fastjson.Parser
	received time.Time // Received stamp of reference records
	errLines int       // lines into the record of the last JSON syntax error
}

// parseStatePool recycles parsers with their grown caches.
var parseStatePool sync.Pool

func getParseState(received time.Time) *parseState {
	st, ok := parseStatePool.Get().(*parseState)
	if !ok {
		st = &parseState{}
	}
	st.received = received
	return st
}

// decodeJSON frames JSON input (lines, or the elements of one top-level
// array) and parses it on opts.Workers goroutines, emitting in order.
func (d *decoder) decodeJSON(br *bufio.Reader, parse recordParser) error {
	var fr framer
	if first := firstNonSpace(br); first == '[' {
		fr = &arrayFramer{br: br, max: d.opts.MaxRecordBytes}
	} else {
		fr = &lineFramer{br: br, max: d.opts.MaxRecordBytes}
	}
	// Input that fits one chunk (a Kafka message, a reference file) and
	// Workers == 1 are parsed here, without goroutines.
	st := getParseState(d.now)
	defer parseStatePool.Put(st)
	for {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		c := getChunk()
		eof, err := fr.fill(c)
		if !eof && err == nil && d.opts.Workers > 1 {
			return d.pipeline(fr, parse, c)
		}
		d.parseChunk(st, c, parse)
		if e := d.emit(c.out); e != nil {
			putChunk(c)
			return e
		}
		putChunk(c)
		if err != nil {
			return err
		}
		if eof {
			return nil
		}
	}
}

// pipeline runs the framer, opts.Workers parsers and the in-order emitter;
// first is an already framed chunk.
func (d *decoder) pipeline(fr framer, parse recordParser, first *chunk) error {
	ctx, cancel := context.WithCancel(d.ctx)
	defer cancel()
	workers := d.opts.Workers
	jobs := make(chan *chunk, workers)
	ordered := make(chan *chunk, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := getParseState(d.now)
			defer parseStatePool.Put(st)
			for c := range jobs {
				d.parseChunk(st, c, parse)
				close(c.done)
			}
		}()
	}
	var frameErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(jobs)
		defer close(ordered)
		for {
			c, eof, err := first, false, error(nil)
			if c != nil {
				first = nil
			} else {
				c = getChunk()
				eof, err = fr.fill(c)
			}
			if len(c.recs) > 0 {
				select {
				case ordered <- c:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- c:
				case <-ctx.Done():
					return
				}
			} else {
				putChunk(c)
			}
			if err != nil {
				frameErr = err
				return
			}
			if eof {
				return
			}
		}
	}()

	var err error
	for c := range ordered {
		select {
		case <-c.done:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			break
		}
		err = d.emit(c.out)
		putChunk(c)
		if err != nil {
			break
		}
	}
	if err != nil {
		cancel()
		for range ordered {
		}
		wg.Wait()
		return err
	}
	wg.Wait()
	if err := d.ctx.Err(); err != nil {
		return err
	}
	return frameErr
}

// parseChunk parses every record of c into c.out.
func (d *decoder) parseChunk(st *parseState, c *chunk, parse recordParser) {
	b := c.out
	b.reset()
	b.file = d.opts.Name
	for _, r := range c.recs {
		if r.reason != "" {
			b.reject(r.line, r.reason)
			continue
		}
		rec := c.buf[r.off:r.end]
		if isBlank(rec) {
			continue
		}
		m := b.mark()
		st.errLines = 0
		reason := parse(st, rec, b)
		if reason == "" {
			reason = d.check(b, m)
		}
		if reason != "" {
			b.undo(m)
			b.reject(r.line+st.errLines, reason)
		}
	}
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// firstNonSpace returns the first byte that is not white space without
// consuming it, or 0 at end of input.
func firstNonSpace(br *bufio.Reader) byte {
	for n := 1; ; n *= 2 {
		b, err := br.Peek(n)
		for _, c := range b {
			if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
				return c
			}
		}
		if err != nil || n >= br.Size() {
			return 0
		}
	}
}

// lineFramer frames JSON lines: one record per line.
type lineFramer struct {
	br   *bufio.Reader
	max  int
	line int
}

func (f *lineFramer) fill(c *chunk) (bool, error) {
	for len(c.buf) < chunkBytes && len(c.recs) < chunkRecords {
		start := len(c.buf)
		tooLong, got := false, false
		var rerr error
		for {
			frag, err := f.br.ReadSlice('\n')
			if len(frag) > 0 {
				got = true
				if !tooLong {
					if len(c.buf)-start+len(frag) > f.max+2 {
						tooLong = true
						c.buf = c.buf[:start]
					} else {
						c.buf = append(c.buf, frag...)
					}
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			rerr = err
			break
		}
		if !got {
			if rerr == io.EOF {
				return true, nil
			}
			return false, rerr
		}
		f.line++
		end := len(c.buf)
		for end > start && (c.buf[end-1] == '\n' || c.buf[end-1] == '\r') {
			end--
		}
		r := rawRec{off: start, end: end, line: f.line}
		if tooLong {
			r.reason = fmt.Sprintf("line is longer than the %s limit", sizeString(f.max))
		} else if end-start > f.max {
			r.reason = fmt.Sprintf("line is longer than the %s limit", sizeString(f.max))
		}
		c.recs = append(c.recs, r)
		if rerr == io.EOF {
			return true, nil
		}
		if rerr != nil {
			return false, rerr
		}
	}
	return false, nil
}

func sizeString(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}

// arrayFramer frames the elements of one top-level JSON array. It splits
// at commas outside strings and brackets, so a malformed element is
// rejected on its own and the elements after it are kept.
type arrayFramer struct {
	br      *bufio.Reader
	max     int
	line    int // current line, 1-based once started
	started bool
	done    bool
}

func (f *arrayFramer) readByte() (byte, error) {
	c, err := f.br.ReadByte()
	if err == nil && c == '\n' {
		f.line++
	}
	return c, err
}

func (f *arrayFramer) skipSpace() (byte, error) {
	for {
		c, err := f.readByte()
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
	}
}

func (f *arrayFramer) fill(c *chunk) (bool, error) {
	if f.done {
		return true, nil
	}
	if !f.started {
		f.started = true
		f.line = 1
		ch, err := f.skipSpace()
		if err != nil {
			return true, ignoreEOF(err)
		}
		if ch != '[' {
			c.recs = append(c.recs, rawRec{line: f.line, reason: "expected a JSON array"})
			f.done = true
			return true, nil
		}
	}
	for len(c.buf) < chunkBytes && len(c.recs) < chunkRecords {
		ch, err := f.skipSpace()
		if err == io.EOF {
			c.recs = append(c.recs, rawRec{line: f.line, reason: "the JSON array is not closed: unexpected end of input"})
			f.done = true
			return true, nil
		} else if err != nil {
			return false, err
		}
		if ch == ']' {
			f.done = true
			return true, f.trailer(c)
		}
		// One element: up to a ',' or ']' outside strings and brackets.
		r := rawRec{off: len(c.buf), line: f.line}
		depth, inStr, esc, tooLong := 0, false, false, false
		term := byte(0)
		for {
			if !inStr && depth == 0 && (ch == ',' || ch == ']') {
				term = ch
				break
			}
			if !tooLong {
				if len(c.buf)-r.off >= f.max {
					tooLong = true
					c.buf = c.buf[:r.off]
				} else {
					c.buf = append(c.buf, ch)
				}
			}
			switch {
			case inStr && esc:
				esc = false
			case inStr && ch == '\\':
				esc = true
			case inStr && ch == '"':
				inStr = false
			case inStr:
			case ch == '"':
				inStr = true
			case ch == '{' || ch == '[':
				depth++
			case ch == '}' || ch == ']':
				depth--
			}
			ch, err = f.readByte()
			if err != nil {
				break
			}
		}
		r.end = len(c.buf)
		for r.end > r.off && isSpace(c.buf[r.end-1]) {
			r.end--
		}
		switch {
		case tooLong:
			r.reason = fmt.Sprintf("array element is longer than the %s limit", sizeString(f.max))
		case r.end == r.off:
			r.reason = "empty array element"
		}
		c.recs = append(c.recs, r)
		if err == io.EOF {
			c.recs = append(c.recs, rawRec{line: f.line, reason: "the JSON array is not closed: unexpected end of input"})
			f.done = true
			return true, nil
		} else if err != nil {
			return false, err
		}
		if term == ']' {
			f.done = true
			return true, f.trailer(c)
		}
	}
	return false, nil
}

// trailer rejects anything but white space after the array.
func (f *arrayFramer) trailer(c *chunk) error {
	_, err := f.skipSpace()
	if err == io.EOF {
		return nil
	} else if err != nil {
		return err
	}
	c.recs = append(c.recs, rawRec{line: f.line, reason: "unexpected data after the end of the JSON array"})
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func ignoreEOF(err error) error {
	if err == io.EOF {
		return nil
	}
	return err
}

// parseJSON parses rec with the worker's parser, returning a reject reason
// on a syntax error.
func (st *parseState) parseJSON(rec []byte) (*fastjson.Value, string) {
	v, err := st.p.ParseBytes(rec)
	if err != nil {
		reason, off := jsonErrorReason(rec, err)
		if off > 0 {
			st.errLines = bytes.Count(rec[:min(off, len(rec))], []byte{'\n'})
		}
		return nil, reason
	}
	return v, ""
}

// jsonErrorReason explains a JSON syntax error with the field it is in and
// its byte offset in the record (also returned, 0 when unknown).
func jsonErrorReason(rec []byte, fjErr error) (string, int) {
	var v any
	err := json.Unmarshal(rec, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset)
		if path := jsonPathAt(rec, off); path != "" {
			return fmt.Sprintf("invalid JSON in %s at byte %d: %s", path, se.Offset, se.Error()), off
		}
		return fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, se.Error()), off
	}
	msg := fjErr.Error()
	if i := strings.Index(msg, "; unparsed tail"); i >= 0 {
		msg = msg[:i]
	}
	return "invalid JSON: " + strings.TrimPrefix(msg, "cannot parse JSON: "), 0
}

// jsonPathAt returns the path of the value that byte offset off of rec is
// in, as "field", "a.b[2]" or "" at the top, scanning the JSON before it
// (which is well-formed up to a syntax error's offset).
func jsonPathAt(rec []byte, off int) string {
	type frame struct {
		obj       bool
		key       string
		idx       int
		expectKey bool
	}
	var stack []frame
	end := min(off-1, len(rec)) // the offset is just past the bad byte
	for i := 0; i < end; i++ {
		switch c := rec[i]; c {
		case '"':
			j := i + 1
			for j < end && rec[j] != '"' {
				if rec[j] == '\\' {
					j++
				}
				j++
			}
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expectKey && j <= end {
				var k string
				if json.Unmarshal(rec[i:min(j+1, len(rec))], &k) != nil {
					k = string(rec[i+1 : min(j, len(rec))])
				}
				stack[n-1].key = k
			}
			i = j
		case '{':
			stack = append(stack, frame{obj: true, expectKey: true})
		case '[':
			stack = append(stack, frame{})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ':':
			if n := len(stack); n > 0 {
				stack[n-1].expectKey = false
			}
		case ',':
			if n := len(stack); n > 0 {
				if stack[n-1].obj {
					stack[n-1].expectKey = true
					stack[n-1].key = ""
				} else {
					stack[n-1].idx++
				}
			}
		}
	}
	var sb strings.Builder
	for _, f := range stack {
		switch {
		case f.obj && f.key != "":
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(f.key)
		case !f.obj:
			fmt.Fprintf(&sb, "[%d]", f.idx)
		}
	}
	if sb.Len() == 0 {
		return ""
	}
	return fmt.Sprintf("%q", sb.String())
}
