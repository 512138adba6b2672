package launch

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// Automation is who requests the runs an incident starts.
const Automation = "automation"

// LinkStore reads the links between runs and incidents.
type LinkStore interface {
	RunLinks(ctx context.Context, runID string) ([]domain.IncidentRunLink, error)
	FindOpen(ctx context.Context, serviceID, dedupKey string) (domain.Incident, bool, error)
}

// Activities are the worker's activities that open incidents and start
// runs. Their names are the workflows.Activity* constants.
type Activities struct {
	L     *Launcher
	Links LinkStore
}

// runNamespace derives the IDs of the runs an incident starts, so a retried
// activity starts the same runs rather than new ones.
var runNamespace = uuid.MustParse("6f0c1d53-5d64-4b0e-9d1f-5a8e0f7c2a11")

// FailureDedupKey is the dedup key of the incident about a playbook's
// failures in a service: while it is open, more failures attach to it and
// the incident's automatic runs of that playbook are held back.
func FailureDedupKey(playbook string) string { return "playbook-failure/" + playbook }

// OpenRunIncident opens (or attaches to) an incident about a run, in the
// run's service, and links the two. It returns the incident's ID, or ""
// when the run acts for no service and no failure service is configured.
func (a *Activities) OpenRunIncident(ctx context.Context, in contract.RunIncidentInput) (string, error) {
	links, err := a.Links.RunLinks(ctx, in.RunID)
	if err != nil {
		return "", err
	}
	for _, l := range links {
		if l.Relation == in.Relation { // a retried attempt: opened already
			return l.IncidentID, nil
		}
	}
	run, err := a.L.Runs.Get(ctx, in.RunID)
	if err != nil {
		return "", err
	}
	serviceID := a.L.FailureServiceID
	if run.ServiceID != nil {
		serviceID = *run.ServiceID
	}
	if serviceID == "" {
		a.L.log().Warn("failed run acts for no service and PLAYBOOK_FAILURE_SERVICE_ID is unset; no incident opened", "run_id", in.RunID)
		return "", nil
	}
	n := runIncident(in, a.L.PublicURL, serviceID)
	inc, _, err := a.L.Incident(ctx, n)
	if err != nil {
		return "", err
	}
	if err := a.L.Incidents.LinkRun(ctx, inc.ID, in.RunID, in.Relation); err != nil {
		return "", err
	}
	ev := domain.TimelineEvent{At: a.L.now(), Type: "playbook_" + in.Relation, Actor: Automation, Message: n.Title,
		Details: map[string]any{"runId": in.RunID, "playbook": in.Playbook}}
	return inc.ID, a.L.Incidents.AddEvent(ctx, inc.ID, "run/"+in.RunID+"/"+in.Relation, ev)
}

func runIncident(in contract.RunIncidentInput, publicURL, serviceID string) NewIncident {
	n := NewIncident{ServiceID: serviceID, Severity: domain.SeverityHigh, Source: "playbook " + in.Playbook,
		Title:       truncate("Playbook "+in.Playbook+" failed: "+in.Message, 200),
		DedupKey:    FailureDedupKey(in.Playbook),
		Description: fmt.Sprintf("Run %s of %s failed: %s\n\n%s/runs/%s", in.RunID, in.Playbook, in.Message, publicURL, in.RunID)}
	if in.Relation == domain.LinkApprovalTimeout {
		n.Title = truncate("Approval needed: playbook "+in.Playbook+" waited with no answer", 200)
		n.DedupKey = "playbook-approval/" + in.RunID
		n.Description = fmt.Sprintf("Run %s of %s asked for approval and nobody answered: %s\n\n%s/runs/%s",
			in.RunID, in.Playbook, in.Message, publicURL, in.RunID)
	}
	return n
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// StartIncidentPlaybooks starts the playbooks a service names for a new
// incident, each with its parameters filled from the incident, links each
// run to the incident and writes it on the timeline. A trigger whose
// playbook is unknown, whose parameters no longer validate, or whose
// playbook's circuit breaker is open (an open incident about its failures)
// is skipped, with the reason on the timeline.
func (a *Activities) StartIncidentPlaybooks(ctx context.Context, in contract.IncidentPlaybooksInput) ([]string, error) {
	vars := map[string]string{
		"incident.id": in.IncidentID, "incident.title": in.Title, "incident.description": in.Description,
		"incident.severity": string(in.Severity), "incident.url": a.L.PublicURL + "/incidents/" + in.IncidentID,
		"service.id": in.ServiceID, "service.name": in.ServiceName,
	}
	var started []string
	for i, t := range in.Triggers {
		key := "playbook/" + strconv.Itoa(i)
		runID, reason, err := a.startTrigger(ctx, in, i, t, vars)
		if err != nil {
			return started, err
		}
		ev := domain.TimelineEvent{At: a.L.now(), Type: "playbook_started", Actor: Automation,
			Message: "Started playbook " + t.Playbook, Details: map[string]any{"runId": runID, "playbook": t.Playbook}}
		if reason != "" {
			ev.Type, ev.Message, ev.Details = "playbook_skipped", "Did not start playbook "+t.Playbook+": "+reason,
				map[string]any{"playbook": t.Playbook}
		} else {
			started = append(started, runID)
		}
		if err := a.L.Incidents.AddEvent(ctx, in.IncidentID, key, ev); err != nil {
			return started, err
		}
	}
	return started, nil
}

// startTrigger starts one trigger's run, or says why it did not.
func (a *Activities) startTrigger(ctx context.Context, in contract.IncidentPlaybooksInput, i int, t domain.PlaybookTrigger,
	vars map[string]string) (runID, skipped string, err error) {
	def, ok := a.L.Catalog.Lookup(t.Playbook)
	if !ok {
		return "", "no such playbook", nil
	}
	if open, found, err := a.Links.FindOpen(ctx, in.ServiceID, FailureDedupKey(t.Playbook)); err != nil {
		return "", "", err
	} else if found {
		return "", "its circuit breaker is open (incident " + open.ID + " about its failures is still open)", nil
	}
	params, reason := RenderParams(def, t.Params, vars)
	if reason != "" {
		return "", reason, nil
	}
	id := uuid.NewSHA1(runNamespace, []byte(in.IncidentID+"/"+strconv.Itoa(i))).String()
	run, err := a.L.Run(ctx, NewRun{ID: id, Def: def, Params: params, RequestedBy: Automation,
		OnBehalfOf: t.SavedBy, ServiceID: in.ServiceID})
	if err != nil {
		return "", "", err
	}
	return run.ID, "", a.L.Incidents.LinkRun(ctx, in.IncidentID, run.ID, domain.LinkTriggered)
}

// StartScheduledRun launches the run a schedule asks for, requested by
// "schedule:<id>" on behalf of whoever saved it. Parameters that no longer
// validate (the playbook changed) fail for good.
func (a *Activities) StartScheduledRun(ctx context.Context, in contract.StartScheduledRunInput) (string, error) {
	def, ok := a.L.Catalog.Lookup(in.Playbook)
	if !ok {
		return "", temporal.NewNonRetryableApplicationError("no playbook "+in.Playbook, contract.ErrInvalidRequest, nil)
	}
	params, reason := RenderParams(def, in.Params, nil)
	if reason != "" {
		return "", temporal.NewNonRetryableApplicationError(reason, contract.ErrInvalidRequest, nil)
	}
	id := uuid.NewSHA1(runNamespace, []byte("schedule/"+in.Key)).String()
	run, err := a.L.Run(ctx, NewRun{ID: id, Def: def, Params: params, RequestedBy: "schedule:" + in.ScheduleID, OnBehalfOf: in.SavedBy})
	return run.ID, err
}

// RenderParams fills a trigger's placeholders and validates the result
// against the playbook, returning why it is unusable if it is.
func RenderParams(def workflows.Definition, raw map[string]any, vars map[string]string) (map[string]any, string) {
	rendered, bad := domain.RenderTriggerParams(def.Params, raw, vars)
	if len(bad) > 0 {
		return nil, bad[0].Field + " " + bad[0].Message
	}
	params, err := domain.ValidateParams(def.Params, rendered)
	if err == nil && def.Check != nil {
		err = domain.ValidationError(def.Check(workflows.Params(params)))
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return nil, de.Message
	}
	if err != nil {
		return nil, err.Error()
	}
	return params, ""
}
