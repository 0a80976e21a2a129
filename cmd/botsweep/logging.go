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
