-- +goose Up
-- A run may be on behalf of a service: its failures page that service.
ALTER TABLE playbook_runs ADD COLUMN service_id uuid REFERENCES services (id) ON DELETE SET NULL;
CREATE INDEX playbook_runs_service_idx ON playbook_runs (service_id, created_at DESC) WHERE service_id IS NOT NULL;

-- Playbooks a service starts when one of its incidents triggers:
-- [{"playbook": "http-check", "params": {"url": "https://{{service.name}}.example.com"}}]
ALTER TABLE services ADD COLUMN playbooks jsonb NOT NULL DEFAULT '[]'::jsonb;

-- Links between incidents and runs, both ways: a run an incident triggered,
-- or the incident a failed run (or its unanswered approval) opened.
CREATE TABLE incident_runs (
    incident_id uuid        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    run_id      uuid        NOT NULL REFERENCES playbook_runs (id) ON DELETE CASCADE,
    relation    text        NOT NULL CHECK (relation IN ('triggered', 'failure', 'approval_timeout')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, run_id)
);
CREATE INDEX incident_runs_run_idx ON incident_runs (run_id);

-- One run at a time may run mutating steps on a server. A lease, so a run
-- that vanished cannot hold a server forever.
CREATE TABLE server_locks (
    server_id   uuid PRIMARY KEY REFERENCES servers (id) ON DELETE CASCADE,
    run_id      uuid        NOT NULL,
    step        text        NOT NULL,
    acquired_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

-- Messages (email, notify) that playbook steps sent, by idempotency key, so
-- a retried step does not send again to whoever it reached.
CREATE TABLE run_messages (
    key     text PRIMARY KEY,
    run_id  uuid        NOT NULL REFERENCES playbook_runs (id) ON DELETE CASCADE,
    sent_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE run_messages;
DROP TABLE server_locks;
DROP TABLE incident_runs;
ALTER TABLE services DROP COLUMN playbooks;
DROP INDEX playbook_runs_service_idx;
ALTER TABLE playbook_runs DROP COLUMN service_id;
