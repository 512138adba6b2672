package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/activities/sshtest"
	"github.com/opsmanager/opsmanager/domain"
)

// sshServer registers the test sshd (started by `make deps`) as a server.
func sshServer(t *testing.T, a apiClient) (name string, sshd sshtest.Server) {
	t.Helper()
	sshd = sshtest.Get(t)
	keyJSON, _ := json.Marshal(string(sshd.ClientKey))
	cred := a.post("/api/v1/credentials", fmt.Sprintf(`{"name":"key-%s","kind":"ssh-private-key","secret":%s}`, uuid.NewString()[:8], keyJSON))
	if _, leaked := cred["secret"]; leaked {
		t.Fatal("the credential's secret came back")
	}
	name = "web-" + uuid.NewString()[:8]
	sv := a.post("/api/v1/servers", fmt.Sprintf(`{"name":%q,"host":%q,"port":%d,"username":%q,"credentialId":%q,"tags":["e2e"]}`,
		name, sshd.Host, sshd.Port, sshd.User, cred["id"]))
	trustHostKey(t, a, sv["id"].(string), sshd)
	return name, sshd
}

// trustHostKey does what a user does for a new server: test the connection,
// check the fingerprint it shows against the host's own, and trust it.
func trustHostKey(t testing.TB, a apiClient, serverID string, sshd sshtest.Server) {
	t.Helper()
	res := a.post("/api/v1/servers/"+serverID+"/test", "")
	fp, _ := res["hostKeyFingerprint"].(string)
	known := false
	for _, line := range sshd.HostKeys {
		_, hostFP, _ := domain.ParseHostKey(line)
		known = known || hostFP == fp
	}
	if res["ok"] != false || res["errorType"] != "SSHHostKeyNotTrusted" || !known {
		t.Fatalf("first connection test: %v, want not trusted with one of the host's fingerprints", res)
	}
	a.post("/api/v1/servers/"+serverID+"/host-key", fmt.Sprintf(`{"fingerprint":%q}`, fp))
}

// TestDiagnosticsPlaybookOverRealSSH runs collect-diagnostics against the
// real sshd and checks its output, its steps, its logs, and that no
// secret reached the Temporal history.
func TestDiagnosticsPlaybookOverRealSSH(t *testing.T) {
	t.Parallel()
	p, a := startDev(t)
	server, _ := sshServer(t, a)

	run := a.post("/api/v1/playbooks/collect-diagnostics/runs", fmt.Sprintf(`{"params":{"servers":[%q],"lines":5}}`, server))
	id := run["id"].(string)
	// The run's own status (steps have statuses too).
	r, body := a.waitRun(id, 90*time.Second, "succeeded", "failed")
	if r.Status != "succeeded" || !strings.Contains(body, "load average") || !strings.Contains(body, `"kind":"ssh"`) {
		t.Fatalf("diagnostics run: %.3000s", body)
	}
	logs := a.get("/api/v1/runs/" + id + "/logs")
	if !strings.Contains(logs, "load average") || !strings.Contains(logs, `"stream":"stdout"`) {
		t.Errorf("run logs lack the uptime output: %.1000s", logs)
	}

	// A shell metacharacter in a parameter never reaches a shell: the unit
	// name is validated, and argv is quoted (activities/ssh_test.go).
	code, b := postJSON(t, p.URL+"/api/v1/playbooks/restart-service/runs",
		fmt.Sprintf(`{"params":{"servers":[%q],"unit":"x; touch /tmp/pwned"}}`, server), a.token)
	if code != http.StatusBadRequest || !strings.Contains(string(b), "params.unit") {
		t.Fatalf("injection attempt: %d %s, want 400 naming params.unit", code, b)
	}
}
