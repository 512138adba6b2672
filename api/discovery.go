package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// discoveryPrefix names the Temporal Schedules of discovery: one per tag.
const discoveryPrefix = "discovery/"

func (s *Server) discoveryRoutes() []Route {
	r, w := domain.PermAssetsRead, domain.PermAssetsWrite
	return []Route{
		{"GET", "/discovery-schedules", r, "discovery_schedule.list", endpoint(http.StatusOK, s.listDiscovery)},
		{"POST", "/discovery-schedules", w, "discovery_schedule.create", endpoint(http.StatusCreated, s.createDiscovery)},
		{"DELETE", "/discovery-schedules/:tag", w, "discovery_schedule.delete", endpoint(http.StatusNoContent, s.deleteDiscovery)},
	}
}

// discoveryRequest schedules collect-facts on the servers with a tag.
type discoveryRequest struct {
	Tag        string `json:"tag"`
	EveryHours int    `json:"everyHours"` // 1 to 168
}

// DiscoverySchedule is a Temporal Schedule running collect-facts on a tag.
type DiscoverySchedule struct {
	ID          string      `json:"id"`
	Tag         string      `json:"tag"`
	EveryHours  int         `json:"everyHours"`
	Paused      bool        `json:"paused"`
	NextRunAt   *time.Time  `json:"nextRunAt"`
	RecentRuns  []time.Time `json:"recentRuns"`
	TemporalURL string      `json:"temporalUrl"`
}

func (s *Server) schedulesOrUnavailable() (client.ScheduleClient, error) {
	if s.deps.TemporalSchedules == nil {
		return nil, domain.Errorf(domain.EUnavailable, "schedules are not available in this process")
	}
	return s.deps.TemporalSchedules, nil
}

// createDiscovery creates the schedule (the saver needs playbooks:run too:
// the schedule runs a playbook on their behalf).
func (s *Server) createDiscovery(c *gin.Context, req discoveryRequest) (DiscoverySchedule, error) {
	var bad []domain.FieldError
	req.Tag = strings.ToLower(strings.TrimSpace(req.Tag))
	if !domain.ValidTag(req.Tag) {
		bad = append(bad, domain.FieldError{Field: "tag", Message: "must be a server tag"})
	}
	if req.EveryHours < 1 || req.EveryHours > 168 {
		bad = append(bad, domain.FieldError{Field: "everyHours", Message: "must be from 1 to 168"})
	}
	if err := domain.ValidationError(bad); err != nil {
		return DiscoverySchedule{}, err
	}
	p := principal(c)
	if p == nil || !p.Can(domain.PermPlaybooksRun) {
		return DiscoverySchedule{}, domain.Errorf(domain.EForbidden, "scheduling collect-facts needs the %s permission", domain.PermPlaybooksRun)
	}
	sc, err := s.schedulesOrUnavailable()
	if err != nil {
		return DiscoverySchedule{}, err
	}
	id := discoveryPrefix + req.Tag
	setAuditTarget(c, "discovery_schedule", id)
	in := contract.ScheduledRunInput{ScheduleID: id, Playbook: "collect-facts", Params: map[string]any{"tag": req.Tag}, SavedBy: p.Name}
	_, err = sc.Create(c.Request.Context(), client.ScheduleOptions{
		ID:   id,
		Spec: client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: time.Duration(req.EveryHours) * time.Hour}}},
		Action: &client.ScheduleWorkflowAction{ID: "discovery-run/" + req.Tag, Workflow: contract.ScheduledRunWorkflowType,
			Args: []any{in}, TaskQueue: s.deps.TaskQueue},
		Note: fmt.Sprintf("collect-facts on servers tagged %s every %d h (saved by %s)", req.Tag, req.EveryHours, p.Name),
	})
	if err != nil {
		if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
			return DiscoverySchedule{}, domain.Errorf(domain.EConflict, "servers tagged %s already have a discovery schedule", req.Tag)
		}
		return DiscoverySchedule{}, domain.Errorf(domain.EUnavailable, "the workflow engine did not create the schedule; try again shortly")
	}
	return s.discoveryView(id, req.EveryHours, false, nil, nil), nil
}

func (s *Server) discoveryView(id string, hours int, paused bool, next []time.Time, recent []time.Time) DiscoverySchedule {
	d := DiscoverySchedule{ID: id, Tag: strings.TrimPrefix(id, discoveryPrefix), EveryHours: hours, Paused: paused, RecentRuns: recent,
		TemporalURL: fmt.Sprintf("%s/namespaces/%s/schedules/%s", s.deps.TemporalUIURL, url.PathEscape(s.deps.Namespace), url.PathEscape(id))}
	if len(next) > 0 {
		d.NextRunAt = &next[0]
	}
	if d.RecentRuns == nil {
		d.RecentRuns = []time.Time{}
	}
	return d
}

func (s *Server) listDiscovery(c *gin.Context, _ none) ([]DiscoverySchedule, error) {
	sc, err := s.schedulesOrUnavailable()
	if err != nil {
		return nil, err
	}
	it, err := sc.List(c.Request.Context(), client.ScheduleListOptions{PageSize: 100})
	if err != nil {
		return nil, domain.Errorf(domain.EUnavailable, "the workflow engine did not list schedules; try again shortly")
	}
	out := []DiscoverySchedule{}
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			return nil, domain.Errorf(domain.EUnavailable, "the workflow engine did not list schedules; try again shortly")
		}
		if strings.HasPrefix(e.ID, discoveryPrefix) {
			out = append(out, s.discoveryView(e.ID, everyHours(e.Spec), e.Paused, e.NextActionTimes, recentRuns(e.RecentActions)))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Tag < out[j].Tag })
	return out, nil
}

func everyHours(spec *client.ScheduleSpec) int {
	if spec == nil || len(spec.Intervals) == 0 {
		return 0
	}
	return int(spec.Intervals[0].Every / time.Hour)
}

func recentRuns(actions []client.ScheduleActionResult) []time.Time {
	out := make([]time.Time, 0, len(actions))
	for _, a := range actions {
		out = append(out, a.ActualTime)
	}
	return out
}

func (s *Server) deleteDiscovery(c *gin.Context, _ none) (none, error) {
	sc, err := s.schedulesOrUnavailable()
	if err != nil {
		return none{}, err
	}
	id := discoveryPrefix + strings.ToLower(c.Param("tag"))
	setAuditTarget(c, "discovery_schedule", id)
	if err := deleteSchedule(c.Request.Context(), sc, id); err != nil {
		return none{}, err
	}
	return none{}, nil
}

func deleteSchedule(ctx context.Context, sc client.ScheduleClient, id string) error {
	if err := sc.GetHandle(ctx, id).Delete(ctx); err != nil {
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return domain.Errorf(domain.ENotFound, "no discovery schedule %s", id)
		}
		return domain.Errorf(domain.EUnavailable, "the workflow engine did not delete the schedule; try again shortly")
	}
	return nil
}
