package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/vault"
)

// RotationStats counts what RotateKey did.
type RotationStats struct {
	Credentials int // re-sealed under the new key
	MFASecrets  int
	// AlreadyRotated counts values that already opened with the new key
	// (a repeated run before the configuration was switched).
	AlreadyRotated int
}

// sealedColumn is one column holding values sealed with ENCRYPTION_KEY.
type sealedColumn struct {
	table, column, what string
	count               func(*RotationStats) *int
}

// sealedColumns lists every column sealed with the vault key. A new sealed
// column must be added here, or rotation would leave it unreadable.
var sealedColumns = []sealedColumn{
	{"credentials", "sealed", "credential", func(s *RotationStats) *int { return &s.Credentials }},
	{"users", "mfa_secret", "MFA secret of user", func(s *RotationStats) *int { return &s.MFASecrets }},
}

// RotateKey re-seals every sealed value (credentials and users' MFA
// secrets) from oldBox to newBox in one transaction. Writers of those
// tables wait until it commits. If any value opens with neither key,
// nothing changes.
func RotateKey(ctx context.Context, pool *pgxpool.Pool, oldBox, newBox *vault.Box) (RotationStats, error) {
	var stats RotationStats
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		stats = RotationStats{}
		if _, err := tx.Exec(ctx, `LOCK TABLE credentials, users IN EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("lock sealed tables: %w", err)
		}
		for _, col := range sealedColumns {
			if err := rotateColumn(ctx, tx, col, oldBox, newBox, &stats); err != nil {
				return err
			}
		}
		return nil
	})
	return stats, err
}

func rotateColumn(ctx context.Context, tx pgx.Tx, col sealedColumn, oldBox, newBox *vault.Box, stats *RotationStats) error {
	rows, err := tx.Query(ctx, fmt.Sprintf(`SELECT id::text, %s FROM %s WHERE %s IS NOT NULL`, col.column, col.table, col.column))
	if err != nil {
		return fmt.Errorf("read %s.%s: %w", col.table, col.column, err)
	}
	type row struct {
		id     string
		sealed []byte
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.sealed)
	})
	if err != nil {
		return fmt.Errorf("read %s.%s: %w", col.table, col.column, err)
	}
	for _, x := range all {
		plain, err := oldBox.Open(x.sealed)
		if errors.Is(err, vault.ErrDecrypt) {
			if _, err := newBox.Open(x.sealed); err == nil {
				stats.AlreadyRotated++
				continue
			}
			return fmt.Errorf("%s %s opens with neither the current nor the new key; nothing was changed", col.what, x.id)
		}
		resealed, err := newBox.Seal(plain)
		clear(plain)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`UPDATE %s SET %s = $2 WHERE id = $1::uuid`, col.table, col.column), x.id, resealed); err != nil {
			return fmt.Errorf("update %s %s: %w", col.what, x.id, err)
		}
		*col.count(stats)++
	}
	return nil
}
