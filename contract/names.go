package contract

// Names of the incident workflow's type, update, query and signal, and of
// the update that answers a run's approval request.
const (
	IncidentWorkflowType = "incident"
	UpdateIncidentAction = "incident.act"
	QueryIncidentState   = "incident.state"
	SignalIncidentAlert  = "incident.alert"
	UpdateRunApproval    = "playbook.approval"
)

// Page reasons: why the incident workflow paged a level.
const (
	PageTriggered          = "triggered"
	PageEscalated          = "escalated"
	PageSLAAckBreached     = "sla_ack_breached"
	PageSLAResolveBreached = "sla_resolve_breached"
	PageEscalateNow        = "escalate_now"
	PageReopened           = "reopened"
)

// Application error types workflows answer updates with; the API maps
// them to statuses.
const (
	// ErrInvalidRequest: the update's input is invalid (400).
	ErrInvalidRequest = "InvalidRequest"
	// ErrSelfApproval: whoever asked for the run may not approve it (403).
	ErrSelfApproval = "SelfApproval"
)
