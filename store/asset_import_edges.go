package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/opsmanager/opsmanager/assets"
)

// ApplyImportRelationships adds the relationships rows from..from+count-1
// declare, once all the import's assets are in, and counts them on the
// import.
func (s *Assets) ApplyImportRelationships(ctx context.Context, id string, from, count int) (assets.Outcome, error) {
	var out assets.Outcome
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		var err error
		if out, err = s.relateImportRows(ctx, id, from, count); err != nil {
			return err
		}
		_, err = db(ctx, s.pool).Exec(ctx, `UPDATE asset_imports SET relationships_created = relationships_created + $2,
			failed = failed + $3, errors = (SELECT COALESCE(jsonb_agg(e), '[]') FROM (SELECT e FROM jsonb_array_elements(errors || $4::jsonb) e LIMIT $5) x)
			WHERE id = $1`, id, out.RelationshipsCreated, out.Failed, capErrors(out.Errors), assets.MaxImportErrors)
		return err
	})
	return out, err
}

// relateImportRows inserts the edges rows from..from+count-1 declare: an
// edge already there is left alone, a target that names no asset is that
// row's error.
func (s *Assets) relateImportRows(ctx context.Context, id string, from, count int) (assets.Outcome, error) {
	rows, err := s.importRows(ctx, id, from, count)
	if err != nil {
		return assets.Outcome{}, err
	}
	var refs []string
	for _, r := range rows {
		if len(r.Relationships) > 0 {
			refs = append(refs, r.Ref())
			for _, e := range r.Relationships {
				refs = append(refs, e.Target)
			}
		}
	}
	if len(refs) == 0 {
		return assets.Outcome{}, nil
	}
	ids, err := s.resolveRefs(ctx, refs)
	if err != nil {
		return assets.Outcome{}, err
	}
	return s.relateRows(ctx, rows, ids)
}

// relateRows inserts each row's edges that are not there yet.
func (s *Assets) relateRows(ctx context.Context, rows []assets.Row, ids map[string]string) (assets.Outcome, error) {
	var out assets.Outcome
	for _, r := range rows {
		source := ids[r.Ref()]
		for i, e := range r.Relationships {
			target := ids[e.Target]
			if source == "" || target == "" {
				out.Failed++
				out.Errors = append(out.Errors, assets.RowError{Line: r.Line, Field: fmt.Sprintf("relationships[%d].target", i), Message: e.Target + " names no asset"})
				continue
			}
			edge, err := assets.Relationship{Type: e.Type, SourceID: source, TargetID: target,
				Attributes: assets.EdgeAttributes{RedundancyGroup: e.RedundancyGroup}}.Validate()
			if err != nil {
				out.Failed++
				out.Errors = append(out.Errors, assets.RowError{Line: r.Line, Field: fmt.Sprintf("relationships[%d]", i), Message: err.Error()})
				continue
			}
			tag, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO asset_relationships (id, type, source_id, target_id, attributes)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source_id, target_id, type) WHERE valid_to IS NULL DO NOTHING`,
				newID(), edge.Type, edge.SourceID, edge.TargetID, edge.Attributes)
			if err != nil {
				return out, fmt.Errorf("import relationship: %w", err)
			}
			out.RelationshipsCreated += int(tag.RowsAffected())
		}
	}
	return out, nil
}

// resolveRefs maps references to asset IDs: "type:value" names the
// asset of that type with the external key value or, failing that, that
// name (any case); "*:value" the asset of any type with that external key.
func (s *Assets) resolveRefs(ctx context.Context, refs []string) (map[string]string, error) {
	var types, values, stars []string
	for _, ref := range refs {
		typ, v, _ := strings.Cut(ref, ":")
		if typ == "*" {
			stars = append(stars, v)
			continue
		}
		types, values = append(types, typ), append(values, v)
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT k.t || ':' || k.v, a.id FROM unnest($1::text[], $2::text[]) k(t, v)
			JOIN assets a ON a.type = k.t AND a.external_key = k.v
		UNION ALL SELECT k.t || ':' || k.v, a.id FROM unnest($1::text[], $2::text[]) k(t, v)
			JOIN assets a ON a.type = k.t AND lower(a.name) = lower(k.v)
		UNION ALL SELECT '*:' || k.v, a.id FROM unnest($3::text[]) k(v) JOIN assets a ON a.external_key = k.v`, types, values, stars)
	if err != nil {
		return nil, fmt.Errorf("resolve references: %w", err)
	}
	out := map[string]string{}
	for rows.Next() {
		var ref, id string
		if err := rows.Scan(&ref, &id); err != nil {
			return nil, err
		}
		if _, ok := out[ref]; !ok { // an external key wins over a name
			out[ref] = id
		}
	}
	return out, rows.Err()
}
