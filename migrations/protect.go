package migrations

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// AuditOwner is the role that owns the audit log once ProtectAudit ran. It
// cannot log in; the application's role may only read and append.
const AuditOwner = "opsmanager_audit"

// ProtectAudit hands audit_log, its append-only trigger function and the
// public schema to AuditOwner, so the application's role (appRole) can
// insert and select audit entries but never update, delete, truncate, alter
// or drop them, nor drop the triggers that enforce it. A schema's owner may
// drop any table in it, so the schema moves too; appRole keeps USAGE and
// CREATE on it for its own tables and future migrations.
//
// admin must connect to the same database as a superuser (the DBA's
// DATABASE_ADMIN_URL). Running it again changes nothing.
func ProtectAudit(ctx context.Context, admin *pgxpool.Pool, appRole string) error {
	if appRole == AuditOwner {
		return fmt.Errorf("protect audit log: the application role must not be %s", AuditOwner)
	}
	app := pgx.Identifier{appRole}.Sanitize()
	stmts := []string{
		`DO $$ BEGIN
			IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '` + AuditOwner + `') THEN
				CREATE ROLE ` + AuditOwner + ` NOLOGIN;
			END IF;
		END $$`,
		`ALTER SCHEMA public OWNER TO ` + AuditOwner,
		`GRANT USAGE, CREATE ON SCHEMA public TO ` + app,
		`ALTER TABLE public.audit_log OWNER TO ` + AuditOwner,
		`ALTER FUNCTION public.audit_log_append_only() OWNER TO ` + AuditOwner,
		`REVOKE ALL ON public.audit_log FROM PUBLIC, ` + app,
		`GRANT SELECT, INSERT ON public.audit_log TO ` + app,
	}
	tx, err := admin.Begin(ctx)
	if err != nil {
		return fmt.Errorf("protect audit log: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
	for _, stmt := range stmts {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("protect audit log: %w", err)
		}
	}
	return tx.Commit(ctx)
}

// AuditProtected reports whether audit_log belongs to AuditOwner rather
// than to the role pool connects as.
func AuditProtected(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	var owner string
	err := pool.QueryRow(ctx, `SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_log'`).Scan(&owner)
	if err != nil {
		return false, fmt.Errorf("audit log owner: %w", err)
	}
	return owner == AuditOwner, nil
}
