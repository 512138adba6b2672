package playbooks

import (
	"fmt"
	"time"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// RunCommand runs an ad-hoc command on servers: what no other playbook
// covers. Anything may be run, so it has its own permission, which only
// admins hold by default (as Rundeck's ad-hoc commands do), instead of an
// approval that would slow every use.
var RunCommand = workflows.Definition{
	Playbook: domain.Playbook{
		Name: "run-command", Title: "Run a command",
		Description: "Runs one command (program and arguments, no shell) or several shell command lines in order on each selected server, " +
			"stopping a server's remaining commands at its first failure. Needs the playbooks:run-command permission.",
		Category: "ad-hoc", Risk: domain.RiskHigh, Timeout: 6 * time.Hour, Permission: string(domain.PermPlaybooksRunCommand),
		Params: append(append([]domain.Param{}, serverParams...),
			domain.Param{Name: "command", Type: domain.ParamStringList, Max: domain.Float(100), Kind: domain.KindArgv,
				Help: "One command as argv: the program, then each argument. No shell: each item reaches the program as one argument. " +
					"An incident trigger may not put placeholders here."},
			domain.Param{Name: "commands", Type: domain.ParamStringList, Max: domain.Float(20), Kind: domain.KindShell,
				Help: "Or shell command lines, run in order with sh -c, one step each. In an incident trigger a placeholder here " +
					"must stand outside quotes; its value is single-quoted, so it is one word of data."},
			domain.Param{Name: "mutating", Type: domain.ParamBoolean, Default: true,
				Help: "The command changes the server: once started it is not retried."},
			domain.Param{Name: "timeoutSeconds", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(3600), Default: int64(300),
				Help: "Each command is killed after this long."},
			domain.Param{Name: "parallel", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(20), Default: int64(1),
				Help: "Servers worked on at once."}),
	},
	Check: func(p workflows.Params) []domain.FieldError {
		bad := needServers(p)
		if (len(p.Strings("command")) == 0) == (len(p.Strings("commands")) == 0) {
			bad = append(bad, domain.FieldError{Field: "params.command", Message: "give command or commands, not both"})
		}
		return bad
	},
	Run: runCommand,
}

func runCommand(rb *workflows.Runbook, p workflows.Params) (map[string]any, error) {
	servers, err := rb.Servers(p.Strings("servers"), p.String("tag"))
	if err != nil {
		return nil, err
	}
	argvs := [][]string{p.Strings("command")}
	if lines := p.Strings("commands"); len(lines) > 0 {
		argvs = make([][]string, len(lines))
		for i, line := range lines {
			argvs[i] = []string{"sh", "-c", line}
		}
	}
	o := workflows.SSHOptions{Mutating: p.Bool("mutating"),
		StepOptions: workflows.StepOptions{Timeout: time.Duration(p.Int("timeoutSeconds")) * time.Second}}
	report := make([]map[string]any, len(servers))
	errs := rb.Parallel(len(servers), int(p.Int("parallel")), func(rb *workflows.Runbook, i int) error {
		var err error
		report[i], err = runOn(rb, servers[i], argvs, o)
		return err
	})
	return map[string]any{"servers": report}, workflows.FirstError(errs)
}

// runOn runs argvs in order on s, stopping at the first failure.
func runOn(rb *workflows.Runbook, s activities.ServerRef, argvs [][]string, o workflows.SSHOptions) (map[string]any, error) {
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
