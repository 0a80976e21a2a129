package main

import (
	"fmt"
	"io"
	"log/slog"
)

// newLogger returns the structured logger of a long-running command: text
// (key=value) or json lines on w.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, &usageError{fmt.Errorf("--log-format %q: want text or json", format)}
}

// stageLogger returns the logger long CLI commands (ingest, detect,
// coordinate) report their stages on: info-level key=value lines on
// stderr, without wall time (the clock is injected; a CLI line needs none).
func stageLogger(e *env) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{ReplaceAttr: dropTime}))
}
