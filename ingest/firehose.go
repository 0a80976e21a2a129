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

	comatproto "github.com/bluesky-social/indigo/api/atproto"
	"github.com/bluesky-social/indigo/atproto/atdata"
	"github.com/bluesky-social/indigo/atproto/repo"
	"github.com/bluesky-social/indigo/atproto/syntax"
	"github.com/ipfs/go-cid"
	"github.com/ipld/go-car"
	"github.com/valyala/fastjson"
	cbg "github.com/whyrusleeping/cbor-gen"
)

// The raw AT Protocol formats: the firehose (com.atproto.sync.subscribeRepos
// frames, as captured one after another to a file) and a repository CAR
// export (com.atproto.sync.getRepo). Both are mapped as their Jetstream
// events would be.
const (
	FormatFirehose Format = "atproto-firehose"
	FormatRepoCAR  Format = "atproto-car"
)

// sniffBinary tells the binary AT Protocol formats by their first bytes: a
// CAR file's varint-prefixed {"roots", "version"} header, a firehose
// frame's {"op", "t"} CBOR header.
func sniffBinary(head []byte) Format {
	if len(head) > 8 && head[0] < 0x80 && head[1] == 0xa2 && bytes.HasPrefix(head[2:], []byte("\x65roots")) {
		return FormatRepoCAR
	}
	if len(head) > 6 && head[0] == 0xa2 && (bytes.HasPrefix(head[1:], []byte("\x62op")) || bytes.HasPrefix(head[1:], []byte("\x61t"))) {
		return FormatFirehose
	}
	return ""
}

// decodeFirehose reads subscribeRepos frames in order. A frame that cannot
// be decoded is rejected with its number as the line; as frames have no
// other framing, the input ends there.
func (d *decoder) decodeFirehose(br *bufio.Reader) error {
	st := d.opts.Jetstream
	if st == nil {
		st = &JetstreamState{}
	}
	st.init()
	var p fastjson.Parser
	for frame := 1; ; frame++ {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		if _, err := br.Peek(1); err == io.EOF {
			return nil
		}
		events, reason := firehoseFrame(br)
		if reason != "" {
			return d.rejectAt(frame, reason+"; the frames after it cannot be framed")
		}
		if err := d.applyEvents(st, &p, frame, events); err != nil {
			return err
		}
	}
}

// applyEvents applies Jetstream-form events of one input record (a frame,
// a CAR record) at line.
func (d *decoder) applyEvents(st *JetstreamState, p *fastjson.Parser, line int, events [][]byte) error {
	for _, ev := range events {
		n, reason, err := st.event(p, ev, d.sink)
		if err != nil {
			return err
		}
		if reason != "" {
			if err := d.rejectAt(line, reason); err != nil {
				return err
			}
			continue
		}
		d.res.Records += n
	}
	return nil
}

func (d *decoder) rejectAt(line int, reason string) error {
	d.res.Rejected++
	if d.opts.OnReject != nil {
		return d.opts.OnReject(Reject{File: d.opts.Name, Line: line, Reason: reason})
	}
	return nil
}

// firehoseFrame reads one frame and returns its events in Jetstream form,
// or why it cannot be read.
func firehoseFrame(br *bufio.Reader) ([][]byte, string) {
	cr := cbg.NewCborReader(br)
	maj, n, err := cr.ReadHeader()
	if err != nil || maj != cbg.MajMap || n > 8 {
		return nil, fmt.Sprintf("frame header is not a CBOR map (%v)", err)
	}
	op, typ := int64(0), ""
	for range n {
		k, err := cbg.ReadString(cr)
		if err != nil {
			return nil, fmt.Sprintf("frame header: %v", err)
		}
		switch k {
		case "op":
			maj, v, err := cr.ReadHeader()
			if err != nil || (maj != cbg.MajUnsignedInt && maj != cbg.MajNegativeInt) {
				return nil, "frame header op is not an integer"
			}
			op = int64(v)
			if maj == cbg.MajNegativeInt {
				op = -1 - int64(v)
			}
		case "t":
			if typ, err = cbg.ReadString(cr); err != nil {
				return nil, fmt.Sprintf("frame header t: %v", err)
			}
		default:
			var skip cbg.Deferred
			if err := skip.UnmarshalCBOR(br); err != nil {
				return nil, fmt.Sprintf("frame header: %v", err)
			}
		}
	}
	if op != 1 {
		var skip cbg.Deferred
		if err := skip.UnmarshalCBOR(br); err != nil {
			return nil, fmt.Sprintf("error frame body: %v", err)
		}
		return nil, fmt.Sprintf("error frame (op %d): %s", op, cut(string(skip.Raw)))
	}
	switch typ {
	case "#commit":
		var c comatproto.SyncSubscribeRepos_Commit
		if err := c.UnmarshalCBOR(br); err != nil {
			return nil, fmt.Sprintf("#commit body: %v", err)
		}
		return commitEvents(&c)
	case "#identity":
		var id comatproto.SyncSubscribeRepos_Identity
		if err := id.UnmarshalCBOR(br); err != nil {
			return nil, fmt.Sprintf("#identity body: %v", err)
		}
		ev := map[string]any{"did": id.Did, "time_us": timeUS(id.Time), "kind": "identity", "identity": id}
		b, _ := json.Marshal(ev)
		return [][]byte{b}, ""
	case "#account":
		var a comatproto.SyncSubscribeRepos_Account
		if err := a.UnmarshalCBOR(br); err != nil {
			return nil, fmt.Sprintf("#account body: %v", err)
		}
		ev := map[string]any{"did": a.Did, "time_us": timeUS(a.Time), "kind": "account", "account": a}
		b, _ := json.Marshal(ev)
		return [][]byte{b}, ""
	}
	// #sync, #info and types to come carry no records.
	var skip cbg.Deferred
	if err := skip.UnmarshalCBOR(br); err != nil {
		return nil, fmt.Sprintf("%s body: %v", cut(typ), err)
	}
	return nil, ""
}

// timeUS is an AT Protocol datetime in Unix microseconds, 0 when invalid
// (the event is then rejected for its time).
func timeUS(s string) int64 {
	t, err := syntax.ParseDatetimeLenient(s)
	if err != nil {
		return 0
	}
	return t.Time().UnixMicro()
}

// commitEvents turns a #commit's operations into Jetstream commit events,
// records read from the commit's CAR slice.
func commitEvents(c *comatproto.SyncSubscribeRepos_Commit) ([][]byte, string) {
	blocks := map[cid.Cid][]byte{}
	if len(c.Blocks) > 0 {
		cr, err := car.NewCarReader(bytes.NewReader(c.Blocks))
		if err != nil {
			return nil, fmt.Sprintf("#commit of %s: blocks: %v", cut(c.Repo), err)
		}
		for {
			b, err := cr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Sprintf("#commit of %s: blocks: %v", cut(c.Repo), err)
			}
			blocks[b.Cid()] = b.RawData()
		}
	}
	us := timeUS(c.Time)
	var out [][]byte
	for _, op := range c.Ops {
		if op == nil {
			continue
		}
		coll, rkey, ok := strings.Cut(op.Path, "/")
		if !ok {
			return nil, fmt.Sprintf("#commit of %s: op path %q is not collection/rkey", cut(c.Repo), cut(op.Path))
		}
		commit := map[string]any{"rev": c.Rev, "operation": op.Action, "collection": coll, "rkey": rkey}
		if op.Action != "delete" {
			if op.Cid == nil {
				return nil, fmt.Sprintf("#commit of %s: %s of %s has no cid", cut(c.Repo), op.Action, cut(op.Path))
			}
			raw, ok := blocks[cid.Cid(*op.Cid)]
			if !ok {
				return nil, fmt.Sprintf("#commit of %s: the record of %s is not in its blocks", cut(c.Repo), cut(op.Path))
			}
			rec, reason := recordJSON(raw)
			if reason != "" {
				return nil, fmt.Sprintf("#commit of %s: %s: %s", cut(c.Repo), cut(op.Path), reason)
			}
			commit["record"] = rec
			commit["cid"] = cid.Cid(*op.Cid).String()
		}
		b, _ := json.Marshal(map[string]any{"did": c.Repo, "time_us": us, "kind": "commit", "commit": commit})
		out = append(out, b)
	}
	return out, ""
}

// recordJSON decodes a DAG-CBOR record into its JSON form.
func recordJSON(raw []byte) (json.RawMessage, string) {
	if len(raw) > MaxATRecordBytes {
		return nil, fmt.Sprintf("record of %d bytes is larger than the %s limit of an AT Protocol record", len(raw), sizeString(MaxATRecordBytes))
	}
	m, err := atdata.UnmarshalCBOR(raw)
	if err != nil {
		return nil, fmt.Sprintf("record is not AT Protocol data: %v", err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Sprintf("record: %v", err)
	}
	return b, ""
}

// decodeRepoCAR reads a repository export: every record of the repository
// in key order (collection, then record key), as create events at the
// record's createdAt (the commit's revision time without one). A record
// that cannot be read is rejected with its position as the line.
func (d *decoder) decodeRepoCAR(br *bufio.Reader) error {
	st := d.opts.Jetstream
	if st == nil {
		st = &JetstreamState{}
	}
	st.init()
	commit, r, err := repo.LoadRepoFromCAR(d.ctx, io.LimitReader(br, 1<<34))
	if err != nil {
		return d.rejectAt(1, fmt.Sprintf("repository CAR: %v", err))
	}
	revUS := syntax.TID(commit.Rev).Time().UnixMicro()
	var p fastjson.Parser
	n := 0
	return r.MST.Walk(func(key []byte, val cid.Cid) error {
		n++
		coll, rkey, _ := strings.Cut(string(key), "/")
		blk, err := r.RecordStore.Get(context.Background(), val)
		if err != nil {
			return d.rejectAt(n, fmt.Sprintf("record %s is not in the CAR: %v", cut(string(key)), err))
		}
		rec, reason := recordJSON(blk.RawData())
		if reason != "" {
			return d.rejectAt(n, fmt.Sprintf("record %s: %s", cut(string(key)), reason))
		}
		us := revUS
		var created struct {
			CreatedAt string `json:"createdAt"`
		}
		if json.Unmarshal(rec, &created) == nil && timeUS(created.CreatedAt) > 0 {
			us = timeUS(created.CreatedAt)
		}
		ev, _ := json.Marshal(map[string]any{"did": commit.DID, "time_us": us, "kind": "commit",
			"commit": map[string]any{"rev": commit.Rev, "operation": "create", "collection": coll, "rkey": rkey, "record": rec, "cid": val.String()}})
		return d.applyEvents(st, &p, n, [][]byte{ev})
	})
}
