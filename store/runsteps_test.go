package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

// An approval step's "started" and "waiting" writes are concurrent
// activities: whichever lands last, the step shows it waits for approval,
// and the decision still finishes it.
func TestStepWaitingForApprovalIsNotSetBackToRunning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	runs, r := storedRun(t, "restart-service")
	at := time.Now().UTC()
	step := func(status domain.StepStatus, finished *time.Time) {
		t.Helper()
		in := store.StepRecord{RunID: r.ID, Seq: 1, Name: "Approve restart", Kind: "approval", Status: status, At: at, FinishedAt: finished}
		if err := runs.RecordStep(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	status := func() domain.StepStatus {
		t.Helper()
		steps, err := runs.Steps(ctx, r.ID)
		if err != nil || len(steps) != 1 {
			t.Fatalf("steps %+v, %v", steps, err)
		}
		return steps[0].Status
	}
	step(domain.StepWaitingApproval, nil)
	step(domain.StepRunning, nil) // the "started" write arrives late
	if got := status(); got != domain.StepWaitingApproval {
		t.Fatalf("status after a late start = %s, want waiting_approval", got)
	}
	done := at.Add(time.Second)
	step(domain.StepSucceeded, &done)
	if got := status(); got != domain.StepSucceeded {
		t.Fatalf("status after the decision = %s, want succeeded", got)
	}
}
