package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
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
	var failures atomic.Int64
	client := &http.Client{Timeout: 30 * time.Second}
	b.SetParallelism(25) // 25 × GOMAXPROCS(2) = 50 concurrent clients
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(p.URL+"/api/v1/auth/login", "application/json", strings.NewReader(body))
			if err != nil || resp.StatusCode != http.StatusOK {
				failures.Add(1)
			}
			if resp != nil {
				resp.Body.Close()
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if failures.Load() > 0 {
		b.Fatalf("%d of %d logins failed", failures.Load(), b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "logins/s")
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
