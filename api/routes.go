package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
)

// Route is one /api/v1 endpoint: the permission it requires and the action
// name its audit entries carry. Every API route is declared here, so a test
// can check that none lacks a permission.
type Route struct {
	Method     string
	Path       string
	Permission domain.Permission
	Action     string
	handler    handler
}

// PublicRoutes are the only /api/v1 routes open without a token: signing in
// and refreshing a session (which carry their own checks and audit).
var PublicRoutes = map[string]bool{
	"POST /api/v1/auth/login":   true,
	"POST /api/v1/auth/refresh": true,
	// The contract is no secret; the docs page reads it without a token.
	"GET " + openAPIPath: true,
}

// PublicPages are the pages below /api outside the route table: static,
// public, holding no data (the API reference reads the public document).
var PublicPages = map[string]bool{"GET /api/docs": true}

func (s *Server) routeTable() []Route {
	routes := append(s.coreRoutes(), s.scheduleRoutes()...)
	routes = append(routes, s.policyRoutes()...)
	routes = append(routes, s.runActionRoutes()...)
	routes = append(routes, s.serverRoutes()...)
	routes = append(routes, s.credentialRoutes()...)
	routes = append(routes, s.assetRoutes()...)
	routes = append(routes, s.assetImportRoutes()...)
	routes = append(routes, s.incidentAssetRoutes()...)
	routes = append(routes, s.discoveryRoutes()...)
	routes = append(routes, s.eventRoutes()...)
	return append(routes, s.incidentRoutes()...)
}

func (s *Server) coreRoutes() []Route {
	const (
		anyone = domain.PermAuthenticated
		admin  = domain.PermUsersAdmin
	)
	return []Route{
		{"POST", "/auth/login", "", "auth.login", endpoint(http.StatusOK, s.login)},
		{"POST", "/auth/refresh", "", "auth.refresh", endpoint(http.StatusOK, s.refresh)},
		{"GET", "/openapi.json", "", "openapi.get", raw(s.serveOpenAPI)},
		{"POST", "/auth/logout", anyone, "auth.logout", endpoint(http.StatusNoContent, s.logout)},
		{"POST", "/auth/logout-all", anyone, "auth.logout_all", endpoint(http.StatusNoContent, s.logoutAll)},
		{"GET", "/auth/me", anyone, "auth.me", endpoint(http.StatusOK, s.getMe)},
		{"POST", "/auth/password", anyone, "auth.password.change", endpoint(http.StatusNoContent, s.changePassword)},
		{"POST", "/auth/mfa/enroll", anyone, "auth.mfa.enroll", endpoint(http.StatusOK, s.enrollMFA)},
		{"POST", "/auth/mfa/confirm", anyone, "auth.mfa.confirm", endpoint(http.StatusOK, s.confirmMFA)},
		{"POST", "/auth/mfa/disable", anyone, "auth.mfa.disable", endpoint(http.StatusNoContent, s.disableMFA)},

		{"GET", "/users", admin, "user.list", endpoint(http.StatusOK, s.listUsers)},
		{"POST", "/users", admin, "user.create", endpoint(http.StatusCreated, s.createUser)},
		{"GET", "/users/:id", admin, "user.get", endpoint(http.StatusOK, s.getUser)},
		{"PATCH", "/users/:id", admin, "user.update", endpoint(http.StatusOK, s.updateUser)},
		{"POST", "/users/:id/mfa/reset", admin, "user.mfa_reset", endpoint(http.StatusNoContent, s.resetUserMFA)},
		{"GET", "/roles", admin, "role.list", endpoint(http.StatusOK, s.listRoles)},
		{"POST", "/roles", admin, "role.create", endpoint(http.StatusCreated, s.createRole)},
		{"PATCH", "/roles/:name", admin, "role.update", endpoint(http.StatusOK, s.updateRole)},
		{"DELETE", "/roles/:name", admin, "role.delete", endpoint(http.StatusNoContent, s.deleteRole)},
		{"GET", "/permissions", admin, "permission.list", endpoint(http.StatusOK, s.listPermissions)},
		{"GET", "/tokens", admin, "api_token.list", endpoint(http.StatusOK, s.listTokens)},
		{"POST", "/tokens", admin, "api_token.create", endpoint(http.StatusCreated, s.createToken)},
		{"DELETE", "/tokens/:id", admin, "api_token.revoke", endpoint(http.StatusOK, s.revokeToken)},
		{"GET", "/audit", domain.PermAuditRead, "audit.list", endpoint(http.StatusOK, s.listAudit)},

		{"GET", "/playbooks", domain.PermPlaybooksRead, "playbook.list", endpoint(http.StatusOK, s.listPlaybooks)},
		{"GET", "/playbooks/:name", domain.PermPlaybooksRead, "playbook.get", endpoint(http.StatusOK, s.getPlaybook)},
		{"POST", "/playbooks/:name/runs", domain.PermPlaybooksRun, "playbook.run.start", endpoint(http.StatusCreated, s.startRun)},
		{"GET", "/runs", domain.PermPlaybooksRead, "run.list", endpoint(http.StatusOK, s.listRuns)},
		{"GET", "/runs/:id", domain.PermPlaybooksRead, "run.get", endpoint(http.StatusOK, s.getRun)},
	}
}

// registerRoutes mounts every route with its middleware chain:
// authenticate → rate limit → authorize → audit → handler.
func (s *Server) registerRoutes(g *gin.RouterGroup) {
	s.routes = s.routeTable()
	for i := range s.routes {
		r := &s.routes[i]
		sub := r.Path
		r.Path = g.BasePath() + sub
		if PublicRoutes[r.Method+" "+r.Path] {
			g.Handle(r.Method, sub, r.handler.serve)
			continue
		}
		g.Handle(r.Method, sub, s.authenticate, s.limitAPI, s.authorize(r.Permission, r.Action),
			s.unitOfWork(r.Action), r.handler.serve)
	}
}
