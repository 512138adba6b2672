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

// hashSlotWait is how long a sign-in waits for a hashing slot before it is
// answered 503 + Retry-After: a flood then fails fast instead of queueing
// real users behind it for minutes.
const hashSlotWait = 2 * time.Second

// loginBackoff is the account-wide lock-out after failed sign-ins, from any
// address: 5 free failures, then 1 s, 2 s, 4 s … doubling up to 5 minutes;
// forgotten after an hour without failures or at the next success. A user
// who mistypes a few times waits seconds; a guesser gets about 12 tries an
// hour per account once the cap is reached.
var loginBackoff = ratelimit.Backoff{Free: 5, Base: time.Second, Max: 5 * time.Minute, Forget: time.Hour}

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
	key, err := encryptionKey(cfg)
	if err != nil {
		return nil, nil, err
	}
	box, err := vault.NewBox(key)
	return keys, box, err
}

// encryptionKey is ENCRYPTION_KEY, or in dev the key generated once under
// DATA_DIR.
func encryptionKey(cfg config.Config) ([]byte, error) {
	var key []byte
	var err error
	if cfg.EncryptionKey != "" {
		key, err = vault.ParseKey(cfg.EncryptionKey)
	} else {
		key, err = vault.EnsureKeyFile(filepath.Join(cfg.DataDir, "encryption.key"))
	}
	if err != nil {
		return nil, fmt.Errorf("ENCRYPTION_KEY: %w", err)
	}
	return key, nil
}

func newHasher() *auth.Hasher {
	h := auth.NewHasher(auth.DefaultPasswordParams, maxConcurrentHashes)
	h.Wait = hashSlotWait
	return h
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
			LoginBackoff:      loginBackoff,
			// the 5th wrong code (under 5 min apart) locks codes out for 5 min.
			TOTPPerUser:       ratelimit.Backoff{Free: 4, Base: 5 * time.Minute, Max: 5 * time.Minute, Forget: 5 * time.Minute},
			AuthFailuresPerIP: ratelimit.Limit{Rate: 30, Period: time.Minute, Burst: 30},
		},
	}, nil
}
