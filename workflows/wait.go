package workflows

import (
	"time"

	"github.com/opsmanager/opsmanager/contract"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// WaitOptions bound WaitFor.
type WaitOptions struct {
	Timeout time.Duration // give up after this long (default 5 minutes)
	Every   time.Duration // check this often (default 10 seconds)
}

// WaitFor is one step that checks cond every o.Every until it holds, cond
// fails, or o.Timeout passes. cond may use the runbook's helpers (an HTTP
// request, an SSH command); their calls are not recorded as steps of their
// own. Waiting between checks is a durable timer. In a dry run cond is
// planned once.
func (rb *Runbook) WaitFor(name string, o WaitOptions, cond func(rb *Runbook) (bool, error)) error {
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.Every <= 0 {
		o.Every = 10 * time.Second
	}
	st := rb.begin(name, "wait", "", map[string]any{"timeout": o.Timeout.String(), "every": o.Every.String()})
	if rb.input.DryRun {
		_, err := cond(rb)
		return err
	}
	quiet := &Runbook{ctx: rb.ctx, input: rb.input, playbook: rb.playbook, runState: rb.runState, quiet: true}
	deadline := workflow.Now(rb.ctx).Add(o.Timeout)
	for checks := 1; ; checks++ {
		ok, err := cond(quiet)
		result := map[string]any{"checks": checks}
		if err != nil || ok {
			st.end(err, nil, result)
			return err
		}
		if !workflow.Now(rb.ctx).Add(o.Every).Before(deadline) {
			err := temporal.NewNonRetryableApplicationError(name+": condition not met within "+o.Timeout.String(), contract.ErrConditionTimedOut, nil)
			st.end(err, nil, result)
			return err
		}
		if err := workflow.Sleep(rb.ctx, o.Every); err != nil {
			st.end(err, nil, result)
			return err
		}
	}
}
