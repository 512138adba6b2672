package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/store/storetest"
)

// TestMigrateHandsTheAuditLogToItsOwnRole runs `opsmanager migrate up` as a
// DBA would, with DATABASE_ADMIN_URL, and checks who owns the audit log.
func TestMigrateHandsTheAuditLogToItsOwnRole(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	env["DATABASE_ADMIN_URL"] = storetest.SuperuserURL(env["DATABASE_URL"])
	if out, code := runToExit(t, env, "migrate", "up"); code != 0 {
		t.Fatal(out)
	}
	pool, err := pgxpool.New(context.Background(), env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var owner string
	if err := pool.QueryRow(context.Background(), `SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'`).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	if owner != "opsmanager_audit" {
		t.Fatalf("audit_log is owned by %q after migrate up with DATABASE_ADMIN_URL", owner)
	}
	// Without it, production start-up says the log is not protected.
	env2 := baseEnv(t)
	if out, code := runToExit(t, env2, "migrate", "up"); code != 0 || !strings.Contains(out, "owns audit_log") {
		t.Fatalf("migrate up without DATABASE_ADMIN_URL (exit %d) did not warn:\n%s", code, out)
	}
}
