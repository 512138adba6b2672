package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

// Assets stores the inventory: asset types, assets and their history.
// Every write records a change (who, when, which fields) in the same
// transaction.
type Assets struct {
	pool *pgxpool.Pool
}

// NewAssets returns the asset repository over pool.
func NewAssets(pool *pgxpool.Pool) *Assets { return &Assets{pool: pool} }

const assetColumns = `a.id, a.type, a.name, COALESCE(a.external_key, ''), a.attributes, a.tags, a.owner_team, a.environment, a.lifecycle, a.created_at, a.updated_at`

func scanAsset(row pgx.Row) (assets.Asset, error) {
	var a assets.Asset
	err := row.Scan(&a.ID, &a.Type, &a.Name, &a.ExternalKey, &a.Attributes, &a.Tags, &a.OwnerTeam, &a.Environment, &a.Lifecycle, &a.CreatedAt, &a.UpdatedAt)
	return a, err
}

// Create stores a validated asset and its "created" change.
func (s *Assets) Create(ctx context.Context, a assets.Asset) (assets.Asset, error) {
	a.ID = newID()
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		if err := insertAsset(ctx, db(ctx, s.pool), a); err != nil {
			return err
		}
		return recordChange(ctx, db(ctx, s.pool), a.ID, assets.ChangeCreated, assets.Created(a), "", nil)
	})
	if err != nil {
		return a, err
	}
	return s.Get(ctx, a.ID)
}

func insertAsset(ctx context.Context, q querier, a assets.Asset) error {
	_, err := q.Exec(ctx, `INSERT INTO assets (id, type, name, external_key, attributes, tags, owner_team, environment, lifecycle)
		VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8, $9)`,
		a.ID, a.Type, a.Name, a.ExternalKey, a.Attributes, nonNilTags(a.Tags), a.OwnerTeam, a.Environment, a.Lifecycle)
	return assetWriteError(err, a)
}

func assetWriteError(err error, a assets.Asset) error {
	switch v := violationOf(err); {
	case err == nil:
		return nil
	case v.unique() && v.on("external"):
		return domain.Errorf(domain.EConflict, "a %s with external key %q already exists", a.Type, a.ExternalKey)
	case v.unique():
		return domain.Errorf(domain.EConflict, "a %s named %q already exists", a.Type, a.Name)
	case v.foreignKey():
		return domain.ValidationError([]domain.FieldError{{Field: "type", Message: "is not an asset type"}})
	}
	return fmt.Errorf("write asset: %w", err)
}

// Update replaces the asset's fields with a's and records what changed;
// an edit that changes nothing records nothing.
func (s *Assets) Update(ctx context.Context, a assets.Asset) (assets.Asset, error) {
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		before, err := s.lock(ctx, a.ID)
		if err != nil {
			return err
		}
		diff := assets.Diff(before, a)
		if len(diff) == 0 {
			return nil
		}
		_, err = db(ctx, s.pool).Exec(ctx, `UPDATE assets SET type = $2, name = $3, external_key = NULLIF($4, ''), attributes = $5, tags = $6,
			owner_team = $7, environment = $8, lifecycle = $9, updated_at = now() WHERE id = $1`,
			a.ID, a.Type, a.Name, a.ExternalKey, a.Attributes, nonNilTags(a.Tags), a.OwnerTeam, a.Environment, a.Lifecycle)
		if err != nil {
			return assetWriteError(err, a)
		}
		return recordChange(ctx, db(ctx, s.pool), a.ID, assets.ChangeUpdated, diff, "", nil)
	})
	if err != nil {
		return a, err
	}
	return s.Get(ctx, a.ID)
}

// lock reads an asset FOR UPDATE, so that its diff is against what the
// update replaces.
func (s *Assets) lock(ctx context.Context, id string) (assets.Asset, error) {
	if !isID(id) {
		return assets.Asset{}, missing("asset", id)
	}
	a, err := scanAsset(db(ctx, s.pool).QueryRow(ctx, `SELECT `+assetColumns+` FROM assets a WHERE a.id = $1 FOR UPDATE`, id))
	return a, notFound(err, "asset", id)
}

// Get returns the asset with id.
func (s *Assets) Get(ctx context.Context, id string) (assets.Asset, error) {
	if !isID(id) {
		return assets.Asset{}, missing("asset", id)
	}
	a, err := scanAsset(db(ctx, s.pool).QueryRow(ctx, `SELECT `+assetColumns+` FROM assets a WHERE a.id = $1`, id))
	return a, notFound(err, "asset", id)
}

// GetMany returns the assets with these ids that exist, by id.
func (s *Assets) GetMany(ctx context.Context, ids []string) (map[string]assets.Asset, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+assetColumns+` FROM assets a WHERE a.id = ANY($1::uuid[])`, ids)
	if err != nil {
		return nil, fmt.Errorf("get assets: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.Asset, error) { return scanAsset(r) })
	out := make(map[string]assets.Asset, len(list))
	for _, a := range list {
		out[a.ID] = a
	}
	return out, err
}

// Delete removes an asset. With relationships it needs cascade, which ends
// them with it; otherwise it is a conflict naming how many there are.
func (s *Assets) Delete(ctx context.Context, id string, cascade bool) error {
	return InTx(ctx, s.pool, func(ctx context.Context) error {
		before, err := s.lock(ctx, id)
		if err != nil {
			return err
		}
		var edges int
		if err := db(ctx, s.pool).QueryRow(ctx, `SELECT count(*) FROM asset_relationships
			WHERE (source_id = $1 OR target_id = $1) AND valid_to IS NULL`, id).Scan(&edges); err != nil {
			return fmt.Errorf("count relationships: %w", err)
		}
		if edges > 0 && !cascade {
			return domain.Errorf(domain.EConflict, "asset %s has %d relationship(s); delete with ?cascade=true to remove them too", before.Name, edges)
		}
		if _, err := db(ctx, s.pool).Exec(ctx, `DELETE FROM assets WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete asset: %w", err)
		}
		return recordChange(ctx, db(ctx, s.pool), id, assets.ChangeDeleted, assets.Diff(before, assets.Asset{Tags: []string{}, Attributes: map[string]any{}}), "",
			map[string]any{"name": before.Name, "type": before.Type, "relationships": edges})
	})
}

// recordChange appends one entry to an asset's history, by the actor in ctx.
func recordChange(ctx context.Context, q querier, assetID, action string, diff []assets.FieldChange, runID string, details map[string]any) error {
	actor := assets.ActorFrom(ctx)
	if details == nil {
		details = map[string]any{}
	}
	if diff == nil {
		diff = []assets.FieldChange{}
	}
	_, err := q.Exec(ctx, `INSERT INTO asset_changes (asset_id, actor_type, actor_id, actor_name, action, diff, run_id, details)
		VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, '')::uuid, $8)`, assetID, actor.Type, actor.ID, actor.Name, action, diff, runID, details)
	if err != nil {
		return fmt.Errorf("record asset change: %w", err)
	}
	return nil
}

// RecordRun notes on each asset that a playbook run acted on it (a step
// on a server), once per run, step and asset.
func (s *Assets) RecordRun(ctx context.Context, runID, step string, assetIDs []string, details map[string]any) error {
	if details == nil {
		details = map[string]any{}
	}
	details["step"] = step
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO asset_changes (asset_id, actor_type, actor_id, actor_name, action, run_id, details)
		SELECT a.id, 'run', $1::text, $2, $3, $1::uuid, $4 FROM assets a WHERE a.id = ANY($5::uuid[])
		AND NOT EXISTS (SELECT 1 FROM asset_changes c WHERE c.run_id = $1::uuid AND c.asset_id = a.id AND c.action = $3 AND c.details->>'step' = $6)`,
		runID, "playbook run", assets.ChangeRunActed, details, assetIDs, step)
	if err != nil {
		return fmt.Errorf("record run on assets: %w", err)
	}
	return nil
}

// History returns an asset's changes, newest first, before the change
// with id before (0: from the newest), at most limit.
func (s *Assets) History(ctx context.Context, assetID string, before int64, limit int) ([]assets.Change, error) {
	if !isID(assetID) {
		return nil, missing("asset", assetID)
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT id, asset_id, at, actor_type, actor_id, actor_name, action, diff, COALESCE(run_id::text, ''), details
		FROM asset_changes WHERE asset_id = $1 AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3`, assetID, before, limit)
	if err != nil {
		return nil, fmt.Errorf("asset history: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.Change, error) {
		var c assets.Change
		err := r.Scan(&c.ID, &c.AssetID, &c.At, &c.Actor.Type, &c.Actor.ID, &c.Actor.Name, &c.Action, &c.Diff, &c.RunID, &c.Details)
		return c, err
	})
}

// List returns a page of assets by name after f.After, and the cursor of
// the next page ("" at the end).
func (s *Assets) List(ctx context.Context, f assets.Filter) ([]assets.Asset, string, error) {
	tsq, err := s.searchQuery(ctx, f.Query)
	if err != nil {
		return nil, "", err
	}
	where, args := assetWhere(f, tsq)
	if f.After != "" {
		name, id, err := cursorParts(f.After)
		if err != nil {
			return nil, "", err
		}
		args = append(args, name, id)
		where = append(where, fmt.Sprintf("(lower(a.name), a.id) > ($%d, $%d::uuid)", len(args)-1, len(args)))
	}
	args = append(args, f.Limit+1)
	sql := `SELECT ` + assetColumns + ` FROM assets a WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY lower(a.name), a.id LIMIT $%d`, len(args))
	rows, err := db(ctx, s.pool).Query(ctx, sql, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list assets: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.Asset, error) { return scanAsset(r) })
	if err != nil || len(list) <= f.Limit {
		return list, "", err
	}
	last := list[f.Limit-1]
	return list[:f.Limit], cursorOf(strings.ToLower(last.Name), last.ID), nil
}

// searchQuery turns what a user typed into a tsquery of prefixes, its
// words read by the parser that indexed the assets (so "web-1" and "db-7"
// split alike): "pay db" → 'pay':* & 'db':*. "" when there is nothing
// to search for.
func (s *Assets) searchQuery(ctx context.Context, q string) (string, error) {
	if strings.TrimSpace(q) == "" {
		return "", nil
	}
	var tsq string
	err := db(ctx, s.pool).QueryRow(ctx, `SELECT COALESCE(string_agg(quote_literal(lexeme) || ':*', ' & '), '')
		FROM unnest(to_tsvector('simple', $1))`, q).Scan(&tsq)
	if err != nil {
		return "", fmt.Errorf("read search words: %w", err)
	}
	return tsq, nil
}

// assetWhere builds the filter's conditions; every value is a parameter.
func assetWhere(f assets.Filter, tsq string) ([]string, []any) {
	where := []string{"true"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if len(f.Types) > 0 {
		where = append(where, "a.type = ANY("+arg(f.Types)+"::text[])")
	}
	if len(f.Tags) > 0 {
		where = append(where, "a.tags @> "+arg(f.Tags)+"::text[]")
	}
	if f.Environment != "" {
		where = append(where, "a.environment = "+arg(f.Environment))
	}
	if f.Lifecycle != "" {
		where = append(where, "a.lifecycle = "+arg(string(f.Lifecycle)))
	}
	if f.OwnerTeam != "" {
		where = append(where, "a.owner_team = "+arg(f.OwnerTeam))
	}
	if tsq != "" {
		where = append(where, "a.search @@ to_tsquery('simple', "+arg(tsq)+")")
	} else if strings.TrimSpace(f.Query) != "" {
		where = append(where, "false") // only punctuation: nothing matches
	}
	for _, path := range sortedKeys(f.Attributes) {
		alts := attributeMatches(path, f.Attributes[path])
		conds := make([]string, len(alts))
		for i, doc := range alts {
			conds[i] = "a.attributes @> " + arg(doc) + "::jsonb"
		}
		where = append(where, "("+strings.Join(conds, " OR ")+")")
	}
	return where, args
}

// attributeMatches are the JSON documents an attribute filter matches by
// containment: the value as a string, and as a number or boolean when it
// reads as one ("attr.cpuCores=8" finds 8 and "8").
func attributeMatches(path, value string) []string {
	docs := []string{nest(path, value)}
	var v any
	if err := json.Unmarshal([]byte(value), &v); err == nil {
		switch v.(type) {
		case float64, bool:
			docs = append(docs, nest(path, v))
		}
	}
	return docs
}

// nest builds {"a":{"b":value}} for the path a.b.
func nest(path string, value any) string {
	var doc any = value
	parts := strings.Split(path, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		doc = map[string]any{parts[i]: doc}
	}
	b, _ := json.Marshal(doc)
	return string(b)
}
