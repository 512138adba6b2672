package domain

import (
	"encoding/json"
	"time"
)

// RunStatus is the lifecycle state of a playbook run.
type RunStatus string

// Run statuses. A run starts pending, becomes running when the workflow's
// first step starts, and ends in one of the terminal statuses.
const (
	RunPending RunStatus = "pending"
	RunRunning RunStatus = "running"
	// RunWaitingApproval: a step waits for someone with playbooks:approve.
	RunWaitingApproval RunStatus = "waiting_approval"
	RunSucceeded       RunStatus = "succeeded"
	RunFailed          RunStatus = "failed"
	RunCancelled       RunStatus = "cancelled"
	RunTimedOut        RunStatus = "timed_out"
)

// runTransitions lists the statuses each status may move to.
var runTransitions = map[RunStatus][]RunStatus{
	RunPending:         {RunRunning, RunSucceeded, RunFailed, RunCancelled, RunTimedOut},
	RunRunning:         {RunWaitingApproval, RunSucceeded, RunFailed, RunCancelled, RunTimedOut},
	RunWaitingApproval: {RunRunning, RunSucceeded, RunFailed, RunCancelled, RunTimedOut},
}

// Valid reports whether s is a known status.
func (s RunStatus) Valid() bool {
	switch s {
	case RunPending, RunRunning, RunWaitingApproval, RunSucceeded, RunFailed, RunCancelled, RunTimedOut:
		return true
	}
	return false
}

// Terminal reports whether a run in status s is finished.
func (s RunStatus) Terminal() bool {
	return s.Valid() && len(runTransitions[s]) == 0
}

// CanMoveTo reports whether a run may go from s to next. Repeating the same
// status is allowed so that activities retried after a crash stay idempotent.
func (s RunStatus) CanMoveTo(next RunStatus) bool {
	if !s.Valid() || !next.Valid() {
		return false
	}
	if s == next {
		return true
	}
	for _, allowed := range runTransitions[s] {
		if allowed == next {
			return true
		}
	}
	return false
}

// Run is one execution of a playbook.
type Run struct {
	ID            string          `json:"id"`
	Playbook      string          `json:"playbook"`
	Status        RunStatus       `json:"status"`
	Params        map[string]any  `json:"params"`
	Result        json.RawMessage `json:"result"`
	Error         *string         `json:"error"`
	WorkflowID    string          `json:"workflowId"`
	TemporalRunID string          `json:"temporalRunId"`
	RequestedBy   string          `json:"requestedBy"`
	// OnBehalfOf is the human behind a run that automation or an API token
	// requested: the user who saved the incident trigger, or the token's
	// creator. Like the requester, they may not approve it.
	OnBehalfOf *string `json:"onBehalfOf"`
	DryRun     bool    `json:"dryRun"`
	ApprovedBy *string `json:"approvedBy"`
	// ServiceID is the service the run acts for: its failure pages it.
	ServiceID  *string    `json:"serviceId"`
	Steps      []RunStep  `json:"steps" openapi:"nullable"` // nil in run lists
	CreatedAt  time.Time  `json:"createdAt"`
	StartedAt  *time.Time `json:"startedAt"`
	FinishedAt *time.Time `json:"finishedAt"`
}

// RunFilter selects runs for listing.
type RunFilter struct {
	Playbook string
	Status   RunStatus
	// IncidentID selects the runs linked to an incident.
	IncidentID string
	Page       int
	Limit      int
}

// StepStatus is the state of one step of a run.
type StepStatus string

// Step statuses.
const (
	StepRunning         StepStatus = "running"
	StepWaitingApproval StepStatus = "waiting_approval"
	StepSucceeded       StepStatus = "succeeded"
	StepFailed          StepStatus = "failed"
	StepSkipped         StepStatus = "skipped" // planned in a dry run, not executed
)

// RunStep is one step of a run, as the run view shows it.
type RunStep struct {
	Seq        int             `json:"seq"`
	Name       string          `json:"name"`
	Kind       string          `json:"kind"` // http, ssh, email, approval, wait
	Target     string          `json:"target"`
	Status     StepStatus      `json:"status"`
	Attempts   int             `json:"attempts"`
	ExitCode   *int            `json:"exitCode,omitempty"`
	Error      *string         `json:"error"`
	Result     json.RawMessage `json:"result"`
	StartedAt  time.Time       `json:"startedAt"`
	FinishedAt *time.Time      `json:"finishedAt"`
}

// Relations between an incident and a run.
const (
	LinkTriggered       = "triggered"        // the incident started the run
	LinkFailure         = "failure"          // the run failed and opened the incident
	LinkApprovalTimeout = "approval_timeout" // nobody approved the run in time
)

// IncidentRunLink ties a run to an incident, with enough of each to list it.
type IncidentRunLink struct {
	IncidentID     string    `json:"incidentId"`
	RunID          string    `json:"runId"`
	Relation       string    `json:"relation"`
	CreatedAt      time.Time `json:"createdAt"`
	IncidentTitle  string    `json:"incidentTitle"`
	IncidentStatus string    `json:"incidentStatus"`
	Playbook       string    `json:"playbook"`
	RunStatus      RunStatus `json:"runStatus"`
}
