package e2e

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/activities/sshtest"
)

// addServers stores the test sshd's client key once and registers a server
// for each edit of the sshd's address and pin (port 0: the sshd's port;
// no pin: the sshd's own ed25519 key).
func addServers(t *testing.T, a apiClient, sshd sshtest.Server, servers ...struct {
	port    int
	hostKey string
}) []string {
	t.Helper()
	keyJSON, _ := json.Marshal(string(sshd.ClientKey))
	cred := a.post("/api/v1/credentials", fmt.Sprintf(`{"name":"key-%s","kind":"ssh-private-key","secret":%s}`, uuid.NewString()[:8], keyJSON))
	names := make([]string, len(servers))
	for i, s := range servers {
		port := sshd.Port
		if s.port != 0 {
			port = s.port
		}
		names[i] = "srv-" + uuid.NewString()[:8]
		if s.hostKey == "" {
			s.hostKey = sshd.HostKeys["ssh-ed25519"]
		}
		a.post("/api/v1/servers", fmt.Sprintf(`{"name":%q,"host":%q,"port":%d,"username":%q,"credentialId":%q,"hostKey":%q}`,
			names[i], sshd.Host, port, sshd.User, cred["id"], s.hostKey))
	}
	return names
}

// otherHostKey is a host key the test sshd does not have: a server pinned
// to it is one whose key "changed".
func otherHostKey(t *testing.T) string {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	key, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
}

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// diagnosticsRun runs collect-diagnostics on servers and returns how it ended.
func diagnosticsRun(a apiClient, servers ...string) (runView, string) {
	list, _ := json.Marshal(servers)
	run := a.post("/api/v1/playbooks/collect-diagnostics/runs", fmt.Sprintf(`{"params":{"servers":%s,"lines":5}}`, list))
	return a.waitRun(run["id"].(string), 120*time.Second, "succeeded", "failed", "cancelled", "timed_out")
}

// TestDiagnosticsOfUnreachableServersFail runs collect-diagnostics against
// the real sshd: a server whose pinned host key is not the one it presents,
// and a reachable server with one that refuses connections, each fail the
// run naming the server and the cause; a reachable server whose checks
// exit non-zero (no systemd here) still succeeds.
func TestDiagnosticsOfUnreachableServersFail(t *testing.T) {
	t.Parallel()
	_, a := startDev(t)
	sshd := sshtest.Get(t)
	names := addServers(t, a, sshd, []struct {
		port    int
		hostKey string
	}{{hostKey: otherHostKey(t)}, {}, {port: closedPort(t)}}...)
	changed, reachable, closed := names[0], names[1], names[2]

	r, body := diagnosticsRun(a, changed)
	if r.Status != "failed" || r.Error == nil || !strings.Contains(*r.Error, "1 server could not be reached: "+changed+": host key mismatch for server "+changed) {
		t.Fatalf("run on a server with a changed host key: %.3000s", body)
	}
	if n := strings.Count(body, `"kind":"ssh"`); n != 1 {
		t.Errorf("%d SSH steps on the unreachable server, want 1 (the other checks are skipped): %.3000s", n, body)
	}
	t.Logf("host key mismatch run: workflow %s", r.WorkflowID)

	r, body = diagnosticsRun(a, reachable, closed)
	if r.Status != "failed" || r.Error == nil || !strings.Contains(*r.Error, "1 server could not be reached: "+closed+": connect to server "+closed) ||
		!strings.Contains(*r.Error, "connection refused") || strings.Contains(*r.Error, reachable) {
		t.Fatalf("run on a reachable and an unreachable server: %.3000s", body)
	}
	if !strings.Contains(body, "load average") || !strings.Contains(body, `"unreachableServers":[{`) {
		t.Errorf("the failed run lost the reachable server's report or the unreachable list: %.3000s", body)
	}
	t.Logf("mixed run: workflow %s", r.WorkflowID)

	r, body = diagnosticsRun(a, reachable)
	var got struct {
		Data struct {
			Result struct {
				Servers []struct {
					FailedUnits struct{ ExitCode int } `json:"failed units"`
				}
			}
		}
	}
	_ = json.Unmarshal([]byte(body), &got)
	if r.Status != "succeeded" || len(got.Data.Result.Servers) != 1 || got.Data.Result.Servers[0].FailedUnits.ExitCode == 0 {
		t.Fatalf("run on a reachable server whose systemctl exits non-zero: %.3000s", body)
	}
}
