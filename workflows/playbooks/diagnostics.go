package playbooks

import (
	"strconv"
	"time"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// serverParams select the servers a playbook acts on.
var serverParams = []domain.Param{
	{Name: "servers", Type: domain.ParamStringList, Max: domain.Float(100), Help: "Server names or IDs."},
	{Name: "tag", Type: domain.ParamString, Pattern: `[a-z0-9][a-z0-9_.:=/-]{0,49}`, Help: "Or every server with this tag."},
}

func needServers(p workflows.Params) []domain.FieldError {
	if len(p.Strings("servers")) == 0 && p.String("tag") == "" {
		return []domain.FieldError{{Field: "params.servers", Message: "give servers or tag"}}
	}
	return nil
}

// check is one diagnostic command.
type check struct {
	name string
	argv []string
}

// CollectDiagnostics gathers what a responder looks at first, from every
// selected server in parallel. It changes nothing.
var CollectDiagnostics = workflows.Definition{
	Playbook: domain.Playbook{
		Name:        "collect-diagnostics",
		Title:       "Collect diagnostics",
		Description: "Uptime and load, disk and memory use, failed systemd units and the last log lines from each server.",
		Category:    "diagnostics",
		Risk:        domain.RiskLow,
		Timeout:     15 * time.Minute,
		Permission:  "playbooks:run",
		Params: append(append([]domain.Param{}, serverParams...),
			domain.Param{Name: "lines", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(500), Default: int64(50), Help: "Log lines to fetch."}),
	},
	Check: needServers,
	Run:   runDiagnostics,
}

func runDiagnostics(rb *workflows.Runbook, p workflows.Params) (map[string]any, error) {
	servers, err := rb.Servers(p.Strings("servers"), p.String("tag"))
	if err != nil {
		return nil, err
	}
	checks := []check{
		{"uptime", []string{"uptime"}},
		{"disk", []string{"df", "-h", "-x", "tmpfs", "-x", "devtmpfs"}},
		{"memory", []string{"free", "-m"}},
		{"failed units", []string{"systemctl", "--failed", "--no-legend", "--plain"}},
		{"last log lines", []string{"journalctl", "-n", strconv.FormatInt(p.Int("lines"), 10), "--no-pager"}},
	}
	report := make([]map[string]any, len(servers))
	errs := rb.Parallel(len(servers), 5, func(rb *workflows.Runbook, i int) error {
		report[i] = diagnose(rb, servers[i], checks)
		return nil
	})
	return map[string]any{"servers": report}, workflows.FirstError(errs)
}

// diagnose runs every check on one server; a failing check is reported,
// not fatal. A server that cannot be reached is: its remaining checks are
// skipped, and the run fails naming it (see Runbook.Unreachable).
func diagnose(rb *workflows.Runbook, s activities.ServerRef, checks []check) map[string]any {
	out := map[string]any{"server": s.Name}
	for _, c := range checks {
		if u, unreachable := rb.Unreachable(s); unreachable {
			out["error"], out["reachable"] = u.Error, false
			break
		}
		res, err := rb.SSH(c.name+" on "+s.Name, s, c.argv, workflows.SSHOptions{AllowFailure: true,
			StepOptions: workflows.StepOptions{Timeout: time.Minute}})
		entry := map[string]any{"exitCode": res.ExitCode, "output": res.Stdout}
		if res.Stderr != "" {
			entry["stderr"] = res.Stderr
		}
		if err != nil {
			entry["error"] = err.Error()
		}
		out[c.name] = entry
	}
	return out
}
