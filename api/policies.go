package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
)

// PolicyStore keeps escalation policies, SLA policies and services.
type PolicyStore interface {
	CreateEscalationPolicy(ctx context.Context, p domain.EscalationPolicy) (domain.EscalationPolicy, error)
	UpdateEscalationPolicy(ctx context.Context, p domain.EscalationPolicy) (domain.EscalationPolicy, error)
	EscalationPolicy(ctx context.Context, id string) (domain.EscalationPolicy, error)
	EscalationPolicies(ctx context.Context) ([]domain.EscalationPolicy, error)
	DeleteEscalationPolicy(ctx context.Context, id string) error
	CreateSLAPolicy(ctx context.Context, p domain.SLAPolicy) (domain.SLAPolicy, error)
	UpdateSLAPolicy(ctx context.Context, p domain.SLAPolicy) (domain.SLAPolicy, error)
	SLAPolicy(ctx context.Context, id string) (domain.SLAPolicy, error)
	SLAPolicies(ctx context.Context) ([]domain.SLAPolicy, error)
	DeleteSLAPolicy(ctx context.Context, id string) error
	CreateService(ctx context.Context, s domain.Service) (domain.Service, error)
	UpdateService(ctx context.Context, s domain.Service) (domain.Service, error)
	Service(ctx context.Context, id string) (domain.Service, error)
	Services(ctx context.Context) ([]domain.Service, error)
	DeleteService(ctx context.Context, id string) error
}

func (s *Server) policyRoutes() []Route {
	r, w := domain.PermIncidentsRead, domain.PermIncidentsWrite
	ok, created, gone := http.StatusOK, http.StatusCreated, http.StatusNoContent
	return []Route{
		{"GET", "/escalation-policies", r, "escalation_policy.list", endpoint(ok, s.listEscalationPolicies)},
		{"POST", "/escalation-policies", w, "escalation_policy.create", endpoint(created, s.saveEscalationPolicy)},
		{"GET", "/escalation-policies/:id", r, "escalation_policy.get", endpoint(ok, s.getEscalationPolicy)},
		{"PATCH", "/escalation-policies/:id", w, "escalation_policy.update", endpoint(ok, s.saveEscalationPolicy)},
		{"DELETE", "/escalation-policies/:id", w, "escalation_policy.delete", endpoint(gone, s.deleteEscalationPolicy)},
		{"GET", "/sla-policies", r, "sla_policy.list", endpoint(ok, s.listSLAPolicies)},
		{"POST", "/sla-policies", w, "sla_policy.create", endpoint(created, s.saveSLAPolicy)},
		{"GET", "/sla-policies/:id", r, "sla_policy.get", endpoint(ok, s.getSLAPolicy)},
		{"PATCH", "/sla-policies/:id", w, "sla_policy.update", endpoint(ok, s.saveSLAPolicy)},
		{"DELETE", "/sla-policies/:id", w, "sla_policy.delete", endpoint(gone, s.deleteSLAPolicy)},
		{"GET", "/services", r, "service.list", endpoint(ok, s.listServices)},
		{"POST", "/services", w, "service.create", endpoint(created, s.saveService)},
		{"GET", "/services/:id", r, "service.get", endpoint(ok, s.getService)},
		{"PATCH", "/services/:id", w, "service.update", endpoint(ok, s.saveService)},
		{"DELETE", "/services/:id", w, "service.delete", endpoint(gone, s.deleteService)},
	}
}

type policyRequest struct {
	Name   string                   `json:"name"`
	Repeat int                      `json:"repeat"`
	Levels []domain.EscalationLevel `json:"levels"`
}

func (s *Server) saveEscalationPolicy(c *gin.Context, req policyRequest) (domain.EscalationPolicy, error) {
	p := domain.EscalationPolicy{ID: c.Param("id"), Name: strings.TrimSpace(req.Name), Repeat: req.Repeat, Levels: req.Levels}
	ctx := c.Request.Context()
	var old domain.EscalationPolicy
	if p.ID != "" {
		var err error
		if old, err = s.deps.Policies.EscalationPolicy(ctx, p.ID); err != nil {
			return p, err
		}
	}
	created, err := sealWebhooks(s.id.Box, &p, old)
	if err == nil {
		err = p.Validate()
	}
	if err != nil {
		return p, err
	}
	if p.ID == "" {
		p, err = s.deps.Policies.CreateEscalationPolicy(ctx, p)
	} else {
		p, err = s.deps.Policies.UpdateEscalationPolicy(ctx, p)
	}
	setAuditTarget(c, "escalation_policy", p.ID)
	auditNote(c, "webhookSecretsCreated", len(created))
	return publicPolicy(p, created), err
}

func (s *Server) listEscalationPolicies(c *gin.Context, _ none) ([]domain.EscalationPolicy, error) {
	list, err := s.deps.Policies.EscalationPolicies(c.Request.Context())
	out := make([]domain.EscalationPolicy, len(list))
	for i, p := range list {
		out[i] = publicPolicy(p, nil)
	}
	return out, err
}

func (s *Server) getEscalationPolicy(c *gin.Context, _ none) (domain.EscalationPolicy, error) {
	p, err := s.deps.Policies.EscalationPolicy(c.Request.Context(), c.Param("id"))
	return publicPolicy(p, nil), err
}

func (s *Server) deleteEscalationPolicy(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "escalation_policy", c.Param("id"))
	return none{}, s.deps.Policies.DeleteEscalationPolicy(c.Request.Context(), c.Param("id"))
}

type slaRequest struct {
	Name  string           `json:"name"`
	Rules []domain.SLARule `json:"rules"`
}

func (s *Server) saveSLAPolicy(c *gin.Context, req slaRequest) (domain.SLAPolicy, error) {
	p := domain.SLAPolicy{ID: c.Param("id"), Name: strings.TrimSpace(req.Name), Rules: req.Rules}
	if err := p.Validate(); err != nil {
		return p, err
	}
	var err error
	if p.ID == "" {
		p, err = s.deps.Policies.CreateSLAPolicy(c.Request.Context(), p)
	} else {
		p, err = s.deps.Policies.UpdateSLAPolicy(c.Request.Context(), p)
	}
	setAuditTarget(c, "sla_policy", p.ID)
	return p, err
}

func (s *Server) listSLAPolicies(c *gin.Context, _ none) ([]domain.SLAPolicy, error) {
	list, err := s.deps.Policies.SLAPolicies(c.Request.Context())
	return nonNil(list), err
}

func (s *Server) getSLAPolicy(c *gin.Context, _ none) (domain.SLAPolicy, error) {
	return s.deps.Policies.SLAPolicy(c.Request.Context(), c.Param("id"))
}

func (s *Server) deleteSLAPolicy(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "sla_policy", c.Param("id"))
	return none{}, s.deps.Policies.DeleteSLAPolicy(c.Request.Context(), c.Param("id"))
}

type serviceRequest struct {
	Name               string  `json:"name"`
	Description        string  `json:"description" validate:"max=2000"`
	EscalationPolicyID string  `json:"escalationPolicyId"`
	SLAPolicyID        *string `json:"slaPolicyId"`
	AutoResolve        bool    `json:"autoResolve"`
	// Playbooks start when one of the service's incidents triggers.
	Playbooks []domain.PlaybookTrigger `json:"playbooks"`
}

func (s *Server) saveService(c *gin.Context, req serviceRequest) (domain.Service, error) {
	sv := domain.Service{ID: c.Param("id"), Name: strings.TrimSpace(req.Name), Description: req.Description,
		EscalationPolicyID: req.EscalationPolicyID, SLAPolicyID: req.SLAPolicyID, AutoResolve: req.AutoResolve,
		Playbooks: nonNil(req.Playbooks)}
	// The runs a trigger starts act on behalf of whoever saved it (for a
	// token, its creator), who therefore may not approve them.
	for i := range sv.Playbooks {
		sv.Playbooks[i].SavedBy = principal(c).Human()
	}
	if err := s.validService(c, sv); err != nil {
		return sv, err
	}
	var err error
	if sv.ID == "" {
		sv, err = s.deps.Policies.CreateService(c.Request.Context(), sv)
	} else {
		sv, err = s.deps.Policies.UpdateService(c.Request.Context(), sv)
	}
	setAuditTarget(c, "service", sv.ID)
	return sv, err
}

func (s *Server) validService(c *gin.Context, sv domain.Service) error {
	ctx := c.Request.Context()
	bad := s.validTriggers(c, sv.Playbooks)
	domain.CheckLength(&bad, "name", sv.Name, 1, 100)
	if _, err := s.deps.Policies.EscalationPolicy(ctx, sv.EscalationPolicyID); err != nil {
		bad = append(bad, domain.FieldError{Field: "escalationPolicyId", Message: "is not an existing escalation policy"})
	}
	if sv.SLAPolicyID != nil {
		if _, err := s.deps.Policies.SLAPolicy(ctx, *sv.SLAPolicyID); err != nil {
			bad = append(bad, domain.FieldError{Field: "slaPolicyId", Message: "is not an existing SLA policy"})
		}
	}
	return domain.ValidationError(bad)
}

func (s *Server) listServices(c *gin.Context, _ none) ([]domain.Service, error) {
	list, err := s.deps.Policies.Services(c.Request.Context())
	return nonNil(list), err
}

func (s *Server) getService(c *gin.Context, _ none) (domain.Service, error) {
	return s.deps.Policies.Service(c.Request.Context(), c.Param("id"))
}

func (s *Server) deleteService(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "service", c.Param("id"))
	return none{}, s.deps.Policies.DeleteService(c.Request.Context(), c.Param("id"))
}

// nonNil turns a nil slice into an empty one, so JSON shows [] not null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
