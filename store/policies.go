package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Policies stores escalation policies, SLA policies and services.
type Policies struct {
	pool *pgxpool.Pool
}

// NewPolicies returns the policy and service repository over pool.
func NewPolicies(pool *pgxpool.Pool) *Policies { return &Policies{pool: pool} }

func uniqueOr(err error, what, name string) error {
	switch v := violationOf(err); {
	case v.unique():
		return domain.Errorf(domain.EConflict, "a %s named %q already exists", what, name)
	case v.foreignKey():
		return domain.Errorf(domain.EConflict, "this %s is still in use", what)
	}
	return err
}

// CreateEscalationPolicy stores a new policy.
func (s *Policies) CreateEscalationPolicy(ctx context.Context, p domain.EscalationPolicy) (domain.EscalationPolicy, error) {
	p.ID = newID()
	levels, _ := json.Marshal(p.Levels)
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO escalation_policies (id, name, repeat, levels) VALUES ($1, $2, $3, $4)`,
		p.ID, p.Name, p.Repeat, levels)
	if err != nil {
		return p, uniqueOr(err, "escalation policy", p.Name)
	}
	return s.EscalationPolicy(ctx, p.ID)
}

// UpdateEscalationPolicy replaces a policy. Running incidents keep the
// snapshot they started with.
func (s *Policies) UpdateEscalationPolicy(ctx context.Context, p domain.EscalationPolicy) (domain.EscalationPolicy, error) {
	levels, _ := json.Marshal(p.Levels)
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE escalation_policies SET name = $2, repeat = $3, levels = $4, updated_at = now() WHERE id = $1`,
		p.ID, p.Name, p.Repeat, levels)
	return reread(ctx, tag, err, func(err error) error { return uniqueOr(err, "escalation policy", p.Name) },
		"escalation policy", p.ID, s.EscalationPolicy)
}

// EscalationPolicy returns the policy with id.
func (s *Policies) EscalationPolicy(ctx context.Context, id string) (domain.EscalationPolicy, error) {
	if !isID(id) {
		return domain.EscalationPolicy{}, missing("escalation policy", id)
	}
	p, err := scanPolicy(db(ctx, s.pool).QueryRow(ctx, `SELECT id, name, repeat, levels, created_at, updated_at FROM escalation_policies WHERE id = $1`, id))
	return p, notFound(err, "escalation policy", id)
}

// EscalationPolicies lists every policy by name.
func (s *Policies) EscalationPolicies(ctx context.Context) ([]domain.EscalationPolicy, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT id, name, repeat, levels, created_at, updated_at FROM escalation_policies ORDER BY lower(name)`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.EscalationPolicy, error) { return scanPolicy(r) })
}

// DeleteEscalationPolicy removes a policy no service uses.
func (s *Policies) DeleteEscalationPolicy(ctx context.Context, id string) error {
	return s.deleteByID(ctx, "escalation_policies", "escalation policy", id)
}

func (s *Policies) deleteByID(ctx context.Context, table, what, id string) error {
	if !isID(id) {
		return domain.Errorf(domain.ENotFound, "%s %s not found", what, id)
	}
	tag, err := db(ctx, s.pool).Exec(ctx, `DELETE FROM `+table+` WHERE id = $1`, id)
	if err != nil {
		return uniqueOr(err, what, id)
	}
	if tag.RowsAffected() == 0 {
		return domain.Errorf(domain.ENotFound, "%s %s not found", what, id)
	}
	return nil
}

func scanPolicy(row pgx.Row) (domain.EscalationPolicy, error) {
	var p domain.EscalationPolicy
	var levels []byte
	if err := row.Scan(&p.ID, &p.Name, &p.Repeat, &levels, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return p, err
	}
	return p, json.Unmarshal(levels, &p.Levels)
}

// CreateSLAPolicy stores a new SLA policy.
func (s *Policies) CreateSLAPolicy(ctx context.Context, p domain.SLAPolicy) (domain.SLAPolicy, error) {
	p.ID = newID()
	rules, _ := json.Marshal(p.Rules)
	if _, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO sla_policies (id, name, rules) VALUES ($1, $2, $3)`, p.ID, p.Name, rules); err != nil {
		return p, uniqueOr(err, "SLA policy", p.Name)
	}
	return s.SLAPolicy(ctx, p.ID)
}

// UpdateSLAPolicy replaces an SLA policy.
func (s *Policies) UpdateSLAPolicy(ctx context.Context, p domain.SLAPolicy) (domain.SLAPolicy, error) {
	rules, _ := json.Marshal(p.Rules)
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE sla_policies SET name = $2, rules = $3, updated_at = now() WHERE id = $1`, p.ID, p.Name, rules)
	return reread(ctx, tag, err, func(err error) error { return uniqueOr(err, "SLA policy", p.Name) },
		"SLA policy", p.ID, s.SLAPolicy)
}

// SLAPolicy returns the SLA policy with id.
func (s *Policies) SLAPolicy(ctx context.Context, id string) (domain.SLAPolicy, error) {
	if !isID(id) {
		return domain.SLAPolicy{}, missing("SLA policy", id)
	}
	p, err := scanSLA(db(ctx, s.pool).QueryRow(ctx, `SELECT id, name, rules, created_at, updated_at FROM sla_policies WHERE id = $1`, id))
	return p, notFound(err, "SLA policy", id)
}

// SLAPolicies lists every SLA policy by name.
func (s *Policies) SLAPolicies(ctx context.Context) ([]domain.SLAPolicy, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT id, name, rules, created_at, updated_at FROM sla_policies ORDER BY lower(name)`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.SLAPolicy, error) { return scanSLA(r) })
}

// DeleteSLAPolicy removes an SLA policy no service uses.
func (s *Policies) DeleteSLAPolicy(ctx context.Context, id string) error {
	return s.deleteByID(ctx, "sla_policies", "SLA policy", id)
}

func scanSLA(row pgx.Row) (domain.SLAPolicy, error) {
	var p domain.SLAPolicy
	var rules []byte
	if err := row.Scan(&p.ID, &p.Name, &rules, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return p, err
	}
	return p, json.Unmarshal(rules, &p.Rules)
}

const serviceColumns = `id, name, description, escalation_policy_id, sla_policy_id, auto_resolve, playbooks, created_at, updated_at`

func scanService(row pgx.Row) (domain.Service, error) {
	var sv domain.Service
	var playbooks []byte
	if err := row.Scan(&sv.ID, &sv.Name, &sv.Description, &sv.EscalationPolicyID, &sv.SLAPolicyID, &sv.AutoResolve, &playbooks, &sv.CreatedAt, &sv.UpdatedAt); err != nil {
		return sv, err
	}
	if err := json.Unmarshal(playbooks, &sv.Playbooks); err != nil {
		return sv, fmt.Errorf("decode service playbooks: %w", err)
	}
	return sv, nil
}

// CreateService stores a service; its policies must exist.
func (s *Policies) CreateService(ctx context.Context, sv domain.Service) (domain.Service, error) {
	sv.ID = newID()
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO services (id, name, description, escalation_policy_id, sla_policy_id, auto_resolve, playbooks)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, sv.ID, sv.Name, sv.Description, sv.EscalationPolicyID, sv.SLAPolicyID, sv.AutoResolve,
		triggersJSON(sv.Playbooks))
	if err != nil {
		return sv, serviceWriteError(err, sv.Name)
	}
	return s.Service(ctx, sv.ID)
}

// UpdateService replaces a service's fields.
func (s *Policies) UpdateService(ctx context.Context, sv domain.Service) (domain.Service, error) {
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE services SET name = $2, description = $3, escalation_policy_id = $4,
		sla_policy_id = $5, auto_resolve = $6, playbooks = $7, updated_at = now() WHERE id = $1`,
		sv.ID, sv.Name, sv.Description, sv.EscalationPolicyID, sv.SLAPolicyID, sv.AutoResolve, triggersJSON(sv.Playbooks))
	return reread(ctx, tag, err, func(err error) error { return serviceWriteError(err, sv.Name) },
		"service", sv.ID, s.Service)
}

func triggersJSON(t []domain.PlaybookTrigger) []byte {
	if t == nil {
		t = []domain.PlaybookTrigger{}
	}
	b, _ := json.Marshal(t) // maps and strings from JSON: cannot fail
	return b
}

func serviceWriteError(err error, name string) error {
	if violationOf(err).foreignKey() {
		return domain.ValidationError([]domain.FieldError{{Field: "escalationPolicyId", Message: "escalation or SLA policy not found"}})
	}
	return uniqueOr(err, "service", name)
}

// Service returns the service with id.
func (s *Policies) Service(ctx context.Context, id string) (domain.Service, error) {
	if !isID(id) {
		return domain.Service{}, missing("service", id)
	}
	sv, err := scanService(db(ctx, s.pool).QueryRow(ctx, `SELECT `+serviceColumns+` FROM services WHERE id = $1`, id))
	return sv, notFound(err, "service", id)
}

// Services lists every service by name.
func (s *Policies) Services(ctx context.Context) ([]domain.Service, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+serviceColumns+` FROM services ORDER BY lower(name)`)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Service, error) { return scanService(r) })
}

// DeleteService removes a service without incidents.
func (s *Policies) DeleteService(ctx context.Context, id string) error {
	return s.deleteByID(ctx, "services", "service", id)
}
