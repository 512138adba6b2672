// Package storetest gives each test its own PostgreSQL database, cloned from
// a template database that has every migration applied.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/internal/testsvc"
	"github.com/opsmanager/opsmanager/migrations"
)

// lockID serialises template creation and cloning across test processes.
const lockID = 7_261_125

// AdminURL is the database URL tests connect with to create databases:
// TEST_DATABASE_URL, else DATABASE_URL, else the local default.
func AdminURL() string {
	for _, name := range []string{"TEST_DATABASE_URL", "DATABASE_URL"} {
		if v := os.Getenv(name); v != "" {
			return v
		}
	}
	return config.DefaultDatabaseURL
}

// SuperuserURL connects as the local DBA role that `make deps` creates
// (TEST_DATABASE_ADMIN_URL overrides it), to databaseURL's database.
func SuperuserURL(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return databaseURL
	}
	if v := os.Getenv("TEST_DATABASE_ADMIN_URL"); v != "" {
		return WithDatabase(v, strings.TrimPrefix(u.Path, "/"))
	}
	u.User = url.UserPassword("opsmanager_admin", "opsmanager_admin")
	return u.String()
}

// NewDatabase creates a fresh migrated database for t, dropped when t ends,
// and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin := connectAdmin(ctx, t)
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `SELECT pg_advisory_lock($1)`, lockID); err != nil {
		t.Fatalf("lock: %v", err)
	}
	defer admin.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, lockID)

	tmpl, err := ensureTemplate(ctx, admin)
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	name := "opsmanager_test_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:16]
	if _, err := admin.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tmpl)); err != nil {
		t.Fatalf("clone template: %v", err)
	}
	t.Cleanup(func() { dropDatabase(t, name) })
	return WithDatabase(AdminURL(), name)
}

// NewPool returns a pool on a fresh migrated database, closed when t ends.
func NewPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), NewDatabase(t))
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// NewEmptyDatabase creates an empty database (no migrations) for t.
func NewEmptyDatabase(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	admin := connectAdmin(ctx, t)
	defer admin.Close(ctx)
	name := "opsmanager_test_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:16]
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(t, name) })
	return WithDatabase(AdminURL(), name)
}

// WithDatabase returns databaseURL pointing at database name instead.
func WithDatabase(databaseURL, name string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return databaseURL
	}
	u.Path = "/" + name
	return u.String()
}

// ensureTemplate creates, once per set of migrations, a migrated template
// database named after the migrations' hash.
func ensureTemplate(ctx context.Context, admin *pgx.Conn) (string, error) {
	hash, err := migrationsHash()
	if err != nil {
		return "", err
	}
	name := "opsmanager_tmpl_" + hash
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_building"
	admin.Exec(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return "", err
	}
	if err := migrate(ctx, WithDatabase(AdminURL(), building)); err != nil {
		return "", err
	}
	_, err = admin.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, building, name))
	return name, err
}

func migrate(ctx context.Context, databaseURL string) error {
	pool, err := pgxpool.New(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	m, err := migrations.New(pool)
	if err != nil {
		return err
	}
	defer m.Close()
	_, err = m.Up(ctx)
	return err
}

func migrationsHash() (string, error) {
	fsys := migrations.FS()
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

func dropDatabase(t testing.TB, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		t.Logf("drop %s: %v", name, err)
		return
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
		t.Logf("drop %s: %v", name, err)
	}
}

// Addr is host:port of the test Postgres (AdminURL).
func Addr(t testing.TB) string {
	t.Helper()
	cfg, err := pgx.ParseConfig(AdminURL())
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL/DATABASE_URL: %v", err)
	}
	return net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
}

// connectAdmin connects with AdminURL, or ends t when Postgres is not
// running (a skip outside `make test`).
func connectAdmin(ctx context.Context, t testing.TB) *pgx.Conn {
	t.Helper()
	addr := Addr(t)
	testsvc.Reachable(t, "PostgreSQL", addr)
	cfg, err := pgx.ParseConfig(AdminURL())
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL/DATABASE_URL: %v", err)
	}
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		testsvc.Unavailable(t, "PostgreSQL", addr, err)
	}
	return admin
}
