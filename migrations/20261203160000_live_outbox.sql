-- +goose Up
-- live_outbox holds the live events of changes made in a request's
-- transaction: they commit with the change and its audit entry, and a relay
-- publishes them to Redis, so a crash after the commit cannot lose them.
CREATE TABLE live_outbox (
    id     bigserial PRIMARY KEY,
    kind   text NOT NULL,
    ref    text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT '',
    at     timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE live_outbox;
