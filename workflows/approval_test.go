package workflows_test

import (
	"context"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

// risky asks for approval, then calls an HTTP endpoint.
var risky = workflows.Definition{
	Playbook: domain.Playbook{Name: "risky", Title: "Risky", Timeout: 2 * time.Hour, Permission: "playbooks:run", Risk: domain.RiskHigh},
	Run: func(rb *workflows.Runbook, _ workflows.Params) (map[string]any, error) {
		if err := rb.Approve("Approve the restart", "Restart checkout?", 30*time.Minute); err != nil {
			return nil, err
		}
		_, err := rb.HTTP("Restart", contract.HTTPRequestInput{Method: "POST", URL: "https://x.example.com/restart"}, workflows.StepOptions{})
		return map[string]any{"restarted": err == nil}, err
	},
}

type stepLog struct {
	mu           sync.Mutex
	waitingStart time.Time
	steps        []contract.RecordStepInput
	waiting      []contract.SetRunWaitingInput
	http         int
	incidents    []contract.RunIncidentInput
	locks        []string // "lock <server> <step>" and "unlock ..." in order
}

func newApprovalEnv(t *testing.T, def workflows.Definition) (*testsuite.TestWorkflowEnvironment, *stepLog, *[]finishRecord) {
	env, finished, log := newEnvWithLog(t, def)
	env.OnActivity(acts.HTTPRequest, mock.Anything, mock.Anything).Return(func(context.Context, contract.HTTPRequestInput) (contract.HTTPRequestResult, error) {
		log.mu.Lock()
		defer log.mu.Unlock()
		log.http++
		return contract.HTTPRequestResult{Status: 200}, nil
	})
	return env, log, finished
}

func decide(env *testsuite.TestWorkflowEnvironment, after time.Duration, d contract.ApprovalDecision, rejected *error) {
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(contract.UpdateRunApproval, "decision-"+after.String(), &testsuite.TestUpdateCallback{
			OnAccept: func() {}, OnReject: func(err error) { *rejected = err }, OnComplete: func(interface{}, error) {},
		}, d)
	}, after)
}

func runInput() contract.PlaybookInput {
	return contract.PlaybookInput{RunID: "run-1", RequestedBy: "alice"}
}

func TestApprovedRunContinues(t *testing.T) {
	env, log, finished := newApprovalEnv(t, risky)
	var selfErr, otherErr error
	decide(env, 5*time.Minute, contract.ApprovalDecision{Approve: true, By: "alice"}, &selfErr)
	decide(env, 10*time.Minute, contract.ApprovalDecision{Approve: true, By: "bob", Note: "go"}, &otherErr)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("risky"), runInput())
	if selfErr == nil || !strings.Contains(selfErr.Error(), "your own run") {
		t.Fatalf("self-approval: %v, want rejected", selfErr)
	}
	if otherErr != nil || log.http != 1 || (*finished)[0].Status != domain.RunSucceeded {
		t.Fatalf("approval by bob: %v; http calls %d; run %+v", otherErr, log.http, *finished)
	}
	if len(log.waiting) != 2 || !log.waiting[0].Waiting || log.waiting[1].Waiting || log.waiting[1].ApprovedBy != "bob" {
		t.Fatalf("waiting records = %+v", log.waiting)
	}
}

// TestNobodyBehindARunApprovesIt: a run an incident trigger started on
// alice's behalf cannot be approved by alice, nor by a token alice
// created, nor by the requester itself; bob approves it.
func TestNobodyBehindARunApprovesIt(t *testing.T) {
	env, log, finished := newApprovalEnv(t, risky)
	refused := make([]error, 3)
	var bobErr error
	decide(env, 1*time.Minute, contract.ApprovalDecision{Approve: true, By: "alice"}, &refused[0])
	decide(env, 2*time.Minute, contract.ApprovalDecision{Approve: true, By: "token:deploy", OnBehalfOf: "alice"}, &refused[1])
	decide(env, 3*time.Minute, contract.ApprovalDecision{Approve: true, By: "automation"}, &refused[2])
	decide(env, 4*time.Minute, contract.ApprovalDecision{Approve: true, By: "bob"}, &bobErr)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("risky"), contract.PlaybookInput{RunID: "run-1", RequestedBy: "automation", OnBehalfOf: "alice"})
	for i, err := range refused {
		if err == nil || !strings.Contains(err.Error(), "your own run") {
			t.Errorf("approval %d: %v, want refused as self-approval", i, err)
		}
	}
	if bobErr != nil || log.http != 1 || (*finished)[0].Status != domain.RunSucceeded || log.waiting[1].ApprovedBy != "bob" {
		t.Fatalf("approval by bob: %v; http calls %d; run %+v", bobErr, log.http, *finished)
	}
}

// TestATokenCannotApproveItsCreatorsRun: alice's own run, approved through
// a token alice created, is still refused.
func TestATokenCannotApproveItsCreatorsRun(t *testing.T) {
	env, _, finished := newApprovalEnv(t, risky)
	var tokenErr error
	decide(env, time.Minute, contract.ApprovalDecision{Approve: true, By: "token:ci", OnBehalfOf: "alice"}, &tokenErr)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("risky"), runInput())
	if tokenErr == nil || !strings.Contains(tokenErr.Error(), "your own run") || (*finished)[0].Status != domain.RunFailed {
		t.Fatalf("token approval: %v, run %+v; want refused and the approval to time out", tokenErr, *finished)
	}
}

func TestRejectedRunFailsWithoutActing(t *testing.T) {
	env, log, finished := newApprovalEnv(t, risky)
	var err error
	decide(env, time.Minute, contract.ApprovalDecision{Approve: false, By: "bob", Note: "not during the sale"}, &err)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("risky"), runInput())
	if log.http != 0 || (*finished)[0].Status != domain.RunFailed || !strings.Contains((*finished)[0].Error, "rejected by bob: not during the sale") {
		t.Fatalf("http %d, run %+v", log.http, *finished)
	}
	if len(log.incidents) != 0 {
		t.Fatalf("a rejection opened an incident: %+v", log.incidents)
	}
}

func TestUnansweredApprovalTimesOut(t *testing.T) {
	env, log, finished := newApprovalEnv(t, risky)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("risky"), runInput())
	rec := (*finished)[0]
	if log.http != 0 || rec.Status != domain.RunFailed || !strings.Contains(rec.Error, "nobody approved within 30m") {
		t.Fatalf("run %+v", rec)
	}
	if waited := rec.At.Sub(log.waitingStart); waited != 30*time.Minute {
		t.Fatalf("timed out after %v, want exactly 30m", waited)
	}
	// The unanswered approval escalates: an incident opens, linked to the run.
	if len(log.incidents) != 1 || log.incidents[0].Relation != domain.LinkApprovalTimeout || log.incidents[0].RunID != "run-1" {
		t.Fatalf("incidents opened = %+v, want one approval_timeout for run-1", log.incidents)
	}
}

func TestDryRunPlansWithoutActing(t *testing.T) {
	env, log, finished := newApprovalEnv(t, risky)
	in := runInput()
	in.DryRun = true
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("risky"), in)
	var res contract.PlaybookResult
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	plan, _ := res.Output["plan"].([]any)
	if log.http != 0 || len(log.waiting) != 0 || len(plan) != 2 || res.Output["dryRun"] != true || (*finished)[0].Status != domain.RunSucceeded {
		t.Fatalf("dry run: http %d, waits %d, output %+v", log.http, len(log.waiting), res.Output)
	}
	for _, s := range log.steps {
		if s.Status != domain.StepSkipped {
			t.Fatalf("dry-run step recorded as %s", s.Status)
		}
	}
}

func TestStepsAreRecordedInOrder(t *testing.T) {
	env, log, _ := newApprovalEnv(t, playbooks.HTTPCheck)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("http-check"), httpCheckInput("https://status.example.com"))
	// The two writes are asynchronous and may land in either order; the
	// store keeps the finished one (see store.RecordStep).
	steps := append([]contract.RecordStepInput(nil), log.steps...)
	sort.Slice(steps, func(i, j int) bool { return steps[i].FinishedAt == nil && steps[j].FinishedAt != nil })
	if len(steps) != 2 || steps[0].Status != domain.StepRunning || steps[1].Status != domain.StepSucceeded ||
		steps[0].Seq != 1 || steps[1].Seq != 1 || steps[1].FinishedAt == nil || steps[0].Kind != "http" {
		t.Fatalf("steps = %+v", log.steps)
	}
}
