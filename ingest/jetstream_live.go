package ingest

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/botsweep/botsweep"
	"github.com/gorilla/websocket"
	"github.com/valyala/fastjson"
)

// LiveOptions configure ReadJetstream.
type LiveOptions struct {
	// State carries handles, profiles and the cursor; its Cursor (if
	// non-zero) is where the stream resumes. Required.
	State *JetstreamState
	// OnReject receives bad events; File is the URL, Line the event's
	// number in this connection. Default: ignore.
	OnReject func(Reject) error
	// OnEvent is called after each good event is written, with the cursor
	// it moved to; the caller makes the sink durable and persists the
	// cursor there (every event or in batches). Optional.
	OnEvent func(cursor int64) error
	// MaxRecordBytes caps one message. Default DefaultMaxRecordBytes.
	MaxRecordBytes int
}

// ReadJetstream reads Jetstream events live from a Jetstream WebSocket
// (ws:// or wss://, e.g. wss://jetstream2.us-east.bsky.network/subscribe),
// asking for the collections botsweep reads and resuming from
// opts.State.Cursor, and writes them to sink until the server closes the
// stream (nil) or ctx is done (ctx's error). Events at the cursor are sent
// again on resume: ids dedupe them.
func ReadJetstream(ctx context.Context, rawURL string, sink botsweep.Sink, opts LiveOptions) (Result, error) {
	res := Result{Format: FormatJetstream}
	st := opts.State
	st.init()
	if opts.MaxRecordBytes <= 0 {
		opts.MaxRecordBytes = DefaultMaxRecordBytes
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") {
		return res, botsweep.Errorf(botsweep.EINVALID, "jetstream URL %q: want ws:// or wss://", rawURL)
	}
	q := u.Query()
	if len(q["wantedCollections"]) == 0 {
		for _, c := range []string{CollectionPost, CollectionRepost, CollectionLike, CollectionFollow, CollectionProfile} {
			q.Add("wantedCollections", c)
		}
	}
	if st.Cursor > 0 {
		q.Set("cursor", strconv.FormatInt(st.Cursor, 10))
	}
	u.RawQuery = q.Encode()
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, u.String(), nil)
	if err != nil {
		return res, botsweep.Errorf(botsweep.EINTERNAL, "jetstream %s: %w", rawURL, err)
	}
	defer conn.Close()
	conn.SetReadLimit(int64(opts.MaxRecordBytes))
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	var p fastjson.Parser
	for line := 1; ; line++ {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			if websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway) {
				return res, nil
			}
			return res, botsweep.Errorf(botsweep.EINTERNAL, "jetstream %s: %w", rawURL, err)
		}
		res.Bytes += int64(len(msg))
		n, reason, err := st.event(&p, msg, sink)
		if err != nil {
			return res, err
		}
		if reason != "" {
			res.Rejected++
			if opts.OnReject != nil {
				if err := opts.OnReject(Reject{File: rawURL, Line: line, Reason: reason}); err != nil {
					return res, err
				}
			}
			continue
		}
		res.Records += n
		if opts.OnEvent != nil {
			if err := opts.OnEvent(st.Cursor); err != nil {
				return res, fmt.Errorf("jetstream: %w", err)
			}
		}
	}
}
