package store

import (
	"context"
	"fmt"

	"github.com/opsmanager/opsmanager/assets"
)

// ImportRejected is the answer to an atomic import with bad rows: nothing
// was written.
type ImportRejected struct{ Errors []assets.RowError }

func (e *ImportRejected) Error() string {
	return fmt.Sprintf("%d row(s) of the import are invalid", len(e.Errors))
}

// ApplyImportAtomic applies every row of an import, then their
// relationships, in one transaction, batch rows at a time, telling
// progress after each batch. If any row fails, it rolls everything back,
// records the rows' errors on the import and returns *ImportRejected.
func (s *Assets) ApplyImportAtomic(ctx context.Context, id string, batch int, progress func(assets.Import)) (assets.Import, error) {
	imp, err := s.Import(ctx, id)
	var applied bool
	if err == nil {
		err = db(ctx, s.pool).QueryRow(ctx, `SELECT applied FROM asset_imports WHERE id = $1`, id).Scan(&applied)
	}
	if err != nil || applied || imp.Status != assets.ImportRunning {
		return imp, err
	}
	var total assets.Outcome
	err = InTx(ctx, s.pool, func(ctx context.Context) error {
		for from := 0; from < imp.Total; from += batch {
			rows, err := s.importRows(ctx, id, from, batch)
			if err != nil {
				return err
			}
			out, err := s.applyRows(ctx, id, rows)
			if err != nil {
				return err
			}
			total.Add(out)
			// Progress is seen outside the transaction; applied says when it counts.
			if _, err := s.pool.Exec(ctx, `UPDATE asset_imports SET done = $2 WHERE id = $1`, id, from+len(rows)); err != nil {
				return err
			}
			progress(assets.Import{Total: imp.Total, Done: from + len(rows), Created: total.Created, Updated: total.Updated,
				Unchanged: total.Unchanged, Failed: total.Failed, Status: assets.ImportRunning})
		}
		for from := 0; from < imp.Total; from += batch {
			out, err := s.relateImportRows(ctx, id, from, batch)
			if err != nil {
				return err
			}
			total.Add(out)
		}
		if total.Failed > 0 {
			return &ImportRejected{Errors: total.Errors}
		}
		_, err := db(ctx, s.pool).Exec(ctx, `UPDATE asset_imports SET applied = true, done = total, created = $2, updated = $3, unchanged = $4,
			relationships_created = $5 WHERE id = $1`, id, total.Created, total.Updated, total.Unchanged, total.RelationshipsCreated)
		return err
	})
	if rejected, ok := err.(*ImportRejected); ok {
		_, werr := db(ctx, s.pool).Exec(ctx, `UPDATE asset_imports SET failed = $2, errors = $3 WHERE id = $1`,
			id, total.Failed, capErrors(rejected.Errors))
		if werr != nil {
			return imp, werr
		}
		return imp, err
	}
	if err != nil {
		return imp, err
	}
	return s.Import(ctx, id)
}
