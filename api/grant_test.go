package api

import (
	"encoding/json"
	"testing"
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
