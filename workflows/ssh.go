package workflows

import (
	"errors"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
)

var (
	sshActs     *activities.SSH
	targetsActs *activities.Targets
)

// Servers resolves server names, IDs or a tag to servers (one step).
func (rb *Runbook) Servers(refs []string, tag string) ([]contract.ServerRef, error) {
	return rb.SelectServers(contract.ResolveServersInput{Refs: refs, Tag: tag})
}

// SelectServers resolves a selection, including asset queries (the
// servers hosting an asset, those with an attribute), to servers.
func (rb *Runbook) SelectServers(sel contract.ResolveServersInput) ([]contract.ServerRef, error) {
	ctx := workflow.WithActivityOptions(rb.ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second, Summary: "Resolve servers",
		RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 5},
	})
	var out []contract.ServerRef
	err := workflow.ExecuteActivity(ctx, targetsActs.ResolveServers, sel).Get(rb.ctx, &out)
	return out, err
}

// SSHOptions tune one SSH step.
type SSHOptions struct {
	StepOptions
	Mutating     bool // the command changes the server: not retried once started
	AllowFailure bool // a non-zero exit code is a result, not an error
}

// SSH runs argv on server as the step called name. Each argument reaches
// the program as one literal argument: parameters are never interpolated
// into a shell string. A step that cannot reach its server (refused,
// timed out, host key mismatch, login refused) fails the run at its end
// even if the playbook tolerates the error; AllowFailure tolerates only
// a command that ran and exited non-zero.
func (rb *Runbook) SSH(name string, server contract.ServerRef, argv []string, o SSHOptions) (contract.RunCommandResult, error) {
	st := rb.begin(name, "ssh", server.Name, map[string]any{"server": server.Name, "command": strings.Join(argv, " "), "mutating": o.Mutating})
	if rb.input.DryRun {
		return contract.RunCommandResult{ServerID: server.ID, ServerName: server.Name}, nil
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	in := contract.RunCommandInput{RunID: rb.input.RunID, StepName: name, ServerID: server.ID, Command: argv,
		TimeoutSeconds: int(o.Timeout.Seconds()), Mutating: o.Mutating, AllowFailure: o.AllowFailure}
	// The activity outlives the command by the connect time and a margin, so
	// a command timeout is reported rather than cut off; it heartbeats every
	// 5 s, so 20 s notices a dead worker and delivers a cancel promptly.
	o.Timeout += 30 * time.Second
	o.Heartbeat = 20 * time.Second
	var res contract.RunCommandResult
	if o.Mutating {
		release, err := rb.lockServer(name, server, o.Timeout)
		if err != nil {
			st.end(err, nil, nil)
			return res, err
		}
		defer release()
	}
	err := workflow.ExecuteActivity(rb.stepContext(name, o.StepOptions), sshActs.RunCommand, in).Get(rb.ctx, &res)
	if err != nil {
		var app *temporal.ApplicationError
		if errors.As(err, &app) && app.HasDetails() {
			_ = app.Details(&res)
		}
		rb.noteUnreachable(server, err)
	}
	exit := res.ExitCode
	st.end(err, &exit, map[string]any{"exitCode": res.ExitCode, "stdout": tail(res.Stdout, 2000), "stderr": tail(res.Stderr, 1000), "durationMs": res.DurationMs})
	return res, err
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
