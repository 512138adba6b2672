package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/api"
	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/migrations"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/vault"
)

// migrate runs `opsmanager migrate up|down|status`.
func migrate(ctx context.Context, cfg config.Config, args []string) error {
	if len(args) != 1 || (args[0] != "up" && args[0] != "down" && args[0] != "status") {
		return fmt.Errorf("usage: opsmanager migrate up|down|status")
	}
	pool, err := connectPostgres(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	m, err := migrations.New(pool)
	if err != nil {
		return err
	}
	defer m.Close()
	switch args[0] {
	case "up":
		applied, err := m.Up(ctx)
		fmt.Printf("applied %d migration(s) %v\n", len(applied), applied)
		if err != nil {
			return err
		}
		return afterMigrations(ctx, cfg, pool, slog.Default())
	case "down":
		rolled, err := m.Down(ctx)
		fmt.Printf("rolled back %v\n", rolled)
		return err
	}
	statuses, err := m.Status(ctx)
	for _, s := range statuses {
		state := "pending"
		if s.Applied {
			state = "applied"
		}
		fmt.Printf("%-8s %d %s\n", state, s.Version, s.Source)
	}
	return err
}

// migrateUp applies pending migrations, for `dev`.
func migrateUp(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	m, err := migrations.New(pool)
	if err != nil {
		return err
	}
	defer m.Close()
	applied, err := m.Up(ctx)
	if err != nil {
		return err
	}
	log.Info("database migrated", "applied", applied)
	return nil
}

// afterMigrations brings data up to what the code expects once the schema
// is: audit_log handed to its own role, webhook URLs stored in clear before
// sealing existed sealed with ENCRYPTION_KEY.
func afterMigrations(ctx context.Context, cfg config.Config, pool *pgxpool.Pool, log *slog.Logger) error {
	if err := protectAudit(ctx, cfg, pool, log); err != nil {
		return err
	}
	key, err := encryptionKey(cfg)
	if err != nil {
		return err
	}
	box, err := vault.NewBox(key)
	if err != nil {
		return err
	}
	n, err := api.SealLegacyWebhooks(ctx, store.NewPolicies(pool), box)
	if err != nil {
		return fmt.Errorf("seal stored webhook URLs: %w", err)
	}
	if n > 0 {
		log.Info("sealed webhook URLs stored in clear", "count", n)
	}
	return nil
}

// protectAudit hands the audit log to its own role when DATABASE_ADMIN_URL
// names a superuser connection, and warns outside dev when nobody has.
func protectAudit(ctx context.Context, cfg config.Config, pool *pgxpool.Pool, log *slog.Logger) error {
	if cfg.DatabaseAdminURL == "" {
		ok, err := migrations.AuditProtected(ctx, pool)
		if err == nil && !ok && cfg.Env != "dev" {
			log.Warn("the application's database role owns audit_log and could alter it; run `opsmanager migrate up` with DATABASE_ADMIN_URL (a superuser) once to hand it to " + migrations.AuditOwner)
		}
		return nil
	}
	admin, err := pgxpool.New(ctx, cfg.DatabaseAdminURL)
	if err != nil {
		return fmt.Errorf("DATABASE_ADMIN_URL: %w", err)
	}
	defer admin.Close()
	var appRole string
	if err := pool.QueryRow(ctx, `SELECT current_user`).Scan(&appRole); err != nil {
		return fmt.Errorf("application role: %w", err)
	}
	if err := migrations.ProtectAudit(ctx, admin, appRole); err != nil {
		return err
	}
	log.Info("audit log protected", "owner", migrations.AuditOwner, "app_role", appRole)
	return nil
}
