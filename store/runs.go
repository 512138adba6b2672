package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// ErrRunExists means a run with the same ID was created before (a retried
// launch of the same run).
var ErrRunExists = domain.Errorf(domain.EConflict, "run exists")

// Runs stores playbook runs.
type Runs struct {
	pool *pgxpool.Pool
}

// NewRuns returns a run repository over pool.
func NewRuns(pool *pgxpool.Pool) *Runs { return &Runs{pool: pool} }

const runColumns = `id, playbook, status, params, result, error, workflow_id, temporal_run_id,
	requested_by, created_at, started_at, finished_at, dry_run, approved_by, service_id, on_behalf_of`

// Create inserts a new pending run.
func (s *Runs) Create(ctx context.Context, r domain.Run) error {
	params, err := json.Marshal(r.Params)
	if err != nil {
		return fmt.Errorf("encode params: %w", err)
	}
	_, err = db(ctx, s.pool).Exec(ctx, `INSERT INTO playbook_runs
		(id, playbook, status, params, workflow_id, requested_by, created_at, dry_run, service_id, on_behalf_of)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		r.ID, r.Playbook, r.Status, params, r.WorkflowID, r.RequestedBy, r.CreatedAt, r.DryRun, r.ServiceID, r.OnBehalfOf)
	if violationOf(err).unique() {
		return ErrRunExists
	}
	if err != nil {
		return fmt.Errorf("insert run: %w", err)
	}
	return nil
}

// Get returns the run with id.
func (s *Runs) Get(ctx context.Context, id string) (domain.Run, error) {
	if !isID(id) {
		return domain.Run{}, missing("run", id)
	}
	row := db(ctx, s.pool).QueryRow(ctx, `SELECT `+runColumns+` FROM playbook_runs WHERE id = $1`, id)
	r, err := scanRun(row)
	if err != nil {
		return domain.Run{}, notFound(err, "run", id)
	}
	return r, nil
}

// List returns one page of runs, newest first, and the total matching count.
func (s *Runs) List(ctx context.Context, f domain.RunFilter) ([]domain.Run, int, error) {
	where := `WHERE ($1 = '' OR playbook = $1) AND ($2 = '' OR status = $2) AND ($3 = '' OR id IN
		(SELECT run_id FROM incident_runs WHERE incident_id::text = $3))`
	var total int
	if err := db(ctx, s.pool).QueryRow(ctx, `SELECT count(*) FROM playbook_runs `+where,
		f.Playbook, string(f.Status), f.IncidentID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count runs: %w", err)
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+runColumns+` FROM playbook_runs `+where+`
		ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`,
		f.Playbook, string(f.Status), f.IncidentID, f.Limit, (f.Page-1)*f.Limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list runs: %w", err)
	}
	runs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Run, error) { return scanRun(row) })
	if err != nil {
		return nil, 0, fmt.Errorf("list runs: %w", err)
	}
	return runs, total, nil
}

// SetTemporalRunID records the Temporal run ID once the workflow has started.
func (s *Runs) SetTemporalRunID(ctx context.Context, id, temporalRunID string) error {
	_, err := db(ctx, s.pool).Exec(ctx, `UPDATE playbook_runs SET temporal_run_id = $2, updated_at = now()
		WHERE id = $1 AND temporal_run_id = ''`, id, temporalRunID)
	return err
}

// MarkRunning moves a pending run to running. Repeating it is harmless.
func (s *Runs) MarkRunning(ctx context.Context, id string) error {
	if !isID(id) {
		return missing("run", id)
	}
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE playbook_runs
		SET status = 'running', started_at = COALESCE(started_at, now()), updated_at = now()
		WHERE id = $1 AND status IN ('pending', 'running')`, id)
	if err != nil {
		return fmt.Errorf("mark run running: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return s.explainNoUpdate(ctx, id, domain.RunRunning)
	}
	return nil
}

// Finish records a run's terminal status, result and error. Finishing a run
// again with the same status is a no-op, so retried activities are idempotent.
func (s *Runs) Finish(ctx context.Context, id string, status domain.RunStatus, result any, errMsg string) error {
	if !status.Terminal() {
		return domain.Errorf(domain.EInvalid, "status %q is not terminal", status)
	}
	if !isID(id) {
		return missing("run", id)
	}
	var resultJSON []byte
	if result != nil {
		var err error
		if resultJSON, err = json.Marshal(result); err != nil {
			return fmt.Errorf("encode result: %w", err)
		}
	}
	var errText *string
	if errMsg != "" {
		errText = &errMsg
	}
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE playbook_runs
		SET status = $2, result = $3, error = $4, finished_at = now(), updated_at = now()
		WHERE id = $1 AND status IN ('pending', 'running', 'waiting_approval')`, id, status, resultJSON, errText)
	if err != nil {
		return fmt.Errorf("finish run: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return s.explainNoUpdate(ctx, id, status)
	}
	return nil
}

// explainNoUpdate tells why an update matched no row: the run is missing,
// already in the wanted status (fine), or in a status that forbids it.
func (s *Runs) explainNoUpdate(ctx context.Context, id string, want domain.RunStatus) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if r.Status == want {
		return nil
	}
	return domain.Errorf(domain.EConflict, "run %s is %s, cannot become %s", id, r.Status, want)
}

func scanRun(row pgx.Row) (domain.Run, error) {
	var r domain.Run
	var params, result []byte
	err := row.Scan(&r.ID, &r.Playbook, &r.Status, &params, &result, &r.Error, &r.WorkflowID,
		&r.TemporalRunID, &r.RequestedBy, &r.CreatedAt, &r.StartedAt, &r.FinishedAt, &r.DryRun, &r.ApprovedBy, &r.ServiceID, &r.OnBehalfOf)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(params, &r.Params); err != nil {
		return r, fmt.Errorf("decode params: %w", err)
	}
	if len(result) > 0 {
		r.Result = result
	}
	return r, nil
}
