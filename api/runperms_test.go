package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/workflows"
)

const secretOutput = "db-password-in-stdout"

// storedRun records a run of playbook with a result, one finished step and
// one log line, all holding secretOutput, as the worker would.
func (s *testServer) storedRun(t *testing.T, playbook string, params map[string]any) string {
	t.Helper()
	ctx := context.Background()
	id := uuid.Must(uuid.NewV7()).String()
	run := domain.Run{ID: id, Playbook: playbook, Status: domain.RunPending, Params: params,
		WorkflowID: workflows.PlaybookWorkflowID(playbook, id), RequestedBy: "admin@example.com", CreatedAt: s.clock.Now()}
	if err := s.runs.Create(ctx, run); err != nil {
		t.Fatal(err)
	}
	now := s.clock.Now()
	if err := s.runs.RecordStep(ctx, store.StepRecord{RunID: id, Seq: 1, Name: "run on web-1", Kind: "ssh", Target: "web-1",
		Status: domain.StepSucceeded, Attempts: 1, Result: map[string]any{"stdout": secretOutput}, At: now, FinishedAt: &now}); err != nil {
		t.Fatal(err)
	}
	if err := store.NewRunLogs(s.pool).Append(ctx, id, "1", "stdout", []byte(secretOutput+"\n")); err != nil {
		t.Fatal(err)
	}
	return id
}

type runJSON struct {
	Params      map[string]any
	Result      json.RawMessage
	Redacted    bool
	Permission  string
	RequestedBy string
	OnBehalfOf  *string
	Steps       []struct{ Name, Target string }
}

func (s *testServer) getRunAs(t *testing.T, id, token string) (runJSON, string) {
	t.Helper()
	res, b := s.call(t, request{Method: "GET", Path: "/api/v1/runs/" + id, Token: token})
	if res.StatusCode != 200 {
		t.Fatalf("GET run: %d %s", res.StatusCode, b)
	}
	var out struct{ Data runJSON }
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out.Data, string(b)
}

// TestRunDetailsNeedThePlaybookPermission: a viewer, and an operator
// without playbooks:run-command, see that a run-command run exists (status,
// steps' names) but not its parameters, result or output; the admin sees
// all. An operator reads an http-check run (playbooks:run) in full.
func TestRunDetailsNeedThePlaybookPermission(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cmdRun := s.storedRun(t, "run-command", map[string]any{"servers": []any{"web-1"}, "command": []any{"cat", "/etc/secret-file"}})
	httpRun := s.storedRun(t, "http-check", map[string]any{"url": "https://status.example.com"})
	if err := s.runs.Finish(context.Background(), cmdRun, domain.RunSucceeded, map[string]any{"stdout": secretOutput}, ""); err != nil {
		t.Fatal(err)
	}
	viewer := s.tokenFor(t, s.createUser(t, "viewer@example.com", "viewer").ID)
	operator := s.tokenFor(t, s.createUser(t, "operator@example.com", "operator").ID)

	for who, token := range map[string]string{"viewer": viewer, "operator": operator} {
		run, body := s.getRunAs(t, cmdRun, token)
		if !run.Redacted || run.Permission != "playbooks:run-command" || len(run.Params) != 0 || strings.Contains(body, secretOutput) ||
			strings.Contains(body, "/etc/secret-file") || len(run.Steps) != 1 || run.Steps[0].Name != "run on web-1" || run.Steps[0].Target != "" {
			t.Errorf("%s reads the run-command run: %s", who, body)
		}
		res, b := s.call(t, request{Method: "GET", Path: "/api/v1/runs/" + cmdRun + "/logs", Token: token})
		if res.StatusCode != 403 || strings.Contains(string(b), secretOutput) || !strings.Contains(string(b), "playbooks:run-command") {
			t.Errorf("%s reads the run-command output: %d %s", who, res.StatusCode, b)
		}
		res, b = s.call(t, request{Method: "GET", Path: "/api/v1/runs?limit=100", Token: token})
		if res.StatusCode != 200 || strings.Contains(string(b), secretOutput) || strings.Contains(string(b), "/etc/secret-file") ||
			!strings.Contains(string(b), cmdRun) {
			t.Errorf("%s lists runs: %d %s", who, res.StatusCode, b)
		}
	}
	if s.auditCount(t, "run.logs", domain.OutcomeDenied) != 2 {
		t.Error("refused reads of run output are not audited")
	}

	run, body := s.getRunAs(t, cmdRun, "")
	if run.Redacted || run.Params["command"] == nil || !strings.Contains(body, secretOutput) || run.Steps[0].Target != "web-1" {
		t.Errorf("the admin cannot read the run: %s", body)
	}
	if res, b := s.do(t, "GET", "/api/v1/runs/"+cmdRun+"/logs", ""); res.StatusCode != 200 || !strings.Contains(string(b), secretOutput) {
		t.Errorf("the admin cannot read the output: %d %s", res.StatusCode, b)
	}
	if run, body := s.getRunAs(t, httpRun, operator); run.Redacted || run.Params["url"] != "https://status.example.com" {
		t.Errorf("an operator cannot read an http-check run: %s", body)
	}
	if run, body := s.getRunAs(t, httpRun, viewer); !run.Redacted || run.Permission != "playbooks:run" || strings.Contains(body, secretOutput) {
		t.Errorf("a viewer reads an http-check run's details: %s", body)
	}
}

// TestCancellingARunNeedsItsPlaybookPermission: an operator may cancel an
// http-check run but not a run-command run (which they could not start).
func TestCancellingARunNeedsItsPlaybookPermission(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cmdRun := s.storedRun(t, "run-command", map[string]any{"servers": []any{"web-1"}, "command": []any{"uptime"}})
	httpRun := s.storedRun(t, "http-check", map[string]any{"url": "https://status.example.com"})
	operator := s.tokenFor(t, s.createUser(t, "operator@example.com", "operator").ID)

	res, b := s.call(t, request{Method: "POST", Path: "/api/v1/runs/" + cmdRun + "/cancel", Token: operator})
	if res.StatusCode != 403 || !strings.Contains(string(b), "playbooks:run-command") {
		t.Fatalf("operator cancelling run-command: %d %s, want 403", res.StatusCode, b)
	}
	if len(s.starter.cancelled) != 0 {
		t.Fatalf("the workflow was cancelled anyway: %v", s.starter.cancelled)
	}
	if s.auditCount(t, "run.cancel", domain.OutcomeDenied) != 1 {
		t.Error("the refused cancel is not audited")
	}
	if res, b := s.call(t, request{Method: "POST", Path: "/api/v1/runs/" + httpRun + "/cancel", Token: operator}); res.StatusCode != 202 {
		t.Fatalf("operator cancelling http-check: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "POST", "/api/v1/runs/"+cmdRun+"/cancel", ""); res.StatusCode != 202 {
		t.Fatalf("admin cancelling run-command: %d %s", res.StatusCode, b)
	}
	if len(s.starter.cancelled) != 2 {
		t.Fatalf("cancelled %v, want the two allowed", s.starter.cancelled)
	}
}

// TestTriggersRecordWhoSavedThemAndRefuseCodePlaceholders: a saved trigger
// names its saver (whatever the client claims), and run-command triggers
// may not put incident data where it becomes code.
func TestTriggersRecordWhoSavedThemAndRefuseCodePlaceholders(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	policy := s.createPolicy(t, "Primary")
	service := func(params string) string {
		return `{"name":"checkout-` + uuid.NewString()[:8] + `","escalationPolicyId":"` + policy + `","playbooks":[{"playbook":"run-command","params":` + params +
			`,"savedBy":"someone-else@example.com"}]}`
	}
	for params, field := range map[string]string{
		`{"servers":["web-1"],"command":["sh","-c","logger {{incident.title}}"]}`: "playbooks[0].params.command",
		`{"servers":["web-1"],"command":["{{service.name}}"]}`:                    "playbooks[0].params.command",
		`{"servers":["web-1"],"commands":["logger \"{{incident.title}}\""]}`:      "playbooks[0].params.commands",
		`{"servers":["web-1"],"commands":["logger '{{incident.title}}'"]}`:        "playbooks[0].params.commands",
	} {
		res, b := s.do(t, "POST", "/api/v1/services", service(params))
		if res.StatusCode != 400 {
			t.Errorf("%s: %d %s, want 400", params, res.StatusCode, b)
			continue
		}
		if e := parseErrorBody(t, b); e.Details[0].Field != field {
			t.Errorf("%s: error names %q, want %q (%s)", params, e.Details[0].Field, field, b)
		}
	}
	res, b := s.do(t, "POST", "/api/v1/services", service(`{"servers":["web-1"],"commands":["logger -t ops {{incident.title}}"]}`))
	if res.StatusCode != 201 {
		t.Fatalf("valid trigger: %d %s", res.StatusCode, b)
	}
	var svc struct{ Data domain.Service }
	_ = json.Unmarshal(b, &svc)
	if len(svc.Data.Playbooks) != 1 || svc.Data.Playbooks[0].SavedBy != "admin@example.com" {
		t.Fatalf("saved trigger: %s, want savedBy the admin", b)
	}
	stored, err := store.NewPolicies(s.pool).Service(context.Background(), svc.Data.ID)
	if err != nil || stored.Playbooks[0].SavedBy != "admin@example.com" {
		t.Fatalf("stored trigger: %+v, %v", stored.Playbooks, err)
	}
}

// TestTokenStartedRunNamesTheTokensCreator: the run records the human
// behind the token, the workflow gets it for the four-eyes check, and the
// run shows "token:ci (on behalf of admin@example.com)".
func TestTokenStartedRunNamesTheTokensCreator(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/tokens", `{"name":"ci","permissions":["playbooks:run","playbooks:read"]}`)
	if res.StatusCode != 201 {
		t.Fatalf("create token: %d %s", res.StatusCode, b)
	}
	var created struct{ Data CreatedToken }
	_ = jsonUnmarshal(b, &created)
	res, b = s.call(t, request{Method: "POST", Path: "/api/v1/playbooks/http-check/runs", Body: `{"params":{"url":"https://x.example.com"}}`,
		Token: created.Data.Token})
	if res.StatusCode != 201 {
		t.Fatalf("start run: %d %s", res.StatusCode, b)
	}
	var out struct{ Data runJSON }
	_ = json.Unmarshal(b, &out)
	if out.Data.RequestedBy != "token:ci (on behalf of admin@example.com)" || out.Data.OnBehalfOf == nil || *out.Data.OnBehalfOf != "admin@example.com" {
		t.Fatalf("run: %s", b)
	}
	in, ok := s.starter.args[len(s.starter.args)-1].(contract.PlaybookInput)
	if !ok || in.RequestedBy != "token:ci" || in.OnBehalfOf != "admin@example.com" {
		t.Fatalf("workflow input %+v", s.starter.args)
	}
}
