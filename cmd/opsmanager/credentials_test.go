package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
	"github.com/opsmanager/opsmanager/vault"
)

func randomKey() ([]byte, string) {
	k := vault.NewKey()
	return k, base64.StdEncoding.EncodeToString(k)
}

// sealedDB returns a migrated database holding one credential sealed with key.
func sealedDB(t *testing.T, key []byte) (string, *pgxpool.Pool, string) {
	t.Helper()
	url := storetest.NewDatabase(t)
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	box, _ := vault.NewBox(key)
	c, err := store.NewCredentialVault(pool, box).Create(context.Background(),
		store.CredentialInput{Name: "db", Kind: domain.CredentialPassword, Secret: []byte("pw-secret")})
	if err != nil {
		t.Fatal(err)
	}
	return url, pool, c.ID
}

func opens(t *testing.T, pool *pgxpool.Pool, key []byte, id string) bool {
	t.Helper()
	box, _ := vault.NewBox(key)
	s, err := store.NewCredentialVault(pool, box).Secret(context.Background(), id)
	if err != nil && !errors.Is(err, vault.ErrDecrypt) {
		t.Fatal(err)
	}
	return err == nil && string(s.Value) == "pw-secret"
}

func TestRotateKeyWithConfiguredKey(t *testing.T) {
	t.Parallel()
	oldKey, oldB64 := randomKey()
	newKey, newB64 := randomKey()
	url, pool, id := sealedDB(t, oldKey)
	cfg := config.Config{DatabaseURL: url, EncryptionKey: oldB64, DataDir: t.TempDir()}
	var out bytes.Buffer
	if err := credentialsCommand(context.Background(), cfg, []string{"rotate-key", "--new-key", newB64}, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Re-encrypted 1 credential(s)") || !strings.Contains(out.String(), "ENCRYPTION_KEY="+newB64) {
		t.Fatalf("output:\n%s", out.String())
	}
	if opens(t, pool, oldKey, id) || !opens(t, pool, newKey, id) {
		t.Fatal("the credential is not under the new key only")
	}
	err := credentialsCommand(context.Background(), config.Config{DatabaseURL: url, EncryptionKey: newB64}, []string{"rotate-key", "--new-key", newB64}, nil, &out)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("same key: %v", err)
	}
	if err := credentialsCommand(context.Background(), cfg, []string{"rotate-key"}, nil, &out); err == nil {
		t.Fatal("no --new-key accepted")
	}
}

func TestRotateKeyUpdatesTheDevKeyFile(t *testing.T) {
	t.Parallel()
	oldKey, oldB64 := randomKey()
	newKey, newB64 := randomKey()
	url, pool, id := sealedDB(t, oldKey)
	dir := t.TempDir()
	file := filepath.Join(dir, "encryption.key")
	if err := os.WriteFile(file, []byte(oldB64+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cfg := config.Config{DatabaseURL: url, DataDir: dir}
	if err := credentialsCommand(context.Background(), cfg, []string{"rotate-key", "--new-key", "-"}, strings.NewReader(newB64+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if strings.TrimSpace(string(data)) != newB64 || strings.Contains(out.String(), newB64) {
		t.Fatalf("key file %q, output:\n%s", data, out.String())
	}
	if !opens(t, pool, newKey, id) {
		t.Fatal("not re-sealed")
	}
}
