package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
)

var lockActs *activities.Locks

// ServerLockWait is how long a mutating step waits for another run to
// finish its mutating step on the same server before it fails.
const ServerLockWait = 15 * time.Minute

// lockServer leases server to the run for one mutating step (hold is the
// step's own timeout) and returns the function that releases it. While
// another run holds the server, the step waits, retrying, up to
// ServerLockWait.
func (rb *Runbook) lockServer(step string, server contract.ServerRef, hold time.Duration) (func(), error) {
	if workflow.GetVersion(rb.ctx, "server-lock", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return func() {}, nil
	}
	in := contract.ServerLockInput{ServerID: server.ID, ServerName: server.Name, RunID: rb.input.RunID, Step: step,
		TTLSeconds: int((hold + time.Minute).Seconds())}
	ctx := workflow.WithActivityOptions(rb.ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    10 * time.Second,
		ScheduleToCloseTimeout: ServerLockWait,
		Summary:                "Lock " + server.Name,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: 2 * time.Second, BackoffCoefficient: 1.5,
			MaximumInterval: 15 * time.Second},
	})
	if err := workflow.ExecuteActivity(ctx, lockActs.AcquireServerLock, in).Get(rb.ctx, nil); err != nil {
		if temporal.IsTimeoutError(err) {
			return nil, temporal.NewNonRetryableApplicationError("server "+server.Name+" stayed busy with another run's mutating step for "+
				ServerLockWait.String(), contract.ErrServerBusy, err)
		}
		return nil, err
	}
	return func() {
		// Release even when the run was cancelled.
		dctx, cancel := workflow.NewDisconnectedContext(rb.ctx)
		defer cancel()
		if err := workflow.ExecuteActivity(bookkeeping(dctx), lockActs.ReleaseServerLock, in).Get(dctx, nil); err != nil {
			workflow.GetLogger(dctx).Error("release server lock", "server", server.Name, "err", err)
		}
	}, nil
}
