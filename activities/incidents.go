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

// RecordIncident writes an incident's state and timeline event. Idempotent.
func (a *Activities) RecordIncident(ctx context.Context, in contract.RecordIncidentInput) error {
	return permanentIfDomain(announced(a.Live, a.Incidents.RecordState(ctx, store.IncidentSnapshot(in.Snapshot), in.Event, in.EventKey),
		live.Event{Kind: live.KindIncident, ID: in.Snapshot.IncidentID, Status: string(in.Snapshot.Status)}))
}
