// Package e2e runs the built opsmanager binary against the real local
// services (`make deps`): Postgres, Redis and the Temporal dev server.
package e2e

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/internal/testsvc"
	"github.com/opsmanager/opsmanager/store/storetest"
)

var (
	binary     string
	jwtKeyFile string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "opsmanager-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "opsmanager")
	build := exec.Command("go", "build", "-o", binary, "../cmd/opsmanager")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build opsmanager:", err)
		os.Exit(1)
	}
	jwtKeyFile = filepath.Join(dir, "jwt.pem")
	if out, err := exec.Command(binary, "keys", "jwt", jwtKeyFile).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "opsmanager keys jwt: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// platform is one running `opsmanager` process.
type platform struct {
	URL    string
	admin  string // the first admin's email
	cmd    *exec.Cmd
	output *syncBuffer
	exited chan error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// baseEnv isolates a platform: its own database, port and task queue.
func baseEnv(t testing.TB) map[string]string {
	return map[string]string{
		"OPSMANAGER_ENV":       "production", // JSON logs, as deployed
		"DATABASE_URL":         storetest.NewEmptyDatabase(t),
		"HTTP_ADDR":            freeAddr(t),
		"TEMPORAL_TASK_QUEUE":  "e2e-" + uuid.NewString(),
		"OUTBOUND_ALLOW_CIDRS": "127.0.0.0/8",
		"SSH_ALLOW_CIDRS":      "127.0.0.0/8",
		"SHUTDOWN_TIMEOUT":     "10s",
		"JWT_PRIVATE_KEY_FILE": jwtKeyFile,
		"ENCRYPTION_KEY":       "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
		// Unique per test: sign-in rate limits live in the shared Redis.
		"ADMIN_EMAIL": "admin-" + uuid.NewString()[:8] + "@example.com",
	}
}

func command(env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// startPlatform runs `opsmanager <mode>` and waits until /readyz answers 200.
// At cleanup it sends SIGTERM and checks the process exits cleanly.
func startPlatform(t testing.TB, mode string, env map[string]string) *platform {
	t.Helper()
	temporalAddr := cmp.Or(env["TEMPORAL_ADDRESS"], os.Getenv("TEMPORAL_ADDRESS"), "127.0.0.1:7233")
	testsvc.Reachable(t, "the Temporal dev server", temporalAddr)
	p := &platform{URL: "http://" + env["HTTP_ADDR"], output: &syncBuffer{}, exited: make(chan error, 1), admin: env["ADMIN_EMAIL"]}
	p.cmd = command(env, mode)
	p.cmd.Stdout, p.cmd.Stderr = p.output, p.output
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	t.Cleanup(func() { p.stop(t) })
	waitUntil(t, 90*time.Second, "platform ready", func() (bool, string) {
		select {
		case err := <-p.exited:
			p.exited <- err
			t.Fatalf("opsmanager %s exited early (%v):\n%s", mode, err, p.output)
		default:
		}
		code, body := get(p.URL + "/readyz")
		return code == 200, body
	})
	return p
}

func (p *platform) stop(t testing.TB) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		if err != nil {
			t.Errorf("opsmanager did not exit cleanly on SIGTERM: %v\n%s", err, p.output)
		}
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		t.Errorf("opsmanager did not stop within 30s of SIGTERM\n%s", p.output)
	}
}

// waitUntil polls cond until it holds or the deadline passes.
func waitUntil(t testing.TB, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	last := ""
	for time.Now().Before(deadline) {
		ok, state := cond()
		if ok {
			return
		}
		last = state
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: not reached within %v; last state: %s", what, timeout, last)
}

func get(url string) (int, string) { return getAs(url, "") }

func getAs(url, token string) (int, string) {
	c := http.Client{Timeout: 5 * time.Second}
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var adminPassword = regexp.MustCompile(`password: (\S+)`)

// adminToken signs in as the first admin, whose password `dev` printed once,
// and sets a password of its own as the first admin must (the session stays).
// startDev starts the platform in dev mode with the base environment and
// returns it with a client signed in as its first admin.
func startDev(t testing.TB) (*platform, apiClient) {
	p := startPlatform(t, "dev", baseEnv(t))
	return p, apiClient{t: t, base: p.URL, token: p.adminToken(t)}
}

func (p *platform) adminToken(t testing.TB) string {
	t.Helper()
	m := adminPassword.FindStringSubmatch(p.output.String())
	if m == nil {
		t.Fatalf("dev did not print the first admin's password:\n%s", p.output)
	}
	token := p.login(t, p.admin, m[1])
	body := fmt.Sprintf(`{"currentPassword":%q,"newPassword":%q}`, m[1], m[1]+"-own")
	if code, b := postJSON(t, p.URL+"/api/v1/auth/password", body, token); code != http.StatusNoContent {
		t.Fatalf("first admin's password change: %d %s", code, b)
	}
	return token
}

// login signs in and returns the access token.
func (p *platform) login(t testing.TB, email, password string) string {
	t.Helper()
	code, b := postJSON(t, p.URL+"/api/v1/auth/login", fmt.Sprintf(`{"email":%q,"password":%q}`, email, password), "")
	if code != http.StatusOK {
		t.Fatalf("login as %s: %d %s", email, code, b)
	}
	var out struct{ Data struct{ AccessToken string } }
	if err := json.Unmarshal(b, &out); err != nil || out.Data.AccessToken == "" {
		t.Fatalf("login response %s", b)
	}
	return out.Data.AccessToken
}

// startAPIAsAdmin migrates the database, creates an admin user (env's
// ADMIN_EMAIL), runs `opsmanager api` and returns a client signed in as that
// admin. It starts no worker: tests that kill workers start their own
// (startWorker).
func startAPIAsAdmin(t testing.TB, env map[string]string) apiClient {
	t.Helper()
	const password = "an admin password 123"
	if out, code := runToExit(t, env, "migrate", "up"); code != 0 {
		t.Fatal(out)
	}
	if out, code := runToExit(t, env, "user", "create", "--email", env["ADMIN_EMAIL"], "--name", "Admin", "--role", "admin", "--password", password); code != 0 {
		t.Fatal(out)
	}
	p := startPlatform(t, "api", env)
	return apiClient{t: t, base: p.URL, token: p.login(t, env["ADMIN_EMAIL"], password)}
}

func postJSON(t testing.TB, url, body, token string) (int, []byte) {
	t.Helper()
	return sendJSON(t, http.MethodPost, url, body, token)
}

func patchJSON(t testing.TB, url, body, token string) (int, []byte) {
	t.Helper()
	return sendJSON(t, http.MethodPatch, url, body, token)
}

func deleteAs(t testing.TB, url, token string) (int, []byte) {
	t.Helper()
	return sendJSON(t, http.MethodDelete, url, "", token)
}

// sendJSON sends body (JSON, or none) with the token and returns the answer.
func sendJSON(t testing.TB, method, url, body, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func decode[T any](t testing.TB, body []byte) T {
	t.Helper()
	var out T
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return out
}
