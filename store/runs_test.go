package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

func newRun(playbook string, created time.Time) domain.Run {
	id := uuid.Must(uuid.NewV7()).String()
	return domain.Run{ID: id, Playbook: playbook, Status: domain.RunPending,
		Params: map[string]any{"url": "https://example.com"}, WorkflowID: "playbook/" + playbook + "/" + id,
		RequestedBy: "alice", CreatedAt: created}
}

// storedRun stores a new pending run of playbook in a database of its own.
func storedRun(t *testing.T, playbook string) (*store.Runs, domain.Run) {
	t.Helper()
	runs := store.NewRuns(storetest.NewPool(t))
	r := newRun(playbook, time.Now().UTC())
	if err := runs.Create(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return runs, r
}

func TestRunLifecycleIsPersisted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	runs, r := storedRun(t, "http-check")
	if err := runs.SetTemporalRunID(ctx, r.ID, "temporal-run"); err != nil {
		t.Fatal(err)
	}
	if err := runs.MarkRunning(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := runs.Finish(ctx, r.ID, domain.RunSucceeded, map[string]any{"status": 200}, ""); err != nil {
		t.Fatal(err)
	}
	got, err := runs.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var result map[string]any
	_ = json.Unmarshal(got.Result, &result)
	if got.Status != domain.RunSucceeded || got.TemporalRunID != "temporal-run" || result["status"] != float64(200) ||
		got.StartedAt == nil || got.FinishedAt == nil || got.Error != nil || got.Params["url"] != "https://example.com" {
		t.Fatalf("run = %+v", got)
	}
}

func TestFinishIsIdempotentAndRefusesToRewriteHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	runs, r := storedRun(t, "http-check")
	if err := runs.Finish(ctx, r.ID, domain.RunFailed, nil, "boom"); err != nil {
		t.Fatal(err)
	}
	first, _ := runs.Get(ctx, r.ID)
	if err := runs.Finish(ctx, r.ID, domain.RunFailed, nil, "boom"); err != nil {
		t.Fatalf("repeating the same finish must succeed (retried activity): %v", err)
	}
	again, _ := runs.Get(ctx, r.ID)
	if !again.FinishedAt.Equal(*first.FinishedAt) {
		t.Fatalf("finished_at changed on repeat: %v -> %v", first.FinishedAt, again.FinishedAt)
	}
	err := runs.Finish(ctx, r.ID, domain.RunSucceeded, nil, "")
	if domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("finishing a failed run as succeeded: err = %v, want conflict", err)
	}
	if err := runs.MarkRunning(ctx, r.ID); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("marking a failed run running: err = %v, want conflict", err)
	}
	if err := runs.Finish(ctx, r.ID, domain.RunRunning, nil, ""); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("finish with non-terminal status: err = %v, want invalid", err)
	}
}

func TestGetUnknownRunIsNotFound(t *testing.T) {
	t.Parallel()
	runs := store.NewRuns(storetest.NewPool(t))
	for _, id := range []string{uuid.NewString(), "not-a-uuid", "'; DROP TABLE playbook_runs; --"} {
		if _, err := runs.Get(context.Background(), id); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("Get(%q) err = %v, want not found", id, err)
		}
	}
}

func TestListFiltersAndPaginatesNewestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	runs := store.NewRuns(storetest.NewPool(t))
	base := time.Now().UTC().Add(-time.Hour)
	var ids []string
	for i := 0; i < 5; i++ {
		r := newRun("http-check", base.Add(time.Duration(i)*time.Minute))
		if i == 4 {
			r.Playbook = "other"
		}
		if err := runs.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	if err := runs.Finish(ctx, ids[0], domain.RunFailed, nil, "x"); err != nil {
		t.Fatal(err)
	}

	page1, total, err := runs.List(ctx, domain.RunFilter{Playbook: "http-check", Page: 1, Limit: 3})
	if err != nil || total != 4 || len(page1) != 3 || page1[0].ID != ids[3] || page1[2].ID != ids[1] {
		t.Fatalf("page 1: %d runs of %d, err %v; want ids[3..1] of 4", len(page1), total, err)
	}
	page2, _, _ := runs.List(ctx, domain.RunFilter{Playbook: "http-check", Page: 2, Limit: 3})
	if len(page2) != 1 || page2[0].ID != ids[0] {
		t.Fatalf("page 2 = %v, want the oldest run", page2)
	}
	failed, total, _ := runs.List(ctx, domain.RunFilter{Status: domain.RunFailed, Page: 1, Limit: 10})
	if total != 1 || failed[0].ID != ids[0] {
		t.Fatalf("status filter: total %d, want 1 failed run", total)
	}
}
