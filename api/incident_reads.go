package api

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

func (s *Server) incidentView(inc domain.Incident) IncidentView {
	return IncidentView{Incident: inc, TemporalURL: s.workflowLink(inc.WorkflowID)}
}

func (s *Server) getIncident(c *gin.Context, _ none) (IncidentView, error) {
	ctx := c.Request.Context()
	inc, err := s.deps.Incidents.Get(ctx, c.Param("id"))
	if err != nil {
		return IncidentView{}, err
	}
	view := s.incidentView(inc)
	if live, ok := s.liveState(ctx, inc); ok {
		view.Pages = pageViews(live.Pages)
	}
	view.Runs, err = s.deps.Incidents.IncidentLinks(ctx, inc.ID)
	view.Runs = nonNil(view.Runs)
	return view, err
}

// liveState queries a running incident workflow; closed incidents have none.
func (s *Server) liveState(ctx context.Context, inc domain.Incident) (contract.IncidentState, bool) {
	var st contract.IncidentState
	if inc.Status == domain.StatusClosed {
		return st, false
	}
	qctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	v, err := s.deps.Temporal.QueryWorkflow(qctx, inc.WorkflowID, "", contract.QueryIncidentState)
	if err != nil || v.Get(&st) != nil {
		return st, false
	}
	return st, true
}

func (s *Server) incidentTimeline(c *gin.Context, _ none) ([]domain.TimelineEvent, error) {
	events, err := s.deps.Incidents.Timeline(c.Request.Context(), c.Param("id"))
	return nonNil(events), err
}

func (s *Server) incidentNotifications(c *gin.Context, _ none) ([]domain.Delivery, error) {
	ctx := c.Request.Context()
	inc, err := s.deps.Incidents.Get(ctx, c.Param("id"))
	if err != nil {
		return nil, err
	}
	list, err := s.deps.Deliveries.ListByIncident(ctx, inc.ID)
	return nonNil(list), err
}

func (s *Server) listIncidents(c *gin.Context, _ none) (paged[IncidentView, Pagination], error) {
	f, err := incidentFilter(c)
	if err != nil {
		return paged[IncidentView, Pagination]{}, err
	}
	list, total, err := s.deps.Incidents.List(c.Request.Context(), f)
	views := make([]IncidentView, 0, len(list))
	for _, inc := range list {
		views = append(views, s.incidentView(inc))
	}
	return pageOf(views, newPagination(f.Page, f.Limit, total)), err
}

func incidentFilter(c *gin.Context) (domain.IncidentFilter, error) {
	var bad []domain.FieldError
	f := domain.IncidentFilter{ServiceID: c.Query("serviceId"), AssigneeID: c.Query("assigneeId"), Query: strings.TrimSpace(c.Query("q")),
		Sort: c.DefaultQuery("sort", "created_at"), Desc: c.DefaultQuery("order", "desc") == "desc"}
	f.Page, f.Limit = pageQuery(c, &bad)
	for _, v := range splitList(c.Query("status")) {
		if st := domain.IncidentStatus(v); st.Valid() {
			f.Status = append(f.Status, st)
		} else if v == "open" {
			f.Status = append(f.Status, domain.StatusTriggered, domain.StatusAcknowledged, domain.StatusInvestigating, domain.StatusMitigated)
		} else {
			bad = append(bad, domain.FieldError{Field: "status", Message: v + " is not an incident status"})
		}
	}
	for _, v := range splitList(c.Query("severity")) {
		if sev := domain.Severity(v); sev.Valid() {
			f.Severity = append(f.Severity, sev)
		} else {
			bad = append(bad, domain.FieldError{Field: "severity", Message: v + " is not a severity"})
		}
	}
	if _, ok := map[string]bool{"created_at": true, "updated_at": true, "severity": true, "status": true}[f.Sort]; !ok {
		bad = append(bad, domain.FieldError{Field: "sort", Message: "must be created_at, updated_at, severity or status"})
	}
	if o := c.DefaultQuery("order", "desc"); o != "asc" && o != "desc" {
		bad = append(bad, domain.FieldError{Field: "order", Message: "must be asc or desc"})
	}
	for _, id := range []struct{ name, v string }{{"serviceId", f.ServiceID}, {"assigneeId", f.AssigneeID}} {
		if id.v != "" && !isUUID(id.v) {
			bad = append(bad, domain.FieldError{Field: id.name, Message: "must be a UUID"})
		}
	}
	f.From = timeQuery(c, "from", &bad)
	f.To = timeQuery(c, "to", &bad)
	switch c.Query("breached") {
	case "", "false":
	case "true":
		f.Breached = true
	default:
		bad = append(bad, domain.FieldError{Field: "breached", Message: "must be true or false"})
	}
	return f, domain.ValidationError(bad)
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil
}

func (s *Server) incidentMetrics(c *gin.Context, _ none) (store.IncidentMetrics, error) {
	var bad []domain.FieldError
	to := timeQuery(c, "to", &bad)
	from := timeQuery(c, "from", &bad)
	if to.IsZero() {
		to = s.deps.Now().UTC()
	}
	if from.IsZero() {
		from = to.AddDate(0, 0, -30)
	}
	if !from.Before(to) {
		bad = append(bad, domain.FieldError{Field: "from", Message: "must be before to"})
	}
	buckets := map[string]time.Duration{"": 0, "hour": time.Hour, "day": 24 * time.Hour}
	bucket, ok := buckets[c.Query("bucket")]
	switch {
	case !ok:
		bad = append(bad, domain.FieldError{Field: "bucket", Message: "must be hour or day"})
	case bucket > 0 && to.Sub(from)/bucket > store.MaxBuckets:
		bad = append(bad, domain.FieldError{Field: "bucket", Message: fmt.Sprintf("the range holds more than %d buckets; use a larger bucket", store.MaxBuckets)})
	}
	if err := domain.ValidationError(bad); err != nil {
		return store.IncidentMetrics{}, err
	}
	return s.deps.Incidents.Metrics(c.Request.Context(), from, to, bucket)
}
