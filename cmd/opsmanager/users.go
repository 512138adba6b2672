package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

// userCommand runs `opsmanager user create --email --name --role [--password]`.
func userCommand(ctx context.Context, cfg config.Config, args []string, stdin io.Reader) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: opsmanager user create --email EMAIL --name NAME --role ROLE[,ROLE] [--password PASSWORD]")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "email address (sign-in name)")
	name := fs.String("name", "", "display name")
	roles := fs.String("role", "viewer", "comma-separated roles: admin, operator, responder, viewer or a custom role")
	password := fs.String("password", "", "password (prompted on standard input when omitted)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *password == "" {
		fmt.Fprint(os.Stderr, "Password (12+ characters): ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read password: %w", err)
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	pool, err := connectPostgres(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	u, err := createUser(ctx, store.NewUsers(pool), *email, *name, *password, strings.Split(*roles, ","))
	if err != nil {
		return err
	}
	_ = store.NewAudit(pool).Append(ctx, domain.AuditEntry{ActorType: domain.ActorSystem, ActorName: "cli", Action: "user.create",
		TargetType: "user", TargetID: u.ID, Outcome: domain.OutcomeSuccess, Summary: map[string]any{"email": u.Email, "roles": u.Roles}})
	fmt.Printf("created user %s (%s) with roles %s\n", u.Email, u.ID, strings.Join(u.Roles, ", "))
	return nil
}

func createUser(ctx context.Context, users *store.Users, email, name, password string, roles []string) (domain.User, error) {
	email, ok := domain.NormalizeEmail(email)
	if !ok {
		return domain.User{}, fmt.Errorf("--email %q is not an email address", email)
	}
	name, ok = domain.ValidateDisplayName(name)
	if !ok {
		return domain.User{}, fmt.Errorf("--name must be 1 to 100 characters")
	}
	if err := auth.ValidatePassword(password); err != nil {
		return domain.User{}, fmt.Errorf("password: %w", err)
	}
	hash, err := newHasher().Hash(ctx, password)
	if err != nil {
		return domain.User{}, err
	}
	u, err := users.Create(ctx, domain.User{Email: email, DisplayName: name, Roles: roles, Active: true}, hash)
	var pg *pgconn.PgError
	switch {
	case err == nil:
		return u, nil
	case errors.As(err, &pg) && pg.Code == "42P01": // undefined_table
		return u, fmt.Errorf("the database has no schema yet: run `opsmanager migrate up` first")
	case domain.ErrorCode(err) != domain.EInternal:
		return u, fmt.Errorf("%s", domain.ErrorMessage(err))
	}
	return u, err
}

// ensureFirstAdmin creates an admin with a random password on an empty
// database and prints the login once.
func ensureFirstAdmin(ctx context.Context, cfg config.Config, users *store.Users, log *slog.Logger) error {
	n, err := users.Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	password := randomPassword()
	u, err := createUser(ctx, users, cfg.AdminEmail, "Administrator", password, []string{"admin"})
	if err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	if err := users.RequirePasswordChange(ctx, u.ID); err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	log.Info("created the first admin", "email", u.Email)
	fmt.Printf("\nFirst admin created. Sign in at %s with\n  email:    %s\n  password: %s\nThis password is shown only once; you must set your own at first sign-in.\n\n",
		cfg.PublicURL, u.Email, password)
	return nil
}

// randomPassword returns 26 base32 characters (128 random bits).
func randomPassword() string { return rand.Text() }
