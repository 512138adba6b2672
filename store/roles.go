package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Roles stores roles. Built-in roles' permissions come from
// domain.BuiltinRoles; custom roles keep theirs in the table.
type Roles struct {
	pool *pgxpool.Pool
}

// NewRoles returns a role repository over pool.
func NewRoles(pool *pgxpool.Pool) *Roles { return &Roles{pool: pool} }

func scanRole(row pgx.Row) (domain.Role, error) {
	var r domain.Role
	var perms []string
	if err := row.Scan(&r.Name, &r.Description, &perms, &r.Builtin, &r.RequireMFA); err != nil {
		return r, err
	}
	if builtin, ok := domain.BuiltinRoles[r.Name]; ok && r.Builtin {
		r.Permissions = builtin
	} else {
		for _, p := range perms {
			r.Permissions = append(r.Permissions, domain.Permission(p))
		}
	}
	if r.Permissions == nil {
		r.Permissions = []domain.Permission{}
	}
	return r, nil
}

const roleColumns = `name, description, permissions, builtin, require_mfa`

// List returns every role, built-in first.
func (s *Roles) List(ctx context.Context) ([]domain.Role, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+roleColumns+` FROM roles ORDER BY builtin DESC, name`)
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Role, error) { return scanRole(r) })
}

// Get returns the role called name.
func (s *Roles) Get(ctx context.Context, name string) (domain.Role, error) {
	r, err := scanRole(db(ctx, s.pool).QueryRow(ctx, `SELECT `+roleColumns+` FROM roles WHERE name = $1`, name))
	return r, notFound(err, "role", name)
}

// Create adds a custom role.
func (s *Roles) Create(ctx context.Context, r domain.Role) (domain.Role, error) {
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO roles (name, description, permissions, require_mfa) VALUES ($1, $2, $3, $4)`,
		r.Name, r.Description, permStrings(r.Permissions), r.RequireMFA)
	if violationOf(err).unique() {
		return r, domain.Errorf(domain.EConflict, "role %s already exists", r.Name)
	}
	if err != nil {
		return r, fmt.Errorf("create role: %w", err)
	}
	return s.Get(ctx, r.Name)
}

// RoleUpdate holds the fields to change; nil fields stay as they are.
type RoleUpdate struct {
	Description *string
	Permissions *[]domain.Permission
	RequireMFA  *bool
}

// Update changes a role. Built-in roles' permissions cannot change.
func (s *Roles) Update(ctx context.Context, name string, up RoleUpdate) (domain.Role, error) {
	current, err := s.Get(ctx, name)
	if err != nil {
		return current, err
	}
	if current.Builtin && up.Permissions != nil {
		return current, domain.Errorf(domain.EConflict, "the permissions of built-in role %s cannot change; create a custom role", name)
	}
	var perms []string
	if up.Permissions != nil {
		perms = permStrings(*up.Permissions)
	}
	_, err = db(ctx, s.pool).Exec(ctx, `UPDATE roles SET description = COALESCE($2, description),
		permissions = COALESCE($3, permissions), require_mfa = COALESCE($4, require_mfa), updated_at = now()
		WHERE name = $1`, name, up.Description, perms, up.RequireMFA)
	if err != nil {
		return current, fmt.Errorf("update role: %w", err)
	}
	return s.Get(ctx, name)
}

// Delete removes a custom role that no user holds.
func (s *Roles) Delete(ctx context.Context, name string) error {
	current, err := s.Get(ctx, name)
	if err != nil {
		return err
	}
	if current.Builtin {
		return domain.Errorf(domain.EConflict, "built-in role %s cannot be deleted", name)
	}
	_, err = db(ctx, s.pool).Exec(ctx, `DELETE FROM roles WHERE name = $1`, name)
	if violationOf(err).foreignKey() {
		return domain.Errorf(domain.EConflict, "role %s is still assigned to users", name)
	}
	return err
}

// Effective returns the union of the permissions of roles, and whether any
// of them requires MFA.
func (s *Roles) Effective(ctx context.Context, roles []string) (domain.PermissionSet, bool, error) {
	set := domain.PermissionSet{}
	requireMFA := false
	if len(roles) == 0 {
		return set, false, nil
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+roleColumns+` FROM roles WHERE name = ANY($1)`, roles)
	if err != nil {
		return nil, false, fmt.Errorf("load roles: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Role, error) { return scanRole(r) })
	if err != nil {
		return nil, false, fmt.Errorf("load roles: %w", err)
	}
	for _, r := range list {
		for _, p := range r.Permissions {
			set[p] = true
		}
		requireMFA = requireMFA || r.RequireMFA
	}
	return set, requireMFA, nil
}

func permStrings(perms []domain.Permission) []string {
	out := make([]string, 0, len(perms))
	for _, p := range perms {
		out = append(out, string(p))
	}
	return out
}
