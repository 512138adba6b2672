package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Delivery statuses.
const (
	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"
)

// maxDeliveryError caps the stored error text; server replies can be long.
const maxDeliveryError = 2000

// Deliveries records every notification sent for an incident, keyed by an
// idempotency key, so a retried activity pages each recipient once.
type Deliveries struct {
	pool *pgxpool.Pool
}

// NewDeliveries returns a delivery repository over pool.
func NewDeliveries(pool *pgxpool.Pool) *Deliveries { return &Deliveries{pool: pool} }

const deliveryColumns = `id, incident_id, idempotency_key, channel, target, level, reason, status, attempts,
	last_error, created_at, sent_at`

func scanDelivery(row pgx.Row) (domain.Delivery, error) {
	var d domain.Delivery
	err := row.Scan(&d.ID, &d.IncidentID, &d.IdempotencyKey, &d.Channel, &d.Target, &d.Level, &d.Reason,
		&d.Status, &d.Attempts, &d.LastError, &d.CreatedAt, &d.SentAt)
	return d, err
}

// Begin records an attempt to deliver d, identified by d.IdempotencyKey.
// The first call inserts the delivery as pending; later calls load it. The
// attempt count goes up unless the delivery is already final (sent, or
// failed permanently), since no attempt follows then. alreadySent says the
// recipient has the notification and must not get it again.
func (s *Deliveries) Begin(ctx context.Context, d domain.Delivery) (domain.Delivery, bool, error) {
	if err := validDelivery(d); err != nil {
		return d, false, err
	}
	got, err := scanDelivery(db(ctx, s.pool).QueryRow(ctx, `INSERT INTO deliveries
		(id, incident_id, idempotency_key, channel, target, level, reason, status, attempts)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 1)
		ON CONFLICT (idempotency_key) DO UPDATE SET attempts = deliveries.attempts +
			CASE WHEN deliveries.status = 'pending' THEN 1 ELSE 0 END
		RETURNING `+deliveryColumns,
		newID(), d.IncidentID, d.IdempotencyKey, d.Channel, d.Target, d.Level, d.Reason))
	if err != nil {
		if violationOf(err).foreignKey() {
			return d, false, missing("incident", d.IncidentID)
		}
		return d, false, fmt.Errorf("begin delivery: %w", err)
	}
	if got.IncidentID != d.IncidentID {
		// Keys start with the incident ID, so this means a caller bug.
		return got, false, domain.Errorf(domain.EConflict, "idempotency key %s belongs to incident %s", d.IdempotencyKey, got.IncidentID)
	}
	return got, got.Status == DeliverySent, nil
}

func validDelivery(d domain.Delivery) error {
	var bad []domain.FieldError
	if !isID(d.IncidentID) {
		bad = append(bad, domain.FieldError{Field: "incidentId", Message: "must be a UUID"})
	}
	if d.IdempotencyKey == "" {
		bad = append(bad, domain.FieldError{Field: "idempotencyKey", Message: "is required"})
	}
	if d.Channel != "email" && d.Channel != "webhook" {
		bad = append(bad, domain.FieldError{Field: "channel", Message: "must be email or webhook"})
	}
	if d.Target == "" {
		bad = append(bad, domain.FieldError{Field: "target", Message: "is required"})
	}
	return domain.ValidationError(bad)
}

// MarkSent records that the delivery with key was sent at at. Repeating it
// keeps the first time.
func (s *Deliveries) MarkSent(ctx context.Context, key string, at time.Time) error {
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE deliveries SET status = 'sent', sent_at = COALESCE(sent_at, $2), last_error = ''
		WHERE idempotency_key = $1`, key, at)
	if err != nil {
		return fmt.Errorf("mark delivery sent: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return missing("delivery", key)
	}
	return nil
}

// MarkFailed records a failed attempt of the delivery with key. A
// permanent failure makes the delivery failed for good; a transient one
// keeps it pending for the next attempt. A sent delivery stays sent.
func (s *Deliveries) MarkFailed(ctx context.Context, key, errMsg string, permanent bool) error {
	if r := []rune(errMsg); len(r) > maxDeliveryError {
		errMsg = string(r[:maxDeliveryError]) + "…"
	}
	var status string
	err := db(ctx, s.pool).QueryRow(ctx, `WITH d AS (SELECT id, status FROM deliveries WHERE idempotency_key = $1),
		u AS (UPDATE deliveries SET last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
			WHERE id = (SELECT id FROM d) AND status <> 'sent')
		SELECT status FROM d`, key, errMsg, permanent).Scan(&status)
	if err != nil {
		return notFound(err, "delivery", key)
	}
	return nil
}

// ListByIncident returns an incident's deliveries, oldest first.
func (s *Deliveries) ListByIncident(ctx context.Context, incidentID string) ([]domain.Delivery, error) {
	if !isID(incidentID) {
		return nil, missing("incident", incidentID)
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE incident_id = $1
		ORDER BY created_at, id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Delivery, error) { return scanDelivery(r) })
}
