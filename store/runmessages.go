package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// RunMessages remembers which messages playbook steps sent.
type RunMessages struct {
	pool *pgxpool.Pool
}

// NewRunMessages returns the repository over pool.
func NewRunMessages(pool *pgxpool.Pool) *RunMessages { return &RunMessages{pool: pool} }

// WasSent reports whether the message with key went out.
func (s *RunMessages) WasSent(ctx context.Context, key string) (bool, error) {
	var sent bool
	err := db(ctx, s.pool).QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM run_messages WHERE key = $1)`, key).Scan(&sent)
	if err != nil {
		return false, fmt.Errorf("look up run message: %w", err)
	}
	return sent, nil
}

// RecordSent notes that the message with key went out. Repeating it is harmless.
func (s *RunMessages) RecordSent(ctx context.Context, key, runID string) error {
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO run_messages (key, run_id) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, runID)
	if err != nil {
		return fmt.Errorf("record run message: %w", err)
	}
	return nil
}
