package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Sessions stores refresh tokens. Tokens of one sign-in form a family; each
// token works once, and presenting a used one revokes the whole family.
type Sessions struct {
	pool *pgxpool.Pool
}

// NewSessions returns a session repository over pool.
func NewSessions(pool *pgxpool.Pool) *Sessions { return &Sessions{pool: pool} }

// RefreshToken is one stored refresh token (by hash).
type RefreshToken struct {
	ID, FamilyID, UserID string
	Hash                 []byte
	ExpiresAt            time.Time
	ClientIP, UserAgent  string
}

// Issue stores a new refresh token.
func (s *Sessions) Issue(ctx context.Context, t RefreshToken) error {
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at, client_ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, t.FamilyID, t.UserID, t.Hash, t.ExpiresAt, t.ClientIP, truncate(t.UserAgent, 512))
	if err != nil {
		return fmt.Errorf("store refresh token: %w", err)
	}
	return nil
}

// ErrRefreshReused says a refresh token was presented a second time; its
// family has been revoked.
var ErrRefreshReused = domain.Errorf(domain.EUnauthorized, "refresh token was already used; the session has been revoked")

// Rotate consumes the token with hash and stores next in the same family.
// A token used before revokes its family and returns ErrRefreshReused
// together with the family's user ID, for the audit log.
func (s *Sessions) Rotate(ctx context.Context, hash []byte, now time.Time, next RefreshToken) (RefreshToken, error) {
	var cur RefreshToken
	reused := false
	err := pgx.BeginFunc(ctx, db(ctx, s.pool), func(tx pgx.Tx) error {
		var usedAt, revokedAt *time.Time
		err := tx.QueryRow(ctx, `SELECT id, family_id, user_id, expires_at, used_at, revoked_at
			FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`, hash).Scan(&cur.ID, &cur.FamilyID, &cur.UserID, &cur.ExpiresAt, &usedAt, &revokedAt)
		if err != nil {
			return notFound(err, "refresh token", "")
		}
		if usedAt != nil {
			_, err := tx.Exec(ctx, `UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE family_id = $1`, cur.FamilyID, now)
			reused = true // commit the revocation, then report the reuse
			return err
		}
		if revokedAt != nil || !now.Before(cur.ExpiresAt) {
			return domain.Errorf(domain.EUnauthorized, "session expired or signed out")
		}
		if _, err := tx.Exec(ctx, `UPDATE refresh_tokens SET used_at = $2 WHERE id = $1`, cur.ID, now); err != nil {
			return err
		}
		next.FamilyID, next.UserID = cur.FamilyID, cur.UserID
		_, err = tx.Exec(ctx, `INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at, client_ip, user_agent)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, next.ID, next.FamilyID, next.UserID, next.Hash, next.ExpiresAt, next.ClientIP, truncate(next.UserAgent, 512))
		return err
	})
	if err == nil && reused {
		return cur, ErrRefreshReused
	}
	return cur, err
}

// RevokeFamily signs out one session.
func (s *Sessions) RevokeFamily(ctx context.Context, familyID string, now time.Time) error {
	if !isID(familyID) {
		return nil
	}
	_, err := db(ctx, s.pool).Exec(ctx, `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, familyID, now)
	return err
}

// FamilyRevoked reports whether session familyID was signed out. A family
// with no refresh tokens (none issued) is not revoked.
func (s *Sessions) FamilyRevoked(ctx context.Context, familyID string) (bool, error) {
	if !isID(familyID) {
		return false, nil
	}
	var revoked bool
	err := db(ctx, s.pool).QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NOT NULL)`, familyID).Scan(&revoked)
	if err != nil {
		return false, fmt.Errorf("check session family: %w", err)
	}
	return revoked, nil
}

// RevokeUser signs out every session of a user and returns the session
// (family) IDs it ended, so their access tokens can be revoked too.
func (s *Sessions) RevokeUser(ctx context.Context, userID string, now time.Time) ([]string, error) {
	return s.RevokeOthers(ctx, userID, "", now)
}

// RevokeOthers is RevokeUser sparing the family keep (the caller's own
// session); keep "" spares none.
func (s *Sessions) RevokeOthers(ctx context.Context, userID, keep string, now time.Time) ([]string, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `UPDATE refresh_tokens SET revoked_at = $2
		WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND family_id::text <> $3
		RETURNING family_id::text`, userID, now, keep)
	if err != nil {
		return nil, fmt.Errorf("revoke sessions: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("revoke sessions: %w", err)
	}
	seen := map[string]bool{}
	out := []string{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}
