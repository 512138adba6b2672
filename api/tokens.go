package api

import (
	"net/http"
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
func (s *Server) createToken(c *gin.Context) {
	var req createTokenRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	p := principal(c)
	if err := validPermissions(&req.Permissions); err != nil {
		respondError(c, err)
		return
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
		respondError(c, err)
		return
	}
	if p.Type != domain.ActorUser {
		respondError(c, domain.Errorf(domain.EForbidden, "API tokens cannot create API tokens"))
		return
	}
	if req.ExpiresAt == nil {
		exp := s.deps.Now().Add(defaultTokenLifetime)
		req.ExpiresAt = &exp
	}
	secret, hash := auth.NewOpaqueToken(apiTokenPrefix)
	t, err := s.id.Tokens.Create(c.Request.Context(), domain.APIToken{Name: req.Name, Prefix: secret[:len(apiTokenPrefix)+6],
		Permissions: req.Permissions, CreatedBy: p.ID, ExpiresAt: req.ExpiresAt}, hash)
	if err != nil {
		respondError(c, err)
		return
	}
	setAuditTarget(c, "api_token", t.ID)
	auditNote(c, "name", t.Name)
	auditNote(c, "permissions", t.Permissions)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, gin.H{"data": CreatedToken{APIToken: t, Token: secret}})
}

func (s *Server) listTokens(c *gin.Context) {
	tokens, err := s.id.Tokens.List(c.Request.Context())
	if err != nil {
		respondError(c, err)
		return
	}
	if tokens == nil {
		tokens = []domain.APIToken{}
	}
	c.JSON(http.StatusOK, gin.H{"data": tokens})
}

func (s *Server) revokeToken(c *gin.Context) {
	setAuditTarget(c, "api_token", c.Param("id"))
	t, err := s.id.Tokens.Revoke(c.Request.Context(), c.Param("id"), s.deps.Now())
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"data": t})
}
