package store

import (
	"context"
	"testing"

	"github.com/botsweep/botsweep"
)

func TestNetworksRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Networks(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty store: %v %v", got, err)
	}
	first := []botsweep.Network{{ID: "a", Rank: 1}, {ID: "b", Rank: 2}, {ID: "c", Rank: 3}}
	if err := s.PutNetworks(ctx, first); err != nil {
		t.Fatal(err)
	}
	second := []botsweep.Network{{ID: "z", Rank: 1, Members: []botsweep.Member{{AccountID: "1", Role: botsweep.RoleCore}}}}
	if err := s.PutNetworks(ctx, second); err != nil {
		t.Fatal(err)
	}
	got, err := s.Networks(ctx)
	if err != nil || len(got) != 1 || got[0].ID != "z" || len(got[0].Members) != 1 {
		t.Fatalf("after replace: %+v %v", got, err)
	}
	if _, err := s.Network(ctx, "a"); botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
		t.Errorf("replaced network still found: %v", err)
	}
	if n, err := s.Network(ctx, "z"); err != nil || n.ID != "z" {
		t.Errorf("Network(z) = %v, %v", n, err)
	}
}

func TestDetectRunRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type run struct {
		Accounts int    `json:"accounts"`
		Window   string `json:"window"`
	}
	var got run
	if ok, err := s.DetectRun(ctx, &got); err != nil || ok {
		t.Fatalf("fresh store: ok %v err %v, want none stored", ok, err)
	}
	want := run{Accounts: 4, Window: "1m0s"}
	if err := s.PutDetectRun(ctx, want); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ok, err := ro.DetectRun(ctx, &got); err != nil || !ok || got != want {
		t.Fatalf("after reopen: ok %v err %v got %+v, want %+v", ok, err, got, want)
	}
	if err := ro.PutDetectRun(ctx, want); err == nil {
		t.Error("read-only store accepted a detection summary")
	}
}
