package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/assets"
)

const importColumns = `id, format, atomic, status, total, done, created, updated, unchanged, failed, relationships_created,
	errors, requested_by, workflow_id, started_at, finished_at`

func scanImport(row pgx.Row) (assets.Import, error) {
	var i assets.Import
	err := row.Scan(&i.ID, &i.Format, &i.Atomic, &i.Status, &i.Total, &i.Done, &i.Created, &i.Updated, &i.Unchanged, &i.Failed,
		&i.RelationshipsCreated, &i.Errors, &i.RequestedBy, &i.WorkflowID, &i.StartedAt, &i.FinishedAt)
	return i, err
}

// CreateImport stores an import and its parsed rows (COPY), with the
// errors of the rows that could not be read.
func (s *Assets) CreateImport(ctx context.Context, imp assets.Import, rows []assets.Row) (assets.Import, error) {
	if !isID(imp.ID) {
		imp.ID = newID()
	}
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO asset_imports (id, format, atomic, total, failed, errors, requested_by, workflow_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, imp.ID, imp.Format, imp.Atomic, imp.Total, len(imp.Errors), capErrors(imp.Errors), imp.RequestedBy, imp.WorkflowID)
		if err != nil {
			return fmt.Errorf("create import: %w", err)
		}
		_, err = db(ctx, s.pool).CopyFrom(ctx, pgx.Identifier{"asset_import_rows"}, []string{"import_id", "n", "row"},
			pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) { return []any{imp.ID, i, rows[i]}, nil }))
		if err != nil {
			return fmt.Errorf("store import rows: %w", err)
		}
		return nil
	})
	if err != nil {
		return imp, err
	}
	return s.Import(ctx, imp.ID)
}

func capErrors(errs []assets.RowError) []assets.RowError {
	if errs == nil {
		return []assets.RowError{}
	}
	if len(errs) > assets.MaxImportErrors {
		return errs[:assets.MaxImportErrors]
	}
	return errs
}

// Import returns the import with id.
func (s *Assets) Import(ctx context.Context, id string) (assets.Import, error) {
	if !isID(id) {
		return assets.Import{}, missing("import", id)
	}
	i, err := scanImport(db(ctx, s.pool).QueryRow(ctx, `SELECT `+importColumns+` FROM asset_imports WHERE id = $1`, id))
	return i, notFound(err, "import", id)
}

// Imports lists the latest imports, newest first.
func (s *Assets) Imports(ctx context.Context, limit int) ([]assets.Import, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+importColumns+` FROM asset_imports ORDER BY started_at DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.Import, error) { return scanImport(r) })
}

// importRows reads rows from..from+count-1 of an import, in file order.
func (s *Assets) importRows(ctx context.Context, id string, from, count int) ([]assets.Row, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT row FROM asset_import_rows WHERE import_id = $1 AND n >= $2 AND n < $3 ORDER BY n`, id, from, from+count)
	if err != nil {
		return nil, fmt.Errorf("read import rows: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[assets.Row])
}

// ApplyImportBatch applies rows from..from+count-1 of an import and adds
// what they did to its counters, in one transaction: run again (an
// activity retried), a batch already applied changes nothing. It returns
// the import as it is after the batch.
func (s *Assets) ApplyImportBatch(ctx context.Context, id string, from, count int) (assets.Import, error) {
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		var done int
		if err := db(ctx, s.pool).QueryRow(ctx, `SELECT done FROM asset_imports WHERE id = $1 FOR UPDATE`, id).Scan(&done); err != nil {
			return notFound(err, "import", id)
		}
		if done >= from+count {
			return nil
		}
		rows, err := s.importRows(ctx, id, from, count)
		if err != nil {
			return err
		}
		out, err := s.applyIsolating(ctx, id, rows)
		if err != nil {
			return err
		}
		_, err = db(ctx, s.pool).Exec(ctx, `UPDATE asset_imports SET done = $2, created = created + $3, updated = updated + $4,
			unchanged = unchanged + $5, failed = failed + $6,
			errors = (SELECT COALESCE(jsonb_agg(e), '[]') FROM (SELECT e FROM jsonb_array_elements(errors || $7::jsonb) e LIMIT $8) x)
			WHERE id = $1`, id, from+len(rows), out.Created, out.Updated, out.Unchanged, out.Failed, capErrors(out.Errors), assets.MaxImportErrors)
		return err
	})
	if err != nil {
		return assets.Import{}, err
	}
	return s.Import(ctx, id)
}

// applyIsolating applies rows together and, if the database refuses the
// batch, one at a time, so that only the rows at fault fail.
func (s *Assets) applyIsolating(ctx context.Context, id string, rows []assets.Row) (assets.Outcome, error) {
	var out assets.Outcome
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		var err error
		out, err = s.applyRows(ctx, id, rows)
		return err
	})
	if !errors.Is(err, ErrImportConflict) || len(rows) == 1 {
		return out, err
	}
	out = assets.Outcome{}
	for _, r := range rows {
		var one assets.Outcome
		err := InTx(ctx, s.pool, func(ctx context.Context) error {
			var err error
			one, err = s.applyRows(ctx, id, []assets.Row{r})
			return err
		})
		if errors.Is(err, ErrImportConflict) {
			one = assets.Outcome{Failed: 1, Errors: []assets.RowError{{Line: r.Line, Field: "name",
				Message: "another " + r.Type + " already has this name or external key"}}}
		} else if err != nil {
			return out, err
		}
		out.Add(one)
	}
	return out, nil
}

// applyRows plans rows and writes the creates (COPY), the updates and
// their history. A row that fails the schema or names a missing type is
// counted failed and reported; the others are written.
func (s *Assets) applyRows(ctx context.Context, importID string, rows []assets.Row) (assets.Outcome, error) {
	var out assets.Outcome
	plan, err := s.Plan(ctx, rows)
	if err != nil {
		return out, err
	}
	final := map[string]Planned{} // by asset ID: the last row's state wins
	var order []string
	for _, p := range plan {
		switch p.Action {
		case assets.ActionInvalid:
			out.Failed++
			out.Errors = append(out.Errors, p.Errors...)
			continue
		case assets.ActionUnchanged:
			out.Unchanged++
		case assets.ActionCreate:
			out.Created++
		case assets.ActionUpdate:
			out.Updated++
		}
		prev, seen := final[p.After.ID]
		if !seen {
			order = append(order, p.After.ID)
		} else if prev.Before == nil {
			p.Before, p.Action = nil, assets.ActionCreate
			p.Diff = assets.Created(p.After)
		}
		final[p.After.ID] = p
	}
	return out, s.writePlanned(ctx, importID, order, final)
}

func (s *Assets) writePlanned(ctx context.Context, importID string, order []string, final map[string]Planned) error {
	var creates []assets.Asset
	var changes [][]any
	batch := &pgx.Batch{}
	actor := assets.ActorFrom(ctx)
	for _, id := range order {
		p := final[id]
		if len(p.Diff) == 0 && p.Before != nil {
			continue
		}
		a := p.After
		if p.Before == nil {
			creates = append(creates, a)
		} else {
			batch.Queue(`UPDATE assets SET name = $2, external_key = NULLIF($3, ''), attributes = $4, tags = $5, owner_team = $6,
				environment = $7, lifecycle = $8, updated_at = now() WHERE id = $1`,
				a.ID, a.Name, a.ExternalKey, a.Attributes, nonNilTags(a.Tags), a.OwnerTeam, a.Environment, a.Lifecycle)
		}
		changes = append(changes, []any{a.ID, actor.Type, actor.ID, actor.Name, assets.ChangeImported, p.Diff,
			map[string]any{"importId": importID, "line": p.Row.Line}})
	}
	q := db(ctx, s.pool)
	if _, err := q.CopyFrom(ctx, pgx.Identifier{"assets"}, []string{"id", "type", "name", "external_key", "attributes", "tags", "owner_team", "environment", "lifecycle"},
		pgx.CopyFromSlice(len(creates), func(i int) ([]any, error) {
			a := creates[i]
			return []any{a.ID, a.Type, a.Name, nullable(a.ExternalKey), a.Attributes, nonNilTags(a.Tags), a.OwnerTeam, a.Environment, string(a.Lifecycle)}, nil
		})); err != nil {
		return importWriteError(err)
	}
	if batch.Len() > 0 {
		if err := q.SendBatch(ctx, batch).Close(); err != nil {
			return importWriteError(err)
		}
	}
	_, err := q.CopyFrom(ctx, pgx.Identifier{"asset_changes"}, []string{"asset_id", "actor_type", "actor_id", "actor_name", "action", "diff", "details"},
		pgx.CopyFromRows(changes))
	if err != nil {
		return fmt.Errorf("record import changes: %w", err)
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// importWriteError explains a batch the database refused: two assets of a
// type with one name or external key.
func importWriteError(err error) error {
	if v := violationOf(err); v.unique() {
		return fmt.Errorf("%w: %s", ErrImportConflict, v.constraint)
	}
	return fmt.Errorf("write import batch: %w", err)
}

// FinishImport marks an import completed or failed and drops its rows.
func (s *Assets) FinishImport(ctx context.Context, id, status string, extra []assets.RowError) (assets.Import, error) {
	err := InTx(ctx, s.pool, func(ctx context.Context) error {
		_, err := db(ctx, s.pool).Exec(ctx, `UPDATE asset_imports SET status = $2, finished_at = COALESCE(finished_at, $3),
			errors = (SELECT COALESCE(jsonb_agg(e), '[]') FROM (SELECT e FROM jsonb_array_elements(errors || $4::jsonb) e LIMIT $5) x)
			WHERE id = $1`, id, status, time.Now(), capErrors(extra), assets.MaxImportErrors)
		if err != nil {
			return fmt.Errorf("finish import: %w", err)
		}
		_, err = db(ctx, s.pool).Exec(ctx, `DELETE FROM asset_import_rows WHERE import_id = $1`, id)
		return err
	})
	if err != nil {
		return assets.Import{}, err
	}
	return s.Import(ctx, id)
}
