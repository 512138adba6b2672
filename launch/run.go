package launch

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/workflows"
)

// NewRun is what starting a run needs. Params were validated.
type NewRun struct {
	// ID, when set, makes the launch idempotent: launching the same ID
	// again returns the existing run (a retried activity).
	ID          string
	Def         workflows.Definition
	Params      map[string]any
	RequestedBy string
	// OnBehalfOf is the human behind an automated or token request.
	OnBehalfOf string
	DryRun     bool
	ServiceID  string // optional: the service whose failures the run pages
}

// Run records a pending run, then starts its workflow. If Temporal refuses
// the start, the run is marked failed so no row stays pending.
func (l *Launcher) Run(ctx context.Context, n NewRun) (domain.Run, error) {
	// The run's row commits now, outside the request's unit of work: the
	// workflow started next records its steps from another connection.
	ctx = store.Detached(ctx)
	id := n.ID
	if id == "" {
		id = uuid.Must(uuid.NewV7()).String()
	}
	run := domain.Run{
		ID: id, Playbook: n.Def.Name, Status: domain.RunPending, Params: n.Def.MaskSecrets(n.Params),
		WorkflowID: workflows.PlaybookWorkflowID(n.Def.Name, id), RequestedBy: n.RequestedBy, CreatedAt: l.now(),
		DryRun: n.DryRun, Steps: []domain.RunStep{},
	}
	if n.ServiceID != "" {
		run.ServiceID = &n.ServiceID
	}
	if n.OnBehalfOf != "" {
		run.OnBehalfOf = &n.OnBehalfOf
	}
	err := l.Runs.Create(ctx, run)
	if errors.Is(err, store.ErrRunExists) {
		if run, err = l.Runs.Get(ctx, id); err != nil || run.TemporalRunID != "" || run.Status.Terminal() {
			return run, err
		}
	} else if err != nil {
		return run, err
	}
	wr, err := l.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:            run.WorkflowID,
		TaskQueue:     l.TaskQueue,
		StaticSummary: n.Def.Title,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			workflows.AttrRunID.ValueSet(id), workflows.AttrPlaybook.ValueSet(n.Def.Name),
			workflows.AttrRequestedBy.ValueSet(n.RequestedBy), workflows.AttrStatus.ValueSet(string(domain.RunPending)),
		),
	}, workflows.PlaybookWorkflowType(n.Def.Name), contract.PlaybookInput{RunID: id, Params: n.Params, RequestedBy: n.RequestedBy,
		OnBehalfOf: n.OnBehalfOf, DryRun: n.DryRun, AllowSelfApproval: l.AllowSelfApproval})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return run, nil
	}
	if err != nil {
		msg := "could not start the run's workflow: " + err.Error()
		if ferr := l.Runs.Finish(context.WithoutCancel(ctx), id, domain.RunFailed, nil, msg); ferr != nil {
			l.log().Error("mark unstarted run failed", "run_id", id, "err", ferr)
		}
		return run, &domain.Error{Code: domain.EUnavailable, Message: "the workflow engine did not accept the run; try again shortly"}
	}
	run.TemporalRunID = wr.GetRunID()
	if err := l.Runs.SetTemporalRunID(ctx, id, run.TemporalRunID); err != nil {
		l.log().Warn("record temporal run id", "run_id", id, "err", err)
	}
	return run, nil
}
