package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

func newService(t *testing.T, pool *pgxpool.Pool) domain.Service {
	t.Helper()
	ctx := context.Background()
	p := store.NewPolicies(pool)
	pol, err := p.CreateEscalationPolicy(ctx, domain.EscalationPolicy{Name: "p-" + uuid.NewString(), Levels: []domain.EscalationLevel{
		{DelaySeconds: 60, Targets: []domain.Target{{Type: domain.TargetEmail, Address: "a@example.com"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := p.CreateService(ctx, domain.Service{Name: "svc-" + uuid.NewString(), EscalationPolicyID: pol.ID})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func newIncident(t *testing.T, s *store.Incidents, svc domain.Service, dedup string, created time.Time) domain.Incident {
	t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	ack := created.Add(5 * time.Minute)
	inc, err := s.Create(context.Background(), domain.Incident{ID: id, ServiceID: svc.ID, Title: "Disk full on db1", Severity: domain.SeverityHigh,
		DedupKey: dedup, WorkflowID: "incident/" + id, CreatedAt: created, AckDeadline: &ack})
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func TestOnlyOneOpenIncidentPerDedupKey(t *testing.T) {
	t.Parallel()
	s, svc := incidentsOfAService(t)
	first := newIncident(t, s, svc, "k1", time.Now().UTC())
	dup, err := s.Create(context.Background(), domain.Incident{ID: uuid.NewString(), ServiceID: svc.ID, Title: "again",
		Severity: domain.SeverityLow, DedupKey: "k1", WorkflowID: "incident/x", CreatedAt: time.Now()})
	if err != store.ErrOpenDuplicate || dup.ID != first.ID {
		t.Fatalf("duplicate: %v %s, want ErrOpenDuplicate with the open incident", err, dup.ID)
	}
	// Once resolved, the same key may open a new incident.
	if err := s.RecordState(context.Background(), store.IncidentSnapshot{IncidentID: first.ID, Seq: 1, Status: domain.StatusResolved}, nil, ""); err != nil {
		t.Fatal(err)
	}
	newIncident(t, s, svc, "k1", time.Now().UTC())
}

func TestRecordStateIgnoresOlderSnapshotsAndRepeatsEventsOnce(t *testing.T) {
	t.Parallel()
	pool := storetest.NewPool(t)
	s := store.NewIncidents(pool)
	inc := newIncident(t, s, newService(t, pool), "k", time.Now().UTC())
	ctx := context.Background()
	t0 := time.Now()
	ev := &domain.TimelineEvent{At: t0.Add(time.Second), Type: domain.EventTransition, Actor: "alice", Message: "triggered → acknowledged"}
	ack := store.IncidentSnapshot{IncidentID: inc.ID, Seq: 5, Status: domain.StatusAcknowledged, EscalationLevel: 2}
	for i := 0; i < 2; i++ { // a retried activity
		if err := s.RecordState(ctx, ack, ev, "event-5"); err != nil {
			t.Fatal(err)
		}
	}
	late := store.IncidentSnapshot{IncidentID: inc.ID, Seq: 4, Status: domain.StatusTriggered, EscalationLevel: 1}
	if err := s.RecordState(ctx, late, &domain.TimelineEvent{At: t0, Type: domain.EventEscalated}, "event-4"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, inc.ID)
	if got.Status != domain.StatusAcknowledged || got.EscalationLevel != 2 {
		t.Fatalf("a late snapshot rolled the incident back: %s level %d", got.Status, got.EscalationLevel)
	}
	timeline, _ := s.Timeline(ctx, inc.ID)
	if len(timeline) != 2 || timeline[0].Type != domain.EventEscalated || timeline[1].Actor != "alice" {
		t.Fatalf("timeline = %+v, want the escalation (seq 4) then one acknowledgement (seq 5)", timeline)
	}
}

// incidentsOfAService gives a test its own database with one service to
// open incidents on.
func incidentsOfAService(t *testing.T) (*store.Incidents, domain.Service) {
	t.Helper()
	pool := storetest.NewPool(t)
	return store.NewIncidents(pool), newService(t, pool)
}

func TestIncidentMetrics(t *testing.T) {
	t.Parallel()
	s, svc := incidentsOfAService(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	a := newIncident(t, s, svc, "a", base)
	b := newIncident(t, s, svc, "b", base.Add(time.Hour))
	newIncident(t, s, svc, "c", base.Add(2*time.Hour))
	ackA, resA := base.Add(2*time.Minute), base.Add(20*time.Minute)
	ackB, resB := base.Add(time.Hour+4*time.Minute), base.Add(time.Hour+40*time.Minute)
	_ = s.RecordState(ctx, store.IncidentSnapshot{IncidentID: a.ID, Seq: 1, Status: domain.StatusResolved, AcknowledgedAt: &ackA, ResolvedAt: &resA, AckDeadline: a.AckDeadline}, nil, "")
	_ = s.RecordState(ctx, store.IncidentSnapshot{IncidentID: b.ID, Seq: 1, Status: domain.StatusResolved, AcknowledgedAt: &ackB, ResolvedAt: &resB, AckDeadline: b.AckDeadline, AckBreached: true}, nil, "")

	m, err := s.Metrics(ctx, base, base.Add(24*time.Hour), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Series) != 24 || m.Series[0].Total != 1 || m.Series[1].Total != 1 || m.Series[2].Total != 1 || m.Series[3].Total != 0 ||
		*m.Series[0].MTTASeconds != 120 || *m.Series[1].MTTRSeconds != 2400 || m.Series[2].MTTASeconds != nil || !m.Series[5].Start.Equal(base.Add(5*time.Hour)) {
		t.Fatalf("hourly series = %+v", m.Series)
	}
	if m.Total != 3 || m.ByStatus["resolved"] != 2 || m.ByStatus["triggered"] != 1 || m.BySeverity["high"] != 3 {
		t.Fatalf("counts = %+v", m)
	}
	if m.MTTASeconds == nil || *m.MTTASeconds != 180 || m.MTTRSeconds == nil || *m.MTTRSeconds != 1800 {
		t.Fatalf("MTTA %v MTTR %v, want 180 s and 1800 s", m.MTTASeconds, m.MTTRSeconds)
	}
	// c has an ack deadline too but is still open and unbreached; b breached.
	if m.SLACompliance == nil || *m.SLACompliance < 0.66 || *m.SLACompliance > 0.67 {
		t.Fatalf("SLA compliance %v, want 2/3", m.SLACompliance)
	}
	if len(m.Services) != 1 || m.Services[0].Total != 3 || m.Services[0].Open != 1 {
		t.Fatalf("per service = %+v", m.Services)
	}
	if breached, n, err := s.List(ctx, domain.IncidentFilter{Breached: true, Page: 1, Limit: 10}); err != nil || n != 1 || breached[0].ID != b.ID {
		t.Fatalf("breached filter = %+v (%d), %v; want only b", breached, n, err)
	}
	if empty, _ := s.Metrics(ctx, base.Add(-48*time.Hour), base.Add(-24*time.Hour), 0); empty.Total != 0 || empty.MTTASeconds != nil || len(empty.Series) != 0 {
		t.Fatalf("empty range = %+v", empty)
	}
}

func TestListFiltersSearchAndSort(t *testing.T) {
	t.Parallel()
	pool := storetest.NewPool(t)
	s := store.NewIncidents(pool)
	svc := newService(t, pool)
	ctx := context.Background()
	now := time.Now().UTC()
	newIncident(t, s, svc, "x", now.Add(-time.Hour))
	b := newIncident(t, s, svc, "y", now)
	_, _ = pool.Exec(ctx, `UPDATE incidents SET title = 'Payment gateway timeouts', severity = 'critical' WHERE id = $1`, b.ID)
	list, total, err := s.List(ctx, domain.IncidentFilter{Query: "gateway", Page: 1, Limit: 10})
	if err != nil || total != 1 || list[0].ID != b.ID {
		t.Fatalf("search: %d %v", total, err)
	}
	list, _, _ = s.List(ctx, domain.IncidentFilter{Sort: "severity", Page: 1, Limit: 10})
	if list[0].ID != b.ID {
		t.Fatal("severity sort ascending must put critical first")
	}
	_, total, _ = s.List(ctx, domain.IncidentFilter{Severity: []domain.Severity{domain.SeverityLow}, Page: 1, Limit: 10})
	if total != 0 {
		t.Fatal("severity filter")
	}
}
