package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/opsmanager/opsmanager/domain"
)

// TestUsersAdminCannotGrantWhatItDoesNotHold: a user whose only power is
// users:admin can neither mint a stronger role nor hand out one, and an API
// token cannot create users or roles beyond the token.
func TestUsersAdminCannotGrantWhatItDoesNotHold(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	if res, b := s.do(t, "POST", "/api/v1/roles", `{"name":"user-admin","permissions":["users:admin","incidents:read"]}`); res.StatusCode != 201 {
		t.Fatalf("admin creates user-admin role: %d %s", res.StatusCode, b)
	}
	ua := s.createUser(t, "ua@example.com", "user-admin")
	uaTok := s.tokenFor(t, ua.ID)
	victim := s.createUser(t, "victim@example.com", "viewer")

	refused := []request{
		{Method: "POST", Path: "/api/v1/roles", Body: `{"name":"sneaky","permissions":["users:admin","servers:write"]}`},
		{Method: "PATCH", Path: "/api/v1/roles/user-admin", Body: `{"permissions":["users:admin","servers:write"]}`},
		{Method: "POST", Path: "/api/v1/users", Body: `{"email":"boss@example.com","displayName":"Boss","password":"a perfectly long password","roles":["admin"]}`},
		{Method: "PATCH", Path: "/api/v1/users/" + ua.ID, Body: `{"roles":["admin"]}`},
		{Method: "PATCH", Path: "/api/v1/users/" + victim.ID, Body: `{"roles":["operator"]}`},
	}
	for _, r := range refused {
		r.Token = uaTok
		if res, b := s.call(t, r); res.StatusCode != 403 {
			t.Errorf("users:admin-only %s %s %s: %d %s, want 403", r.Method, r.Path, r.Body, res.StatusCode, b)
		}
	}
	allowed := []request{
		{Method: "POST", Path: "/api/v1/roles", Body: `{"name":"reader","permissions":["incidents:read"]}`},
		{Method: "POST", Path: "/api/v1/users", Body: `{"email":"peer@example.com","displayName":"Peer","password":"a perfectly long password","roles":["reader"]}`},
	}
	for _, r := range allowed {
		r.Token = uaTok
		if res, b := s.call(t, r); res.StatusCode != 201 {
			t.Errorf("within own permissions %s %s: %d %s, want 201", r.Method, r.Path, res.StatusCode, b)
		}
	}

	// The admin's API token holds only users:admin: it cannot create an admin.
	res, b := s.do(t, "POST", "/api/v1/tokens", `{"name":"provisioner","permissions":["users:admin"]}`)
	if res.StatusCode != 201 {
		t.Fatalf("create token: %d %s", res.StatusCode, b)
	}
	var tok struct{ Data CreatedToken }
	_ = json.Unmarshal(b, &tok)
	for _, r := range []request{
		{Method: "POST", Path: "/api/v1/users", Body: `{"email":"bot-admin@example.com","displayName":"Bot","password":"a perfectly long password","roles":["admin"]}`},
		{Method: "POST", Path: "/api/v1/roles", Body: `{"name":"bot-role","permissions":["incidents:read"]}`},
	} {
		r.Token = tok.Data.Token
		if res, b := s.call(t, r); res.StatusCode != 403 {
			t.Errorf("token %s %s: %d %s, want 403", r.Method, r.Path, res.StatusCode, b)
		}
	}
}

// M2: users:admin cannot take over or weaken an account or role that holds
// more than it does (a password reset hands over the account as surely as
// a role grant); within its own permissions it can.
func TestUsersAdminCannotTakeOverAMorePowerfulAccount(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, body := range []string{
		`{"name":"user-admin","permissions":["users:admin","incidents:read"]}`,
		`{"name":"deployer","permissions":["incidents:read","servers:write"]}`,
		`{"name":"reader","permissions":["incidents:read"]}`,
	} {
		if res, b := s.do(t, "POST", "/api/v1/roles", body); res.StatusCode != 201 {
			t.Fatalf("create role %s: %d %s", body, res.StatusCode, b)
		}
	}
	uaTok := s.tokenFor(t, s.createUser(t, "ua@example.com", "user-admin").ID)
	boss := s.createUser(t, "boss@example.com", "admin")
	deployer := s.createUser(t, "dep@example.com", "deployer")
	peer := s.createUser(t, "peer@example.com", "reader")
	newPassword := `{"password":"the attacker's own password"}`
	for _, r := range []request{
		{Method: "PATCH", Path: "/api/v1/users/" + boss.ID, Body: newPassword},
		{Method: "PATCH", Path: "/api/v1/users/" + boss.ID, Body: `{"active":false}`},
		{Method: "POST", Path: "/api/v1/users/" + boss.ID + "/mfa/reset"},
		{Method: "PATCH", Path: "/api/v1/users/" + deployer.ID, Body: newPassword},
		{Method: "PATCH", Path: "/api/v1/users/" + deployer.ID, Body: `{"roles":["reader"]}`},
		{Method: "PATCH", Path: "/api/v1/roles/deployer", Body: `{"permissions":["incidents:read"]}`},
		{Method: "PATCH", Path: "/api/v1/roles/deployer", Body: `{"requireMfa":false}`},
		{Method: "DELETE", Path: "/api/v1/roles/deployer"},
	} {
		r.Token = uaTok
		if res, b := s.call(t, r); res.StatusCode != 403 || !strings.Contains(string(b), "servers:write") {
			t.Errorf("%s %s %s: %d %s, want 403 naming servers:write", r.Method, r.Path, r.Body, res.StatusCode, b)
		}
	}
	if res, b := s.call(t, request{Method: "POST", Path: "/api/v1/auth/login", Token: "-",
		Body: `{"email":"boss@example.com","password":"the attacker's own password"}`}); res.StatusCode != 401 {
		t.Fatalf("the boss's password changed: %d %s", res.StatusCode, b)
	}
	for _, r := range []request{
		{Method: "PATCH", Path: "/api/v1/users/" + peer.ID, Body: newPassword},
		{Method: "PATCH", Path: "/api/v1/roles/reader", Body: `{"description":"reads incidents"}`},
	} {
		r.Token = uaTok
		if res, b := s.call(t, r); res.StatusCode != 200 {
			t.Errorf("within its own permissions %s %s: %d %s, want 200", r.Method, r.Path, res.StatusCode, b)
		}
	}
	if got := s.auditCount(t, "user.update", domain.OutcomeDenied); got != 4 {
		t.Errorf("%d refused user updates audited, want 4", got)
	}
}
