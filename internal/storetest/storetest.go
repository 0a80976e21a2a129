// Package storetest is the contract every botsweep storage backend meets:
// the embedded Pebble store and the PostgreSQL team store run the same
// tests, so a command behaves alike on either.
package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// EventLog runs the botsweep.EventLog contract. open returns a new, empty
// log; reopen (optional) returns the same log after closing and opening it
// again, to check durability.
func EventLog(t *testing.T, open func(t *testing.T) botsweep.EventLog, reopen func(t *testing.T, old botsweep.EventLog) botsweep.EventLog) {
	ctx := context.Background()
	at := time.Date(2019, 12, 22, 23, 0, 0, 0, time.UTC)
	ev := func(seq uint64, kind botsweep.EventKind, subject string) botsweep.ModEvent {
		return botsweep.ModEvent{
			Seq: seq, Kind: kind, Actor: "analyst-1", At: at.Add(time.Duration(seq) * time.Second),
			Reason: botsweep.ReasonPlatformManipulation, Subject: subject, SweepID: "S1", NetworkID: "N1",
			Note: fmt.Sprintf("event %d, with unicode 💉 and \"quotes\"", seq), PrevHash: fmt.Sprintf("prev%d", seq), Hash: fmt.Sprintf("hash%d", seq),
		}
	}
	all := func(t *testing.T, log botsweep.EventLog) []botsweep.ModEvent {
		t.Helper()
		var out []botsweep.ModEvent
		if err := log.EachEvent(ctx, func(e *botsweep.ModEvent) error { out = append(out, *e); return nil }); err != nil {
			t.Fatalf("EachEvent: %v", err)
		}
		return out
	}
	same := func(t *testing.T, got, want []botsweep.ModEvent) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("log has %d events, want %d", len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if !g.At.Equal(w.At) {
				t.Errorf("event %d: at %v, want %v", i, g.At, w.At)
			}
			g.At, w.At = time.Time{}, time.Time{}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("event %d:\n got %+v\nwant %+v", i, g, w)
			}
		}
	}

	t.Run("empty", func(t *testing.T) {
		if got := all(t, open(t)); len(got) != 0 {
			t.Fatalf("new log has %d events", len(got))
		}
	})
	t.Run("append and read in order", func(t *testing.T) {
		log := open(t)
		want := []botsweep.ModEvent{ev(1, botsweep.EventSuspend, "a"), ev(2, botsweep.EventSuspend, "b")}
		if err := log.AppendEvents(ctx, want); err != nil {
			t.Fatal(err)
		}
		more := []botsweep.ModEvent{ev(3, botsweep.EventAppealFiled, "a"), ev(4, botsweep.EventReinstate, "a")}
		if err := log.AppendEvents(ctx, more); err != nil {
			t.Fatal(err)
		}
		same(t, all(t, log), append(want, more...))
		if reopen != nil {
			same(t, all(t, reopen(t, log)), append(want, more...))
		}
	})
	t.Run("a gap or a repeat is refused whole", func(t *testing.T) {
		tests := []struct {
			name  string
			batch []botsweep.ModEvent
		}{
			{"repeat of last", []botsweep.ModEvent{ev(1, botsweep.EventComment, "x")}},
			{"gap", []botsweep.ModEvent{ev(3, botsweep.EventComment, "x")}},
			{"hole inside the batch", []botsweep.ModEvent{ev(2, botsweep.EventComment, "x"), ev(4, botsweep.EventComment, "y")}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				log := open(t)
				if err := log.AppendEvents(ctx, []botsweep.ModEvent{ev(1, botsweep.EventSuspend, "a")}); err != nil {
					t.Fatal(err)
				}
				err := log.AppendEvents(ctx, tt.batch)
				if code := botsweep.ErrorCode(err); code != botsweep.ECONFLICT && code != botsweep.EINVALID {
					t.Fatalf("append = %v (code %q), want a conflict or invalid error", err, code)
				}
				if got := all(t, log); len(got) != 1 {
					t.Fatalf("after a refused append the log has %d events, want 1", len(got))
				}
			})
		}
	})
	t.Run("concurrent appenders cannot fork the log", func(t *testing.T) {
		log := open(t)
		const writers = 4
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				errs[w] = log.AppendEvents(ctx, []botsweep.ModEvent{ev(1, botsweep.EventSuspend, fmt.Sprint("w", w)), ev(2, botsweep.EventComment, fmt.Sprint("w", w))})
			}(w)
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			} else if botsweep.ErrorCode(err) != botsweep.ECONFLICT {
				t.Errorf("losing append = %v, want ECONFLICT", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d appenders won, want exactly 1", won)
		}
		got := all(t, log)
		if len(got) != 2 || got[0].Subject != got[1].Subject {
			t.Fatalf("log = %+v, want both events of one writer", got)
		}
	})
	t.Run("large batch", func(t *testing.T) {
		log := open(t)
		batch := make([]botsweep.ModEvent, 5000)
		for i := range batch {
			batch[i] = ev(uint64(i+1), botsweep.EventSuspend, fmt.Sprint("acct", i))
		}
		if err := log.AppendEvents(ctx, batch); err != nil {
			t.Fatal(err)
		}
		same(t, all(t, log), batch)
	})
	t.Run("stop early", func(t *testing.T) {
		log := open(t)
		if err := log.AppendEvents(ctx, []botsweep.ModEvent{ev(1, botsweep.EventSuspend, "a"), ev(2, botsweep.EventSuspend, "b")}); err != nil {
			t.Fatal(err)
		}
		stop := fmt.Errorf("stop")
		n := 0
		err := log.EachEvent(ctx, func(*botsweep.ModEvent) error { n++; return stop })
		if err != stop || n != 1 {
			t.Fatalf("EachEvent = %v after %d calls, want the callback's error after 1", err, n)
		}
	})
}

// NetworkStore runs the botsweep.NetworkStore contract. open returns a new,
// empty store.
func NetworkStore(t *testing.T, open func(t *testing.T) botsweep.NetworkStore) {
	ctx := context.Background()
	mk := func(id string, score float64, members ...string) botsweep.Network {
		n := botsweep.Network{ID: id, Score: score, Size: len(members), Summary: "retweets @TheGlobus 💬",
			Attribution: []botsweep.AttributionCandidate{}, DetectedAt: time.Date(2019, 12, 20, 0, 0, 0, 0, time.UTC)}
		for _, m := range members {
			n.Members = append(n.Members, botsweep.Member{AccountID: m, ScreenName: "@" + m, Role: botsweep.RoleCore, Score: 0.9, Reasons: []string{"co-retweet"}})
		}
		return n
	}
	t.Run("empty", func(t *testing.T) {
		got, err := open(t).Networks(ctx)
		if err != nil || len(got) != 0 {
			t.Fatalf("Networks = %v, %v; want none", got, err)
		}
	})
	t.Run("put keeps rank order and replaces", func(t *testing.T) {
		s := open(t)
		first := []botsweep.Network{mk("N9", 0.99, "a", "b"), mk("N1", 0.5, "c")}
		if err := s.PutNetworks(ctx, first); err != nil {
			t.Fatal(err)
		}
		got, err := s.Networks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != "N9" || got[1].ID != "N1" || len(got[0].Members) != 2 || got[0].Summary != first[0].Summary {
			t.Fatalf("Networks = %+v", got)
		}
		if err := s.PutNetworks(ctx, []botsweep.Network{mk("N2", 0.7, "d")}); err != nil {
			t.Fatal(err)
		}
		got, err = s.Networks(ctx)
		if err != nil || len(got) != 1 || got[0].ID != "N2" {
			t.Fatalf("after replace Networks = %+v, %v", got, err)
		}
	})
}

// TokenStore runs the botsweep.TokenStore contract. open returns a new,
// empty store.
func TokenStore(t *testing.T, open func(t *testing.T) botsweep.TokenStore) {
	ctx := context.Background()
	t.Run("create, look up, list, revoke", func(t *testing.T) {
		s := open(t)
		secret, tok, err := s.CreateToken(ctx, "alice", "analyst")
		if err != nil {
			t.Fatal(err)
		}
		if !botsweep.ValidTokenShape(secret) || tok.Hash != botsweep.HashToken(secret) || tok.Name != "alice" || tok.Role != "analyst" {
			t.Fatalf("CreateToken = %q, %+v", secret, tok)
		}
		got, err := s.LookupToken(ctx, secret)
		if err != nil || got.Name != "alice" || got.Role != "analyst" || !got.Created.Equal(tok.Created) {
			t.Fatalf("LookupToken = %+v, %v; want %+v", got, err, tok)
		}
		if _, _, err := s.CreateToken(ctx, "alice", "admin"); botsweep.ErrorCode(err) != botsweep.ECONFLICT {
			t.Fatalf("a second token named alice: %v, want ECONFLICT", err)
		}
		if _, _, err := s.CreateToken(ctx, "bob", "viewer"); err != nil {
			t.Fatal(err)
		}
		list, err := s.Tokens(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("Tokens = %+v, %v", list, err)
		}
		for _, tk := range list {
			if strings.Contains(tk.Hash, secret) || tk.Hash == secret {
				t.Fatal("a listed token carries its secret")
			}
		}
		if err := s.RevokeToken(ctx, "alice"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LookupToken(ctx, secret); botsweep.ErrorCode(err) != botsweep.EUNAUTHORIZED {
			t.Fatalf("revoked token still works: %v", err)
		}
		if err := s.RevokeToken(ctx, "alice"); botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
			t.Fatalf("revoking twice: %v, want ENOTFOUND", err)
		}
	})
	t.Run("malformed and unknown secrets", func(t *testing.T) {
		s := open(t)
		for _, secret := range []string{"", "bsw_", "not-a-token", botsweep.TokenPrefix + "AAAA", botsweep.TokenPrefix + strings.Repeat("x", 300)} {
			if _, err := s.LookupToken(ctx, secret); botsweep.ErrorCode(err) != botsweep.EUNAUTHORIZED {
				t.Errorf("LookupToken(%q) = %v, want EUNAUTHORIZED", secret, err)
			}
		}
	})
	t.Run("one name, many parallel creates: exactly one wins", func(t *testing.T) {
		s := open(t)
		const creators = 20
		var wg sync.WaitGroup
		secrets := make([]string, creators)
		errs := make([]error, creators)
		start := make(chan struct{})
		for i := 0; i < creators; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				secrets[i], _, errs[i] = s.CreateToken(ctx, "ops", "admin")
			}(i)
		}
		close(start)
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case botsweep.ErrorCode(err) != botsweep.ECONFLICT:
				t.Errorf("creator %d: %v, want ECONFLICT", i, err)
			}
		}
		if won != 1 {
			t.Fatalf("%d of %d parallel creates of one name succeeded, want exactly 1", won, creators)
		}
		list, err := s.Tokens(ctx)
		if err != nil || len(list) != 1 {
			t.Fatalf("Tokens = %+v, %v; want one token", list, err)
		}
		if err := s.RevokeToken(ctx, "ops"); err != nil {
			t.Fatal(err)
		}
		for i, secret := range secrets {
			if secret == "" {
				continue
			}
			if _, err := s.LookupToken(ctx, secret); botsweep.ErrorCode(err) != botsweep.EUNAUTHORIZED {
				t.Errorf("secret of creator %d still authenticates after revoking its name: %v", i, err)
			}
		}
	})
	t.Run("names are validated", func(t *testing.T) {
		tests := []struct {
			name    string
			token   string
			wantErr bool
		}{
			{"plain", "alice", false},
			{"unicode letters and punctuation", "zoë.ops-2", false},
			{"at the length limit", strings.Repeat("n", botsweep.MaxTokenNameLen), false},
			{"empty", "", true},
			{"blank", "   ", true},
			{"over the length limit", strings.Repeat("n", botsweep.MaxTokenNameLen+1), true},
			{"newline", "alice\nadmin", true},
			{"escape sequence", "alice\x1b[31m", true},
			{"NUL", "al\x00ice", true},
			{"DEL", "alice\x7f", true},
			{"bidi override", "alice\u202egnp.exe", true},
			{"invalid UTF-8", "al\xffice", true},
			{"slash", "team/alice", true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				_, tok, err := s.CreateToken(ctx, tt.token, "viewer")
				if tt.wantErr {
					if botsweep.ErrorCode(err) != botsweep.EINVALID {
						t.Fatalf("CreateToken(%q) = %+v, %v; want EINVALID", tt.token, tok, err)
					}
					if list, _ := s.Tokens(ctx); len(list) != 0 {
						t.Fatalf("a refused name left tokens behind: %+v", list)
					}
					return
				}
				if err != nil || tok.Name != tt.token {
					t.Fatalf("CreateToken(%q) = %+v, %v", tt.token, tok, err)
				}
			})
		}
	})
}
