package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// runView is a run as the API shows it, with a link to the Temporal UI.
type runView struct {
	domain.Run
	TemporalURL string `json:"temporalUrl"`
}

func (s *Server) runView(r domain.Run) runView {
	link := fmt.Sprintf("%s/namespaces/%s/workflows/%s", s.deps.TemporalUIURL,
		url.PathEscape(s.deps.Namespace), url.PathEscape(r.WorkflowID))
	if r.TemporalRunID != "" {
		link += "/" + url.PathEscape(r.TemporalRunID) + "/history"
	}
	if def, ok := s.deps.Catalog.Lookup(r.Playbook); ok {
		r.Params = def.MaskSecrets(r.Params)
	}
	return runView{Run: r, TemporalURL: link}
}

// launchRun records a pending run, then starts its workflow. If Temporal
// refuses the start, the run is marked failed so no row stays pending.
func (s *Server) launchRun(ctx context.Context, def workflows.Definition, params map[string]any, by string, dryRun bool) (domain.Run, error) {
	id := uuid.Must(uuid.NewV7()).String()
	run := domain.Run{
		ID: id, Playbook: def.Name, Status: domain.RunPending, Params: def.MaskSecrets(params),
		WorkflowID: workflows.PlaybookWorkflowID(def.Name, id), RequestedBy: by, CreatedAt: s.deps.Now().UTC(),
		DryRun: dryRun, Steps: []domain.RunStep{},
	}
	if err := s.deps.Runs.Create(ctx, run); err != nil {
		return run, err
	}
	wr, err := s.deps.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:            run.WorkflowID,
		TaskQueue:     s.deps.TaskQueue,
		StaticSummary: def.Title,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			workflows.AttrRunID.ValueSet(id), workflows.AttrPlaybook.ValueSet(def.Name),
			workflows.AttrRequestedBy.ValueSet(by), workflows.AttrStatus.ValueSet(string(domain.RunPending)),
		),
	}, workflows.PlaybookWorkflowType(def.Name), workflows.PlaybookInput{RunID: id, Params: params, RequestedBy: by,
		DryRun: dryRun, AllowSelfApproval: s.deps.AllowSelfApproval})
	if err != nil {
		msg := "could not start the run's workflow: " + err.Error()
		if ferr := s.deps.Runs.Finish(context.WithoutCancel(ctx), id, domain.RunFailed, nil, msg); ferr != nil {
			s.deps.Logger.Error("mark unstarted run failed", "run_id", id, "err", ferr)
		}
		return run, &domain.Error{Code: domain.EUnavailable, Message: "the workflow engine did not accept the run; try again shortly"}
	}
	run.TemporalRunID = wr.GetRunID()
	if err := s.deps.Runs.SetTemporalRunID(ctx, id, run.TemporalRunID); err != nil {
		s.deps.Logger.Warn("record temporal run id", "run_id", id, "err", err)
	}
	return run, nil
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
	c.JSON(http.StatusOK, gin.H{"data": s.runView(run)})
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
		out = append(out, s.runView(r))
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
	return domain.RunFilter{Playbook: c.Query("playbook"), Status: status, Page: page, Limit: limit}, domain.ValidationError(bad)
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
