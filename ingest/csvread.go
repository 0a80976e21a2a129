package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvReader reads CSV records as encoding/csv does (RFC 4180, lazy quotes,
// any number of fields, empty lines skipped), faster: a line without a
// double quote is split on commas directly, which is most lines of a share
// table or follow list. At the first line with a quote the rest of the
// input goes through encoding/csv, with line numbers carried on. Lines of
// the fast path are bounded by max bytes: a longer one is skipped and
// reported as a lineTooLong error, without holding it in memory.
type csvReader struct {
	br   *bufio.Reader
	max  int
	line int // lines consumed by the fast path

	slow    *csv.Reader // from the first quoted line on
	slowOff int         // lines the fast path consumed before slow began

	buf    []byte
	fields []string
}

// lineTooLong is a line of the fast path longer than the limit.
type lineTooLong struct {
	line, max int
}

func (e *lineTooLong) Error() string {
	return fmt.Sprintf("line is longer than the %s limit", sizeString(e.max))
}

func newCSVReader(br *bufio.Reader, max int) *csvReader {
	return &csvReader{br: br, max: max}
}

// Read returns the next record and the line it starts on. The fields are
// valid until the next Read. Errors: io.EOF at the end, *csv.ParseError
// (lines counted from the input's start) and *lineTooLong for a bad
// record that was skipped, any other error of the underlying reader.
func (r *csvReader) Read() ([]string, int, error) {
	if r.slow != nil {
		return r.readSlow()
	}
	for {
		b, tooLong, err := r.readLine()
		if len(b) == 0 && !tooLong && err != nil {
			return nil, 0, err
		}
		r.line++
		if tooLong {
			return nil, r.line, &lineTooLong{line: r.line, max: r.max}
		}
		if bytes.IndexByte(b, '"') >= 0 {
			// Quoted fields may hold commas and newlines: encoding/csv
			// reads from this line on.
			r.slow = csv.NewReader(io.MultiReader(bytes.NewReader(bytes.Clone(b)), r.br))
			r.slow.FieldsPerRecord = -1
			r.slow.ReuseRecord = true
			r.slow.LazyQuotes = true
			r.slowOff = r.line - 1
			return r.readSlow()
		}
		// What encoding/csv does at a line end: \r\n is \n, and a \r
		// before the end of input goes.
		b = bytes.TrimSuffix(b, []byte{'\n'})
		b = bytes.TrimSuffix(b, []byte{'\r'})
		if len(b) == 0 {
			if err != nil {
				return nil, 0, err
			}
			continue // empty lines are skipped
		}
		s := string(b)
		r.fields = r.fields[:0]
		for {
			i := strings.IndexByte(s, ',')
			if i < 0 {
				break
			}
			r.fields = append(r.fields, s[:i])
			s = s[i+1:]
		}
		r.fields = append(r.fields, s)
		return r.fields, r.line, nil
	}
}

// readLine returns the next line with its newline, if any: a slice of the
// reader's buffer or of r.buf, valid until the next call. tooLong means
// the line passed the limit and was read to its end but not kept.
func (r *csvReader) readLine() (line []byte, tooLong bool, err error) {
	frag, err := r.br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		if len(frag) > r.max+2 {
			return nil, true, ignoreEOF(err)
		}
		if len(frag) > 0 && err == io.EOF {
			err = nil
		}
		return frag, false, err
	}
	r.buf = append(r.buf[:0], frag...)
	for err == bufio.ErrBufferFull {
		frag, err = r.br.ReadSlice('\n')
		if !tooLong {
			if len(r.buf)+len(frag) > r.max+2 {
				tooLong = true
				r.buf = r.buf[:0]
			} else {
				r.buf = append(r.buf, frag...)
			}
		}
	}
	if tooLong {
		return nil, true, ignoreEOF(err)
	}
	if err == io.EOF {
		err = nil
	}
	return r.buf, false, err
}

// readSlow reads a record through encoding/csv.
func (r *csvReader) readSlow() ([]string, int, error) {
	fields, err := r.slow.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			pe.StartLine += r.slowOff
			pe.Line += r.slowOff
		}
		return nil, 0, err
	}
	line, _ := r.slow.FieldPos(0)
	return fields, line + r.slowOff, nil
}
