package ingest

import (
	"bytes"
	"html"

	"github.com/valyala/fastjson"
)

// packer gathers the strings of one record in one buffer so that they are
// allocated as one string and sliced from it: one allocation per record
// instead of one per field.
type packer struct {
	buf  []byte
	ends []int
}

// reset starts a new record.
func (p *packer) reset() {
	p.buf = p.buf[:0]
	p.ends = p.ends[:0]
}

// mark closes the current field and returns its index.
func (p *packer) mark() int {
	p.ends = append(p.ends, len(p.buf))
	return len(p.ends) - 1
}

// str adds v's string value ("" unless v is a string).
func (p *packer) str(v *fastjson.Value) int {
	if v != nil && v.Type() == fastjson.TypeString {
		b, _ := v.StringBytes()
		p.buf = append(p.buf, b...)
	}
	return p.mark()
}

// id adds v as an id: a string trimmed, a number as written.
func (p *packer) id(v *fastjson.Value) int {
	if v != nil {
		switch v.Type() {
		case fastjson.TypeString:
			b, _ := v.StringBytes()
			p.buf = append(p.buf, bytes.TrimSpace(b)...)
		case fastjson.TypeNumber:
			p.buf = v.MarshalTo(p.buf)
		}
	}
	return p.mark()
}

// bytes adds b.
func (p *packer) bytes(b []byte) int {
	p.buf = append(p.buf, b...)
	return p.mark()
}

// client adds a source field with its HTML stripped.
func (p *packer) client(v *fastjson.Value) int {
	if v == nil || v.Type() != fastjson.TypeString {
		return p.mark()
	}
	s, _ := v.StringBytes()
	start := len(p.buf)
	in := false
	for _, c := range s {
		switch {
		case c == '<':
			in = true
		case c == '>':
			in = false
		case !in:
			p.buf = append(p.buf, c)
		}
	}
	if bytes.IndexByte(p.buf[start:], '&') >= 0 {
		u := html.UnescapeString(string(p.buf[start:]))
		p.buf = append(p.buf[:start], u...)
	}
	t := bytes.TrimSpace(p.buf[start:])
	n := copy(p.buf[start:], t)
	p.buf = p.buf[:start+n]
	return p.mark()
}

// text adds tweet text with v1.1's &amp; &lt; &gt; unescaped.
func (p *packer) text(v *fastjson.Value) int {
	if v == nil || v.Type() != fastjson.TypeString {
		return p.mark()
	}
	s, _ := v.StringBytes()
	if bytes.IndexByte(s, '&') < 0 {
		p.buf = append(p.buf, s...)
		return p.mark()
	}
	p.buf = append(p.buf, unescapeText(string(s))...)
	return p.mark()
}

// packed is a record's packed strings.
type packed struct {
	all  string
	ends []int
}

// done returns the record's strings; the packer may be reused after.
func (p *packer) done() packed {
	return packed{all: string(p.buf), ends: p.ends}
}

// get returns field i.
func (s packed) get(i int) string {
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.all[start:s.ends[i]]
}
