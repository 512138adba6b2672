package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkLogin50Concurrent signs in over HTTP from 50 concurrent clients
// against a real `opsmanager api` and reports logins per second and the
// process's peak resident memory (Argon2id's memory cost dominates it).
func BenchmarkLogin50Concurrent(b *testing.B) {
	env := baseEnv(b)
	env["RATE_LIMIT_LOGIN_PER_15M"] = "100000000"
	env["RATE_LIMIT_LOGIN_PER_IP_15M"] = "100000000"
	env["LOG_LEVEL"] = "warn"
	if out, code := runToExit(b, env, "migrate", "up"); code != 0 {
		b.Fatalf("migrate: %s", out)
	}
	if out, code := runToExit(b, env, "user", "create", "--email", "bench@example.com", "--name", "Bench",
		"--role", "viewer", "--password", "benchmark password 1"); code != 0 {
		b.Fatalf("user create: %s", out)
	}
	p := startPlatform(b, "api", env)
	body := `{"email":"bench@example.com","password":"benchmark password 1"}`
	client := &http.Client{Timeout: 30 * time.Second}
	// 25 × GOMAXPROCS(2) = 50 concurrent clients
	throughput(b, 25, "logins", func() error {
		resp, err := client.Post(p.URL+"/api/v1/auth/login", "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("login answered %d", resp.StatusCode)
		}
		return nil
	})
	b.ReportMetric(float64(peakRSSKiB(b, p.cmd.Process.Pid))/1024, "peak-RSS-MiB")
}

// peakRSSKiB reads the process's high-water resident set size.
func peakRSSKiB(b *testing.B, pid int) int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	b.Fatal("no VmHWM in /proc status")
	return 0
}
