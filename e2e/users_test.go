package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestUserCreateCommandThenSignIn creates a user from the shell, as an
// admin would on a server, and signs in with it.
func TestUserCreateCommandThenSignIn(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	p := startPlatform(t, "dev", env)
	email := "ops-" + uuid.NewString()[:8] + "@example.com"
	out, code := runToExit(t, env, "user", "create", "--email", strings.ToUpper(email[:3])+email[3:], "--name", "Ops Person",
		"--role", "operator,viewer", "--password", "a long enough password")
	if code != 0 || !strings.Contains(out, "created user "+email) {
		t.Fatalf("user create: exit %d\n%s", code, out)
	}
	status, b := postJSON(t, p.URL+"/api/v1/auth/login", `{"email":"`+email+`","password":"a long enough password"}`, "")
	if status != http.StatusOK || !strings.Contains(string(b), `"roles":["operator","viewer"]`) {
		t.Fatalf("login: %d %s", status, b)
	}
	out, code = runToExit(t, env, "user", "create", "--email", email, "--name", "Again", "--role", "viewer", "--password", "a long enough password")
	if code != 1 || !strings.Contains(out, "already exists") {
		t.Fatalf("duplicate user: exit %d\n%s", code, out)
	}
	out, code = runToExit(t, env, "user", "create", "--email", "x@example.com", "--name", "X", "--role", "viewer", "--password", "short")
	if code != 1 || !strings.Contains(out, "password") {
		t.Fatalf("short password: exit %d\n%s", code, out)
	}
	if strings.Count(p.output.String(), "password: ") != 1 {
		t.Fatalf("the first admin's login must be printed exactly once:\n%s", p.output)
	}
}
