// Package migrations embeds OpsManager's versioned SQL migrations and applies
// them with goose (github.com/pressly/goose/v3), a maintained migration library.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

//go:embed *.sql
var files embed.FS

// FS returns the embedded migration files.
func FS() fs.FS { return files }

// Migrator applies the embedded migrations to one database.
type Migrator struct {
	db       *sql.DB
	provider *goose.Provider
}

// New returns a Migrator over pool. Close releases its connection wrapper.
func New(pool *pgxpool.Pool) (*Migrator, error) {
	db := stdlib.OpenDBFromPool(pool)
	p, err := goose.NewProvider(goose.DialectPostgres, db, files)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return &Migrator{db: db, provider: p}, nil
}

// Close releases the database handle (not the pool).
func (m *Migrator) Close() error { return m.db.Close() }

// Up applies every pending migration and returns the versions applied.
func (m *Migrator) Up(ctx context.Context) ([]int64, error) {
	res, err := m.provider.Up(ctx)
	return versions(res), wrap("up", err)
}

// Down rolls back the most recent migration.
func (m *Migrator) Down(ctx context.Context) ([]int64, error) {
	res, err := m.provider.Down(ctx)
	if res == nil {
		return nil, wrap("down", err)
	}
	return versions([]*goose.MigrationResult{res}), wrap("down", err)
}

// DownTo rolls back every migration newer than version (0 rolls back all).
func (m *Migrator) DownTo(ctx context.Context, version int64) ([]int64, error) {
	res, err := m.provider.DownTo(ctx, version)
	return versions(res), wrap("down", err)
}

// Status describes one migration.
type Status struct {
	Version int64
	Source  string
	Applied bool
}

// Status lists every migration and whether it is applied.
func (m *Migrator) Status(ctx context.Context) ([]Status, error) {
	res, err := m.provider.Status(ctx)
	if err != nil {
		return nil, wrap("status", err)
	}
	out := make([]Status, 0, len(res))
	for _, r := range res {
		out = append(out, Status{Version: r.Source.Version, Source: r.Source.Path, Applied: r.State == goose.StateApplied})
	}
	return out, nil
}

func versions(res []*goose.MigrationResult) []int64 {
	out := make([]int64, 0, len(res))
	for _, r := range res {
		out = append(out, r.Source.Version)
	}
	return out
}

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("migrate %s: %w", op, err)
}
