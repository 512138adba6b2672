package main

import (
	"context"
	"log/slog"
	"testing"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

func TestFirstAdminMustChangeThePrintedPassword(t *testing.T) {
	users := store.NewUsers(storetest.NewPool(t))
	cfg := config.Config{AdminEmail: "first@example.com", PublicURL: "http://localhost:8080"}
	if err := ensureFirstAdmin(context.Background(), cfg, users, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	creds, err := users.CredentialsByEmail(context.Background(), "first@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !creds.User.MustChangePassword {
		t.Fatal("the first admin, whose password was printed, is not flagged must-change")
	}
}
