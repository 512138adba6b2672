package workflows_test

import (
	"context"
	"encoding/json"
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
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

// fakeServers answers RunCommand per server ID: a server in down fails to
// connect with its error; others run the command, exiting 1 for steps in
// exit1 and failing with stepErr's error for steps there.
type fakeServers struct {
	mu      sync.Mutex
	down    map[string]error
	exit1   map[string]bool
	stepErr map[string]error
	calls   map[string]int // RunCommand attempts per server ID
}

func (f *fakeServers) run(_ context.Context, in contract.RunCommandInput) (contract.RunCommandResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[in.ServerID]++
	if err := f.down[in.ServerID]; err != nil {
		return contract.RunCommandResult{}, err
	}
	if err := f.stepErr[in.StepName]; err != nil {
		return contract.RunCommandResult{ServerID: in.ServerID, ExitCode: -1}, err
	}
	res := contract.RunCommandResult{ServerID: in.ServerID, Stdout: "ok " + in.StepName}
	if f.exit1[in.StepName] {
		res.ExitCode = 1 // AllowFailure: the activity returns the exit code, no error
	}
	return res, nil
}

func hostKeyMismatch(server string) error {
	m := activities.HostKeyMismatchError{Server: server, Address: "10.0.0.1:22", Expected: "SHA256:pinned", Presented: "SHA256:other"}
	return temporal.NewNonRetryableApplicationError(m.Error(), contract.ErrSSHHostKeyMismatch, nil, m)
}

func refused(server string) error {
	return temporal.NewApplicationError("connect to server "+server+" (10.0.0.2:22): connection refused", contract.ErrSSHConnectFailed)
}

func twoServerEnv(t *testing.T, def workflows.Definition, f *fakeServers) (*[]finishRecord, *stepLog, func(map[string]any)) {
	env, finished, log := newEnvWithLog(t, def)
	env.RegisterActivity(&activities.SSH{})
	env.RegisterActivity(&activities.Targets{})
	env.OnActivity(targetsActs.ResolveServers, mock.Anything, mock.Anything).Return(
		[]contract.ServerRef{{ID: "s1", Name: "web-1"}, {ID: "s2", Name: "web-2"}}, nil).Once()
	env.OnActivity(sshActs.RunCommand, mock.Anything, mock.Anything).Return(f.run)
	return finished, log, func(params map[string]any) {
		env.ExecuteWorkflow(workflows.PlaybookWorkflowType(def.Name), contract.PlaybookInput{RunID: "run-1", RequestedBy: "alice", Params: params})
	}
}

// TestDiagnosticsFailsNamingTheServerItCouldNotReach: one server presents
// another host key, one answers. The run fails naming the server and the
// cause, keeps the reachable server's report, does not repeat the mismatch
// for every check, and opens an incident as any failed run does.
func TestDiagnosticsFailsNamingTheServerItCouldNotReach(t *testing.T) {
	f := &fakeServers{down: map[string]error{"s1": hostKeyMismatch("web-1")}}
	finished, log, execute := twoServerEnv(t, playbooks.CollectDiagnostics, f)

	execute(map[string]any{"servers": []any{"web-1", "web-2"}, "lines": float64(5)})

	if len(*finished) != 1 {
		t.Fatalf("run records = %+v", *finished)
	}
	rec := (*finished)[0]
	if rec.Status != domain.RunFailed || !strings.Contains(rec.Error, "1 server could not be reached: web-1: host key mismatch for server web-1") {
		t.Fatalf("run record = %+v, want failed naming web-1 and the host key mismatch", rec)
	}
	if f.calls["s1"] != 1 || f.calls["s2"] != 5 {
		t.Fatalf("commands per server = %v, want 1 on the unreachable web-1 and all 5 checks on web-2", f.calls)
	}
	b, _ := json.Marshal(rec.Result)
	result := string(b)
	for _, want := range []string{`"ok uptime on web-2"`, `"reachable":false`, `"unreachableServers":[{"error":"host key mismatch for server web-1`,
		`"errorType":"SSHHostKeyMismatch","server":"web-1","serverId":"s1"}]`} {
		if !strings.Contains(result, want) {
			t.Errorf("result lacks %s: %s", want, result)
		}
	}
	if len(log.incidents) != 1 || !strings.Contains(log.incidents[0].Message, "web-1: host key mismatch") {
		t.Fatalf("incidents = %+v, want one naming web-1", log.incidents)
	}
}

// TestDiagnosticsToleratesFailingCommands: a check that exits non-zero or
// runs out of time is reported; the run still succeeds.
func TestDiagnosticsToleratesFailingCommands(t *testing.T) {
	timedOut := temporal.NewNonRetryableApplicationError(`"journalctl" on server web-2: did not finish within 60 s and was killed`,
		contract.ErrSSHCommandInterrupted, nil)
	f := &fakeServers{exit1: map[string]bool{"failed units on web-1": true},
		stepErr: map[string]error{"last log lines on web-2": timedOut}}
	finished, log, execute := twoServerEnv(t, playbooks.CollectDiagnostics, f)

	execute(map[string]any{"servers": []any{"web-1", "web-2"}, "lines": float64(5)})

	if rec := (*finished)[0]; rec.Status != domain.RunSucceeded || rec.Error != "" || rec.Result["unreachableServers"] != nil {
		t.Fatalf("run record = %+v, want succeeded", rec)
	}
	if f.calls["s1"] != 5 || f.calls["s2"] != 5 || len(log.incidents) != 0 {
		t.Fatalf("commands per server = %v, incidents %+v: want every check on both, no incident", f.calls, log.incidents)
	}
}

// TestEveryUnreachableServerIsNamed: run-command on two servers that refuse
// connections (retried, then given up) fails naming both.
func TestEveryUnreachableServerIsNamed(t *testing.T) {
	f := &fakeServers{down: map[string]error{"s1": refused("web-1"), "s2": refused("web-2")}}
	finished, _, execute := twoServerEnv(t, playbooks.RunCommand, f)

	execute(map[string]any{"tag": "web", "command": []any{"true"}, "mutating": false, "timeoutSeconds": float64(60), "parallel": float64(2)})

	rec := (*finished)[0]
	if rec.Status != domain.RunFailed || !strings.Contains(rec.Error, "2 servers could not be reached: web-1: connect to server web-1") ||
		!strings.HasSuffix(rec.Error, "; web-2: connect to server web-2 (10.0.0.2:22): connection refused") {
		t.Fatalf("run record = %+v, want failed naming both servers", rec)
	}
	if f.calls["s1"] != 3 || f.calls["s2"] != 3 {
		t.Fatalf("attempts per server = %v, want 3 each (a refused connection is retried)", f.calls)
	}
}

// TestUnreachableServerFailsAPlaybookThatSwallowsTheError: a playbook that
// ignores a step's error still cannot end succeeded when the step never
// reached its server, and another failure is reported too.
func TestUnreachableServerFailsAPlaybookThatSwallowsTheError(t *testing.T) {
	f := &fakeServers{down: map[string]error{"s1": hostKeyMismatch("web-1")}}
	finished, _, execute := twoServerEnv(t, lenient, f)
	execute(map[string]any{})
	rec := (*finished)[0]
	if rec.Status != domain.RunFailed || !strings.Contains(rec.Error, "web-1: host key mismatch") ||
		!strings.HasSuffix(rec.Error, "; also: disk full on web-2") || rec.Result["checked"] != float64(2) {
		t.Fatalf("run record = %+v, want failed naming web-1, then the other error, with the output kept", rec)
	}
}

// TestWaitingForAServerToAnswerIsNotAFailure: inside WaitFor, a server
// that does not answer yet is what is being waited for.
func TestWaitingForAServerToAnswerIsNotAFailure(t *testing.T) {
	f := &fakeServers{down: map[string]error{"s1": refused("web-1")}}
	env, finished, _ := newEnvWithLog(t, waitsForServer)
	env.RegisterActivity(&activities.SSH{})
	env.RegisterActivity(&activities.Targets{})
	env.OnActivity(sshActs.RunCommand, mock.Anything, mock.Anything).Return(f.run)
	env.RegisterDelayedCallback(func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.down = nil // back up after its reboot
	}, 2*time.Minute)
	env.ExecuteWorkflow(workflows.PlaybookWorkflowType("waits-for-server"), contract.PlaybookInput{RunID: "run-1"})
	if rec := (*finished)[0]; rec.Status != domain.RunSucceeded {
		t.Fatalf("run record = %+v, want succeeded once the server answered", rec)
	}
}

var web1 = contract.ServerRef{ID: "s1", Name: "web-1"}

// lenient ignores its SSH steps' errors, and fails for another reason.
var lenient = workflows.Definition{
	Playbook: domain.Playbook{Name: "lenient", Title: "Lenient", Timeout: time.Hour, Permission: "playbooks:run"},
	Run: func(rb *workflows.Runbook, _ workflows.Params) (map[string]any, error) {
		_, _ = rb.SSH("check web-1", web1, []string{"true"}, workflows.SSHOptions{AllowFailure: true})
		_, _ = rb.SSH("check web-2", contract.ServerRef{ID: "s2", Name: "web-2"}, []string{"true"}, workflows.SSHOptions{AllowFailure: true})
		return map[string]any{"checked": 2}, temporal.NewNonRetryableApplicationError("disk full on web-2", "DiskFull", nil)
	},
}

// waitsForServer waits until web-1 answers.
var waitsForServer = workflows.Definition{
	Playbook: domain.Playbook{Name: "waits-for-server", Title: "Waits", Timeout: time.Hour, Permission: "playbooks:run"},
	Run: func(rb *workflows.Runbook, _ workflows.Params) (map[string]any, error) {
		return nil, rb.WaitFor("wait until web-1 answers", workflows.WaitOptions{Timeout: 10 * time.Minute, Every: 30 * time.Second},
			func(rb *workflows.Runbook) (bool, error) {
				_, err := rb.SSH("uptime on web-1", web1, []string{"uptime"}, workflows.SSHOptions{StepOptions: workflows.StepOptions{MaxAttempts: 1}})
				return err == nil, nil
			})
	},
}
