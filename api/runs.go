package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

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

func (s *Server) runView(c *gin.Context, r domain.Run) runView {
	link := fmt.Sprintf("%s/namespaces/%s/workflows/%s", s.deps.TemporalUIURL,
		url.PathEscape(s.deps.Namespace), url.PathEscape(r.WorkflowID))
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

func (s *Server) getRun(c *gin.Context) {
	run, err := s.deps.Runs.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	if run.Steps, err = s.deps.Runs.Steps(c.Request.Context(), run.ID); err != nil {
		respondError(c, err)
		return
	}
	run.Steps = nonNil(run.Steps)
	view := s.runView(c, run)
	if view.Incidents, err = s.deps.Incidents.RunLinks(c.Request.Context(), run.ID); err != nil {
		respondError(c, err)
		return
	}
	view.Incidents = nonNil(view.Incidents)
	c.JSON(http.StatusOK, gin.H{"data": view})
}

// Pagination is the page metadata of list responses.
type Pagination struct {
	Page       int `json:"page"`
	Limit      int `json:"limit"`
	Total      int `json:"total"`
	TotalPages int `json:"totalPages"`
}

// newPagination describes page of limit items out of total.
func newPagination(page, limit, total int) Pagination {
	return Pagination{Page: page, Limit: limit, Total: total, TotalPages: (total + limit - 1) / limit}
}

func (s *Server) listRuns(c *gin.Context) {
	f, err := runFilter(c)
	if err != nil {
		respondError(c, err)
		return
	}
	runs, total, err := s.deps.Runs.List(c.Request.Context(), f)
	if err != nil {
		respondError(c, err)
		return
	}
	out := make([]runView, 0, len(runs))
	for _, r := range runs {
		out = append(out, s.runView(c, r))
	}
	c.JSON(http.StatusOK, gin.H{"data": out, "pagination": newPagination(f.Page, f.Limit, total)})
}

func runFilter(c *gin.Context) (domain.RunFilter, error) {
	var bad []domain.FieldError
	page := intQuery(c, "page", 1, 1, 1_000_000, &bad)
	limit := intQuery(c, "limit", 20, 1, 100, &bad)
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

func intQuery(c *gin.Context, name string, def, min, max int, bad *[]domain.FieldError) int {
	raw, ok := c.GetQuery(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || n > max {
		*bad = append(*bad, domain.FieldError{Field: name, Message: fmt.Sprintf("must be a whole number from %d to %d", min, max)})
		return def
	}
	return n
}
