package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/assets"
)

// failureTypes splits the relationship types failure runs along: those
// where the source fails with its target (depends_on, runs_on) and those
// where the target fails with its source (contains, member_of).
func failureTypes() (forward, reversed []string) {
	for _, rt := range assets.RelationshipTypes {
		switch {
		case rt.Propagates && rt.Reversed:
			reversed = append(reversed, rt.Name)
		case rt.Propagates:
			forward = append(forward, rt.Name)
		}
	}
	return forward, reversed
}

// Dependencies returns what assets.Propagate needs to judge a failure of
// roots: every current dependency of every asset within depth edges of
// the roots along which failure runs.
func (s *Assets) Dependencies(ctx context.Context, roots []string, depth int) ([]assets.Dependency, error) {
	forward, reversed := failureTypes()
	seen := map[string]bool{}
	for _, r := range roots {
		seen[r] = true
	}
	frontier := roots
	var reached []string
	for level := 0; level < depth && len(frontier) > 0; level++ {
		rows, err := db(ctx, s.pool).Query(ctx, `SELECT source_id FROM asset_relationships
			WHERE target_id = ANY($1::uuid[]) AND type = ANY($2::text[]) AND valid_to IS NULL
			UNION SELECT target_id FROM asset_relationships
			WHERE source_id = ANY($1::uuid[]) AND type = ANY($3::text[]) AND valid_to IS NULL`, frontier, forward, reversed)
		if err != nil {
			return nil, fmt.Errorf("walk dependents: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("walk dependents: %w", err)
		}
		frontier = frontier[:0:0]
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				frontier = append(frontier, id)
				reached = append(reached, id)
			}
		}
	}
	if len(reached) == 0 {
		return []assets.Dependency{}, nil
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+edgeColumns+` FROM asset_relationships r
		WHERE r.source_id = ANY($1::uuid[]) AND r.type = ANY($2::text[]) AND r.valid_to IS NULL
		UNION ALL SELECT `+edgeColumns+` FROM asset_relationships r
		WHERE r.target_id = ANY($1::uuid[]) AND r.type = ANY($3::text[]) AND r.valid_to IS NULL`, reached, forward, reversed)
	if err != nil {
		return nil, fmt.Errorf("read dependencies: %w", err)
	}
	edges, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.Relationship, error) { return scanEdge(r) })
	if err != nil {
		return nil, fmt.Errorf("read dependencies: %w", err)
	}
	deps := make([]assets.Dependency, 0, len(edges))
	for _, e := range edges {
		if d, ok := assets.FailureEdge(e); ok {
			deps = append(deps, d)
		}
	}
	return deps, nil
}
