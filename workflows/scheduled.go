package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/contract"
)

// ScheduledRunWorkflow is what a Temporal Schedule starts: it launches
// the playbook run (recorded like any other, requested by the schedule)
// and returns its ID. The run itself is its own workflow.
func ScheduledRunWorkflow(ctx workflow.Context, in contract.ScheduledRunInput) (string, error) {
	actx := launchOptions(ctx, "Start "+in.Playbook)
	actx = workflow.WithRetryPolicy(actx, temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2,
		MaximumInterval: time.Minute, MaximumAttempts: 20, NonRetryableErrorTypes: []string{contract.ErrInvalidRequest}})
	var runID string
	err := workflow.ExecuteActivity(actx, launchActs.StartScheduledRun, contract.StartScheduledRunInput{
		ScheduledRunInput: in, Key: workflow.GetInfo(ctx).WorkflowExecution.ID,
	}).Get(ctx, &runID)
	return runID, err
}
