package store_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
	"github.com/opsmanager/opsmanager/vault"
)

func newBox(t *testing.T) *vault.Box {
	t.Helper()
	box, err := vault.NewBox(vault.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return box
}

const hostKeyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

func TestCredentialsAreSealedAtRest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewPool(t)
	creds := store.NewCredentialVault(pool, newBox(t))
	secret := "hunter2-" + uuid.NewString()
	c, err := creds.Create(ctx, store.CredentialInput{Name: "Prod DB", Kind: domain.CredentialPassword, Secret: []byte(secret)})
	if err != nil {
		t.Fatal(err)
	}
	var sealed []byte
	var row string
	if err := pool.QueryRow(ctx, `SELECT c.sealed, row_to_json(c)::text FROM credentials c WHERE id = $1`, c.ID).Scan(&sealed, &row); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte(secret)) || bytes.Contains([]byte(row), []byte(secret)) ||
		bytes.Contains([]byte(row), []byte(hex.EncodeToString([]byte(secret)))) {
		t.Fatal("the plaintext is stored")
	}
	got, err := creds.Secret(ctx, c.ID)
	if err != nil || string(got.Value) != secret || got.Kind != domain.CredentialPassword || got.Name != "Prod DB" {
		t.Fatalf("Secret = %v, %v", got, err)
	}
	if _, err := creds.Create(ctx, store.CredentialInput{Name: "prod db", Kind: domain.CredentialToken, Secret: []byte("x")}); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("duplicate name (other case): %v", err)
	}
	name := "Prod DB 2"
	if _, err := creds.Update(ctx, c.ID, store.CredentialUpdate{Name: &name, Secret: []byte("new-secret")}); err != nil {
		t.Fatal(err)
	}
	if got, _ := creds.Secret(ctx, c.ID); string(got.Value) != "new-secret" || got.Name != name {
		t.Fatalf("after update: %v", got)
	}
	if _, err := store.NewCredentialVault(pool, newBox(t)).Secret(ctx, c.ID); err == nil || !bytes.Contains([]byte(err.Error()), []byte("ENCRYPTION_KEY")) {
		t.Fatalf("opened with another key: %v", err)
	}
}

// fixture creates a credential and returns the stores.
func serverStores(t *testing.T) (*pgxpool.Pool, *store.Servers, *store.CredentialVault, domain.Credential) {
	t.Helper()
	pool := storetest.NewPool(t)
	creds := store.NewCredentialVault(pool, newBox(t))
	c, err := creds.Create(context.Background(), store.CredentialInput{Name: "deploy", Kind: domain.CredentialPassword, Secret: []byte("pw-123456")})
	if err != nil {
		t.Fatal(err)
	}
	return pool, store.NewServers(pool), creds, c
}

func addServer(t *testing.T, servers *store.Servers, name, credID string, tags ...string) domain.Server {
	t.Helper()
	s, err := servers.Create(context.Background(), domain.Server{Name: name, Host: name + ".example.com", Port: 22,
		Username: "ops", CredentialID: credID, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestServersFilterByTagsAndQuery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, servers, _, cred := serverStores(t)
	addServer(t, servers, "web-1", cred.ID, "web", "prod")
	addServer(t, servers, "web-2", cred.ID, "web", "staging")
	addServer(t, servers, "db-1", cred.ID, "db", "prod")
	names := func(f domain.ServerFilter) ([]string, int) {
		if f.Page == 0 {
			f.Page, f.Limit = 1, 10
		}
		list, total, err := servers.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range list {
			out = append(out, s.Name)
		}
		return out, total
	}
	for _, tc := range []struct {
		f     domain.ServerFilter
		want  string
		total int
	}{
		{domain.ServerFilter{}, "[db-1 web-1 web-2]", 3},
		{domain.ServerFilter{Tags: []string{"prod"}}, "[db-1 web-1]", 2},
		{domain.ServerFilter{Tags: []string{"web", "prod"}}, "[web-1]", 1},
		{domain.ServerFilter{Query: "WEB"}, "[web-1 web-2]", 2},
		{domain.ServerFilter{Query: "db-1.example"}, "[db-1]", 1},
		{domain.ServerFilter{Limit: 1, Page: 2}, "[web-1]", 3},
		{domain.ServerFilter{Tags: []string{"nope"}}, "[]", 0},
	} {
		got, total := names(tc.f)
		if s := fmtList(got); s != tc.want || total != tc.total {
			t.Errorf("%+v: %s (total %d), want %s (%d)", tc.f, s, total, tc.want, tc.total)
		}
	}
}

func fmtList(l []string) string {
	var b bytes.Buffer
	b.WriteString("[")
	for i, s := range l {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(s)
	}
	return b.String() + "]"
}

func TestServerNamesAreUniqueAndCredentialsInUseCannotBeDeleted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, servers, creds, cred := serverStores(t)
	s := addServer(t, servers, "web-1", cred.ID)
	if _, err := servers.Create(ctx, domain.Server{Name: "WEB-1", Host: "h", Port: 22, Username: "u", CredentialID: cred.ID}); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("duplicate name: %v", err)
	}
	if _, err := servers.Create(ctx, domain.Server{Name: "x", Host: "h", Port: 22, Username: "u", CredentialID: uuid.NewString()}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("unknown credential: %v", err)
	}
	err := creds.Delete(ctx, cred.ID)
	if domain.ErrorCode(err) != domain.EConflict || !bytes.Contains([]byte(domain.ErrorMessage(err)), []byte("web-1")) {
		t.Fatalf("delete credential in use: %v", err)
	}
	if got, _ := creds.Get(ctx, cred.ID); got.ServerCount != 1 {
		t.Fatalf("server count %d", got.ServerCount)
	}
	if err := servers.Delete(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if err := creds.Delete(ctx, cred.ID); err != nil {
		t.Fatalf("delete unused credential: %v", err)
	}
	if err := creds.Delete(ctx, cred.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("delete twice: %v", err)
	}
}

func TestHostKeyPinsOnceAndEditsKeepIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, servers, _, cred := serverStores(t)
	s := addServer(t, servers, "web-1", cred.ID)
	got, err := servers.PinHostKey(ctx, s.ID, hostKeyA, "SHA256:a")
	if err != nil || got.HostKey != hostKeyA || got.HostKeyFingerprint != "SHA256:a" {
		t.Fatalf("first pin: %+v, %v", got, err)
	}
	if got, _ := servers.PinHostKey(ctx, s.ID, "ssh-ed25519 BBBB", "SHA256:b"); got.HostKey != hostKeyA {
		t.Fatalf("second pin replaced the first: %q", got.HostKey)
	}
	s.Host = "10.0.0.9"
	if got, _ := servers.Update(ctx, s, false); got.HostKey != hostKeyA || got.Host != "10.0.0.9" {
		t.Fatalf("edit dropped the pin: %+v", got)
	}
	if prev, err := servers.ResetHostKey(ctx, s.ID); err != nil || prev != "SHA256:a" {
		t.Fatalf("reset: %q, %v", prev, err)
	}
	if got, _ := servers.Get(ctx, s.ID); got.HostKey != "" || got.HostKeyFingerprint != "" {
		t.Fatalf("after reset: %+v", got)
	}
	if _, err := servers.ResetHostKey(ctx, uuid.NewString()); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("reset unknown: %v", err)
	}
}
