package store

import (
	"context"
	"fmt"

	"github.com/opsmanager/opsmanager/assets"
)

// MergeAttributes sets attrs on an asset (keeping the others), checked
// against its type's schema, and records the change as the run's.
// Merging what is already there records nothing. It returns what changed.
func (s *Assets) MergeAttributes(ctx context.Context, id string, attrs map[string]any, runID, step string) ([]assets.FieldChange, error) {
	var diff []assets.FieldChange
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		before, err := s.lock(ctx, id)
		if err != nil {
			return err
		}
		t, err := s.Type(ctx, before.Type)
		if err != nil {
			return err
		}
		after := before
		assets.Row{Type: before.Type, Attributes: attrs}.Apply(&after)
		if err := after.Validate(t); err != nil {
			return err
		}
		diff = assets.Diff(before, after)
		if len(diff) == 0 {
			return nil
		}
		if _, err := db(ctx, s.pool).Exec(ctx, `UPDATE assets SET attributes = $2, updated_at = now() WHERE id = $1`, id, after.Attributes); err != nil {
			return fmt.Errorf("merge attributes: %w", err)
		}
		return recordChange(ctx, db(ctx, s.pool), id, assets.ChangeUpdated, diff, runID, map[string]any{"step": step})
	})
	return diff, err
}

// ServersHosting returns the IDs of the servers the assets named name run
// on, directly or through what they run on (an app on a VM on a host).
func (s *Assets) ServersHosting(ctx context.Context, name string) ([]string, error) {
	roots, err := s.collectAssets(ctx, `SELECT `+assetColumns+` FROM assets a WHERE lower(a.name) = lower($1) LIMIT 20`, name)
	if err != nil || len(roots) == 0 {
		return nil, err
	}
	ids := make([]string, len(roots))
	for i, r := range roots {
		ids[i] = r.ID
	}
	g, err := s.Walk(ctx, assets.GraphQuery{Roots: ids, Depth: 6, Direction: assets.Downward, Types: []string{"runs_on"}, MaxNodes: 1000})
	var out []string
	for _, n := range g.Nodes {
		if n.Type == "server" {
			out = append(out, n.ID)
		}
	}
	return out, err
}

// ServersWhere returns the IDs of the servers whose attribute at path
// has value (at most 1000).
func (s *Assets) ServersWhere(ctx context.Context, path, value string) ([]string, error) {
	list, _, err := s.List(ctx, assets.Filter{Types: []string{"server"}, Attributes: map[string]string{path: value}, Limit: 1000})
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	return ids, err
}
