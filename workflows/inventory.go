package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
)

var inventoryActs *activities.Inventory

// RecordFacts stores facts a step collected from server (the output of
// assets.FactsScript) as its asset's attributes, as the step called name.
func (rb *Runbook) RecordFacts(name string, server contract.ServerRef, output string) (contract.RecordFactsResult, error) {
	st := rb.begin(name, "inventory", server.Name, map[string]any{"server": server.Name})
	var res contract.RecordFactsResult
	if rb.input.DryRun {
		return res, nil
	}
	in := contract.RecordFactsInput{RunID: rb.input.RunID, StepName: name, ServerID: server.ID, Output: output}
	err := workflow.ExecuteActivity(rb.stepContext(name, StepOptions{Timeout: time.Minute}), inventoryActs.RecordServerFacts, in).Get(rb.ctx, &res)
	st.end(err, nil, map[string]any{"changed": res.Changed})
	return res, err
}
