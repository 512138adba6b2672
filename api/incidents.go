package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/launch"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/workflows"
)

// IncidentStore is what the API needs of the incident repository: reads,
// and what launching incidents and runs needs (launch.IncidentStore).
type IncidentStore interface {
	Get(ctx context.Context, id string) (domain.Incident, error)
	List(ctx context.Context, f domain.IncidentFilter) ([]domain.Incident, int, error)
	Timeline(ctx context.Context, id string) ([]domain.TimelineEvent, error)
	Metrics(ctx context.Context, from, to time.Time, bucket time.Duration) (store.IncidentMetrics, error)
	IncidentLinks(ctx context.Context, incidentID string) ([]domain.IncidentRunLink, error)
	launch.IncidentStore
	launch.LinkStore
}

// DeliveryLister lists an incident's notifications.
type DeliveryLister interface {
	ListByIncident(ctx context.Context, incidentID string) ([]domain.Delivery, error)
}

// WorkflowEngine is the part of the Temporal client the incident API uses.
type WorkflowEngine interface {
	WorkflowStarter
	UpdateWorkflow(ctx context.Context, options client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error)
	SignalWorkflow(ctx context.Context, workflowID, runID, signalName string, arg interface{}) error
	QueryWorkflow(ctx context.Context, workflowID, runID, queryType string, args ...interface{}) (converter.EncodedValue, error)
	CancelWorkflow(ctx context.Context, workflowID, runID string) error
}

func (s *Server) incidentRoutes() []Route {
	r, w := domain.PermIncidentsRead, domain.PermIncidentsWrite
	routes := []Route{
		{"GET", "/incidents", r, "incident.list", s.listIncidents},
		{"POST", "/incidents", w, "incident.create", s.createIncident},
		{"GET", "/incidents/:id", r, "incident.get", s.getIncident},
		{"GET", "/incidents/:id/timeline", r, "incident.timeline", s.incidentTimeline},
		{"GET", "/incidents/:id/notifications", r, "incident.notifications", s.incidentNotifications},
		{"GET", "/metrics/incidents", r, "incident.metrics", s.incidentMetrics},
		{"POST", "/alerts", domain.PermAlertsWrite, "alert.receive", s.receiveAlert},
		{"POST", "/integrations/alertmanager", domain.PermAlertsWrite, "alert.alertmanager", s.receiveAlertmanager},
	}
	for _, a := range incidentActions {
		routes = append(routes, Route{"POST", "/incidents/:id/" + string(a), w, "incident." + string(a), s.incidentAction(a)})
	}
	return routes
}

// incidentActions each have a route POST /incidents/:id/<action>.
var incidentActions = []domain.IncidentAction{domain.ActionAcknowledge, domain.ActionInvestigate, domain.ActionMitigate,
	domain.ActionResolve, domain.ActionClose, domain.ActionReopen, domain.ActionEscalate, domain.ActionReassign, domain.ActionComment}

type createIncidentRequest struct {
	ServiceID   string          `json:"serviceId"`
	Title       string          `json:"title"`
	Severity    domain.Severity `json:"severity"`
	Description string          `json:"description" validate:"max=10000"`
	DedupKey    string          `json:"dedupKey" validate:"max=255"`
}

// PageView is one page of an incident as the API shows it: converted from
// the workflow's contract.Page, so that either can change without the other.
type PageView struct {
	At         time.Time       `json:"at"`
	Level      int             `json:"level"` // 1-based
	Round      int             `json:"round"`
	Reason     string          `json:"reason"`
	Recipients []RecipientView `json:"recipients"`
	Error      string          `json:"error,omitempty"`
}

// RecipientView is one recipient of a page: channel (email, webhook, user
// or schedule), the address or masked URL, and what happened.
type RecipientView struct {
	Channel string `json:"channel"`
	Target  string `json:"target"`
	Status  string `json:"status"`
	Error   string `json:"error,omitempty"`
}

func pageViews(pages []contract.Page) []PageView {
	out := make([]PageView, 0, len(pages))
	for _, p := range pages {
		rs := make([]RecipientView, 0, len(p.Recipients))
		for _, r := range p.Recipients {
			rs = append(rs, RecipientView{Channel: r.Channel, Target: r.Target, Status: r.Status, Error: r.Error})
		}
		out = append(out, PageView{At: p.At, Level: p.Level, Round: p.Round, Reason: p.Reason, Recipients: rs, Error: p.Error})
	}
	return out
}

// IncidentView is an incident with its live workflow state when running.
type IncidentView struct {
	domain.Incident
	TemporalURL string     `json:"temporalUrl"`
	Pages       []PageView `json:"pages,omitempty"`
	// Runs are the playbook runs linked to the incident (only on GET /incidents/:id).
	Runs []domain.IncidentRunLink `json:"runs,omitempty"`
	Live *workflows.IncidentState `json:"-"`
}

func (s *Server) createIncident(c *gin.Context) {
	var req createIncidentRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	var bad []domain.FieldError
	if err := domain.ValidateTitle(strings.TrimSpace(req.Title)); err != nil {
		bad = append(bad, domain.FieldError{Field: "title", Message: err.Error()})
	}
	if !req.Severity.Valid() {
		bad = append(bad, domain.FieldError{Field: "severity", Message: "must be critical, high, medium or low"})
	}
	if err := domain.ValidationError(bad); err != nil {
		respondError(c, err)
		return
	}
	_, _, by := actor(c)
	inc, created, err := s.launch.Incident(c.Request.Context(), launch.NewIncident{ServiceID: req.ServiceID, Title: strings.TrimSpace(req.Title),
		Severity: req.Severity, Description: req.Description, DedupKey: req.DedupKey, Source: by})
	if err != nil {
		respondError(c, err)
		return
	}
	setAuditTarget(c, "incident", inc.ID)
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
		auditNote(c, "deduplicated", true)
	} else {
		s.announce(c.Request.Context(), live.Event{Kind: live.KindIncident, ID: inc.ID, Status: string(inc.Status)})
	}
	c.JSON(status, gin.H{"data": s.incidentView(inc), "deduplicated": !created})
}

type actionRequest struct {
	Note       string `json:"note" validate:"max=10000"`
	AssigneeID string `json:"assigneeId"`
}

// incidentAction runs an action as a Temporal Update: the workflow's
// validator rejects invalid transitions before they enter history (409).
func (s *Server) incidentAction(action domain.IncidentAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req actionRequest
		if c.Request.ContentLength != 0 {
			if err := bindJSON(c, &req); err != nil {
				respondError(c, err)
				return
			}
		}
		ctx := c.Request.Context()
		inc, err := s.deps.Incidents.Get(ctx, c.Param("id"))
		if err != nil {
			respondError(c, err)
			return
		}
		setAuditTarget(c, "incident", inc.ID)
		if action == domain.ActionReassign {
			if _, err := s.id.Users.Get(ctx, req.AssigneeID); err != nil {
				respondError(c, domain.ValidationError([]domain.FieldError{{Field: "assigneeId", Message: "is not an existing user"}}))
				return
			}
		}
		_, _, by := actor(c)
		if err := s.updateIncident(ctx, inc, workflows.ActionRequest{Action: action, Actor: by, Note: req.Note, AssigneeID: req.AssigneeID}); err != nil {
			respondError(c, err)
			return
		}
		inc, err = s.deps.Incidents.Get(ctx, inc.ID)
		respond(c, http.StatusOK, s.incidentView(inc), err)
	}
}

func (s *Server) updateIncident(ctx context.Context, inc domain.Incident, req workflows.ActionRequest) error {
	handle, err := s.deps.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: inc.WorkflowID, UpdateName: workflows.UpdateIncidentAction, Args: []interface{}{req},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		var state workflows.IncidentState
		err = handle.Get(ctx, &state)
	}
	return incidentUpdateError(inc, err)
}

// incidentUpdateError maps a rejected or failed update to a domain error.
func incidentUpdateError(inc domain.Incident, err error) error {
	return workflowError(err, fmt.Sprintf("incident %s is %s and no longer accepts actions", inc.ID, inc.Status),
		map[string]string{contract.ErrInvalidRequest: domain.EInvalid})
}
