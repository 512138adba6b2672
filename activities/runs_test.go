package activities_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// runsFixture is a fresh database with one pending run.
type runsFixture struct {
	acts  *activities.Activities
	runs  *store.Runs
	runID string
}

func newRunsFixture(t *testing.T) runsFixture {
	t.Helper()
	runs := store.NewRuns(storetest.NewPool(t))
	id := uuid.NewString()
	err := runs.Create(context.Background(), domain.Run{
		ID: id, Playbook: "http-check", Status: domain.RunPending,
		Params: map[string]any{"url": "https://example.com"}, WorkflowID: "run-" + id,
		RequestedBy: "alice", CreatedAt: time.Now().UTC(),
	})
	if err != nil {
		t.Fatalf("create run: %v", err)
	}
	return runsFixture{acts: &activities.Activities{Runs: runs}, runs: runs, runID: id}
}

func (f runsFixture) get(t *testing.T) domain.Run {
	t.Helper()
	r, err := f.runs.Get(context.Background(), f.runID)
	if err != nil {
		t.Fatalf("get run %s: %v", f.runID, err)
	}
	return r
}

// assertPermanent checks that err is a non-retryable ApplicationError of
// type Domain_<code>: retrying could not fix it.
func assertPermanent(t *testing.T, err error, code string) *temporal.ApplicationError {
	t.Helper()
	if err == nil {
		t.Fatalf("activity succeeded, want a %s error", code)
	}
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not a *temporal.ApplicationError", err, err)
	}
	if ae.Type() != "Domain_"+code {
		t.Errorf("error type = %q, want %q", ae.Type(), "Domain_"+code)
	}
	if !ae.NonRetryable() {
		t.Errorf("error %v is retryable, want non-retryable", err)
	}
	if domain.ErrorCode(err) != code {
		t.Errorf("ErrorCode = %q, want %q: the domain error should stay reachable as the cause", domain.ErrorCode(err), code)
	}
	return ae
}

func TestMarkRunRunningThenFinishRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newRunsFixture(t)

	if err := f.acts.MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: f.runID}); err != nil {
		t.Fatalf("MarkRunRunning: %v", err)
	}
	r := f.get(t)
	if r.Status != domain.RunRunning {
		t.Errorf("status = %s, want running", r.Status)
	}
	if r.StartedAt == nil {
		t.Fatal("started_at not set")
	}
	startedAt := *r.StartedAt

	// A retried MarkRunRunning changes nothing.
	if err := f.acts.MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: f.runID}); err != nil {
		t.Fatalf("MarkRunRunning again: %v", err)
	}
	if r := f.get(t); r.Status != domain.RunRunning || r.StartedAt == nil || !r.StartedAt.Equal(startedAt) {
		t.Errorf("after a second MarkRunRunning: status %s, started_at %v; want running, %v", r.Status, r.StartedAt, startedAt)
	}

	result := map[string]any{"status": 200.0, "body": "ok"}
	err := f.acts.FinishRun(ctx, contract.FinishRunInput{RunID: f.runID, Status: domain.RunSucceeded, Result: result})
	if err != nil {
		t.Fatalf("FinishRun: %v", err)
	}
	r = f.get(t)
	if r.Status != domain.RunSucceeded {
		t.Errorf("status = %s, want succeeded", r.Status)
	}
	var gotResult map[string]any
	if err := json.Unmarshal(r.Result, &gotResult); err != nil {
		t.Fatalf("stored result %q is not JSON: %v", r.Result, err)
	}
	if !reflect.DeepEqual(gotResult, result) {
		t.Errorf("result = %v, want %v", gotResult, result)
	}
	if r.Error != nil {
		t.Errorf("error = %q, want none", *r.Error)
	}
	if r.FinishedAt == nil {
		t.Fatal("finished_at not set")
	}
	if r.FinishedAt.Before(startedAt) {
		t.Errorf("finished_at %v is before started_at %v", r.FinishedAt, startedAt)
	}
	if r.StartedAt == nil || !r.StartedAt.Equal(startedAt) {
		t.Errorf("started_at changed to %v by FinishRun", r.StartedAt)
	}
}

func TestFinishRunTwiceIsIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newRunsFixture(t)
	if err := f.acts.MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: f.runID}); err != nil {
		t.Fatal(err)
	}
	in := contract.FinishRunInput{RunID: f.runID, Status: domain.RunFailed, Error: "GET https://example.com answered 500"}
	if err := f.acts.FinishRun(ctx, in); err != nil {
		t.Fatalf("FinishRun: %v", err)
	}
	first := f.get(t)
	if first.FinishedAt == nil {
		t.Fatal("finished_at not set")
	}

	// The retry of an activity whose first attempt committed.
	retry := in
	retry.Error = "a different message from the retry"
	if err := f.acts.FinishRun(ctx, retry); err != nil {
		t.Fatalf("FinishRun again with the same status: %v", err)
	}
	again := f.get(t)
	if again.Status != domain.RunFailed {
		t.Errorf("status = %s, want failed", again.Status)
	}
	if again.FinishedAt == nil || !again.FinishedAt.Equal(*first.FinishedAt) {
		t.Errorf("finished_at = %v, want the first one %v", again.FinishedAt, first.FinishedAt)
	}
	if again.Error == nil || *again.Error != in.Error {
		t.Errorf("error = %v, want the first one %q", again.Error, in.Error)
	}
}

func TestFinishRunFromPending(t *testing.T) {
	t.Parallel()
	// A run cancelled before its first step never ran.
	f := newRunsFixture(t)
	err := f.acts.FinishRun(context.Background(), contract.FinishRunInput{RunID: f.runID, Status: domain.RunCancelled, Error: "cancelled by alice"})
	if err != nil {
		t.Fatalf("FinishRun: %v", err)
	}
	r := f.get(t)
	if r.Status != domain.RunCancelled || r.StartedAt != nil || r.FinishedAt == nil || r.Result != nil {
		t.Errorf("run = status %s, started %v, finished %v, result %s; want cancelled, never started, finished, no result",
			r.Status, r.StartedAt, r.FinishedAt, r.Result)
	}
}

func TestFinishRunConflict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newRunsFixture(t)
	if err := f.acts.FinishRun(ctx, contract.FinishRunInput{RunID: f.runID, Status: domain.RunFailed, Error: "boom"}); err != nil {
		t.Fatal(err)
	}
	before := f.get(t)

	err := f.acts.FinishRun(ctx, contract.FinishRunInput{RunID: f.runID, Status: domain.RunSucceeded, Result: map[string]any{"ok": true}})
	ae := assertPermanent(t, err, domain.EConflict)
	if !strings.Contains(ae.Message(), "failed") || !strings.Contains(ae.Message(), "succeeded") {
		t.Errorf("message %q should say the run is failed and cannot become succeeded", ae.Message())
	}

	after := f.get(t)
	if after.Status != domain.RunFailed || after.Error == nil || *after.Error != "boom" || after.Result != nil ||
		!after.FinishedAt.Equal(*before.FinishedAt) {
		t.Errorf("run changed after the refused finish: %+v", after)
	}

	err = f.acts.MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: f.runID})
	assertPermanent(t, err, domain.EConflict)
	if r := f.get(t); r.Status != domain.RunFailed || r.StartedAt != nil {
		t.Errorf("MarkRunRunning on a finished run changed it: status %s, started_at %v", r.Status, r.StartedAt)
	}
}

func TestFinishRunNonTerminalStatus(t *testing.T) {
	t.Parallel()
	f := newRunsFixture(t)
	for _, status := range []domain.RunStatus{domain.RunRunning, domain.RunPending, "done"} {
		err := f.acts.FinishRun(context.Background(), contract.FinishRunInput{RunID: f.runID, Status: status})
		assertPermanent(t, err, domain.EInvalid)
	}
	if r := f.get(t); r.Status != domain.RunPending {
		t.Errorf("status = %s, want pending", r.Status)
	}
}

func TestRunActivitiesUnknownRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newRunsFixture(t)
	missing := uuid.NewString()

	err := f.acts.MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: missing})
	ae := assertPermanent(t, err, domain.ENotFound)
	if !strings.Contains(ae.Message(), missing) {
		t.Errorf("message %q does not name run %s", ae.Message(), missing)
	}

	err = f.acts.FinishRun(ctx, contract.FinishRunInput{RunID: missing, Status: domain.RunSucceeded})
	assertPermanent(t, err, domain.ENotFound)

	if r := f.get(t); r.Status != domain.RunPending {
		t.Errorf("the existing run changed to %s", r.Status)
	}

	t.Run("id that is not a UUID", func(t *testing.T) {
		// A malformed id must fail permanently, not be retried forever.
		assertPermanent(t, f.acts.MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: "nope"}), domain.ENotFound)
		assertPermanent(t, f.acts.FinishRun(ctx, contract.FinishRunInput{RunID: "nope", Status: domain.RunFailed}), domain.ENotFound)
	})
}

func TestRunActivitiesDatabaseDownIsRetryable(t *testing.T) {
	t.Parallel()
	pool := storetest.NewPool(t)
	acts := &activities.Activities{Runs: store.NewRuns(pool)}
	pool.Close() // the database is unreachable

	checks := map[string]error{
		"MarkRunRunning": acts.MarkRunRunning(context.Background(), contract.MarkRunRunningInput{RunID: uuid.NewString()}),
		"FinishRun":      acts.FinishRun(context.Background(), contract.FinishRunInput{RunID: uuid.NewString(), Status: domain.RunFailed}),
	}
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s succeeded on a closed pool", name)
			continue
		}
		var ae *temporal.ApplicationError
		if errors.As(err, &ae) && ae.NonRetryable() {
			t.Errorf("%s: %v is non-retryable, want it retried until the database is back", name, err)
		}
	}
}
