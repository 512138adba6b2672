// Package domain holds OpsManager's types, state machines, validation rules
// and error codes. It imports nothing else of the project.
package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. The API maps each to one HTTP status.
const (
	EInvalid      = "invalid"      // bad input: 400
	ENotFound     = "not_found"    // 404
	EConflict     = "conflict"     // state does not allow the action: 409
	ETooLarge     = "too_large"    // request body over the limit: 413
	EMediaType    = "media_type"   // unsupported Content-Type: 415
	EUnauthorized = "unauthorized" // 401
	EForbidden    = "forbidden"    // 403
	ERateLimited  = "rate_limited" // 429
	EUnavailable  = "unavailable"  // a dependency is down: 503
	EInternal     = "internal"     // 500
)

// FieldError names one invalid input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an application error with a machine-readable code and a message
// safe to show to users.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// Name, if set, replaces the code's default error name in API
	// responses (e.g. "mfa_required" for a 401), so clients can react.
	Name string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, or EInternal for any other error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EInternal
}

// ErrorMessage returns the user-safe message of err, hiding internal details.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ValidationError collects field errors into one EInvalid error, or nil.
func ValidationError(fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	msg := fields[0].Field + ": " + fields[0].Message
	if len(fields) > 1 {
		msg = fmt.Sprintf("%s (and %d more)", msg, len(fields)-1)
	}
	return &Error{Code: EInvalid, Message: "invalid input: " + msg, Fields: fields}
}

// CheckLength adds a problem for field to bad when s is not min to max
// characters long (leading and trailing space not counted).
func CheckLength(bad *[]FieldError, field, s string, min, max int) {
	n := len([]rune(strings.TrimSpace(s)))
	switch {
	case min == 0 && n > max:
		*bad = append(*bad, FieldError{field, fmt.Sprintf("must be at most %d characters", max)})
	case min > 0 && (n < min || n > max):
		*bad = append(*bad, FieldError{field, fmt.Sprintf("must be %d to %d characters", min, max)})
	}
}
