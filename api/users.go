package api

import (
	"context"
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

func (s *Server) createUser(c *gin.Context, req createUserRequest) (domain.User, error) {
	ctx := c.Request.Context()
	if err := validUser(&req.Email, &req.DisplayName, &req.Password, req.Roles); err != nil {
		return domain.User{}, err
	}
	if err := s.checkRoleGrant(ctx, principal(c), req.Roles); err != nil {
		return domain.User{}, err
	}
	hash, err := s.id.Hasher.Hash(ctx, req.Password)
	if err != nil {
		return domain.User{}, err
	}
	u, err := s.id.Users.Create(ctx, domain.User{Email: req.Email, DisplayName: req.DisplayName, Roles: req.Roles, Active: true}, hash)
	if err != nil {
		return u, err
	}
	setAuditTarget(c, "user", u.ID)
	auditNote(c, "email", u.Email)
	auditNote(c, "roles", u.Roles)
	return u, nil
}

func (s *Server) listUsers(c *gin.Context, _ none) (paged[domain.User, Pagination], error) {
	var bad []domain.FieldError
	f := store.UserFilter{Query: c.Query("q"), Role: c.Query("role")}
	f.Page, f.Limit = pageQuery(c, &bad)
	if raw, ok := c.GetQuery("active"); ok {
		active, err := strconv.ParseBool(raw)
		if err != nil {
			bad = append(bad, domain.FieldError{Field: "active", Message: "must be true or false"})
		}
		f.Active = &active
	}
	if err := domain.ValidationError(bad); err != nil {
		return paged[domain.User, Pagination]{}, err
	}
	users, total, err := s.id.Users.List(c.Request.Context(), f)
	return pageOf(users, newPagination(f.Page, f.Limit, total)), err
}

func (s *Server) getUser(c *gin.Context, _ none) (domain.User, error) {
	return s.id.Users.Get(c.Request.Context(), c.Param("id"))
}

type updateUserRequest struct {
	DisplayName *string   `json:"displayName" validate:"omitempty,max=100"`
	Roles       *[]string `json:"roles" validate:"omitempty,min=1,max=20"`
	Active      *bool     `json:"active"`
	Password    *string   `json:"password" validate:"omitempty,max=128"`
}

// updateUser changes a user. Deactivating signs them out everywhere at once.
func (s *Server) updateUser(c *gin.Context, req updateUserRequest) (domain.User, error) {
	id := c.Param("id")
	setAuditTarget(c, "user", id)
	up, err := s.userUpdate(c, id, req)
	if err != nil {
		return domain.User{}, err
	}
	ctx := c.Request.Context()
	u, err := s.id.Users.Update(ctx, id, up)
	if err != nil {
		return u, err
	}
	if (req.Active != nil && !*req.Active) || req.Password != nil {
		if err := s.revokeUserSessions(ctx, id); err != nil {
			return u, err
		}
	}
	auditNote(c, "changed", changedFields(req))
	return u, nil
}

// userUpdate checks that the caller may make the change, and what it is.
func (s *Server) userUpdate(c *gin.Context, id string, req updateUserRequest) (store.UserUpdate, error) {
	var roles []string
	if req.Roles != nil {
		roles = *req.Roles
	}
	if err := validUser(nil, req.DisplayName, req.Password, roles); err != nil {
		return store.UserUpdate{}, err
	}
	ctx := c.Request.Context()
	if err := s.checkMayManageUser(ctx, principal(c), id); err != nil {
		return store.UserUpdate{}, err
	}
	if req.Roles != nil {
		if err := s.checkRoleGrant(ctx, principal(c), *req.Roles); err != nil {
			return store.UserUpdate{}, err
		}
	}
	if err := s.keepAnAdmin(ctx, id, req.Roles, req.Active); err != nil {
		return store.UserUpdate{}, err
	}
	up := store.UserUpdate{DisplayName: req.DisplayName, Roles: req.Roles, Active: req.Active}
	if req.Password != nil {
		hash, err := s.id.Hasher.Hash(ctx, *req.Password)
		if err != nil {
			return up, err
		}
		up.PasswordHash = &hash
	}
	return up, nil
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
func (s *Server) resetUserMFA(c *gin.Context, _ none) (none, error) {
	id := c.Param("id")
	setAuditTarget(c, "user", id)
	if err := s.checkMayManageUser(c.Request.Context(), principal(c), id); err != nil {
		return none{}, err
	}
	return none{}, s.id.Users.ResetMFA(c.Request.Context(), id)
}
