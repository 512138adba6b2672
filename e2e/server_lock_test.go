package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestMutatingStepsOnOneServerDoNotOverlap starts two runs whose mutating
// step writes "start", sleeps, then writes "end" to the same file on the
// test sshd. The per-server lock makes the second wait for the first: the
// file reads start, end, start, end — never start, start.
func TestMutatingStepsOnOneServerDoNotOverlap(t *testing.T) {
	t.Parallel()
	_, a := startDev(t)
	server, sshd := sshServer(t, a)
	direct := sshd.Dial(t)
	file := "/tmp/opsmanager-lock-" + uuid.NewString()
	t.Cleanup(func() { remote(t, direct, "rm -f "+file) })

	start := func(name string) string {
		lines, _ := json.Marshal([]string{fmt.Sprintf("echo start-%s >> %s; sleep 2; echo end-%s >> %s", name, file, name, file)})
		run := a.post("/api/v1/playbooks/run-command/runs", fmt.Sprintf(`{"params":{"servers":[%q],"commands":%s,"mutating":true}}`, server, lines))
		return run["id"].(string)
	}
	first, second := start("a"), start("b")
	for _, id := range []string{first, second} {
		if r, body := a.waitRun(id, 90*time.Second, "succeeded", "failed"); r.Status != "succeeded" {
			t.Fatalf("run %s: %s", id, body)
		}
	}
	out, _ := remote(t, direct, "cat "+file)
	lines := strings.Fields(out)
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "start-") || !strings.HasPrefix(lines[1], "end-") ||
		lines[0][len("start-"):] != lines[1][len("end-"):] || !strings.HasPrefix(lines[2], "start-") {
		t.Fatalf("the two mutating steps overlapped on the server:\n%s", out)
	}
}
