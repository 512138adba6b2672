-- +goose Up
-- must_change_password: the user signs in with a password someone else saw
-- (the first admin's printed one) and must set their own before anything else.
-- mfa_pending_until: a pending MFA enrolment expires, so one started by
-- someone who only knows the password cannot be confirmed later.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN mfa_pending_until timestamptz;

-- +goose Down
ALTER TABLE users DROP COLUMN mfa_pending_until;
ALTER TABLE users DROP COLUMN must_change_password;
