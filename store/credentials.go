package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/vault"
)

// CredentialVault stores server credentials sealed with a vault.Box: the
// plaintext exists only in the caller's memory and is never written,
// returned by a listing or logged. Only Secret opens one.
type CredentialVault struct {
	pool *pgxpool.Pool
	box  *vault.Box
}

// NewCredentialVault returns the credential repository over pool, sealing with box.
func NewCredentialVault(pool *pgxpool.Pool, box *vault.Box) *CredentialVault {
	return &CredentialVault{pool: pool, box: box}
}

// CredentialInput is a new credential. PublicKey is the public half of an
// SSH key (from domain.ValidateSecret), kept in clear for display.
type CredentialInput struct {
	Name      string
	Kind      domain.CredentialKind
	Secret    []byte
	PublicKey string
}

// CredentialUpdate renames a credential and/or replaces its secret; nil
// fields stay as they are.
type CredentialUpdate struct {
	Name *string
	// Secret, if not nil, replaces the secret; PublicKey goes with it.
	Secret    []byte
	PublicKey string
}

const credentialColumns = `c.id, c.name, c.kind, c.public_key, c.created_at, c.updated_at,
	(SELECT count(*) FROM servers s WHERE s.credential_id = c.id)`

func scanCredential(row pgx.Row) (domain.Credential, error) {
	var c domain.Credential
	if err := row.Scan(&c.ID, &c.Name, &c.Kind, &c.PublicKey, &c.CreatedAt, &c.UpdatedAt, &c.ServerCount); err != nil {
		return c, err
	}
	return c, nil
}

// Create seals and stores a credential. A duplicate name is a conflict.
func (v *CredentialVault) Create(ctx context.Context, in CredentialInput) (domain.Credential, error) {
	sealed, err := v.box.Seal(in.Secret)
	if err != nil {
		return domain.Credential{}, err
	}
	id := newID()
	_, err = db(ctx, v.pool).Exec(ctx, `INSERT INTO credentials (id, name, kind, sealed, public_key) VALUES ($1, $2, $3, $4, $5)`,
		id, in.Name, in.Kind, sealed, in.PublicKey)
	if err != nil {
		return domain.Credential{}, credentialWriteError(err, in.Name)
	}
	return v.Get(ctx, id)
}

func credentialWriteError(err error, name string) error {
	if violationOf(err).unique() {
		return domain.Errorf(domain.EConflict, "a credential named %q already exists", name)
	}
	return fmt.Errorf("write credential: %w", err)
}

// Get returns a credential's metadata.
func (v *CredentialVault) Get(ctx context.Context, id string) (domain.Credential, error) {
	if !isID(id) {
		return domain.Credential{}, missing("credential", id)
	}
	c, err := scanCredential(db(ctx, v.pool).QueryRow(ctx, `SELECT `+credentialColumns+` FROM credentials c WHERE c.id = $1`, id))
	return c, notFound(err, "credential", id)
}

// List returns every credential's metadata by name.
func (v *CredentialVault) List(ctx context.Context) ([]domain.Credential, error) {
	rows, err := db(ctx, v.pool).Query(ctx, `SELECT `+credentialColumns+` FROM credentials c ORDER BY lower(c.name)`)
	if err != nil {
		return nil, fmt.Errorf("list credentials: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Credential, error) { return scanCredential(r) })
}

// Update renames a credential and/or replaces its secret.
func (v *CredentialVault) Update(ctx context.Context, id string, up CredentialUpdate) (domain.Credential, error) {
	current, err := v.Get(ctx, id)
	if err != nil {
		return current, err
	}
	var sealed []byte
	publicKey := current.PublicKey
	if up.Secret != nil {
		if sealed, err = v.box.Seal(up.Secret); err != nil {
			return current, err
		}
		publicKey = up.PublicKey
	}
	_, err = db(ctx, v.pool).Exec(ctx, `UPDATE credentials SET name = COALESCE($2, name), sealed = COALESCE($3, sealed),
		public_key = $4, updated_at = now() WHERE id = $1`, id, up.Name, sealed, publicKey)
	if err != nil {
		name := current.Name
		if up.Name != nil {
			name = *up.Name
		}
		return current, credentialWriteError(err, name)
	}
	return v.Get(ctx, id)
}

// Delete removes a credential no server uses; otherwise it is a conflict
// naming the servers.
func (v *CredentialVault) Delete(ctx context.Context, id string) error {
	if !isID(id) {
		return missing("credential", id)
	}
	tag, err := execMayFail(ctx, v.pool, `DELETE FROM credentials WHERE id = $1`, id)
	if violationOf(err).foreignKey() {
		return v.inUse(ctx, id)
	}
	if err != nil {
		return fmt.Errorf("delete credential: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return missing("credential", id)
	}
	return nil
}

func (v *CredentialVault) inUse(ctx context.Context, id string) error {
	var names []string
	err := db(ctx, v.pool).QueryRow(ctx, `SELECT COALESCE(array_agg(a.name ORDER BY lower(a.name)), '{}') FROM servers s JOIN assets a ON a.id = s.id WHERE s.credential_id = $1`, id).Scan(&names)
	if err != nil || len(names) == 0 {
		return domain.Errorf(domain.EConflict, "the credential is used by servers; move them to another credential first")
	}
	shown := names
	if len(shown) > 5 {
		shown = append(shown[:5:5], "...")
	}
	return domain.Errorf(domain.EConflict, "the credential is used by %d server(s) (%s); move them to another credential first",
		len(names), strings.Join(shown, ", "))
}

// Secret opens a credential for the SSH activity. A value that does not
// open (another ENCRYPTION_KEY) is an error wrapping vault.ErrDecrypt.
func (v *CredentialVault) Secret(ctx context.Context, id string) (domain.CredentialSecret, error) {
	if !isID(id) {
		return domain.CredentialSecret{}, missing("credential", id)
	}
	s := domain.CredentialSecret{ID: id}
	var sealed []byte
	err := db(ctx, v.pool).QueryRow(ctx, `SELECT name, kind, sealed FROM credentials WHERE id = $1`, id).Scan(&s.Name, &s.Kind, &sealed)
	if err != nil {
		return s, notFound(err, "credential", id)
	}
	if s.Value, err = v.box.Open(sealed); err != nil {
		return s, fmt.Errorf("credential %q cannot be decrypted with the configured ENCRYPTION_KEY: %w", s.Name, err)
	}
	return s, nil
}
