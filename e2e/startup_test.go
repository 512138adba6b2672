package e2e

import (
	"cmp"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/internal/testsvc"
	"github.com/opsmanager/opsmanager/redistest"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// TestStartupNamesTheServiceThatIsDown checks that with a dependency down
// `opsmanager api` exits with one clear line naming the service, the
// address tried and how to start it — not a stack trace.
func TestStartupNamesTheServiceThatIsDown(t *testing.T) {
	t.Parallel()
	dead := freeAddr(t) // nothing listens here
	cases := []struct {
		name, variable, value, want string
	}{
		{"postgres", "DATABASE_URL", "postgres://opsmanager:opsmanager@" + dead + "/opsmanager?sslmode=disable", "PostgreSQL is not reachable at " + dead},
		{"redis", "REDIS_URL", "redis://" + dead + "/0", "Redis is not reachable at " + dead},
		{"temporal", "TEMPORAL_ADDRESS", dead, "Temporal is not reachable at " + dead},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			othersUp(t, tc.name)
			env := map[string]string{"HTTP_ADDR": freeAddr(t), tc.variable: tc.value}
			out, code := runToExit(t, env, "api")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 1 || len(lines) != 1 {
				t.Fatalf("exit %d with %d lines, want exit 1 and one line:\n%s", code, len(lines), out)
			}
			if !strings.Contains(out, tc.want) || !strings.Contains(out, "connection refused") || !strings.Contains(out, "make deps") {
				t.Fatalf("message %q should name %q, the cause and `make deps`", out, tc.want)
			}
		})
	}
}

// TestSecondDevSaysAlreadyRunning checks a second `opsmanager dev` on the
// same address explains itself instead of failing obscurely.
func TestSecondDevSaysAlreadyRunning(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	startPlatform(t, "dev", env)
	out, code := runToExit(t, env, "dev")
	if code != 1 || !strings.Contains(out, "OpsManager is already running at http://"+env["HTTP_ADDR"]) {
		t.Fatalf("second dev: exit %d, output:\n%s", code, out)
	}
}

func TestUnknownCommandAndVersion(t *testing.T) {
	t.Parallel()
	out, code := runToExit(t, nil, "frobnicate")
	if code != 1 || !strings.Contains(out, `unknown command "frobnicate"`) || !strings.Contains(out, "usage: opsmanager") {
		t.Fatalf("unknown command: exit %d\n%s", code, out)
	}
	out, code = runToExit(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "opsmanager ") {
		t.Fatalf("version: exit %d\n%s", code, out)
	}
	out, code = runToExit(t, map[string]string{"HTTP_MAX_BODY_BYTES": "lots"}, "api")
	if code != 1 || !strings.Contains(out, "HTTP_MAX_BODY_BYTES") {
		t.Fatalf("bad config: exit %d\n%s", code, out)
	}
}

func runToExit(t testing.TB, env map[string]string, args ...string) (string, int) {
	t.Helper()
	cmd := command(env, args...)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("opsmanager %v did not exit within 60s", args)
	}
	if exitErr, ok := err.(*exec.ExitError); ok {
		return string(out), exitErr.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

// othersUp ends t (a skip outside `make test`) unless the services other
// than down are running, so that down is the only one named.
func othersUp(t *testing.T, down string) {
	t.Helper()
	addrs := map[string][2]string{
		"postgres": {"PostgreSQL", storetest.Addr(t)},
		"redis":    {"Redis", redistest.Options(t).Addr},
		"temporal": {"the Temporal dev server", cmp.Or(os.Getenv("TEMPORAL_ADDRESS"), "127.0.0.1:7233")},
	}
	for name, svc := range addrs {
		if name != down {
			testsvc.Reachable(t, svc[0], svc[1])
		}
	}
}
