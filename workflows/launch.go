package workflows

import "github.com/opsmanager/opsmanager/domain"

// Activities that open incidents and start runs. They live in package
// launch (which imports this one), so workflows call them by name.
const (
	ActivityOpenRunIncident        = "OpenRunIncident"
	ActivityStartIncidentPlaybooks = "StartIncidentPlaybooks"
)

// RunIncidentInput asks for an incident about a run that failed, or whose
// approval nobody gave in time (Relation says which).
type RunIncidentInput struct {
	RunID    string
	Playbook string
	Relation string // domain.LinkFailure or domain.LinkApprovalTimeout
	Message  string
}

// IncidentPlaybooksInput asks to start the playbooks of an incident's service.
type IncidentPlaybooksInput struct {
	IncidentID  string
	ServiceID   string
	ServiceName string
	Title       string
	Description string
	Severity    domain.Severity
	Triggers    []domain.PlaybookTrigger
}
