package domain

import (
	"fmt"
	"time"
)

// Severity ranks how bad an incident is.
type Severity string

// Severities, most severe first.
const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool {
	for _, v := range Severities {
		if v == s {
			return true
		}
	}
	return false
}

// IncidentStatus is where an incident is in its lifecycle.
type IncidentStatus string

// Incident statuses, in lifecycle order.
const (
	StatusTriggered     IncidentStatus = "triggered"
	StatusAcknowledged  IncidentStatus = "acknowledged"
	StatusInvestigating IncidentStatus = "investigating"
	StatusMitigated     IncidentStatus = "mitigated"
	StatusResolved      IncidentStatus = "resolved"
	StatusClosed        IncidentStatus = "closed"
)

// IncidentStatuses lists every status in lifecycle order.
var IncidentStatuses = []IncidentStatus{StatusTriggered, StatusAcknowledged, StatusInvestigating,
	StatusMitigated, StatusResolved, StatusClosed}

// Valid reports whether s is a known status.
func (s IncidentStatus) Valid() bool {
	for _, v := range IncidentStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// Open reports whether an incident in status s still needs work.
func (s IncidentStatus) Open() bool {
	return s == StatusTriggered || s == StatusAcknowledged || s == StatusInvestigating || s == StatusMitigated
}

// IncidentAction is something a person or alert does to an incident.
type IncidentAction string

// Incident actions; each is a Temporal Update of the incident workflow.
const (
	ActionAcknowledge IncidentAction = "acknowledge"
	ActionInvestigate IncidentAction = "investigate"
	ActionMitigate    IncidentAction = "mitigate"
	ActionResolve     IncidentAction = "resolve"
	ActionClose       IncidentAction = "close"
	ActionReopen      IncidentAction = "reopen"
	ActionEscalate    IncidentAction = "escalate"
	ActionReassign    IncidentAction = "reassign"
	ActionComment     IncidentAction = "comment"
)

// transition is one row of the incident state machine. An empty To keeps
// the status as it is.
type transition struct {
	From []IncidentStatus
	To   IncidentStatus
}

var open = []IncidentStatus{StatusTriggered, StatusAcknowledged, StatusInvestigating, StatusMitigated}

// incidentTransitions is the incident state machine, in one table.
var incidentTransitions = map[IncidentAction]transition{
	ActionAcknowledge: {From: []IncidentStatus{StatusTriggered}, To: StatusAcknowledged},
	ActionInvestigate: {From: []IncidentStatus{StatusTriggered, StatusAcknowledged}, To: StatusInvestigating},
	ActionMitigate:    {From: []IncidentStatus{StatusTriggered, StatusAcknowledged, StatusInvestigating}, To: StatusMitigated},
	ActionResolve:     {From: open, To: StatusResolved},
	ActionClose:       {From: []IncidentStatus{StatusResolved}, To: StatusClosed},
	ActionReopen:      {From: []IncidentStatus{StatusResolved}, To: StatusTriggered},
	// Escalating re-pages: an acknowledged incident goes back to triggered.
	ActionEscalate: {From: []IncidentStatus{StatusTriggered, StatusAcknowledged}, To: StatusTriggered},
	ActionReassign: {From: open},
	ActionComment:  {From: append(append([]IncidentStatus{}, open...), StatusResolved, StatusClosed)},
}

// Valid reports whether a is a known action.
func (a IncidentAction) Valid() bool {
	_, ok := incidentTransitions[a]
	return ok
}

// Apply returns the status after action a from status s, or a conflict
// error naming the current status.
func (a IncidentAction) Apply(s IncidentStatus) (IncidentStatus, error) {
	t, ok := incidentTransitions[a]
	if !ok {
		return s, Errorf(EInvalid, "unknown incident action %q", a)
	}
	for _, from := range t.From {
		if from == s {
			if t.To == "" {
				return s, nil
			}
			return t.To, nil
		}
	}
	return s, Errorf(EConflict, "cannot %s an incident that is %s", a, s)
}

// Incident is the domain record of one incident.
type Incident struct {
	ID               string         `json:"id"`
	ServiceID        string         `json:"serviceId"`
	ServiceName      string         `json:"serviceName"`
	Title            string         `json:"title"`
	Description      string         `json:"description"`
	Severity         Severity       `json:"severity"`
	Status           IncidentStatus `json:"status"`
	DedupKey         string         `json:"dedupKey"`
	AlertCount       int            `json:"alertCount"`
	LastAlertAt      *time.Time     `json:"lastAlertAt"`
	AssigneeID       *string        `json:"assigneeId"`
	EscalationLevel  int            `json:"escalationLevel"` // 1-based; 0 before the first page
	EscalationRound  int            `json:"escalationRound"`
	NextEscalationAt *time.Time     `json:"nextEscalationAt"`
	AckDeadline      *time.Time     `json:"ackDeadline"`
	ResolveDeadline  *time.Time     `json:"resolveDeadline"`
	AckBreached      bool           `json:"ackBreached"`
	ResolveBreached  bool           `json:"resolveBreached"`
	WorkflowID       string         `json:"workflowId"`
	CreatedBy        string         `json:"createdBy"`
	CreatedAt        time.Time      `json:"createdAt"`
	AcknowledgedAt   *time.Time     `json:"acknowledgedAt"`
	ResolvedAt       *time.Time     `json:"resolvedAt"`
	ClosedAt         *time.Time     `json:"closedAt"`
	UpdatedAt        time.Time      `json:"updatedAt"`
}

// TimelineEvent is one entry of an incident's history.
type TimelineEvent struct {
	ID         string         `json:"id"`
	IncidentID string         `json:"incidentId"`
	At         time.Time      `json:"at"`
	Type       string         `json:"type"`
	Actor      string         `json:"actor"`
	Message    string         `json:"message"`
	Details    map[string]any `json:"details"`
}

// Timeline event types.
const (
	EventTriggered     = "triggered"
	EventTransition    = "status_changed"
	EventEscalated     = "escalated"
	EventNotified      = "notified"
	EventSLABreached   = "sla_breached"
	EventComment       = "comment"
	EventReassigned    = "reassigned"
	EventAlertAttached = "alert_attached"
)

// IncidentFilter selects incidents for listing.
type IncidentFilter struct {
	Status     []IncidentStatus
	Severity   []Severity
	ServiceID  string
	AssigneeID string
	Query      string
	From, To   time.Time
	Breached   bool   // only incidents that breached an SLA deadline
	Sort       string // created_at, updated_at, severity, status
	Desc       bool
	Page       int
	Limit      int
}

// ValidateTitle checks an incident title: 1..200 characters.
func ValidateTitle(t string) error {
	if n := len([]rune(t)); n < 1 || n > 200 {
		return fmt.Errorf("must be 1 to 200 characters")
	}
	return nil
}
