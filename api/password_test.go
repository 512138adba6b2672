package api

import (
	"context"
	"testing"

	"github.com/opsmanager/opsmanager/domain"
)

func TestUsersChangeTheirOwnPasswordAndOtherSessionsEnd(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "pw@example.com", "operator")
	here := s.signIn(t, "pw@example.com", "10.6.0.1")
	elsewhere := s.signIn(t, "pw@example.com", "10.6.0.2")
	change := func(current, next string) (int, string) {
		res, b := s.call(t, request{Method: "POST", Path: "/api/v1/auth/password", Token: here,
			Body: `{"currentPassword":"` + current + `","newPassword":"` + next + `"}`})
		if res.StatusCode == 204 {
			return 204, ""
		}
		return res.StatusCode, parseErrorBody(t, b).Error
	}
	const newPassword = "a brand new passphrase for me"
	if st, name := change("not the password at all", newPassword); st != 401 || name != "invalid_password" {
		t.Fatalf("wrong current password: %d %s, want 401 invalid_password", st, name)
	}
	if st, _ := change(testPassword, "short"); st != 400 {
		t.Fatalf("too short a new password: %d, want 400 (same policy as user creation)", st)
	}
	if st, name := change(testPassword, newPassword); st != 204 {
		t.Fatalf("change: %d %s", st, name)
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: here}); res.StatusCode != 200 {
		t.Fatalf("the session that changed the password was signed out: %d", res.StatusCode)
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: elsewhere}); res.StatusCode != 401 {
		t.Fatalf("another session still works after the password change: %d", res.StatusCode)
	}
	if res, _ := s.login(t, "pw@example.com", testPassword, "10.6.0.3", ""); res.StatusCode != 401 {
		t.Fatalf("old password still signs in: %d", res.StatusCode)
	}
	if res, b := s.login(t, "pw@example.com", newPassword, "10.6.0.3", ""); res.StatusCode != 200 {
		t.Fatalf("new password: %d %s", res.StatusCode, b)
	}
	if s.auditCount(t, "auth.password.change", domain.OutcomeSuccess) != 1 {
		t.Fatal("the password change is not audited")
	}
}

func TestUserWhoMustChangePasswordCanOnlyChangeIt(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	u := s.createUser(t, "fresh@example.com", "admin")
	if err := s.users.RequirePasswordChange(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	token := s.signIn(t, "fresh@example.com", "10.5.0.1")
	res, b := s.call(t, request{Method: "GET", Path: "/api/v1/users", Token: token})
	if res.StatusCode != 403 || parseErrorBody(t, b).Error != "password_change_required" {
		t.Fatalf("another route before the change: %d %s, want 403 password_change_required", res.StatusCode, b)
	}
	res, b = s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: token})
	var me struct{ Data MeBody }
	if res.StatusCode != 200 || jsonUnmarshal(b, &me) != nil || !me.Data.MustChangePassword {
		t.Fatalf("/auth/me: %d %s, want 200 with mustChangePassword", res.StatusCode, b)
	}
	res, b = s.call(t, request{Method: "POST", Path: "/api/v1/auth/password", Token: token,
		Body: `{"currentPassword":"` + testPassword + `","newPassword":"my very own admin passphrase"}`})
	if res.StatusCode != 204 {
		t.Fatalf("change: %d %s", res.StatusCode, b)
	}
	if res, b := s.call(t, request{Method: "GET", Path: "/api/v1/users", Token: token}); res.StatusCode != 200 {
		t.Fatalf("after the change: %d %s", res.StatusCode, b)
	}
}
