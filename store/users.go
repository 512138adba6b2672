package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Users stores users, their roles and their MFA state.
type Users struct {
	pool *pgxpool.Pool
}

// NewUsers returns a user repository over pool.
func NewUsers(pool *pgxpool.Pool) *Users { return &Users{pool: pool} }

// Credentials are what sign-in needs of a user; never sent to clients.
type Credentials struct {
	User         domain.User
	PasswordHash string
	MFASecret    []byte // sealed
	MFALastStep  int64
	// The pending enrolment's session and deadline (zero when none).
	MFAPendingSession string
	MFAPendingUntil   *time.Time
}

const userColumns = `u.id, u.email, u.display_name, u.active, u.mfa_enabled, u.created_at, u.updated_at, u.last_login_at, u.must_change_password,
	COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id), '{}')`

func scanUser(row pgx.Row, extra ...any) (domain.User, error) {
	var u domain.User
	dest := append([]any{&u.ID, &u.Email, &u.DisplayName, &u.Active, &u.MFAEnabled, &u.CreatedAt, &u.UpdatedAt, &u.LastLoginAt, &u.MustChangePassword, &u.Roles}, extra...)
	if err := row.Scan(dest...); err != nil {
		return u, err
	}
	return u, nil
}

// Create inserts a user with roles. A duplicate email is a conflict; an
// unknown role is invalid.
func (s *Users) Create(ctx context.Context, u domain.User, passwordHash string) (domain.User, error) {
	u.ID = newID()
	err := pgx.BeginFunc(ctx, db(ctx, s.pool), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO users (id, email, display_name, password_hash, active) VALUES ($1, $2, $3, $4, $5)`,
			u.ID, u.Email, u.DisplayName, passwordHash, u.Active); err != nil {
			return err
		}
		return setRoles(ctx, tx, u.ID, u.Roles)
	})
	if err != nil {
		return u, userWriteError(err, u.Email)
	}
	return s.Get(ctx, u.ID)
}

func setRoles(ctx context.Context, tx pgx.Tx, userID string, roles []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::text[])`, userID, roles)
	return err
}

func userWriteError(err error, email string) error {
	switch v := violationOf(err); {
	case v.unique() && v.on("email"):
		return domain.Errorf(domain.EConflict, "a user with email %s already exists", email)
	case v.foreignKey() && v.on("role"):
		return domain.ValidationError([]domain.FieldError{{Field: "roles", Message: "names a role that does not exist"}})
	}
	return fmt.Errorf("write user: %w", err)
}

// Get returns the user with id.
func (s *Users) Get(ctx context.Context, id string) (domain.User, error) {
	if !isID(id) {
		return domain.User{}, missing("user", id)
	}
	u, err := scanUser(db(ctx, s.pool).QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return u, notFound(err, "user", id)
	}
	return u, nil
}

// CredentialsByEmail returns the sign-in data of the user with email.
func (s *Users) CredentialsByEmail(ctx context.Context, email string) (Credentials, error) {
	return s.credentials(ctx, `lower(u.email) = lower($1)`, email)
}

// CredentialsByID returns the sign-in data of the user with id.
func (s *Users) CredentialsByID(ctx context.Context, id string) (Credentials, error) {
	if !isID(id) {
		return Credentials{}, missing("user", id)
	}
	return s.credentials(ctx, `u.id = $1`, id)
}

func (s *Users) credentials(ctx context.Context, where string, arg any) (Credentials, error) {
	var c Credentials
	u, err := scanUser(db(ctx, s.pool).QueryRow(ctx, `SELECT `+userColumns+`, u.password_hash, u.mfa_secret, u.mfa_last_step,
		COALESCE(u.mfa_pending_session, ''), u.mfa_pending_until
		FROM users u WHERE `+where, arg), &c.PasswordHash, &c.MFASecret, &c.MFALastStep, &c.MFAPendingSession, &c.MFAPendingUntil)
	if err != nil {
		return c, notFound(err, "user", fmt.Sprint(arg))
	}
	c.User = u
	return c, nil
}

// Count returns how many users exist.
func (s *Users) Count(ctx context.Context) (int, error) {
	var n int
	err := db(ctx, s.pool).QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// UserFilter selects users for listing.
type UserFilter struct {
	Query  string // matches email or display name
	Role   string
	Active *bool
	Page   int
	Limit  int
}

// List returns one page of users ordered by email, and the total count.
func (s *Users) List(ctx context.Context, f UserFilter) ([]domain.User, int, error) {
	where := `WHERE ($1 = '' OR u.email ILIKE '%' || $1 || '%' OR u.display_name ILIKE '%' || $1 || '%')
		AND ($2 = '' OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $2))
		AND ($3::boolean IS NULL OR u.active = $3)`
	var total int
	if err := db(ctx, s.pool).QueryRow(ctx, `SELECT count(*) FROM users u `+where, f.Query, f.Role, f.Active).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+userColumns+` FROM users u `+where+` ORDER BY lower(u.email) LIMIT $4 OFFSET $5`,
		f.Query, f.Role, f.Active, f.Limit, (f.Page-1)*f.Limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	users, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.User, error) { return scanUser(r) })
	return users, total, err
}

// UserUpdate holds the fields to change; nil fields stay as they are.
type UserUpdate struct {
	DisplayName  *string
	Roles        *[]string
	Active       *bool
	PasswordHash *string
}

// Update changes a user in one transaction.
func (s *Users) Update(ctx context.Context, id string, up UserUpdate) (domain.User, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return domain.User{}, err
	}
	err := pgx.BeginFunc(ctx, db(ctx, s.pool), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET display_name = COALESCE($2, display_name), active = COALESCE($3, active),
			password_hash = COALESCE($4, password_hash), updated_at = now() WHERE id = $1`,
			id, up.DisplayName, up.Active, up.PasswordHash); err != nil {
			return err
		}
		if up.Roles != nil {
			return setRoles(ctx, tx, id, *up.Roles)
		}
		return nil
	})
	if err != nil {
		return domain.User{}, userWriteError(err, "")
	}
	return s.Get(ctx, id)
}

// RecordLogin stores the sign-in time and, after a parameter change, the
// rehashed password.
func (s *Users) RecordLogin(ctx context.Context, id string, at time.Time, rehashed string) error {
	_, err := db(ctx, s.pool).Exec(ctx, `UPDATE users SET last_login_at = $2,
		password_hash = CASE WHEN $3 = '' THEN password_hash ELSE $3 END WHERE id = $1`, id, at, rehashed)
	return err
}

// CountActiveAdmins counts active users holding the admin role, so the last
// one cannot be removed.
func (s *Users) CountActiveAdmins(ctx context.Context) (int, error) {
	var n int
	err := db(ctx, s.pool).QueryRow(ctx, `SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.role = 'admin' AND u.active`).Scan(&n)
	return n, err
}
