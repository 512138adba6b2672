package workflows

import "go.temporal.io/sdk/workflow"

// Parallel runs fn for 0..n-1 with at most limit running at once (limit < 1
// means all at once) and returns each call's error. fn must use the
// Runbook it is given. Deterministic: it uses workflow goroutines.
func (rb *Runbook) Parallel(n, limit int, fn func(rb *Runbook, i int) error) []error {
	errs := make([]error, n)
	if limit < 1 || limit > n {
		limit = n
	}
	running, started, done := 0, 0, 0
	for i := 0; i < n; i++ {
		if err := workflow.Await(rb.ctx, func() bool { return running < limit }); err != nil {
			for j := i; j < n; j++ {
				errs[j] = err // cancelled (or timed out) before it started
			}
			break
		}
		running++
		started++
		workflow.Go(rb.ctx, func(gctx workflow.Context) {
			errs[i] = fn(rb.in(gctx), i)
			running--
			done++
		})
	}
	// Wait for the started calls even once the run is cancelled: their steps
	// see the cancellation and end promptly, and their errors must reach the
	// playbook, or a cancelled run would end as succeeded.
	wctx, cancel := workflow.NewDisconnectedContext(rb.ctx)
	defer cancel()
	_ = workflow.Await(wctx, func() bool { return done == started })
	return errs
}

// FirstError returns the first non-nil error of errs.
func FirstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
