-- +goose Up
ALTER TABLE playbook_runs DROP CONSTRAINT playbook_runs_status_check;
ALTER TABLE playbook_runs ADD CONSTRAINT playbook_runs_status_check
    CHECK (status IN ('pending', 'running', 'waiting_approval', 'succeeded', 'failed', 'cancelled', 'timed_out'));
ALTER TABLE playbook_runs ADD COLUMN dry_run boolean NOT NULL DEFAULT false;
ALTER TABLE playbook_runs ADD COLUMN approved_by text;
ALTER TABLE playbook_runs ADD COLUMN approval_note text;

-- One row per step of a run, written by the step's activity (or by the
-- runner when a step times out), keyed by the step's sequence number.
CREATE TABLE run_steps (
    run_id      uuid        NOT NULL REFERENCES playbook_runs (id) ON DELETE CASCADE,
    seq         int         NOT NULL,
    name        text        NOT NULL,
    kind        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('running', 'waiting_approval', 'succeeded', 'failed', 'skipped')),
    target      text        NOT NULL DEFAULT '',
    attempts    int         NOT NULL DEFAULT 1,
    exit_code   int,
    error       text,
    result      jsonb,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    PRIMARY KEY (run_id, seq)
);

-- +goose Down
DROP TABLE run_steps;
ALTER TABLE playbook_runs DROP COLUMN approval_note;
ALTER TABLE playbook_runs DROP COLUMN approved_by;
ALTER TABLE playbook_runs DROP COLUMN dry_run;
UPDATE playbook_runs SET status = 'running' WHERE status = 'waiting_approval';
ALTER TABLE playbook_runs DROP CONSTRAINT playbook_runs_status_check;
ALTER TABLE playbook_runs ADD CONSTRAINT playbook_runs_status_check
    CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'));
