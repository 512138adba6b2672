package activities

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/store"
)

// ServerLockStore leases servers to runs.
type ServerLockStore interface {
	Acquire(ctx context.Context, serverID, runID, step string, ttl time.Duration) (bool, store.LockHolder, error)
	Release(ctx context.Context, serverID, runID string) error
}

// Locks are the activities that keep two runs from running mutating steps
// on the same server at once.
type Locks struct {
	Store ServerLockStore
}

// AcquireServerLock leases the server to the run, or fails (retryably)
// naming the run that holds it. Acquiring a lease the run holds renews it.
func (l *Locks) AcquireServerLock(ctx context.Context, in contract.ServerLockInput) error {
	ok, holder, err := l.Store.Acquire(ctx, in.ServerID, in.RunID, in.Step, time.Duration(in.TTLSeconds)*time.Second)
	if err != nil {
		return err
	}
	if !ok {
		return temporal.NewApplicationError(fmt.Sprintf("server %s is busy: run %s is running %q on it", in.ServerName, holder.RunID, holder.Step),
			contract.ErrServerBusy, holder.RunID)
	}
	return nil
}

// ReleaseServerLock frees the server if the run holds it.
func (l *Locks) ReleaseServerLock(ctx context.Context, in contract.ServerLockInput) error {
	return l.Store.Release(ctx, in.ServerID, in.RunID)
}
