package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

const typeColumns = `name, title, description, schema, identifiers, builtin, created_at, updated_at`

func scanType(row pgx.Row) (assets.Type, error) {
	var t assets.Type
	err := row.Scan(&t.Name, &t.Title, &t.Description, &t.Schema, &t.Identifiers, &t.Builtin, &t.CreatedAt, &t.UpdatedAt)
	return t, err
}

// Types lists the asset types by name.
func (s *Assets) Types(ctx context.Context) ([]assets.Type, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+typeColumns+` FROM asset_types ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list asset types: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.Type, error) { return scanType(r) })
}

// Type returns the asset type named name.
func (s *Assets) Type(ctx context.Context, name string) (assets.Type, error) {
	t, err := scanType(db(ctx, s.pool).QueryRow(ctx, `SELECT `+typeColumns+` FROM asset_types WHERE name = $1`, name))
	return t, notFound(err, "asset type", name)
}

// CreateType stores a validated custom asset type.
func (s *Assets) CreateType(ctx context.Context, t assets.Type) (assets.Type, error) {
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO asset_types (name, title, description, schema, identifiers) VALUES ($1, $2, $3, $4, $5)`,
		t.Name, t.Title, t.Description, t.Schema, t.Identifiers)
	if violationOf(err).unique() {
		return t, domain.Errorf(domain.EConflict, "asset type %s already exists", t.Name)
	}
	if err != nil {
		return t, fmt.Errorf("create asset type: %w", err)
	}
	return s.Type(ctx, t.Name)
}

// UpdateType replaces a type's title, description, schema and identifiers.
// Assets already stored are not re-checked: the new schema applies to
// their next change.
func (s *Assets) UpdateType(ctx context.Context, t assets.Type) (assets.Type, error) {
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE asset_types SET title = $2, description = $3, schema = $4, identifiers = $5, updated_at = now()
		WHERE name = $1`, t.Name, t.Title, t.Description, t.Schema, t.Identifiers)
	return reread(ctx, tag, err, func(err error) error { return fmt.Errorf("update asset type: %w", err) }, "asset type", t.Name, s.Type)
}
