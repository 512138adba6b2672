package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// APITokens stores service tokens by hash.
type APITokens struct {
	pool *pgxpool.Pool
}

// NewAPITokens returns an API token repository over pool.
func NewAPITokens(pool *pgxpool.Pool) *APITokens { return &APITokens{pool: pool} }

const apiTokenColumns = `id, name, prefix, permissions, created_by, created_at, expires_at, revoked_at, last_used_at`

func scanAPIToken(row pgx.Row) (domain.APIToken, error) {
	var t domain.APIToken
	var perms []string
	if err := row.Scan(&t.ID, &t.Name, &t.Prefix, &perms, &t.CreatedBy, &t.CreatedAt, &t.ExpiresAt, &t.RevokedAt, &t.LastUsedAt); err != nil {
		return t, err
	}
	for _, p := range perms {
		t.Permissions = append(t.Permissions, domain.Permission(p))
	}
	return t, nil
}

// Create stores a token whose secret hashes to hash.
func (s *APITokens) Create(ctx context.Context, t domain.APIToken, hash []byte) (domain.APIToken, error) {
	t.ID = newID()
	row := db(ctx, s.pool).QueryRow(ctx, `INSERT INTO api_tokens (id, name, prefix, token_hash, permissions, created_by, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+apiTokenColumns,
		t.ID, t.Name, t.Prefix, hash, permStrings(t.Permissions), t.CreatedBy, t.ExpiresAt)
	out, err := scanAPIToken(row)
	if err != nil {
		return out, fmt.Errorf("create api token: %w", err)
	}
	return out, nil
}

// Authenticate returns the live token with hash and records its use. It
// looks up first, so an unknown or dead token costs no write, and moves
// last_used_at at most once a minute per token.
func (s *APITokens) Authenticate(ctx context.Context, hash []byte, now time.Time) (domain.APIToken, error) {
	row := db(ctx, s.pool).QueryRow(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`, hash, now)
	t, err := scanAPIToken(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, domain.Errorf(domain.EUnauthorized, "invalid, expired or revoked API token")
	}
	if err != nil {
		return t, fmt.Errorf("authenticate api token: %w", err)
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute {
		if _, err := db(ctx, s.pool).Exec(ctx, `UPDATE api_tokens SET last_used_at = $2
			WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`, t.ID, now, now.Add(-time.Minute)); err != nil {
			return t, fmt.Errorf("record api token use: %w", err)
		}
		t.LastUsedAt = &now
	}
	return t, nil
}

// List returns every token, newest first.
func (s *APITokens) List(ctx context.Context) ([]domain.APIToken, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.APIToken, error) { return scanAPIToken(r) })
}

// Revoke revokes the token with id. Revoking twice is harmless.
func (s *APITokens) Revoke(ctx context.Context, id string, now time.Time) (domain.APIToken, error) {
	if !isID(id) {
		return domain.APIToken{}, missing("API token", id)
	}
	row := db(ctx, s.pool).QueryRow(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1
		RETURNING `+apiTokenColumns, id, now)
	t, err := scanAPIToken(row)
	return t, notFound(err, "API token", id)
}
