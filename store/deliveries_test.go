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

// insertIncident adds the minimal policy, service and incident rows that a
// delivery's foreign key needs, and returns the incident's ID.
func insertIncident(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	ctx := context.Background()
	policyID, serviceID, incidentID := uuid.NewString(), uuid.NewString(), uuid.NewString()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO escalation_policies (id, name, levels) VALUES ($1, $2, '[]')`, []any{policyID, "policy-" + policyID}},
		{`INSERT INTO services (id, name, escalation_policy_id) VALUES ($1, $2, $3)`, []any{serviceID, "svc-" + serviceID, policyID}},
		{`INSERT INTO incidents (id, service_id, title, severity, dedup_key, workflow_id) VALUES ($1, $2, 'Database down', 'critical', $3, $4)`,
			[]any{incidentID, serviceID, "dedup-" + incidentID, "incident/" + incidentID}},
	} {
		if _, err := pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	return incidentID
}

func newDelivery(incidentID, key, target string) domain.Delivery {
	return domain.Delivery{IncidentID: incidentID, IdempotencyKey: key, Channel: "email", Target: target,
		Level: 1, Reason: "triggered"}
}

func TestDeliveryIsRecordedOncePerKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	deliveries, incident, _ := deliveriesOfAnIncident(t)
	key := incident + "/page-1/email:a@example.com"

	first, sent, err := deliveries.Begin(ctx, newDelivery(incident, key, "a@example.com"))
	if err != nil || sent {
		t.Fatalf("first Begin: sent = %v, err = %v", sent, err)
	}
	if _, err := uuid.Parse(first.ID); err != nil || first.Status != store.DeliveryPending || first.Attempts != 1 ||
		first.Reason != "triggered" || first.Level != 1 || first.CreatedAt.IsZero() || first.SentAt != nil {
		t.Fatalf("first Begin = %+v", first)
	}

	// A retry after a transient failure: same row, one more attempt, error kept.
	if err := deliveries.MarkFailed(ctx, key, "connection refused", false); err != nil {
		t.Fatal(err)
	}
	second, sent, err := deliveries.Begin(ctx, newDelivery(incident, key, "a@example.com"))
	if err != nil || sent {
		t.Fatalf("second Begin: sent = %v, err = %v", sent, err)
	}
	if second.ID != first.ID || second.Attempts != 2 || second.Status != store.DeliveryPending || second.LastError != "connection refused" {
		t.Fatalf("second Begin = %+v", second)
	}

	at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	if err := deliveries.MarkSent(ctx, key, at); err != nil {
		t.Fatal(err)
	}
	if err := deliveries.MarkSent(ctx, key, at.Add(time.Minute)); err != nil {
		t.Fatalf("repeating MarkSent: %v", err)
	}
	// A late failure report must not undo the send.
	if err := deliveries.MarkFailed(ctx, key, "late", true); err != nil {
		t.Fatal(err)
	}
	third, sent, err := deliveries.Begin(ctx, newDelivery(incident, key, "a@example.com"))
	if err != nil || !sent {
		t.Fatalf("Begin after send: sent = %v, err = %v", sent, err)
	}
	if third.Attempts != 2 || third.Status != store.DeliverySent || third.SentAt == nil || !third.SentAt.Equal(at) || third.LastError != "" {
		t.Fatalf("Begin after send = %+v, want attempts unchanged and the first sent time", third)
	}
}

// deliveriesOfAnIncident gives a test its own database with one incident
// to record deliveries of.
func deliveriesOfAnIncident(t *testing.T) (*store.Deliveries, string, *pgxpool.Pool) {
	t.Helper()
	pool := storetest.NewPool(t)
	return store.NewDeliveries(pool), insertIncident(t, pool), pool
}

func TestPermanentFailureIsFinal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	deliveries, incident, _ := deliveriesOfAnIncident(t)
	key := incident + "/page-1/webhook:https://hooks.example.com/x"
	d := newDelivery(incident, key, "https://hooks.example.com/x")
	d.Channel = "webhook"
	if _, _, err := deliveries.Begin(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := deliveries.MarkFailed(ctx, key, "POST https://hooks.example.com/x answered 404", true); err != nil {
		t.Fatal(err)
	}
	got, sent, err := deliveries.Begin(ctx, d)
	if err != nil || sent {
		t.Fatalf("Begin: sent = %v, err = %v", sent, err)
	}
	if got.Status != store.DeliveryFailed || got.Attempts != 1 || got.LastError != "POST https://hooks.example.com/x answered 404" {
		t.Fatalf("after a permanent failure Begin = %+v, want failed with one attempt", got)
	}
}

func TestListDeliveriesOldestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	deliveries, incident, pool := deliveriesOfAnIncident(t)
	other := insertIncident(t, pool)
	for _, target := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		if _, _, err := deliveries.Begin(ctx, newDelivery(incident, incident+"/p/email:"+target, target)); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := deliveries.Begin(ctx, newDelivery(other, other+"/p/email:a@example.com", "a@example.com")); err != nil {
		t.Fatal(err)
	}
	list, err := deliveries.ListByIncident(ctx, incident)
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, d := range list {
		targets = append(targets, d.Target)
	}
	if len(list) != 3 || targets[0] != "a@example.com" || targets[1] != "b@example.com" || targets[2] != "c@example.com" {
		t.Fatalf("targets = %v, want a, b, c of this incident only", targets)
	}
	if list, err := deliveries.ListByIncident(ctx, uuid.NewString()); err != nil || len(list) != 0 {
		t.Fatalf("unknown incident: %v, %v", list, err)
	}
}

func TestDeliveryErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	deliveries, incident, _ := deliveriesOfAnIncident(t)

	_, _, err := deliveries.Begin(ctx, newDelivery(uuid.NewString(), "k1", "a@example.com"))
	if domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("Begin for a missing incident: err = %v, want not found", err)
	}
	bad := newDelivery(incident, "k2", "a@example.com")
	bad.Channel = "sms"
	if _, _, err := deliveries.Begin(ctx, bad); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("Begin with channel sms: err = %v, want invalid", err)
	}
	if err := deliveries.MarkSent(ctx, "missing", time.Now()); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("MarkSent of a missing key: err = %v, want not found", err)
	}
	if err := deliveries.MarkFailed(ctx, "missing", "x", true); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("MarkFailed of a missing key: err = %v, want not found", err)
	}
	if _, err := deliveries.ListByIncident(ctx, "not-a-uuid"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("ListByIncident(not-a-uuid): err = %v, want not found", err)
	}
}
