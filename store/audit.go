package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Audit appends to and reads the audit log. The table refuses UPDATE and
// DELETE, so entries can only be added.
type Audit struct {
	pool *pgxpool.Pool
}

// NewAudit returns an audit repository over pool.
func NewAudit(pool *pgxpool.Pool) *Audit { return &Audit{pool: pool} }

// Append writes one entry.
func (s *Audit) Append(ctx context.Context, e domain.AuditEntry) error {
	if e.ID == "" {
		e.ID = newID()
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	summary, err := json.Marshal(e.Summary)
	if err != nil || e.Summary == nil {
		summary = []byte("{}")
	}
	_, err = db(ctx, s.pool).Exec(ctx, `INSERT INTO audit_log (id, at, actor_type, actor_id, actor_name, action, target_type, target_id,
		outcome, request_id, client_ip, user_agent, summary) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
		e.ID, e.At, e.ActorType, e.ActorID, e.ActorName, e.Action, e.TargetType, e.TargetID, e.Outcome,
		e.RequestID, e.ClientIP, truncate(e.UserAgent, 512), summary)
	if err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// List returns entries newest first, after f.Cursor, and the cursor of the
// next page ("" at the end).
func (s *Audit) List(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, string, error) {
	curAt, curID, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, "", err
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT id, at, actor_type, actor_id, actor_name, action, target_type, target_id, outcome,
			request_id, client_ip, user_agent, summary
		FROM audit_log
		WHERE ($1 = '' OR actor_id = $1) AND ($2 = '' OR action = $2 OR action LIKE $2 || '.%')
		  AND ($3 = '' OR target_type = $3) AND ($4 = '' OR target_id = $4)
		  AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
		  AND ($7::timestamptz IS NULL OR (at, id) < ($7, $8::uuid))
		ORDER BY at DESC, id DESC LIMIT $9`,
		f.ActorID, f.Action, f.TargetType, f.TargetID, nullTime(f.From), nullTime(f.To), curAt, curID, f.Limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list audit: %w", err)
	}
	entries, err := pgx.CollectRows(rows, scanAudit)
	if err != nil {
		return nil, "", fmt.Errorf("list audit: %w", err)
	}
	next := ""
	if len(entries) > f.Limit {
		entries = entries[:f.Limit]
		last := entries[len(entries)-1]
		next = encodeCursor(last.At, last.ID)
	}
	return entries, next, nil
}

func scanAudit(row pgx.CollectableRow) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	var summary []byte
	err := row.Scan(&e.ID, &e.At, &e.ActorType, &e.ActorID, &e.ActorName, &e.Action, &e.TargetType, &e.TargetID,
		&e.Outcome, &e.RequestID, &e.ClientIP, &e.UserAgent, &summary)
	if err != nil {
		return e, err
	}
	_ = json.Unmarshal(summary, &e.Summary)
	return e, nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func encodeCursor(at time.Time, id string) string {
	return cursorOf(at.UTC().Format(time.RFC3339Nano), id)
}

func decodeCursor(c string) (*time.Time, *string, error) {
	if c == "" {
		return nil, nil, nil
	}
	at, id, err := cursorParts(c)
	if err != nil {
		return nil, nil, err
	}
	t, terr := time.Parse(time.RFC3339Nano, at)
	if terr != nil {
		return nil, nil, errBadCursor
	}
	return &t, &id, nil
}
