package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	comatproto "github.com/bluesky-social/indigo/api/atproto"
	"github.com/bluesky-social/indigo/atproto/atcrypto"
	"github.com/bluesky-social/indigo/atproto/labeling"
	"github.com/botsweep/botsweep/sim"
	"github.com/gorilla/websocket"
	"github.com/ipfs/go-cid"
	cbg "github.com/whyrusleeping/cbor-gen"
)

// jetstreamServer serves the lines of a Jetstream capture as a Jetstream
// WebSocket does: events with time_us at or after ?cursor=, one per text
// message. The first connection is cut (closed normally) after cutAfter
// events, so the client must resume from its cursor.
func jetstreamServer(t *testing.T, lines [][]byte, cutAfter int) *httptest.Server {
	up := websocket.Upgrader{}
	conns := 0
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var cursor int64
		if s := r.URL.Query().Get("cursor"); s != "" {
			cursor, _ = strconv.ParseInt(s, 10, 64)
		}
		conns++
		limit := len(lines)
		if conns == 1 {
			limit = cutAfter
		}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		sent := 0
		for _, l := range lines {
			var ev struct {
				TimeUS int64 `json:"time_us"`
			}
			json.Unmarshal(l, &ev)
			if ev.TimeUS < cursor {
				continue
			}
			if sent == limit {
				break
			}
			if err := c.WriteMessage(websocket.TextMessage, l); err != nil {
				return
			}
			sent++
		}
		c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	}))
}

func stats(t *testing.T, dir string) map[string]float64 {
	t.Helper()
	code, out, errb := cli(t, "", "stats", "--store", dir, "--json")
	if code != 0 {
		t.Fatalf("stats: %s", errb)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	s := map[string]float64{}
	for k, v := range m {
		if f, ok := v.(float64); ok {
			s[k] = f
		}
	}
	return s
}

// networks reads detect's accounts.csv as network id -> members (ids
// mapped by idOf).
func networks(t *testing.T, path string, idOf func(string) string) map[string]map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, r := range rows[1:] {
		if out[r[2]] == nil {
			out[r[2]] = map[string]bool{}
		}
		out[r[2]][idOf(r[0])] = true
	}
	return out
}

// labelSweep sweeps the top network of a Bluesky store, reinstates one
// member on appeal, and checks what serve publishes as a labeler.
func labelSweep(t *testing.T, st, detDir string) {
	t.Helper()
	var nets []struct {
		ID      string `json:"id"`
		Members []struct {
			AccountID string `json:"account_id"`
			Role      string `json:"role"`
		} `json:"members"`
	}
	if b, err := os.ReadFile(filepath.Join(detDir, "networks.json")); err != nil || json.Unmarshal(b, &nets) != nil || len(nets) == 0 {
		t.Fatalf("networks.json: %v", err)
	}
	top := nets[0]
	steps := [][]string{
		{"sweep", "--store", st, "--network", top.ID, "--with-associated", "--reason", "platform-manipulation", "--actor", "analyst"},
		{"appeal", "file", "--store", st, "--account", top.Members[0].AccountID, "--actor", "holder"},
		{"appeal", "resolve", "--store", st, "--account", top.Members[0].AccountID, "--outcome", "reinstated", "--actor", "reviewer"},
	}
	for _, a := range steps {
		if code, _, errb := cli(t, "", a...); code != 0 {
			t.Fatalf("%v: %s", a, errb)
		}
	}
	keyFile := filepath.Join(t.TempDir(), "labeler.key")
	code, out, errb := cli(t, "", "labeler", "key", "--out", keyFile)
	if code != 0 || !strings.HasPrefix(out, "did:key:z") {
		t.Fatalf("labeler key: %d %q %s", code, out, errb)
	}
	if code, _, _ := cli(t, "", "labeler", "key", "--out", keyFile); code == 0 {
		t.Error("labeler key overwrote an existing key file")
	}
	pub, err := atcrypto.ParsePublicDIDKey(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	const did = "did:plc:botsweeptestlabelerxxxx"
	base, stop := startServe(t, st, "--labeler-key", keyFile, "--labeler-did", did)
	defer stop()
	status, body := get(t, "GET", base+"/xrpc/com.atproto.label.queryLabels?uriPatterns=did:*&limit=250", "", "")
	if status != 200 {
		t.Fatalf("queryLabels without a token: %d %s", status, body)
	}
	var res comatproto.LabelQueryLabels_Output
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	var all []*comatproto.LabelDefs_Label
	all = append(all, res.Labels...)
	for res.Cursor != nil {
		_, body = get(t, "GET", base+"/xrpc/com.atproto.label.queryLabels?uriPatterns=did:*&limit=250&cursor="+*res.Cursor, "", "")
		res = comatproto.LabelQueryLabels_Output{}
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Labels...)
	}
	// One label per swept member, one negation for the reinstated one.
	if len(all) != len(top.Members)+1 {
		t.Fatalf("%d labels for a sweep of %d and one reinstatement", len(all), len(top.Members))
	}
	// subscribeLabels from cursor 0 replays the same labels, in order.
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/xrpc/com.atproto.label.subscribeLabels?cursor=0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var replayed []*comatproto.LabelDefs_Label
	for seq := int64(1); len(replayed) < len(all); seq++ {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		r := bytes.NewReader(msg)
		if err := cbg.ScanForLinks(r, func(cid.Cid) {}); err != nil { // the {op, t} header
			t.Fatal(err)
		}
		if hdr := msg[:len(msg)-r.Len()]; !bytes.Contains(hdr, []byte("#labels")) {
			t.Fatalf("frame header %x is not #labels", hdr)
		}
		var body comatproto.LabelSubscribeLabels_Labels
		if err := body.UnmarshalCBOR(r); err != nil {
			t.Fatal(err)
		}
		if body.Seq != seq {
			t.Fatalf("frame seq %d, want %d", body.Seq, seq)
		}
		replayed = append(replayed, body.Labels...)
	}
	for i, lx := range replayed {
		q := all[i]
		if lx.Uri != q.Uri || lx.Val != q.Val || (lx.Neg != nil && *lx.Neg) != (q.Neg != nil && *q.Neg) || !bytes.Equal(lx.Sig, q.Sig) {
			t.Errorf("subscribeLabels label %d is %s %s, queryLabels gave %s %s", i, lx.Uri, lx.Val, q.Uri, q.Val)
		}
	}
	role := map[string]string{}
	for _, m := range top.Members {
		role[m.AccountID] = m.Role
	}
	for _, lx := range all {
		lb := labeling.FromLexicon(lx)
		if err := lb.VerifySignature(pub); err != nil {
			t.Fatalf("label %s %s does not verify: %v", lb.URI, lb.Val, err)
		}
		want := map[string]string{"core": "inauthentic-network", "associated": "coordinated"}[role[lb.URI]]
		if lb.Val != want {
			t.Errorf("%s (%s) labelled %s, want %s", lb.URI, role[lb.URI], lb.Val, want)
		}
		if neg := lb.Negated != nil && *lb.Negated; neg != (lb.URI == top.Members[0].AccountID && lx == all[len(all)-1]) {
			t.Errorf("label %s %s neg %v", lb.URI, lb.Val, neg)
		}
	}
}

func TestJetstreamWorldMatchesV1(t *testing.T) {
	for _, tc := range []struct {
		name  string
		seed  string
		scale string
	}{
		{"seed 3", "3", "0.015"},
		{"seed 7, larger", "7", "0.02"},
		{"seed 12, smaller", "12", "0.01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			v1, js := filepath.Join(tmp, "v1"), filepath.Join(tmp, "js")
			for _, a := range [][]string{
				{"simulate", "--out", v1, "--seed", tc.seed, "--scale", tc.scale},
				{"simulate", "--out", js, "--seed", tc.seed, "--scale", tc.scale, "--format", "jetstream"},
			} {
				if code, _, errb := cli(t, "", a...); code != 0 {
					t.Fatalf("%v: %s", a, errb)
				}
			}
			if _, err := os.Stat(filepath.Join(js, sim.FileTweets)); err == nil {
				t.Errorf("jetstream world also wrote %s", sim.FileTweets)
			}
			truth, err := sim.ReadTruth(filepath.Join(js, sim.FileTruth))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(truth.Rows[0].AccountID, "did:plc:") {
				t.Errorf("truth.csv keyed by %q, want DIDs", truth.Rows[0].AccountID)
			}
			capture := filepath.Join(js, sim.FileJetstream)
			stV1, stFile, stLive := filepath.Join(tmp, "st-v1"), filepath.Join(tmp, "st-file"), filepath.Join(tmp, "st-live")
			if code, _, errb := cli(t, "", "ingest", "--store", stV1, v1); code != 0 {
				t.Fatalf("ingest v1: %s", errb)
			}
			if code, _, errb := cli(t, "", "ingest", "--store", stFile, capture); code != 0 {
				t.Fatalf("ingest jetstream file: %s", errb)
			}

			raw, err := os.ReadFile(capture)
			if err != nil {
				t.Fatal(err)
			}
			var lines [][]byte
			sc := bufio.NewScanner(bytes.NewReader(raw))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines = append(lines, append([]byte(nil), sc.Bytes()...))
			}
			srv := jetstreamServer(t, lines, len(lines)/3)
			defer srv.Close()
			url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/subscribe"
			code, _, errb := cli(t, "", "ingest", "--store", stLive, "--jetstream", url)
			if code != 0 {
				t.Fatalf("live ingest: %s", errb)
			}
			mid := stats(t, stLive)
			cur, err := os.ReadFile(stLive + ".jetstream-cursor")
			if err != nil {
				t.Fatal(err)
			}
			if code, _, errb = cli(t, "", "ingest", "--store", stLive, "--jetstream", url); code != 0 {
				t.Fatalf("live ingest, resumed: %s", errb)
			}
			if !strings.Contains(errb, "from cursor "+strings.TrimSpace(string(cur))) {
				t.Errorf("the restart did not resume from the persisted cursor %s: %s", cur, errb)
			}
			live := stats(t, stLive)
			if mid["posts"] >= live["posts"] {
				t.Errorf("the first connection was not cut mid-stream: %v posts then %v", mid["posts"], live["posts"])
			}

			digest := func(dir string) string {
				code, out, errb := cli(t, "", "digest", "--store", dir)
				if code != 0 {
					t.Fatalf("digest: %s", errb)
				}
				return strings.TrimSpace(out)
			}
			if a, b := digest(stFile), digest(stLive); a != b {
				t.Errorf("file and live ingest differ: digest %s vs %s", a, b)
			}
			file, ref := stats(t, stFile), stats(t, stV1)
			for _, k := range []string{"accounts", "profiles", "posts", "originals", "retweets", "replies", "quotes", "follows"} {
				if file[k] != ref[k] || live[k] != ref[k] {
					t.Errorf("%s: jetstream file %v, live %v, v1.1 %v", k, file[k], live[k], ref[k])
				}
			}
			if file["likes"] == 0 || ref["likes"] != 0 {
				t.Errorf("likes: jetstream %v, v1.1 %v", file["likes"], ref["likes"])
			}

			// Detection: the same networks.
			dv, dj := filepath.Join(tmp, "det-v1"), filepath.Join(tmp, "det-js")
			for _, a := range [][]string{{"detect", "--store", stV1, "--out", dv}, {"detect", "--store", stFile, "--out", dj}} {
				if code, _, errb := cli(t, "", a...); code != 0 {
					t.Fatalf("%v: %s", a, errb)
				}
			}
			// Every network, follower farms included: accounts whose source
			// carries no counts get them from the records held.
			nv := networks(t, filepath.Join(dv, "accounts.csv"), sim.DID)
			nj := networks(t, filepath.Join(dj, "accounts.csv"), func(s string) string { return s })
			if len(nv) == 0 {
				t.Fatal("detection on the v1.1 world found no networks")
			}
			for id, members := range nv {
				best := 0.0
				for _, other := range nj {
					inter := 0
					for m := range members {
						if other[m] {
							inter++
						}
					}
					if j := float64(inter) / float64(len(members)+len(other)-inter); j > best {
						best = j
					}
				}
				if best < 0.9 {
					t.Errorf("v1.1 network %s (%d members) has no jetstream counterpart (best Jaccard %.2f)", id, len(members), best)
				}
			}
			det, err := os.ReadFile(filepath.Join(dj, "networks.json"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(det), `"co-like"`) {
				t.Error("the co-like layer gave no evidence on the jetstream world")
			}
			t.Logf("%d networks compared", len(nv))
			// No account the v1.1 form leaves alone is flagged in the
			// Jetstream form unless it is a bot (a verified person stays
			// established; the Jetstream form may find more of a farm).
			kind := map[string]string{}
			for _, r := range truth.Rows {
				kind[r.AccountID] = r.Kind
			}
			flaggedV1 := map[string]bool{}
			for _, members := range nv {
				for m := range members {
					flaggedV1[m] = true
				}
			}
			for id, members := range nj {
				for m := range members {
					if !flaggedV1[m] && kind[m] != sim.KindBot {
						t.Errorf("jetstream network %s flags %s (%s), which the v1.1 form does not", id, m, kind[m])
					}
				}
			}
			if code, out, errb := cli(t, "", "show", "account", truth.Rows[0].AccountID, "--store", stFile); code != 0 || !strings.Contains(out, "counted from the records held") {
				t.Errorf("show account: %d %s %s", code, out, errb)
			}

			labelSweep(t, stFile, dj)
		})
	}
}
