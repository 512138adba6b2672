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
	running, done := 0, 0
	for i := 0; i < n; i++ {
		_ = workflow.Await(rb.ctx, func() bool { return running < limit })
		running++
		workflow.Go(rb.ctx, func(gctx workflow.Context) {
			errs[i] = fn(rb.in(gctx), i)
			running--
			done++
		})
	}
	_ = workflow.Await(rb.ctx, func() bool { return done == n })
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
