package playbooks

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

var unitParam = domain.Param{Name: "unit", Type: domain.ParamString, Required: true,
	Pattern: `[A-Za-z0-9@_.:-]{1,200}`, Help: "The systemd unit to restart, e.g. nginx.service."}

var healthParams = []domain.Param{
	{Name: "healthUrl", Type: domain.ParamURL, Help: "Checked after each restart; must answer 2xx."},
	{Name: "approvalTimeoutMinutes", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(1440), Default: int64(30), Help: "How long to wait for approval."},
}

// RestartService restarts a systemd unit after approval and verifies it.
var RestartService = workflows.Definition{
	Playbook: domain.Playbook{
		Name: "restart-service", Title: "Restart a service",
		Description: "Restarts a systemd unit on the selected servers after approval, then checks it is active and, optionally, that a health URL answers.",
		Category:    "remediation", Risk: domain.RiskHigh, RequiresApproval: true, Timeout: 2 * time.Hour, Permission: "playbooks:run",
		Params: append(append(append([]domain.Param{}, serverParams...), unitParam), healthParams...),
	},
	Check: needServers,
	Run: func(rb *workflows.Runbook, p workflows.Params) (map[string]any, error) {
		unit := p.String("unit")
		servers, err := approvedServers(rb, p, "Approve restart", "Restart %s on %d server(s)?")
		if err != nil {
			return nil, err
		}
		done := make([]string, len(servers))
		errs := rb.Parallel(len(servers), 5, func(rb *workflows.Runbook, i int) error {
			if err := restartAndVerify(rb, servers[i], unit, p.String("healthUrl")); err != nil {
				return err
			}
			done[i] = servers[i].Name
			return nil
		})
		return map[string]any{"unit": unit, "restarted": done}, workflows.FirstError(errs)
	},
}

// approvedServers resolves the selected servers, then asks for approval
// with question (formatted with the unit and the server count).
func approvedServers(rb *workflows.Runbook, p workflows.Params, step, question string) ([]activities.ServerRef, error) {
	servers, err := rb.Servers(p.Strings("servers"), p.String("tag"))
	if err != nil {
		return nil, err
	}
	err = rb.Approve(step, fmt.Sprintf(question, p.String("unit"), len(servers)),
		time.Duration(p.Int("approvalTimeoutMinutes"))*time.Minute)
	return servers, err
}

// restartAndVerify restarts unit on s, then checks it is active and healthy.
func restartAndVerify(rb *workflows.Runbook, s activities.ServerRef, unit, healthURL string) error {
	if _, err := rb.SSH("restart "+unit+" on "+s.Name, s, []string{"systemctl", "restart", "--", unit},
		workflows.SSHOptions{Mutating: true}); err != nil {
		return err
	}
	if _, err := rb.SSH("check "+unit+" on "+s.Name, s, []string{"systemctl", "is-active", "--", unit}, workflows.SSHOptions{}); err != nil {
		return err
	}
	if healthURL == "" {
		return nil
	}
	check := activities.HTTPRequestInput{Method: "GET", URL: healthURL, TimeoutSeconds: 10}
	if workflow.GetVersion(rb.Context(), "restart-wait-healthy", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		_, err := rb.HTTP("health check after restart on "+s.Name, check, workflows.StepOptions{MaxAttempts: 5})
		return err
	}
	// A restarted service takes a while to answer: poll until it does.
	return rb.WaitFor("wait until healthy on "+s.Name, workflows.WaitOptions{Timeout: 2 * time.Minute, Every: 5 * time.Second},
		func(rb *workflows.Runbook) (bool, error) {
			_, err := rb.HTTP("health check on "+s.Name, check, workflows.StepOptions{MaxAttempts: 1})
			return err == nil, nil
		})
}

// RollingRestart restarts a unit on tagged servers one at a time and stops
// at the first server whose health check fails.
var RollingRestart = workflows.Definition{
	Playbook: domain.Playbook{
		Name: "rolling-restart", Title: "Rolling restart",
		Description: "Restarts a systemd unit on every server with a tag, one server at a time, waiting between servers and stopping on the first failed check.",
		Category:    "remediation", Risk: domain.RiskHigh, RequiresApproval: true, Timeout: 6 * time.Hour, Permission: "playbooks:run",
		Params: append(append(append([]domain.Param{}, serverParams...), unitParam), append(healthParams,
			domain.Param{Name: "pauseSeconds", Type: domain.ParamInteger, Min: domain.Float(0), Max: domain.Float(3600), Default: int64(30), Help: "Wait between servers."})...),
	},
	Check: needServers,
	Run: func(rb *workflows.Runbook, p workflows.Params) (map[string]any, error) {
		unit := p.String("unit")
		servers, err := approvedServers(rb, p, "Approve rolling restart", "Restart %s on %d server(s), one at a time?")
		if err != nil {
			return nil, err
		}
		var done []string
		for i, s := range servers {
			if err := restartAndVerify(rb, s, unit, p.String("healthUrl")); err != nil {
				return map[string]any{"restarted": done, "stoppedAt": s.Name}, fmt.Errorf("stopped at %s: %w", s.Name, err)
			}
			done = append(done, s.Name)
			if i < len(servers)-1 {
				if err := rb.Sleep(time.Duration(p.Int("pauseSeconds")) * time.Second); err != nil {
					return nil, err
				}
			}
		}
		return map[string]any{"unit": unit, "restarted": done}, nil
	},
}

// FreeDiskSpace reclaims space from the usual suspects and reports before/after.
var FreeDiskSpace = workflows.Definition{
	Playbook: domain.Playbook{
		Name: "free-disk-space", Title: "Free disk space",
		Description: "Vacuums the systemd journal, cleans the package cache and removes rotated logs older than N days, with a disk report before and after.",
		Category:    "remediation", Risk: domain.RiskMedium, Timeout: 30 * time.Minute, Permission: "playbooks:run",
		Params: append(append([]domain.Param{}, serverParams...),
			domain.Param{Name: "journalMaxSize", Type: domain.ParamString, Pattern: `[0-9]{1,5}[KMG]`, Default: "200M", Help: "Keep this much journal."},
			domain.Param{Name: "logAgeDays", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(365), Default: int64(14), Help: "Remove rotated logs older than this."},
			domain.Param{Name: "reportTo", Type: domain.ParamStringList, Max: domain.Float(20), Pattern: `[^@\s]+@[^@\s]+`, Help: "Email the before/after report to these addresses."}),
	},
	Check: needServers,
	Run: func(rb *workflows.Runbook, p workflows.Params) (map[string]any, error) {
		servers, err := rb.Servers(p.Strings("servers"), p.String("tag"))
		if err != nil {
			return nil, err
		}
		report := make([]map[string]any, len(servers))
		errs := rb.Parallel(len(servers), 5, func(rb *workflows.Runbook, i int) error {
			r, err := freeDisk(rb, servers[i], p)
			report[i] = r
			return err
		})
		out := map[string]any{"servers": report}
		if err := workflows.FirstError(errs); err != nil {
			return out, err
		}
		if to := p.Strings("reportTo"); len(to) > 0 {
			return out, rb.Email("Email the report", to, fmt.Sprintf("Disk space freed on %d server(s)", len(servers)), diskReport(report))
		}
		return out, nil
	},
}

func diskReport(report []map[string]any) string {
	var b strings.Builder
	for _, r := range report {
		fmt.Fprintf(&b, "%s\nbefore:\n%v\nafter:\n%v\n\n", r["server"], r["before"], r["after"])
	}
	return b.String()
}

func freeDisk(rb *workflows.Runbook, s activities.ServerRef, p workflows.Params) (map[string]any, error) {
	df := []string{"df", "-h", "--output=target,size,used,avail,pcent", "/"}
	before, err := rb.SSH("disk before on "+s.Name, s, df, workflows.SSHOptions{})
	if err != nil {
		return nil, err
	}
	cleanups := [][]string{
		{"journalctl", "--vacuum-size=" + p.String("journalMaxSize")},
		{"sh", "-c", `command -v apt-get >/dev/null && apt-get clean || command -v dnf >/dev/null && dnf clean all || true`},
		{"find", "/var/log", "-type", "f", "(", "-name", "*.gz", "-o", "-name", "*.[0-9]", ")", "-mtime", "+" + fmt.Sprint(p.Int("logAgeDays")), "-delete"},
	}
	for _, argv := range cleanups {
		if _, err := rb.SSH(argv[0]+" on "+s.Name, s, argv, workflows.SSHOptions{Mutating: true, AllowFailure: true}); err != nil {
			return nil, err
		}
	}
	after, err := rb.SSH("disk after on "+s.Name, s, df, workflows.SSHOptions{})
	return map[string]any{"server": s.Name, "before": before.Stdout, "after": after.Stdout}, err
}
