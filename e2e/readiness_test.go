package e2e

import (
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestReadyzFollowsRedis stops a Redis the platform uses and starts it
// again: /readyz turns 503 naming Redis, then 200 without a restart.
func TestReadyzFollowsRedis(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	startRedis(t, port)
	env := baseEnv(t)
	env["REDIS_URL"] = "redis://" + addr + "/0"
	a := startAPIAsAdmin(t, env)

	if out, err := exec.Command("redis-cli", "-p", port, "shutdown", "nosave").CombinedOutput(); err != nil && !strings.Contains(string(out), "connection") {
		t.Fatalf("stop redis: %v %s", err, out)
	}
	waitUntil(t, 20*time.Second, "readyz 503 naming redis", func() (bool, string) {
		code, body := getAs(a.base+"/readyz", a.token)
		return code == 503 && strings.Contains(body, `"redis":{"status":"down"`) &&
			strings.Contains(body, `"postgres":{"status":"ok"`) && strings.Contains(body, `"temporal":{"status":"ok"`), body
	})
	// Without a token a caller learns the status, not what is behind it.
	if code, body := get(a.base + "/readyz"); code != 503 || body != `{"status":"unavailable"}` {
		t.Fatalf("anonymous /readyz while redis is down: %d %s", code, body)
	}

	startRedis(t, port)
	waitUntil(t, 20*time.Second, "readyz 200 again", func() (bool, string) {
		code, body := get(a.base + "/readyz")
		return code == 200, body
	})
}

// startRedis runs a private redis-server on port, stopped when t ends.
func startRedis(t *testing.T, port string) {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start redis-server (installed by make deps): %v", err)
	}
	go func() { _ = cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	waitUntil(t, 10*time.Second, "redis up", func() (bool, string) {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err != nil {
			return false, err.Error()
		}
		c.Close()
		return true, ""
	})
}

// TestDashboardIsServed checks / answers with an HTML page and unknown API
// paths stay JSON errors.
func TestDashboardIsServed(t *testing.T) {
	t.Parallel()
	p := startPlatform(t, "api", baseEnv(t))
	code, body := get(p.URL + "/")
	if code != 200 || !strings.Contains(body, "<html") {
		t.Fatalf("GET /: %d %.200s", code, body)
	}
	code, body = get(p.URL + "/api/v1/does-not-exist")
	if code != 404 || !strings.Contains(body, `"statusCode":404`) {
		t.Fatalf("unknown API path: %d %s", code, body)
	}
}

// TestMetricsOnTheirOwnListener sets METRICS_ADDR: /metrics moves off the
// public port to that listener.
func TestMetricsOnTheirOwnListener(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	metricsAddr := freeAddr(t)
	env["METRICS_ADDR"] = metricsAddr
	a := startAPIAsAdmin(t, env)
	getAs(a.base+"/api/v1/playbooks", a.token)

	if code, body := get(a.base + "/metrics"); code != 404 {
		t.Fatalf("public port still serves /metrics: %d %.200s", code, body)
	}
	code, body := get("http://" + metricsAddr + "/metrics")
	if code != 200 || !strings.Contains(body, `opsmanager_http_requests_total{method="GET",route="/api/v1/playbooks",status="200"}`) ||
		!strings.Contains(body, "go_goroutines") {
		t.Fatalf("metrics listener: %d %.300s", code, body)
	}
}
