package store

import (
	"context"
	"encoding/base64"
	"sort"
	"strings"

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

// errBadCursor answers a cursor that no page handed out.
var errBadCursor = domain.ValidationError([]domain.FieldError{{Field: "cursor", Message: "is not a cursor from a previous page"}})

// cursorOf is an opaque page cursor: the sort key of the last row and its ID.
func cursorOf(key, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key + "|" + id))
}

// cursorParts reads a cursor made by cursorOf.
func cursorParts(c string) (key, id string, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", "", errBadCursor
	}
	key, id, ok := strings.Cut(string(raw), "|")
	if !ok || !isID(id) {
		return "", "", errBadCursor
	}
	return key, id, nil
}

// sortedKeys returns m's keys in order, so built SQL is the same each time.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
