package botsweep

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestErrorfWraps(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		target   error
		wantCode string
		wantMsg  string
	}{
		{"wrapped cancel", Errorf(EINTERNAL, "read posts: %w", context.Canceled), context.Canceled, EINTERNAL, "read posts: context canceled"},
		{"through fmt", fmt.Errorf("detect: %w", Errorf(ENOTFOUND, "no store at %s: %w", "x", context.DeadlineExceeded)), context.DeadlineExceeded, ENOTFOUND, "no store at x: context deadline exceeded"},
		{"two wrapped", Errorf(EINVALID, "%w and %w", context.Canceled, context.DeadlineExceeded), context.DeadlineExceeded, EINVALID, "context canceled and context deadline exceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !errors.Is(tc.err, tc.target) {
				t.Errorf("errors.Is(%v, %v) = false", tc.err, tc.target)
			}
			if got := ErrorCode(tc.err); got != tc.wantCode {
				t.Errorf("ErrorCode = %q, want %q", got, tc.wantCode)
			}
			if got := ErrorMessage(tc.err); got != tc.wantMsg {
				t.Errorf("ErrorMessage = %q, want %q", got, tc.wantMsg)
			}
		})
	}
	if err := Errorf(EINVALID, "plain %d", 1); err.Unwrap() != nil {
		t.Errorf("nothing wrapped, Unwrap = %v", err.Unwrap())
	}
}
