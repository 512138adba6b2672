package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/activities/sshtest"
)

// BenchmarkSSHStepOverhead compares a run-command run of ten `true`
// commands (ten SSH steps through the API, Temporal, the worker and
// Postgres) with ten raw executions over x/crypto/ssh, each on a new
// connection as a naive script would do, against the test sshd. One op is
// one of each; the metrics are per command.
func BenchmarkSSHStepOverhead(b *testing.B) {
	_, a := benchPlatform(b)
	sshd := sshtest.Get(b)
	server := registerServer(b, a, sshd, "ssh-private-key", string(sshd.ClientKey))
	lines := `["true","true","true","true","true","true","true","true","true","true"]`
	body := fmt.Sprintf(`{"params":{"servers":[%q],"commands":%s,"mutating":false}}`, server, lines)
	var playbook, raw time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		id := a.post("/api/v1/playbooks/run-command/runs", body)["id"].(string)
		for {
			run, out := a.run(id)
			if run.Status == "succeeded" {
				break
			}
			if run.Status == "failed" || len(run.Steps) > 10 {
				b.Fatalf("run: %.2000s", out)
			}
			time.Sleep(10 * time.Millisecond)
		}
		if run, out := a.run(id); len(run.Steps) != 10 {
			b.Fatalf("want 10 steps: %.2000s", out)
		}
		playbook += time.Since(start)

		start = time.Now()
		for range 10 {
			c := sshd.Dial(b)
			if _, code := sshtest.Run(b, c, "true"); code != 0 {
				b.Fatal("true failed")
			}
			c.Close()
		}
		raw += time.Since(start)
	}
	steps := float64(b.N * 10)
	perPlaybook := playbook.Seconds() * 1000 / steps
	perRaw := raw.Seconds() * 1000 / steps
	b.ReportMetric(perPlaybook, "ms/step-playbook")
	b.ReportMetric(perRaw, "ms/step-raw")
	b.ReportMetric(perPlaybook-perRaw, "overhead-ms/step")
}
