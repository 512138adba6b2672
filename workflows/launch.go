package workflows

import "github.com/opsmanager/opsmanager/contract"

// Activities that open incidents and start runs. They live in package
// launch (which imports this one), so workflows call them by name.
const (
	ActivityOpenRunIncident        = "OpenRunIncident"
	ActivityStartIncidentPlaybooks = "StartIncidentPlaybooks"
)

// RunIncidentInput is the Temporal payload contract.RunIncidentInput.
type RunIncidentInput = contract.RunIncidentInput

// IncidentPlaybooksInput is the Temporal payload contract.IncidentPlaybooksInput.
type IncidentPlaybooksInput = contract.IncidentPlaybooksInput
