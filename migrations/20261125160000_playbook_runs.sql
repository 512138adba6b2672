-- +goose Up
CREATE TABLE playbook_runs (
    id              uuid PRIMARY KEY,
    playbook        text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')),
    params          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    result          jsonb,
    error           text,
    workflow_id     text        NOT NULL UNIQUE,
    temporal_run_id text        NOT NULL DEFAULT '',
    requested_by    text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX playbook_runs_created_idx ON playbook_runs (created_at DESC, id DESC);
CREATE INDEX playbook_runs_playbook_idx ON playbook_runs (playbook, created_at DESC);
CREATE INDEX playbook_runs_status_idx ON playbook_runs (status, created_at DESC);

-- +goose Down
DROP TABLE playbook_runs;
