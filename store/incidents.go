package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Incidents stores incidents and their timelines. The API creates rows;
// the incident workflow's activities keep them current.
type Incidents struct {
	pool *pgxpool.Pool
}

// NewIncidents returns an incident repository over pool.
func NewIncidents(pool *pgxpool.Pool) *Incidents { return &Incidents{pool: pool} }

// ErrOpenDuplicate says an open incident with the same service and dedup
// key exists; the caller attaches to it instead.
var ErrOpenDuplicate = domain.Errorf(domain.EConflict, "an open incident with this dedup key exists")

const incidentColumns = `i.id, i.service_id, s.name, i.title, i.description, i.severity, i.status, i.dedup_key,
	i.alert_count, i.last_alert_at, i.assignee_id, i.escalation_level, i.escalation_round, i.next_escalation_at,
	i.ack_deadline, i.resolve_deadline, i.ack_breached, i.resolve_breached, i.workflow_id, i.created_by,
	i.created_at, i.acknowledged_at, i.resolved_at, i.closed_at, i.updated_at`

func scanIncident(row pgx.Row) (domain.Incident, error) {
	var i domain.Incident
	err := row.Scan(&i.ID, &i.ServiceID, &i.ServiceName, &i.Title, &i.Description, &i.Severity, &i.Status, &i.DedupKey,
		&i.AlertCount, &i.LastAlertAt, &i.AssigneeID, &i.EscalationLevel, &i.EscalationRound, &i.NextEscalationAt,
		&i.AckDeadline, &i.ResolveDeadline, &i.AckBreached, &i.ResolveBreached, &i.WorkflowID, &i.CreatedBy,
		&i.CreatedAt, &i.AcknowledgedAt, &i.ResolvedAt, &i.ClosedAt, &i.UpdatedAt)
	if err != nil {
		return i, err
	}
	return i, nil
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

// Create inserts a triggered incident. If an open incident with the same
// service and dedup key exists, it returns that one and ErrOpenDuplicate.
func (s *Incidents) Create(ctx context.Context, inc domain.Incident) (domain.Incident, error) {
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO incidents (id, service_id, title, description, severity, status, dedup_key,
		alert_count, last_alert_at, workflow_id, created_by, created_at, updated_at, ack_deadline, resolve_deadline)
		VALUES ($1, $2, $3, $4, $5, 'triggered', $6, 1, $7, $8, $9, $7, $7, $10, $11)`,
		inc.ID, inc.ServiceID, inc.Title, inc.Description, inc.Severity, inc.DedupKey, inc.CreatedAt, inc.WorkflowID, inc.CreatedBy,
		inc.AckDeadline, inc.ResolveDeadline)
	if v := violationOf(err); v.unique() && v.constraint == "incidents_open_dedup_key" {
		existing, ok, ferr := s.FindOpen(ctx, inc.ServiceID, inc.DedupKey)
		if ferr != nil || !ok {
			return inc, fmt.Errorf("find duplicate incident: %w", ferr)
		}
		return existing, ErrOpenDuplicate
	}
	if err != nil {
		return inc, fmt.Errorf("create incident: %w", err)
	}
	return s.Get(ctx, inc.ID)
}

// FindOpen returns the open incident of service with dedupKey, if any.
func (s *Incidents) FindOpen(ctx context.Context, serviceID, dedupKey string) (domain.Incident, bool, error) {
	i, err := scanIncident(db(ctx, s.pool).QueryRow(ctx, `SELECT `+incidentColumns+` FROM incidents i JOIN services s ON s.id = i.service_id
		WHERE i.service_id = $1 AND i.dedup_key = $2 AND i.status IN ('triggered', 'acknowledged', 'investigating', 'mitigated')`,
		serviceID, dedupKey))
	if errors.Is(err, pgx.ErrNoRows) {
		return i, false, nil
	}
	return i, err == nil, err
}

// Get returns the incident with id.
func (s *Incidents) Get(ctx context.Context, id string) (domain.Incident, error) {
	if !isID(id) {
		return domain.Incident{}, missing("incident", id)
	}
	i, err := scanIncident(db(ctx, s.pool).QueryRow(ctx, `SELECT `+incidentColumns+` FROM incidents i JOIN services s ON s.id = i.service_id WHERE i.id = $1`, id))
	return i, notFound(err, "incident", id)
}

// Delete removes an incident whose workflow never started.
func (s *Incidents) Delete(ctx context.Context, id string) error {
	_, err := db(ctx, s.pool).Exec(ctx, `DELETE FROM incidents WHERE id = $1`, id)
	return err
}

var incidentSorts = map[string]string{
	"created_at": "i.created_at", "updated_at": "i.updated_at", "status": "array_position(ARRAY['triggered','acknowledged','investigating','mitigated','resolved','closed'], i.status)",
	"severity": "array_position(ARRAY['critical','high','medium','low'], i.severity)",
}

// List returns one page of incidents matching f and the total count.
func (s *Incidents) List(ctx context.Context, f domain.IncidentFilter) ([]domain.Incident, int, error) {
	where := `WHERE (cardinality($1::text[]) = 0 OR i.status = ANY($1)) AND (cardinality($2::text[]) = 0 OR i.severity = ANY($2))
		AND ($3 = '' OR i.service_id::text = $3) AND ($4 = '' OR i.assignee_id::text = $4)
		AND ($5 = '' OR i.search @@ plainto_tsquery('simple', $5) OR i.title ILIKE '%' || $5 || '%')
		AND ($6::timestamptz IS NULL OR i.created_at >= $6) AND ($7::timestamptz IS NULL OR i.created_at < $7)
		AND (NOT $8 OR i.ack_breached OR i.resolve_breached)`
	args := []any{toStrings(f.Status), toStrings(f.Severity), f.ServiceID, f.AssigneeID, f.Query, nullTime(f.From), nullTime(f.To), f.Breached}
	var total int
	if err := db(ctx, s.pool).QueryRow(ctx, `SELECT count(*) FROM incidents i `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count incidents: %w", err)
	}
	order := incidentSorts[f.Sort]
	if order == "" {
		order = incidentSorts["created_at"]
	}
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+incidentColumns+` FROM incidents i JOIN services s ON s.id = i.service_id `+where+
		` ORDER BY `+order+` `+dir+`, i.created_at DESC, i.id DESC LIMIT $9 OFFSET $10`, append(args, f.Limit, (f.Page-1)*f.Limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list incidents: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Incident, error) { return scanIncident(r) })
	return list, total, err
}

func toStrings[T ~string](in []T) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		out = append(out, string(v))
	}
	return out
}

// RecordState applies a workflow snapshot newer than the stored one and
// appends its timeline event once (by eventKey), in one transaction.
func (s *Incidents) RecordState(ctx context.Context, st IncidentSnapshot, ev *domain.TimelineEvent, eventKey string) error {
	if !isID(st.IncidentID) {
		return missing("incident", st.IncidentID)
	}
	var assignee *string
	if st.AssigneeID != "" {
		assignee = &st.AssigneeID
	}
	return pgx.BeginFunc(ctx, db(ctx, s.pool), func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE incidents SET status = $3, escalation_level = $4, escalation_round = $5,
			next_escalation_at = $6, ack_deadline = $7, resolve_deadline = $8, ack_breached = $9, resolve_breached = $10,
			assignee_id = $11, acknowledged_at = $12, resolved_at = $13, closed_at = $14, alert_count = $15,
			last_alert_at = $16, state_seq = $2, updated_at = now()
			WHERE id = $1 AND state_seq < $2`,
			st.IncidentID, st.Seq, st.Status, st.EscalationLevel, st.EscalationRound, st.NextEscalationAt, st.AckDeadline,
			st.ResolveDeadline, st.AckBreached, st.ResolveBreached, assignee, st.AcknowledgedAt, st.ResolvedAt, st.ClosedAt,
			st.AlertCount, st.LastAlertAt)
		if err != nil || ev == nil {
			return err
		}
		details, _ := json.Marshal(ev.Details)
		if ev.Details == nil {
			details = []byte("{}")
		}
		_, err = tx.Exec(ctx, `INSERT INTO incident_events (id, incident_id, event_key, at, type, actor, message, details)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (incident_id, event_key) DO NOTHING`,
			newID(), st.IncidentID, eventKey, ev.At, ev.Type, ev.Actor, ev.Message, details)
		return err
	})
}

// Timeline returns an incident's events, oldest first.
func (s *Incidents) Timeline(ctx context.Context, id string) ([]domain.TimelineEvent, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT id, incident_id, at, type, actor, message, details FROM incident_events
		WHERE incident_id = $1 ORDER BY at, length(event_key), event_key`, id)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.TimelineEvent, error) {
		var e domain.TimelineEvent
		var details []byte
		if err := r.Scan(&e.ID, &e.IncidentID, &e.At, &e.Type, &e.Actor, &e.Message, &details); err != nil {
			return e, err
		}
		_ = json.Unmarshal(details, &e.Details)
		return e, nil
	})
}
