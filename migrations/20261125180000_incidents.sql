-- +goose Up
CREATE TABLE escalation_policies (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    repeat     int         NOT NULL DEFAULT 0 CHECK (repeat BETWEEN 0 AND 9),
    levels     jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX escalation_policies_name_key ON escalation_policies (lower(name));

CREATE TABLE sla_policies (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    rules      jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sla_policies_name_key ON sla_policies (lower(name));

CREATE TABLE services (
    id                   uuid PRIMARY KEY,
    name                 text        NOT NULL,
    description          text        NOT NULL DEFAULT '',
    escalation_policy_id uuid        NOT NULL REFERENCES escalation_policies (id) ON DELETE RESTRICT,
    sla_policy_id        uuid REFERENCES sla_policies (id) ON DELETE RESTRICT,
    auto_resolve         boolean     NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX services_name_key ON services (lower(name));

CREATE TABLE schedules (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    time_zone   text        NOT NULL,
    -- Rotations: [{name, shiftType (hourly|daily|weekly), shiftLength, start (local RFC 3339 wall time), userIds}]
    rotations   jsonb       NOT NULL DEFAULT '[]'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX schedules_name_key ON schedules (lower(name));

CREATE TABLE schedule_overrides (
    id          uuid PRIMARY KEY,
    schedule_id uuid        NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schedule_overrides_idx ON schedule_overrides (schedule_id, starts_at, ends_at);

CREATE TABLE incidents (
    id                 uuid PRIMARY KEY,
    service_id         uuid        NOT NULL REFERENCES services (id),
    title              text        NOT NULL,
    description        text        NOT NULL DEFAULT '',
    severity           text        NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    status             text        NOT NULL DEFAULT 'triggered'
        CHECK (status IN ('triggered', 'acknowledged', 'investigating', 'mitigated', 'resolved', 'closed')),
    dedup_key          text        NOT NULL,
    alert_count        int         NOT NULL DEFAULT 0,
    last_alert_at      timestamptz,
    assignee_id        uuid REFERENCES users (id),
    escalation_level   int         NOT NULL DEFAULT 0,
    escalation_round   int         NOT NULL DEFAULT 0,
    next_escalation_at timestamptz,
    ack_deadline       timestamptz,
    resolve_deadline   timestamptz,
    ack_breached       boolean     NOT NULL DEFAULT false,
    resolve_breached   boolean     NOT NULL DEFAULT false,
    workflow_id        text        NOT NULL UNIQUE,
    created_by         text        NOT NULL DEFAULT '',
    created_at         timestamptz NOT NULL DEFAULT now(),
    acknowledged_at    timestamptz,
    resolved_at        timestamptz,
    closed_at          timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    -- The workflow's sequence number of the last state written, so a
    -- retried or late activity never overwrites newer state.
    state_seq          bigint      NOT NULL DEFAULT 0,
    search             tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description)) STORED
);
-- One open incident per service and dedup key: a second identical alert attaches to it.
CREATE UNIQUE INDEX incidents_open_dedup_key ON incidents (service_id, dedup_key)
    WHERE status IN ('triggered', 'acknowledged', 'investigating', 'mitigated');
CREATE INDEX incidents_created_idx ON incidents (created_at DESC, id DESC);
CREATE INDEX incidents_status_idx ON incidents (status, created_at DESC);
CREATE INDEX incidents_service_idx ON incidents (service_id, created_at DESC);
CREATE INDEX incidents_search_idx ON incidents USING gin (search);

CREATE TABLE incident_events (
    id          uuid PRIMARY KEY,
    incident_id uuid        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    -- Idempotency key from the workflow: a retried activity writes the event once.
    event_key   text        NOT NULL,
    at          timestamptz NOT NULL,
    type        text        NOT NULL,
    actor       text        NOT NULL DEFAULT '',
    message     text        NOT NULL DEFAULT '',
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (incident_id, event_key)
);
CREATE INDEX incident_events_idx ON incident_events (incident_id, at, id);

CREATE TABLE deliveries (
    id              uuid PRIMARY KEY,
    incident_id     uuid        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    idempotency_key text        NOT NULL UNIQUE,
    channel         text        NOT NULL CHECK (channel IN ('email', 'webhook')),
    target          text        NOT NULL,
    level           int         NOT NULL,
    reason          text        NOT NULL DEFAULT '',
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    last_error      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX deliveries_incident_idx ON deliveries (incident_id, created_at);

-- +goose Down
DROP TABLE deliveries;
DROP TABLE incident_events;
DROP TABLE incidents;
DROP TABLE schedule_overrides;
DROP TABLE schedules;
DROP TABLE services;
DROP TABLE sla_policies;
DROP TABLE escalation_policies;
