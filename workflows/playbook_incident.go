package workflows

import (
	"errors"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// openIncident is the circuit breaker: a run that failed after its step
// used up its retries, or whose approval nobody gave in time, opens an
// incident in its service (linked to the run) so the service's escalation
// policy pages someone. A rejected run does not: a person decided.
func (r *playbookRun) openIncident(ctx workflow.Context, runErr error, message string) {
	relation := incidentRelation(runErr)
	if relation == "" || workflow.GetVersion(ctx, "run-failure-incident", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	actx := launchOptions(ctx, "Open an incident about the run")
	var incidentID string
	err := workflow.ExecuteActivity(actx, launchActs.OpenRunIncident, contract.RunIncidentInput{
		RunID: r.input.RunID, Playbook: r.def.Name, Relation: relation, Message: message,
	}).Get(ctx, &incidentID)
	if err != nil {
		workflow.GetLogger(ctx).Error("open incident for failed run", "err", err)
	}
}

// incidentRelation tells whether a run's error opens an incident, and why.
func incidentRelation(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		switch app.Type() {
		case "Rejected":
			return ""
		case "ApprovalTimedOut":
			return domain.LinkApprovalTimeout
		}
	}
	return domain.LinkFailure
}
