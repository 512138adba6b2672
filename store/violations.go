package store

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// violation is the integrity constraint a write broke; the zero value
// means the error was not a constraint violation.
type violation struct{ code, constraint string }

// violationOf reads which constraint err reports, if any.
func violationOf(err error) violation {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return violation{code: pg.Code, constraint: pg.ConstraintName}
	}
	return violation{}
}

// unique reports a duplicate key (SQLSTATE 23505).
func (v violation) unique() bool { return v.code == "23505" }

// foreignKey reports a missing or still-referenced row (SQLSTATE 23503).
func (v violation) foreignKey() bool { return v.code == "23503" }

// on reports whether the broken constraint's name contains fragment.
func (v violation) on(fragment string) bool { return strings.Contains(v.constraint, fragment) }
