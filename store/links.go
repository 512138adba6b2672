package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/domain"
)

// LinkRun ties a run to an incident. Linking twice is harmless.
func (s *Incidents) LinkRun(ctx context.Context, incidentID, runID, relation string) error {
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO incident_runs (incident_id, run_id, relation) VALUES ($1, $2, $3)
		ON CONFLICT (incident_id, run_id) DO NOTHING`, incidentID, runID, relation)
	if err != nil {
		return fmt.Errorf("link run to incident: %w", err)
	}
	return nil
}

const linkSelect = `SELECT l.incident_id, l.run_id, l.relation, l.created_at, i.title, i.status, r.playbook, r.status
	FROM incident_runs l JOIN incidents i ON i.id = l.incident_id JOIN playbook_runs r ON r.id = l.run_id`

// RunLinks lists the incidents linked to a run.
func (s *Incidents) RunLinks(ctx context.Context, runID string) ([]domain.IncidentRunLink, error) {
	return s.links(ctx, linkSelect+` WHERE l.run_id = $1 ORDER BY l.created_at`, runID)
}

// IncidentLinks lists the runs linked to an incident.
func (s *Incidents) IncidentLinks(ctx context.Context, incidentID string) ([]domain.IncidentRunLink, error) {
	return s.links(ctx, linkSelect+` WHERE l.incident_id = $1 ORDER BY l.created_at`, incidentID)
}

func (s *Incidents) links(ctx context.Context, query, id string) ([]domain.IncidentRunLink, error) {
	if !isID(id) {
		return []domain.IncidentRunLink{}, nil
	}
	rows, err := db(ctx, s.pool).Query(ctx, query, id)
	if err != nil {
		return nil, fmt.Errorf("list incident-run links: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.IncidentRunLink, error) {
		var l domain.IncidentRunLink
		err := r.Scan(&l.IncidentID, &l.RunID, &l.Relation, &l.CreatedAt, &l.IncidentTitle, &l.IncidentStatus, &l.Playbook, &l.RunStatus)
		return l, err
	})
}

// AddEvent appends an event to an incident's timeline once per key, without
// touching the incident's state (which only its workflow writes).
func (s *Incidents) AddEvent(ctx context.Context, incidentID, eventKey string, ev domain.TimelineEvent) error {
	details := []byte("{}")
	if ev.Details != nil {
		b, err := json.Marshal(ev.Details)
		if err != nil {
			return fmt.Errorf("encode event details: %w", err)
		}
		details = b
	}
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO incident_events (id, incident_id, event_key, at, type, actor, message, details)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (incident_id, event_key) DO NOTHING`,
		newID(), incidentID, eventKey, ev.At, ev.Type, ev.Actor, ev.Message, details)
	if err != nil {
		return fmt.Errorf("add incident event: %w", err)
	}
	return nil
}
