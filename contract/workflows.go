package contract

import (
	"time"

	"github.com/opsmanager/opsmanager/domain"
)

// IncidentInput starts (or continues) an incident. The escalation policy
// and SLA are snapshots taken when the incident triggered: editing a policy
// does not change running incidents.
type IncidentInput struct {
	IncidentID  string
	ServiceID   string
	ServiceName string
	Title       string
	Description string
	Severity    domain.Severity
	Policy      domain.EscalationPolicy
	AckSLA      time.Duration // zero: no acknowledge deadline
	ResolveSLA  time.Duration // zero: no resolve deadline
	CreatedBy   string
	// Playbooks start when the incident triggers (the service's, at open time).
	Playbooks []domain.PlaybookTrigger
	// CreatedAt is when the incident was created; SLA deadlines count from
	// it (the API shows them at once). Zero means the workflow's start.
	CreatedAt time.Time
	// State is set when the workflow continues as new.
	State *IncidentState
	// MaxRecords overrides the number of recorded events per run after
	// which the workflow continues as new.
	MaxRecords int
}

// Page is one round of notifications, for "who was notified".
type Page struct {
	At         time.Time   `json:"at"`
	Level      int         `json:"level"` // 1-based
	Round      int         `json:"round"`
	Reason     string      `json:"reason"`
	Recipients []Recipient `json:"recipients"`
	Error      string      `json:"error,omitempty"`
}

// IncidentState is the live state of an incident, returned by the state
// query and by every update.
type IncidentState struct {
	Status           domain.IncidentStatus
	Level            int // 0-based index of the level paged last; -1 before the first page
	Round            int
	NextEscalationAt *time.Time
	AckDeadline      *time.Time
	ResolveDeadline  *time.Time
	AckBreached      bool
	ResolveBreached  bool
	AssigneeID       string
	CreatedAt        time.Time
	AcknowledgedAt   *time.Time
	ResolvedAt       *time.Time
	ClosedAt         *time.Time
	AlertCount       int
	LastAlertAt      *time.Time
	Seq              int64
	Pages            []Page // the last maxPages pages
}

// ActionRequest asks the incident to do something: acknowledge, resolve...
type ActionRequest struct {
	Action     domain.IncidentAction
	Actor      string
	Note       string
	AssigneeID string
}

// AlertReceived tells an incident that another alert with its dedup key fired.
type AlertReceived struct {
	Source  string
	Summary string
	At      time.Time
}

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

// PlaybookInput starts one run of a playbook. Parameters were validated by
// the API; secrets never appear here (playbooks load them in activities).
type PlaybookInput struct {
	RunID       string
	Params      map[string]any
	RequestedBy string
	// OnBehalfOf is the human behind RequestedBy when that is automation
	// or an API token; they may not approve the run either.
	OnBehalfOf string
	// DryRun plans every step without acting and returns the plan.
	DryRun bool
	// AllowSelfApproval lets the requester approve their own run.
	AllowSelfApproval bool
}

// PlaybookResult is a finished run's outcome.
type PlaybookResult struct {
	Status domain.RunStatus
	Output map[string]any
	Error  string
}

// ApprovalDecision answers the pending approval of a run (the argument of
// UpdateRunApproval).
type ApprovalDecision struct {
	Approve bool
	By      string
	// OnBehalfOf is the human behind By when By is an API token (its creator).
	OnBehalfOf string
	Note       string
}
