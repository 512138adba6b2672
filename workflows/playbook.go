package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// PlaybookWorkflow returns the workflow function that runs def: it marks the
// run running, runs the body under the playbook's timeout, and records the
// outcome in Postgres even when the run is cancelled or times out.
func PlaybookWorkflow(def Definition) func(workflow.Context, contract.PlaybookInput) (contract.PlaybookResult, error) {
	return func(ctx workflow.Context, in contract.PlaybookInput) (contract.PlaybookResult, error) {
		r := &playbookRun{def: def, input: in}
		return r.run(ctx)
	}
}

type playbookRun struct {
	def   Definition
	input contract.PlaybookInput
}

// bookkeeping is the activity context for run-record writes: short
// attempts, retried for a long time so a database blip does not lose a run.
func bookkeeping(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			MaximumAttempts: 50,
		},
	})
}

func (r *playbookRun) run(ctx workflow.Context) (contract.PlaybookResult, error) {
	log := workflow.GetLogger(ctx)
	if err := workflow.ExecuteActivity(bookkeeping(ctx), acts.MarkRunRunning,
		contract.MarkRunRunningInput{RunID: r.input.RunID}).Get(ctx, nil); err != nil {
		return contract.PlaybookResult{}, err
	}
	r.setStatus(ctx, domain.RunRunning)

	output, err := r.runBody(ctx)
	_ = workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	res := contract.PlaybookResult{Status: domain.RunSucceeded, Output: output}
	if err != nil {
		res = contract.PlaybookResult{Status: failureStatus(ctx, err), Error: failureMessage(err)}
		if errors.As(err, new(errUnreachable)) {
			res.Output = output // what the reachable servers reported
		}
	}
	log.Info("playbook finished", "playbook", r.def.Name, "status", res.Status)

	// Record the outcome even if the run was cancelled.
	finishCtx, cancel := workflow.NewDisconnectedContext(ctx)
	defer cancel()
	if err != nil && res.Status != domain.RunCancelled && !r.input.DryRun {
		r.openIncident(finishCtx, err, res.Error)
	}
	if err := workflow.ExecuteActivity(bookkeeping(finishCtx), acts.FinishRun, contract.FinishRunInput{
		RunID: r.input.RunID, Status: res.Status, Result: res.Output, Error: res.Error,
	}).Get(finishCtx, nil); err != nil {
		return res, err
	}
	r.setStatus(finishCtx, res.Status)
	if res.Status != domain.RunSucceeded {
		return res, temporal.NewNonRetryableApplicationError(res.Error, "Playbook_"+string(res.Status), nil)
	}
	return res, nil
}

// runBody runs the playbook's code, cancelling it when the timeout fires.
func (r *playbookRun) runBody(ctx workflow.Context) (map[string]any, error) {
	bodyCtx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	timerCtx, cancelTimer := workflow.WithCancel(ctx)
	defer cancelTimer()
	timedOut := false
	workflow.Go(timerCtx, func(gctx workflow.Context) {
		if workflow.NewTimer(gctx, r.def.Timeout).Get(gctx, nil) == nil {
			timedOut = true
			cancel()
		}
	})
	rb := &Runbook{ctx: bodyCtx, input: r.input, playbook: r.def.Name, runState: &runState{}}
	if err := rb.registerApproval(); err != nil {
		return nil, err
	}
	out, err := r.def.Run(rb, Params(r.input.Params))
	rb.waitForRecords()
	if timedOut && err != nil {
		return nil, errTimedOut{after: r.def.Timeout}
	}
	out, err = unreachableOutcome(ctx, rb.unreachable, out, err)
	if r.input.DryRun && err == nil {
		return map[string]any{"dryRun": true, "plan": rb.plan, "output": out}, nil
	}
	return out, err
}

type errTimedOut struct{ after time.Duration }

func (e errTimedOut) Error() string { return "playbook timed out after " + e.after.String() }

func failureStatus(ctx workflow.Context, err error) domain.RunStatus {
	var timeout errTimedOut
	switch {
	case errors.As(err, &timeout):
		return domain.RunTimedOut
	case temporal.IsCanceledError(err) || ctx.Err() != nil:
		return domain.RunCancelled
	}
	return domain.RunFailed
}

// failureMessage returns the innermost application error's message, which is
// what a step reported, without Temporal's wrapping.
func failureMessage(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Message() != "" {
		return app.Message()
	}
	var act *temporal.ActivityError
	if errors.As(err, &act) && errors.Unwrap(act) != nil {
		return errors.Unwrap(act).Error()
	}
	return err.Error()
}

func (r *playbookRun) setStatus(ctx workflow.Context, s domain.RunStatus) {
	if err := workflow.UpsertTypedSearchAttributes(ctx, AttrStatus.ValueSet(string(s))); err != nil {
		workflow.GetLogger(ctx).Warn("upsert status search attribute", "err", err)
	}
}
