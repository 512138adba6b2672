package api

import (
	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/launch"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/workflows"
)

func (s *Server) listPlaybooks(*gin.Context, none) ([]domain.PlaybookView, error) {
	defs := s.deps.Catalog.List()
	out := make([]domain.PlaybookView, 0, len(defs))
	for _, d := range defs {
		out = append(out, d.View())
	}
	return out, nil
}

func (s *Server) getPlaybook(c *gin.Context, _ none) (domain.PlaybookView, error) {
	def, err := s.lookupPlaybook(c.Param("name"))
	return def.View(), err
}

func (s *Server) lookupPlaybook(name string) (workflows.Definition, error) {
	def, ok := s.deps.Catalog.Lookup(name)
	if !ok {
		return def, domain.Errorf(domain.ENotFound, "playbook %q not found", name)
	}
	return def, nil
}

// startRunRequest is the body of POST /playbooks/:name/runs.
type startRunRequest struct {
	Params map[string]any `json:"params"`
	DryRun bool           `json:"dryRun"`
	// ServiceID names the service whose escalation policy a failure of the
	// run pages (the circuit breaker).
	ServiceID string `json:"serviceId"`
}

func (s *Server) startRun(c *gin.Context, req startRunRequest) (runView, error) {
	def, err := s.lookupPlaybook(c.Param("name"))
	if err != nil {
		return runView{}, err
	}
	// The route needs playbooks:run; a playbook may need more (run-command).
	if perm := domain.Permission(def.Permission); !principal(c).Can(perm) {
		auditNote(c, "playbook", def.Name)
		return runView{}, domain.Errorf(domain.EForbidden, "you need the %s permission to run %s", perm, def.Name)
	}
	params, err := s.validRunParams(c, def, req)
	if err != nil {
		return runView{}, err
	}
	_, _, by := actor(c)
	run, err := s.launch.Run(c.Request.Context(), launch.NewRun{Def: def, Params: params, RequestedBy: by, OnBehalfOf: onBehalfOf(c),
		DryRun: req.DryRun, ServiceID: req.ServiceID})
	if run.ID != "" {
		setAuditTarget(c, "run", run.ID)
		auditNote(c, "playbook", def.Name)
		s.announce(c.Request.Context(), live.Event{Kind: live.KindRun, ID: run.ID})
	}
	if err != nil {
		return runView{}, err
	}
	return s.runView(c, run), nil
}

// validRunParams checks a run's parameters against the playbook's schema
// and its own check, and that the service it pages exists.
func (s *Server) validRunParams(c *gin.Context, def workflows.Definition, req startRunRequest) (map[string]any, error) {
	params, err := domain.ValidateParams(def.Params, req.Params)
	if err == nil && def.Check != nil {
		err = domain.ValidationError(def.Check(workflows.Params(params)))
	}
	if err == nil && req.ServiceID != "" {
		if _, serr := s.deps.Policies.Service(c.Request.Context(), req.ServiceID); serr != nil {
			err = domain.ValidationError([]domain.FieldError{{Field: "serviceId", Message: "is not an existing service"}})
		}
	}
	return params, err
}
