package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// RunLogs stores the output of playbook steps, in the order it arrived.
type RunLogs struct {
	pool *pgxpool.Pool
}

// NewRunLogs returns the run log repository over pool.
func NewRunLogs(pool *pgxpool.Pool) *RunLogs { return &RunLogs{pool: pool} }

// Append stores one chunk of a step's output. Bytes a text column cannot
// hold (invalid UTF-8, NUL) are replaced with U+FFFD.
func (r *RunLogs) Append(ctx context.Context, runID, step, stream string, chunk []byte) error {
	if !isID(runID) {
		return domain.Errorf(domain.EInvalid, "run id %q is not a UUID", runID)
	}
	text := strings.ReplaceAll(strings.ToValidUTF8(string(chunk), "\uFFFD"), "\x00", "\uFFFD")
	// The per-run lock is held until commit, so the run's lines commit in
	// seq order and a reader polling "after seq" never skips one.
	err := pgx.BeginFunc(ctx, db(ctx, r.pool), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('run_logs:' || $1, 0))`, runID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO run_logs (run_id, seq, step, stream, text)
			SELECT $1, COALESCE(max(seq), 0) + 1, $2, $3, $4 FROM run_logs WHERE run_id = $1`, runID, step, stream, text)
		return err
	})
	if err != nil {
		return fmt.Errorf("append run log: %w", err)
	}
	return nil
}

// List returns up to limit lines of a run after the line numbered afterID
// (the run's own sequence; 0: from the start), and the cursor to continue
// from: the last number returned, or afterID when there is nothing new, so a
// client can poll.
func (r *RunLogs) List(ctx context.Context, runID string, afterID int64, limit int) ([]domain.LogLine, int64, error) {
	if !isID(runID) {
		return nil, afterID, missing("run", runID)
	}
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rows, err := db(ctx, r.pool).Query(ctx, `SELECT seq, run_id, step, stream, text, at FROM run_logs
		WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, runID, afterID, limit)
	if err != nil {
		return nil, afterID, fmt.Errorf("list run logs: %w", err)
	}
	lines, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.LogLine, error) {
		var l domain.LogLine
		err := row.Scan(&l.ID, &l.RunID, &l.Step, &l.Stream, &l.Text, &l.At)
		return l, err
	})
	if err != nil {
		return nil, afterID, err
	}
	next := afterID
	if len(lines) > 0 {
		next = lines[len(lines)-1].ID
	}
	return lines, next, nil
}
