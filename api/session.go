package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/netip"
	"reflect"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/ratelimit"
	"github.com/opsmanager/opsmanager/store"
)

const (
	refreshCookie     = "om_refresh"
	refreshCookiePath = "/api/v1/auth"
	refreshPrefix     = "omr_"
)

type loginRequest struct {
	Email        string `json:"email" validate:"required,max=254"`
	Password     string `json:"password" validate:"required,max=1024"`
	TOTP         string `json:"totp" validate:"max=16"`
	RecoveryCode string `json:"recoveryCode" validate:"max=64"`
}

// SessionBody is the response of login and refresh.
type SessionBody struct {
	AccessToken string    `json:"accessToken"`
	TokenType   string    `json:"tokenType"`
	ExpiresAt   time.Time `json:"expiresAt"`
	ExpiresIn   int       `json:"expiresIn"`
	User        MeBody    `json:"user"`
}

// MeBody is the signed-in user with their effective permissions.
type MeBody struct {
	domain.User
	Permissions []domain.Permission `json:"permissions"`
	// MFARequired: a role requires MFA and the user has not enrolled yet.
	MFARequired bool `json:"mfaRequired"`
}

// loginFailure is the one message for every bad sign-in, so responses do
// not reveal whether an account exists.
var loginFailure = &domain.Error{Code: domain.EUnauthorized, Name: "invalid_credentials", Message: "wrong email or password"}

func (s *Server) login(c *gin.Context, req loginRequest) (SessionBody, error) {
	email, _ := domain.NormalizeEmail(req.Email)
	if err := s.loginAllowed(c, email); err != nil {
		return SessionBody{}, err
	}
	ctx := c.Request.Context()
	creds, rehashed, err := s.checkPassword(ctx, email, req.Password)
	if errors.Is(err, auth.ErrBusy) {
		return SessionBody{}, err // 503 + Retry-After, and not a failed attempt
	}
	if err != nil {
		s.loginFailed(c, creds.User.ID, email, domain.ErrorMessage(err))
		if _, ferr := s.id.Limiter.Fail(ctx, "login:account:"+email, s.id.Limits.LoginBackoff); ferr != nil {
			logger(c).Warn("record failed sign-in", "err", ferr)
		}
		return SessionBody{}, loginFailure
	}
	_ = s.id.Limiter.Clear(ctx, "login:account:"+email)
	if err := s.checkSecondFactor(c, creds, req); err != nil {
		return SessionBody{}, err
	}
	return s.startSession(c, creds, rehashed)
}

// loginAllowed applies the sign-in limits: per account and client network,
// per client network, and the account-wide back-off after failed attempts.
// The back-off is checked before the password, so during it even the right
// password is refused and guessing gains nothing.
func (s *Server) loginAllowed(c *gin.Context, email string) error {
	ctx := c.Request.Context()
	ip := clientNetwork(c.ClientIP())
	res, err := s.id.Limiter.Allow(ctx,
		ratelimit.Check{Key: "login:account-ip:" + email + "|" + ip, Limit: s.id.Limits.LoginPerAccountIP},
		ratelimit.Check{Key: "login:ip:" + ip, Limit: s.id.Limits.LoginPerIP})
	var locked time.Duration
	if err == nil {
		locked, err = s.id.Limiter.Locked(ctx, "login:account:"+email)
	}
	if err != nil {
		return &domain.Error{Code: domain.EUnavailable, Message: "sign-in is unavailable right now; try again shortly"}
	}
	if locked > res.RetryAfter {
		res.Allowed, res.RetryAfter = false, locked
	}
	if !res.Allowed {
		s.loginFailed(c, "", email, "rate_limited")
		return tooManyError(c, res, "too many sign-in attempts")
	}
	return nil
}

// clientNetwork is the rate-limit key of a client address: the address
// for IPv4, its /64 for IPv6 (one subscriber usually holds a whole /64).
func clientNetwork(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil || addr.Unmap().Is4() {
		return ip
	}
	p, _ := addr.Prefix(64)
	return p.String()
}

// checkPassword verifies the password with the same cost whether or not
// the account exists, and returns a new hash when the hashing parameters
// changed. The error's message is for the audit log only.
func (s *Server) checkPassword(ctx context.Context, email, password string) (store.Credentials, string, error) {
	creds, err := s.id.Users.CredentialsByEmail(ctx, email)
	if err != nil {
		if err := s.id.Hasher.VerifyDummy(ctx, password); err != nil {
			return creds, "", err
		}
		return creds, "", domain.Errorf(domain.EUnauthorized, "unknown_account")
	}
	ok, needsRehash, err := s.id.Hasher.Verify(ctx, password, creds.PasswordHash)
	switch {
	case err != nil:
		return creds, "", err
	case !ok:
		return creds, "", domain.Errorf(domain.EUnauthorized, "wrong_password")
	case !creds.User.Active:
		return creds, "", domain.Errorf(domain.EUnauthorized, "inactive_account")
	}
	rehashed := ""
	if needsRehash {
		rehashed, _ = s.id.Hasher.Hash(ctx, password) // best effort: the old hash still works
	}
	return creds, rehashed, nil
}

func (s *Server) loginFailed(c *gin.Context, userID, email, reason string) {
	s.audit(c, domain.AuditEntry{ActorType: domain.ActorAnonymous, ActorID: userID, ActorName: email,
		Action: "auth.login", TargetType: "user", TargetID: userID, Outcome: domain.OutcomeFailure,
		Summary: map[string]any{"reason": reason}})
}

// startSession issues a refresh-token family and an access token, and
// records the sign-in.
func (s *Server) startSession(c *gin.Context, creds store.Credentials, rehashed string) (SessionBody, error) {
	ctx := c.Request.Context()
	u := creds.User
	_, requireMFA, err := s.id.Roles.Effective(ctx, u.Roles)
	if err != nil {
		return SessionBody{}, err
	}
	family := uuid.Must(uuid.NewV7()).String()
	if err := s.issueRefresh(c, family, u.ID); err != nil {
		return SessionBody{}, err
	}
	if err := s.id.Users.RecordLogin(ctx, u.ID, s.deps.Now(), rehashed); err != nil {
		logger(c).Warn("record login", "err", err)
	}
	s.audit(c, domain.AuditEntry{ActorType: domain.ActorUser, ActorID: u.ID, ActorName: u.Email, Action: "auth.login",
		TargetType: "user", TargetID: u.ID, Outcome: domain.OutcomeSuccess,
		Summary: map[string]any{"mfa": u.MFAEnabled, "passwordRehashed": rehashed != ""}})
	return s.session(c, u, family, requireMFA && !u.MFAEnabled)
}

func (s *Server) issueRefresh(c *gin.Context, family, userID string) error {
	token, hash := auth.NewOpaqueToken(refreshPrefix)
	err := s.id.Sessions.Issue(c.Request.Context(), store.RefreshToken{
		ID: uuid.Must(uuid.NewV7()).String(), FamilyID: family, UserID: userID, Hash: hash,
		ExpiresAt: s.deps.Now().Add(s.id.RefreshTTL), ClientIP: c.ClientIP(), UserAgent: c.Request.UserAgent(),
	})
	if err != nil {
		return err
	}
	s.setRefreshCookie(c, token, int(s.id.RefreshTTL.Seconds()))
	return nil
}

func (s *Server) setRefreshCookie(c *gin.Context, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: refreshCookie, Value: value, Path: refreshCookiePath, MaxAge: maxAge,
		HttpOnly: true, Secure: s.id.SecureCookies, SameSite: http.SameSiteStrictMode,
	})
}

// session issues an access token for the family and answers it, never cached.
func (s *Server) session(c *gin.Context, u domain.User, family string, mfaPending bool) (SessionBody, error) {
	token, claims, err := s.id.Issuer.Issue(u.ID, family, mfaPending)
	if err != nil {
		return SessionBody{}, err
	}
	me, err := s.me(c.Request.Context(), u)
	if err != nil {
		return SessionBody{}, err
	}
	s.setCodecCookie(c, token, claims.ExpiresAt.Time)
	c.Header("Cache-Control", "no-store")
	return SessionBody{
		AccessToken: token, TokenType: "Bearer", ExpiresAt: claims.ExpiresAt.Time,
		ExpiresIn: int(claims.ExpiresAt.Sub(s.deps.Now()).Seconds()), User: me,
	}, nil
}

func (s *Server) me(ctx context.Context, u domain.User) (MeBody, error) {
	perms, requireMFA, err := s.id.Roles.Effective(ctx, u.Roles)
	if err != nil {
		return MeBody{}, err
	}
	return MeBody{User: u, Permissions: perms.Sorted(), MFARequired: requireMFA && !u.MFAEnabled}, nil
}

// refresh rotates the refresh cookie and returns a new access token. A
// refresh token presented twice revokes its whole family (stolen-token
// detection) and is audited.
func (s *Server) refresh(c *gin.Context, _ none) (SessionBody, error) {
	cookie, err := c.Cookie(refreshCookie)
	if err != nil || !strings.HasPrefix(cookie, refreshPrefix) {
		return SessionBody{}, domain.Errorf(domain.EUnauthorized, "no session: sign in again")
	}
	ctx := c.Request.Context()
	now := s.deps.Now()
	next, nextHash := auth.NewOpaqueToken(refreshPrefix)
	cur, err := s.id.Sessions.Rotate(ctx, auth.HashOpaqueToken(cookie), now, store.RefreshToken{
		ID: uuid.Must(uuid.NewV7()).String(), Hash: nextHash, ExpiresAt: now.Add(s.id.RefreshTTL),
		ClientIP: c.ClientIP(), UserAgent: c.Request.UserAgent(),
	})
	if err == store.ErrRefreshReused {
		_ = s.id.Revocations.RevokeSessions(ctx, cur.FamilyID)
		s.audit(c, domain.AuditEntry{ActorType: domain.ActorUser, ActorID: cur.UserID, Action: "auth.refresh.reuse",
			TargetType: "session", TargetID: cur.FamilyID, Outcome: domain.OutcomeDenied,
			Summary: map[string]any{"familyRevoked": true}})
	}
	if err != nil {
		s.setRefreshCookie(c, "", -1)
		return SessionBody{}, err
	}
	creds, err := s.id.Users.CredentialsByID(ctx, cur.UserID)
	if err != nil || !creds.User.Active {
		_ = s.id.Sessions.RevokeFamily(ctx, cur.FamilyID, now)
		s.setRefreshCookie(c, "", -1)
		return SessionBody{}, domain.Errorf(domain.EUnauthorized, "this account is not active")
	}
	s.setRefreshCookie(c, next, int(s.id.RefreshTTL.Seconds()))
	_, requireMFA, err := s.id.Roles.Effective(ctx, creds.User.Roles)
	if err != nil {
		return SessionBody{}, err
	}
	return s.session(c, creds.User, cur.FamilyID, requireMFA && !creds.User.MFAEnabled)
}

// sessionUser returns the caller if it is a signed-in user (API tokens
// have no session to end).
func sessionUser(c *gin.Context) (*domain.Principal, error) {
	p := principal(c)
	if p.Type != domain.ActorUser {
		return nil, domain.Errorf(domain.EInvalid, "API tokens have no session; revoke the token instead")
	}
	return p, nil
}

// logout ends the caller's session: its refresh family and access tokens.
func (s *Server) logout(c *gin.Context, _ none) (none, error) {
	p, err := sessionUser(c)
	if err != nil {
		return none{}, err
	}
	ctx := c.Request.Context()
	if err := s.id.Sessions.RevokeFamily(ctx, p.SessionID, s.deps.Now()); err != nil {
		return none{}, err
	}
	if err := s.id.Revocations.RevokeSessions(ctx, p.SessionID); err != nil {
		return none{}, &domain.Error{Code: domain.EUnavailable, Message: "could not revoke the session; try again"}
	}
	setAuditTarget(c, "session", p.SessionID)
	s.setRefreshCookie(c, "", -1)
	s.setCodecCookie(c, "", time.Time{})
	return none{}, nil
}

// logoutAll ends every session of the caller.
func (s *Server) logoutAll(c *gin.Context, _ none) (none, error) {
	p, err := sessionUser(c)
	if err != nil {
		return none{}, err
	}
	if err := s.revokeUserSessions(c.Request.Context(), p.ID); err != nil {
		return none{}, err
	}
	setAuditTarget(c, "user", p.ID)
	s.setRefreshCookie(c, "", -1)
	return none{}, nil
}

func (s *Server) revokeUserSessions(ctx context.Context, userID string) error {
	families, err := s.id.Sessions.RevokeUser(ctx, userID, s.deps.Now())
	if err != nil {
		return err
	}
	if err := s.id.Revocations.RevokeSessions(ctx, families...); err != nil {
		return &domain.Error{Code: domain.EUnavailable, Message: "could not revoke the sessions; try again"}
	}
	return nil
}

// TokenMe is what GET /auth/me says of an API token.
type TokenMe struct {
	Type        string              `json:"type"` // "token"
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Permissions []domain.Permission `json:"permissions"`
}

// whoAmI is a signed-in user's MeBody or an API token's TokenMe.
type whoAmI struct{ value any }

func (w whoAmI) MarshalJSON() ([]byte, error) { return json.Marshal(w.value) }

func (whoAmI) alternatives() []reflect.Type {
	return []reflect.Type{typeOf[MeBody](), typeOf[TokenMe]()}
}

func (s *Server) getMe(c *gin.Context, _ none) (whoAmI, error) {
	p := principal(c)
	if p.Type != domain.ActorUser {
		return whoAmI{TokenMe{Type: "token", ID: p.ID, Name: p.Name, Permissions: p.Permissions.Sorted()}}, nil
	}
	u, err := s.id.Users.Get(c.Request.Context(), p.ID)
	if err != nil {
		return whoAmI{}, err
	}
	me, err := s.me(c.Request.Context(), u)
	return whoAmI{me}, err
}
