package moderation

import (
	"context"
	"sync"

	"github.com/botsweep/botsweep"
)

// MemoryLog is an in-memory botsweep.EventLog for tests and demos. Its
// Events field may be edited directly to simulate tampering.
type MemoryLog struct {
	mu     sync.Mutex
	Events []botsweep.ModEvent
	// Fail, when set, makes the next AppendEvents fail with it (once).
	Fail error
}

var _ botsweep.EventLog = (*MemoryLog)(nil)

// AppendEvents implements botsweep.EventLog: all or nothing, sequence
// numbers must run on from the last event (ECONFLICT otherwise).
func (m *MemoryLog) AppendEvents(ctx context.Context, events []botsweep.ModEvent) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.Fail; err != nil {
		m.Fail = nil
		return err
	}
	var last uint64
	if n := len(m.Events); n > 0 {
		last = m.Events[n-1].Seq
	}
	for i := range events {
		if want := last + 1 + uint64(i); events[i].Seq != want {
			return botsweep.Errorf(botsweep.ECONFLICT, "event sequence %d does not follow the log's last event (want %d)", events[i].Seq, want)
		}
	}
	m.Events = append(m.Events, events...)
	return nil
}

// EachEvent implements botsweep.EventLog.
func (m *MemoryLog) EachEvent(ctx context.Context, fn func(*botsweep.ModEvent) error) error {
	m.mu.Lock()
	evs := append([]botsweep.ModEvent(nil), m.Events...)
	m.mu.Unlock()
	for i := range evs {
		if err := fn(&evs[i]); err != nil {
			return err
		}
	}
	return nil
}

// memNetworks is a fixed NetworkStore.
type memNetworks []botsweep.Network

func (n memNetworks) PutNetworks(context.Context, []botsweep.Network) error {
	return botsweep.Errorf(botsweep.EINVALID, "static networks are read-only")
}
func (n memNetworks) Networks(context.Context) ([]botsweep.Network, error) {
	return []botsweep.Network(n), nil
}

// StaticNetworks returns a read-only botsweep.NetworkStore holding networks,
// for Options.Networks in tests and demos.
func StaticNetworks(networks []botsweep.Network) botsweep.NetworkStore {
	return memNetworks(networks)
}
