package playbooks

import (
	"fmt"
	"time"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// RunCommand runs an ad-hoc command on servers: what no other playbook
// covers. Anything may be run, so it has its own permission, which only
// admins hold by default (as Rundeck's ad-hoc commands do), instead of an
// approval that would slow every use.
var RunCommand = workflows.Define(workflows.Typed[runCommandParams, map[string]any]{
	Playbook: domain.Playbook{
		Name: "run-command", Title: "Run a command",
		Description: "Runs one command (program and arguments, no shell) or several shell command lines in order on each selected server, " +
			"stopping a server's remaining commands at its first failure. Needs the playbooks:run-command permission.",
		Category: "ad-hoc", Risk: domain.RiskHigh, Timeout: 6 * time.Hour, Permission: string(domain.PermPlaybooksRunCommand),
	},
	Check: func(p runCommandParams) []domain.FieldError {
		bad := p.check()
		if (len(p.Command) == 0) == (len(p.Commands) == 0) {
			bad = append(bad, domain.FieldError{Field: "params.command", Message: "give command or commands, not both"})
		}
		return bad
	},
	Run: runCommand,
})

type runCommandParams struct {
	targets
	Command        []string `json:"command" max:"100" kind:"argv" help:"One command as argv: the program, then each argument. No shell: each item reaches the program as one argument. An incident trigger may not put placeholders here."`
	Commands       []string `json:"commands" max:"20" kind:"shell" help:"Or shell command lines, run in order with sh -c, one step each. In an incident trigger a placeholder here must stand outside quotes; its value is single-quoted, so it is one word of data."`
	Mutating       bool     `json:"mutating" default:"true" help:"The command changes the server: once started it is not retried."`
	TimeoutSeconds int      `json:"timeoutSeconds" min:"1" max:"3600" default:"300" help:"Each command is killed after this long."`
	Parallel       int      `json:"parallel" min:"1" max:"20" default:"1" help:"Servers worked on at once."`
}

func runCommand(rb *workflows.Runbook, p runCommandParams) (map[string]any, error) {
	servers, err := p.resolve(rb)
	if err != nil {
		return nil, err
	}
	argvs := [][]string{p.Command}
	if lines := p.Commands; len(lines) > 0 {
		argvs = make([][]string, len(lines))
		for i, line := range lines {
			argvs[i] = []string{"sh", "-c", line}
		}
	}
	o := workflows.SSHOptions{Mutating: p.Mutating,
		StepOptions: workflows.StepOptions{Timeout: time.Duration(p.TimeoutSeconds) * time.Second}}
	report := make([]map[string]any, len(servers))
	errs := rb.Parallel(len(servers), p.Parallel, func(rb *workflows.Runbook, i int) error {
		var err error
		report[i], err = runOn(rb, servers[i], argvs, o)
		return err
	})
	return map[string]any{"servers": report}, workflows.FirstError(errs)
}

// runOn runs argvs in order on s, stopping at the first failure.
func runOn(rb *workflows.Runbook, s contract.ServerRef, argvs [][]string, o workflows.SSHOptions) (map[string]any, error) {
	results := make([]map[string]any, 0, len(argvs))
	for i, argv := range argvs {
		name := "run on " + s.Name
		if len(argvs) > 1 {
			name = fmt.Sprintf("run %d/%d on %s", i+1, len(argvs), s.Name)
		}
		res, err := rb.SSH(name, s, argv, o)
		results = append(results, map[string]any{"exitCode": res.ExitCode, "stdout": tail(res.Stdout, 2000), "stderr": tail(res.Stderr, 1000)})
		if err != nil {
			return map[string]any{"server": s.Name, "results": results}, err
		}
	}
	return map[string]any{"server": s.Name, "results": results}, nil
}

// tail keeps the last n bytes of s: run results stay small in history.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
