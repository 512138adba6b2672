package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
	"github.com/opsmanager/opsmanager/vault"
)

func TestRotateKeyReSealsCredentialsAndMFASecrets(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewPool(t)
	oldBox, newBoxV := newBox(t), newBox(t)
	creds := store.NewCredentialVault(pool, oldBox)
	var ids []string
	for _, name := range []string{"a", "b", "c"} {
		c, err := creds.Create(ctx, store.CredentialInput{Name: name, Kind: domain.CredentialToken, Secret: []byte("secret-" + name)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	users := store.NewUsers(pool)
	u, err := users.Create(ctx, domain.User{Email: "mfa@example.com", DisplayName: "M", Roles: []string{"viewer"}, Active: true}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	sealedMFA, _ := oldBox.Seal([]byte("JBSWY3DPEHPK3PXP"))
	if err := users.SetPendingMFA(ctx, u.ID, sealedMFA, store.PendingMFA{Session: "s", Until: time.Now().Add(time.Minute), Now: time.Now()}); err != nil {
		t.Fatal(err)
	}

	stats, err := store.RotateKey(ctx, pool, oldBox, newBoxV)
	if err != nil || stats.Credentials != 3 || stats.MFASecrets != 1 || stats.AlreadyRotated != 0 {
		t.Fatalf("rotate: %+v, %v", stats, err)
	}
	for i, id := range ids {
		if _, err := creds.Secret(ctx, id); !errors.Is(err, vault.ErrDecrypt) {
			t.Fatalf("old key still opens credential %d: %v", i, err)
		}
		got, err := store.NewCredentialVault(pool, newBoxV).Secret(ctx, id)
		if err != nil || string(got.Value) != "secret-"+string(rune('a'+i)) {
			t.Fatalf("new key: %v, %v", got, err)
		}
	}
	c, _ := users.CredentialsByID(ctx, u.ID)
	if _, err := oldBox.Open(c.MFASecret); err == nil {
		t.Fatal("old key still opens the MFA secret")
	}
	if plain, err := newBoxV.Open(c.MFASecret); err != nil || string(plain) != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("new key: %q, %v", plain, err)
	}

	// Run again before the configuration was switched: nothing to do.
	stats, err = store.RotateKey(ctx, pool, oldBox, newBoxV)
	if err != nil || stats.Credentials != 0 || stats.AlreadyRotated != 4 {
		t.Fatalf("second rotate: %+v, %v", stats, err)
	}
	// A value neither key opens aborts everything.
	stranger, _ := newBox(t).Seal([]byte("x"))
	if _, err := pool.Exec(ctx, `INSERT INTO credentials (id, name, kind, sealed) VALUES ($1, 'z', 'token', $2)`, uuid.NewString(), stranger); err != nil {
		t.Fatal(err)
	}
	third := newBox(t)
	if _, err := store.RotateKey(ctx, pool, newBoxV, third); err == nil {
		t.Fatal("rotation with an unreadable value succeeded")
	}
	if _, err := store.NewCredentialVault(pool, newBoxV).Secret(ctx, ids[0]); err != nil {
		t.Fatalf("failed rotation changed values: %v", err)
	}
}
