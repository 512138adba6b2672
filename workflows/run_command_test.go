package workflows_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

var (
	sshActs     *activities.SSH
	targetsActs *activities.Targets
)

// sshCalls records RunCommand inputs; the step named fail exits 1.
type sshCalls struct {
	mu   sync.Mutex
	ins  []contract.RunCommandInput
	fail string // StepName that exits 1
}

func (c *sshCalls) run(_ context.Context, in contract.RunCommandInput) (contract.RunCommandResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ins = append(c.ins, in)
	res := contract.RunCommandResult{ServerID: in.ServerID, Stdout: "ok " + in.StepName}
	if in.StepName == c.fail {
		res.ExitCode = 1
		return res, temporal.NewNonRetryableApplicationError(`"sh" on server x exited with status 1`, contract.ErrSSHCommandFailed, nil, res)
	}
	return res, nil
}

func runCommandEnv(t *testing.T, calls *sshCalls) (*[]finishRecord, func(params map[string]any)) {
	env, finished := newEnv(t, playbooks.RunCommand)
	env.RegisterActivity(&activities.SSH{})
	env.RegisterActivity(&activities.Targets{})
	env.OnActivity(targetsActs.ResolveServers, mock.Anything, mock.Anything).Return(
		[]contract.ServerRef{{ID: "s1", Name: "web-1"}, {ID: "s2", Name: "web-2"}}, nil).Once()
	env.OnActivity(sshActs.RunCommand, mock.Anything, mock.Anything).Return(calls.run)
	return finished, func(params map[string]any) {
		env.ExecuteWorkflow(workflows.PlaybookWorkflowType("run-command"), contract.PlaybookInput{RunID: "run-1", RequestedBy: "alice", Params: params})
	}
}

func TestRunCommandRunsEachLineInOrderOnEachServer(t *testing.T) {
	calls := &sshCalls{}
	finished, execute := runCommandEnv(t, calls)

	execute(map[string]any{"tag": "web", "commands": []any{"echo 1", "echo 2"}, "mutating": true,
		"timeoutSeconds": float64(120), "parallel": float64(1)})

	if len(*finished) != 1 || (*finished)[0].Status != domain.RunSucceeded {
		t.Fatalf("run record = %+v, want succeeded", *finished)
	}
	var got []string
	for _, in := range calls.ins {
		got = append(got, in.ServerID+" "+in.StepName+" "+strings.Join(in.Command, "|"))
		if !in.Mutating || in.TimeoutSeconds != 120 || in.RunID != "run-1" {
			t.Errorf("input %+v: want mutating, 120 s and run-1", in)
		}
	}
	want := []string{"s1 run 1/2 on web-1 sh|-c|echo 1", "s1 run 2/2 on web-1 sh|-c|echo 2",
		"s2 run 1/2 on web-2 sh|-c|echo 1", "s2 run 2/2 on web-2 sh|-c|echo 2"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("commands ran as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	servers, _ := (*finished)[0].Result["servers"].([]any)
	if len(servers) != 2 || servers[1].(map[string]any)["server"] != "web-2" {
		t.Fatalf("result = %+v", (*finished)[0].Result)
	}
}

func TestRunCommandStopsAServerAtItsFirstFailure(t *testing.T) {
	calls := &sshCalls{fail: "run 1/2 on web-1"}
	finished, execute := runCommandEnv(t, calls)

	execute(map[string]any{"servers": []any{"web-1", "web-2"}, "commands": []any{"false", "echo never"},
		"mutating": false, "timeoutSeconds": float64(300), "parallel": float64(2)})

	rec := (*finished)[0]
	if rec.Status != domain.RunFailed || !strings.Contains(rec.Error, "exited with status 1") {
		t.Fatalf("run record = %+v, want failed naming the exit status", rec)
	}
	ran := map[string]bool{}
	for _, in := range calls.ins {
		ran[in.StepName] = true
		if in.Mutating {
			t.Errorf("%s ran as mutating", in.StepName)
		}
	}
	if ran["run 2/2 on web-1"] || !ran["run 2/2 on web-2"] || len(calls.ins) != 3 {
		t.Fatalf("ran %v: web-1 must stop after its failure, web-2 must finish", ran)
	}
}

func TestRunCommandSingleArgvStepIsNamedAfterTheServer(t *testing.T) {
	calls := &sshCalls{}
	finished, execute := runCommandEnv(t, calls)

	execute(map[string]any{"tag": "web", "command": []any{"systemctl", "status", "nginx; reboot"},
		"mutating": true, "timeoutSeconds": float64(300), "parallel": float64(1)})

	if (*finished)[0].Status != domain.RunSucceeded || len(calls.ins) != 2 {
		t.Fatalf("run record = %+v, %d commands", *finished, len(calls.ins))
	}
	in := calls.ins[0]
	if in.StepName != "run on web-1" || len(in.Command) != 3 || in.Command[2] != "nginx; reboot" {
		t.Fatalf("input %+v: want step \"run on web-1\" and the argv passed as it is", in)
	}
}

func TestRunCommandNeedsItsOwnPermissionAndOneCommandForm(t *testing.T) {
	if playbooks.RunCommand.Permission != string(domain.PermPlaybooksRunCommand) {
		t.Fatalf("permission %q", playbooks.RunCommand.Permission)
	}
	for _, role := range []string{"operator", "responder", "viewer"} {
		if domain.NewPermissionSet(domain.BuiltinRoles[role]).Has(domain.PermPlaybooksRunCommand) {
			t.Errorf("built-in role %s may run arbitrary commands", role)
		}
	}
	if !domain.NewPermissionSet(domain.BuiltinRoles["admin"]).Has(domain.PermPlaybooksRunCommand) {
		t.Error("admins cannot run run-command")
	}
	for _, tc := range []struct {
		params map[string]any
		ok     bool
	}{
		{map[string]any{"tag": "web", "command": []any{"true"}}, true},
		{map[string]any{"tag": "web", "commands": []any{"true"}}, true},
		{map[string]any{"tag": "web"}, false},
		{map[string]any{"tag": "web", "command": []any{"true"}, "commands": []any{"true"}}, false},
		{map[string]any{"command": []any{"true"}}, false},
	} {
		params, err := domain.ValidateParams(playbooks.RunCommand.Params, tc.params)
		if err == nil {
			err = domain.ValidationError(playbooks.RunCommand.Check(workflows.Params(params)))
		}
		if (err == nil) != tc.ok {
			t.Errorf("params %v: err %v, want ok=%v", tc.params, err, tc.ok)
		}
	}
	params, _ := domain.ValidateParams(playbooks.RunCommand.Params, map[string]any{"tag": "web", "command": []any{"true"}})
	if params["mutating"] != true || params["timeoutSeconds"] != int64(300) || params["parallel"] != int64(1) {
		t.Fatalf("defaults = %v, want mutating, 300 s, one server at a time", params)
	}
}

// TestCancelWhileParallelStepsRunIsRecordedAsCancelled cancels a run while
// its SSH step (inside Parallel) runs: the run is cancelled, not succeeded.
func TestCancelWhileParallelStepsRunIsRecordedAsCancelled(t *testing.T) {
	env, finished := newEnv(t, playbooks.RunCommand)
	env.RegisterActivity(&activities.SSH{})
	env.RegisterActivity(&activities.Targets{})
	env.OnActivity(targetsActs.ResolveServers, mock.Anything, mock.Anything).Return(
		[]contract.ServerRef{{ID: "s1", Name: "web-1"}, {ID: "s2", Name: "web-2"}, {ID: "s3", Name: "web-3"}}, nil).Once()
	started := make(chan struct{}, 3)
	env.OnActivity(sshActs.RunCommand, mock.Anything, mock.Anything).Return(
		func(ctx context.Context, in contract.RunCommandInput) (contract.RunCommandResult, error) {
			started <- struct{}{}
			<-ctx.Done() // runs until cancelled
			return contract.RunCommandResult{}, ctx.Err()
		})
	go func() {
		<-started
		env.CancelWorkflow()
	}()

	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("run-command"), contract.PlaybookInput{RunID: "run-1", RequestedBy: "alice",
		Params: map[string]any{"tag": "web", "command": []any{"sleep", "300"}, "mutating": true, "timeoutSeconds": float64(300), "parallel": float64(2)}})

	if len(*finished) != 1 || (*finished)[0].Status != domain.RunCancelled {
		t.Fatalf("run record = %+v, want cancelled", *finished)
	}
	if n := len(started); n > 1 {
		t.Fatalf("%d more commands started after the cancel", n)
	}
}
