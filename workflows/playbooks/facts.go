package playbooks

import (
	"time"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// CollectFacts fills the selected servers' inventory attributes over SSH:
// OS, kernel, CPU cores, memory, disks, IP addresses and listening ports.
// It only reads; each change lands in the server asset's history.
var CollectFacts = workflows.Define(workflows.Typed[factsParams, map[string]any]{
	Playbook: domain.Playbook{
		Name:        "collect-facts",
		Title:       "Collect server facts",
		Description: "Reads OS, kernel, CPU, memory, disks, IP addresses and listening ports from each server and stores them as the server's inventory attributes.",
		Category:    "discovery",
		Risk:        domain.RiskLow,
		Timeout:     30 * time.Minute,
		Permission:  "playbooks:run",
	},
	Check: needServers[factsParams],
	Run:   runFacts,
})

type factsParams struct {
	targets
}

func runFacts(rb *workflows.Runbook, p factsParams) (map[string]any, error) {
	servers, err := p.resolve(rb)
	if err != nil {
		return nil, err
	}
	report := make([]map[string]any, len(servers))
	errs := rb.Parallel(len(servers), 5, func(rb *workflows.Runbook, i int) error {
		var err error
		report[i], err = factsOf(rb, servers[i])
		return err
	})
	return map[string]any{"servers": report}, workflows.FirstError(errs)
}

// factsOf collects one server's facts and stores them.
func factsOf(rb *workflows.Runbook, s contract.ServerRef) (map[string]any, error) {
	out := map[string]any{"server": s.Name}
	res, err := rb.SSH("facts of "+s.Name, s, []string{"sh", "-c", assets.FactsScript},
		workflows.SSHOptions{StepOptions: workflows.StepOptions{Timeout: time.Minute}})
	if err != nil {
		out["error"] = err.Error()
		return out, err
	}
	rec, err := rb.RecordFacts("record facts of "+s.Name, s, res.Stdout)
	out["changed"] = rec.Changed
	if err != nil {
		out["error"] = err.Error()
	}
	return out, err
}
