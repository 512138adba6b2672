package activities

import (
	"context"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/store"
)

// IncidentStore writes incident state and timeline events idempotently.
type IncidentStore interface {
	RecordState(ctx context.Context, s IncidentSnapshot, event *domain.TimelineEvent, eventKey string) error
}

// IncidentSnapshot is the incident workflow's state at a sequence number.
type IncidentSnapshot = store.IncidentSnapshot

// RecordIncidentInput is one state change and, optionally, its timeline event.
type RecordIncidentInput struct {
	Snapshot IncidentSnapshot
	// EventKey makes the event idempotent within the incident.
	EventKey string
	Event    *domain.TimelineEvent
}

// RecordIncident writes an incident's state and timeline event. Idempotent.
func (a *Activities) RecordIncident(ctx context.Context, in RecordIncidentInput) error {
	return permanentIfDomain(announced(a.Live, a.Incidents.RecordState(ctx, in.Snapshot, in.Event, in.EventKey),
		live.Event{Kind: live.KindIncident, ID: in.Snapshot.IncidentID, Status: string(in.Snapshot.Status)}))
}
