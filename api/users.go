package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

type createUserRequest struct {
	Email       string   `json:"email" validate:"required,max=254"`
	DisplayName string   `json:"displayName" validate:"required,max=100"`
	Password    string   `json:"password" validate:"required,max=128"`
	Roles       []string `json:"roles" validate:"required,min=1,max=20,dive,max=40"`
}

// validUser checks and normalises what admins send about a user.
func validUser(email, name *string, password *string, roles []string) error {
	var bad []domain.FieldError
	if email != nil {
		var ok bool
		if *email, ok = domain.NormalizeEmail(*email); !ok {
			bad = append(bad, domain.FieldError{Field: "email", Message: "is not an email address"})
		}
	}
	if name != nil {
		var ok bool
		if *name, ok = domain.ValidateDisplayName(*name); !ok {
			bad = append(bad, domain.FieldError{Field: "displayName", Message: "must be 1 to 100 characters"})
		}
	}
	if password != nil {
		if err := auth.ValidatePassword(*password); err != nil {
			bad = append(bad, domain.FieldError{Field: "password", Message: err.Error()})
		}
	}
	for i, r := range roles {
		if !domain.ValidRoleName(r) {
			bad = append(bad, domain.FieldError{Field: "roles[" + strconv.Itoa(i) + "]", Message: "is not a role name"})
		}
	}
	return domain.ValidationError(bad)
}

func (s *Server) createUser(c *gin.Context) {
	var req createUserRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	if err := validUser(&req.Email, &req.DisplayName, &req.Password, req.Roles); err != nil {
		respondError(c, err)
		return
	}
	if err := s.checkRoleGrant(c.Request.Context(), principal(c), req.Roles); err != nil {
		respondError(c, err)
		return
	}
	hash, err := s.id.Hasher.Hash(c.Request.Context(), req.Password)
	if err != nil {
		respondError(c, err)
		return
	}
	u, err := s.id.Users.Create(c.Request.Context(), domain.User{Email: req.Email, DisplayName: req.DisplayName, Roles: req.Roles, Active: true}, hash)
	if err != nil {
		respondError(c, err)
		return
	}
	setAuditTarget(c, "user", u.ID)
	auditNote(c, "email", u.Email)
	auditNote(c, "roles", u.Roles)
	c.JSON(http.StatusCreated, gin.H{"data": u})
}

func (s *Server) listUsers(c *gin.Context) {
	var bad []domain.FieldError
	f := store.UserFilter{Query: c.Query("q"), Role: c.Query("role"),
		Page: intQuery(c, "page", 1, 1, 1_000_000, &bad), Limit: intQuery(c, "limit", 20, 1, 100, &bad)}
	if raw, ok := c.GetQuery("active"); ok {
		active, err := strconv.ParseBool(raw)
		if err != nil {
			bad = append(bad, domain.FieldError{Field: "active", Message: "must be true or false"})
		}
		f.Active = &active
	}
	if err := domain.ValidationError(bad); err != nil {
		respondError(c, err)
		return
	}
	users, total, err := s.id.Users.List(c.Request.Context(), f)
	if err != nil {
		respondError(c, err)
		return
	}
	if users == nil {
		users = []domain.User{}
	}
	c.JSON(http.StatusOK, gin.H{"data": users, "pagination": newPagination(f.Page, f.Limit, total)})
}

func (s *Server) getUser(c *gin.Context) {
	u, err := s.id.Users.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"data": u})
}

type updateUserRequest struct {
	DisplayName *string   `json:"displayName" validate:"omitempty,max=100"`
	Roles       *[]string `json:"roles" validate:"omitempty,min=1,max=20"`
	Active      *bool     `json:"active"`
	Password    *string   `json:"password" validate:"omitempty,max=128"`
}

// updateUser changes a user. Deactivating signs them out everywhere at once.
func (s *Server) updateUser(c *gin.Context) {
	var req updateUserRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	id := c.Param("id")
	setAuditTarget(c, "user", id)
	var roles []string
	if req.Roles != nil {
		roles = *req.Roles
	}
	if err := validUser(nil, req.DisplayName, req.Password, roles); err != nil {
		respondError(c, err)
		return
	}
	ctx := c.Request.Context()
	if err := s.checkMayManageUser(ctx, principal(c), id); err != nil {
		respondError(c, err)
		return
	}
	if req.Roles != nil {
		if err := s.checkRoleGrant(ctx, principal(c), *req.Roles); err != nil {
			respondError(c, err)
			return
		}
	}
	if err := s.keepAnAdmin(ctx, id, req.Roles, req.Active); err != nil {
		respondError(c, err)
		return
	}
	up := store.UserUpdate{DisplayName: req.DisplayName, Roles: req.Roles, Active: req.Active}
	if req.Password != nil {
		hash, err := s.id.Hasher.Hash(ctx, *req.Password)
		if err != nil {
			respondError(c, err)
			return
		}
		up.PasswordHash = &hash
	}
	u, err := s.id.Users.Update(ctx, id, up)
	if err != nil {
		respondError(c, err)
		return
	}
	if (req.Active != nil && !*req.Active) || req.Password != nil {
		if err := s.revokeUserSessions(ctx, id); err != nil {
			respondError(c, err)
			return
		}
	}
	auditNote(c, "changed", changedFields(req))
	c.JSON(http.StatusOK, gin.H{"data": u})
}

func changedFields(req updateUserRequest) []string {
	var out []string
	if req.DisplayName != nil {
		out = append(out, "displayName")
	}
	if req.Roles != nil {
		out = append(out, "roles")
	}
	if req.Active != nil {
		out = append(out, "active")
	}
	if req.Password != nil {
		out = append(out, "password")
	}
	return out
}

// keepAnAdmin refuses a change that would leave no active admin.
func (s *Server) keepAnAdmin(ctx context.Context, id string, roles *[]string, active *bool) error {
	u, err := s.id.Users.Get(ctx, id)
	if err != nil {
		return err
	}
	wasAdmin := u.Active && slices.Contains(u.Roles, "admin")
	staysAdmin := (active == nil || *active) && (roles == nil || slices.Contains(*roles, "admin"))
	if !wasAdmin || staysAdmin {
		return nil
	}
	n, err := s.id.Users.CountActiveAdmins(ctx)
	if err != nil {
		return err
	}
	if n <= 1 {
		return domain.Errorf(domain.EConflict, "this is the last active admin; make someone else admin first")
	}
	return nil
}

// resetUserMFA lets an admin turn off a user's MFA (lost device).
func (s *Server) resetUserMFA(c *gin.Context) {
	id := c.Param("id")
	setAuditTarget(c, "user", id)
	if err := s.checkMayManageUser(c.Request.Context(), principal(c), id); err != nil {
		respondError(c, err)
		return
	}
	if err := s.id.Users.ResetMFA(c.Request.Context(), id); err != nil {
		respondError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
