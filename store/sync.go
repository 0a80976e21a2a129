package store

// Sync commits what is pending with fsync and waits until it is applied:
// when Sync returns, everything written so far survives a crash. The
// stream commits Kafka offsets only after Sync.
func (w *Writer) Sync() error {
	if w.hold {
		return nil
	}
	if err := w.commit(true); err != nil {
		return err
	}
	return w.wait()
}
