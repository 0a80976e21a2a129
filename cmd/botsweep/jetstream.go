package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/store"
)

// jetstreamSyncEvery is how many events ingest --jetstream writes between
// making the store durable and persisting the cursor.
const jetstreamSyncEvery = 2000

// ingestJetstream reads a live Jetstream into the store until the server
// closes the stream or ctx is done, resuming from the cursor in
// cursorFile and persisting it there after each durable batch, so a
// restart loses nothing and duplicates nothing.
func ingestJetstream(ctx context.Context, e *env, st *store.Store, rawURL, cursorFile string) error {
	state := &ingest.JetstreamState{}
	if b, err := os.ReadFile(cursorFile); err == nil {
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || n < 0 {
			return botsweep.Errorf(botsweep.EINVALID, "jetstream cursor file %s: %q is not a time_us cursor", cursorFile, strings.TrimSpace(string(b)))
		}
		state.Cursor = n
	} else if !os.IsNotExist(err) {
		return botsweep.Errorf(botsweep.EINVALID, "jetstream cursor file: %w", err)
	}
	// Handles and profiles seen before a restart come from the store.
	if err := st.EachAccount(ctx, func(a *botsweep.Account) error {
		if strings.HasPrefix(a.ID, "did:") {
			state.Remember(a)
		}
		return nil
	}); err != nil {
		return err
	}
	w, err := st.NewWriter(store.WriterOptions{})
	if err != nil {
		return err
	}
	defer w.Close()
	persist := func(cursor int64) error {
		if err := w.Sync(); err != nil {
			return err
		}
		tmp := cursorFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(strconv.FormatInt(cursor, 10)+"\n"), 0o644); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "jetstream cursor: %w", err)
		}
		if err := os.Rename(tmp, cursorFile); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "jetstream cursor: %w", err)
		}
		return nil
	}
	from := state.Cursor
	events := 0
	res, err := ingest.ReadJetstream(ctx, rawURL, w, ingest.LiveOptions{
		State: state,
		OnReject: func(r ingest.Reject) error {
			fmt.Fprintf(e.stderr, "botsweep: rejected %s\n", r)
			return nil
		},
		OnEvent: func(cursor int64) error {
			if events++; events%jetstreamSyncEvery == 0 {
				return persist(cursor)
			}
			return nil
		},
	})
	if perr := persist(state.Cursor); perr != nil && err == nil {
		err = perr
	}
	fmt.Fprintf(e.stderr, "botsweep: jetstream %s from cursor %d: %d records, %d rejected, cursor now %d\n",
		rawURL, from, res.Records, res.Rejected, state.Cursor)
	return err
}
