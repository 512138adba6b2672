package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// acts is used only to name activity methods; Temporal resolves them by name.
var acts *activities.Activities

// Runbook gives a playbook its step helpers. Each helper is one named step,
// recorded in the run view and shown as the activity summary in the
// Temporal UI. In a dry run the helpers plan instead of acting.
type Runbook struct {
	ctx      workflow.Context
	input    contract.PlaybookInput
	playbook string
	// quiet runbooks (inside WaitFor) act without recording steps.
	quiet bool
	*runState
}

// runState is shared by a Runbook and the copies Parallel hands to its
// workflow goroutines (each with its own context).
type runState struct {
	seq      int
	inflight int
	plan     []PlannedAction
	approval *approvalState
	// unreachable lists the servers SSH steps could not reach, in order.
	unreachable []UnreachableServer
}

// in returns a Runbook that blocks on ctx (a workflow goroutine's context).
func (rb *Runbook) in(ctx workflow.Context) *Runbook {
	return &Runbook{ctx: ctx, input: rb.input, playbook: rb.playbook, quiet: rb.quiet, runState: rb.runState}
}

// PlannedAction is what a dry run would have done.
type PlannedAction struct {
	Step   string `json:"step"`
	Kind   string `json:"kind"`
	Target string `json:"target"`
	Detail any    `json:"detail"`
}

// Context returns the workflow context, for playbooks that need Temporal
// primitives the helpers do not cover.
func (rb *Runbook) Context() workflow.Context { return rb.ctx }

// RunID returns the ID of the run.
func (rb *Runbook) RunID() string { return rb.input.RunID }

// DryRun reports whether the run only plans.
func (rb *Runbook) DryRun() bool { return rb.input.DryRun }

// Logger returns the replay-safe workflow logger.
func (rb *Runbook) Logger() interface{ Info(string, ...interface{}) } {
	return workflow.GetLogger(rb.ctx)
}

// StepOptions tune one step's timeout and retries.
type StepOptions struct {
	Timeout     time.Duration // per attempt; default 1 minute
	MaxAttempts int32         // default 3
	// Heartbeat, for activities that heartbeat, detects a dead worker and
	// delivers cancellation promptly.
	Heartbeat time.Duration
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
		HeartbeatTimeout:    o.Heartbeat,
		Summary:             name,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    30 * time.Second,
			MaximumAttempts:    o.MaxAttempts,
		},
	})
}

// stepRun is one step in progress.
type stepRun struct {
	rb                 *Runbook
	seq                int
	name, kind, target string
	started            time.Time
	quiet              bool
}

// begin records a step as running (or, in a dry run, as planned).
func (rb *Runbook) begin(name, kind, target string, detail any) *stepRun {
	if rb.quiet {
		return &stepRun{rb: rb, name: name, kind: kind, target: target, started: workflow.Now(rb.ctx), quiet: true}
	}
	rb.seq++
	st := &stepRun{rb: rb, seq: rb.seq, name: name, kind: kind, target: target, started: workflow.Now(rb.ctx)}
	if rb.input.DryRun {
		rb.plan = append(rb.plan, PlannedAction{Step: name, Kind: kind, Target: target, Detail: detail})
		now := st.started
		rb.recordStep(contract.RecordStepInput{Status: domain.StepSkipped, Result: map[string]any{"planned": detail}, FinishedAt: &now}, st)
		return st
	}
	rb.recordStep(contract.RecordStepInput{Status: domain.StepRunning}, st)
	return st
}

// end records a step's outcome.
func (st *stepRun) end(err error, exitCode *int, result any) {
	if st.rb.input.DryRun || st.quiet {
		return
	}
	now := workflow.Now(st.rb.ctx)
	in := contract.RecordStepInput{Status: domain.StepSucceeded, ExitCode: exitCode, Result: result, FinishedAt: &now}
	if err != nil {
		in.Status, in.Error = domain.StepFailed, failureMessage(err)
	}
	st.rb.recordStep(in, st)
}

// recordStep writes a step record without blocking the playbook.
func (rb *Runbook) recordStep(in contract.RecordStepInput, st *stepRun) {
	in.RunID, in.Seq, in.Name, in.Kind, in.Target, in.At = rb.input.RunID, st.seq, st.name, st.kind, st.target, st.started
	ctx := rb.recordContext()
	f := workflow.ExecuteActivity(bookkeeping(ctx), acts.RecordStep, in)
	rb.inflight++
	workflow.Go(ctx, func(gctx workflow.Context) {
		defer func() { rb.inflight-- }()
		if err := f.Get(gctx, nil); err != nil {
			workflow.GetLogger(gctx).Error("record step", "err", err, "step", st.name)
		}
	})
}

// HTTP performs an HTTP request as the step called name.
func (rb *Runbook) HTTP(name string, req contract.HTTPRequestInput, o StepOptions) (contract.HTTPRequestResult, error) {
	st := rb.begin(name, "http", req.URL, map[string]any{"method": req.Method, "url": req.URL})
	if rb.input.DryRun {
		status := 200
		if len(req.ExpectStatus) > 0 {
			status = req.ExpectStatus[0]
		}
		return contract.HTTPRequestResult{Status: status}, nil
	}
	if o.Timeout <= 0 && req.TimeoutSeconds > 0 {
		o.Timeout = time.Duration(req.TimeoutSeconds)*time.Second + 5*time.Second
	}
	var res contract.HTTPRequestResult
	err := workflow.ExecuteActivity(rb.stepContext(name, o), acts.HTTPRequest, req).Get(rb.ctx, &res)
	st.end(err, nil, map[string]any{"status": res.Status, "durationMs": res.DurationMs})
	return res, err
}

// Sleep waits for d as a durable timer.
func (rb *Runbook) Sleep(d time.Duration) error {
	if rb.input.DryRun {
		rb.plan = append(rb.plan, PlannedAction{Step: "wait " + d.String(), Kind: "wait", Detail: d.String()})
		return nil
	}
	return workflow.Sleep(rb.ctx, d)
}

// recordContext is where step records are written: outside the run's
// cancellation, so a cancelled run still records how its steps ended.
func (rb *Runbook) recordContext() workflow.Context {
	if workflow.GetVersion(rb.ctx, "records-survive-cancel", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return rb.ctx
	}
	ctx, _ := workflow.NewDisconnectedContext(rb.ctx)
	return ctx
}

// waitForRecords lets pending step records finish before the run ends,
// even when it was cancelled.
func (rb *Runbook) waitForRecords() {
	_ = workflow.Await(rb.recordContext(), func() bool { return rb.inflight == 0 })
}
