package workflows_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// waiter waits until https://app.example.com/health answers.
var waiter = workflows.Definition{
	Playbook: domain.Playbook{Name: "waiter", Title: "Waiter", Timeout: time.Hour, Permission: "playbooks:run"},
	Run: func(rb *workflows.Runbook, _ workflows.Params) (map[string]any, error) {
		return nil, rb.WaitFor("wait until healthy", workflows.WaitOptions{Timeout: time.Minute, Every: 10 * time.Second},
			func(rb *workflows.Runbook) (bool, error) {
				_, err := rb.HTTP("probe", contract.HTTPRequestInput{Method: "GET", URL: "https://app.example.com/health"},
					workflows.StepOptions{MaxAttempts: 1})
				return err == nil, nil
			})
	},
}

// healthAfter answers 503 until calls reach n, then 200, and notes when.
type healthAfter struct {
	mu    sync.Mutex
	n     int
	calls []time.Time
	now   func() time.Time
}

func (h *healthAfter) probe(context.Context, contract.HTTPRequestInput) (contract.HTTPRequestResult, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, h.now())
	if h.n == 0 || len(h.calls) < h.n {
		return contract.HTTPRequestResult{Status: 503}, temporal.NewApplicationError("answered 503", contract.ErrHTTPServerError)
	}
	return contract.HTTPRequestResult{Status: 200}, nil
}

func TestWaitForChecksUntilTheConditionHolds(t *testing.T) {
	env, finished, log := newEnvWithLog(t, waiter)
	h := &healthAfter{n: 3, now: env.Now}
	env.OnActivity(acts.HTTPRequest, mock.Anything, mock.Anything).Return(h.probe)
	start := env.Now()

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("waiter"), contract.PlaybookInput{RunID: "run-1"})

	if (*finished)[0].Status != domain.RunSucceeded || len(h.calls) != 3 {
		t.Fatalf("run %+v after %d probes, want succeeded after 3", *finished, len(h.calls))
	}
	if got := h.calls[2].Sub(start); got != 20*time.Second {
		t.Fatalf("third probe at +%v, want +20s (every 10s)", got)
	}
	// One step in the run view: the wait, not each probe.
	if len(log.steps) != 2 || log.steps[1].Name != "wait until healthy" || log.steps[1].Status != domain.StepSucceeded ||
		log.steps[1].Result.(map[string]any)["checks"] != float64(3) {
		t.Fatalf("steps = %+v", log.steps)
	}
}

func TestWaitForFailsWhenTheTimeoutPasses(t *testing.T) {
	env, finished, _ := newEnvWithLog(t, waiter)
	h := &healthAfter{now: env.Now}
	env.OnActivity(acts.HTTPRequest, mock.Anything, mock.Anything).Return(h.probe)
	start := env.Now()

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("waiter"), contract.PlaybookInput{RunID: "run-1"})

	rec := (*finished)[0]
	if rec.Status != domain.RunFailed || !strings.Contains(rec.Error, "condition not met within 1m0s") {
		t.Fatalf("run = %+v", rec)
	}
	if last := h.calls[len(h.calls)-1].Sub(start); last > time.Minute || len(h.calls) != 6 {
		t.Fatalf("%d probes, last at +%v: want 6 within the minute", len(h.calls), last)
	}
}

// messenger emails a report and notifies whoever is on call.
var messenger = workflows.Definition{
	Playbook: domain.Playbook{Name: "messenger", Title: "Messenger", Timeout: time.Hour, Permission: "playbooks:run"},
	Run: func(rb *workflows.Runbook, _ workflows.Params) (map[string]any, error) {
		if err := rb.Email("email the report", []string{"team@example.com"}, "Disk report", "all good"); err != nil {
			return nil, err
		}
		return nil, rb.Notify("tell on-call", []domain.Target{{Type: domain.TargetSchedule, ID: "sched-1"}}, "Cleanup done\nfreed 2 GiB")
	},
}

func TestEmailAndNotifyStepsSendThroughTheNotifier(t *testing.T) {
	env, finished, log := newEnvWithLog(t, messenger)
	env.RegisterActivity(&activities.Notifier{})
	var sent []contract.RunMessageInput
	env.OnActivity(notifier.SendRunMessage, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in contract.RunMessageInput) (contract.NotifyResult, error) {
			log.mu.Lock()
			defer log.mu.Unlock()
			sent = append(sent, in)
			return contract.NotifyResult{Recipients: []contract.Recipient{{Channel: "email", Target: "x", Status: "sent"}}}, nil
		})

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("messenger"), contract.PlaybookInput{RunID: "run-1"})

	if (*finished)[0].Status != domain.RunSucceeded || len(sent) != 2 {
		t.Fatalf("run %+v, %d messages", *finished, len(sent))
	}
	email, notify := sent[0], sent[1]
	if email.Subject != "Disk report" || email.Targets[0].Address != "team@example.com" || email.Playbook != "messenger" || email.Seq != 1 {
		t.Fatalf("email = %+v", email)
	}
	if notify.Subject != "Cleanup done" || notify.Body != "Cleanup done\nfreed 2 GiB" || notify.Targets[0].ID != "sched-1" || notify.Seq != 2 {
		t.Fatalf("notify = %+v", notify)
	}
	kinds := map[string]bool{}
	for _, s := range log.steps {
		kinds[s.Kind] = true
	}
	if !kinds["email"] || !kinds["notify"] {
		t.Fatalf("steps = %+v", log.steps)
	}
}

func TestDryRunPlansMessagesWithoutSending(t *testing.T) {
	env, _, _ := newEnvWithLog(t, messenger)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("messenger"), contract.PlaybookInput{RunID: "run-1", DryRun: true})
	var res contract.PlaybookResult
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	plan, _ := res.Output["plan"].([]any)
	if len(plan) != 2 || plan[0].(map[string]any)["kind"] != "email" || plan[1].(map[string]any)["kind"] != "notify" {
		t.Fatalf("plan = %+v", plan)
	}
}
