package store

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/opsmanager/opsmanager/domain"
)

// missing is the error for a what with id that does not exist.
func missing(what, id string) error {
	return domain.Errorf(domain.ENotFound, "%s %s not found", what, id)
}

// reread answers an UPDATE of the row id: the statement's error through
// writeErr (unique names, foreign keys), not found when it matched no row,
// else the row as get reads it now.
func reread[T any](ctx context.Context, tag pgconn.CommandTag, err error, writeErr func(error) error,
	what, id string, get func(context.Context, string) (T, error)) (T, error) {
	var zero T
	if err != nil {
		return zero, writeErr(err)
	}
	if tag.RowsAffected() == 0 {
		return zero, missing(what, id)
	}
	return get(ctx, id)
}

// isID reports whether s is a UUID, the form every row ID takes; a lookup
// by anything else can only miss.
func isID(s string) bool { return uuid.Validate(s) == nil }

// newID returns a new time-ordered row ID (UUIDv7).
func newID() string { return uuid.Must(uuid.NewV7()).String() }
