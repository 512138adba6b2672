-- +goose Up
-- The human behind a run that automation or an API token requested: the
-- user who saved the incident trigger, or the token's creator. They may not
-- approve the run, as a requester may not approve their own.
ALTER TABLE playbook_runs ADD COLUMN on_behalf_of text;

-- +goose Down
ALTER TABLE playbook_runs DROP COLUMN on_behalf_of;
