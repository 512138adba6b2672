package workflows

import (
	"time"

	"github.com/opsmanager/opsmanager/contract"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// startPlaybooks starts the service's playbooks for a new incident, without
// holding up its first page. The activity links each run to the incident
// and writes it on the timeline.
func (w *incidentRun) startPlaybooks(ctx workflow.Context) {
	if len(w.in.Playbooks) == 0 || workflow.GetVersion(ctx, "incident-playbooks", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	actx := launchOptions(ctx, "Start the service's playbooks")
	f := workflow.ExecuteActivity(actx, launchActs.StartIncidentPlaybooks, contract.IncidentPlaybooksInput{
		IncidentID: w.in.IncidentID, ServiceID: w.in.ServiceID, ServiceName: w.in.ServiceName,
		Title: w.in.Title, Description: w.in.Description, Severity: w.in.Severity, Triggers: w.in.Playbooks,
	})
	w.inflight++
	workflow.Go(ctx, func(gctx workflow.Context) {
		defer func() { w.inflight-- }()
		if err := f.Get(gctx, nil); err != nil {
			workflow.GetLogger(gctx).Error("start incident playbooks", "err", err)
		}
	})
}

// launchOptions are those of the activities that start one workflow from
// another (a run's incident, an incident's runs): quick, and retried for
// some fifteen minutes, since the workflow they start must not be lost.
func launchOptions(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		Summary:             summary,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2,
			MaximumInterval: time.Minute, MaximumAttempts: 20},
	})
}
