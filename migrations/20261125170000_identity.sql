-- +goose Up
CREATE TABLE roles (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_-]{1,39}$'),
    description text        NOT NULL DEFAULT '',
    -- Custom roles' permissions; built-in roles take theirs from code.
    permissions text[]      NOT NULL DEFAULT '{}',
    builtin     boolean     NOT NULL DEFAULT false,
    require_mfa boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO roles (name, description, builtin) VALUES
    ('admin', 'Everything, including users, roles, tokens and the audit log', true),
    ('operator', 'Runs and approves playbooks, works incidents, manages servers and credentials', true),
    ('responder', 'Works incidents and runs playbooks', true),
    ('viewer', 'Read-only access', true);

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL,
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,
    active        boolean     NOT NULL DEFAULT true,
    -- TOTP secret sealed with ENCRYPTION_KEY; set at enrolment, confirmed by mfa_enabled.
    mfa_secret    bytea,
    mfa_enabled   boolean     NOT NULL DEFAULT false,
    -- Last accepted TOTP time step: a code is accepted once.
    mfa_last_step bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    text NOT NULL REFERENCES roles (name) ON DELETE RESTRICT,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE mfa_recovery_codes (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea       NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    client_ip  text        NOT NULL DEFAULT '',
    user_agent text        NOT NULL DEFAULT ''
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    name         text        NOT NULL,
    prefix       text        NOT NULL,
    token_hash   bytea       NOT NULL UNIQUE,
    permissions  text[]      NOT NULL,
    created_by   uuid        NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

-- The audit log outlives rollbacks: no Down drops it, so this creates it
-- only where it does not exist yet (and once `migrate up` has handed it to
-- the opsmanager_audit role, the application could not touch it anyway).
-- +goose StatementBegin
DO $audit$
BEGIN
IF to_regclass('audit_log') IS NOT NULL THEN
    RETURN;
END IF;
CREATE TABLE audit_log (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_type  text        NOT NULL CHECK (actor_type IN ('user', 'token', 'system', 'anonymous')),
    actor_id    text        NOT NULL DEFAULT '',
    actor_name  text        NOT NULL DEFAULT '',
    action      text        NOT NULL,
    target_type text        NOT NULL DEFAULT '',
    target_id   text        NOT NULL DEFAULT '',
    outcome     text        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    request_id  text        NOT NULL DEFAULT '',
    client_ip   text        NOT NULL DEFAULT '',
    user_agent  text        NOT NULL DEFAULT '',
    summary     jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, at DESC);

-- The audit log is append-only: the database itself refuses changes.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$fn$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
END
$audit$;
-- +goose StatementEnd

-- +goose Down
-- audit_log stays: an audit trail is never rolled back.
DROP TABLE api_tokens;
DROP TABLE refresh_tokens;
DROP TABLE mfa_recovery_codes;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE roles;
