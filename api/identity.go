package api

import (
	"context"
	"time"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/ratelimit"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/vault"
)

// UserStore is what the API needs of the user repository.
type UserStore interface {
	Create(ctx context.Context, u domain.User, passwordHash string) (domain.User, error)
	Get(ctx context.Context, id string) (domain.User, error)
	pagedList[domain.User, store.UserFilter]
	Update(ctx context.Context, id string, up store.UserUpdate) (domain.User, error)
	CredentialsByEmail(ctx context.Context, email string) (store.Credentials, error)
	CredentialsByID(ctx context.Context, id string) (store.Credentials, error)
	RecordLogin(ctx context.Context, id string, at time.Time, rehashed string) error
	CountActiveAdmins(ctx context.Context) (int, error)
	SetPendingMFA(ctx context.Context, id string, sealed []byte, p store.PendingMFA) error
	EnableMFA(ctx context.Context, id string, step int64, recoveryHashes []string) error
	AdvanceMFAStep(ctx context.Context, id string, step int64) error
	UseRecoveryCode(ctx context.Context, id, codeHash string) (bool, error)
	ResetMFA(ctx context.Context, id string) error
	ChangePassword(ctx context.Context, id, hash string) error
}

// RoleStore is what the API needs of the role repository.
type RoleStore interface {
	rowStore[domain.Role, domain.Role, store.RoleUpdate] // by name
	List(ctx context.Context) ([]domain.Role, error)
	Effective(ctx context.Context, roles []string) (domain.PermissionSet, bool, error)
}

// SessionStore keeps refresh-token families.
type SessionStore interface {
	Issue(ctx context.Context, t store.RefreshToken) error
	Rotate(ctx context.Context, hash []byte, now time.Time, next store.RefreshToken) (store.RefreshToken, error)
	RevokeFamily(ctx context.Context, familyID string, now time.Time) error
	RevokeUser(ctx context.Context, userID string, now time.Time) ([]string, error)
	RevokeOthers(ctx context.Context, userID, keep string, now time.Time) ([]string, error)
	FamilyRevoked(ctx context.Context, familyID string) (bool, error)
}

// APITokenStore keeps service tokens.
type APITokenStore interface {
	Create(ctx context.Context, t domain.APIToken, hash []byte) (domain.APIToken, error)
	Authenticate(ctx context.Context, hash []byte, now time.Time) (domain.APIToken, error)
	List(ctx context.Context) ([]domain.APIToken, error)
	Revoke(ctx context.Context, id string, now time.Time) (domain.APIToken, error)
}

// AuditStore is the append-only audit log.
type AuditStore interface {
	Append(ctx context.Context, e domain.AuditEntry) error
	List(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, string, error)
}

// Revocations make a session's access tokens invalid before they expire.
type Revocations interface {
	RevokeSessions(ctx context.Context, sids ...string) error
	Revoked(ctx context.Context, sid string) (bool, error)
}

// Identity groups what sign-in, access control and audit need.
type Identity struct {
	Users       UserStore
	Roles       RoleStore
	Sessions    SessionStore
	Tokens      APITokenStore
	Audit       AuditStore
	Revocations Revocations
	Hasher      *auth.Hasher
	Issuer      *auth.TokenIssuer
	TOTP        auth.TOTP
	Box         *vault.Box
	Limiter     *ratelimit.Limiter
	RefreshTTL  time.Duration
	// SecureCookies marks the refresh cookie Secure (HTTPS only); off in dev.
	SecureCookies bool
	Limits        Limits
}

// Limits are the request rate limits.
type Limits struct {
	LoginPerAccountIP ratelimit.Limit
	LoginPerIP        ratelimit.Limit
	APIPerPrincipal   ratelimit.Limit
	// LoginBackoff locks an account out after repeated failed sign-ins,
	// whatever the client address.
	LoginBackoff ratelimit.Backoff
	// TOTPPerUser locks a user's second-factor checks (login, MFA confirm,
	// disable) after repeated wrong codes.
	TOTPPerUser ratelimit.Backoff
	// AuthFailuresPerIP limits failed bearer authentications per client IP
	// (zero Rate: unlimited).
	AuthFailuresPerIP ratelimit.Limit
}
