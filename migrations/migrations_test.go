package migrations_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/migrations"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// TestUpDownUp applies every migration, rolls all of them back, and applies
// them again on a real, empty PostgreSQL database.
func TestUpDownUp(t *testing.T) {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, storetest.NewEmptyDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	m, err := migrations.New(pool)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	statuses, err := m.Status(ctx)
	if err != nil || len(statuses) == 0 {
		t.Fatalf("status: %v, %d migrations", err, len(statuses))
	}
	all := len(statuses)

	applied, err := m.Up(ctx)
	if err != nil || len(applied) != all {
		t.Fatalf("up: applied %v, err %v; want all %d", applied, err, all)
	}
	assertTables(t, pool, true)
	insertAudit(t, pool, "before.rollback")

	rolled, err := m.DownTo(ctx, 0)
	if err != nil || len(rolled) != all {
		t.Fatalf("down: rolled back %v, err %v; want all %d", rolled, err, all)
	}
	assertTables(t, pool, false)
	if n := auditRows(t, pool, "before.rollback"); n != 1 {
		t.Fatalf("after rolling everything back the audit log holds %d of its entries, want 1", n)
	}

	applied, err = m.Up(ctx)
	if err != nil || len(applied) != all {
		t.Fatalf("up again: applied %v, err %v; want all %d", applied, err, all)
	}
	assertTables(t, pool, true)

	if again, err := m.Up(ctx); err != nil || len(again) != 0 {
		t.Fatalf("up when current: applied %v, err %v; want nothing", again, err)
	}
}

func assertTables(t *testing.T, pool *pgxpool.Pool, want bool) {
	t.Helper()
	for _, table := range []string{"playbook_runs", "users", "roles", "user_roles", "refresh_tokens", "api_tokens", "mfa_recovery_codes", "incidents", "incident_events", "deliveries", "services", "schedules", "schedule_overrides", "escalation_policies", "sla_policies", "credentials", "servers", "run_logs"} {
		var exists bool
		err := pool.QueryRow(context.Background(), `SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists)
		if err != nil || exists != want {
			t.Fatalf("table %s exists = %v (err %v), want %v", table, exists, err, want)
		}
	}
}
