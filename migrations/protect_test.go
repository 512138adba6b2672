package migrations_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/migrations"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// TestProtectedAuditLogIsAppendOnlyForTheApplication migrates a database as
// the application's role, hands the audit log over as the DBA would, and
// then tries, as the application, everything that could rewrite history.
func TestProtectedAuditLogIsAppendOnlyForTheApplication(t *testing.T) {
	ctx := context.Background()
	appURL := storetest.NewEmptyDatabase(t)
	app := connect(t, appURL)
	m, err := migrations.New(app)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	admin := connect(t, storetest.SuperuserURL(appURL))
	var appRole string
	if err := app.QueryRow(ctx, `SELECT current_user`).Scan(&appRole); err != nil {
		t.Fatal(err)
	}
	for range 2 { // a second run changes nothing and does not fail
		if err := migrations.ProtectAudit(ctx, admin, appRole); err != nil {
			t.Fatalf("protect (is opsmanager_admin there? run `make deps`): %v", err)
		}
	}
	if ok, err := migrations.AuditProtected(ctx, app); err != nil || !ok {
		t.Fatalf("AuditProtected = %v, %v", ok, err)
	}

	insertAudit(t, app, "still.writable")
	if n := auditRows(t, app, "still.writable"); n != 1 {
		t.Fatalf("the application reads %d of its entries, want 1", n)
	}
	for _, stmt := range []string{
		`UPDATE audit_log SET outcome = 'failure'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		`DROP TABLE audit_log`,
		`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`,
		`DROP TRIGGER audit_log_no_update_delete ON audit_log`,
		`ALTER TABLE audit_log RENAME TO audit_log_old`,
		`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
		`DROP SCHEMA public CASCADE`,
		`ALTER SCHEMA public RENAME TO old_public`,
		`GRANT ` + migrations.AuditOwner + ` TO ` + appRole,
	} {
		_, err := app.Exec(ctx, stmt)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("as the application, %q: %v; want permission denied (42501)", stmt, err)
		}
	}
	if n := auditRows(t, app, "still.writable"); n != 1 {
		t.Fatalf("after the attempts the log holds %d of its entries, want 1", n)
	}

	// The application still migrates its own tables, down and up again.
	if _, err := m.DownTo(ctx, 0); err != nil {
		t.Fatalf("down as the application: %v", err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up again as the application: %v", err)
	}
	if n := auditRows(t, app, "still.writable"); n != 1 {
		t.Fatalf("after down and up the log holds %d of its entries, want 1", n)
	}
}

func connect(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func insertAudit(t *testing.T, pool *pgxpool.Pool, action string) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `INSERT INTO audit_log (id, actor_type, action, outcome) VALUES ($1, 'system', $2, 'success')`,
		uuid.New(), action)
	if err != nil {
		t.Fatalf("append to the audit log: %v", err)
	}
}

func auditRows(t *testing.T, pool *pgxpool.Pool, action string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
