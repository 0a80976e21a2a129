package botsweep

import (
	"errors"
	"fmt"
)

// Error codes, mapped to HTTP statuses by the API and to exit statuses by the CLI.
const (
	ECONFLICT     = "conflict"     // the action conflicts with current state
	EINTERNAL     = "internal"     // a fault of botsweep or its environment
	EINVALID      = "invalid"      // the input is malformed or not allowed
	ENOTFOUND     = "not_found"    // the subject does not exist
	EUNAUTHORIZED = "unauthorized" // missing or invalid credentials
	EFORBIDDEN    = "forbidden"    // valid credentials without the right
	ELIMIT        = "limit"        // a circuit breaker or quota refused the action
)

// Error is an error with a machine-readable code and a message for people.
type Error struct {
	Code    string
	Message string
	// Err is what the message wraps (%w in Errorf's format), so that
	// errors.Is and errors.As see through the code: a cancelled context
	// stays context.Canceled. Nil when nothing is wrapped.
	Err error
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("botsweep error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message. As with
// fmt.Errorf, %w marks an error the result wraps.
func Errorf(code string, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	e := &Error{Code: code, Message: wrapped.Error()}
	switch w := wrapped.(type) {
	case interface{ Unwrap() error }:
		e.Err = w.Unwrap()
	case interface{ Unwrap() []error }:
		e.Err = errors.Join(w.Unwrap()...)
	}
	return e
}

// Unwrap returns the error the message wraps, if any.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, and a
// generic message for any other non-nil error (whose text may leak internals).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
