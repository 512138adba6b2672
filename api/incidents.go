package api

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
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
)

// IncidentStore is what the API needs of the incident repository: reads,
// and what launching incidents and runs needs (launch.IncidentStore).
type IncidentStore interface {
	Get(ctx context.Context, id string) (domain.Incident, error)
	pagedList[domain.Incident, domain.IncidentFilter]
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
		{"GET", "/incidents", r, "incident.list", endpoint(http.StatusOK, s.listIncidents)},
		{"POST", "/incidents", w, "incident.create", endpoint(http.StatusCreated, s.createIncident)},
		{"GET", "/incidents/:id", r, "incident.get", endpoint(http.StatusOK, s.getIncident)},
		{"GET", "/incidents/:id/timeline", r, "incident.timeline", endpoint(http.StatusOK, s.incidentTimeline)},
		{"GET", "/incidents/:id/notifications", r, "incident.notifications", endpoint(http.StatusOK, s.incidentNotifications)},
		{"GET", "/metrics/incidents", r, "incident.metrics", endpoint(http.StatusOK, s.incidentMetrics)},
		{"POST", "/alerts", domain.PermAlertsWrite, "alert.receive", endpoint(http.StatusCreated, s.receiveAlert)},
		{"POST", "/integrations/alertmanager", domain.PermAlertsWrite, "alert.alertmanager", endpoint(http.StatusAccepted, s.receiveAlertmanager)},
	}
	for _, a := range incidentActions {
		routes = append(routes, Route{"POST", "/incidents/:id/" + string(a), w, "incident." + string(a), endpoint(http.StatusOK, s.incidentAction(a))})
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
	// AssetIDs name the assets the incident is about: its blast radius
	// starts from them.
	AssetIDs []string `json:"assetIds"`
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
	Live *contract.IncidentState  `json:"-"`
}

func (s *Server) createIncident(c *gin.Context, req createIncidentRequest) (openedIncident, error) {
	var bad []domain.FieldError
	if err := domain.ValidateTitle(strings.TrimSpace(req.Title)); err != nil {
		bad = append(bad, domain.FieldError{Field: "title", Message: err.Error()})
	}
	if !req.Severity.Valid() {
		bad = append(bad, domain.FieldError{Field: "severity", Message: "must be critical, high, medium or low"})
	}
	bad = append(bad, s.checkAssetIDs(c.Request.Context(), req.AssetIDs)...)
	if err := domain.ValidationError(bad); err != nil {
		return openedIncident{}, err
	}
	_, _, by := actor(c)
	inc, created, err := s.launch.Incident(c.Request.Context(), launch.NewIncident{ServiceID: req.ServiceID, Title: strings.TrimSpace(req.Title),
		Severity: req.Severity, Description: req.Description, DedupKey: req.DedupKey, Source: by})
	if err != nil {
		return openedIncident{}, err
	}
	setAuditTarget(c, "incident", inc.ID)
	if err := s.deps.Assets.LinkIncident(c.Request.Context(), inc.ID, req.AssetIDs, "request"); err != nil {
		return openedIncident{}, err
	}
	if !created {
		auditNote(c, "deduplicated", true)
	} else {
		s.announce(c.Request.Context(), live.Event{Kind: live.KindIncident, ID: inc.ID, Status: string(inc.Status)})
	}
	return openedIncident{view: s.incidentView(inc), created: created}, nil
}

// openedIncident is the answer of POST /incidents: 201 with the new
// incident, or 200 with the open one the dedup key matched
// (deduplicated: true).
type openedIncident struct {
	view    IncidentView
	created bool
}

func (o openedIncident) envelope() gin.H { return gin.H{"data": o.view, "deduplicated": !o.created} }

func (openedIncident) members() (reflect.Type, map[string]reflect.Type) {
	return typeOf[IncidentView](), map[string]reflect.Type{"deduplicated": typeOf[bool]()}
}

func (o openedIncident) httpStatus() int {
	if o.created {
		return http.StatusCreated
	}
	return http.StatusOK
}

func (openedIncident) httpStatuses() []int { return []int{http.StatusCreated, http.StatusOK} }

// actionRequest is the optional body of an incident action.
type actionRequest struct {
	Note       string `json:"note" validate:"max=10000"`
	AssigneeID string `json:"assigneeId"`
}

func (actionRequest) optionalBody() {}

// incidentAction runs an action as a Temporal Update: the workflow's
// validator rejects invalid transitions before they enter history (409).
func (s *Server) incidentAction(action domain.IncidentAction) func(*gin.Context, actionRequest) (IncidentView, error) {
	return func(c *gin.Context, req actionRequest) (IncidentView, error) {
		ctx := c.Request.Context()
		inc, err := s.deps.Incidents.Get(ctx, c.Param("id"))
		if err != nil {
			return IncidentView{}, err
		}
		setAuditTarget(c, "incident", inc.ID)
		if action == domain.ActionReassign {
			if _, err := s.id.Users.Get(ctx, req.AssigneeID); err != nil {
				return IncidentView{}, domain.ValidationError([]domain.FieldError{{Field: "assigneeId", Message: "is not an existing user"}})
			}
		}
		_, _, by := actor(c)
		if err := s.updateIncident(ctx, inc, contract.ActionRequest{Action: action, Actor: by, Note: req.Note, AssigneeID: req.AssigneeID}); err != nil {
			return IncidentView{}, err
		}
		inc, err = s.deps.Incidents.Get(ctx, inc.ID)
		return s.incidentView(inc), err
	}
}

func (s *Server) updateIncident(ctx context.Context, inc domain.Incident, req contract.ActionRequest) error {
	handle, err := s.deps.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: inc.WorkflowID, UpdateName: contract.UpdateIncidentAction, Args: []interface{}{req},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		var state contract.IncidentState
		err = handle.Get(ctx, &state)
	}
	return incidentUpdateError(inc, err)
}

// incidentUpdateError maps a rejected or failed update to a domain error.
func incidentUpdateError(inc domain.Incident, err error) error {
	return workflowError(err, fmt.Sprintf("incident %s is %s and no longer accepts actions", inc.ID, inc.Status),
		map[string]string{contract.ErrInvalidRequest: domain.EInvalid})
}
