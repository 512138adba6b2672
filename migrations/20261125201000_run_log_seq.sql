-- +goose Up
-- A per-run sequence for log lines, assigned under a per-run lock held until
-- commit: lines become visible in sequence order, so a reader polling with
-- "after <seq>" never skips a line that a slower transaction committed late
-- (which a global bigserial allowed).
ALTER TABLE run_logs ADD COLUMN seq bigint;
UPDATE run_logs l SET seq = n.rn FROM (
    SELECT id, row_number() OVER (PARTITION BY run_id ORDER BY id) AS rn FROM run_logs
) n WHERE n.id = l.id;
ALTER TABLE run_logs ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX run_logs_run_seq ON run_logs (run_id, seq);
DROP INDEX run_logs_run_idx;

-- +goose Down
CREATE INDEX run_logs_run_idx ON run_logs (run_id, id);
DROP INDEX run_logs_run_seq;
ALTER TABLE run_logs DROP COLUMN seq;
