package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

func (s *Server) runActionRoutes() []Route {
	return []Route{
		{"POST", "/runs/:id/cancel", domain.PermPlaybooksRun, "run.cancel", endpoint(http.StatusAccepted, s.cancelRun)},
		{"POST", "/runs/:id/approve", domain.PermPlaybooksApprove, "run.approve", endpoint(http.StatusOK, s.decideRun(true))},
		{"POST", "/runs/:id/reject", domain.PermPlaybooksApprove, "run.reject", endpoint(http.StatusOK, s.decideRun(false))},
		{"GET", "/runs/:id/logs", domain.PermPlaybooksRead, "run.logs", endpoint(http.StatusOK, s.runLogs)},
	}
}

// activeRun loads a run that can still be acted on.
func (s *Server) activeRun(c *gin.Context) (domain.Run, error) {
	run, err := s.deps.Runs.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		return run, err
	}
	setAuditTarget(c, "run", run.ID)
	if run.Status.Terminal() {
		return run, domain.Errorf(domain.EConflict, "run %s is %s", run.ID, run.Status)
	}
	return run, nil
}

// cancelRun asks Temporal to cancel the run's workflow; the runner records
// the run as cancelled and a running SSH command is killed.
func (s *Server) cancelRun(c *gin.Context, _ none) (runView, error) {
	run, err := s.activeRun(c)
	if err == nil {
		err = s.runActionRefusal(c, run, "cancel")
	}
	if err != nil {
		return runView{}, err
	}
	err = workflowError(s.deps.Temporal.CancelWorkflow(c.Request.Context(), run.WorkflowID, ""),
		"run "+run.ID+" has already finished", nil)
	return s.runView(c, run), err
}

// decisionRequest is the optional body of an approval or rejection.
type decisionRequest struct {
	Note string `json:"note" validate:"max=2000"`
}

func (decisionRequest) optionalBody() {}

// decideRun answers a run's pending approval through a Temporal Update:
// its validator refuses when nothing waits, and the requester's own answer.
func (s *Server) decideRun(approve bool) func(*gin.Context, decisionRequest) (runView, error) {
	return func(c *gin.Context, req decisionRequest) (runView, error) {
		run, err := s.activeRun(c)
		if err != nil {
			return runView{}, err
		}
		_, _, by := actor(c)
		d := contract.ApprovalDecision{Approve: approve, By: by, OnBehalfOf: onBehalfOf(c), Note: req.Note}
		if err := s.sendDecision(c.Request.Context(), run, d); err != nil {
			return runView{}, err
		}
		auditNote(c, "approved", approve)
		run, err = s.deps.Runs.Get(c.Request.Context(), run.ID)
		return s.runView(c, run), err
	}
}

func (s *Server) sendDecision(ctx context.Context, run domain.Run, d contract.ApprovalDecision) error {
	handle, err := s.deps.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: run.WorkflowID, UpdateName: contract.UpdateRunApproval, Args: []interface{}{d},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = handle.Get(ctx, nil)
	}
	return workflowError(err, "run "+run.ID+" has already finished", map[string]string{contract.ErrSelfApproval: domain.EForbidden})
}

// RunLogStore reads a run's stored output.
type RunLogStore interface {
	List(ctx context.Context, runID string, afterID int64, limit int) ([]domain.LogLine, int64, error)
}

// runLogs returns output after the cursor ?after= (the next page's cursor
// comes back in pagination.next), for incremental live views.
func (s *Server) runLogs(c *gin.Context, _ none) (paged[domain.LogLine, LogCursor], error) {
	var bad []domain.FieldError
	limit := intQuery(c, "limit", 500, 1, 5000, &bad)
	after := int64(0)
	if raw := c.Query("after"); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 0 {
			bad = append(bad, domain.FieldError{Field: "after", Message: "must be a cursor from a previous page"})
		}
		after = n
	}
	if err := domain.ValidationError(bad); err != nil {
		return paged[domain.LogLine, LogCursor]{}, err
	}
	run, err := s.deps.Runs.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		return paged[domain.LogLine, LogCursor]{}, err
	}
	setAuditTarget(c, "run", run.ID)
	if err := s.runActionRefusal(c, run, "read the output of"); err != nil {
		s.audit(c, domain.AuditEntry{Action: "run.logs", Outcome: domain.OutcomeDenied}) // reads are not audited otherwise
		return paged[domain.LogLine, LogCursor]{}, err
	}
	lines, next, err := s.deps.RunLogs.List(c.Request.Context(), run.ID, after, limit)
	return pageOf(lines, LogCursor{Next: strconv.FormatInt(next, 10)}), err
}
