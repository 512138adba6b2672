package playbooks

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// restartParams are restart-service's parameters, and rolling-restart's
// but its pause.
type restartParams struct {
	targets
	Unit                   string `json:"unit" required:"true" pattern:"[A-Za-z0-9@_.:-]{1,200}" help:"The systemd unit to restart, e.g. nginx.service."`
	HealthURL              string `json:"healthUrl" type:"url" help:"Checked after each restart; must answer 2xx."`
	ApprovalTimeoutMinutes int    `json:"approvalTimeoutMinutes" min:"1" max:"1440" default:"30" help:"How long to wait for approval."`
}

type rollingRestartParams struct {
	restartParams
	PauseSeconds int `json:"pauseSeconds" min:"0" max:"3600" default:"30" help:"Wait between servers."`
}

type freeDiskParams struct {
	targets
	JournalMaxSize string   `json:"journalMaxSize" pattern:"[0-9]{1,5}[KMG]" default:"200M" help:"Keep this much journal."`
	LogAgeDays     int      `json:"logAgeDays" min:"1" max:"365" default:"14" help:"Remove rotated logs older than this."`
	ReportTo       []string `json:"reportTo" max:"20" pattern:"[^@\\s]+@[^@\\s]+" help:"Email the before/after report to these addresses."`
}

// RestartService restarts a systemd unit after approval and verifies it.
var RestartService = workflows.Define(workflows.Typed[restartParams, map[string]any]{
	Playbook: domain.Playbook{
		Name: "restart-service", Title: "Restart a service",
		Description: "Restarts a systemd unit on the selected servers after approval, then checks it is active and, optionally, that a health URL answers.",
		Category:    "remediation", Risk: domain.RiskHigh, RequiresApproval: true, Timeout: 2 * time.Hour, Permission: "playbooks:run",
	},
	Check: needServers[restartParams],
	Run: func(rb *workflows.Runbook, p restartParams) (map[string]any, error) {
		unit := p.Unit
		servers, err := approvedServers(rb, p, "Approve restart", "Restart %s on %d server(s)?")
		if err != nil {
			return nil, err
		}
		done := make([]string, len(servers))
		errs := rb.Parallel(len(servers), 5, func(rb *workflows.Runbook, i int) error {
			if err := restartAndVerify(rb, servers[i], unit, p.HealthURL); err != nil {
				return err
			}
			done[i] = servers[i].Name
			return nil
		})
		return map[string]any{"unit": unit, "restarted": done}, workflows.FirstError(errs)
	},
})

// approvedServers resolves the selected servers, then asks for approval
// with question (formatted with the unit and the server count).
func approvedServers(rb *workflows.Runbook, p restartParams, step, question string) ([]contract.ServerRef, error) {
	servers, err := p.resolve(rb)
	if err != nil {
		return nil, err
	}
	err = rb.Approve(step, fmt.Sprintf(question, p.Unit, len(servers)),
		time.Duration(p.ApprovalTimeoutMinutes)*time.Minute)
	return servers, err
}

// restartAndVerify restarts unit on s, then checks it is active and healthy.
func restartAndVerify(rb *workflows.Runbook, s contract.ServerRef, unit, healthURL string) error {
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
	check := contract.HTTPRequestInput{Method: "GET", URL: healthURL, TimeoutSeconds: 10}
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
var RollingRestart = workflows.Define(workflows.Typed[rollingRestartParams, map[string]any]{
	Playbook: domain.Playbook{
		Name: "rolling-restart", Title: "Rolling restart",
		Description: "Restarts a systemd unit on every server with a tag, one server at a time, waiting between servers and stopping on the first failed check.",
		Category:    "remediation", Risk: domain.RiskHigh, RequiresApproval: true, Timeout: 6 * time.Hour, Permission: "playbooks:run",
	},
	Check: needServers[rollingRestartParams],
	Run: func(rb *workflows.Runbook, p rollingRestartParams) (map[string]any, error) {
		unit := p.Unit
		servers, err := approvedServers(rb, p.restartParams, "Approve rolling restart", "Restart %s on %d server(s), one at a time?")
		if err != nil {
			return nil, err
		}
		var done []string
		for i, s := range servers {
			if err := restartAndVerify(rb, s, unit, p.HealthURL); err != nil {
				return map[string]any{"restarted": done, "stoppedAt": s.Name}, fmt.Errorf("stopped at %s: %w", s.Name, err)
			}
			done = append(done, s.Name)
			if i < len(servers)-1 {
				if err := rb.Sleep(time.Duration(p.PauseSeconds) * time.Second); err != nil {
					return nil, err
				}
			}
		}
		return map[string]any{"unit": unit, "restarted": done}, nil
	},
})

// FreeDiskSpace reclaims space from the usual suspects and reports before/after.
var FreeDiskSpace = workflows.Define(workflows.Typed[freeDiskParams, map[string]any]{
	Playbook: domain.Playbook{
		Name: "free-disk-space", Title: "Free disk space",
		Description: "Vacuums the systemd journal, cleans the package cache and removes rotated logs older than N days, with a disk report before and after.",
		Category:    "remediation", Risk: domain.RiskMedium, Timeout: 30 * time.Minute, Permission: "playbooks:run",
	},
	Check: needServers[freeDiskParams],
	Run: func(rb *workflows.Runbook, p freeDiskParams) (map[string]any, error) {
		servers, err := p.resolve(rb)
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
		if to := p.ReportTo; len(to) > 0 {
			return out, rb.Email("Email the report", to, fmt.Sprintf("Disk space freed on %d server(s)", len(servers)), diskReport(report))
		}
		return out, nil
	},
})

func diskReport(report []map[string]any) string {
	var b strings.Builder
	for _, r := range report {
		fmt.Fprintf(&b, "%s\nbefore:\n%v\nafter:\n%v\n\n", r["server"], r["before"], r["after"])
	}
	return b.String()
}

func freeDisk(rb *workflows.Runbook, s contract.ServerRef, p freeDiskParams) (map[string]any, error) {
	df := []string{"df", "-h", "--output=target,size,used,avail,pcent", "/"}
	before, err := rb.SSH("disk before on "+s.Name, s, df, workflows.SSHOptions{})
	if err != nil {
		return nil, err
	}
	cleanups := [][]string{
		{"journalctl", "--vacuum-size=" + p.JournalMaxSize},
		{"sh", "-c", `command -v apt-get >/dev/null && apt-get clean || command -v dnf >/dev/null && dnf clean all || true`},
		{"find", "/var/log", "-type", "f", "(", "-name", "*.gz", "-o", "-name", "*.[0-9]", ")", "-mtime", "+" + fmt.Sprint(p.LogAgeDays), "-delete"},
	}
	for _, argv := range cleanups {
		if _, err := rb.SSH(argv[0]+" on "+s.Name, s, argv, workflows.SSHOptions{Mutating: true, AllowFailure: true}); err != nil {
			return nil, err
		}
	}
	after, err := rb.SSH("disk after on "+s.Name, s, df, workflows.SSHOptions{})
	return map[string]any{"server": s.Name, "before": before.Stdout, "after": after.Stdout}, err
}
