package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ServerLocks hands out per-server leases so only one run at a time runs
// mutating steps on a server.
type ServerLocks struct {
	pool *pgxpool.Pool
}

// NewServerLocks returns the lock repository over pool.
func NewServerLocks(pool *pgxpool.Pool) *ServerLocks { return &ServerLocks{pool: pool} }

// LockHolder is the run holding a server's lease.
type LockHolder struct {
	RunID     string
	Step      string
	ExpiresAt time.Time
}

// Acquire takes or renews the lease on serverID for runID until ttl from
// now. It succeeds when the server is free, already leased to runID (a
// retried step), or its lease expired; otherwise it returns the holder.
func (s *ServerLocks) Acquire(ctx context.Context, serverID, runID, step string, ttl time.Duration) (bool, LockHolder, error) {
	if !isID(serverID) {
		return false, LockHolder{}, fmt.Errorf("server id %q is not a UUID", serverID)
	}
	expires := time.Now().Add(ttl)
	var got string
	err := db(ctx, s.pool).QueryRow(ctx, `INSERT INTO server_locks (server_id, run_id, step, expires_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (server_id) DO UPDATE SET run_id = excluded.run_id, step = excluded.step,
			acquired_at = now(), expires_at = excluded.expires_at
		WHERE server_locks.run_id = excluded.run_id OR server_locks.expires_at < now()
		RETURNING run_id`, serverID, runID, step, expires).Scan(&got)
	if err == nil {
		return true, LockHolder{RunID: runID, Step: step, ExpiresAt: expires}, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return false, LockHolder{}, fmt.Errorf("acquire server lock: %w", err)
	}
	var h LockHolder
	err = db(ctx, s.pool).QueryRow(ctx, `SELECT run_id, step, expires_at FROM server_locks WHERE server_id = $1`, serverID).
		Scan(&h.RunID, &h.Step, &h.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) { // released in between: try again
		return s.Acquire(ctx, serverID, runID, step, ttl)
	}
	return false, h, err
}

// Release frees serverID if runID holds it. Releasing twice is harmless.
func (s *ServerLocks) Release(ctx context.Context, serverID, runID string) error {
	_, err := db(ctx, s.pool).Exec(ctx, `DELETE FROM server_locks WHERE server_id = $1 AND run_id = $2`, serverID, runID)
	if err != nil {
		return fmt.Errorf("release server lock: %w", err)
	}
	return nil
}
