package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/sim"
)

// jsLine is one event of a capture with what the delete test needs.
type jsLine struct {
	raw    []byte
	us     int64
	did    string
	kind   string
	coll   string
	rkey   string
	create bool
}

func readCapture(t *testing.T, path string) []jsLine {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []jsLine
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev struct {
			DID    string `json:"did"`
			TimeUS int64  `json:"time_us"`
			Kind   string `json:"kind"`
			Commit struct {
				Operation  string `json:"operation"`
				Collection string `json:"collection"`
				RKey       string `json:"rkey"`
			} `json:"commit"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatal(err)
		}
		out = append(out, jsLine{raw: append([]byte(nil), sc.Bytes()...), us: ev.TimeUS, did: ev.DID, kind: ev.Kind,
			coll: ev.Commit.Collection, rkey: ev.Commit.RKey, create: ev.Commit.Operation == "create"})
	}
	return out
}

func writeCapture(t *testing.T, path string, lines []jsLine) {
	t.Helper()
	var b bytes.Buffer
	for _, l := range lines {
		b.Write(l.raw)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestJetstreamDeletes: a capture with creates and their deletes (some
// deletes before their create, as a capture out of order has them), read
// from a file and live with a restart, leaves the store with the digest
// and counts of the same capture without the deleted records; deletes
// change the counts derived from the records; an account event's status
// is kept and shown.
func TestJetstreamDeletes(t *testing.T) {
	for _, tc := range []struct {
		name, seed, scale string
		every             int // delete every nth post, like, repost and follow
	}{
		{"seed 5", "5", "0.006", 5},
		{"seed 9, more deletes", "9", "0.004", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			world := filepath.Join(tmp, "w")
			if code, _, errb := cli(t, "", "simulate", "--out", world, "--seed", tc.seed, "--scale", tc.scale, "--format", "jetstream"); code != 0 {
				t.Fatalf("simulate: %s", errb)
			}
			lines := readCapture(t, filepath.Join(world, sim.FileJetstream))
			var with, without []jsLine
			n, deleted := 0, map[string]int{}
			last := lines[len(lines)-1].us
			for _, l := range lines {
				deletable := l.create && (l.coll == "app.bsky.feed.post" || l.coll == "app.bsky.feed.like" || l.coll == "app.bsky.feed.repost" || l.coll == "app.bsky.graph.follow")
				if !deletable {
					with, without = append(with, l), append(without, l)
					continue
				}
				if n++; n%tc.every != 0 {
					with, without = append(with, l), append(without, l)
					continue
				}
				deleted[l.coll]++
				del := jsLine{did: l.did, kind: "commit", coll: l.coll, rkey: l.rkey, us: last + int64(n)}
				if n%(2*tc.every) == 0 {
					del.us = l.us - 1 // out of order: the delete first
				}
				del.raw = fmt.Appendf(nil, `{"did":%q,"time_us":%d,"kind":"commit","commit":{"rev":"3kzzzzzzzzz22","operation":"delete","collection":%q,"rkey":%q}}`,
					l.did, del.us, l.coll, l.rkey)
				with = append(with, l, del)
			}
			for _, c := range []string{"app.bsky.feed.post", "app.bsky.feed.like", "app.bsky.feed.repost", "app.bsky.graph.follow"} {
				if deleted[c] == 0 {
					t.Fatalf("no %s deleted: %v", c, deleted)
				}
			}
			slices.SortStableFunc(with, func(a, b jsLine) int { return int(a.us - b.us) })
			capWith, capWithout := filepath.Join(tmp, "with.jsonl"), filepath.Join(tmp, "without.jsonl")
			writeCapture(t, capWith, with)
			writeCapture(t, capWithout, without)

			stWith, stWithout, stLive := filepath.Join(tmp, "st-with"), filepath.Join(tmp, "st-without"), filepath.Join(tmp, "st-live")
			for _, a := range [][]string{{"ingest", "--store", stWith, capWith}, {"ingest", "--store", stWith, capWith}, {"ingest", "--store", stWithout, capWithout}} {
				if code, _, errb := cli(t, "", a...); code != 0 {
					t.Fatalf("%v: %s", a, errb)
				}
			}
			raws := make([][]byte, len(with))
			for i, l := range with {
				raws[i] = l.raw
			}
			srv := jetstreamServer(t, raws, len(raws)/2)
			defer srv.Close()
			url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/subscribe"
			for range 2 {
				if code, _, errb := cli(t, "", "ingest", "--store", stLive, "--jetstream", url); code != 0 {
					t.Fatalf("live ingest: %s", errb)
				}
			}
			digest := func(dir string) string {
				code, out, errb := cli(t, "", "digest", "--store", dir)
				if code != 0 {
					t.Fatalf("digest: %s", errb)
				}
				return strings.TrimSpace(out)
			}
			dWithout := digest(stWithout)
			if d := digest(stWith); d != dWithout {
				t.Errorf("file capture with deletes (ingested twice): digest %s, without the records %s", d, dWithout)
			}
			if d := digest(stLive); d != dWithout {
				t.Errorf("live capture with deletes, restarted: digest %s, without the records %s", d, dWithout)
			}
			sw, sn := stats(t, stWith), stats(t, stWithout)
			for _, k := range []string{"accounts", "profiles", "posts", "originals", "retweets", "replies", "quotes", "follows", "likes"} {
				if sw[k] != sn[k] {
					t.Errorf("%s: %v with deletes, %v without the records", k, sw[k], sn[k])
				}
			}

			// An account event: the status is kept and shown, and a
			// later one replaces it.
			did := with[0].did
			status := filepath.Join(tmp, "status.jsonl")
			for _, st := range []string{"takendown", "active"} {
				last++
				ev := fmt.Sprintf(`{"did":%q,"time_us":%d,"kind":"account","account":{"active":%v,"did":%q,"seq":1,"status":%q,"time":"2026-01-01T00:00:00Z"}}`+"\n",
					did, last, st == "active", did, st)
				if err := os.WriteFile(status, []byte(ev), 0o644); err != nil {
					t.Fatal(err)
				}
				if code, _, errb := cli(t, "", "ingest", "--store", stWith, status); code != 0 {
					t.Fatalf("ingest account event: %s", errb)
				}
				code, out, errb := cli(t, "", "show", "account", did, "--store", stWith)
				if code != 0 || !strings.Contains(out, "platform    "+st) {
					t.Errorf("show account after %s: %d %s %s", st, code, out, errb)
				}
			}

			// The API shows the status and the derived counts too.
			_, tok, _ := cli(t, "", "token", "create", "--store", stWith, "--role", "viewer", "--name", "reader")
			base, stop := startServe(t, stWith)
			code, body := get(t, "GET", base+"/api/accounts/"+did, strings.TrimSpace(tok), "")
			stop()
			var detail struct {
				Account struct {
					PlatformStatus string `json:"platform_status"`
					CountsDerived  bool   `json:"counts_derived"`
					Statuses       int64  `json:"statuses_count"`
				} `json:"account"`
			}
			if err := json.Unmarshal([]byte(body), &detail); code != 200 || err != nil || detail.Account.PlatformStatus != "active" || !detail.Account.CountsDerived {
				t.Errorf("GET /api/accounts/%s: %d %s", did, code, body)
			}

			// Bad input: each bad event rejected with file, line and
			// reason; the good event among them and everything stored kept.
			before := stats(t, stWith)
			var post jsLine
			for _, l := range without {
				if l.coll == "app.bsky.feed.post" {
					post = l
					break
				}
			}
			fresh := bytes.Replace(post.raw, []byte(post.rkey), []byte("3kfreshpost22"), 1)
			bad := [][]byte{
				fresh, // first: the format is sniffed from it
				post.raw[:len(post.raw)/2],
				bytes.Replace(post.raw, []byte(`"collection":"app.bsky.feed.post"`), []byte(`"collection":"app.bsky.graph.block"`), 1),
				bytes.Replace(post.raw, []byte(`"did":"did:plc:`), []byte(`"did":"plc:`), 1),
				bytes.Replace(post.raw, []byte(`"text":"`), []byte(`"text":"`+strings.Repeat("x", 1<<20)), 1),
			}
			badFile := filepath.Join(tmp, "bad.jsonl")
			if err := os.WriteFile(badFile, append(bytes.Join(bad, []byte("\n")), '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errb := cli(t, "", "ingest", "--store", stWith, badFile)
			if code != 0 {
				t.Fatalf("ingest with bad events: %d %s", code, errb)
			}
			for _, want := range []string{"bad.jsonl:2: ", "bad.jsonl:3: collection \"app.bsky.graph.block\" is not one botsweep reads", "bad.jsonl:4: event did", "bad.jsonl:5: record of"} {
				if !strings.Contains(errb, want) {
					t.Errorf("ingest stderr lacks %q:\n%s", want, errb)
				}
			}
			after := stats(t, stWith)
			if after["posts"] != before["posts"]+1 || after["follows"] != before["follows"] || after["accounts"] != before["accounts"] || after["rejected"] != before["rejected"]+4 {
				t.Errorf("after bad events: %v, before %v (want one post more, four rejects)", after, before)
			}
		})
	}
}
