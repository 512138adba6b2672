package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

const edgeColumns = `r.id, r.type, r.source_id, r.target_id, r.attributes, r.valid_from, r.valid_to, r.created_at`

func scanEdge(row pgx.Row) (assets.Relationship, error) {
	var r assets.Relationship
	err := row.Scan(&r.ID, &r.Type, &r.SourceID, &r.TargetID, &r.Attributes, &r.ValidFrom, &r.ValidTo, &r.CreatedAt)
	return r, err
}

// Relate stores a validated (forward) relationship and notes it in both
// assets' histories. A missing asset is not found; the same edge twice is
// a conflict. For depends_on it also returns a cycle the edge closes
// (asset IDs from the target back to the source), which is allowed.
func (s *Assets) Relate(ctx context.Context, r assets.Relationship) (assets.Relationship, []string, error) {
	r.ID = newID()
	if r.ValidFrom.IsZero() {
		r.ValidFrom = time.Now()
	}
	var cycle []string
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		names, err := s.endpoints(ctx, r.SourceID, r.TargetID)
		if err != nil {
			return err
		}
		_, err = db(ctx, s.pool).Exec(ctx, `INSERT INTO asset_relationships (id, type, source_id, target_id, attributes, valid_from)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, r.Type, r.SourceID, r.TargetID, r.Attributes, r.ValidFrom)
		if violationOf(err).unique() {
			return domain.Errorf(domain.EConflict, "%s already %s %s", names[r.SourceID], r.Type, names[r.TargetID])
		}
		if err != nil {
			return fmt.Errorf("relate assets: %w", err)
		}
		if err := s.noteEdge(ctx, r, assets.ChangeRelationshipAdded, names); err != nil {
			return err
		}
		if r.Type == "depends_on" {
			cycle, err = s.pathBetween(ctx, r.TargetID, r.SourceID, "depends_on", 50)
		}
		return err
	})
	if err != nil {
		return r, nil, err
	}
	got, err := s.Relationship(ctx, r.ID)
	return got, cycle, err
}

// endpoints reads the names of a relationship's two assets, not found
// naming the one that is missing.
func (s *Assets) endpoints(ctx context.Context, source, target string) (map[string]string, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT id, name FROM assets WHERE id = ANY($1::uuid[])`, []string{source, target})
	if err != nil {
		return nil, fmt.Errorf("read relationship assets: %w", err)
	}
	names := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range []string{source, target} {
		if _, ok := names[id]; !ok {
			return nil, missing("asset", id)
		}
	}
	return names, nil
}

// noteEdge writes an edge's change on both of its assets.
func (s *Assets) noteEdge(ctx context.Context, r assets.Relationship, action string, names map[string]string) error {
	rt, _, _ := assets.LookupRelationship(r.Type)
	for _, side := range []struct{ asset, verb, other string }{
		{r.SourceID, rt.Name, r.TargetID}, {r.TargetID, rt.Inverse, r.SourceID},
	} {
		details := map[string]any{"relationshipId": r.ID, "relationship": side.verb, "otherId": side.other, "otherName": names[side.other]}
		if err := recordChange(ctx, db(ctx, s.pool), side.asset, action, nil, "", details); err != nil {
			return err
		}
	}
	return nil
}

// Relationship returns the edge with id, ended or not.
func (s *Assets) Relationship(ctx context.Context, id string) (assets.Relationship, error) {
	if !isID(id) {
		return assets.Relationship{}, missing("relationship", id)
	}
	r, err := scanEdge(db(ctx, s.pool).QueryRow(ctx, `SELECT `+edgeColumns+` FROM asset_relationships r WHERE r.id = $1`, id))
	return r, notFound(err, "relationship", id)
}

// EndRelationship ends an edge now (it stays in the graph's past) and
// notes it on both assets. An edge already ended is not found.
func (s *Assets) EndRelationship(ctx context.Context, id string) error {
	if !isID(id) {
		return missing("relationship", id)
	}
	return InTx(ctx, s.pool, func(ctx context.Context) error {
		r, err := scanEdge(db(ctx, s.pool).QueryRow(ctx, `UPDATE asset_relationships r SET valid_to = greatest(now(), valid_from)
			WHERE r.id = $1 AND r.valid_to IS NULL RETURNING `+edgeColumns, id))
		if err != nil {
			return notFound(err, "relationship", id)
		}
		names, err := s.endpoints(ctx, r.SourceID, r.TargetID)
		if err != nil {
			return err
		}
		return s.noteEdge(ctx, r, assets.ChangeRelationshipEnded, names)
	})
}

// Walk reads the graph around q.Roots breadth first, one query a level.
func (s *Assets) Walk(ctx context.Context, q assets.GraphQuery) (assets.Graph, error) {
	depth := map[string]int{}
	for _, r := range q.Roots {
		depth[r] = 0
	}
	seenEdge := map[string]bool{}
	var g assets.Graph
	frontier := q.Roots
	for level := 1; level <= q.Depth && len(frontier) > 0; level++ {
		edges, err := s.edgesAt(ctx, frontier, q)
		if err != nil {
			return g, err
		}
		var next []string
		for _, e := range edges {
			if seenEdge[e.ID] {
				continue
			}
			for _, end := range []string{e.SourceID, e.TargetID} {
				if _, ok := depth[end]; ok {
					continue
				}
				if len(depth) >= q.MaxNodes {
					g.Truncated = true
					continue
				}
				depth[end] = level
				next = append(next, end)
			}
			_, okS := depth[e.SourceID]
			_, okT := depth[e.TargetID]
			if okS && okT {
				seenEdge[e.ID] = true
				g.Edges = append(g.Edges, e)
			}
		}
		frontier = next
	}
	nodes, err := s.graphNodes(ctx, depth)
	g.Nodes = nodes
	if g.Edges == nil {
		g.Edges = []assets.Relationship{}
	}
	return g, err
}

// edgesAt returns the edges of the frontier's assets in q's direction that
// held at q.AsOf.
func (s *Assets) edgesAt(ctx context.Context, frontier []string, q assets.GraphQuery) ([]assets.Relationship, error) {
	at := `r.valid_to IS NULL`
	types := q.Types
	if types == nil {
		types = []string{} // NULL would match nothing
	}
	args := []any{frontier, types}
	if q.AsOf != nil {
		at = `r.valid_from <= $3 AND (r.valid_to IS NULL OR r.valid_to > $3)`
		args = append(args, *q.AsOf)
	}
	filter := ` AND (cardinality($2::text[]) = 0 OR r.type = ANY($2::text[])) AND ` + at
	down := `SELECT ` + edgeColumns + ` FROM asset_relationships r WHERE r.source_id = ANY($1::uuid[])` + filter
	up := `SELECT ` + edgeColumns + ` FROM asset_relationships r WHERE r.target_id = ANY($1::uuid[])` + filter
	sql := map[assets.Direction]string{assets.Downward: down, assets.Upward: up, assets.Both: down + ` UNION ALL ` + up}[q.Direction]
	rows, err := db(ctx, s.pool).Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("walk graph: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.Relationship, error) { return scanEdge(r) })
}

// Nodes returns the assets with these IDs as graph nodes (depth 0),
// without their attributes: what an impact lists.
func (s *Assets) Nodes(ctx context.Context, ids []string) ([]assets.GraphNode, error) {
	depth := make(map[string]int, len(ids))
	for _, id := range ids {
		depth[id] = 0
	}
	return s.graphNodes(ctx, depth)
}

func (s *Assets) graphNodes(ctx context.Context, depth map[string]int) ([]assets.GraphNode, error) {
	ids := sortedKeys(depth)
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT id, type, name, environment, lifecycle FROM assets WHERE id = ANY($1::uuid[]) ORDER BY lower(name), id`, ids)
	if err != nil {
		return nil, fmt.Errorf("graph nodes: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.GraphNode, error) {
		var n assets.GraphNode
		err := r.Scan(&n.ID, &n.Type, &n.Name, &n.Environment, &n.Lifecycle)
		n.Depth = depth[n.ID]
		return n, err
	})
}

// pathBetween finds a path of typ edges from one asset to another (their
// IDs, from first to last), or nil, looking at most depth edges far.
func (s *Assets) pathBetween(ctx context.Context, from, to, typ string, depth int) ([]string, error) {
	parent := map[string]string{from: ""}
	frontier := []string{from}
	for level := 0; level < depth && len(frontier) > 0; level++ {
		rows, err := db(ctx, s.pool).Query(ctx, `SELECT source_id, target_id FROM asset_relationships
			WHERE source_id = ANY($1::uuid[]) AND type = $2 AND valid_to IS NULL`, frontier, typ)
		if err != nil {
			return nil, fmt.Errorf("find cycle: %w", err)
		}
		var next []string
		for rows.Next() {
			var src, dst string
			if err := rows.Scan(&src, &dst); err != nil {
				return nil, err
			}
			if _, seen := parent[dst]; seen {
				continue
			}
			parent[dst] = src
			if dst == to {
				rows.Close()
				return unwind(parent, to), nil
			}
			next = append(next, dst)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		frontier = next
	}
	return nil, nil
}

func unwind(parent map[string]string, last string) []string {
	var path []string
	for at := last; at != ""; at = parent[at] {
		path = append([]string{at}, path...)
	}
	return path
}
