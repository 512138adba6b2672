package workflows_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

var fixer = workflows.Definition{
	Playbook: domain.Playbook{Name: "fixer", Title: "Fixer", Timeout: time.Hour, Permission: "playbooks:run"},
	Run: func(rb *workflows.Runbook, _ workflows.Params) (map[string]any, error) {
		web := contract.ServerRef{ID: "s1", Name: "web-1"}
		if _, err := rb.SSH("look", web, []string{"uptime"}, workflows.SSHOptions{}); err != nil {
			return nil, err
		}
		_, err := rb.SSH("restart", web, []string{"systemctl", "restart", "nginx"}, workflows.SSHOptions{Mutating: true})
		return nil, err
	},
}

func TestMutatingStepHoldsTheServerLockAroundItsCommand(t *testing.T) {
	env, finished, log := newEnvWithLog(t, fixer)
	env.RegisterActivity(&activities.SSH{})
	env.OnActivity(sshActs.RunCommand, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in contract.RunCommandInput) (contract.RunCommandResult, error) {
			log.mu.Lock()
			defer log.mu.Unlock()
			log.locks = append(log.locks, "run "+in.StepName)
			return contract.RunCommandResult{}, nil
		})

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("fixer"), contract.PlaybookInput{RunID: "run-1"})

	if (*finished)[0].Status != domain.RunSucceeded {
		t.Fatalf("run = %+v", *finished)
	}
	want := []string{"run look", "lock web-1 restart", "run restart", "unlock web-1 restart"}
	if !reflect.DeepEqual(log.locks, want) {
		t.Fatalf("order = %q, want %q", log.locks, want)
	}
}
