package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/live"
)

// Outbox keeps live events written in a request's unit of work until the
// relay has published them (live_outbox).
type Outbox struct{ pool *pgxpool.Pool }

// NewOutbox returns the outbox over pool.
func NewOutbox(pool *pgxpool.Pool) *Outbox { return &Outbox{pool: pool} }

// Add stores ev in ctx's unit of work (or on its own without one).
func (o *Outbox) Add(ctx context.Context, ev live.Event) error {
	at := ev.At
	if at.IsZero() {
		at = time.Now()
	}
	_, err := db(ctx, o.pool).Exec(ctx, `INSERT INTO live_outbox (kind, ref, status, at) VALUES ($1, $2, $3, $4)`,
		ev.Kind, ev.ID, ev.Status, at)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// Relay publishes up to limit committed events, oldest first, and deletes
// them once publish returned nil; it returns how many it published. Rows
// another relay is publishing are skipped, so several API processes share
// the outbox; a publish error leaves the rows for the next call.
func (o *Outbox) Relay(ctx context.Context, limit int, publish func(context.Context, []live.Event) error) (int, error) {
	n := 0
	err := InTx(ctx, o.pool, func(ctx context.Context) error {
		rows, err := db(ctx, o.pool).Query(ctx, `SELECT id, kind, ref, status, at FROM live_outbox
			ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit)
		if err != nil {
			return err
		}
		var ids []int64
		var evs []live.Event
		for rows.Next() {
			var id int64
			var ev live.Event
			if err := rows.Scan(&id, &ev.Kind, &ev.ID, &ev.Status, &ev.At); err != nil {
				rows.Close()
				return err
			}
			ids, evs = append(ids, id), append(evs, ev)
		}
		if err := rows.Err(); err != nil || len(evs) == 0 {
			return err
		}
		if err := publish(ctx, evs); err != nil {
			return err
		}
		n = len(evs)
		_, err = db(ctx, o.pool).Exec(ctx, `DELETE FROM live_outbox WHERE id = ANY($1)`, ids)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("outbox relay: %w", err)
	}
	return n, nil
}
