package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/opsmanager/opsmanager/domain"
)

func TestAdminManagesUsers(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/users", `{"email":" New.Person@Example.com","displayName":"New Person","password":"a perfectly long password","roles":["responder"]}`)
	if res.StatusCode != 201 {
		t.Fatalf("create: %d %s", res.StatusCode, b)
	}
	var created struct{ Data domain.User }
	_ = json.Unmarshal(b, &created)
	u := created.Data
	if u.Email != "new.person@example.com" || u.Roles[0] != "responder" || !u.Active || strings.Contains(string(b), "password") {
		t.Fatalf("created %s", b)
	}
	if res, b := s.login(t, "new.person@example.com", "a perfectly long password", "10.2.0.1", ""); res.StatusCode != 200 {
		t.Fatalf("new user cannot sign in: %d %s", res.StatusCode, b)
	}

	bad := []struct{ body, field string }{
		{`{"email":"not-an-email","displayName":"X","password":"a perfectly long password","roles":["viewer"]}`, "email"},
		{`{"email":"a@example.com","displayName":"X","password":"short","roles":["viewer"]}`, "password"},
		{`{"email":"a@example.com","displayName":"X","password":"a perfectly long password","roles":["no-such-role"]}`, "roles"},
		{`{"email":"a@example.com","displayName":"X","password":"a perfectly long password","roles":[]}`, "roles"},
		{`{"email":"a@example.com","displayName":"   ","password":"a perfectly long password","roles":["viewer"]}`, "displayName"},
	}
	for _, tc := range bad {
		res, b := s.do(t, "POST", "/api/v1/users", tc.body)
		e := parseErrorBody(t, b)
		if res.StatusCode != 400 || len(e.Details) == 0 || !strings.HasPrefix(e.Details[0].Field, tc.field) {
			t.Errorf("%s: %d %s, want 400 naming %s", tc.body, res.StatusCode, b, tc.field)
		}
	}
	if res, _ := s.do(t, "POST", "/api/v1/users", `{"email":"NEW.PERSON@example.com","displayName":"Dup","password":"a perfectly long password","roles":["viewer"]}`); res.StatusCode != 409 {
		t.Errorf("duplicate email: %d, want 409", res.StatusCode)
	}

	res, b = s.do(t, "PATCH", "/api/v1/users/"+u.ID, `{"roles":["viewer","operator"],"displayName":"Renamed"}`)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"roles":["operator","viewer"]`) || !strings.Contains(string(b), "Renamed") {
		t.Fatalf("update: %d %s", res.StatusCode, b)
	}
	res, b = s.do(t, "GET", "/api/v1/users?role=operator&active=true", "")
	if res.StatusCode != 200 || !strings.Contains(string(b), u.ID) || strings.Contains(string(b), s.adminID) {
		t.Fatalf("filter by role: %s", b)
	}
	if n := s.auditCount(t, "user.update", domain.OutcomeSuccess); n != 1 {
		t.Fatalf("%d user.update audit entries, want 1", n)
	}
}

func TestLastAdminCannotBeRemoved(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, body := range []string{`{"active":false}`, `{"roles":["viewer"]}`} {
		if res, b := s.do(t, "PATCH", "/api/v1/users/"+s.adminID, body); res.StatusCode != 409 {
			t.Fatalf("%s on the last admin: %d %s, want 409", body, res.StatusCode, b)
		}
	}
	second := s.createUser(t, "second-admin@example.com", "admin")
	if res, b := s.do(t, "PATCH", "/api/v1/users/"+second.ID, `{"active":false}`); res.StatusCode != 200 {
		t.Fatalf("deactivating one of two admins: %d %s", res.StatusCode, b)
	}
}

func TestAuditListFiltersAndPagesWithCursor(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for i := 0; i < 5; i++ {
		s.login(t, fmt.Sprintf("ghost%d@example.com", i), "wrong wrong wrong", "10.3.0.1", "")
	}
	seen := map[string]bool{}
	cursor := ""
	for page := 0; page < 5; page++ {
		res, b := s.do(t, "GET", "/api/v1/audit?action=auth.login&limit=2&cursor="+cursor, "")
		var out struct {
			Data       []domain.AuditEntry
			Pagination struct{ NextCursor string }
		}
		if err := json.Unmarshal(b, &out); err != nil || res.StatusCode != 200 {
			t.Fatalf("page %d: %d %s", page, res.StatusCode, b)
		}
		for _, e := range out.Data {
			if seen[e.ID] || e.Action != "auth.login" || e.Outcome != domain.OutcomeFailure || e.ClientIP != "10.3.0.1" {
				t.Fatalf("entry %+v repeated or wrong", e)
			}
			seen[e.ID] = true
		}
		cursor = out.Pagination.NextCursor
		if cursor == "" {
			break
		}
	}
	if len(seen) != 5 {
		t.Fatalf("paged through %d entries, want 5", len(seen))
	}
	for _, q := range []string{"cursor=garbage", "from=yesterday", "limit=0"} {
		if res, b := s.do(t, "GET", "/api/v1/audit?"+q, ""); res.StatusCode != 400 {
			t.Errorf("%s: %d %s, want 400", q, res.StatusCode, b)
		}
	}
}

func TestAPIRequestsAreRateLimitedPerPrincipal(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.id.Limits.APIPerPrincipal.Rate, s.id.Limits.APIPerPrincipal.Burst = 3, 3
	viewer := s.createUser(t, "busy@example.com", "viewer")
	tok := s.tokenFor(t, viewer.ID)
	for i := 0; i < 3; i++ {
		if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/playbooks", Token: tok}); res.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, res.StatusCode)
		}
	}
	res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/playbooks", Token: tok})
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("4th request: %d, want 429 with Retry-After", res.StatusCode)
	}
	if res, _ := s.do(t, "GET", "/api/v1/playbooks", ""); res.StatusCode != 200 {
		t.Fatal("another user was limited too")
	}
}
