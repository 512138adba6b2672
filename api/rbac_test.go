package api

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/domain"
)

// concretePath fills route parameters with values that exist or are at
// least well-formed, so handlers get past authorization.
func concretePath(path string) string {
	r := strings.NewReplacer(":id", uuid.NewString(), ":name", "http-check")
	if strings.HasPrefix(path, "/api/v1/roles/") {
		r = strings.NewReplacer(":name", "no-such-role")
	}
	return r.Replace(path)
}

// TestEveryRouteAgainstEveryBuiltinRole calls every protected route as a
// user of each built-in role: allowed routes must not answer 401/403,
// denied ones must answer 403.
func TestEveryRouteAgainstEveryBuiltinRole(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for role, perms := range domain.BuiltinRoles {
		u := s.createUser(t, "role-"+role+"@example.com", role)
		granted := domain.NewPermissionSet(perms)
		for _, r := range s.Routes() {
			if PublicRoutes[r.Method+" "+r.Path] {
				continue
			}
			body := ""
			if r.Method != "GET" && r.Method != "DELETE" {
				body = "{}"
			}
			res, b := s.call(t, request{Method: r.Method, Path: concretePath(r.Path), Body: body, Token: s.tokenFor(t, u.ID)})
			allowed := granted.Has(r.Permission)
			switch {
			case allowed && (res.StatusCode == 401 || res.StatusCode == 403):
				t.Errorf("%s: %s %s answered %d (%s), want allowed", role, r.Method, r.Path, res.StatusCode, b)
			case !allowed && res.StatusCode != 403:
				t.Errorf("%s: %s %s answered %d, want 403", role, r.Method, r.Path, res.StatusCode)
			}
		}
	}
	if s.auditCount(t, "user.list", domain.OutcomeDenied) == 0 {
		t.Error("permission denials are not audited")
	}
}

func TestAPITokensActWithTheirPermissionsOnly(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/tokens", `{"name":"ci","permissions":["playbooks:read"]}`)
	if res.StatusCode != 201 {
		t.Fatalf("create token: %d %s", res.StatusCode, b)
	}
	var created struct{ Data CreatedToken }
	_ = jsonUnmarshal(b, &created)
	tok := created.Data.Token
	if !strings.HasPrefix(tok, apiTokenPrefix) {
		t.Fatalf("token %q", tok)
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/playbooks", Token: tok}); res.StatusCode != 200 {
		t.Fatal("token cannot use its permission")
	}
	if res, _ := s.call(t, request{Method: "POST", Path: "/api/v1/playbooks/http-check/runs", Body: `{"params":{"url":"https://x.example.com"}}`, Token: tok}); res.StatusCode != 403 {
		t.Fatal("token used a permission it was not given")
	}
	res, b = s.do(t, "GET", "/api/v1/tokens", "")
	if res.StatusCode != 200 || strings.Contains(string(b), tok) || !strings.Contains(string(b), `"lastUsedAt":"`) {
		t.Fatalf("token list leaks the secret or lacks last use: %s", b)
	}
	if res, _ := s.do(t, "DELETE", "/api/v1/tokens/"+created.Data.ID, ""); res.StatusCode != 200 {
		t.Fatal("revoke failed")
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/playbooks", Token: tok}); res.StatusCode != 401 {
		t.Fatal("revoked token still works")
	}
	viewer := s.createUser(t, "v@example.com", "viewer")
	_ = viewer
	if res, b := s.do(t, "POST", "/api/v1/tokens", `{"name":"x","permissions":["nonsense:perm"]}`); res.StatusCode != 400 {
		t.Fatalf("unknown permission: %d %s", res.StatusCode, b)
	}
}
