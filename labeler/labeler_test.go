package labeler

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	comatproto "github.com/bluesky-social/indigo/api/atproto"
	"github.com/bluesky-social/indigo/atproto/atcrypto"
	"github.com/bluesky-social/indigo/atproto/labeling"
	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/moderation"
	"github.com/gorilla/websocket"
	cbg "github.com/whyrusleeping/cbor-gen"
)

const labelerDID = "did:plc:botsweeplabelerxxxxxxxxx"

// world sweeps one network of DID accounts (core and associated, plus one
// non-DID account) and reinstates one core member on appeal.
func world(t *testing.T, members int) (*moderation.MemoryLog, []string) {
	t.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	n := botsweep.Network{ID: "net-1", Score: 0.9}
	var dids []string
	for i := range members {
		role := botsweep.RoleCore
		if i%4 == 3 {
			role = botsweep.RoleAssociated
		}
		did := fmt.Sprintf("did:plc:member%018d", i)
		dids = append(dids, did)
		n.Members = append(n.Members, botsweep.Member{AccountID: did, Role: role, Score: 0.8})
	}
	n.Members = append(n.Members, botsweep.Member{AccountID: "1234567", Role: botsweep.RoleCore, Score: 0.8})
	n.Size = len(n.Members)
	el := &moderation.MemoryLog{}
	l, err := moderation.Open(ctx, el, moderation.Options{Now: func() time.Time { return t0 }, Networks: moderation.StaticNetworks([]botsweep.Network{n})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Sweep(ctx, moderation.SweepRequest{NetworkIDs: []string{"net-1"}, WithAssociated: true, Reason: botsweep.ReasonPlatformManipulation, Actor: "analyst", At: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.FileAppeal(ctx, moderation.AppealRequest{Account: dids[0], Actor: dids[0], At: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.ResolveAppeal(ctx, moderation.ResolveRequest{Account: dids[0], Actor: "reviewer", Outcome: botsweep.OutcomeReinstated, At: t0.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return el, dids
}

func TestLabelsFromTheLog(t *testing.T) {
	for _, tc := range []struct {
		name    string
		alg     string
		members int
	}{
		{"k256 small", AlgK256, 5},
		{"p256 larger", AlgP256, 61},
	} {
		t.Run(tc.name, func(t *testing.T) {
			el, dids := world(t, tc.members)
			key, err := GenerateKey(tc.alg)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "labeler.key")
			didKey, err := WriteKey(path, key)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := WriteKey(path, key); err == nil {
				t.Error("WriteKey overwrote an existing key file")
			}
			k2, err := ReadKey(path)
			if err != nil {
				t.Fatal(err)
			}
			l, err := New(Options{DID: labelerDID, Key: k2, Log: el, Poll: 10 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(l.Handler())
			defer srv.Close()

			pub, err := atcrypto.ParsePublicDIDKey(didKey)
			if err != nil {
				t.Fatal(err)
			}
			// Page through queryLabels, two at a time, with no token.
			var got []labeling.Label
			cursor := ""
			for page := 0; ; page++ {
				u := srv.URL + PathQueryLabels + "?uriPatterns=did:plc:member*&sources=" + labelerDID + "&limit=2"
				if cursor != "" {
					u += "&cursor=" + cursor
				}
				resp, err := http.Get(u)
				if err != nil {
					t.Fatal(err)
				}
				var raw map[string]any
				var out comatproto.LabelQueryLabels_Output
				body := new(bytes.Buffer)
				body.ReadFrom(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Fatalf("queryLabels: %d %s", resp.StatusCode, body)
				}
				if err := json.Unmarshal(body.Bytes(), &raw); err != nil {
					t.Fatal(err)
				}
				if ls, _ := raw["labels"].([]any); len(ls) > 0 {
					sig, _ := ls[0].(map[string]any)["sig"].(map[string]any)
					if _, ok := sig["$bytes"].(string); !ok {
						t.Fatalf("sig is not {\"$bytes\": ...}: %v", ls[0])
					}
				}
				if err := json.Unmarshal(body.Bytes(), &out); err != nil {
					t.Fatal(err)
				}
				for _, lx := range out.Labels {
					got = append(got, labeling.FromLexicon(lx))
				}
				if out.Cursor == nil {
					break
				}
				cursor = *out.Cursor
				if page > 1000 {
					t.Fatal("queryLabels cursor never ends")
				}
			}
			// One label per DID member, one negation for the reinstated.
			want := len(dids) + 1
			if len(got) != want {
				t.Fatalf("%d labels, want %d", len(got), want)
			}
			vals := map[string]string{}
			negated := 0
			for i := range got {
				lb := &got[i]
				if err := lb.VerifySyntax(); err != nil {
					t.Errorf("label %d: %v", i, err)
				}
				if err := lb.VerifySignature(pub); err != nil {
					t.Errorf("label %d does not verify: %v", i, err)
				}
				if lb.Negated != nil && *lb.Negated {
					negated++
					if lb.URI != dids[0] || lb.Val != vals[dids[0]] {
						t.Errorf("negation %s %s, want of %s %s", lb.URI, lb.Val, dids[0], vals[dids[0]])
					}
					continue
				}
				vals[lb.URI] = lb.Val
			}
			if negated != 1 {
				t.Errorf("%d negations, want 1", negated)
			}
			for i, d := range dids {
				want := ValueInauthenticNetwork
				if i%4 == 3 {
					want = ValueCoordinated
				}
				if vals[d] != want {
					t.Errorf("%s labelled %q, want %q", d, vals[d], want)
				}
			}
			// A forged label does not verify.
			forged := got[0]
			forged.Val = "not-" + forged.Val
			if err := forged.VerifySignature(pub); err == nil {
				t.Error("a label with a changed value still verifies")
			}
			// Another source matches nothing.
			if ls, _ := l.Query([]string{"*"}, []string{"did:plc:someoneelse"}, 0, 50); len(ls) != 0 {
				t.Errorf("sources filter let %d labels through", len(ls))
			}

			// subscribeLabels from cursor 0 replays every label in order;
			// from a later cursor, the rest.
			for _, from := range []int64{0, int64(want / 2)} {
				seqs := subscribe(t, srv.URL, from, want-int(from))
				for i, s := range seqs {
					if s != from+int64(i)+1 {
						t.Fatalf("cursor %d: frame %d has seq %d, want %d", from, i, s, from+int64(i)+1)
					}
				}
			}
		})
	}
}

// subscribe reads n #labels frames from subscribeLabels with cursor and
// returns their seqs, checking each label's fields.
func subscribe(t *testing.T, base string, cursor int64, n int) []int64 {
	t.Helper()
	u := "ws" + strings.TrimPrefix(base, "http") + PathSubscribeLabels + fmt.Sprintf("?cursor=%d", cursor)
	conn, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var seqs []int64
	for len(seqs) < n {
		mt, msg, err := conn.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		if mt != websocket.BinaryMessage {
			t.Fatalf("frame type %d, want binary", mt)
		}
		r := bytes.NewReader(msg)
		op, typ := readHeader(t, r)
		if op != 1 || typ != "#labels" {
			t.Fatalf("frame header op %d t %q", op, typ)
		}
		var body comatproto.LabelSubscribeLabels_Labels
		if err := body.UnmarshalCBOR(r); err != nil {
			t.Fatal(err)
		}
		if len(body.Labels) != 1 || body.Labels[0].Src != labelerDID {
			t.Fatalf("frame labels %+v", body.Labels)
		}
		seqs = append(seqs, body.Seq)
	}
	return seqs
}

// readHeader decodes a frame header {op, t} with cbor-gen's reader.
func readHeader(t *testing.T, r *bytes.Reader) (int64, string) {
	t.Helper()
	cr := cbg.NewCborReader(r)
	maj, n, err := cr.ReadHeader()
	if err != nil || maj != cbg.MajMap {
		t.Fatalf("header is not a map: %v", err)
	}
	var op int64
	var typ string
	for range n {
		k, err := cbg.ReadString(cr)
		if err != nil {
			t.Fatal(err)
		}
		switch k {
		case "op":
			maj, v, err := cr.ReadHeader()
			if err != nil {
				t.Fatal(err)
			}
			op = int64(v)
			if maj == cbg.MajNegativeInt {
				op = -1 - int64(v)
			}
		case "t":
			if typ, err = cbg.ReadString(cr); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("header key %q", k)
		}
	}
	return op, typ
}

func TestDeclaration(t *testing.T) {
	d := Declaration(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if d.LexiconTypeID != "app.bsky.labeler.service" || d.Policies == nil {
		t.Fatalf("declaration %+v", d)
	}
	if len(d.Policies.LabelValues) != len(Values()) || len(d.Policies.LabelValueDefinitions) != len(Values()) {
		t.Fatalf("declares %d values, %d definitions; want %d", len(d.Policies.LabelValues), len(d.Policies.LabelValueDefinitions), len(Values()))
	}
	for i, v := range Values() {
		def := d.Policies.LabelValueDefinitions[i]
		if *d.Policies.LabelValues[i] != v || def.Identifier != v || len(def.Locales) == 0 || def.Locales[0].Lang != "en" || def.Locales[0].Description == "" {
			t.Errorf("value %s: definition %+v", v, def)
		}
	}
}
