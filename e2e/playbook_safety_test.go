package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/activities/sshtest"
	"github.com/opsmanager/opsmanager/config"
)

// The tests here check what an operator relies on when a playbook acts on
// real servers: cancel stops the remote command, a crashed worker does not
// repeat what already ran, approvals go through the API, and no secret
// reaches the Temporal history.

// runView is the part of GET /runs/:id these tests read.
type runView struct {
	ID         string
	Status     string
	Error      *string
	WorkflowID string
	ApprovedBy *string
	Steps      []struct {
		Name, Kind, Status string
		Attempts           int
		Error              *string
	}
}

func (a apiClient) run(id string) (runView, string) {
	a.t.Helper()
	body := a.get("/api/v1/runs/" + id)
	var out struct{ Data runView }
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		a.t.Fatalf("run %s: %v in %s", id, err, body)
	}
	return out.Data, body
}

// waitRun waits until the run is in one of statuses and returns it.
func (a apiClient) waitRun(id string, timeout time.Duration, statuses ...string) (runView, string) {
	a.t.Helper()
	var run runView
	var body string
	waitUntil(a.t, timeout, "run "+id+" "+strings.Join(statuses, " or "), func() (bool, string) {
		run, body = a.run(id)
		for _, s := range statuses {
			if run.Status == s {
				return true, body
			}
		}
		return false, body
	})
	return run, body
}

// remote runs cmd on the test sshd as its user over a direct connection,
// not through OpsManager, and returns the output and exit status.
func remote(t testing.TB, c *ssh.Client, cmd string) (string, int) {
	t.Helper()
	return sshtest.Run(t, c, cmd)
}

// registerServer stores secret as a credential of kind and registers the
// test sshd under a new name with it.
func registerServer(t testing.TB, a apiClient, sshd sshtest.Server, kind, secret string) string {
	t.Helper()
	secretJSON, _ := json.Marshal(secret)
	cred := a.post("/api/v1/credentials", fmt.Sprintf(`{"name":"%s-%s","kind":%q,"secret":%s}`, kind, uuid.NewString()[:8], kind, secretJSON))
	if _, leaked := cred["secret"]; leaked || cred["id"] == nil {
		t.Fatalf("credential created as %v", cred)
	}
	name := "srv-" + uuid.NewString()[:8]
	sv := a.post("/api/v1/servers", fmt.Sprintf(`{"name":%q,"host":%q,"port":%d,"username":%q,"credentialId":%q}`,
		name, sshd.Host, sshd.Port, sshd.User, cred["id"]))
	trustHostKey(t, a, sv["id"].(string), sshd)
	return name
}

// newUser creates a user with roles through the API and signs them in.
func newUser(t *testing.T, admin apiClient, role string) (email string, user apiClient) {
	t.Helper()
	email = role + "-" + uuid.NewString()[:8] + "@example.com"
	admin.post("/api/v1/users", fmt.Sprintf(`{"email":%q,"displayName":%q,"password":"a long enough password","roles":[%q]}`, email, role, role))
	code, b := postJSON(t, admin.base+"/api/v1/auth/login", fmt.Sprintf(`{"email":%q,"password":"a long enough password"}`, email), "")
	if code != http.StatusOK {
		t.Fatalf("login as %s: %d %s", email, code, b)
	}
	var login struct{ Data struct{ AccessToken string } }
	_ = json.Unmarshal(b, &login)
	return email, apiClient{t: t, base: admin.base, token: login.Data.AccessToken}
}

// TestCancelKillsTheRemoteCommand cancels a run while `sleep` runs on the
// server: the process is gone within 15 s and the run is cancelled.
func TestCancelKillsTheRemoteCommand(t *testing.T) {
	t.Parallel()
	p, a := startDev(t)
	server, sshd := sshServer(t, a)
	direct := sshd.Dial(t)
	// A duration nobody else sleeps, to find this very process.
	secs := fmt.Sprintf("300.%05d", rand.IntN(100000))
	exact := fmt.Sprintf(`pgrep -x -f 'sleep %s'`, strings.ReplaceAll(secs, ".", `\.`))
	// The bracket keeps the pgrep (and its shell) from matching itself; it
	// also matches the wrapper's watchdog, which must go too.
	related := fmt.Sprintf(`pgrep -f '[s]leep %s'`, strings.ReplaceAll(secs, ".", `\.`))

	run := a.post("/api/v1/playbooks/run-command/runs", fmt.Sprintf(`{"params":{"servers":[%q],"command":["sleep",%q]}}`, server, secs))
	id := run["id"].(string)
	waitUntil(t, 60*time.Second, "sleep running on the server", func() (bool, string) {
		out, code := remote(t, direct, exact)
		return code == 0, out
	})

	// Cancel a few seconds into the step, as an operator would: a cancel
	// reaches the activity only in a heartbeat's answer, and the SDK batches
	// heartbeats (up to 16 s for SSH steps unless the worker caps it).
	time.Sleep(6 * time.Second)
	code, b := postJSON(t, p.URL+"/api/v1/runs/"+id+"/cancel", "", a.token)
	if code != http.StatusAccepted {
		t.Fatalf("cancel: %d %s", code, b)
	}
	cancelled := time.Now()
	var gone, recorded time.Duration
	waitUntil(t, 15*time.Second, "remote sleep killed and run cancelled", func() (bool, string) {
		if r, body := a.run(id); r.Status != "cancelled" {
			return false, body
		} else if recorded == 0 {
			recorded = time.Since(cancelled)
		}
		if out, code := remote(t, direct, related); code == 0 {
			return false, "still running: " + out
		}
		gone = time.Since(cancelled)
		return true, ""
	})
	t.Logf("after the cancel request: run recorded as cancelled in %v, remote process gone in %v",
		recorded.Round(time.Millisecond), gone.Round(time.Millisecond))
	waitUntil(t, 15*time.Second, "the run log says the command was killed", func() (bool, string) {
		logs := a.get("/api/v1/runs/" + id + "/logs")
		return strings.Contains(logs, "cancelled; the remote command was killed"), logs
	})
	// The cancelled step's end is recorded too: no step is left "running".
	waitUntil(t, 10*time.Second, "the cancelled step recorded as ended", func() (bool, string) {
		r, body := a.run(id)
		for _, st := range r.Steps {
			if st.Status == "running" {
				return false, body
			}
		}
		return len(r.Steps) > 0, body
	})
	code, b = postJSON(t, p.URL+"/api/v1/runs/"+id+"/cancel", "", a.token)
	if code != http.StatusConflict {
		t.Fatalf("cancelling a cancelled run: %d %s, want 409", code, b)
	}
}

// TestKilledWorkerDoesNotRepeatStartedSteps kills the worker (SIGKILL)
// while the second of three commands runs and starts another: the first
// command ran exactly once, and the second, which is mutating and had
// started, is not run again (contract.RunCommandInput.Mutating): the run
// fails saying so, and the third never runs.
func TestKilledWorkerDoesNotRepeatStartedSteps(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	a := startAPIAsAdmin(t, env)
	server, sshd := sshServer(t, a)
	direct := sshd.Dial(t)
	dir := "/tmp/opsmanager-e2e-" + uuid.NewString()
	t.Cleanup(func() { remote(t, direct, "rm -rf "+dir) })
	secs := fmt.Sprintf("20.%05d", rand.IntN(100000))
	sleeping := fmt.Sprintf(`pgrep -f '[s]leep %s'`, strings.ReplaceAll(secs, ".", `\.`))
	lines, _ := json.Marshal([]string{
		"mkdir -p " + dir + " && echo 1 >> " + dir + "/M",
		"echo 2 >> " + dir + "/M; sleep " + secs + "; echo 2done >> " + dir + "/M",
		"echo 3 >> " + dir + "/M",
	})

	w := startWorker(t, env)
	run := a.post("/api/v1/playbooks/run-command/runs", fmt.Sprintf(`{"params":{"servers":[%q],"commands":%s}}`, server, lines))
	id := run["id"].(string)
	waitUntil(t, 60*time.Second, "step 2 sleeping on the server", func() (bool, string) {
		out, code := remote(t, direct, sleeping)
		return code == 0, out
	})
	if err := w.Process.Kill(); err != nil { // SIGKILL: no graceful shutdown
		t.Fatal(err)
	}
	killed := time.Now()
	// The dropped connection closes the command's stdin: the wrapper kills it.
	waitUntil(t, 10*time.Second, "the remote command stopped with its worker", func() (bool, string) {
		out, code := remote(t, direct, sleeping)
		return code != 0, out
	})
	startWorker(t, env)

	final, body := a.waitRun(id, 120*time.Second, "succeeded", "failed", "cancelled", "timed_out")
	t.Logf("run %s %v after the kill: %s", final.Status, time.Since(killed).Round(time.Second), deref(final.Error))
	marker, _ := remote(t, direct, "cat "+dir+"/M")
	count := func(line string) int {
		n := 0
		for _, l := range strings.Split(strings.TrimSpace(marker), "\n") {
			if l == line {
				n++
			}
		}
		return n
	}
	if count("1") != 1 {
		t.Errorf("step 1 ran %d times, want exactly once; marker:\n%s", count("1"), marker)
	}
	if count("2") != 1 || count("2done") != 0 {
		t.Errorf("the interrupted mutating step 2 ran %d times (finished %d), want once and not finished; marker:\n%s",
			count("2"), count("2done"), marker)
	}
	if count("3") != 0 {
		t.Errorf("step 3 ran after step 2 failed; marker:\n%s", marker)
	}
	if final.Status != "failed" || final.Error == nil || !strings.Contains(*final.Error, "not retried") {
		t.Fatalf("run %s (error %v), want failed saying the mutating step is not retried", final.Status, deref(final.Error))
	}
	if !hasStep(final, "run 1/3 on "+server) || !hasStep(final, "run 2/3 on "+server) || hasStep(final, "run 3/3 on "+server) {
		t.Fatalf("steps: %.3000s", body)
	}
	for _, st := range final.Steps {
		if st.Name == "run 2/3 on "+server && (st.Status != "failed" || st.Error == nil || !strings.Contains(*st.Error, "not retried")) {
			t.Fatalf("step 2 is %s (%s), want failed saying why", st.Status, deref(st.Error))
		}
	}
}

// TestApprovalThroughTheAPI: an operator approves an admin's restart, the
// admin cannot approve their own, a responder cannot approve at all nor
// run arbitrary commands, and a rejection fails the run without acting.
func TestApprovalThroughTheAPI(t *testing.T) {
	t.Parallel()
	p, admin := startDev(t)
	server, _ := sshServer(t, admin)
	approverEmail, approver := newUser(t, admin, "operator")
	_, responder := newUser(t, admin, "responder")

	code, b := postJSON(t, p.URL+"/api/v1/playbooks/run-command/runs", fmt.Sprintf(`{"params":{"servers":[%q],"command":["id"]}}`, server), responder.token)
	if code != http.StatusForbidden || !strings.Contains(string(b), "playbooks:run-command") {
		t.Fatalf("responder starting run-command: %d %s, want 403 naming playbooks:run-command", code, b)
	}

	start := func() string {
		run := admin.post("/api/v1/playbooks/restart-service/runs", fmt.Sprintf(`{"params":{"servers":[%q],"unit":"opsmanager-e2e.service"}}`, server))
		id := run["id"].(string)
		admin.waitRun(id, 60*time.Second, "waiting_approval")
		return id
	}
	id := start()
	code, b = postJSON(t, p.URL+"/api/v1/runs/"+id+"/approve", `{"note":"mine"}`, admin.token)
	if code != http.StatusForbidden || !strings.Contains(string(b), "your own run") {
		t.Fatalf("self-approval: %d %s, want 403", code, b)
	}
	code, b = postJSON(t, p.URL+"/api/v1/runs/"+id+"/approve", "", responder.token)
	if code != http.StatusForbidden || !strings.Contains(string(b), "playbooks:approve") {
		t.Fatalf("approval by a responder: %d %s, want 403", code, b)
	}
	code, b = postJSON(t, p.URL+"/api/v1/runs/"+id+"/approve", `{"note":"go ahead"}`, approver.token)
	if code != http.StatusOK {
		t.Fatalf("approval by an operator: %d %s", code, b)
	}
	code, b = postJSON(t, p.URL+"/api/v1/runs/"+id+"/approve", "", approver.token)
	if code != http.StatusConflict {
		t.Fatalf("second approval: %d %s, want 409", code, b)
	}
	// The restart itself then runs on the server (where systemctl cannot
	// restart a unit that does not exist): what matters is that it ran.
	run, body := admin.waitRun(id, 90*time.Second, "succeeded", "failed")
	if run.ApprovedBy == nil || *run.ApprovedBy != approverEmail || !hasStep(run, "restart opsmanager-e2e.service on "+server) {
		t.Fatalf("approved run: %.2000s", body)
	}

	id = start()
	code, b = postJSON(t, p.URL+"/api/v1/runs/"+id+"/reject", `{"note":"not during the sale"}`, approver.token)
	if code != http.StatusOK {
		t.Fatalf("reject: %d %s", code, b)
	}
	run, body = admin.waitRun(id, 60*time.Second, "succeeded", "failed")
	if run.Status != "failed" || run.Error == nil || *run.Error != "rejected by "+approverEmail+": not during the sale" {
		t.Fatalf("rejected run: %.2000s", body)
	}
	for _, st := range run.Steps {
		if st.Kind == "ssh" {
			t.Fatalf("a rejected run acted on the server: %.2000s", body)
		}
	}
}

func hasStep(r runView, name string) bool {
	for _, st := range r.Steps {
		if st.Name == name && st.Status != "running" {
			return true
		}
	}
	return false
}

// TestSecretsNeverReachTemporalHistory runs collect-diagnostics with a
// password credential and with a private key, then reads both workflow
// histories (payloads decoded) and the API's credential and server lists:
// neither secret appears anywhere.
func TestSecretsNeverReachTemporalHistory(t *testing.T) {
	t.Parallel()
	p, a := startDev(t)
	keyServer, sshd := sshServer(t, a)
	pwServer := registerServer(t, a, sshd, "password", sshd.Password)

	secrets := map[string]string{"the password": sshd.Password}
	for i, line := range strings.Split(strings.TrimSpace(string(sshd.ClientKey)), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			secrets[fmt.Sprintf("line %d of the private key", i+1)] = line
		}
	}
	assertNoSecret := func(where, text string) {
		t.Helper()
		for what, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s is in %s", what, where)
			}
		}
	}

	for _, server := range []string{keyServer, pwServer} {
		run := a.post("/api/v1/playbooks/collect-diagnostics/runs", fmt.Sprintf(`{"params":{"servers":[%q],"lines":5}}`, server))
		id := run["id"].(string)
		r, body := a.waitRun(id, 90*time.Second, "succeeded", "failed")
		if r.Status != "succeeded" || !strings.Contains(body, "load average") {
			t.Fatalf("diagnostics on %s: %.2000s", server, body)
		}
		// Decoded through the codec endpoint: what the payloads hold, in clear.
		history := temporalHistory(t, r.WorkflowID, "--codec-endpoint", p.URL+"/codec", "--codec-auth", "Bearer "+a.token)
		if !strings.Contains(history, "load average") {
			t.Fatalf("the history of %s does not hold the command output: is it decoded? %.500s", r.WorkflowID, history)
		}
		assertNoSecret("the Temporal history of the run on "+server, history)
		assertNoSecret("the run view", body)
		assertNoSecret("the run log", a.get("/api/v1/runs/"+id+"/logs"))
	}
	assertNoSecret("GET /credentials", a.get("/api/v1/credentials"))
	assertNoSecret("GET /servers", a.get("/api/v1/servers"))
}

// temporalHistory returns a workflow's history as the Temporal CLI shows
// it, followed by every base64 string in it decoded, so a secret inside
// an encoded payload is found too. args go to `temporal workflow show`
// (such as a codec endpoint).
func temporalHistory(t *testing.T, workflowID string, args ...string) string {
	t.Helper()
	out, err := temporalShow(workflowID, args...)
	if err != nil {
		t.Fatalf("temporal workflow show: %v %s", err, out)
	}
	text, err := withDecodedStrings(out)
	if err != nil {
		t.Fatalf("temporal workflow show printed no JSON: %v %.500s", err, out)
	}
	return text
}

// withDecodedStrings returns JSON out followed by every base64 string in
// it, decoded.
func withDecodedStrings(out []byte) (string, error) {
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		return "", err
	}
	var all strings.Builder
	all.Write(out)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case string:
			if raw, err := base64.StdEncoding.DecodeString(v); err == nil && len(raw) > 0 {
				all.WriteString("\n")
				all.Write(raw)
			}
		}
	}
	walk(doc)
	return all.String(), nil
}

// temporalShow runs `temporal workflow show -o json` on workflowID.
func temporalShow(workflowID string, args ...string) ([]byte, error) {
	addr, ns := os.Getenv("TEMPORAL_ADDRESS"), os.Getenv("TEMPORAL_NAMESPACE")
	if addr == "" {
		addr = config.DefaultTemporalAddr
	}
	if ns == "" {
		ns = "default"
	}
	return exec.Command("../bin/temporal", append([]string{"workflow", "show", "--workflow-id", workflowID,
		"--namespace", ns, "--address", addr, "-o", "json"}, args...)...).CombinedOutput()
}
