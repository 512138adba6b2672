package activities

import (
	"context"

	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

// MarkRunRunning records that a run has started. Idempotent.
func (a *Activities) MarkRunRunning(ctx context.Context, in contract.MarkRunRunningInput) error {
	return permanentIfDomain(announced(a.Live, a.Runs.MarkRunning(ctx, in.RunID), runEvent(in.RunID, domain.RunRunning)))
}

// FinishRun records a run's outcome. Idempotent: finishing twice with the
// same status succeeds and changes nothing.
func (a *Activities) FinishRun(ctx context.Context, in contract.FinishRunInput) error {
	var result any
	if in.Result != nil {
		result = in.Result
	}
	return permanentIfDomain(announced(a.Live, a.Runs.Finish(ctx, in.RunID, in.Status, result, in.Error), runEvent(in.RunID, in.Status)))
}

// permanentIfDomain marks domain errors (not found, conflict, invalid) as
// non-retryable: retrying cannot fix them. Other errors (the database is
// briefly down) stay retryable.
func permanentIfDomain(err error) error {
	if err == nil {
		return nil
	}
	if code := domain.ErrorCode(err); code != domain.EInternal {
		return temporal.NewNonRetryableApplicationError(domain.ErrorMessage(err), "Domain_"+code, err)
	}
	return err
}

// RecordStep records a step's progress. Idempotent and order-insensitive.
func (a *Activities) RecordStep(ctx context.Context, in contract.RecordStepInput) error {
	return permanentIfDomain(announced(a.Live, a.Runs.RecordStep(ctx, store.StepRecord(in)), runEvent(in.RunID, "")))
}

// SetRunWaiting records that a run waits for approval, or no longer does.
func (a *Activities) SetRunWaiting(ctx context.Context, in contract.SetRunWaitingInput) error {
	status := domain.RunRunning
	if in.Waiting {
		status = domain.RunWaitingApproval
	}
	return permanentIfDomain(announced(a.Live, a.Runs.SetWaiting(ctx, in.RunID, in.Waiting, in.ApprovedBy, in.Note), runEvent(in.RunID, status)))
}
