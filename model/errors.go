package model

import (
	"errors"
	"fmt"
)

// Code classifies an error so that callers can react to it (exit status,
// HTTP status, retry) without parsing text.
type Code string

const (
	CodeInvalid     Code = "invalid"     // the command itself is malformed
	CodeForbidden   Code = "forbidden"   // the actor may not do this
	CodeNotFound    Code = "not_found"   // the named thing does not exist
	CodeConflict    Code = "conflict"    // the journal moved on under an append
	CodeNotYet      Code = "not_yet"     // valid only later: a deadline not yet reached
	CodeDuplicate   Code = "duplicate"   // an event with this id is already stored
	CodeUnavailable Code = "unavailable" // the store cannot take writes right now
	CodeCorrupt     Code = "corrupt"     // stored data cannot be read back
	CodeInternal    Code = "internal"    // a bug or an unexpected failure
)

// Error is an error whose Message is safe to show to the user who caused it.
// Err, when set, carries the underlying cause for logs.
type Error struct {
	Code    Code
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a coded error with a user-facing message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError builds a coded error that keeps cause for the logs.
func WrapError(code Code, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: cause}
}

// ErrorCode returns the code of the first coded error in err's chain, or
// CodeInternal when there is none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns text about err that is safe to show a user: the
// message of a coded error, and a generic line for anything else so that
// internal details (paths, stack traces) stay in the logs.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error; the server log has the details"
}
