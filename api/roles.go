package api

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

func (s *Server) listPermissions(*gin.Context, none) ([]domain.PermissionInfo, error) {
	return domain.Permissions, nil
}

func (s *Server) listRoles(c *gin.Context, _ none) ([]domain.Role, error) {
	return s.id.Roles.List(c.Request.Context())
}

type roleRequest struct {
	Name        string               `json:"name" validate:"max=40"`
	Description *string              `json:"description" validate:"omitempty,max=200"`
	Permissions *[]domain.Permission `json:"permissions" validate:"omitempty,max=50"`
	RequireMFA  *bool                `json:"requireMfa"`
}

func validPermissions(perms *[]domain.Permission) error {
	if perms == nil {
		return nil
	}
	var bad []domain.FieldError
	for i, p := range *perms {
		if !domain.KnownPermission(p) {
			bad = append(bad, domain.FieldError{Field: "permissions[" + strconv.Itoa(i) + "]", Message: "is not a known permission"})
		}
	}
	return domain.ValidationError(bad)
}

// checkGrant refuses (403) to hand out permissions the caller does not
// hold: the rule tokens follow applies to roles and role assignment too, so
// users:admin alone cannot mint a more powerful role, user or token.
func checkGrant(p *domain.Principal, perms []domain.Permission) error {
	var missing []string
	for _, perm := range perms {
		if !p.Can(perm) {
			missing = append(missing, string(perm))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)
	return domain.Errorf(domain.EForbidden, "you cannot grant %s, which you do not hold", strings.Join(slices.Compact(missing), ", "))
}

// checkRoleGrant refuses to assign roles whose permissions exceed the caller's.
func (s *Server) checkRoleGrant(ctx context.Context, p *domain.Principal, roles []string) error {
	perms, _, err := s.id.Roles.Effective(ctx, roles)
	if err != nil {
		return err
	}
	list := make([]domain.Permission, 0, len(perms))
	for perm := range perms {
		list = append(list, perm)
	}
	return checkGrant(p, list)
}

func (s *Server) createRole(c *gin.Context, req roleRequest) (domain.Role, error) {
	var bad []domain.FieldError
	if !domain.ValidRoleName(req.Name) {
		bad = append(bad, domain.FieldError{Field: "name", Message: "must be 2-40 lowercase letters, digits, - or _, starting with a letter"})
	}
	if req.Permissions == nil || len(*req.Permissions) == 0 {
		bad = append(bad, domain.FieldError{Field: "permissions", Message: "is required"})
	}
	if err := domain.ValidationError(bad); err != nil {
		return domain.Role{}, err
	}
	if err := validPermissions(req.Permissions); err != nil {
		return domain.Role{}, err
	}
	if err := checkGrant(principal(c), *req.Permissions); err != nil {
		return domain.Role{}, err
	}
	r := domain.Role{Name: req.Name, Permissions: *req.Permissions}
	if req.Description != nil {
		r.Description = *req.Description
	}
	if req.RequireMFA != nil {
		r.RequireMFA = *req.RequireMFA
	}
	created, err := s.id.Roles.Create(c.Request.Context(), r)
	setAuditTarget(c, "role", req.Name)
	if err == nil {
		auditNote(c, "permissions", created.Permissions)
	}
	return created, err
}

func (s *Server) updateRole(c *gin.Context, req roleRequest) (domain.Role, error) {
	setAuditTarget(c, "role", c.Param("name"))
	if err := validPermissions(req.Permissions); err != nil {
		return domain.Role{}, err
	}
	if err := s.checkMayManageRole(c.Request.Context(), principal(c), c.Param("name")); err != nil {
		return domain.Role{}, err
	}
	if req.Permissions != nil {
		if err := checkGrant(principal(c), *req.Permissions); err != nil {
			return domain.Role{}, err
		}
	}
	r, err := s.id.Roles.Update(c.Request.Context(), c.Param("name"), store.RoleUpdate{
		Description: req.Description, Permissions: req.Permissions, RequireMFA: req.RequireMFA})
	if err == nil {
		auditNote(c, "permissions", r.Permissions)
		auditNote(c, "requireMfa", r.RequireMFA)
	}
	return r, err
}

func (s *Server) deleteRole(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "role", c.Param("name"))
	if err := s.checkMayManageRole(c.Request.Context(), principal(c), c.Param("name")); err != nil {
		return none{}, err
	}
	return none{}, s.id.Roles.Delete(c.Request.Context(), c.Param("name"))
}

// checkMayManageUser refuses (403) to change a user who holds permissions
// the caller does not: resetting their password, MFA or roles would hand
// the caller those permissions as surely as granting them.
func (s *Server) checkMayManageUser(ctx context.Context, p *domain.Principal, id string) error {
	u, err := s.id.Users.Get(ctx, id)
	if err != nil {
		return err
	}
	missing, err := s.missingFromRoles(ctx, p, u.Roles)
	if err != nil || missing == "" {
		return err
	}
	return domain.Errorf(domain.EForbidden, "you cannot change %s, who holds %s, which you do not hold", u.Email, missing)
}

// checkMayManageRole refuses (403) to change or delete a role holding
// permissions the caller does not.
func (s *Server) checkMayManageRole(ctx context.Context, p *domain.Principal, name string) error {
	if _, err := s.id.Roles.Get(ctx, name); err != nil {
		return err
	}
	missing, err := s.missingFromRoles(ctx, p, []string{name})
	if err != nil || missing == "" {
		return err
	}
	return domain.Errorf(domain.EForbidden, "you cannot change role %s, which holds %s, which you do not hold", name, missing)
}

// missingFromRoles lists, sorted and comma-separated, the permissions of
// roles that p does not hold ("" when none).
func (s *Server) missingFromRoles(ctx context.Context, p *domain.Principal, roles []string) (string, error) {
	perms, _, err := s.id.Roles.Effective(ctx, roles)
	if err != nil {
		return "", err
	}
	var missing []string
	for perm := range perms {
		if !p.Can(perm) {
			missing = append(missing, string(perm))
		}
	}
	slices.Sort(missing)
	return strings.Join(missing, ", "), nil
}
