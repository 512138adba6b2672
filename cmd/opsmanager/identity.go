package main

import (
	"fmt"
	"path/filepath"
	"runtime"
	"time"

	"github.com/opsmanager/opsmanager/api"
	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/ratelimit"
	"github.com/opsmanager/opsmanager/revoke"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/vault"
)

// maxConcurrentHashes caps Argon2id work at one hash per core (19 MiB
// each): measured with BenchmarkLogin50Concurrent on 2 cores, a cap of 2
// gives more logins/s (55 vs 46) and less peak memory (150 vs 215 MiB)
// than 4, because extra hashes only add GC pressure.
var maxConcurrentHashes = max(2, runtime.NumCPU())

// loadSecrets returns the JWT keys and the encryption box. In dev they are
// generated once under DATA_DIR; elsewhere they must be configured.
func loadSecrets(cfg config.Config) (*auth.KeySet, *vault.Box, error) {
	keyFile := cfg.JWTPrivateKeyFile
	if keyFile == "" {
		keyFile = filepath.Join(cfg.DataDir, "jwt-signing.pem")
		if err := auth.EnsureDevKey(keyFile); err != nil {
			return nil, nil, fmt.Errorf("dev JWT key: %w", err)
		}
	}
	keys, err := auth.LoadKeySet(keyFile, cfg.JWTPublicKeyFiles...)
	if err != nil {
		return nil, nil, fmt.Errorf("JWT keys: %w", err)
	}
	var key []byte
	if cfg.EncryptionKey != "" {
		key, err = vault.ParseKey(cfg.EncryptionKey)
	} else {
		key, err = vault.EnsureKeyFile(filepath.Join(cfg.DataDir, "encryption.key"))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("ENCRYPTION_KEY: %w", err)
	}
	box, err := vault.NewBox(key)
	return keys, box, err
}

func newHasher() *auth.Hasher {
	return auth.NewHasher(auth.DefaultPasswordParams, maxConcurrentHashes)
}

// buildIdentity wires sign-in, access control and audit for the API.
func buildIdentity(cfg config.Config, d *deps) (api.Identity, error) {
	keys, box, err := loadSecrets(cfg)
	if err != nil {
		return api.Identity{}, err
	}
	window := 15 * time.Minute
	return api.Identity{
		Users:       store.NewUsers(d.pool),
		Roles:       store.NewRoles(d.pool),
		Sessions:    store.NewSessions(d.pool),
		Tokens:      store.NewAPITokens(d.pool),
		Audit:       store.NewAudit(d.pool),
		Revocations: revoke.New(d.redis, cfg.AccessTokenTTL),
		Hasher:      newHasher(),
		Issuer: &auth.TokenIssuer{Keys: keys, Issuer: cfg.JWTIssuer, Audience: cfg.JWTAudience,
			TTL: cfg.AccessTokenTTL, Now: time.Now},
		TOTP:          auth.TOTP{Issuer: "OpsManager", Now: time.Now},
		Box:           box,
		Limiter:       ratelimit.New(d.redis, "opsmanager:rl:"),
		RefreshTTL:    cfg.RefreshTokenTTL,
		SecureCookies: !cfg.IsDev(),
		Limits: api.Limits{
			LoginPerAccountIP: ratelimit.Limit{Rate: cfg.LoginAttemptsPer15m, Period: window, Burst: cfg.LoginAttemptsPer15m},
			LoginPerIP:        ratelimit.Limit{Rate: cfg.LoginAttemptsPerIP, Period: window, Burst: cfg.LoginAttemptsPerIP},
			APIPerPrincipal:   ratelimit.Limit{Rate: cfg.APIRequestsPerMin, Period: time.Minute, Burst: cfg.APIRequestsPerMin},
			AuthFailuresPerIP: ratelimit.Limit{Rate: 30, Period: time.Minute, Burst: 30},
		},
	}, nil
}
