package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Servers stores the machines playbooks run commands on, with their pinned
// host keys.
type Servers struct {
	pool *pgxpool.Pool
}

// NewServers returns the server repository over pool.
func NewServers(pool *pgxpool.Pool) *Servers { return &Servers{pool: pool} }

const serverColumns = `s.id, s.name, s.host, s.port, s.username, s.credential_id, c.name, s.tags,
	COALESCE(s.host_key, ''), COALESCE(s.host_key_fingerprint, ''), s.created_at, s.updated_at`

const serverFrom = ` FROM servers s JOIN credentials c ON c.id = s.credential_id `

func scanServer(row pgx.Row) (domain.Server, error) {
	var s domain.Server
	err := row.Scan(&s.ID, &s.Name, &s.Host, &s.Port, &s.Username, &s.CredentialID, &s.CredentialName, &s.Tags,
		&s.HostKey, &s.HostKeyFingerprint, &s.CreatedAt, &s.UpdatedAt)
	if err != nil {
		return s, err
	}
	if s.Tags == nil {
		s.Tags = []string{}
	}
	return s, nil
}

// Create stores a server. A duplicate name is a conflict; an unknown
// credential is invalid.
func (st *Servers) Create(ctx context.Context, s domain.Server) (domain.Server, error) {
	s.ID = newID()
	_, err := db(ctx, st.pool).Exec(ctx, `INSERT INTO servers (id, name, host, port, username, credential_id, tags, host_key, host_key_fingerprint)
		VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, ''), NULLIF($9, ''))`,
		s.ID, s.Name, s.Host, s.Port, s.Username, s.CredentialID, nonNilTags(s.Tags), s.HostKey, s.HostKeyFingerprint)
	if err != nil {
		return s, serverWriteError(err, s.Name)
	}
	return st.Get(ctx, s.ID)
}

func serverWriteError(err error, name string) error {
	switch v := violationOf(err); {
	case v.unique():
		return domain.Errorf(domain.EConflict, "a server named %q already exists", name)
	case v.foreignKey():
		return domain.ValidationError([]domain.FieldError{{Field: "credentialId", Message: "is not an existing credential"}})
	}
	return fmt.Errorf("write server: %w", err)
}

// Update replaces a server's fields. The pinned host key changes only when
// setHostKey is true, so an edit never undoes a pin made meanwhile by a
// first connection.
func (st *Servers) Update(ctx context.Context, s domain.Server, setHostKey bool) (domain.Server, error) {
	if !isID(s.ID) {
		return s, missing("server", s.ID)
	}
	tag, err := db(ctx, st.pool).Exec(ctx, `UPDATE servers SET name = $2, host = $3, port = $4, username = $5, credential_id = $6, tags = $7,
		host_key = CASE WHEN $8 THEN NULLIF($9, '') ELSE host_key END,
		host_key_fingerprint = CASE WHEN $8 THEN NULLIF($10, '') ELSE host_key_fingerprint END,
		updated_at = now() WHERE id = $1`,
		s.ID, s.Name, s.Host, s.Port, s.Username, s.CredentialID, nonNilTags(s.Tags), setHostKey, s.HostKey, s.HostKeyFingerprint)
	return reread(ctx, tag, err, func(err error) error { return serverWriteError(err, s.Name) },
		"server", s.ID, st.Get)
}

// Get returns the server with id.
func (st *Servers) Get(ctx context.Context, id string) (domain.Server, error) {
	if !isID(id) {
		return domain.Server{}, missing("server", id)
	}
	s, err := scanServer(db(ctx, st.pool).QueryRow(ctx, `SELECT `+serverColumns+serverFrom+`WHERE s.id = $1`, id))
	return s, notFound(err, "server", id)
}

// List returns one page of servers by name, and how many match in all.
func (st *Servers) List(ctx context.Context, f domain.ServerFilter) ([]domain.Server, int, error) {
	tags := nonNilTags(f.Tags)
	where := `WHERE s.tags @> $1::text[] AND ($2 = '' OR s.name ILIKE '%' || $2 || '%' OR s.host ILIKE '%' || $2 || '%')`
	var total int
	if err := db(ctx, st.pool).QueryRow(ctx, `SELECT count(*) FROM servers s `+where, tags, f.Query).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count servers: %w", err)
	}
	rows, err := db(ctx, st.pool).Query(ctx, `SELECT `+serverColumns+serverFrom+where+` ORDER BY lower(s.name) LIMIT $3 OFFSET $4`,
		tags, f.Query, f.Limit, (f.Page-1)*f.Limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list servers: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Server, error) { return scanServer(r) })
	return list, total, err
}

// Delete removes a server.
func (st *Servers) Delete(ctx context.Context, id string) error {
	if !isID(id) {
		return missing("server", id)
	}
	tag, err := db(ctx, st.pool).Exec(ctx, `DELETE FROM servers WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete server: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return missing("server", id)
	}
	return nil
}

// PinHostKey pins hostKey if the server has no pin yet (trust on first
// use) and returns the server as it is now. Only the first of concurrent
// first connections pins; the others see its key, so the pin never flips.
func (st *Servers) PinHostKey(ctx context.Context, id, hostKey, fingerprint string) (domain.Server, error) {
	if !isID(id) {
		return domain.Server{}, missing("server", id)
	}
	_, err := db(ctx, st.pool).Exec(ctx, `UPDATE servers SET host_key = $2, host_key_fingerprint = $3, updated_at = now()
		WHERE id = $1 AND host_key IS NULL`, id, hostKey, fingerprint)
	if err != nil {
		return domain.Server{}, fmt.Errorf("pin host key: %w", err)
	}
	return st.Get(ctx, id)
}

// ResetHostKey forgets the pinned key, so the next connection pins the key
// it is shown (for a host that was legitimately rebuilt). It returns the
// fingerprint that was pinned ("" if none).
func (st *Servers) ResetHostKey(ctx context.Context, id string) (string, error) {
	if !isID(id) {
		return "", missing("server", id)
	}
	var previous *string
	err := db(ctx, st.pool).QueryRow(ctx, `UPDATE servers n SET host_key = NULL, host_key_fingerprint = NULL, updated_at = now()
		FROM servers o WHERE n.id = $1 AND o.id = n.id RETURNING o.host_key_fingerprint`, id).Scan(&previous)
	if err != nil {
		return "", notFound(err, "server", id)
	}
	if previous == nil {
		return "", nil
	}
	return *previous, nil
}

// nonNilTags turns nil into an empty array: the column is NOT NULL.
func nonNilTags(tags []string) []string {
	if tags == nil {
		return []string{}
	}
	return tags
}
