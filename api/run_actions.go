package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

func (s *Server) runActionRoutes() []Route {
	return []Route{
		{"POST", "/runs/:id/cancel", domain.PermPlaybooksRun, "run.cancel", s.cancelRun},
		{"POST", "/runs/:id/approve", domain.PermPlaybooksApprove, "run.approve", s.decideRun(true)},
		{"POST", "/runs/:id/reject", domain.PermPlaybooksApprove, "run.reject", s.decideRun(false)},
		{"GET", "/runs/:id/logs", domain.PermPlaybooksRead, "run.logs", s.runLogs},
	}
}

// activeRun loads a run that can still be acted on.
func (s *Server) activeRun(c *gin.Context) (domain.Run, bool) {
	run, err := s.deps.Runs.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return run, false
	}
	setAuditTarget(c, "run", run.ID)
	if run.Status.Terminal() {
		respondError(c, domain.Errorf(domain.EConflict, "run %s is %s", run.ID, run.Status))
		return run, false
	}
	return run, true
}

// cancelRun asks Temporal to cancel the run's workflow; the runner records
// the run as cancelled and a running SSH command is killed.
func (s *Server) cancelRun(c *gin.Context) {
	run, ok := s.activeRun(c)
	if !ok || s.refuseRunAction(c, run, "cancel") {
		return
	}
	err := workflowError(s.deps.Temporal.CancelWorkflow(c.Request.Context(), run.WorkflowID, ""),
		"run "+run.ID+" has already finished", nil)
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"data": s.runView(c, run)})
}

type decisionRequest struct {
	Note string `json:"note" validate:"max=2000"`
}

// decideRun answers a run's pending approval through a Temporal Update:
// its validator refuses when nothing waits, and the requester's own answer.
func (s *Server) decideRun(approve bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req decisionRequest
		if c.Request.ContentLength != 0 {
			if err := bindJSON(c, &req); err != nil {
				respondError(c, err)
				return
			}
		}
		run, ok := s.activeRun(c)
		if !ok {
			return
		}
		_, _, by := actor(c)
		d := workflows.ApprovalDecision{Approve: approve, By: by, OnBehalfOf: onBehalfOf(c), Note: req.Note}
		if err := s.sendDecision(c.Request.Context(), run, d); err != nil {
			respondError(c, err)
			return
		}
		auditNote(c, "approved", approve)
		run, err := s.deps.Runs.Get(c.Request.Context(), run.ID)
		respond(c, http.StatusOK, s.runView(c, run), err)
	}
}

func (s *Server) sendDecision(ctx context.Context, run domain.Run, d workflows.ApprovalDecision) error {
	handle, err := s.deps.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: run.WorkflowID, UpdateName: workflows.UpdateRunApproval, Args: []interface{}{d},
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
func (s *Server) runLogs(c *gin.Context) {
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
		respondError(c, err)
		return
	}
	run, err := s.deps.Runs.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	setAuditTarget(c, "run", run.ID)
	if s.refuseRunAction(c, run, "read the output of") {
		s.audit(c, domain.AuditEntry{Action: "run.logs", Outcome: domain.OutcomeDenied}) // reads are not audited otherwise
		return
	}
	lines, next, err := s.deps.RunLogs.List(c.Request.Context(), run.ID, after, limit)
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"data": nonNil(lines), "pagination": gin.H{"next": strconv.FormatInt(next, 10)}})
}
