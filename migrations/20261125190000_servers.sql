-- +goose Up
-- Secrets that log in to servers, sealed with ENCRYPTION_KEY (vault.Box).
-- The plaintext never reaches this table, the API's responses or the audit log.
CREATE TABLE credentials (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('ssh-private-key', 'password', 'token')),
    sealed     bytea       NOT NULL,
    -- For ssh-private-key: the public half (authorized_keys line), to install on servers.
    public_key text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX credentials_name_key ON credentials (lower(name));

CREATE TABLE servers (
    id                   uuid PRIMARY KEY,
    name                 text        NOT NULL,
    host                 text        NOT NULL,
    port                 int         NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
    username             text        NOT NULL,
    credential_id        uuid        NOT NULL REFERENCES credentials (id) ON DELETE RESTRICT,
    tags                 text[]      NOT NULL DEFAULT '{}',
    -- The pinned host key (authorized_keys format, no comment); NULL until pinned,
    -- either up front or at the first connection (trust on first use).
    host_key             text,
    host_key_fingerprint text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK ((host_key IS NULL) = (host_key_fingerprint IS NULL))
);
CREATE UNIQUE INDEX servers_name_key ON servers (lower(name));
CREATE INDEX servers_tags_idx ON servers USING gin (tags);
CREATE INDEX servers_credential_idx ON servers (credential_id);

-- Output of playbook steps (SSH commands), streamed while they run. Masked and capped
-- per step by the activity before it is stored.
CREATE TABLE run_logs (
    id     bigserial PRIMARY KEY,
    run_id uuid        NOT NULL,
    step   text        NOT NULL,
    stream text        NOT NULL,
    text   text        NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX run_logs_run_idx ON run_logs (run_id, id);

-- +goose Down
DROP TABLE run_logs;
DROP TABLE servers;
DROP TABLE credentials;
