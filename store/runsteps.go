package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/domain"
)

// StepRecord is one write about a step; writes may arrive in any order.
type StepRecord struct {
	RunID      string
	Seq        int
	Name       string
	Kind       string
	Target     string
	Status     domain.StepStatus
	Attempts   int
	ExitCode   *int
	Error      string
	Result     any
	At         time.Time
	FinishedAt *time.Time
}

// RecordStep upserts a step. A finished step is never set back to running,
// so a late "started" write cannot undo a "finished" one; nor is a step that
// waits for approval, since its "started" and "waiting" writes race.
func (s *Runs) RecordStep(ctx context.Context, r StepRecord) error {
	if !isID(r.RunID) {
		return missing("run", r.RunID)
	}
	var result []byte
	if r.Result != nil {
		result, _ = json.Marshal(r.Result)
	}
	var errText *string
	if r.Error != "" {
		errText = &r.Error
	}
	if r.Attempts < 1 {
		r.Attempts = 1
	}
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO run_steps (run_id, seq, name, kind, target, status, attempts, exit_code, error, result, started_at, finished_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (run_id, seq) DO UPDATE SET
			status = CASE WHEN run_steps.finished_at IS NOT NULL AND EXCLUDED.finished_at IS NULL THEN run_steps.status
				WHEN run_steps.status = 'waiting_approval' AND EXCLUDED.status = 'running' THEN run_steps.status
				ELSE EXCLUDED.status END,
			attempts = GREATEST(run_steps.attempts, EXCLUDED.attempts),
			exit_code = COALESCE(EXCLUDED.exit_code, run_steps.exit_code),
			error = COALESCE(EXCLUDED.error, run_steps.error),
			result = COALESCE(EXCLUDED.result, run_steps.result),
			started_at = LEAST(run_steps.started_at, EXCLUDED.started_at),
			finished_at = COALESCE(run_steps.finished_at, EXCLUDED.finished_at)`,
		r.RunID, r.Seq, r.Name, r.Kind, r.Target, r.Status, r.Attempts, r.ExitCode, errText, result, r.At, r.FinishedAt)
	if err != nil {
		return fmt.Errorf("record step: %w", err)
	}
	return nil
}

// Steps returns a run's steps in order.
func (s *Runs) Steps(ctx context.Context, runID string) ([]domain.RunStep, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT seq, name, kind, target, status, attempts, exit_code, error, result, started_at, finished_at
		FROM run_steps WHERE run_id = $1 ORDER BY seq`, runID)
	if err != nil {
		return nil, fmt.Errorf("list steps: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.RunStep, error) {
		var st domain.RunStep
		var result []byte
		err := r.Scan(&st.Seq, &st.Name, &st.Kind, &st.Target, &st.Status, &st.Attempts, &st.ExitCode, &st.Error, &result, &st.StartedAt, &st.FinishedAt)
		if len(result) > 0 {
			st.Result = result
		}
		return st, err
	})
}

// SetWaiting moves a running run to waiting_approval (waiting) or back to
// running, recording who approved. Repeating it is harmless.
func (s *Runs) SetWaiting(ctx context.Context, id string, waiting bool, approvedBy, note string) error {
	from, to := "running", "waiting_approval"
	if !waiting {
		from, to = to, from
	}
	_, err := db(ctx, s.pool).Exec(ctx, `UPDATE playbook_runs SET status = $3, updated_at = now(),
		approved_by = COALESCE(NULLIF($4, ''), approved_by), approval_note = COALESCE(NULLIF($5, ''), approval_note)
		WHERE id = $1 AND status = $2`, id, from, to, approvedBy, note)
	return err
}
