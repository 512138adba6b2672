package workflows_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

func TestStepThatExhaustsRetriesFailsRunAndOpensIncident(t *testing.T) {
	env, finished, log := newEnvWithLog(t, playbooks.HTTPCheck)
	calls := 0
	env.OnActivity(acts.HTTPRequest, mock.Anything, mock.Anything).Return(
		func(context.Context, contract.HTTPRequestInput) (contract.HTTPRequestResult, error) {
			calls++
			return contract.HTTPRequestResult{}, temporal.NewApplicationError("GET https://x.example.com answered 503", contract.ErrHTTPServerError)
		})

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("http-check"), httpCheckInput("https://x.example.com"))

	if calls != 3 || len(*finished) != 1 || (*finished)[0].Status != domain.RunFailed {
		t.Fatalf("attempts %d, run %+v: want 3 attempts then failed", calls, *finished)
	}
	if len(log.incidents) != 1 {
		t.Fatalf("incidents opened = %+v, want exactly one", log.incidents)
	}
	got := log.incidents[0]
	if got.Relation != domain.LinkFailure || got.RunID != "run-1" || got.Playbook != "http-check" || !strings.Contains(got.Message, "answered 503") {
		t.Fatalf("incident request = %+v", got)
	}
}

func TestCancelledOrDryRunsOpenNoIncident(t *testing.T) {
	env, finished, log := newEnvWithLog(t, sleeper)
	env.RegisterDelayedCallback(env.CancelWorkflow, 10*time.Second)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("sleeper"), contract.PlaybookInput{RunID: "run-1"})
	if (*finished)[0].Status != domain.RunCancelled || len(log.incidents) != 0 {
		t.Fatalf("cancelled run %+v opened %+v", *finished, log.incidents)
	}

	env, finished, log = newEnvWithLog(t, broken)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("broken"), contract.PlaybookInput{RunID: "run-1", DryRun: true})
	if (*finished)[0].Status != domain.RunFailed || len(log.incidents) != 0 {
		t.Fatalf("failed dry run %+v opened %+v", *finished, log.incidents)
	}
}

// broken is a playbook whose code fails, even when it only plans.
var broken = workflows.Definition{
	Playbook: domain.Playbook{Name: "broken", Title: "Broken", Timeout: time.Minute, Permission: "playbooks:run"},
	Run: func(*workflows.Runbook, workflows.Params) (map[string]any, error) {
		return nil, errors.New("no servers match tag web")
	},
}
