package domain_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/opsmanager/opsmanager/domain"
)

var allRunStatuses = []domain.RunStatus{
	domain.RunPending, domain.RunRunning, domain.RunWaitingApproval, domain.RunSucceeded,
	domain.RunFailed, domain.RunCancelled, domain.RunTimedOut,
}

func TestRunStatusValid(t *testing.T) {
	t.Parallel()
	for _, s := range allRunStatuses {
		if !s.Valid() {
			t.Errorf("%q.Valid() = false, want true", s)
		}
	}
	for _, s := range []domain.RunStatus{"", "done", "Running", "cancelled ", "timed-out"} {
		if s.Valid() {
			t.Errorf("%q.Valid() = true, want false", s)
		}
	}
}

func TestRunStatusTerminal(t *testing.T) {
	t.Parallel()
	want := map[domain.RunStatus]bool{
		domain.RunPending:         false,
		domain.RunRunning:         false,
		domain.RunWaitingApproval: false,
		domain.RunSucceeded:       true,
		domain.RunFailed:          true,
		domain.RunCancelled:       true,
		domain.RunTimedOut:        true,
		"":                        false,
		"bogus":                   false,
	}
	for s, w := range want {
		if got := s.Terminal(); got != w {
			t.Errorf("%q.Terminal() = %v, want %v", s, got, w)
		}
	}
}

func TestRunStatusCanMoveTo(t *testing.T) {
	t.Parallel()
	const (
		P = domain.RunPending
		R = domain.RunRunning
		W = domain.RunWaitingApproval
		S = domain.RunSucceeded
		F = domain.RunFailed
		C = domain.RunCancelled
		T = domain.RunTimedOut
	)
	// allowed[from][to]: pending and running may end any way; a terminal
	// status never changes, except to itself (retried activities are idempotent).
	allowed := map[domain.RunStatus]map[domain.RunStatus]bool{
		P: {P: true, R: true, W: false, S: true, F: true, C: true, T: true},
		R: {P: false, R: true, W: true, S: true, F: true, C: true, T: true},
		W: {P: false, R: true, W: true, S: true, F: true, C: true, T: true},
		S: {P: false, R: false, W: false, S: true, F: false, C: false, T: false},
		F: {P: false, R: false, W: false, S: false, F: true, C: false, T: false},
		C: {P: false, R: false, W: false, S: false, F: false, C: true, T: false},
		T: {P: false, R: false, W: false, S: false, F: false, C: false, T: true},
	}
	for _, from := range allRunStatuses {
		for _, to := range allRunStatuses {
			want, ok := allowed[from][to]
			if !ok {
				t.Fatalf("table misses %s → %s", from, to)
			}
			if got := from.CanMoveTo(to); got != want {
				t.Errorf("%s.CanMoveTo(%s) = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestRunStatusCanMoveToUnknown(t *testing.T) {
	t.Parallel()
	for _, s := range allRunStatuses {
		if s.CanMoveTo("bogus") {
			t.Errorf("%s.CanMoveTo(bogus) = true, want false", s)
		}
		if domain.RunStatus("bogus").CanMoveTo(s) {
			t.Errorf("bogus.CanMoveTo(%s) = true, want false", s)
		}
	}
}

// TestErrorCodeAndMessage: a domain error keeps its code and its message
// through %w wrapping and joins; anything else is internal, and its text
// (which may name hosts or users) is hidden.
func TestErrorCodeAndMessage(t *testing.T) {
	t.Parallel()
	notFound := domain.Errorf(domain.ENotFound, "run %s not found", "42")
	tests := []struct {
		name    string
		err     error
		code    string
		message string
	}{
		{"nil", nil, "", ""},
		{"domain error", notFound, domain.ENotFound, "run 42 not found"},
		{"wrapped once", fmt.Errorf("get run: %w", notFound), domain.ENotFound, "run 42 not found"},
		{"wrapped twice", fmt.Errorf("api: %w", fmt.Errorf("get run: %w", domain.Errorf(domain.EConflict, "busy"))), domain.EConflict, "busy"},
		{"joined", errors.Join(io.EOF, notFound), domain.ENotFound, "run 42 not found"},
		{"formatted message", domain.Errorf(domain.EConflict, "run %s is %s", "42", "failed"), domain.EConflict, "run 42 is failed"},
		{"plain error", io.ErrUnexpectedEOF, domain.EInternal, "internal error"},
		{"formatted with %v loses the code", fmt.Errorf("get run: %v", notFound), domain.EInternal, "internal error"},
		{"internal error is hidden", errors.New("pq: password authentication failed for user admin"), domain.EInternal, "internal error"},
		{"wrapped internal error is hidden", fmt.Errorf("query: %w", errors.New("dial tcp 10.0.0.5:5432: refused")), domain.EInternal, "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := domain.ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.code)
			}
			if got := domain.ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.message)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	t.Parallel()
	err := domain.Errorf(domain.EInvalid, "limit must be at most %d", 100)
	if got, want := err.Error(), "invalid: limit must be at most 100"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestValidationError(t *testing.T) {
	t.Parallel()
	if err := domain.ValidationError(nil); err != nil {
		t.Errorf("ValidationError(nil) = %v, want nil", err)
	}
	if err := domain.ValidationError([]domain.FieldError{}); err != nil {
		t.Errorf("ValidationError(empty) = %v, want nil", err)
	}

	tests := []struct {
		name    string
		fields  []domain.FieldError
		message string
	}{
		{"one field", []domain.FieldError{{Field: "limit", Message: "must be at most 100"}},
			"invalid input: limit: must be at most 100"},
		{"two fields", []domain.FieldError{{Field: "limit", Message: "must be at most 100"}, {Field: "page", Message: "must be at least 1"}},
			"invalid input: limit: must be at most 100 (and 1 more)"},
		{"three fields", []domain.FieldError{{Field: "a", Message: "x"}, {Field: "b", Message: "y"}, {Field: "c", Message: "z"}},
			"invalid input: a: x (and 2 more)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := domain.ValidationError(tt.fields)
			// Handlers receive it wrapped and must still find every field.
			wrapped := fmt.Errorf("start run: %w", err)
			var de *domain.Error
			if !errors.As(wrapped, &de) {
				t.Fatalf("errors.As(%v) found no *domain.Error", wrapped)
			}
			if de.Code != domain.EInvalid {
				t.Errorf("Code = %q, want %q", de.Code, domain.EInvalid)
			}
			if de.Message != tt.message {
				t.Errorf("Message = %q, want %q", de.Message, tt.message)
			}
			if len(de.Fields) != len(tt.fields) {
				t.Fatalf("Fields = %v, want %v", de.Fields, tt.fields)
			}
			for i := range tt.fields {
				if de.Fields[i] != tt.fields[i] {
					t.Errorf("Fields[%d] = %+v, want %+v", i, de.Fields[i], tt.fields[i])
				}
			}
			if !strings.HasPrefix(err.Error(), domain.EInvalid+": ") {
				t.Errorf("Error() = %q, want it to start with the code", err.Error())
			}
		})
	}
}
