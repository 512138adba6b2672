package activities

import (
	"context"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/store"
)

// IncidentStore writes incident state and timeline events idempotently.
type IncidentStore interface {
	RecordState(ctx context.Context, s store.IncidentSnapshot, event *domain.TimelineEvent, eventKey string) error
}

// IncidentSnapshot is the incident workflow's state at a sequence number.
type IncidentSnapshot = contract.IncidentSnapshot

// RecordIncidentInput is the Temporal payload contract.RecordIncidentInput.
type RecordIncidentInput = contract.RecordIncidentInput

// RecordIncident writes an incident's state and timeline event. Idempotent.
func (a *Activities) RecordIncident(ctx context.Context, in RecordIncidentInput) error {
	return permanentIfDomain(announced(a.Live, a.Incidents.RecordState(ctx, store.IncidentSnapshot(in.Snapshot), in.Event, in.EventKey),
		live.Event{Kind: live.KindIncident, ID: in.Snapshot.IncidentID, Status: string(in.Snapshot.Status)}))
}
