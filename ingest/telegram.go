package ingest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/zeebo/xxh3"
)

// Telegram Desktop's JSON export (result.json), read as a share table:
// every forwarded message (one with forwarded_from) is a share, by the
// chat or user it was forwarded by (from_id), of the source message; the
// export does not carry the source message's id, so the object is the
// source's name with a hash of the text ("tg:SOURCE:HASH"). Other messages
// are not shares and are skipped. A single chat's export (top-level
// "messages") and a whole account's (chats.list[].messages) are both read,
// streaming, one message at a time.

// tgMessage is the part of an exported message botsweep reads.
type tgMessage struct {
	ID            json.Number     `json:"id"`
	Type          string          `json:"type"`
	Date          string          `json:"date"`
	DateUnix      string          `json:"date_unixtime"`
	FromID        string          `json:"from_id"`
	ForwardedFrom json.RawMessage `json:"forwarded_from"`
	Text          json.RawMessage `json:"text"`
}

// lineCounter counts the lines of what is read through it, so that a
// json.Decoder's InputOffset can be turned into a line.
type lineCounter struct {
	r    io.Reader
	off  int64
	nl   []int64 // offsets of newlines past the last lineAt
	base int     // newlines before nl[0]
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.nl = append(l.nl, l.off+int64(i))
		}
	}
	l.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off; offsets must not
// decrease from call to call.
func (l *lineCounter) lineAt(off int64) int {
	i := 0
	for i < len(l.nl) && l.nl[i] < off {
		i++
	}
	l.base += i
	l.nl = l.nl[i:]
	return l.base + 1
}

// tgDecoder holds one Telegram export's decoding state.
type tgDecoder struct {
	d   *decoder
	lc  *lineCounter
	dec *json.Decoder
	b   *batch
}

func (d *decoder) decodeTelegram(br *bufio.Reader) error {
	lc := &lineCounter{r: br}
	t := &tgDecoder{d: d, lc: lc, dec: json.NewDecoder(lc)}
	t.dec.UseNumber()
	t.b = batchPool.Get().(*batch)
	defer func() { t.b.reset(); batchPool.Put(t.b) }()
	t.b.reset()
	t.b.file = d.opts.Name
	if err := t.value("", ""); err != nil {
		return err
	}
	return d.emit(t.b)
}

// syntax turns a JSON syntax error into a clear EINVALID error at its line.
func (t *tgDecoder) syntax(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return botsweep.Errorf(botsweep.EINVALID, "%s:%d: invalid JSON: %s", t.d.opts.Name, t.lc.lineAt(se.Offset), se)
	}
	return botsweep.Errorf(botsweep.EINVALID, "%s:%d: invalid JSON: %w", t.d.opts.Name, t.lc.lineAt(t.dec.InputOffset()), err)
}

// value walks one JSON value, looking for "messages" arrays; chat is the
// id of the enclosing chat object as far as seen.
func (t *tgDecoder) value(key, chat string) error {
	tok, err := t.dec.Token()
	if err != nil {
		return t.syntax(err)
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch delim {
	case '{':
		for t.dec.More() {
			kt, err := t.dec.Token()
			if err != nil {
				return t.syntax(err)
			}
			k, _ := kt.(string)
			switch k {
			case "id":
				var v json.RawMessage
				if err := t.dec.Decode(&v); err != nil {
					return t.syntax(err)
				}
				chat = strings.Trim(string(v), `"`)
			case "messages":
				if err := t.messages(chat); err != nil {
					return err
				}
			default:
				if err := t.value(k, chat); err != nil {
					return err
				}
			}
		}
	case '[':
		for t.dec.More() {
			if err := t.value("", ""); err != nil {
				return err
			}
		}
	}
	if _, err := t.dec.Token(); err != nil { // the closing delimiter
		return t.syntax(err)
	}
	return nil
}

// messages reads a "messages" array, one message at a time.
func (t *tgDecoder) messages(chat string) error {
	tok, err := t.dec.Token()
	if err != nil {
		return t.syntax(err)
	}
	if tok != json.Delim('[') {
		return botsweep.Errorf(botsweep.EINVALID, "%s:%d: \"messages\" is not an array", t.d.opts.Name, t.lc.lineAt(t.dec.InputOffset()))
	}
	for t.dec.More() {
		if err := t.d.ctx.Err(); err != nil {
			return err
		}
		var raw json.RawMessage
		if err := t.dec.Decode(&raw); err != nil {
			return t.syntax(err)
		}
		line := t.lc.lineAt(t.dec.InputOffset() - int64(len(raw)))
		var m tgMessage
		err := json.Unmarshal(raw, &m)
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			t.b.reject(line, fmt.Sprintf("message field %q holds a JSON %s, not a %s", te.Field, te.Value, te.Type))
		case err != nil:
			t.b.reject(line, "invalid message: "+err.Error())
		default:
			mk := t.b.mark()
			reason := t.d.telegramShare(&m, chat, t.b)
			if reason == "" {
				reason = t.d.check(t.b, mk)
			}
			if reason != "" {
				t.b.undo(mk)
				t.b.reject(line, reason)
			}
		}
		if len(t.b.items) >= csvBatchItems {
			if err := t.d.emit(t.b); err != nil {
				return err
			}
			t.b.reset()
		}
	}
	if _, err := t.dec.Token(); err != nil {
		return t.syntax(err)
	}
	return nil
}

// telegramShare turns a forwarded message into a share post.
func (d *decoder) telegramShare(m *tgMessage, chat string, b *batch) string {
	if len(m.ForwardedFrom) == 0 || m.Type != "" && m.Type != "message" {
		return "" // not a forward: not a share
	}
	var source string
	if string(m.ForwardedFrom) != "null" {
		if err := json.Unmarshal(m.ForwardedFrom, &source); err != nil {
			return "message field \"forwarded_from\" is not a string"
		}
	}
	if source == "" {
		source = "(hidden)"
	}
	if m.ID == "" {
		return "message has no id"
	}
	if m.FromID == "" {
		return "forwarded message has no from_id"
	}
	var at time.Time
	switch {
	case m.DateUnix != "":
		n, err := strconv.ParseInt(m.DateUnix, 10, 64)
		if err != nil {
			return fmt.Sprintf("date_unixtime %q is not unix seconds", m.DateUnix)
		}
		at = time.Unix(n, 0).UTC()
	case m.Date != "":
		t, err := time.Parse("2006-01-02T15:04:05", m.Date)
		if err != nil {
			return fmt.Sprintf("date %q is not a Telegram export time (2006-01-02T15:04:05)", m.Date)
		}
		at = t.UTC()
	default:
		return "message has no date"
	}
	text := telegramText(m.Text)
	if chat == "" {
		chat = "chat"
	}
	p := b.newPost()
	p.RetweetOf = fmt.Sprintf("tg:%s:%016x", source, xxh3.HashString(text))
	p.ID = ShareID("tg:"+chat+":"+m.ID.String(), p.RetweetOf) // as a share-table row's
	p.AccountID = m.FromID
	p.Kind = botsweep.KindRetweet
	p.CreatedAt = at
	p.Text = text
	return ""
}

// telegramText flattens an exported text: a string, or an array of strings
// and {"type", "text"} entities.
func telegramText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []json.RawMessage
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var sb strings.Builder
	for _, p := range parts {
		var ps string
		if json.Unmarshal(p, &ps) == nil {
			sb.WriteString(ps)
			continue
		}
		var ent struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(p, &ent) == nil {
			sb.WriteString(ent.Text)
		}
	}
	return sb.String()
}
