package playbooks

import (
	"strconv"
	"time"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// targets select the servers a playbook acts on; playbooks embed it in
// their parameters.
type targets struct {
	Servers []string `json:"servers" max:"100" help:"Server names or IDs."`
	Tag     string   `json:"tag" pattern:"[a-z0-9][a-z0-9_.:=/-]{0,49}" help:"Or every server with this tag."`
	Hosting string   `json:"hosting" max:"200" help:"Or the servers an asset runs on, directly or through VMs (e.g. payments-db)."`
	Where   string   `json:"where" pattern:"[A-Za-z0-9_.-]{1,64}=.{1,200}" help:"Or the servers with this attribute, e.g. os=Debian GNU/Linux 12 (bookworm)."`
}

func (t targets) check() []domain.FieldError {
	if len(t.Servers) == 0 && t.Tag == "" && t.Hosting == "" && t.Where == "" {
		return []domain.FieldError{{Field: "params.servers", Message: "give servers, tag, hosting or where"}}
	}
	return nil
}

// resolve returns the selected servers.
func (t targets) resolve(rb *workflows.Runbook) ([]contract.ServerRef, error) {
	if t.Hosting == "" && t.Where == "" {
		return rb.Servers(t.Servers, t.Tag)
	}
	return rb.SelectServers(contract.ResolveServersInput{Refs: t.Servers, Tag: t.Tag, Hosting: t.Hosting, Where: t.Where})
}

// needServers is the Check of playbooks whose only rule is targets'.
func needServers[P interface{ check() []domain.FieldError }](p P) []domain.FieldError {
	return p.check()
}

// check is one diagnostic command.
type check struct {
	name string
	argv []string
}

// CollectDiagnostics gathers what a responder looks at first, from every
// selected server in parallel. It changes nothing.
var CollectDiagnostics = workflows.Define(workflows.Typed[diagnosticsParams, map[string]any]{
	Playbook: domain.Playbook{
		Name:        "collect-diagnostics",
		Title:       "Collect diagnostics",
		Description: "Uptime and load, disk and memory use, failed systemd units and the last log lines from each server.",
		Category:    "diagnostics",
		Risk:        domain.RiskLow,
		Timeout:     15 * time.Minute,
		Permission:  "playbooks:run",
	},
	Check: needServers[diagnosticsParams],
	Run:   runDiagnostics,
})

type diagnosticsParams struct {
	targets
	Lines int `json:"lines" min:"1" max:"500" default:"50" help:"Log lines to fetch."`
}

func runDiagnostics(rb *workflows.Runbook, p diagnosticsParams) (map[string]any, error) {
	servers, err := p.resolve(rb)
	if err != nil {
		return nil, err
	}
	checks := []check{
		{"uptime", []string{"uptime"}},
		{"disk", []string{"df", "-h", "-x", "tmpfs", "-x", "devtmpfs"}},
		{"memory", []string{"free", "-m"}},
		{"failed units", []string{"systemctl", "--failed", "--no-legend", "--plain"}},
		{"last log lines", []string{"journalctl", "-n", strconv.Itoa(p.Lines), "--no-pager"}},
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
func diagnose(rb *workflows.Runbook, s contract.ServerRef, checks []check) map[string]any {
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
