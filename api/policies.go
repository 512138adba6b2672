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
	return []Route{
		{"GET", "/escalation-policies", r, "escalation_policy.list", s.listEscalationPolicies},
		{"POST", "/escalation-policies", w, "escalation_policy.create", s.saveEscalationPolicy},
		{"GET", "/escalation-policies/:id", r, "escalation_policy.get", s.getEscalationPolicy},
		{"PATCH", "/escalation-policies/:id", w, "escalation_policy.update", s.saveEscalationPolicy},
		{"DELETE", "/escalation-policies/:id", w, "escalation_policy.delete", s.deleteEscalationPolicy},
		{"GET", "/sla-policies", r, "sla_policy.list", s.listSLAPolicies},
		{"POST", "/sla-policies", w, "sla_policy.create", s.saveSLAPolicy},
		{"GET", "/sla-policies/:id", r, "sla_policy.get", s.getSLAPolicy},
		{"PATCH", "/sla-policies/:id", w, "sla_policy.update", s.saveSLAPolicy},
		{"DELETE", "/sla-policies/:id", w, "sla_policy.delete", s.deleteSLAPolicy},
		{"GET", "/services", r, "service.list", s.listServices},
		{"POST", "/services", w, "service.create", s.saveService},
		{"GET", "/services/:id", r, "service.get", s.getService},
		{"PATCH", "/services/:id", w, "service.update", s.saveService},
		{"DELETE", "/services/:id", w, "service.delete", s.deleteService},
	}
}

// respond writes data with status, or the error.
func respond(c *gin.Context, status int, data any, err error) {
	if err != nil {
		respondError(c, err)
		return
	}
	if status == http.StatusNoContent {
		c.Status(status)
		return
	}
	c.JSON(status, gin.H{"data": data})
}

// createdOrOK is 201 for POST and 200 for PATCH.
func createdOrOK(c *gin.Context) int {
	if c.Request.Method == http.MethodPost {
		return http.StatusCreated
	}
	return http.StatusOK
}

type policyRequest struct {
	Name   string                   `json:"name"`
	Repeat int                      `json:"repeat"`
	Levels []domain.EscalationLevel `json:"levels"`
}

func (s *Server) saveEscalationPolicy(c *gin.Context) {
	var req policyRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	p := domain.EscalationPolicy{ID: c.Param("id"), Name: strings.TrimSpace(req.Name), Repeat: req.Repeat, Levels: req.Levels}
	ctx := c.Request.Context()
	var old domain.EscalationPolicy
	if p.ID != "" {
		var err error
		if old, err = s.deps.Policies.EscalationPolicy(ctx, p.ID); err != nil {
			respondError(c, err)
			return
		}
	}
	created, err := sealWebhooks(s.id.Box, &p, old)
	if err == nil {
		err = p.Validate()
	}
	if err != nil {
		respondError(c, err)
		return
	}
	if p.ID == "" {
		p, err = s.deps.Policies.CreateEscalationPolicy(ctx, p)
	} else {
		p, err = s.deps.Policies.UpdateEscalationPolicy(ctx, p)
	}
	setAuditTarget(c, "escalation_policy", p.ID)
	auditNote(c, "webhookSecretsCreated", len(created))
	respond(c, createdOrOK(c), publicPolicy(p, created), err)
}

func (s *Server) listEscalationPolicies(c *gin.Context) {
	list, err := s.deps.Policies.EscalationPolicies(c.Request.Context())
	out := make([]domain.EscalationPolicy, len(list))
	for i, p := range list {
		out[i] = publicPolicy(p, nil)
	}
	respond(c, http.StatusOK, out, err)
}

func (s *Server) getEscalationPolicy(c *gin.Context) {
	p, err := s.deps.Policies.EscalationPolicy(c.Request.Context(), c.Param("id"))
	respond(c, http.StatusOK, publicPolicy(p, nil), err)
}

func (s *Server) deleteEscalationPolicy(c *gin.Context) {
	setAuditTarget(c, "escalation_policy", c.Param("id"))
	respond(c, http.StatusNoContent, nil, s.deps.Policies.DeleteEscalationPolicy(c.Request.Context(), c.Param("id")))
}

type slaRequest struct {
	Name  string           `json:"name"`
	Rules []domain.SLARule `json:"rules"`
}

func (s *Server) saveSLAPolicy(c *gin.Context) {
	var req slaRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	p := domain.SLAPolicy{ID: c.Param("id"), Name: strings.TrimSpace(req.Name), Rules: req.Rules}
	if err := p.Validate(); err != nil {
		respondError(c, err)
		return
	}
	var err error
	if p.ID == "" {
		p, err = s.deps.Policies.CreateSLAPolicy(c.Request.Context(), p)
	} else {
		p, err = s.deps.Policies.UpdateSLAPolicy(c.Request.Context(), p)
	}
	setAuditTarget(c, "sla_policy", p.ID)
	respond(c, createdOrOK(c), p, err)
}

func (s *Server) listSLAPolicies(c *gin.Context) {
	list, err := s.deps.Policies.SLAPolicies(c.Request.Context())
	respond(c, http.StatusOK, nonNil(list), err)
}

func (s *Server) getSLAPolicy(c *gin.Context) {
	p, err := s.deps.Policies.SLAPolicy(c.Request.Context(), c.Param("id"))
	respond(c, http.StatusOK, p, err)
}

func (s *Server) deleteSLAPolicy(c *gin.Context) {
	setAuditTarget(c, "sla_policy", c.Param("id"))
	respond(c, http.StatusNoContent, nil, s.deps.Policies.DeleteSLAPolicy(c.Request.Context(), c.Param("id")))
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

func (s *Server) saveService(c *gin.Context) {
	var req serviceRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	sv := domain.Service{ID: c.Param("id"), Name: strings.TrimSpace(req.Name), Description: req.Description,
		EscalationPolicyID: req.EscalationPolicyID, SLAPolicyID: req.SLAPolicyID, AutoResolve: req.AutoResolve,
		Playbooks: nonNil(req.Playbooks)}
	// The runs a trigger starts act on behalf of whoever saved it (for a
	// token, its creator), who therefore may not approve them.
	for i := range sv.Playbooks {
		sv.Playbooks[i].SavedBy = principal(c).Human()
	}
	if err := s.validService(c, sv); err != nil {
		respondError(c, err)
		return
	}
	var err error
	if sv.ID == "" {
		sv, err = s.deps.Policies.CreateService(c.Request.Context(), sv)
	} else {
		sv, err = s.deps.Policies.UpdateService(c.Request.Context(), sv)
	}
	setAuditTarget(c, "service", sv.ID)
	respond(c, createdOrOK(c), sv, err)
}

func (s *Server) validService(c *gin.Context, sv domain.Service) error {
	ctx := c.Request.Context()
	bad := s.validTriggers(c, sv.Playbooks)
	if n := len([]rune(sv.Name)); n < 1 || n > 100 {
		bad = append(bad, domain.FieldError{Field: "name", Message: "must be 1 to 100 characters"})
	}
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

func (s *Server) listServices(c *gin.Context) {
	list, err := s.deps.Policies.Services(c.Request.Context())
	respond(c, http.StatusOK, nonNil(list), err)
}

func (s *Server) getService(c *gin.Context) {
	sv, err := s.deps.Policies.Service(c.Request.Context(), c.Param("id"))
	respond(c, http.StatusOK, sv, err)
}

func (s *Server) deleteService(c *gin.Context) {
	setAuditTarget(c, "service", c.Param("id"))
	respond(c, http.StatusNoContent, nil, s.deps.Policies.DeleteService(c.Request.Context(), c.Param("id")))
}

// nonNil turns a nil slice into an empty one, so JSON shows [] not null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
