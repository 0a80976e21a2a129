package moderation_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/moderation"
)

func bigNetwork(n int) []botsweep.Network {
	net := botsweep.Network{ID: "N1", Score: 0.9, Evidence: botsweep.Evidence{Signals: []botsweep.Signal{{Layer: "co-retweet"}}}}
	for i := 0; i < n; i++ {
		net.Members = append(net.Members, botsweep.Member{AccountID: fmt.Sprint(1000000 + i), Role: botsweep.RoleCore, Reasons: []string{"retweets @TheGlobus within 30s"}})
	}
	return []botsweep.Network{net}
}

// BenchmarkSweep10k plans, seals and appends a sweep of 10,000 accounts
// to an in-memory log (the hashing and bookkeeping, without disk).
func BenchmarkSweep10k(b *testing.B) {
	ctx := context.Background()
	nets := moderation.StaticNetworks(bigNetwork(10000))
	for b.Loop() {
		l, err := moderation.Open(ctx, &moderation.MemoryLog{}, moderation.Options{Now: func() time.Time { return t0 }, Networks: nets})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.Sweep(ctx, moderation.SweepRequest{All: true, Reason: "platform-manipulation", Actor: "a"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify10k checks the chain of a 10,001-event log.
func BenchmarkVerify10k(b *testing.B) {
	ctx := context.Background()
	mem := &moderation.MemoryLog{}
	l, err := moderation.Open(ctx, mem, moderation.Options{Now: func() time.Time { return t0 }, Networks: moderation.StaticNetworks(bigNetwork(10000))})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := l.Sweep(ctx, moderation.SweepRequest{All: true, Reason: "platform-manipulation", Actor: "a"}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := moderation.Verify(ctx, mem)
		if err != nil || !r.OK {
			b.Fatal(err, r)
		}
	}
}
