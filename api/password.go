package api

import (
	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
)

type passwordChangeRequest struct {
	CurrentPassword string `json:"currentPassword" validate:"required,max=1024"`
	NewPassword     string `json:"newPassword" validate:"required,max=1024"`
}

// errPasswordChangeRequired is the answer to every other route while the
// user still has a password someone else saw.
var errPasswordChangeRequired = &domain.Error{Code: domain.EForbidden, Name: "password_change_required",
	Message: "set your own password first: POST /api/v1/auth/password"}

// openWhilePasswordMustChange are the routes a user who must change their
// password can still call.
var openWhilePasswordMustChange = map[string]bool{
	"GET /api/v1/auth/me":        true,
	"POST /api/v1/auth/password": true,
	"POST /api/v1/auth/logout":   true,
}

// passwordChangeGate refuses the request (and reports true) when the user
// must change their password and the route is not one of the few open ones.
func passwordChangeGate(c *gin.Context, p *domain.Principal) bool {
	if !p.MustChangePassword || openWhilePasswordMustChange[c.Request.Method+" "+c.FullPath()] {
		return false
	}
	respondError(c, errPasswordChangeRequired)
	return true
}

// changePassword sets the caller's own password after checking the current
// one, and signs out their other sessions (this one stays signed in).
func (s *Server) changePassword(c *gin.Context, req passwordChangeRequest) (none, error) {
	p, err := sessionUser(c)
	if err != nil {
		return none{}, err
	}
	setAuditTarget(c, "user", p.ID)
	if err := auth.ValidatePassword(req.NewPassword); err != nil {
		return none{}, domain.Errorf(domain.EInvalid, "newPassword: %s", err.Error())
	}
	if req.NewPassword == req.CurrentPassword {
		return none{}, domain.Errorf(domain.EInvalid, "newPassword: must differ from the current password")
	}
	creds, err := s.selfCredentials(c)
	if err != nil {
		return none{}, err
	}
	if err := s.checkOwnPassword(c, creds, req.CurrentPassword); err != nil {
		return none{}, err
	}
	ctx := c.Request.Context()
	hash, err := s.id.Hasher.Hash(ctx, req.NewPassword)
	if err != nil {
		return none{}, err
	}
	if err := s.id.Users.ChangePassword(ctx, p.ID, hash); err != nil {
		return none{}, err
	}
	families, err := s.id.Sessions.RevokeOthers(ctx, p.ID, p.SessionID, s.deps.Now())
	if err != nil {
		return none{}, err
	}
	if err := s.id.Revocations.RevokeSessions(ctx, families...); err != nil {
		return none{}, &domain.Error{Code: domain.EUnavailable, Message: "password changed, but other sessions could not be signed out; use sign out everywhere"}
	}
	return none{}, nil
}
