package launch

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/workflows"
)

// NewIncident is what opening an incident needs.
type NewIncident struct {
	ServiceID, Title, Description, DedupKey, Source string
	Severity                                        domain.Severity
}

// Incident creates an incident and starts its workflow, or attaches to the
// open incident with the same service and dedup key (created is then false).
func (l *Launcher) Incident(ctx context.Context, n NewIncident) (inc domain.Incident, created bool, err error) {
	// The incident's row commits now, outside the request's unit of work:
	// the workflow started next reads it from another connection.
	ctx = store.Detached(ctx)
	svc, err := l.Policies.Service(ctx, n.ServiceID)
	if err != nil {
		return domain.Incident{}, false, domain.ValidationError([]domain.FieldError{{Field: "serviceId", Message: "is not an existing service"}})
	}
	in, err := l.incidentInput(ctx, svc, n)
	if err != nil {
		return domain.Incident{}, false, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	if n.DedupKey == "" {
		n.DedupKey = id
	}
	row := domain.Incident{ID: id, ServiceID: svc.ID, Title: n.Title, Description: n.Description,
		Severity: n.Severity, DedupKey: n.DedupKey, WorkflowID: workflows.IncidentWorkflowID(id), CreatedBy: n.Source,
		CreatedAt: in.CreatedAt}
	if in.AckSLA > 0 {
		t := in.CreatedAt.Add(in.AckSLA)
		row.AckDeadline = &t
	}
	if in.ResolveSLA > 0 {
		t := in.CreatedAt.Add(in.ResolveSLA)
		row.ResolveDeadline = &t
	}
	inc, err = l.Incidents.Create(ctx, row)
	if errors.Is(err, store.ErrOpenDuplicate) {
		return inc, false, l.AttachAlert(ctx, inc, n.Source, n.Title)
	}
	if err != nil {
		return inc, false, err
	}
	in.IncidentID = id
	if err := l.startIncidentWorkflow(ctx, inc, in); err != nil {
		_ = l.Incidents.Delete(context.WithoutCancel(ctx), id)
		return inc, false, err
	}
	return inc, true, nil
}

// incidentInput snapshots the service's policies for the incident workflow.
func (l *Launcher) incidentInput(ctx context.Context, svc domain.Service, n NewIncident) (contract.IncidentInput, error) {
	policy, err := l.Policies.EscalationPolicy(ctx, svc.EscalationPolicyID)
	if err != nil {
		return contract.IncidentInput{}, err
	}
	in := contract.IncidentInput{ServiceID: svc.ID, ServiceName: svc.Name, Title: n.Title, Description: n.Description,
		Severity: n.Severity, Policy: policy, CreatedBy: n.Source, CreatedAt: l.now(), Playbooks: svc.Playbooks}
	if svc.SLAPolicyID != nil {
		sla, err := l.Policies.SLAPolicy(ctx, *svc.SLAPolicyID)
		if err != nil {
			return in, err
		}
		if rule, ok := sla.Rule(n.Severity); ok {
			in.AckSLA, in.ResolveSLA = time.Duration(rule.AckSeconds)*time.Second, time.Duration(rule.ResolveSeconds)*time.Second
		}
	}
	return in, nil
}

func (l *Launcher) startIncidentWorkflow(ctx context.Context, inc domain.Incident, in contract.IncidentInput) error {
	_, err := l.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: inc.WorkflowID, TaskQueue: l.TaskQueue, StaticSummary: inc.Title,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			workflows.AttrIncidentID.ValueSet(inc.ID), workflows.AttrService.ValueSet(in.ServiceName),
			workflows.AttrStatus.ValueSet(string(domain.StatusTriggered)), workflows.AttrSeverity.ValueSet(string(in.Severity)),
		),
	}, contract.IncidentWorkflowType, in)
	if err != nil {
		l.log().Error("start incident workflow", "incident_id", inc.ID, "err", err)
		return &domain.Error{Code: domain.EUnavailable, Message: "the workflow engine did not accept the incident; try again shortly"}
	}
	return nil
}

// AttachAlert tells an open incident another alert fired for it.
func (l *Launcher) AttachAlert(ctx context.Context, inc domain.Incident, source, summary string) error {
	err := l.Temporal.SignalWorkflow(ctx, inc.WorkflowID, "", contract.SignalIncidentAlert,
		contract.AlertReceived{Source: source, Summary: summary, At: l.now()})
	if err != nil {
		l.log().Warn("signal incident", "incident_id", inc.ID, "err", err)
		return &domain.Error{Code: domain.EUnavailable, Message: "could not attach the alert to its incident; try again shortly"}
	}
	return nil
}
