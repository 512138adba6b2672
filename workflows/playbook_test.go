package workflows_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

var (
	acts     *activities.Activities
	lockActs *activities.Locks
)

// finishRecord is one FinishRun call and the virtual time it happened.
type finishRecord struct {
	contract.FinishRunInput
	At time.Time
}

// newEnv returns a test environment running def, with the bookkeeping
// activities mocked and FinishRun calls recorded.
func newEnv(t *testing.T, def workflows.Definition) (*testsuite.TestWorkflowEnvironment, *[]finishRecord) {
	env, finished, _ := newEnvWithLog(t, def)
	return env, finished
}

// newEnvWithLog is newEnv that also records step and approval writes.
func newEnvWithLog(t *testing.T, def workflows.Definition) (*testsuite.TestWorkflowEnvironment, *[]finishRecord, *stepLog) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.PlaybookWorkflow(def), workflow.RegisterOptions{Name: workflows.PlaybookWorkflowType(def.Name)})
	env.RegisterActivity(&activities.Activities{})
	env.RegisterActivity(&activities.Locks{})
	log := &stepLog{}
	env.RegisterActivityWithOptions(func(_ context.Context, in contract.RunIncidentInput) (string, error) {
		log.mu.Lock()
		defer log.mu.Unlock()
		log.incidents = append(log.incidents, in)
		return "incident-1", nil
	}, activity.RegisterOptions{Name: "OpenRunIncident"})
	env.OnActivity(acts.MarkRunRunning, mock.Anything, contract.MarkRunRunningInput{RunID: "run-1"}).Return(nil).Once()
	env.OnActivity(acts.RecordStep, mock.Anything, mock.Anything).Return(func(_ context.Context, in contract.RecordStepInput) error {
		log.mu.Lock() // mocked activities run on their own goroutines
		defer log.mu.Unlock()
		log.steps = append(log.steps, in)
		return nil
	})
	env.OnActivity(acts.SetRunWaiting, mock.Anything, mock.Anything).Return(func(_ context.Context, in contract.SetRunWaitingInput) error {
		log.mu.Lock()
		defer log.mu.Unlock()
		if in.Waiting {
			log.waitingStart = env.Now()
		}
		log.waiting = append(log.waiting, in)
		return nil
	}).Maybe()
	lockEvent := func(what string) func(context.Context, contract.ServerLockInput) error {
		return func(_ context.Context, in contract.ServerLockInput) error {
			log.mu.Lock()
			defer log.mu.Unlock()
			log.locks = append(log.locks, what+" "+in.ServerName+" "+in.Step)
			return nil
		}
	}
	env.OnActivity(lockActs.AcquireServerLock, mock.Anything, mock.Anything).Return(lockEvent("lock")).Maybe()
	env.OnActivity(lockActs.ReleaseServerLock, mock.Anything, mock.Anything).Return(lockEvent("unlock")).Maybe()
	var finished []finishRecord
	env.OnActivity(acts.FinishRun, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in contract.FinishRunInput) error {
			log.mu.Lock()
			defer log.mu.Unlock()
			finished = append(finished, finishRecord{in, env.Now()})
			return nil
		})
	return env, &finished, log
}

func httpCheckInput(url string) contract.PlaybookInput {
	return contract.PlaybookInput{RunID: "run-1", RequestedBy: "alice", Params: map[string]any{
		"url": url, "method": "GET", "expectStatus": float64(200), "timeoutSeconds": float64(5),
	}}
}

func TestHTTPCheckSucceeds(t *testing.T) {
	env, finished := newEnv(t, playbooks.HTTPCheck)
	env.OnActivity(acts.HTTPRequest, mock.Anything, contract.HTTPRequestInput{
		Method: "GET", URL: "https://status.example.com", TimeoutSeconds: 5, ExpectStatus: []int{200},
	}).Return(contract.HTTPRequestResult{Status: 200, DurationMs: 42}, nil).Once()

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("http-check"), httpCheckInput("https://status.example.com"))

	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow failed: %v", err)
	}
	var res contract.PlaybookResult
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	if res.Status != domain.RunSucceeded || res.Output["status"] != float64(200) || res.Output["durationMs"] != float64(42) {
		t.Fatalf("result = %+v, want succeeded with status 200 and 42 ms", res)
	}
	if len(*finished) != 1 || (*finished)[0].Status != domain.RunSucceeded || (*finished)[0].RunID != "run-1" {
		t.Fatalf("run record = %+v, want one succeeded record for run-1", *finished)
	}
	env.AssertExpectations(t)
}

func TestHTTPCheckRetriesServerErrorsThenSucceeds(t *testing.T) {
	env, finished := newEnv(t, playbooks.HTTPCheck)
	calls := 0
	env.OnActivity(acts.HTTPRequest, mock.Anything, mock.Anything).Return(
		func(context.Context, contract.HTTPRequestInput) (contract.HTTPRequestResult, error) {
			calls++
			if calls < 3 {
				return contract.HTTPRequestResult{}, temporal.NewApplicationError("answered 503", contract.ErrHTTPServerError)
			}
			return contract.HTTPRequestResult{Status: 200}, nil
		})

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("http-check"), httpCheckInput("https://x.example.com"))

	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow failed: %v", err)
	}
	if calls != 3 || (*finished)[0].Status != domain.RunSucceeded {
		t.Fatalf("calls = %d, record = %+v; want 3 attempts and succeeded", calls, *finished)
	}
}

func TestHTTPCheckFailsOnClientErrorWithoutRetry(t *testing.T) {
	env, finished := newEnv(t, playbooks.HTTPCheck)
	env.OnActivity(acts.HTTPRequest, mock.Anything, mock.Anything).Return(contract.HTTPRequestResult{},
		temporal.NewNonRetryableApplicationError("GET https://x.example.com answered 404, expected [200]", contract.ErrHTTPClientError, nil)).Once()

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("http-check"), httpCheckInput("https://x.example.com"))

	var app *temporal.ApplicationError
	if err := env.GetWorkflowError(); !errors.As(err, &app) {
		t.Fatalf("workflow error = %v, want an application error", err)
	}
	want := contract.FinishRunInput{RunID: "run-1", Status: domain.RunFailed, Error: "GET https://x.example.com answered 404, expected [200]"}
	if len(*finished) != 1 || (*finished)[0].Status != want.Status || (*finished)[0].Error != want.Error {
		t.Fatalf("run record = %+v, want %+v", *finished, want)
	}
	env.AssertExpectations(t)
}

// sleeper is a playbook that waits, to test timeouts and cancellation.
var sleeper = workflows.Definition{
	Playbook: domain.Playbook{Name: "sleeper", Title: "Sleeper", Timeout: time.Minute, Permission: "playbooks:run"},
	Run: func(rb *workflows.Runbook, _ workflows.Params) (map[string]any, error) {
		return nil, rb.Sleep(time.Hour)
	},
}

func TestPlaybookTimesOutAtItsTimeout(t *testing.T) {
	env, finished := newEnv(t, sleeper)
	start := env.Now()

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("sleeper"), contract.PlaybookInput{RunID: "run-1"})

	if len(*finished) != 1 || (*finished)[0].Status != domain.RunTimedOut {
		t.Fatalf("run record = %+v, want timed_out", *finished)
	}
	if got := (*finished)[0].At.Sub(start); got != time.Minute {
		t.Fatalf("timed out after %v, want exactly 1m", got)
	}
}

func TestCancelledPlaybookIsRecordedAsCancelled(t *testing.T) {
	env, finished := newEnv(t, sleeper)
	env.RegisterDelayedCallback(env.CancelWorkflow, 10*time.Second)

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("sleeper"), contract.PlaybookInput{RunID: "run-1"})

	if len(*finished) != 1 || (*finished)[0].Status != domain.RunCancelled {
		t.Fatalf("run record = %+v, want cancelled", *finished)
	}
}
