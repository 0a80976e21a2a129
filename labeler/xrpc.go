package labeler

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	comatproto "github.com/bluesky-social/indigo/api/atproto"
	appbsky "github.com/bluesky-social/indigo/api/bsky"
	"github.com/botsweep/botsweep"
	"github.com/gorilla/websocket"
	cbg "github.com/whyrusleeping/cbor-gen"
)

// The XRPC paths the labeler serves.
const (
	PathQueryLabels     = "/xrpc/com.atproto.label.queryLabels"
	PathSubscribeLabels = "/xrpc/com.atproto.label.subscribeLabels"
)

// Handler serves com.atproto.label.queryLabels and
// com.atproto.label.subscribeLabels, with no token, as a public labeler
// does.
func (l *Labeler) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+PathQueryLabels, l.queryLabels)
	mux.HandleFunc("GET "+PathSubscribeLabels, l.subscribeLabels)
	return mux
}

// xrpcError writes an XRPC error body.
func xrpcError(w http.ResponseWriter, status int, name, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": name, "message": msg})
}

func (l *Labeler) queryLabels(w http.ResponseWriter, r *http.Request) {
	if err := l.Sync(r.Context()); err != nil {
		xrpcError(w, http.StatusInternalServerError, "InternalServerError", botsweep.ErrorMessage(err))
		return
	}
	q := r.URL.Query()
	patterns := q["uriPatterns"]
	if len(patterns) == 0 {
		xrpcError(w, http.StatusBadRequest, "InvalidRequest", "uriPatterns is required")
		return
	}
	limit := 50
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 250 {
			xrpcError(w, http.StatusBadRequest, "InvalidRequest", "limit must be an integer from 1 to 250")
			return
		}
		limit = n
	}
	var cursor int64
	if s := q.Get("cursor"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			xrpcError(w, http.StatusBadRequest, "InvalidRequest", "cursor must be a non-negative integer")
			return
		}
		cursor = n
	}
	labels, next := l.Query(patterns, q["sources"], cursor, limit)
	out := comatproto.LabelQueryLabels_Output{Labels: make([]*comatproto.LabelDefs_Label, len(labels))}
	for i := range labels {
		lx := labels[i].ToLexicon()
		out.Labels[i] = &lx
	}
	if next > 0 {
		c := strconv.FormatInt(next, 10)
		out.Cursor = &c
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// subscribeLabels streams #labels frames (one label each, its seq): from
// cursor when given (0 replays everything), else from now on.
func (l *Labeler) subscribeLabels(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := l.Sync(ctx); err != nil {
		xrpcError(w, http.StatusInternalServerError, "InternalServerError", botsweep.ErrorMessage(err))
		return
	}
	_, latest := l.After(0, 0)
	cursor := latest
	future := false
	if s := r.URL.Query().Get("cursor"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			xrpcError(w, http.StatusBadRequest, "InvalidRequest", "cursor must be a non-negative integer")
			return
		}
		cursor, future = n, n > latest
	}
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader answered
	}
	defer conn.Close()
	go func() { // read to see the client's close
		for {
			if _, _, err := conn.NextReader(); err != nil {
				conn.Close()
				return
			}
		}
	}()
	if future {
		writeFrame(conn, -1, "", strMap{{"error", "FutureCursor"}, {"message", "cursor is ahead of the labeler's latest seq"}})
		return
	}
	tick := time.NewTicker(l.opts.Poll)
	defer tick.Stop()
	for {
		labels, _ := l.After(cursor, 0)
		for i := range labels {
			lx := labels[i].ToLexicon()
			body := &comatproto.LabelSubscribeLabels_Labels{Seq: labels[i].Seq, Labels: []*comatproto.LabelDefs_Label{&lx}}
			if err := writeFrame(conn, 1, "#labels", body); err != nil {
				return
			}
			cursor = labels[i].Seq
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := l.Sync(ctx); err != nil {
			return
		}
	}
}

// cborMarshaler is a cbor-gen type.
type cborMarshaler interface{ MarshalCBOR(io.Writer) error }

// strMap is a CBOR map of strings, keys in canonical order (error frame
// bodies).
type strMap [][2]string

// MarshalCBOR implements cborMarshaler.
func (m strMap) MarshalCBOR(w io.Writer) error {
	cw := cbg.NewCborWriter(w)
	if err := cw.WriteMajorTypeHeader(cbg.MajMap, uint64(len(m))); err != nil {
		return err
	}
	for _, kv := range m {
		for _, s := range kv {
			if err := cw.WriteMajorTypeHeader(cbg.MajTextString, uint64(len(s))); err != nil {
				return err
			}
			if _, err := cw.WriteString(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeFrame writes one binary frame of the event stream: the CBOR header
// {op, t} (op 1 a message of type t, -1 an error), then the CBOR body.
func writeFrame(conn *websocket.Conn, op int64, t string, body cborMarshaler) error {
	var buf bytes.Buffer
	cw := cbg.NewCborWriter(&buf)
	n := uint64(1)
	if t != "" {
		n = 2
	}
	cw.WriteMajorTypeHeader(cbg.MajMap, n)
	cw.WriteMajorTypeHeader(cbg.MajTextString, 2)
	cw.WriteString("op")
	if op >= 0 {
		cw.WriteMajorTypeHeader(cbg.MajUnsignedInt, uint64(op))
	} else {
		cw.WriteMajorTypeHeader(cbg.MajNegativeInt, uint64(-op-1))
	}
	if t != "" {
		cw.WriteMajorTypeHeader(cbg.MajTextString, 1)
		cw.WriteString("t")
		cw.WriteMajorTypeHeader(cbg.MajTextString, uint64(len(t)))
		cw.WriteString(t)
	}
	if err := body.MarshalCBOR(&buf); err != nil {
		return err
	}
	return conn.WriteMessage(websocket.BinaryMessage, buf.Bytes())
}

// Declaration returns the app.bsky.labeler.service record for the
// operator to publish (at rkey "self" in the labeler account's repository),
// declaring botsweep's values with severities and English descriptions.
func Declaration(createdAt time.Time) *appbsky.LabelerService {
	en := func(name, desc string) []*comatproto.LabelDefs_LabelValueDefinitionStrings {
		return []*comatproto.LabelDefs_LabelValueDefinitionStrings{{Lang: "en", Name: name, Description: desc}}
	}
	ignore := "warn"
	var vals []*string
	for _, v := range Values() {
		vals = append(vals, &v)
	}
	return &appbsky.LabelerService{
		LexiconTypeID: "app.bsky.labeler.service",
		CreatedAt:     createdAt.UTC().Format("2006-01-02T15:04:05.000Z"),
		Policies: &appbsky.LabelerDefs_LabelerPolicies{
			LabelValues: vals,
			LabelValueDefinitions: []*comatproto.LabelDefs_LabelValueDefinition{
				{Identifier: ValueInauthenticNetwork, Severity: "alert", Blurs: "none", DefaultSetting: &ignore,
					Locales: en("Inauthentic network", "A core member of a coordinated network of fake or automated accounts, suspended by a botsweep sweep: it co-acted with the network (co-reposts, co-likes, near-identical posts, lockstep follows) beyond what chance and popularity explain, and shows signs of automation or mass-produced identity.")},
				{Identifier: ValueCoordinated, Severity: "inform", Blurs: "none", DefaultSetting: &ignore,
					Locales: en("Coordinated with a network", "An account swept with an inauthentic network as associated with it: tied to the network's core (its follower farm, shared infrastructure, its amplifiers) rather than a member by its own co-action.")},
			},
		},
	}
}
