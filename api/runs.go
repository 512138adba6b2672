package api

import (
	"fmt"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/domain"
)

// runView is a run as the API shows it, with a link to the Temporal UI.
type runView struct {
	domain.Run
	// RequestedBy names the requester and, for automation or a token, the
	// human behind it: "automation (on behalf of alice@example.com)".
	RequestedBy string `json:"requestedBy"`
	// Permission is what the run's playbook needs: to start or cancel the
	// run and to read its parameters, results and output.
	Permission domain.Permission `json:"permission"`
	// Redacted: the caller lacks Permission, so params is {}, and result,
	// error and each step's target, result and error are empty.
	Redacted    bool   `json:"redacted"`
	TemporalURL string `json:"temporalUrl"`
	// Incidents are the incidents linked to the run (only on GET /runs/:id).
	Incidents []domain.IncidentRunLink `json:"incidents,omitempty"`
}

// workflowLink is the Temporal UI page of a workflow.
func (s *Server) workflowLink(workflowID string) string {
	return fmt.Sprintf("%s/namespaces/%s/workflows/%s", s.deps.TemporalUIURL, url.PathEscape(s.deps.Namespace), url.PathEscape(workflowID))
}

func (s *Server) runView(c *gin.Context, r domain.Run) runView {
	link := s.workflowLink(r.WorkflowID)
	if r.TemporalRunID != "" {
		link += "/" + url.PathEscape(r.TemporalRunID) + "/history"
	}
	if def, ok := s.deps.Catalog.Lookup(r.Playbook); ok {
		r.Params = def.MaskSecrets(r.Params)
	}
	readable := s.canReadRun(c, r.Playbook)
	if !readable {
		r = redact(r)
	}
	return runView{Run: r, RequestedBy: requestedByLabel(r), Permission: s.runPermission(r.Playbook), Redacted: !readable, TemporalURL: link}
}

func (s *Server) getRun(c *gin.Context, _ none) (runView, error) {
	ctx := c.Request.Context()
	run, err := s.deps.Runs.Get(ctx, c.Param("id"))
	if err != nil {
		return runView{}, err
	}
	if run.Steps, err = s.deps.Runs.Steps(ctx, run.ID); err != nil {
		return runView{}, err
	}
	run.Steps = nonNil(run.Steps)
	view := s.runView(c, run)
	view.Incidents, err = s.deps.Incidents.RunLinks(ctx, run.ID)
	view.Incidents = nonNil(view.Incidents)
	return view, err
}

func (s *Server) listRuns(c *gin.Context, _ none) (paged[runView, Pagination], error) {
	f, err := runFilter(c)
	if err != nil {
		return paged[runView, Pagination]{}, err
	}
	runs, total, err := s.deps.Runs.List(c.Request.Context(), f)
	out := make([]runView, 0, len(runs))
	for _, r := range runs {
		out = append(out, s.runView(c, r))
	}
	return pageOf(out, newPagination(f.Page, f.Limit, total)), err
}

func runFilter(c *gin.Context) (domain.RunFilter, error) {
	var bad []domain.FieldError
	page, limit := pageQuery(c, &bad)
	status := domain.RunStatus(c.Query("status"))
	if status != "" && !status.Valid() {
		bad = append(bad, domain.FieldError{Field: "status", Message: "is not a run status"})
	}
	incident := c.Query("incidentId")
	if _, err := uuid.Parse(incident); incident != "" && err != nil {
		bad = append(bad, domain.FieldError{Field: "incidentId", Message: "is not an incident ID"})
	}
	return domain.RunFilter{Playbook: c.Query("playbook"), Status: status, IncidentID: incident, Page: page, Limit: limit},
		domain.ValidationError(bad)
}
