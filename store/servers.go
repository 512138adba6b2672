package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

// Servers stores the machines playbooks run commands on, with their pinned
// host keys.
type Servers struct {
	pool *pgxpool.Pool
}

// NewServers returns the server repository over pool.
func NewServers(pool *pgxpool.Pool) *Servers { return &Servers{pool: pool} }

// A server is an asset of type server (its name and tags) with a servers
// row saying how to reach it.
const serverColumns = `s.id, a.name, s.host, s.port, s.username, s.credential_id, c.name, a.tags,
	COALESCE(s.host_key, ''), COALESCE(s.host_key_fingerprint, ''), s.created_at, greatest(s.updated_at, a.updated_at)`

const serverFrom = ` FROM servers s JOIN assets a ON a.id = s.id JOIN credentials c ON c.id = s.credential_id `

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

// Create stores a server: its asset (with a "created" change) and how to
// reach it. A duplicate name is a conflict; an unknown credential is
// invalid.
func (st *Servers) Create(ctx context.Context, s domain.Server) (domain.Server, error) {
	s.ID = newID()
	err := InTx(ctx, st.pool, func(ctx context.Context) error {
		a := serverAsset(s)
		if err := insertAsset(ctx, db(ctx, st.pool), a); err != nil {
			return serverWriteError(err, s.Name)
		}
		if err := recordChange(ctx, db(ctx, st.pool), a.ID, assets.ChangeCreated, assets.Created(a), "", nil); err != nil {
			return err
		}
		_, err := db(ctx, st.pool).Exec(ctx, `INSERT INTO servers (id, host, port, username, credential_id, host_key, host_key_fingerprint)
			VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), NULLIF($7, ''))`,
			s.ID, s.Host, s.Port, s.Username, s.CredentialID, s.HostKey, s.HostKeyFingerprint)
		return serverWriteError(err, s.Name)
	})
	if err != nil {
		return s, err
	}
	return st.Get(ctx, s.ID)
}

// serverAsset is the inventory side of a server.
func serverAsset(s domain.Server) assets.Asset {
	a := assets.Asset{ID: s.ID, Type: "server", Name: s.Name, Tags: s.Tags}
	a.Normalize()
	return a
}

func serverWriteError(err error, name string) error {
	switch v := violationOf(err); {
	case err == nil:
		return nil
	case v.unique():
		return domain.Errorf(domain.EConflict, "a server named %q already exists", name)
	case v.foreignKey():
		return domain.ValidationError([]domain.FieldError{{Field: "credentialId", Message: "is not an existing credential"}})
	}
	return fmt.Errorf("write server: %w", err)
}

// Update replaces a server's fields, recording a change on its asset when
// the name or tags differ. The pinned host key changes only when
// setHostKey is true, so an edit never undoes a pin made meanwhile by a
// first connection.
func (st *Servers) Update(ctx context.Context, s domain.Server, setHostKey bool) (domain.Server, error) {
	if !isID(s.ID) {
		return s, missing("server", s.ID)
	}
	var tag pgconn.CommandTag
	err := InTx(ctx, st.pool, func(ctx context.Context) error {
		var err error
		tag, err = db(ctx, st.pool).Exec(ctx, `UPDATE servers SET host = $2, port = $3, username = $4, credential_id = $5,
			host_key = CASE WHEN $6 THEN NULLIF($7, '') ELSE host_key END,
			host_key_fingerprint = CASE WHEN $6 THEN NULLIF($8, '') ELSE host_key_fingerprint END,
			updated_at = now() WHERE id = $1`,
			s.ID, s.Host, s.Port, s.Username, s.CredentialID, setHostKey, s.HostKey, s.HostKeyFingerprint)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		return st.renameAsset(ctx, serverAsset(s))
	})
	return reread(ctx, tag, err, func(err error) error { return serverWriteError(err, s.Name) },
		"server", s.ID, st.Get)
}

// renameAsset writes a server's name and tags to its asset, with a change
// when they differ.
func (st *Servers) renameAsset(ctx context.Context, a assets.Asset) error {
	var before assets.Asset
	err := db(ctx, st.pool).QueryRow(ctx, `SELECT name, tags FROM assets WHERE id = $1 FOR UPDATE`, a.ID).Scan(&before.Name, &before.Tags)
	if err != nil {
		return fmt.Errorf("read server asset: %w", err)
	}
	diff := assets.Diff(assets.Asset{Type: a.Type, Name: before.Name, Tags: before.Tags, Lifecycle: a.Lifecycle, Attributes: a.Attributes}, a)
	if len(diff) == 0 {
		return nil
	}
	if _, err := db(ctx, st.pool).Exec(ctx, `UPDATE assets SET name = $2, tags = $3, updated_at = now() WHERE id = $1`, a.ID, a.Name, nonNilTags(a.Tags)); err != nil {
		return err
	}
	return recordChange(ctx, db(ctx, st.pool), a.ID, assets.ChangeUpdated, diff, "", nil)
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
	where := `WHERE a.tags @> $1::text[] AND ($2 = '' OR a.name ILIKE '%' || $2 || '%' OR s.host ILIKE '%' || $2 || '%')`
	var total int
	if err := db(ctx, st.pool).QueryRow(ctx, `SELECT count(*) FROM servers s JOIN assets a ON a.id = s.id `+where, tags, f.Query).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count servers: %w", err)
	}
	rows, err := db(ctx, st.pool).Query(ctx, `SELECT `+serverColumns+serverFrom+where+` ORDER BY lower(a.name) LIMIT $3 OFFSET $4`,
		tags, f.Query, f.Limit, (f.Page-1)*f.Limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list servers: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Server, error) { return scanServer(r) })
	return list, total, err
}

// Delete removes a server and its asset (with its relationships), noting
// the delete in the asset's history.
func (st *Servers) Delete(ctx context.Context, id string) error {
	if !isID(id) {
		return missing("server", id)
	}
	return InTx(ctx, st.pool, func(ctx context.Context) error {
		var name string
		err := db(ctx, st.pool).QueryRow(ctx, `DELETE FROM assets a USING servers s WHERE a.id = $1 AND s.id = a.id RETURNING a.name`, id).Scan(&name)
		if err != nil {
			return notFound(err, "server", id)
		}
		return recordChange(ctx, db(ctx, st.pool), id, assets.ChangeDeleted, nil, "", map[string]any{"name": name, "type": "server"})
	})
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
