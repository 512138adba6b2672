package api

import (
	"context"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/ratelimit"
)

const (
	principalKey = "principal"
	// apiTokenPrefix starts every API token, so the two kinds of bearer
	// credentials are told apart without guessing.
	apiTokenPrefix = "omt_"
)

// principal returns the authenticated caller, or nil on public routes.
func principal(c *gin.Context) *domain.Principal {
	if p, ok := c.Get(principalKey); ok {
		return p.(*domain.Principal)
	}
	return nil
}

// authenticate accepts `Authorization: Bearer <access JWT | API token>`.
func (s *Server) authenticate(c *gin.Context) {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		c.Header("WWW-Authenticate", `Bearer realm="opsmanager"`)
		respondError(c, domain.Errorf(domain.EUnauthorized, "authentication required: send Authorization: Bearer <token>"))
		return
	}
	token = strings.TrimSpace(token)
	var p *domain.Principal
	var err error
	if strings.HasPrefix(token, apiTokenPrefix) {
		p, err = s.apiTokenPrincipal(c.Request.Context(), token)
	} else {
		p, err = s.userPrincipal(c.Request.Context(), token)
	}
	if err != nil {
		if s.limitAuthFailure(c) {
			return
		}
		c.Header("WWW-Authenticate", `Bearer realm="opsmanager", error="invalid_token"`)
		respondError(c, err)
		return
	}
	c.Set(principalKey, p)
	c.Set(loggerKey, logger(c).With("actor", p.Name))
	c.Request = c.Request.WithContext(assets.WithActor(c.Request.Context(), assets.Actor{Type: string(p.Type), ID: p.ID, Name: p.Name}))
	if passwordChangeGate(c, p) {
		return
	}
	c.Next()
}

func (s *Server) userPrincipal(ctx context.Context, token string) (*domain.Principal, error) {
	claims, err := s.id.Issuer.Verify(token)
	if err != nil {
		return nil, domain.Errorf(domain.EUnauthorized, "invalid or expired access token")
	}
	revoked, err := s.id.Revocations.Revoked(ctx, claims.SessionID)
	if err != nil {
		return nil, &domain.Error{Code: domain.EUnavailable, Message: "cannot check the session right now; try again shortly"}
	}
	if !revoked {
		// Redis may have lost its entries (restart, flush): Postgres keeps
		// the session family's revocation too.
		if revoked, err = s.families.revoked(ctx, s.id.Sessions, claims.SessionID, s.deps.Now()); err != nil {
			return nil, &domain.Error{Code: domain.EUnavailable, Message: "cannot check the session right now; try again shortly"}
		}
	}
	if revoked {
		return nil, domain.Errorf(domain.EUnauthorized, "this session has been signed out")
	}
	u, err := s.id.Users.Get(ctx, claims.Subject)
	if domain.ErrorCode(err) == domain.ENotFound || (err == nil && !u.Active) {
		return nil, domain.Errorf(domain.EUnauthorized, "this account is not active")
	}
	if err != nil {
		return nil, err
	}
	perms, _, err := s.id.Roles.Effective(ctx, u.Roles)
	if err != nil {
		return nil, err
	}
	return &domain.Principal{Type: domain.ActorUser, ID: u.ID, Name: u.Email, SessionID: claims.SessionID,
		Permissions: perms, MFAPending: claims.MFAPending, MustChangePassword: u.MustChangePassword}, nil
}

// apiTokenPrincipal accepts a live token of an active creator; the token
// holds only what its creator holds now (token ∩ creator's current roles).
func (s *Server) apiTokenPrincipal(ctx context.Context, token string) (*domain.Principal, error) {
	t, err := s.id.Tokens.Authenticate(ctx, auth.HashOpaqueToken(token), s.deps.Now())
	if err != nil {
		return nil, err
	}
	creator, err := s.id.Users.Get(ctx, t.CreatedBy)
	if domain.ErrorCode(err) == domain.ENotFound || (err == nil && !creator.Active) {
		return nil, domain.Errorf(domain.EUnauthorized, "the creator of this API token is no longer active")
	}
	if err != nil {
		return nil, err
	}
	held, _, err := s.id.Roles.Effective(ctx, creator.Roles)
	if err != nil {
		return nil, err
	}
	perms := domain.PermissionSet{}
	for _, perm := range t.Permissions {
		if held.Has(perm) {
			perms[perm] = true
		}
	}
	return &domain.Principal{Type: domain.ActorToken, ID: t.ID, Name: "token:" + t.Name, Permissions: perms,
		CreatorEmail: creator.Email}, nil
}

// limitAuthFailure counts a failed authentication against the client's IP
// and answers 429 once the IP has failed too often, so guessing tokens is
// slow. It reports whether it answered.
func (s *Server) limitAuthFailure(c *gin.Context) bool {
	if s.id.Limits.AuthFailuresPerIP.Rate == 0 {
		return false
	}
	res, err := s.id.Limiter.Allow(c.Request.Context(), ratelimit.Check{Key: "authfail:ip:" + c.ClientIP(), Limit: s.id.Limits.AuthFailuresPerIP})
	if err != nil {
		logger(c).Warn("auth failure rate limit unavailable", "err", err)
		return false
	}
	if !res.Allowed {
		tooMany(c, res, "too many failed authentications from your address")
		return true
	}
	return false
}

// authorize lets the request through only if the principal holds perm;
// refusals are audited.
func (s *Server) authorize(perm domain.Permission, action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := principal(c)
		if p.Can(perm) {
			c.Next()
			return
		}
		msg := "you need the " + string(perm) + " permission for this"
		if p.MFAPending {
			msg = "your role requires multi-factor authentication: enroll at /api/v1/auth/mfa/enroll first"
		}
		s.audit(c, domain.AuditEntry{Action: action, Outcome: domain.OutcomeDenied,
			Summary: map[string]any{"required": perm, "route": c.Request.Method + " " + c.FullPath()}})
		respondError(c, domain.Errorf(domain.EForbidden, "%s", msg))
	}
}

// limitAPI applies the per-user / per-token request rate. If Redis cannot
// answer, requests pass (and the failure is logged): limits protect
// capacity, and authentication already failed closed.
func (s *Server) limitAPI(c *gin.Context) {
	p := principal(c)
	res, err := s.id.Limiter.Allow(c.Request.Context(), ratelimit.Check{Key: "api:" + string(p.Type) + ":" + p.ID, Limit: s.id.Limits.APIPerPrincipal})
	if err != nil {
		logger(c).Warn("api rate limit unavailable", "err", err)
		c.Next()
		return
	}
	if !res.Allowed {
		tooMany(c, res, "too many requests; slow down")
		return
	}
	c.Next()
}

func tooMany(c *gin.Context, res ratelimit.Result, msg string) {
	respondError(c, tooManyError(c, res, msg))
}

// tooManyError sets Retry-After and returns the 429 to answer.
func tooManyError(c *gin.Context, res ratelimit.Result, msg string) error {
	secs := int(res.RetryAfter.Seconds() + 0.999)
	if secs < 1 {
		secs = 1
	}
	c.Header("Retry-After", strconv.Itoa(secs))
	return domain.Errorf(domain.ERateLimited, "%s (retry in %d s)", msg, secs)
}

// actor names the caller for run records and the audit log.
func actor(c *gin.Context) (domain.ActorType, string, string) {
	if p := principal(c); p != nil {
		return p.Type, p.ID, p.Name
	}
	return domain.ActorAnonymous, "", ""
}
