//go:build !linux

package store

// slotMem is nothing where tables live on the Go heap.
type slotMem struct{}

func (m *slotMem) free() {}

// allocSlots returns n zeroed slots from the Go heap.
func allocSlots(n int) ([]idKey, *slotMem) { return make([]idKey, n), nil }

func attachFree(*idTable, *slotMem) {}

// prefault does nothing: the Go heap hands out zeroed memory.
func prefault(*slotMem) {}

// populateAsync does nothing: the Go heap hands out zeroed memory.
func populateAsync(*slotMem) {}
