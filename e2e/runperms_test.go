package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// triggeredRun saves a service whose incidents start playbook with params,
// opens an incident titled title on it, and returns the run it started.
func triggeredRun(t *testing.T, a apiClient, playbook, params, title string) string {
	t.Helper()
	policy := a.post("/api/v1/escalation-policies", fmt.Sprintf(`{"name":"p-%s","levels":[
		{"delaySeconds":300,"targets":[{"type":"email","address":"oncall-%s@example.com"}]}]}`, uuid.NewString(), uuid.NewString()))
	svc := a.post("/api/v1/services", fmt.Sprintf(`{"name":"svc-%s","escalationPolicyId":%q,"playbooks":[{"playbook":%q,"params":%s}]}`,
		uuid.NewString()[:8], policy["id"], playbook, params))
	inc := a.post("/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":%q,"severity":"high"}`, svc["id"], title))
	var runID string
	waitUntil(t, 30*time.Second, "the incident starts "+playbook, func() (bool, string) {
		body := a.get("/api/v1/incidents/" + inc["id"].(string))
		got := decode[struct {
			Data struct {
				Runs []struct{ RunID, Relation string }
			}
		}](t, []byte(body))
		if len(got.Data.Runs) == 1 && got.Data.Runs[0].Relation == "triggered" {
			runID = got.Data.Runs[0].RunID
			return true, body
		}
		return false, body
	})
	return runID
}

// TestNobodyBehindATriggerOrTokenApprovesItsRun: the admin who saved a
// service's trigger cannot approve the run an incident starts through it,
// nor approve a run started with a token they created, nor approve with
// that token a run of their own; an operator can. The run shows who is
// behind it.
func TestNobodyBehindATriggerOrTokenApprovesItsRun(t *testing.T) {
	t.Parallel()
	p, admin := startDev(t)
	server, _ := sshServer(t, admin)
	_, operator := newUser(t, admin, "operator")
	restart := fmt.Sprintf(`{"servers":[%q],"unit":"opsmanager-e2e.service"}`, server)
	approve := func(id, token string) (int, string) {
		code, b := postJSON(t, p.URL+"/api/v1/runs/"+id+"/approve", "", token)
		return code, string(b)
	}

	id := triggeredRun(t, admin, "restart-service", restart, "Checkout down")
	_, body := admin.waitRun(id, 60*time.Second, "waiting_approval")
	if !strings.Contains(body, `"requestedBy":"automation (on behalf of `+p.admin+`)"`) {
		t.Fatalf("triggered run: %.2000s", body)
	}
	if code, b := approve(id, admin.token); code != http.StatusForbidden || !strings.Contains(b, "your own run") {
		t.Fatalf("the trigger's saver approving: %d %s, want 403", code, b)
	}
	if code, b := approve(id, operator.token); code != http.StatusOK {
		t.Fatalf("an operator approving: %d %s", code, b)
	}

	tok := admin.post("/api/v1/tokens", `{"name":"deploy","permissions":["playbooks:read","playbooks:run","playbooks:approve"]}`)["token"].(string)
	byToken := decode[struct{ Data struct{ ID string } }](t, func() []byte {
		code, b := postJSON(t, p.URL+"/api/v1/playbooks/restart-service/runs", `{"params":`+restart+`}`, tok)
		if code != http.StatusCreated {
			t.Fatalf("token starting a run: %d %s", code, b)
		}
		return b
	}()).Data.ID
	_, body = admin.waitRun(byToken, 60*time.Second, "waiting_approval")
	if !strings.Contains(body, `"requestedBy":"token:deploy (on behalf of `+p.admin+`)"`) {
		t.Fatalf("token-started run: %.2000s", body)
	}
	if code, b := approve(byToken, admin.token); code != http.StatusForbidden || !strings.Contains(b, "your own run") {
		t.Fatalf("the token's creator approving: %d %s, want 403", code, b)
	}
	own := admin.post("/api/v1/playbooks/restart-service/runs", `{"params":`+restart+`}`)["id"].(string)
	admin.waitRun(own, 60*time.Second, "waiting_approval")
	if code, b := approve(own, tok); code != http.StatusForbidden || !strings.Contains(b, "your own run") {
		t.Fatalf("the admin's token approving the admin's run: %d %s, want 403", code, b)
	}
	for _, id := range []string{byToken, own} {
		if code, b := postJSON(t, p.URL+"/api/v1/runs/"+id+"/reject", "", operator.token); code != http.StatusOK {
			t.Fatalf("an operator rejecting: %d %s", code, b)
		}
	}
}

// TestIncidentTitleNeverRunsOnTheServer: an incident whose title is a shell
// command starts a run-command trigger that echoes the title on the real
// sshd: the title comes out verbatim, and nothing in it ran. A trigger
// putting a placeholder into argv is refused when saved.
func TestIncidentTitleNeverRunsOnTheServer(t *testing.T) {
	t.Parallel()
	p, a := startDev(t)
	server, sshd := sshServer(t, a)
	direct := sshd.Dial(t)
	// Should the title ever run, rm -rf ~ removes only a decoy in the test
	// user's home (the path continues), and the markers appear.
	tag := uuid.NewString()[:8]
	decoy, marker := "opsmanager-decoy-"+tag, "pwned-"+tag
	if out, code := remote(t, direct, "rm -f ~/pwned && mkdir ~/"+decoy); code != 0 {
		t.Fatal(out)
	}
	t.Cleanup(func() { remote(t, direct, "rm -rf ~/"+decoy+" ~/"+marker) })
	title := fmt.Sprintf("$(touch pwned); rm -rf ~/%s; touch %s; `touch %s` '\"", decoy, marker, marker)

	code, b := postJSON(t, p.URL+"/api/v1/services", fmt.Sprintf(`{"name":"svc-%s","escalationPolicyId":"x","playbooks":[
		{"playbook":"run-command","params":{"servers":[%q],"command":["sh","-c","echo {{incident.title}}"]}}]}`, tag, server), a.token)
	if code != http.StatusBadRequest || !strings.Contains(string(b), "playbooks[0].params.command") {
		t.Fatalf("argv placeholder: %d %s, want 400 naming playbooks[0].params.command", code, b)
	}

	id := triggeredRun(t, a, "run-command", fmt.Sprintf(`{"servers":[%q],"commands":["echo title: {{incident.title}}"]}`, server), title)
	r, body := a.waitRun(id, 90*time.Second, "succeeded", "failed")
	if r.Status != "succeeded" {
		t.Fatalf("run: %.3000s", body)
	}
	waitUntil(t, 15*time.Second, "the title in the run's output, verbatim", func() (bool, string) {
		logs := a.get("/api/v1/runs/" + id + "/logs")
		return strings.Contains(logs, "title: "+strings.ReplaceAll(strings.ReplaceAll(title, `"`, `\"`), "'", "'")), logs
	})
	if out, code := remote(t, direct, fmt.Sprintf("test -d ~/%s && ! test -e ~/pwned && ! test -e ~/%s", decoy, marker)); code != 0 {
		t.Fatalf("the incident title ran on the server (%d): %s", code, out)
	}
}
