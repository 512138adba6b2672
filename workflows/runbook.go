package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
)

// acts is used only to name activity methods; Temporal resolves them by name.
var acts *activities.Activities

// Runbook gives a playbook its step helpers. Each helper is one named step,
// visible in the run view and as the activity summary in the Temporal UI.
type Runbook struct {
	ctx   workflow.Context
	input PlaybookInput
}

// Context returns the workflow context, for playbooks that need Temporal
// primitives the helpers do not cover.
func (rb *Runbook) Context() workflow.Context { return rb.ctx }

// RunID returns the ID of the run.
func (rb *Runbook) RunID() string { return rb.input.RunID }

// Logger returns the replay-safe workflow logger.
func (rb *Runbook) Logger() interface{ Info(string, ...interface{}) } {
	return workflow.GetLogger(rb.ctx)
}

// StepOptions tune one step's timeout and retries.
type StepOptions struct {
	Timeout     time.Duration // per attempt; default 1 minute
	MaxAttempts int32         // default 3
}

func (rb *Runbook) stepContext(name string, o StepOptions) workflow.Context {
	if o.Timeout <= 0 {
		o.Timeout = time.Minute
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	return workflow.WithActivityOptions(rb.ctx, workflow.ActivityOptions{
		StartToCloseTimeout: o.Timeout,
		Summary:             name,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    30 * time.Second,
			MaximumAttempts:    o.MaxAttempts,
		},
	})
}

// HTTP performs an HTTP request as the step called name.
func (rb *Runbook) HTTP(name string, req activities.HTTPRequestInput, o StepOptions) (activities.HTTPRequestResult, error) {
	if o.Timeout <= 0 && req.TimeoutSeconds > 0 {
		o.Timeout = time.Duration(req.TimeoutSeconds)*time.Second + 5*time.Second
	}
	var res activities.HTTPRequestResult
	err := workflow.ExecuteActivity(rb.stepContext(name, o), acts.HTTPRequest, req).Get(rb.ctx, &res)
	return res, err
}

// Sleep waits for d as a durable timer.
func (rb *Runbook) Sleep(d time.Duration) error {
	return workflow.Sleep(rb.ctx, d)
}
