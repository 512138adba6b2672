package activities

import (
	"context"
	"time"

	"github.com/opsmanager/opsmanager/domain"
)

// IncidentStore writes incident state and timeline events idempotently.
type IncidentStore interface {
	RecordState(ctx context.Context, s IncidentSnapshot, event *domain.TimelineEvent, eventKey string) error
}

// IncidentSnapshot is the incident workflow's state at sequence Seq. The
// store applies it only if Seq is newer than what it holds, so retried or
// late activities never roll the record back.
type IncidentSnapshot struct {
	IncidentID       string
	Seq              int64
	Status           domain.IncidentStatus
	EscalationLevel  int // 1-based; 0 before the first page
	EscalationRound  int
	NextEscalationAt *time.Time
	AckDeadline      *time.Time
	ResolveDeadline  *time.Time
	AckBreached      bool
	ResolveBreached  bool
	AssigneeID       string
	AcknowledgedAt   *time.Time
	ResolvedAt       *time.Time
	ClosedAt         *time.Time
	AlertCount       int
	LastAlertAt      *time.Time
}

// RecordIncidentInput is one state change and, optionally, its timeline event.
type RecordIncidentInput struct {
	Snapshot IncidentSnapshot
	// EventKey makes the event idempotent within the incident.
	EventKey string
	Event    *domain.TimelineEvent
}

// RecordIncident writes an incident's state and timeline event. Idempotent.
func (a *Activities) RecordIncident(ctx context.Context, in RecordIncidentInput) error {
	return permanentIfDomain(a.Incidents.RecordState(ctx, in.Snapshot, in.Event, in.EventKey))
}
