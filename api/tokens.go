package api

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
)

// defaultTokenLifetime is the expiry of a token created without one.
const defaultTokenLifetime = 90 * 24 * time.Hour

type createTokenRequest struct {
	Name        string              `json:"name" validate:"required,max=100"`
	Permissions []domain.Permission `json:"permissions" validate:"required,min=1,max=50"`
	ExpiresAt   *time.Time          `json:"expiresAt"`
}

// CreatedToken is shown once: the secret is not stored.
type CreatedToken struct {
	domain.APIToken
	Token string `json:"token"`
}

// createToken issues a service token with a subset of the creator's
// permissions.
func (s *Server) createToken(c *gin.Context, req createTokenRequest) (CreatedToken, error) {
	p := principal(c)
	if err := validPermissions(&req.Permissions); err != nil {
		return CreatedToken{}, err
	}
	var bad []domain.FieldError
	for _, perm := range req.Permissions {
		if !p.Can(perm) {
			bad = append(bad, domain.FieldError{Field: "permissions", Message: "you cannot grant " + string(perm) + ", which you do not hold"})
		}
	}
	if req.ExpiresAt != nil && !req.ExpiresAt.After(s.deps.Now()) {
		bad = append(bad, domain.FieldError{Field: "expiresAt", Message: "must be in the future"})
	}
	if err := domain.ValidationError(bad); err != nil {
		return CreatedToken{}, err
	}
	if p.Type != domain.ActorUser {
		return CreatedToken{}, domain.Errorf(domain.EForbidden, "API tokens cannot create API tokens")
	}
	if req.ExpiresAt == nil {
		exp := s.deps.Now().Add(defaultTokenLifetime)
		req.ExpiresAt = &exp
	}
	secret, hash := auth.NewOpaqueToken(apiTokenPrefix)
	t, err := s.id.Tokens.Create(c.Request.Context(), domain.APIToken{Name: req.Name, Prefix: secret[:len(apiTokenPrefix)+6],
		Permissions: req.Permissions, CreatedBy: p.ID, ExpiresAt: req.ExpiresAt}, hash)
	if err != nil {
		return CreatedToken{}, err
	}
	setAuditTarget(c, "api_token", t.ID)
	auditNote(c, "name", t.Name)
	auditNote(c, "permissions", t.Permissions)
	c.Header("Cache-Control", "no-store")
	return CreatedToken{APIToken: t, Token: secret}, nil
}

func (s *Server) listTokens(c *gin.Context, _ none) ([]domain.APIToken, error) {
	tokens, err := s.id.Tokens.List(c.Request.Context())
	return nonNil(tokens), err
}

func (s *Server) revokeToken(c *gin.Context, _ none) (domain.APIToken, error) {
	setAuditTarget(c, "api_token", c.Param("id"))
	return s.id.Tokens.Revoke(c.Request.Context(), c.Param("id"), s.deps.Now())
}
