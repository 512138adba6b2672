package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/assets"
)

// LinkIncident records that an incident concerns these assets (again is
// harmless). Unknown asset IDs are skipped.
func (s *Assets) LinkIncident(ctx context.Context, incidentID string, assetIDs []string, source string) error {
	if len(assetIDs) == 0 {
		return nil
	}
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO incident_assets (incident_id, asset_id, source)
		SELECT $1, a.id, $3 FROM assets a WHERE a.id = ANY($2::uuid[]) ON CONFLICT DO NOTHING`, incidentID, assetIDs, source)
	if err != nil {
		return fmt.Errorf("link incident to assets: %w", err)
	}
	return nil
}

// IncidentAssets lists the assets an incident names.
func (s *Assets) IncidentAssets(ctx context.Context, incidentID string) ([]assets.GraphNode, error) {
	if !isID(incidentID) {
		return nil, missing("incident", incidentID)
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT a.id, a.type, a.name, a.environment, a.lifecycle, 0 FROM incident_assets l
		JOIN assets a ON a.id = l.asset_id WHERE l.incident_id = $1 ORDER BY lower(a.name)`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("incident assets: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.GraphNode, error) {
		var n assets.GraphNode
		err := r.Scan(&n.ID, &n.Type, &n.Name, &n.Environment, &n.Lifecycle, &n.Depth)
		return n, err
	})
}

// AssetIncidentIDs lists the incidents that name an asset, newest first.
func (s *Assets) AssetIncidentIDs(ctx context.Context, assetID string, limit int) ([]string, error) {
	if !isID(assetID) {
		return nil, missing("asset", assetID)
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT incident_id::text FROM incident_assets WHERE asset_id = $1 ORDER BY created_at DESC LIMIT $2`, assetID, limit)
	if err != nil {
		return nil, fmt.Errorf("asset incidents: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// MatchLabels finds the assets an alert's labels name by rule: the first
// rule entry whose label is set and matches any asset wins (at most 10).
func (s *Assets) MatchLabels(ctx context.Context, rule assets.LabelRule, labels map[string]string) ([]string, error) {
	for _, m := range rule {
		raw, ok := labels[m.Label]
		if !ok || strings.TrimSpace(raw) == "" {
			continue
		}
		v := assets.LabelValue(m.Label, strings.TrimSpace(raw))
		var conds []string
		args := []any{}
		for _, f := range m.Fields {
			if f == "name" {
				args = append(args, strings.ToLower(v))
				conds = append(conds, fmt.Sprintf("lower(a.name) = $%d", len(args)))
				continue
			}
			path := strings.TrimPrefix(f, "attr.")
			args = append(args, nest(path, v), nest(path, []string{v}))
			conds = append(conds, fmt.Sprintf("a.attributes @> $%d::jsonb OR a.attributes @> $%d::jsonb", len(args)-1, len(args)))
		}
		rows, err := db(ctx, s.pool).Query(ctx, `SELECT a.id::text FROM assets a WHERE `+strings.Join(conds, " OR ")+` ORDER BY lower(a.name) LIMIT 10`, args...)
		if err != nil {
			return nil, fmt.Errorf("match alert labels: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || len(ids) > 0 {
			return ids, err
		}
	}
	return nil, nil
}
