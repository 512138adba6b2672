-- +goose Up
-- must_change_password: the user signs in with a password someone else saw
-- (the first admin's printed one) and must set their own before anything else.
-- mfa_pending_until / mfa_pending_session: a pending MFA enrolment belongs
-- to the session that started it and expires, so nobody else who signs in
-- with the password can replace or confirm it while it runs.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN mfa_pending_until timestamptz;
ALTER TABLE users ADD COLUMN mfa_pending_session text;

-- +goose Down
ALTER TABLE users DROP COLUMN mfa_pending_session;
ALTER TABLE users DROP COLUMN mfa_pending_until;
ALTER TABLE users DROP COLUMN must_change_password;
