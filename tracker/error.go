package tracker

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP layer maps each to one status; anything that is not an *Error is
// reported to users as an internal error and logged, so no detail of a failure leaks.
const (
	ECONFLICT     = "conflict"     // the action clashes with the current state (a duplicate, a stale preview)
	EFORBIDDEN    = "forbidden"    // signed in, but the action or list is outside the caller's scope
	EINTERNAL     = "internal"     // a bug or an unavailable store
	EINVALID      = "invalid"      // the input is wrong; Message says what to fix
	ENOTFOUND     = "not_found"    // no such thing, or the caller may not know it exists
	EUNAUTHORIZED = "unauthorized" // not signed in, session expired, or sign-in refused
	EPASSWORD     = "password"     // signed in, but the password must be changed before anything else
	ETOOLARGE     = "too_large"    // an upload over its limit; Message names the limit
	ETOOMANY      = "too_many"     // refused for now: too many attempts (sign-in limits); Message says when to try again
)

// Error is the one error type the tracker's services return to their callers. Message is Japanese,
// written for the member of staff who will read it.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("tracker error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, "" for nil and EINTERNAL for anything else.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Errors that are not *Error get a fixed
// message, so internal details (SQL, paths) never reach a page.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "内部エラーが発生しました。時間をおいてもう一度お試しください。"
}
